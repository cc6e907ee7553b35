// The school bus ledger (校车台账, issue 15 item 5; 001 item 14, 000 item 6 and the Q1 task): buses with
// their annual review (年审) and insurance, drivers with licence, background check (资格审查) and health
// check, routes with their stops (student counts only: minors' data stays in care/), and the daily
// pre-trip check (出车前检查) whose failed item becomes a hazard of the register in one step. Each a
// recorded ledger (../ledger/recorded-ledger.ts): scoped, corrected with a version (stale 409),
// voided with a reason, audited in the same transaction. A bus, driver or check of another school
// is not found (404); in scope but not fitting (a driver of another school on this bus) is 400.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type {
  BusListQuery,
  BusView,
  CheckHazard,
  CheckListQuery,
  CheckView,
  CreateBus,
  CreateCheck,
  CreateDriver,
  CreateRoute,
  DriverListQuery,
  DriverView,
  RouteListQuery,
  RouteView,
  UpdateBus,
  UpdateCheck,
  UpdateDriver,
  UpdateRoute,
} from '../../contracts/buses.js';
import { addDays } from '../../domain/dates.js';
import { busDaysProblems, busGaps, driverDaysProblems, driverGaps, failedItems, reviewState, REVIEW_DUE_SOON_DAYS, routeStudentCount, type BackgroundResult } from '../../domain/buses.js';
import { pastDayProblem } from '../../domain/ledger-checks.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor, Tx } from '../db/client.js';
import { busChecks, busDrivers, busRoutes, schoolBuses } from '../db/schema.js';
import { conflict, fieldError, notFound } from '../errors.js';
import { stageCondition } from '../equipment/equipment.service.js';
import { createHazardTx } from '../hazards/hazards.service.js';
import { placeFilters, schoolForRecord } from '../ledger/ledger-helpers.js';
import { completedReads, recordedLedger, school, town, townOfSchool, type OwnView } from '../ledger/recorded-ledger.js';

type BusRow = typeof schoolBuses.$inferSelect;
type DriverRow = typeof busDrivers.$inferSelect;
type RouteRow = typeof busRoutes.$inferSelect;
type CheckRow = typeof busChecks.$inferSelect;

export const busScope = (actor: Actor) => schoolLedgerScope(actor, schoolBuses);
export const driverScope = (actor: Actor) => schoolLedgerScope(actor, busDrivers);
export const routeScope = (actor: Actor) => schoolLedgerScope(actor, busRoutes);
export const checkScope = (actor: Actor) => schoolLedgerScope(actor, busChecks);

const checkDay = (ctx: Ctx, field: string, v: string | null | undefined) => {
  const p = v ? pastDayProblem(v, todayOf(ctx)) : null;
  if (p) throw fieldError(field, p);
};

// ---- buses ---------------------------------------------------------------------------------------

const busLedger = recordedLedger({
  table: schoolBuses,
  name: '校车',
  objectType: 'school_bus',
  scope: busScope,
  orderBy: [desc(schoolBuses.id)],
  present: (row: { record: BusRow; schoolName: string; townName: string | null }): OwnView<BusView> => {
    const m = row.record;
    return {
      plate: m.plate,
      seats: m.seats,
      licenceNo: m.licenceNo,
      insuranceExpiresOn: m.insuranceExpiresOn,
      reviewedOn: m.reviewedOn,
      reviewDueOn: m.reviewDueOn,
      servesFrom: m.servesFrom,
      inService: m.inService,
      reviewState: 'ok',
      gaps: [],
    };
  },
  snapshot: (m: BusRow) => ({
    schoolId: m.schoolId,
    plate: m.plate,
    seats: m.seats,
    licenceNo: m.licenceNo,
    insuranceExpiresOn: m.insuranceExpiresOn,
    reviewedOn: m.reviewedOn,
    reviewDueOn: m.reviewDueOn,
    servesFrom: m.servesFrom,
    inService: m.inService,
    fileIds: m.fileIds,
    status: m.status,
    voidReason: m.voidReason,
  }),
});

/** The review state and gaps of today (the rules judge the same in domain/buses.ts). */
function busToday(ctx: Ctx, v: BusView): BusView {
  const today = todayOf(ctx);
  const state = reviewState(v.reviewDueOn, today);
  if (!v.inService || v.status !== 'recorded') return { ...v, reviewState: state };
  return { ...v, reviewState: state, gaps: busGaps(v, today) };
}

export async function busFilter(ctx: Ctx, q: Partial<BusListQuery>): Promise<SQL> {
  const today = todayOf(ctx);
  const conds: Array<SQL | undefined> = [busScope(ctx.actor), ...(await placeFilters(ctx, schoolBuses, q)), stageCondition(schoolBuses, q.stage)];
  if (q.q) conds.push(sql`${schoolBuses.plate} like ${`%${q.q}%`}`);
  // 30 days: the rule's due-soon window (bus.annual_review).
  if (q.review === 'overdue') conds.push(sql`${schoolBuses.reviewDueOn} < ${today}`, eq(schoolBuses.inService, true));
  if (q.review === 'due_soon') conds.push(sql`${schoolBuses.reviewDueOn} >= ${today} and ${schoolBuses.reviewDueOn} <= ${addDays(today, REVIEW_DUE_SOON_DAYS)}`, eq(schoolBuses.inService, true));
  conds.push(eq(schoolBuses.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

const busReads = completedReads(busLedger, busToday);
export const listBuses = async (ctx: Ctx, q: BusListQuery) => busReads.list(ctx, await busFilter(ctx, q), q);
export const { batchFetcher: busBatchFetcher, get: getBus, void: voidBus } = busReads;

/** The first of the bus's day problems (domain/buses.ts), as the form's answer. */
function checkBusDays(ctx: Ctx, v: Parameters<typeof busDaysProblems>[0], changed: { insurance: boolean }) {
  const [p] = busDaysProblems(v, todayOf(ctx), changed);
  if (p) throw fieldError(p.field, p.message);
}

export function createBus(ctx: Ctx, input: CreateBus): Promise<BusView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkBusDays(ctx, input, { insurance: true });
  return busLedger
    .create(ctx, async (tx) => {
      const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
      return {
        schoolId: s.id,
        schoolPath: s.path,
        plate: input.plate,
        seats: input.seats,
        licenceNo: input.licenceNo,
        insuranceExpiresOn: input.insuranceExpiresOn,
        reviewedOn: input.reviewedOn ?? null,
        reviewDueOn: input.reviewDueOn,
        servesFrom: input.servesFrom,
        inService: input.inService,
        fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
      };
    })
    .then((v) => busToday(ctx, v));
}

export function updateBus(ctx: Ctx, id: number, input: UpdateBus): Promise<BusView> {
  return busLedger
    .update(ctx, id, input.version, async (row, tx) => {
      const set: Partial<typeof schoolBuses.$inferInsert> = {};
      for (const k of ['plate', 'seats', 'licenceNo', 'insuranceExpiresOn', 'reviewedOn', 'reviewDueOn', 'servesFrom', 'inService'] as const) {
        if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
      }
      const merged = { ...row, ...set } as BusRow;
      // Only a changed expiry day is checked: one that has since passed is the rule's finding, not bad input.
      checkBusDays(ctx, merged, { insurance: input.insuranceExpiresOn !== undefined && input.insuranceExpiresOn !== row.insuranceExpiresOn });
      if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
      return set;
    })
    .then((v) => busToday(ctx, v));
}

/** A recorded bus in the caller's scope, else 404 (another school's bus); voided → 400 naming the field. */
async function busFor(tx: Executor, actor: Actor, id: number, field = 'busId'): Promise<BusRow> {
  const [b] = await tx.select().from(schoolBuses).where(and(eq(schoolBuses.id, id), busScope(actor)));
  if (!b) throw notFound('校车');
  if (b.status !== 'recorded') throw fieldError(field, '该校车已作废');
  return b;
}

// ---- drivers -------------------------------------------------------------------------------------

const driverLedger = recordedLedger({
  table: busDrivers,
  name: '校车驾驶人',
  objectType: 'bus_driver',
  scope: driverScope,
  orderBy: [desc(busDrivers.id)],
  present: (row: { record: DriverRow; schoolName: string; townName: string | null }): OwnView<DriverView> => {
    const m = row.record;
    return {
      name: m.name,
      licenceClass: m.licenceClass as DriverView['licenceClass'],
      licenceExpiresOn: m.licenceExpiresOn,
      backgroundCheckedOn: m.backgroundCheckedOn,
      backgroundResult: m.backgroundResult as BackgroundResult | null,
      healthCheckedOn: m.healthCheckedOn,
      active: m.onDuty,
      gaps: [],
    };
  },
  snapshot: (m: DriverRow) => ({
    schoolId: m.schoolId,
    name: m.name,
    licenceClass: m.licenceClass,
    licenceExpiresOn: m.licenceExpiresOn,
    backgroundCheckedOn: m.backgroundCheckedOn,
    backgroundResult: m.backgroundResult,
    healthCheckedOn: m.healthCheckedOn,
    onDuty: m.onDuty,
    fileIds: m.fileIds,
    status: m.status,
    voidReason: m.voidReason,
  }),
});

const driverToday = (ctx: Ctx, v: DriverView): DriverView => (v.active && v.status === 'recorded' ? { ...v, gaps: driverGaps(v, todayOf(ctx)) } : v);

export async function driverFilter(ctx: Ctx, q: Partial<DriverListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [driverScope(ctx.actor), ...(await placeFilters(ctx, busDrivers, q)), stageCondition(busDrivers, q.stage)];
  if (q.q) conds.push(sql`${busDrivers.name} like ${`%${q.q}%`}`);
  // The same gaps as domain/buses.ts driverGaps (bus.drivers).
  if (q.gaps) conds.push(eq(busDrivers.onDuty, true), sql`(${busDrivers.licenceExpiresOn} < ${todayOf(ctx)} or ${busDrivers.backgroundCheckedOn} is null or ${busDrivers.backgroundResult} is distinct from 'clear')`);
  conds.push(eq(busDrivers.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

const driverReads = completedReads(driverLedger, driverToday);
export const listDrivers = async (ctx: Ctx, q: DriverListQuery) => driverReads.list(ctx, await driverFilter(ctx, q), q);
export const { batchFetcher: driverBatchFetcher, get: getDriver, void: voidDriver } = driverReads;

/** The first of the driver's day problems (domain/buses.ts), as the form's answer. */
function checkDriver(ctx: Ctx, v: Parameters<typeof driverDaysProblems>[0], changed: { licence: boolean }) {
  const [p] = driverDaysProblems(v, todayOf(ctx), changed);
  if (p) throw fieldError(p.field, p.message);
}

export function createDriver(ctx: Ctx, input: CreateDriver): Promise<DriverView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkDriver(ctx, input, { licence: true });
  return driverLedger
    .create(ctx, async (tx) => {
      const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
      return {
        schoolId: s.id,
        schoolPath: s.path,
        name: input.name,
        licenceClass: input.licenceClass,
        licenceExpiresOn: input.licenceExpiresOn,
        backgroundCheckedOn: input.backgroundCheckedOn ?? null,
        backgroundResult: input.backgroundResult ?? null,
        healthCheckedOn: input.healthCheckedOn ?? null,
        onDuty: input.active,
        fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
      };
    })
    .then((v) => driverToday(ctx, v));
}

export function updateDriver(ctx: Ctx, id: number, input: UpdateDriver): Promise<DriverView> {
  return driverLedger
    .update(ctx, id, input.version, async (row, tx) => {
      const set: Partial<typeof busDrivers.$inferInsert> = {};
      for (const k of ['name', 'licenceClass', 'licenceExpiresOn', 'backgroundCheckedOn', 'backgroundResult', 'healthCheckedOn'] as const) {
        if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
      }
      if (input.active !== undefined) set.onDuty = input.active;
      const m = { ...row, ...set } as DriverRow;
      const licenceChanged = (input.licenceExpiresOn !== undefined && input.licenceExpiresOn !== row.licenceExpiresOn) || (input.active === true && !row.onDuty);
      checkDriver(ctx, { ...m, active: m.onDuty }, { licence: licenceChanged });
      if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
      return set;
    })
    .then((v) => driverToday(ctx, v));
}

// ---- routes --------------------------------------------------------------------------------------

interface RouteListRow {
  record: RouteRow;
  schoolName: string;
  townName: string | null;
  busPlate: string;
}
const selectRoutes = (db: Executor) =>
  db
    .select({ record: busRoutes, schoolName: school.name, townName: town.name, busPlate: schoolBuses.plate })
    .from(busRoutes)
    .innerJoin(schoolBuses, eq(schoolBuses.id, busRoutes.busId))
    .innerJoin(school, eq(school.id, busRoutes.schoolId))
    .leftJoin(town, townOfSchool);

const routeLedger = recordedLedger({
  table: busRoutes,
  name: '校车线路',
  objectType: 'bus_route',
  scope: routeScope,
  select: selectRoutes as never,
  orderBy: [desc(busRoutes.id)],
  present: (row: RouteListRow): OwnView<RouteView> => {
    const m = row.record;
    return { busId: m.busId, busPlate: row.busPlate, name: m.name, stops: m.stops, studentCount: routeStudentCount(m.stops.map((s, i) => ({ order: i + 1, students: s.students }))) };
  },
  snapshot: (m: RouteRow) => ({ schoolId: m.schoolId, busId: m.busId, name: m.name, stops: m.stops, fileIds: m.fileIds, status: m.status, voidReason: m.voidReason }),
});

export async function routeFilter(ctx: Ctx, q: Partial<RouteListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [routeScope(ctx.actor), ...(await placeFilters(ctx, busRoutes, q)), stageCondition(busRoutes, q.stage)];
  if (q.busId) conds.push(eq(busRoutes.busId, q.busId));
  conds.push(eq(busRoutes.status, q.status ?? 'recorded'));
  return and(...conds)!;
}
export const listRoutes = async (ctx: Ctx, q: RouteListQuery) => routeLedger.list(ctx, await routeFilter(ctx, q), q);
export const routeBatchFetcher = routeLedger.batchFetcher;
export const getRoute = routeLedger.get;
export const voidRoute = routeLedger.void;

/** The students boarding along a route cannot exceed the bus's seats (校车不得超员). */
function checkSeats(stops: Array<{ students: number }>, bus: BusRow) {
  const n = stops.reduce((a, s) => a + s.students, 0);
  if (n > bus.seats) throw fieldError('stops', `各站乘车人数合计 ${n} 人，超过校车 ${bus.plate} 核定座位数 ${bus.seats}`);
}

export function createRoute(ctx: Ctx, input: CreateRoute): Promise<RouteView> {
  requireAccess(ctx.actor, 'ledger.write');
  return routeLedger.create(ctx, async (tx) => {
    const bus = await busFor(tx, ctx.actor, input.busId);
    checkSeats(input.stops, bus);
    return {
      schoolId: bus.schoolId,
      schoolPath: bus.schoolPath,
      busId: bus.id,
      name: input.name,
      stops: input.stops.map((s) => ({ name: s.name, students: s.students })),
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

export function updateRoute(ctx: Ctx, id: number, input: UpdateRoute): Promise<RouteView> {
  return routeLedger.update(ctx, id, input.version, async (row, tx) => {
    const set: Partial<typeof busRoutes.$inferInsert> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.stops !== undefined) {
      checkSeats(input.stops, await busFor(tx, ctx.actor, row.busId));
      set.stops = input.stops.map((s) => ({ name: s.name, students: s.students }));
    }
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}

// ---- the daily pre-trip check ---------------------------------------------------------------------

interface CheckListRow {
  record: CheckRow;
  schoolName: string;
  townName: string | null;
  busPlate: string;
  driverName: string;
  hazardCodes: Record<string, string> | null;
}
// The codes of the hazards raised from the check's items, by item.
const hazardCodesSql = sql<Record<string, string> | null>`(select jsonb_object_agg(e.key, h.code) from jsonb_each_text(${busChecks.hazardIds}) e join hazards h on h.id = e.value::int)`;
const selectChecks = (db: Executor) =>
  db
    .select({ record: busChecks, schoolName: school.name, townName: town.name, busPlate: schoolBuses.plate, driverName: busDrivers.name, hazardCodes: hazardCodesSql })
    .from(busChecks)
    .innerJoin(schoolBuses, eq(schoolBuses.id, busChecks.busId))
    .innerJoin(busDrivers, eq(busDrivers.id, busChecks.driverId))
    .innerJoin(school, eq(school.id, busChecks.schoolId))
    .leftJoin(town, townOfSchool);

const checkLedger = recordedLedger({
  table: busChecks,
  name: '出车前检查记录',
  objectType: 'bus_check',
  scope: checkScope,
  select: selectChecks as never,
  orderBy: [desc(busChecks.checkedOn), desc(busChecks.id)],
  present: (row: CheckListRow): OwnView<CheckView> => {
    const m = row.record;
    const codes = row.hazardCodes ?? {};
    return {
      busId: m.busId,
      busPlate: row.busPlate,
      driverId: m.driverId,
      driverName: row.driverName,
      checkedOn: m.checkedOn,
      items: m.items.map((i) => ({ name: i.name, ok: i.ok, note: i.note ?? null })),
      failedCount: m.failedCount,
      hazards: Object.entries(m.hazardIds).map(([item, hazardId]) => ({ item, hazardId, hazardCode: codes[item] ?? '' })),
    };
  },
  snapshot: (m: CheckRow) => ({ schoolId: m.schoolId, busId: m.busId, driverId: m.driverId, checkedOn: m.checkedOn, items: m.items, hazardIds: m.hazardIds, fileIds: m.fileIds, status: m.status, voidReason: m.voidReason }),
});

export async function checkFilter(ctx: Ctx, q: Partial<CheckListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [checkScope(ctx.actor), ...(await placeFilters(ctx, busChecks, q)), stageCondition(busChecks, q.stage)];
  if (q.busId) conds.push(eq(busChecks.busId, q.busId));
  if (q.failed) conds.push(sql`${busChecks.failedCount} > 0`);
  if (q.from) conds.push(sql`${busChecks.checkedOn} >= ${q.from}`);
  if (q.to) conds.push(sql`${busChecks.checkedOn} <= ${q.to}`);
  conds.push(eq(busChecks.status, q.status ?? 'recorded'));
  return and(...conds)!;
}
export const listChecks = async (ctx: Ctx, q: CheckListQuery) => checkLedger.list(ctx, await checkFilter(ctx, q), q);
export const checkBatchFetcher = checkLedger.batchFetcher;
export const getCheck = checkLedger.get;
export const voidCheck = checkLedger.void;

/** The driver of a check: in scope (else 404), of the bus's school and recorded (else 400 naming driverId). */
async function driverFor(tx: Executor, actor: Actor, id: number, bus: BusRow): Promise<DriverRow> {
  const [d] = await tx.select().from(busDrivers).where(and(eq(busDrivers.id, id), driverScope(actor)));
  if (!d) throw notFound('校车驾驶人');
  if (d.schoolId !== bus.schoolId) throw fieldError('driverId', '驾驶人不属于该校车所在学校');
  if (d.status !== 'recorded') throw fieldError('driverId', '该驾驶人记录已作废');
  return d;
}

const items = (list: CreateCheck['items']) => list.map((i) => ({ name: i.name, ok: i.ok, note: i.note ?? null }));

function checkItemNames(list: CreateCheck['items']) {
  const seen = new Set<string>();
  for (const i of list) {
    if (seen.has(i.name)) throw fieldError('items', `检查项目“${i.name}”重复`);
    seen.add(i.name);
  }
}

export function createCheck(ctx: Ctx, input: CreateCheck): Promise<CheckView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkDay(ctx, 'checkedOn', input.checkedOn);
  checkItemNames(input.items);
  return checkLedger.create(ctx, async (tx) => {
    const bus = await busFor(tx, ctx.actor, input.busId);
    if (input.checkedOn < bus.servesFrom) throw fieldError('checkedOn', `早于该校车开始运营日期（${bus.servesFrom}）`);
    await driverFor(tx, ctx.actor, input.driverId, bus);
    // One check per bus and day (the unique index would say 409 DUPLICATE; this names what to do).
    const [dup] = await tx.select({ id: busChecks.id }).from(busChecks).where(and(eq(busChecks.busId, bus.id), eq(busChecks.checkedOn, input.checkedOn), eq(busChecks.status, 'recorded')));
    if (dup) throw conflict('DUPLICATE', `校车 ${bus.plate} 在 ${input.checkedOn} 已有出车前检查记录，请修改原记录`, [{ field: 'checkedOn', label: '检查日期', message: '当天已有检查记录' }]);
    const list = items(input.items);
    return {
      schoolId: bus.schoolId,
      schoolPath: bus.schoolPath,
      busId: bus.id,
      driverId: input.driverId,
      checkedOn: input.checkedOn,
      items: list,
      failedCount: failedItems(list).length,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

export function updateCheck(ctx: Ctx, id: number, input: UpdateCheck): Promise<CheckView> {
  return checkLedger.update(ctx, id, input.version, async (row, tx) => {
    const set: Partial<typeof busChecks.$inferInsert> = {};
    if (input.driverId !== undefined) set.driverId = (await driverFor(tx, ctx.actor, input.driverId, await busFor(tx, ctx.actor, row.busId))).id;
    if (input.items !== undefined) {
      checkItemNames(input.items);
      const list = items(input.items);
      // An item already turned into a hazard stays failed: the hazard loop closes it, not a correction.
      for (const name of Object.keys(row.hazardIds)) {
        if (!list.some((i) => i.name === name && !i.ok)) throw fieldError('items', `“${name}”已生成隐患，不能改为正常或删除`);
      }
      set.items = list;
      set.failedCount = failedItems(list).length;
    }
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}

/**
 * A failed item becomes a hazard of the register in one step (001 item 14: 杜绝校车"带病上路"):
 * reported by the signer in the check's transaction, area 交通与校车安全, source 校车出车前检查,
 * linked both ways (the hazard's item key names the check and item, the check keeps the hazard).
 */
export function checkToHazard(ctx: Ctx, id: number, input: CheckHazard): Promise<CheckView> {
  requireAccess(ctx.actor, 'hazard.report');
  return checkLedger.update(ctx, id, input.version, async (row, tx) => {
    const item = row.items.find((i) => i.name === input.item);
    if (!item) throw fieldError('item', `本次检查没有“${input.item}”这一项`);
    if (item.ok) throw fieldError('item', `“${input.item}”检查正常，不能生成隐患`);
    if (row.hazardIds[input.item]) throw conflict('ALREADY_RAISED', `“${input.item}”已生成隐患`);
    const [bus] = await tx.select({ plate: schoolBuses.plate }).from(schoolBuses).where(eq(schoolBuses.id, row.busId));
    const detail = input.note || item.note;
    const hazard = await createHazardTx(tx as Tx, ctx, {
      schoolId: row.schoolId,
      area: 'traffic',
      location: `校车 ${bus.plate}`,
      description: `【校车出车前检查不合格】${bus.plate} ${row.checkedOn}：${input.item}${detail ? `，${detail}` : ''}`,
      grade: input.grade,
      source: 'bus_check',
      foundOn: row.checkedOn,
      itemKey: `bus_check:${row.id}:${input.item}`,
      fileIds: row.fileIds,
    });
    return { hazardIds: { ...row.hazardIds, [input.item]: hazard.id } };
  });
}
