// Recurring inspections (定期检查, issue 17): a unit schedules a checklist to recur for a set of
// schools — the daily canteen check, the monthly 消防安全检查日 (001 item 13), weekly during a
// campaign, twice in each key period. On each day the job makes the occurrence: an ordinary
// planned inspection (so it shows in the inspector's and the school's task lists, is filled,
// signed and turns failed items into hazards as every inspection does), once per school and day
// whichever instance gets there first (a unique index). A school's own recurring self-checks are
// judged by the rule inspection.recurring: a missed occurrence is a finding on the board.
import { and, asc, count, desc, eq, gte, inArray, like, lte, or, sql, type SQL } from 'drizzle-orm';
import type { CreateSchedule, OccurrenceState, OccurrenceView, ScheduleKind, ScheduleListQuery, ScheduleView, UpdateSchedule } from '../../contracts/inspection-schedules.js';
import { createScheduleBody } from '../../contracts/inspection-schedules.js';
import { addDays, shanghaiDate } from '../../domain/dates.js';
import { CATCH_UP_DAYS, cadenceText, occurrenceDays, scheduleProblem, type ScheduleCadence } from '../../domain/inspection-schedules.js';
import { effectiveAccess, type RoleTable } from '../../domain/roles.js';
import { can, requireAccess, unitScope, type Actor } from '../access/access.js';
import { activeActors } from '../access/load-actors.js';
import { campaignRef, checklistTemplateRef, userRefs } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Db, Executor, Tx } from '../db/client.js';
import { campaigns, checklistTemplates, inspectionOccurrences, inspections, inspectionSchedules, inspectionTargets, keyPeriods, units, userRoles, users } from '../db/schema.js';
import { AppError, fieldError, forbidden, notFound, staleVersion } from '../errors.js';
import { createInspectionTx, creatableKinds } from '../inspections/inspections.service.js';

type ScheduleRow = typeof inspectionSchedules.$inferSelect;

/**
 * Who sees a schedule: the district; a unit the schedules it organised or below it, and those
 * that check one of its schools (a school sees the bureau's 消防安全检查日 it is part of).
 */
export function scheduleScope(actor: Actor): SQL {
  const district = eq(inspectionSchedules.districtId, actor.districtId);
  if (actor.scope !== 'unit') return district;
  const prefix = `${actor.unitPath}%`;
  return and(
    district,
    or(
      like(inspectionSchedules.organizerPath, prefix),
      sql`exists (select 1 from ${units} where ${units.id} = any(${inspectionSchedules.schoolIds}) and ${units.path} like ${prefix})`,
    ),
  )!;
}

/** The kinds a person may schedule: a school its own self-check; a town its schools' self-checks and its own checks; the district any planned kind. */
export function schedulableKinds(actor: Actor): ScheduleKind[] {
  if (!can(actor, 'inspection.manage')) return [];
  if (actor.scope === 'unit' && actor.unitKind === 'school') return ['self_check'];
  if (actor.scope === 'unit' && actor.unitKind === 'town') return ['self_check', 'town_check'];
  if (actor.scope === 'unit') return [];
  return ['self_check', ...(creatableKinds(actor).filter((k) => k === 'spot_check' || k === 'specialist' || k === 'joint' || k === 'town_check') as ScheduleKind[])];
}

/** Only the organising unit (or the district) changes a schedule: a town does not rearrange its school's own. */
const canEdit = (actor: Actor, r: Pick<ScheduleRow, 'organizerPath' | 'districtId'>) =>
  can(actor, 'inspection.manage') && r.districtId === actor.districtId && (actor.scope !== 'unit' || r.organizerPath === actor.unitPath);

const PERFORM = 'inspection.perform';

// ---- creating and changing -------------------------------------------------------------------

export async function createSchedule(ctx: Ctx, raw: CreateSchedule): Promise<ScheduleView> {
  const { actor } = ctx;
  requireAccess(actor, 'inspection.manage');
  const input = createScheduleBody.parse(raw);
  const kinds = schedulableKinds(actor);
  if (!kinds.includes(input.kind)) throw fieldError('kind', actor.unitKind === 'school' ? '学校只能安排本校的定期自查' : '您所在单位不能安排这类定期检查');
  const shape = { cadence: input.cadence, weekday: input.cadence === 'weekly' ? input.weekday ?? null : null, monthDay: input.cadence === 'monthly' ? input.monthDay ?? null : null, startsOn: input.startsOn, endsOn: input.endsOn ?? null };
  const problem = scheduleProblem(shape);
  if (problem) throw fieldError(problem.field, problem.message);
  const today = todayOf(ctx);

  const id = await ctx.db.transaction(async (tx) => {
    let schoolIds = [...new Set(input.schoolIds)];
    if (actor.scope === 'unit' && actor.unitKind === 'school') schoolIds = [actor.unitId];
    if (!schoolIds.length) throw fieldError('schoolIds', '请选择被检查学校');
    const schools = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(inArray(units.id, schoolIds), eq(units.kind, 'school'), eq(units.status, 'active'), unitScope(actor)));
    if (schools.length !== schoolIds.length) throw notFound('学校');

    if (input.checklistTemplateId) {
      const t = await checklistTemplateRef(tx, actor, input.checklistTemplateId);
      if (t.status !== 'active') throw fieldError('checklistTemplateId', '该检查表模板已停用');
    }
    if (input.campaignId) {
      await campaignRef(tx, actor, input.campaignId, { field: 'campaignId', schoolIds });
      // Weekly during a campaign: the schedule keeps within the campaign's dates.
      const [c] = await tx.select({ startsOn: campaigns.startsOn, endsOn: campaigns.endsOn }).from(campaigns).where(eq(campaigns.id, input.campaignId));
      if (shape.startsOn < c.startsOn) shape.startsOn = c.startsOn;
      if (!shape.endsOn || shape.endsOn > c.endsOn) shape.endsOn = c.endsOn;
      if (shape.endsOn < shape.startsOn) throw fieldError('campaignId', '该专项整治已结束');
    }

    // A self-check is done by each school's own staff, chosen on the day; the other kinds name theirs.
    let inspectorIds: number[] = [];
    if (input.kind !== 'self_check') {
      inspectorIds = await checkInspectors(tx, ctx, input.inspectorIds);
    } else if (input.inspectorIds.length) {
      throw fieldError('inspectorIds', '学校自查由各校安全人员执行，无需选择检查人员');
    }

    const [row] = await tx
      .insert(inspectionSchedules)
      .values({
        districtId: actor.districtId,
        organizerUnitId: actor.unitId,
        organizerPath: actor.unitPath,
        title: input.title,
        kind: input.kind,
        cadence: shape.cadence,
        weekday: shape.weekday,
        monthDay: shape.monthDay,
        startsOn: shape.startsOn,
        endsOn: shape.endsOn,
        checklistTemplateId: input.checklistTemplateId ?? null,
        campaignId: input.campaignId ?? null,
        schoolIds,
        inspectorIds,
        status: 'active',
        // Nothing before today is made: a schedule set up late does not invent missed days.
        generatedThrough: addDays(today, -1),
        createdBy: actor.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning({ id: inspectionSchedules.id });
    await writeAudit(tx, ctx, { action: 'create', objectType: 'inspection_schedule', objectId: row.id, after: { ...input, ...shape, schoolIds, inspectorIds } });
    return row.id;
  });
  // Today's occurrence at once, so the person sees it in the task list (the job would within the hour).
  await generateOccurrences(ctx.db, ctx.roleTable, ctx.now, { scheduleId: id });
  return getSchedule(ctx, id);
}

/** The inspectors of a town's or the bureau's schedule: active people within the organiser's reach who may inspect. */
async function checkInspectors(tx: Tx, ctx: Ctx, ids: number[]): Promise<number[]> {
  const { actor } = ctx;
  const inspectorIds = [...new Set(ids)];
  if (!inspectorIds.length) throw fieldError('inspectorIds', '请至少选择一名检查人员');
  const reach = actor.scope === 'unit' ? actor.unitPath : null;
  const people = await userRefs(tx, actor, inspectorIds, { field: 'inspectorIds', what: '检查人员', within: reach, notWithinMessage: (p) => `检查人员须为本单位及下属单位人员（${p.displayName}）`, active: false });
  const roleRows = await tx.select({ userId: userRoles.userId, roleKey: userRoles.roleKey }).from(userRoles).where(inArray(userRoles.userId, inspectorIds));
  for (const p of people) {
    const roles = roleRows.filter((r) => r.userId === p.id).map((r) => r.roleKey) as Parameters<typeof effectiveAccess>[1];
    if (p.status !== 'active' || !effectiveAccess(ctx.roleTable, roles).permissions.has(PERFORM)) throw fieldError('inspectorIds', `${p.displayName} 不是可以执行检查的在岗人员`);
  }
  return inspectorIds;
}

export async function updateSchedule(ctx: Ctx, id: number, input: UpdateSchedule): Promise<ScheduleView> {
  const { actor } = ctx;
  requireAccess(actor, 'inspection.manage');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(inspectionSchedules).where(and(eq(inspectionSchedules.id, id), scheduleScope(actor))).for('update');
    if (!row) throw notFound('定期检查');
    if (!canEdit(actor, row)) throw forbidden('只有安排该定期检查的单位可以修改');
    if (row.version !== input.version) throw staleVersion();
    const set: Partial<typeof inspectionSchedules.$inferInsert> = {};
    if (input.title !== undefined) set.title = input.title;
    if (input.endsOn !== undefined) {
      if (input.endsOn && input.endsOn < row.startsOn) throw fieldError('endsOn', '结束日期不能早于开始日期');
      set.endsOn = input.endsOn ?? null;
    }
    if (input.status !== undefined && input.status !== row.status) {
      set.status = input.status;
      // Resumed: from today on, the stopped days are not made afterwards.
      if (input.status === 'active') set.generatedThrough = addDays(todayOf(ctx), -1);
    }
    if (input.inspectorIds !== undefined) {
      if (row.kind === 'self_check') throw fieldError('inspectorIds', '学校自查由各校安全人员执行，无需选择检查人员');
      set.inspectorIds = await checkInspectors(tx, ctx, input.inspectorIds);
    }
    await tx
      .update(inspectionSchedules)
      .set({ ...set, version: row.version + 1, updatedAt: ctx.now })
      .where(eq(inspectionSchedules.id, id));
    const before = Object.fromEntries(Object.keys(set).map((k) => [k, row[k as keyof ScheduleRow]]));
    await writeAudit(tx, ctx, { action: 'update', objectType: 'inspection_schedule', objectId: id, before, after: set });
  });
  return getSchedule(ctx, id);
}

// ---- making the occurrences --------------------------------------------------------------------

function jobCtx(db: Executor, actor: Actor, roleTable: RoleTable, now: Date): Ctx {
  // The inspections service writes through the transaction it is given, never ctx.db.
  return { db: db as Db, actor, ip: null, roleTable, now };
}

/**
 * Makes every active schedule's occurrences from the day after the last made up to today (at most
 * a month back: a server away for a week still shows the week's occurrences, done late or
 * missed). Each schedule's days go in a savepoint of their own: one schedule failing does not hold
 * back the others. Returns how many occurrences were made.
 */
export async function generateOccurrences(db: Executor, roleTable: RoleTable, now: Date, o: { scheduleId?: number } = {}): Promise<number> {
  const today = shanghaiDate(now);
  const due = await db
    .select()
    .from(inspectionSchedules)
    .where(and(eq(inspectionSchedules.status, 'active'), sql`${inspectionSchedules.generatedThrough} < ${today}`, o.scheduleId ? eq(inspectionSchedules.id, o.scheduleId) : undefined))
    .orderBy(asc(inspectionSchedules.id));
  let made = 0;
  for (const s of due) {
    const from = [addDays(s.generatedThrough, 1), addDays(today, -CATCH_UP_DAYS)].sort()[1];
    const periods =
      s.cadence === 'key_period'
        ? await db.select({ startsOn: keyPeriods.startsOn, endsOn: keyPeriods.endsOn }).from(keyPeriods).where(and(eq(keyPeriods.districtId, s.districtId), lte(keyPeriods.startsOn, today), gte(keyPeriods.endsOn, from)))
        : [];
    const days = occurrenceDays({ cadence: s.cadence as ScheduleCadence, weekday: s.weekday, monthDay: s.monthDay, startsOn: s.startsOn, endsOn: s.endsOn }, from, today, periods);
    made += await db.transaction(async (tx) => {
      let n = 0;
      for (const d of days) n += await makeDay(tx, roleTable, now, s, d);
      // Only forward: a second instance that finished first is not moved back.
      await tx
        .update(inspectionSchedules)
        .set({ generatedThrough: today })
        .where(and(eq(inspectionSchedules.id, s.id), sql`${inspectionSchedules.generatedThrough} < ${today}`));
      return n;
    });
  }
  return made;
}

/** One day of a schedule: the occurrences claimed for its schools, then their inspections. */
async function makeDay(tx: Tx, roleTable: RoleTable, now: Date, s: ScheduleRow, day: string): Promise<number> {
  const schools = await tx
    .select({ id: units.id, path: units.path })
    .from(units)
    .where(and(inArray(units.id, s.schoolIds), eq(units.kind, 'school'), eq(units.status, 'active'), eq(units.districtId, s.districtId)));
  if (!schools.length) return 0;
  const claimed = await tx
    .insert(inspectionOccurrences)
    .values(schools.map((u) => ({ scheduleId: s.id, districtId: s.districtId, schoolId: u.id, schoolPath: u.path, occursOn: day, createdAt: now })))
    .onConflictDoNothing()
    .returning({ id: inspectionOccurrences.id, schoolId: inspectionOccurrences.schoolId });
  if (!claimed.length) return 0;
  const base = { title: s.title, plannedOn: day, checklistTemplateId: s.checklistTemplateId, campaignId: s.campaignId };
  if (s.kind === 'self_check') {
    for (const c of claimed) {
      await attempt(tx, [c.id], async (sp) => {
        const staff = await activeActors(sp, roleTable, eq(users.unitId, c.schoolId));
        const organiser = staff.find((a) => a.id === s.createdBy && can(a, 'inspection.manage')) ?? staff.find((a) => can(a, 'inspection.manage'));
        const inspectors = staff.filter((a) => can(a, PERFORM)).slice(0, 50);
        if (!organiser || !inspectors.length) throw new AppError(400, 'NO_STAFF', '学校没有可以发起和执行检查的在岗人员');
        const made = await createInspectionTx(sp, jobCtx(sp, organiser, roleTable, now), { ...base, kind: 'self_check', schoolIds: [c.schoolId], inspectorIds: inspectors.map((a) => a.id) });
        await linkTargets(sp, made.id, [c]);
      });
    }
  } else {
    await attempt(tx, claimed.map((c) => c.id), async (sp) => {
      const [organiser] = await activeActors(sp, roleTable, eq(users.id, s.createdBy));
      if (!organiser || !can(organiser, 'inspection.manage')) throw new AppError(400, 'NO_ORGANISER', '安排人已停用或不再有发起检查的权限，请由本单位重新安排');
      const made = await createInspectionTx(sp, jobCtx(sp, organiser, roleTable, now), { ...base, kind: s.kind as ScheduleKind, schoolIds: claimed.map((c) => c.schoolId), inspectorIds: s.inspectorIds });
      await linkTargets(sp, made.id, claimed);
    });
  }
  return claimed.length;
}

/**
 * Makes an occurrence's inspection in a savepoint; when it cannot be made (no one at the school
 * may check, the organiser left, a template withdrawn) the occurrence keeps the reason, shown on
 * the schedule, and still counts as missed for the school if the day passes.
 */
async function attempt(tx: Tx, occurrenceIds: number[], make: (sp: Tx) => Promise<void>) {
  try {
    await tx.transaction(make);
  } catch (err) {
    const message = err instanceof AppError ? err.message : '生成检查失败';
    const detail = err instanceof AppError && err.details && typeof err.details === 'object' ? Object.values(err.details as Record<string, string>).join('；') : '';
    await tx.update(inspectionOccurrences).set({ problem: (detail ? `${message}：${detail}` : message).slice(0, 300) }).where(inArray(inspectionOccurrences.id, occurrenceIds));
  }
}

async function linkTargets(tx: Tx, inspectionId: number, occ: Array<{ id: number; schoolId: number }>) {
  const targets = await tx.select({ id: inspectionTargets.id, schoolId: inspectionTargets.schoolId }).from(inspectionTargets).where(eq(inspectionTargets.inspectionId, inspectionId));
  for (const o of occ) {
    const t = targets.find((x) => x.schoolId === o.schoolId);
    await tx.update(inspectionOccurrences).set({ inspectionId, targetId: t?.id ?? null }).where(eq(inspectionOccurrences.id, o.id));
  }
}

// ---- reading -----------------------------------------------------------------------------------

/** An occurrence's state as of a day: done on its day, done late, missed once its day has passed, or still to do. */
export function occurrenceState(o: { occursOn: string; submittedOn: string | null; problem: string | null; inspectionId: number | null }, today: string): OccurrenceState {
  if (o.submittedOn) return o.submittedOn <= o.occursOn ? 'done' : 'late';
  if (o.occursOn < today) return 'missed';
  if (!o.inspectionId && o.problem) return 'failed';
  return 'planned';
}

const submittedDay = sql<string | null>`to_char(${inspectionTargets.submittedAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;

/** The schools of an occurrence the caller sees: a unit person only those below its unit. */
function occurrenceSchools(actor: Actor): SQL | undefined {
  return actor.scope === 'unit' ? like(inspectionOccurrences.schoolPath, `${actor.unitPath}%`) : undefined;
}

async function present(ctx: Ctx, rows: ScheduleRow[]): Promise<ScheduleView[]> {
  if (!rows.length) return [];
  const { actor } = ctx;
  const today = todayOf(ctx);
  const ids = rows.map((r) => r.id);
  const [organisers, templates, camps, recent] = await Promise.all([
    ctx.db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, [...new Set(rows.map((r) => r.organizerUnitId))])),
    ctx.db.select({ id: checklistTemplates.id, name: checklistTemplates.name }).from(checklistTemplates).where(inArray(checklistTemplates.id, [0, ...rows.map((r) => r.checklistTemplateId ?? 0)])),
    ctx.db.select({ id: campaigns.id, name: campaigns.name }).from(campaigns).where(inArray(campaigns.id, [0, ...rows.map((r) => r.campaignId ?? 0)])),
    ctx.db
      .select({
        scheduleId: inspectionOccurrences.scheduleId,
        done: sql<number>`count(*) filter (where ${inspectionTargets.submittedAt} is not null)`.mapWith(Number),
        missed: sql<number>`count(*) filter (where ${inspectionTargets.submittedAt} is null and ${inspectionOccurrences.occursOn} < ${today})`.mapWith(Number),
        open: sql<number>`count(*) filter (where ${inspectionTargets.submittedAt} is null and ${inspectionOccurrences.occursOn} >= ${today})`.mapWith(Number),
      })
      .from(inspectionOccurrences)
      .leftJoin(inspectionTargets, eq(inspectionTargets.id, inspectionOccurrences.targetId))
      .where(and(inArray(inspectionOccurrences.scheduleId, ids), gte(inspectionOccurrences.occursOn, addDays(today, -30)), occurrenceSchools(actor)))
      .groupBy(inspectionOccurrences.scheduleId),
  ]);
  const name = <T extends { id: number; name: string }>(list: T[], id: number | null) => (id == null ? null : list.find((x) => x.id === id)?.name ?? null);
  return rows.map((r) => {
    const shape = { cadence: r.cadence as ScheduleCadence, weekday: r.weekday, monthDay: r.monthDay, startsOn: r.startsOn, endsOn: r.endsOn };
    // Key periods are declared as they come: the next occurrence of such a schedule is not known ahead.
    const next = r.status === 'active' && r.cadence !== 'key_period' ? occurrenceDays(shape, today > r.generatedThrough ? today : addDays(r.generatedThrough, 1), addDays(today, 400))[0] ?? null : null;
    const rc = recent.find((x) => x.scheduleId === r.id);
    return {
      id: r.id,
      title: r.title,
      kind: r.kind as ScheduleKind,
      cadence: shape.cadence,
      cadenceText: cadenceText(shape),
      weekday: r.weekday,
      monthDay: r.monthDay,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      status: r.status as ScheduleView['status'],
      organizerUnitId: r.organizerUnitId,
      organizerName: name(organisers, r.organizerUnitId) ?? '',
      checklistTemplateId: r.checklistTemplateId,
      checklistName: name(templates, r.checklistTemplateId),
      campaignId: r.campaignId,
      campaignName: name(camps, r.campaignId),
      schoolIds: r.schoolIds,
      schoolCount: r.schoolIds.length,
      inspectorIds: r.inspectorIds,
      nextOn: next,
      recent: { done: rc?.done ?? 0, missed: rc?.missed ?? 0, open: rc?.open ?? 0 },
      canEdit: canEdit(actor, r),
      version: r.version,
    };
  });
}

export async function listSchedules(ctx: Ctx, q: ScheduleListQuery) {
  requireAccess(ctx.actor, 'inspection.read');
  const where = and(scheduleScope(ctx.actor), q.status ? eq(inspectionSchedules.status, q.status) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    ctx.db
      .select()
      .from(inspectionSchedules)
      .where(where)
      .orderBy(asc(inspectionSchedules.status), desc(inspectionSchedules.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(inspectionSchedules).where(where),
  ]);
  return { items: await present(ctx, rows), total: n, page: q.page, pageSize: q.pageSize };
}

export async function getSchedule(ctx: Ctx, id: number): Promise<ScheduleView> {
  requireAccess(ctx.actor, 'inspection.read');
  const [row] = await ctx.db.select().from(inspectionSchedules).where(and(eq(inspectionSchedules.id, id), scheduleScope(ctx.actor)));
  if (!row) throw notFound('定期检查');
  return (await present(ctx, [row]))[0];
}

/** A schedule's occurrences, newest first, for the schools the caller sees. */
export async function listOccurrences(ctx: Ctx, id: number, q: { page: number; pageSize: number }) {
  await getSchedule(ctx, id);
  const today = todayOf(ctx);
  const where = and(eq(inspectionOccurrences.scheduleId, id), occurrenceSchools(ctx.actor));
  const [rows, [{ n }]] = await Promise.all([
    ctx.db
      .select({
        id: inspectionOccurrences.id,
        occursOn: inspectionOccurrences.occursOn,
        schoolId: inspectionOccurrences.schoolId,
        schoolName: units.name,
        inspectionId: inspectionOccurrences.inspectionId,
        inspectionCode: inspections.code,
        targetId: inspectionOccurrences.targetId,
        submittedOn: submittedDay,
        problem: inspectionOccurrences.problem,
      })
      .from(inspectionOccurrences)
      .innerJoin(units, eq(units.id, inspectionOccurrences.schoolId))
      .leftJoin(inspections, eq(inspections.id, inspectionOccurrences.inspectionId))
      .leftJoin(inspectionTargets, eq(inspectionTargets.id, inspectionOccurrences.targetId))
      .where(where)
      .orderBy(desc(inspectionOccurrences.occursOn), asc(units.path))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(inspectionOccurrences).where(where),
  ]);
  const items: OccurrenceView[] = rows.map((r) => ({ ...r, state: occurrenceState(r, today) }));
  return { items, total: n, page: q.page, pageSize: q.pageSize };
}
