// The special equipment ledger (特种设备台账, 001 item 19, 000 item 9; issue 15 item 3): the registry
// with 三落实、两有证、一检验、一预案 and the maintenance and inspection log. The next inspection due
// day is computed (the latest recorded inspection's next due day, else the one entered at
// registration); an inspection done after its due day cannot be recorded as on time (400 naming
// onTime). Corrected with a version, voided with a reason, never deleted; audited.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { FileRef } from '../../contracts/hazards.js';
import type {
  CreateEquipment,
  CreateEquipmentLog,
  EquipmentListQuery,
  EquipmentLogListQuery,
  EquipmentLogView,
  EquipmentView,
  UpdateEquipment,
  UpdateEquipmentLog,
} from '../../contracts/equipment.js';
import type { SchoolStage } from '../../contracts/enums.js';
import { addDays } from '../../domain/dates.js';
import { certificateGaps, inspectionProblem, missingAssignments } from '../../domain/equipment.js';
import { pastDayProblem } from '../../domain/ledger-checks.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { equipmentLogs, specialEquipment, units } from '../db/schema.js';
import { badRequest, fieldError, notFound } from '../errors.js';
import { filesOf, placeFilters, schoolForRecord } from '../ledger/ledger-helpers.js';
import { completedReads, recordedLedger, school, town, townOfSchool, type OwnView } from '../ledger/recorded-ledger.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** The bureau's stage filter (学段) on a school ledger: the schools of that stage. */
export function stageCondition(t: { schoolId: AnyPgColumn }, stage: SchoolStage | undefined): SQL | undefined {
  return stage ? sql`${t.schoolId} in (select ${units.id} from ${units} where ${units.stage} = ${stage})` : undefined;
}

type EquipmentRow = typeof specialEquipment.$inferSelect;
type LogRow = typeof equipmentLogs.$inferSelect;

export const equipmentScope = (actor: Actor) => schoolLedgerScope(actor, specialEquipment);
export const equipmentLogScope = (actor: Actor) => schoolLedgerScope(actor, equipmentLogs);

// The latest recorded inspection of the item: its day and the next due day it set.
const latestInspection = (col: 'next_due_on' | 'done_on') =>
  sql<string | null>`(select l.${sql.raw(col)}::text from equipment_logs l where l.equipment_id = ${specialEquipment.id} and l.kind = 'inspection' and l.status = 'recorded' order by l.done_on desc, l.id desc limit 1)`;
const nextDueSql = sql<string>`coalesce(${latestInspection('next_due_on')}, ${specialEquipment.inspectionDueOn}::text)`;

interface EquipmentListRow {
  record: EquipmentRow;
  schoolName: string;
  townName: string | null;
  nextDueOn: string;
  lastInspectedOn: string | null;
}

const selectEquipment = (db: Executor) =>
  db
    .select({ record: specialEquipment, schoolName: school.name, townName: town.name, nextDueOn: nextDueSql, lastInspectedOn: latestInspection('done_on') })
    .from(specialEquipment)
    .innerJoin(school, eq(school.id, specialEquipment.schoolId))
    .leftJoin(town, townOfSchool);

/** What an item in service lacks today of 三落实、两有证、一预案 (the rules judge the same with ledger-check.ts). */
function withGaps(ctx: Ctx, v: EquipmentView): EquipmentView {
  if (!v.inService || v.status !== 'recorded') return v;
  const gaps = [...missingAssignments({ ...v, planFileCount: v.planFiles.length }).map((m) => `缺${m}`), ...certificateGaps(v, todayOf(ctx))];
  return { ...v, gaps };
}

const equipmentLedger = recordedLedger({
  table: specialEquipment,
  name: '特种设备',
  objectType: 'special_equipment',
  scope: equipmentScope,
  select: selectEquipment as never,
  orderBy: [desc(specialEquipment.id)],
  fileIdsOf: (r: EquipmentRow) => [...r.fileIds, ...r.planFileIds],
  present: (row: EquipmentListRow, files: Map<number, FileRef>): OwnView<EquipmentView> => {
    const m = row.record;
    return {
      kind: m.kind as EquipmentView['kind'],
      name: m.name,
      location: m.location,
      inService: m.inService,
      responsiblePerson: m.responsiblePerson,
      maintenanceUnit: m.maintenanceUnit,
      safetyManager: m.safetyManager,
      registrationNo: m.registrationNo,
      operatorName: m.operatorName,
      operatorCertNo: m.operatorCertNo,
      operatorCertExpiresOn: m.operatorCertExpiresOn,
      inspectionDueOn: m.inspectionDueOn,
      nextInspectionDueOn: row.nextDueOn,
      lastInspectedOn: row.lastInspectedOn,
      planFiles: filesOf(m.planFileIds, files),
      gaps: [],
    };
  },
  snapshot: (m: EquipmentRow) => ({
    schoolId: m.schoolId,
    kind: m.kind,
    name: m.name,
    location: m.location,
    inService: m.inService,
    responsiblePerson: m.responsiblePerson,
    maintenanceUnit: m.maintenanceUnit,
    safetyManager: m.safetyManager,
    registrationNo: m.registrationNo,
    operatorName: m.operatorName,
    operatorCertNo: m.operatorCertNo,
    operatorCertExpiresOn: m.operatorCertExpiresOn,
    inspectionDueOn: m.inspectionDueOn,
    planFileIds: m.planFileIds,
    fileIds: m.fileIds,
    status: m.status,
    voidReason: m.voidReason,
  }),
});

export async function equipmentFilter(ctx: Ctx, q: Partial<EquipmentListQuery>): Promise<SQL> {
  const today = todayOf(ctx);
  const conds: Array<SQL | undefined> = [equipmentScope(ctx.actor), ...(await placeFilters(ctx, specialEquipment, q)), stageCondition(specialEquipment, q.stage)];
  if (q.kind) conds.push(eq(specialEquipment.kind, q.kind));
  if (q.q) conds.push(sql`(${specialEquipment.name} like ${`%${q.q}%`} or ${specialEquipment.registrationNo} like ${`%${q.q}%`})`);
  // 30 days: the rule's due-soon window (equipment.inspection).
  if (q.due === 'overdue') conds.push(sql`${nextDueSql} < ${today}`, eq(specialEquipment.inService, true));
  if (q.due === 'due_soon') conds.push(sql`${nextDueSql} >= ${today} and ${nextDueSql} <= ${addDays(today, 30)}`, eq(specialEquipment.inService, true));
  conds.push(eq(specialEquipment.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

const withToday = async (ctx: Ctx, run: () => Promise<EquipmentView>) => withGaps(ctx, await run());

const equipmentReads = completedReads(equipmentLedger, withGaps);
export const listEquipment = async (ctx: Ctx, q: EquipmentListQuery) => equipmentReads.list(ctx, await equipmentFilter(ctx, q), q);
export const { batchFetcher: equipmentBatchFetcher, get: getEquipment, void: voidEquipment } = equipmentReads;

/** An operator certificate already expired cannot be entered (it would be a certificate in name only); 001 item 19: 两有证. */
function checkCertificate(ctx: Ctx, no: string | null | undefined, expiresOn: string | null | undefined) {
  if (expiresOn && !no) throw fieldError('operatorCertNo', '填写了有效期，请同时填写证书编号');
  if (expiresOn && expiresOn < todayOf(ctx)) throw fieldError('operatorCertExpiresOn', `证书已于 ${expiresOn} 过期，请登记有效的作业人员证`);
}

export function createEquipment(ctx: Ctx, input: CreateEquipment): Promise<EquipmentView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkCertificate(ctx, input.operatorCertNo, input.operatorCertExpiresOn);
  return withToday(ctx, () =>
    equipmentLedger.create(ctx, async (tx) => {
      const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
      return {
        schoolId: s.id,
        schoolPath: s.path,
        kind: input.kind,
        name: input.name,
        location: input.location ?? null,
        inService: input.inService,
        responsiblePerson: input.responsiblePerson ?? null,
        maintenanceUnit: input.maintenanceUnit ?? null,
        safetyManager: input.safetyManager ?? null,
        registrationNo: input.registrationNo ?? null,
        operatorName: input.operatorName ?? null,
        operatorCertNo: input.operatorCertNo ?? null,
        operatorCertExpiresOn: input.operatorCertExpiresOn ?? null,
        inspectionDueOn: input.inspectionDueOn,
        planFileIds: await attachableFileIds(tx, ctx.actor, input.planFileIds, { field: 'planFileIds' }),
        fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
      };
    }),
  );
}

export function updateEquipment(ctx: Ctx, id: number, input: UpdateEquipment): Promise<EquipmentView> {
  return withToday(ctx, () =>
    equipmentLedger.update(ctx, id, input.version, async (row, tx) => {
      const set: Partial<typeof specialEquipment.$inferInsert> = {};
      for (const k of ['kind', 'name', 'location', 'inService', 'responsiblePerson', 'maintenanceUnit', 'safetyManager', 'registrationNo', 'operatorName', 'operatorCertNo', 'operatorCertExpiresOn', 'inspectionDueOn'] as const) {
        if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
      }
      const certNo = set.operatorCertNo !== undefined ? set.operatorCertNo : row.operatorCertNo;
      // Only a changed expiry day is checked: one that has since passed is the rule's finding, not bad input.
      if (input.operatorCertExpiresOn !== undefined && input.operatorCertExpiresOn !== row.operatorCertExpiresOn) checkCertificate(ctx, certNo, input.operatorCertExpiresOn);
      if (input.planFileIds !== undefined) set.planFileIds = await attachableFileIds(tx, ctx.actor, input.planFileIds, { field: 'planFileIds', existing: row.planFileIds });
      if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
      return set;
    }),
  );
}

// ---- the maintenance and inspection log -----------------------------------------------------------

interface LogListRow {
  record: LogRow;
  schoolName: string;
  townName: string | null;
  equipmentName: string;
}

const selectLogs = (db: Executor) =>
  db
    .select({ record: equipmentLogs, schoolName: school.name, townName: town.name, equipmentName: specialEquipment.name })
    .from(equipmentLogs)
    .innerJoin(specialEquipment, eq(specialEquipment.id, equipmentLogs.equipmentId))
    .innerJoin(school, eq(school.id, equipmentLogs.schoolId))
    .leftJoin(town, townOfSchool);

const logLedger = recordedLedger({
  table: equipmentLogs,
  name: '维保检验记录',
  objectType: 'equipment_log',
  scope: equipmentLogScope,
  select: selectLogs as never,
  orderBy: [desc(equipmentLogs.doneOn), desc(equipmentLogs.id)],
  present: (row: LogListRow): OwnView<EquipmentLogView> => {
    const m = row.record;
    return {
      equipmentId: m.equipmentId,
      equipmentName: row.equipmentName,
      kind: m.kind as EquipmentLogView['kind'],
      doneOn: m.doneOn,
      doneBy: m.doneBy,
      result: m.result,
      dueOn: m.dueOn,
      onTime: m.onTime,
      nextDueOn: m.nextDueOn,
      reportNo: m.reportNo,
    };
  },
  snapshot: (m: LogRow) => ({
    equipmentId: m.equipmentId,
    kind: m.kind,
    doneOn: m.doneOn,
    doneBy: m.doneBy,
    result: m.result,
    dueOn: m.dueOn,
    onTime: m.onTime,
    nextDueOn: m.nextDueOn,
    reportNo: m.reportNo,
    fileIds: m.fileIds,
    status: m.status,
    voidReason: m.voidReason,
  }),
});

export async function equipmentLogFilter(ctx: Ctx, q: Partial<EquipmentLogListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [equipmentLogScope(ctx.actor), ...(await placeFilters(ctx, equipmentLogs, q)), stageCondition(equipmentLogs, q.stage)];
  if (q.equipmentId) conds.push(eq(equipmentLogs.equipmentId, q.equipmentId));
  if (q.kind) conds.push(eq(equipmentLogs.kind, q.kind));
  if (q.from) conds.push(sql`${equipmentLogs.doneOn} >= ${q.from}`);
  if (q.to) conds.push(sql`${equipmentLogs.doneOn} <= ${q.to}`);
  conds.push(eq(equipmentLogs.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listEquipmentLogs = async (ctx: Ctx, q: EquipmentLogListQuery) => logLedger.list(ctx, await equipmentLogFilter(ctx, q), q);
export const equipmentLogBatchFetcher = logLedger.batchFetcher;
export const getEquipmentLog = logLedger.get;
export const voidEquipmentLog = logLedger.void;

/** The fields of a log entry by kind: an inspection carries its due day, on time and the next due day. */
function checkLog(ctx: Ctx, v: { kind: string; doneOn: string; dueOn?: string | null; onTime?: boolean | null; nextDueOn?: string | null }) {
  const past = pastDayProblem(v.doneOn, todayOf(ctx));
  if (past) throw fieldError('doneOn', past);
  if (v.kind !== 'inspection') return;
  if (!v.dueOn) throw fieldError('dueOn', '定期检验请填写应检日期');
  if (v.onTime === null || v.onTime === undefined) throw fieldError('onTime', '请选择是否按期检验');
  if (!v.nextDueOn) throw fieldError('nextDueOn', '定期检验请填写下次检验日期');
  const problem = inspectionProblem({ inspectedOn: v.doneOn, dueOn: v.dueOn, onTime: v.onTime, nextDueOn: v.nextDueOn });
  if (problem) throw fieldError(problem.field, problem.message);
}

export function createEquipmentLog(ctx: Ctx, input: CreateEquipmentLog): Promise<EquipmentLogView> {
  requireAccess(ctx.actor, 'ledger.write');
  checkLog(ctx, input);
  return logLedger.create(ctx, async (tx) => {
    const [e] = await tx.select().from(specialEquipment).where(and(eq(specialEquipment.id, input.equipmentId), equipmentScope(ctx.actor)));
    if (!e) throw notFound('特种设备');
    if (e.status === 'voided') throw fieldError('equipmentId', '该特种设备已作废');
    const inspection = input.kind === 'inspection';
    return {
      schoolId: e.schoolId,
      schoolPath: e.schoolPath,
      equipmentId: e.id,
      kind: input.kind,
      doneOn: input.doneOn,
      doneBy: input.doneBy,
      result: input.result ?? null,
      dueOn: inspection ? input.dueOn! : null,
      onTime: inspection ? input.onTime! : null,
      nextDueOn: inspection ? input.nextDueOn! : null,
      reportNo: input.reportNo ?? null,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
  });
}

export function updateEquipmentLog(ctx: Ctx, id: number, input: UpdateEquipmentLog): Promise<EquipmentLogView> {
  return logLedger.update(ctx, id, input.version, async (row, tx) => {
    const merged = {
      kind: row.kind,
      doneOn: input.doneOn ?? row.doneOn,
      dueOn: input.dueOn !== undefined ? input.dueOn : row.dueOn,
      onTime: input.onTime !== undefined ? input.onTime : row.onTime,
      nextDueOn: input.nextDueOn !== undefined ? input.nextDueOn : row.nextDueOn,
    };
    checkLog(ctx, merged);
    if (row.kind !== 'inspection' && (input.dueOn || input.onTime !== undefined || input.nextDueOn)) throw badRequest('NOT_AN_INSPECTION', '维护保养记录没有应检日期和下次检验日期');
    const set: Partial<typeof equipmentLogs.$inferInsert> = { doneOn: merged.doneOn, dueOn: merged.dueOn, onTime: merged.onTime, nextDueOn: merged.nextDueOn };
    if (input.doneBy !== undefined) set.doneBy = input.doneBy;
    if (input.result !== undefined) set.result = input.result;
    if (input.reportNo !== undefined) set.reportNo = input.reportNo;
    if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
    return set;
  });
}
