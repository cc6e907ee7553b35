// School calendars (校历) per district and school year: semesters and holidays the periods of the
// rule engine come from (src/domain/rules/periods.ts), and the key periods the bureau declares.
import { and, asc, eq } from 'drizzle-orm';
import { fieldLabels } from '../../contracts/common.js';
import type { CreateKeyPeriod, PutSchoolCalendar, SchoolCalendarView, UpdateKeyPeriod } from '../../contracts/rules.js';
import { keyPeriodSpanProblem } from '../../domain/day-ranges.js';
import { calendarProblems, type DateSpan, type Holiday, type KeyPeriod, type SchoolCalendar } from '../../domain/rules/periods.js';
import { requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { keyPeriods, schoolCalendars } from '../db/schema.js';
import { badRequest, notFound, staleVersion } from '../errors.js';

type CalendarRow = typeof schoolCalendars.$inferSelect;

function present(r: CalendarRow): SchoolCalendarView {
  return {
    schoolYear: r.schoolYear,
    semesters: r.semesters as [DateSpan, DateSpan],
    holidays: r.holidays as Holiday[],
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toCalendar(r: CalendarRow): SchoolCalendar {
  return { schoolYear: r.schoolYear, semesters: r.semesters as [DateSpan, DateSpan], holidays: r.holidays as Holiday[] };
}

/** The district's calendars and key periods, as the rule engine reads them. */
export async function periodInputs(db: Executor, districtId: number): Promise<{ calendars: SchoolCalendar[]; keyPeriods: KeyPeriod[] }> {
  const [cals, kps] = await Promise.all([
    db.select().from(schoolCalendars).where(eq(schoolCalendars.districtId, districtId)).orderBy(asc(schoolCalendars.schoolYear)),
    db.select().from(keyPeriods).where(eq(keyPeriods.districtId, districtId)).orderBy(asc(keyPeriods.startsOn)),
  ]);
  return {
    calendars: cals.map(toCalendar),
    keyPeriods: kps.map((k) => ({ id: k.id, name: k.name, startsOn: k.startsOn, endsOn: k.endsOn })),
  };
}

export async function listSchoolCalendars(ctx: Ctx) {
  requireAccess(ctx.actor, 'ledger.read');
  const rows = await ctx.db.select().from(schoolCalendars).where(eq(schoolCalendars.districtId, ctx.actor.districtId)).orderBy(asc(schoolCalendars.schoolYear));
  return { items: rows.map(present) };
}

export async function getSchoolCalendar(ctx: Ctx, schoolYear: string) {
  requireAccess(ctx.actor, 'ledger.read');
  const [row] = await ctx.db.select().from(schoolCalendars).where(and(eq(schoolCalendars.districtId, ctx.actor.districtId), eq(schoolCalendars.schoolYear, schoolYear)));
  if (!row) throw notFound(`${schoolYear}学年校历`);
  return present(row);
}

/** Creates or replaces the school year's calendar (bureau); a replacement needs the version read. */
export async function putSchoolCalendar(ctx: Ctx, schoolYear: string, input: PutSchoolCalendar) {
  requireAccess(ctx.actor, 'rules.manage');
  const cal: SchoolCalendar = { schoolYear, semesters: input.semesters, holidays: input.holidays };
  const problems = calendarProblems(cal);
  if (problems.length) {
    const details = problems.map((p) => {
      const head = p.field.split('.')[0];
      return { field: p.field, label: fieldLabels[head] ?? head, message: p.message };
    });
    throw badRequest('VALIDATION_FAILED', `${details[0].label}：${details[0].message}`, details);
  }
  const districtId = ctx.actor.districtId;
  const row = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(schoolCalendars)
      .where(and(eq(schoolCalendars.districtId, districtId), eq(schoolCalendars.schoolYear, schoolYear)))
      .for('update');
    if (!existing) {
      if (input.version !== undefined) throw staleVersion();
      const [created] = await tx
        .insert(schoolCalendars)
        .values({ districtId, schoolYear, semesters: cal.semesters, holidays: cal.holidays, updatedBy: ctx.actor.id })
        .onConflictDoNothing()
        .returning();
      // Another bureau user created it a moment ago.
      if (!created) throw staleVersion();
      await writeAudit(tx, ctx, { action: 'create', objectType: 'school_calendar', objectId: created.id, after: toCalendar(created) });
      return created;
    }
    if (input.version !== existing.version) throw staleVersion();
    const [updated] = await tx
      .update(schoolCalendars)
      .set({ semesters: cal.semesters, holidays: cal.holidays, updatedBy: ctx.actor.id, version: existing.version + 1, updatedAt: ctx.now })
      .where(eq(schoolCalendars.id, existing.id))
      .returning();
    await writeAudit(tx, ctx, { action: 'update', objectType: 'school_calendar', objectId: existing.id, before: toCalendar(existing), after: toCalendar(updated) });
    return updated;
  });
  return present(row);
}

// ---- key periods (重点时段): declared by the bureau (003), read by the duty and inspection rules

type KeyPeriodRow = typeof keyPeriods.$inferSelect;

const presentKeyPeriod = (k: KeyPeriodRow) => ({ id: k.id, name: k.name, startsOn: k.startsOn, endsOn: k.endsOn, version: k.version, createdAt: k.createdAt.toISOString() });

/** The end not before the start, and at most MAX_KEY_PERIOD_DAYS days (src/domain/day-ranges.ts). */
function checkSpan(startsOn: string, endsOn: string) {
  const problem = keyPeriodSpanProblem(startsOn, endsOn);
  if (problem) {
    const label = fieldLabels[problem.field] ?? problem.field;
    throw badRequest('VALIDATION_FAILED', `${label}：${problem.message}`, [{ field: problem.field, label, message: problem.message }]);
  }
}

export async function listKeyPeriods(ctx: Ctx) {
  requireAccess(ctx.actor, 'ledger.read');
  const rows = await ctx.db.select().from(keyPeriods).where(eq(keyPeriods.districtId, ctx.actor.districtId)).orderBy(asc(keyPeriods.startsOn), asc(keyPeriods.id));
  return { items: rows.map(presentKeyPeriod) };
}

export async function createKeyPeriod(ctx: Ctx, input: CreateKeyPeriod) {
  requireAccess(ctx.actor, 'rules.manage');
  checkSpan(input.startsOn, input.endsOn);
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx.insert(keyPeriods).values({ districtId: ctx.actor.districtId, ...input, createdBy: ctx.actor.id }).returning();
    await writeAudit(tx, ctx, { action: 'create', objectType: 'key_period', objectId: created.id, after: input });
    return created;
  });
  return presentKeyPeriod(row);
}

export async function updateKeyPeriod(ctx: Ctx, id: number, input: UpdateKeyPeriod) {
  requireAccess(ctx.actor, 'rules.manage');
  const row = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(keyPeriods).where(and(eq(keyPeriods.id, id), eq(keyPeriods.districtId, ctx.actor.districtId))).for('update');
    if (!existing) throw notFound('重点时段');
    if (existing.version !== input.version) throw staleVersion();
    const next = { name: input.name ?? existing.name, startsOn: input.startsOn ?? existing.startsOn, endsOn: input.endsOn ?? existing.endsOn };
    checkSpan(next.startsOn, next.endsOn);
    const [updated] = await tx.update(keyPeriods).set({ ...next, version: existing.version + 1, updatedAt: ctx.now }).where(eq(keyPeriods.id, id)).returning();
    await writeAudit(tx, ctx, { action: 'update', objectType: 'key_period', objectId: id, before: { name: existing.name, startsOn: existing.startsOn, endsOn: existing.endsOn }, after: next });
    return updated;
  });
  return presentKeyPeriod(row);
}
