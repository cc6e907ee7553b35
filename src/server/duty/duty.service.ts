// The duty ledger (值班带班台账): a school's rosters for a holiday (000 item 4: a leader in charge
// every day) or for a key period the bureau declared (003: a leader and a staff member of the
// school on 24-hour duty every day), with one entry per school, day and role.
//
// Who confirms an entry: only the person on duty — the user the entry names, or the user linked
// to the staff member it names (签字压责: the named person carries the responsibility). A school
// officer with ledger.write plans the roster, adds and removes entries not yet confirmed, but never
// confirms on someone's behalf; an entry naming a person without an account cannot be confirmed in
// the app, so the form steers the school to people with accounts. An entry is confirmed from its
// day on; once confirmed it can no longer be removed.
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  AddDutyEntries,
  CreateDutyRoster,
  DutyEntryView,
  DutyExportQuery,
  DutyRosterDetail,
  DutyRosterListQuery,
  DutyRosterView,
  KeyPeriodCoverQuery,
  KeyPeriodCoverView,
  MyDutyView,
  UpdateDutyRoster,
} from '../../contracts/duty.js';
import { dutyRoleLabels, type DutyRole } from '../../contracts/rules.js';
import { addDays } from '../../domain/dates.js';
import { rosterSpanProblem } from '../../domain/day-ranges.js';
import { coverOf, coverRulesOf, type HolidaySpan } from '../../domain/duty-cover.js';
import { requireAccess, schoolLedgerScope, unitScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { dutyEntries, dutyRosters, keyPeriods, schoolCalendars, staffMembers, units, users } from '../db/schema.js';
import { conflict, forbidden, notFound, staleVersion, fieldError } from '../errors.js';
import { keyPeriodRef, staffRefs, userRefs } from '../access/references.js';
import { placeFilters, schoolForRecord, unitInScopeOr404 } from '../ledger/ledger-helpers.js';
import { schoolContacts, settleReminders } from '../notifications/notifications.service.js';
import { dutyEntryLink } from './duty-jobs.js';

type RosterRow = typeof dutyRosters.$inferSelect;
type EntryRow = typeof dutyEntries.$inferSelect;

const school = alias(units, 'school');
const town = alias(units, 'town');
const confirmer = alias(users, 'confirmer');

export const rosterScope = (actor: Actor) => schoolLedgerScope(actor, dutyRosters);
export const entryScope = (actor: Actor) => schoolLedgerScope(actor, dutyEntries);

// ---- reading ----------------------------------------------------------------------------------

function selectRosters(db: Executor) {
  return db
    .select({ roster: dutyRosters, schoolName: school.name, townName: town.name, keyPeriodName: keyPeriods.name })
    .from(dutyRosters)
    .innerJoin(school, eq(school.id, dutyRosters.schoolId))
    .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
    .leftJoin(keyPeriods, eq(keyPeriods.id, dutyRosters.keyPeriodId));
}
type RosterListRow = Awaited<ReturnType<typeof selectRosters>>[number];

function selectEntries(db: Executor) {
  return db
    .select({ entry: dutyEntries, confirmedByName: confirmer.displayName, staffUserId: staffMembers.userId })
    .from(dutyEntries)
    .leftJoin(confirmer, eq(confirmer.id, dutyEntries.confirmedBy))
    .leftJoin(staffMembers, eq(staffMembers.id, dutyEntries.staffId));
}
type EntryListRow = Awaited<ReturnType<typeof selectEntries>>[number];

/** The person on duty: the user the entry names or the user of the staff member it names. */
const isOnDuty = (actor: Actor, r: { entry: EntryRow; staffUserId: number | null }) => r.entry.userId === actor.id || (r.staffUserId !== null && r.staffUserId === actor.id);

function presentEntry(actor: Actor, today: string, r: EntryListRow): DutyEntryView & { confirmed: boolean } {
  const e = r.entry;
  return {
    id: e.id,
    rosterId: e.rosterId,
    schoolId: e.schoolId,
    dutyOn: e.dutyOn,
    role: e.role as DutyRole,
    staffId: e.staffId,
    userId: e.userId ?? r.staffUserId ?? null,
    personName: e.personName,
    phone: e.phone,
    hours: Number(e.hours),
    note: e.note,
    confirmedAt: e.confirmedAt?.toISOString() ?? null,
    confirmedByName: e.confirmedAt ? r.confirmedByName : null,
    canConfirm: !e.confirmedAt && e.dutyOn <= today && isOnDuty(actor, r),
    confirmed: Boolean(e.confirmedAt),
    version: e.version,
  };
}
const stripConfirmed = ({ confirmed: _c, ...e }: DutyEntryView & { confirmed: boolean }): DutyEntryView => e;

/** The district's holidays from its school calendars (the days a roster shows by name). */
async function holidaysOf(db: Executor, districtId: number): Promise<HolidaySpan[]> {
  const cals = await db.select({ holidays: schoolCalendars.holidays }).from(schoolCalendars).where(eq(schoolCalendars.districtId, districtId));
  return cals.flatMap((c) => c.holidays as HolidaySpan[]);
}

async function present(ctx: Ctx, rows: RosterListRow[]): Promise<DutyRosterDetail[]> {
  if (!rows.length) return [];
  const today = todayOf(ctx);
  const [entryRows, holidays] = await Promise.all([
    selectEntries(ctx.db)
      .where(inArray(dutyEntries.rosterId, rows.map((r) => r.roster.id)))
      .orderBy(asc(dutyEntries.dutyOn), asc(dutyEntries.role)),
    holidaysOf(ctx.db, ctx.actor.districtId),
  ]);
  const byRoster = new Map<number, Array<ReturnType<typeof presentEntry>>>();
  for (const r of entryRows) {
    const list = byRoster.get(r.entry.rosterId) ?? [];
    list.push(presentEntry(ctx.actor, today, r));
    byRoster.set(r.entry.rosterId, list);
  }
  return rows.map((r) => {
    const k = r.roster;
    const rules = coverRulesOf(k.keyPeriodId !== null);
    const cover = coverOf(k.startsOn, k.endsOn, byRoster.get(k.id) ?? [], rules, today, holidays);
    return {
      id: k.id,
      schoolId: k.schoolId,
      schoolName: r.schoolName,
      townName: r.townName,
      title: k.title,
      startsOn: k.startsOn,
      endsOn: k.endsOn,
      keyPeriodId: k.keyPeriodId,
      keyPeriodName: r.keyPeriodName,
      phone: k.phone,
      requiresStaff: rules.requiresStaff,
      minHours: rules.minHours,
      days: cover.days.length,
      coveredDays: cover.coveredDays,
      daysWithoutLeader: cover.daysWithoutLeader,
      daysWithoutStaff: cover.daysWithoutStaff,
      uncoveredDays: cover.uncoveredDays,
      createdByName: k.createdByName,
      version: k.version,
      createdAt: k.createdAt.toISOString(),
      updatedAt: k.updatedAt.toISOString(),
      dayList: cover.days.map((d) => ({
        date: d.date,
        holiday: d.holiday,
        leader: d.leader && stripConfirmed(d.leader),
        staff: d.staff && stripConfirmed(d.staff),
        problems: d.problems,
        covered: d.covered,
      })),
    };
  });
}

const summaryOf = ({ dayList: _d, ...r }: DutyRosterDetail): DutyRosterView => r;

export async function rosterFilter(ctx: Ctx, q: Partial<DutyExportQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [rosterScope(ctx.actor), ...(await placeFilters(ctx, dutyRosters, q))];
  if (q.keyPeriodId) {
    await keyPeriodOr404(ctx.db, ctx.actor, q.keyPeriodId);
    conds.push(eq(dutyRosters.keyPeriodId, q.keyPeriodId));
  }
  if (q.from) conds.push(gte(dutyRosters.endsOn, q.from));
  if (q.to) conds.push(lte(dutyRosters.startsOn, q.to));
  if (q.rosterId) conds.push(eq(dutyRosters.id, q.rosterId));
  return and(...conds)!;
}

export async function listRosters(ctx: Ctx, q: DutyRosterListQuery) {
  requireAccess(ctx.actor, 'ledger.read');
  const where = await rosterFilter(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectRosters(ctx.db).where(where).orderBy(desc(dutyRosters.startsOn), desc(dutyRosters.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: count() }).from(dutyRosters).where(where),
  ]);
  return { items: (await present(ctx, rows)).map(summaryOf), total, page: q.page, pageSize: q.pageSize };
}

export async function getRoster(ctx: Ctx, id: number): Promise<DutyRosterDetail> {
  requireAccess(ctx.actor, 'ledger.read');
  const [row] = await selectRosters(ctx.db).where(and(eq(dutyRosters.id, id), rosterScope(ctx.actor)));
  if (!row) throw notFound('排班表');
  return (await present(ctx, [row]))[0];
}

/** One export row per entry of the rosters matching the filter, in roster then day order. */
export interface DutyExportRow {
  id: number;
  schoolName: string;
  townName: string | null;
  rosterTitle: string;
  keyPeriodName: string | null;
  entry: DutyEntryView;
}

export function entryBatchFetcher(ctx: Ctx, where: SQL) {
  const today = todayOf(ctx);
  return async (afterId: number, limit: number): Promise<DutyExportRow[]> => {
    const rows = await ctx.db
      .select({ entry: dutyEntries, confirmedByName: confirmer.displayName, staffUserId: staffMembers.userId, title: dutyRosters.title, schoolName: school.name, townName: town.name, keyPeriodName: keyPeriods.name })
      .from(dutyEntries)
      .innerJoin(dutyRosters, eq(dutyRosters.id, dutyEntries.rosterId))
      .innerJoin(school, eq(school.id, dutyRosters.schoolId))
      .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
      .leftJoin(keyPeriods, eq(keyPeriods.id, dutyRosters.keyPeriodId))
      .leftJoin(confirmer, eq(confirmer.id, dutyEntries.confirmedBy))
      .leftJoin(staffMembers, eq(staffMembers.id, dutyEntries.staffId))
      .where(and(where, gt(dutyEntries.id, afterId)))
      .orderBy(asc(dutyEntries.id))
      .limit(limit);
    return rows.map((r) => ({ id: r.entry.id, schoolName: r.schoolName, townName: r.townName, rosterTitle: r.title, keyPeriodName: r.keyPeriodName, entry: stripConfirmed(presentEntry(ctx.actor, today, r)) }));
  };
}

/** The days each roster matching the filter still lacks cover (the export's second sheet). */
export function uncoveredBatchFetcher(ctx: Ctx, where: SQL) {
  return async (afterId: number, limit: number) => {
    const rows = await selectRosters(ctx.db).where(and(where, gt(dutyRosters.id, afterId))).orderBy(asc(dutyRosters.id)).limit(Math.min(limit, 200));
    const detail = await present(ctx, rows);
    return detail.map((r) => ({ id: r.id, roster: r, days: r.dayList.filter((d) => !d.covered) }));
  };
}

// ---- rosters ----------------------------------------------------------------------------------

const keyPeriodOr404 = keyPeriodRef;

/** Phones of the accounts behind staff records, for the duty list. */
async function userPhones(db: Executor, ids: number[]): Promise<Map<number, string | null>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: users.id, phone: users.phone }).from(users).where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.phone]));
}

function checkSpan(startsOn: string | null | undefined, endsOn: string | null | undefined): { startsOn: string; endsOn: string } {
  if (!startsOn) throw fieldError('startsOn', '请填写开始日期或选择重点时段');
  if (!endsOn) throw fieldError('endsOn', '请填写结束日期或选择重点时段');
  const problem = rosterSpanProblem(startsOn, endsOn);
  if (problem) throw fieldError(problem.field, problem.message);
  return { startsOn, endsOn };
}

const rosterSnapshot = (r: RosterRow) => ({ schoolId: r.schoolId, title: r.title, startsOn: r.startsOn, endsOn: r.endsOn, keyPeriodId: r.keyPeriodId, phone: r.phone });
const entrySnapshot = (e: EntryRow) => ({
  rosterId: e.rosterId,
  schoolId: e.schoolId,
  dutyOn: e.dutyOn,
  role: e.role,
  staffId: e.staffId,
  userId: e.userId,
  personName: e.personName,
  phone: e.phone,
  hours: Number(e.hours),
  note: e.note,
  confirmedAt: e.confirmedAt?.toISOString() ?? null,
  confirmedBy: e.confirmedBy,
});

export async function createRoster(ctx: Ctx, input: CreateDutyRoster): Promise<DutyRosterDetail> {
  requireAccess(ctx.actor, 'ledger.write');
  const id = await ctx.db.transaction(async (tx) => {
    const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
    const kp = input.keyPeriodId ? await keyPeriodOr404(tx, ctx.actor, input.keyPeriodId) : null;
    const span = checkSpan(input.startsOn ?? kp?.startsOn, input.endsOn ?? kp?.endsOn);
    const [row] = await tx
      .insert(dutyRosters)
      .values({
        districtId: ctx.actor.districtId,
        schoolId: s.id,
        schoolPath: s.path,
        title: input.title,
        ...span,
        keyPeriodId: kp?.id ?? null,
        phone: input.phone || null,
        createdBy: ctx.actor.id,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'duty_roster', objectId: row.id, after: rosterSnapshot(row) });
    return row.id;
  });
  return getRoster(ctx, id);
}

async function lockRoster(tx: Executor, actor: Actor, id: number): Promise<RosterRow> {
  const [row] = await tx.select().from(dutyRosters).where(and(eq(dutyRosters.id, id), rosterScope(actor))).for('update');
  if (!row) throw notFound('排班表');
  return row;
}

export async function updateRoster(ctx: Ctx, id: number, input: UpdateDutyRoster): Promise<DutyRosterDetail> {
  requireAccess(ctx.actor, 'ledger.write');
  await ctx.db.transaction(async (tx) => {
    const row = await lockRoster(tx, ctx.actor, id);
    if (row.version !== input.version) throw staleVersion();
    const kp = input.keyPeriodId ? await keyPeriodOr404(tx, ctx.actor, input.keyPeriodId) : null;
    const span = checkSpan(input.startsOn ?? row.startsOn, input.endsOn ?? row.endsOn);
    // Shrinking the span must not strand entries outside it.
    const [outside] = await tx
      .select({ dutyOn: dutyEntries.dutyOn })
      .from(dutyEntries)
      .where(and(eq(dutyEntries.rosterId, id), or(lt(dutyEntries.dutyOn, span.startsOn), gt(dutyEntries.dutyOn, span.endsOn))))
      .orderBy(asc(dutyEntries.dutyOn))
      .limit(1);
    if (outside) throw fieldError(outside.dutyOn < span.startsOn ? 'startsOn' : 'endsOn', `${outside.dutyOn} 已有值班安排，不能移出排班范围，请先删除该日安排`);
    const set: Partial<typeof dutyRosters.$inferInsert> = { ...span, version: row.version + 1, updatedAt: ctx.now };
    if (input.title !== undefined) set.title = input.title;
    if (input.keyPeriodId !== undefined) set.keyPeriodId = kp?.id ?? null;
    if (input.phone !== undefined) set.phone = input.phone || null;
    const [updated] = await tx.update(dutyRosters).set(set).where(eq(dutyRosters.id, id)).returning();
    await writeAudit(tx, ctx, { action: 'update', objectType: 'duty_roster', objectId: id, before: rosterSnapshot(row), after: rosterSnapshot(updated) });
  });
  return getRoster(ctx, id);
}

// ---- entries ----------------------------------------------------------------------------------

const dayField = (i: number) => `entries.${i}.dutyOn`;
const dayError = (i: number, message: string) => fieldError(dayField(i), message, '值班日期');

/** The entries already covering these (day, role) pairs of the school, with their roster's title. */
async function coveringEntries(db: Executor, schoolId: number, pairs: Array<{ dutyOn: string; role: string }>) {
  if (!pairs.length) return [];
  const days = [...new Set(pairs.map((p) => p.dutyOn))];
  const rows = await db
    .select({ dutyOn: dutyEntries.dutyOn, role: dutyEntries.role, personName: dutyEntries.personName, rosterTitle: dutyRosters.title })
    .from(dutyEntries)
    .innerJoin(dutyRosters, eq(dutyRosters.id, dutyEntries.rosterId))
    .where(and(eq(dutyEntries.schoolId, schoolId), inArray(dutyEntries.dutyOn, days)));
  return rows.filter((r) => pairs.some((p) => p.dutyOn === r.dutyOn && p.role === r.role));
}

function doubleCover(i: number, e: { dutyOn: string; role: string }, existing: { personName: string; rosterTitle: string }, rosterTitle: string) {
  const where = existing.rosterTitle === rosterTitle ? '' : `（排班表“${existing.rosterTitle}”）`;
  return dayError(i, `${e.dutyOn} 已安排${dutyRoleLabels[e.role as DutyRole]}${existing.personName}${where}，同一天同一角色只能安排一人`);
}

export async function addEntries(ctx: Ctx, rosterId: number, input: AddDutyEntries): Promise<DutyRosterDetail> {
  requireAccess(ctx.actor, 'ledger.write');
  const pairs = input.entries.map((e) => ({ dutyOn: e.dutyOn, role: e.role }));
  let rosterTitle = '';
  let schoolId = 0;
  try {
    await ctx.db.transaction(async (tx) => {
      const roster = await lockRoster(tx, ctx.actor, rosterId);
      rosterTitle = roster.title;
      schoolId = roster.schoolId;
      const seen = new Map<string, number>();
      input.entries.forEach((e, i) => {
        if (e.dutyOn < roster.startsOn || e.dutyOn > roster.endsOn) throw dayError(i, `${e.dutyOn} 不在排班范围（${roster.startsOn} 至 ${roster.endsOn}）内`);
        const key = `${e.dutyOn}|${e.role}`;
        if (seen.has(key)) throw dayError(i, `${e.dutyOn} 的${dutyRoleLabels[e.role]}填写了两次，同一天同一角色只能安排一人`);
        seen.set(key, i);
      });
      const [taken] = await coveringEntries(tx, roster.schoolId, pairs);
      if (taken) throw doubleCover(seen.get(`${taken.dutyOn}|${taken.role}`)!, taken, taken, roster.title);

      // The people: staff members of the school, users of the school, or named people.
      const staffIds = [...new Set(input.entries.flatMap((e) => (e.staffId ? [e.staffId] : [])))];
      const userIds = [...new Set(input.entries.flatMap((e) => (!e.staffId && e.userId ? [e.userId] : [])))];
      // Someone the caller cannot see is not found; someone of another school is refused (references.ts).
      const firstUse = (key: 'staffId' | 'userId') => (id: number) => `entries.${input.entries.findIndex((e) => e[key] === id)}.${key}`;
      const staffRows = await staffRefs(tx, ctx.actor, staffIds, { field: 'staffId', label: '值班人员', fieldOf: firstUse('staffId'), schoolId: roster.schoolId, message: () => '不是该学校登记的教职工' });
      const phones = await userPhones(tx, staffRows.flatMap((s) => (s.userId ? [s.userId] : [])));
      const staff = staffRows.map((s) => ({ ...s, phone: s.userId ? (phones.get(s.userId) ?? null) : null }));
      const userRows = await userRefs(tx, ctx.actor, userIds, { field: 'userId', label: '值班人员', fieldOf: firstUse('userId'), within: roster.schoolPath, notWithinMessage: '不是该学校的人员' });
      const staffOfUsers = userRows.length
        ? await tx.select({ id: staffMembers.id, userId: staffMembers.userId }).from(staffMembers).where(and(inArray(staffMembers.userId, userIds), eq(staffMembers.schoolId, roster.schoolId)))
        : [];
      const people = userRows.map((u) => ({ ...u, staffId: staffOfUsers.find((s) => s.userId === u.id)?.id ?? null }));
      const values: Array<typeof dutyEntries.$inferInsert> = input.entries.map((e, i) => {
        let person: { staffId: number | null; userId: number | null; name: string; phone: string | null };
        if (e.staffId) {
          const s = staff.find((x) => x.id === e.staffId)!;
          if (s.leftOn && s.leftOn <= e.dutyOn) throw fieldError(`entries.${i}.staffId`, `${s.name} 已于 ${s.leftOn} 离岗`, '值班人员');
          person = { staffId: s.id, userId: s.userId, name: s.name, phone: s.phone };
        } else if (e.userId) {
          const u = people.find((x) => x.id === e.userId)!;
          person = { staffId: u.staffId, userId: u.id, name: u.displayName, phone: u.phone };
        } else {
          if (!e.personName) throw fieldError(`entries.${i}.personName`, '请选择值班人员或填写姓名', '值班人员');
          person = { staffId: null, userId: null, name: e.personName, phone: null };
        }
        return {
          districtId: roster.districtId,
          rosterId: roster.id,
          schoolId: roster.schoolId,
          schoolPath: roster.schoolPath,
          dutyOn: e.dutyOn,
          role: e.role,
          staffId: person.staffId,
          userId: person.userId,
          personName: person.name,
          phone: e.phone || person.phone || roster.phone || null,
          hours: e.hours,
          note: e.note || null,
        };
      });
      const rows = await tx.insert(dutyEntries).values(values).returning();
      for (const r of rows) await writeAudit(tx, ctx, { action: 'create', objectType: 'duty_entry', objectId: r.id, after: entrySnapshot(r) });
    });
  } catch (err) {
    // Another roster covered the same day and role a moment ago: name it, not a 500.
    if (isUniqueViolation(err)) {
      const [taken] = await coveringEntries(ctx.db, schoolId, pairs);
      const i = taken ? pairs.findIndex((p) => p.dutyOn === taken.dutyOn && p.role === taken.role) : 0;
      if (taken) throw doubleCover(i, taken, taken, rosterTitle);
      throw dayError(0, '该日已有人值班，同一天同一角色只能安排一人');
    }
    throw err;
  }
  return getRoster(ctx, rosterId);
}

async function lockEntry(tx: Executor, actor: Actor, rosterId: number, entryId: number) {
  const [row] = await tx
    .select({ entry: dutyEntries, staffUserId: staffMembers.userId })
    .from(dutyEntries)
    .leftJoin(staffMembers, eq(staffMembers.id, dutyEntries.staffId))
    .where(and(eq(dutyEntries.id, entryId), eq(dutyEntries.rosterId, rosterId), entryScope(actor)))
    .for('update', { of: dutyEntries });
  if (!row) throw notFound('值班安排');
  return row;
}

export async function deleteEntry(ctx: Ctx, rosterId: number, entryId: number, version: number): Promise<DutyRosterDetail> {
  requireAccess(ctx.actor, 'ledger.write');
  await ctx.db.transaction(async (tx) => {
    const { entry } = await lockEntry(tx, ctx.actor, rosterId, entryId);
    if (entry.version !== version) throw staleVersion();
    if (entry.confirmedAt) throw conflict('DUTY_CONFIRMED', `${entry.dutyOn} 的值班已由${entry.personName}确认，不能删除`);
    await tx.delete(dutyEntries).where(eq(dutyEntries.id, entryId));
    await writeAudit(tx, ctx, { action: 'delete', objectType: 'duty_entry', objectId: entryId, before: entrySnapshot(entry) });
  });
  return getRoster(ctx, rosterId);
}

/** The person on duty confirms their own entry, from its day on (see the head of this file). */
export async function confirmEntry(ctx: Ctx, rosterId: number, entryId: number, version: number): Promise<DutyRosterDetail> {
  requireAccess(ctx.actor, 'ledger.read');
  await ctx.db.transaction(async (tx) => {
    const r = await lockEntry(tx, ctx.actor, rosterId, entryId);
    if (r.entry.version !== version) throw staleVersion();
    if (!isOnDuty(ctx.actor, r)) throw forbidden(`只有值班人本人（${r.entry.personName}）可以确认值班`);
    if (r.entry.confirmedAt) throw conflict('DUTY_CONFIRMED', '该值班已确认');
    if (r.entry.dutyOn > todayOf(ctx)) throw conflict('DUTY_NOT_YET', `${r.entry.dutyOn} 的值班尚未开始，不能提前确认`);
    const [updated] = await tx
      .update(dutyEntries)
      .set({ confirmedAt: ctx.now, confirmedBy: ctx.actor.id, version: r.entry.version + 1, updatedAt: ctx.now })
      .where(eq(dutyEntries.id, entryId))
      .returning();
    await writeAudit(tx, ctx, { action: 'confirm', objectType: 'duty_entry', objectId: entryId, before: entrySnapshot(r.entry), after: entrySnapshot(updated) });
    // The reminders of the missed confirmation (duty-jobs.ts), the person's and the school's, are answered.
    await settleReminders(tx, ctx.now, [ctx.actor.id, ...(await schoolContacts(tx, r.entry.schoolId))], dutyEntryLink(rosterId, entryId), ['duty_unconfirmed']);
  });
  return getRoster(ctx, rosterId);
}

/** The caller's own duty: a week back to a month ahead, and what is still to confirm (the home page's 我的值班). */
export async function myDuty(ctx: Ctx): Promise<MyDutyView> {
  requireAccess(ctx.actor, 'ledger.read');
  const today = todayOf(ctx);
  const rows = await ctx.db
    .select({ entry: dutyEntries, confirmedByName: confirmer.displayName, staffUserId: staffMembers.userId, rosterTitle: dutyRosters.title, schoolName: school.name })
    .from(dutyEntries)
    .innerJoin(dutyRosters, eq(dutyRosters.id, dutyEntries.rosterId))
    .innerJoin(school, eq(school.id, dutyEntries.schoolId))
    .leftJoin(confirmer, eq(confirmer.id, dutyEntries.confirmedBy))
    .leftJoin(staffMembers, eq(staffMembers.id, dutyEntries.staffId))
    .where(
      and(
        eq(dutyEntries.districtId, ctx.actor.districtId),
        or(eq(dutyEntries.userId, ctx.actor.id), eq(staffMembers.userId, ctx.actor.id)),
        // Still to confirm (up to two months back), or within a week back and a month ahead.
        or(gte(dutyEntries.dutyOn, addDays(today, -7)), and(isNull(dutyEntries.confirmedAt), gte(dutyEntries.dutyOn, addDays(today, -60)))),
        lte(dutyEntries.dutyOn, addDays(today, 30)),
      ),
    )
    .orderBy(asc(dutyEntries.dutyOn), asc(dutyEntries.role))
    .limit(100);
  return { items: rows.map((r) => ({ ...stripConfirmed(presentEntry(ctx.actor, today, r)), rosterTitle: r.rosterTitle, schoolName: r.schoolName })) };
}

// ---- a key period across the schools (bureau, town) -------------------------------------------

export async function keyPeriodCover(ctx: Ctx, q: KeyPeriodCoverQuery): Promise<KeyPeriodCoverView> {
  requireAccess(ctx.actor, 'ledger.read');
  const today = todayOf(ctx);
  let kp: { id: number; name: string; startsOn: string; endsOn: string } | undefined;
  if (q.keyPeriodId) kp = await keyPeriodOr404(ctx.db, ctx.actor, q.keyPeriodId);
  else {
    const all = await ctx.db.select().from(keyPeriods).where(eq(keyPeriods.districtId, ctx.actor.districtId)).orderBy(asc(keyPeriods.startsOn), asc(keyPeriods.id));
    kp = all.find((k) => k.startsOn <= today && today <= k.endsOn) ?? all.find((k) => k.startsOn > today) ?? all[all.length - 1];
  }
  if (!kp) return { keyPeriod: null, asOf: today, items: [] };
  const conds: Array<SQL | undefined> = [unitScope(ctx.actor), eq(units.kind, 'school'), eq(units.status, 'active')];
  let within = ctx.actor.scope === 'unit' ? ctx.actor.unitPath : undefined;
  if (q.townId) {
    const t = await unitInScopeOr404(ctx.db, ctx.actor, q.townId, '镇街');
    conds.push(sql`${units.path} like ${`${t.path}%`}`);
    within = t.path;
  }
  const schools = await ctx.db
    .select({ id: units.id, name: units.name, path: units.path, townName: town.name })
    .from(units)
    .leftJoin(town, and(eq(town.id, units.parentId), eq(town.kind, 'town')))
    .where(and(...conds))
    .orderBy(units.path);
  const entryWhere = and(
    eq(dutyEntries.districtId, ctx.actor.districtId),
    gte(dutyEntries.dutyOn, kp.startsOn),
    lte(dutyEntries.dutyOn, kp.endsOn),
    within ? sql`${dutyEntries.schoolPath} like ${`${within}%`}` : undefined,
  );
  const [entries, rosters] = await Promise.all([
    ctx.db.select({ schoolId: dutyEntries.schoolId, dutyOn: dutyEntries.dutyOn, role: dutyEntries.role, hours: dutyEntries.hours, confirmedAt: dutyEntries.confirmedAt }).from(dutyEntries).where(entryWhere),
    ctx.db
      .select({ id: dutyRosters.id, schoolId: dutyRosters.schoolId })
      .from(dutyRosters)
      .where(and(rosterScope(ctx.actor), lte(dutyRosters.startsOn, kp.endsOn), gte(dutyRosters.endsOn, kp.startsOn)))
      .orderBy(asc(dutyRosters.id)),
  ]);
  const bySchool = new Map<number, Array<{ dutyOn: string; role: DutyRole; hours: number; confirmed: boolean }>>();
  for (const e of entries) {
    const list = bySchool.get(e.schoolId) ?? [];
    list.push({ dutyOn: e.dutyOn, role: e.role as DutyRole, hours: Number(e.hours), confirmed: e.confirmedAt !== null });
    bySchool.set(e.schoolId, list);
  }
  const rules = coverRulesOf(true);
  return {
    keyPeriod: { id: kp.id, name: kp.name, startsOn: kp.startsOn, endsOn: kp.endsOn },
    asOf: today,
    items: schools.map((s) => {
      const cover = coverOf(kp.startsOn, kp.endsOn, bySchool.get(s.id) ?? [], rules, today);
      return {
        schoolId: s.id,
        schoolName: s.name,
        townName: s.townName,
        rosterIds: rosters.filter((r) => r.schoolId === s.id).map((r) => r.id),
        days: cover.days.length,
        coveredDays: cover.coveredDays,
        uncoveredDays: cover.uncoveredDays,
        unconfirmedDays: cover.unconfirmedDays,
      };
    }),
  };
}
