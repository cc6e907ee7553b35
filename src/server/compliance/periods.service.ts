// The year's record of compliance (issue 14): each school's finding per rule and period, kept once
// the period has ended, and a school's periods per rule as of any day.
//
// The rollup (rollup.service.ts) keeps only today's finding per rule: a missed period disappears
// once the next one is met. Evaluating 1,000 schools takes seconds (BENCHMARKS.md), so the year
// cannot be evaluated a dozen times per request: the district is evaluated once as of each day a
// period ends (month, quarter, semester, holiday, school year, key period ends) and the findings of
// the periods ending that day are stored in compliance_periods. The scheduler fills the days one at
// a time as they pass (like the trend's months); the assessment reads the rows. One school's view
// as of a day reads its stored rows and evaluates only that school, live, for the days not stored
// yet and for the day itself: the engine is pure and takes the as-of day.
//
// A stored period is evaluated again when a record dated inside it changes later (a drill entered
// late for last month): the ledgers' triggers mark the school in compliance_period_marks with the
// earliest day the changed rows name (migration 0023), and refreshMarkedPeriods evaluates the
// school again as of each stored day from then on — for one school when its record is read, for
// the district in the scheduler's job and, when the work is small, before the assessment computes.
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { CompliancePeriodsQuery, CompliancePeriodsView, PeriodFindingView } from '../../contracts/compliance.js';
import type { FindingStatus } from '../../contracts/rules.js';
import { addDays } from '../../domain/dates.js';
import { monthOf, type Period, type PeriodContext } from '../../domain/rules/periods.js';
import { requireAccess } from '../access/access.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { compliancePeriodMarks, compliancePeriodRuns, compliancePeriods, districts, units } from '../db/schema.js';
import { fieldError } from '../errors.js';
import { unitInScopeOr404 } from '../ledger/ledger-helpers.js';
import { periodInputs } from '../rules/calendars.service.js';
import { ledgerOf } from '../rules/rules.service.js';
import { evaluateSchools, judgedRules } from './rollup.service.js';

type FindingRow = Awaited<ReturnType<typeof evaluateSchools>>[number];
type PeriodRow = typeof compliancePeriods.$inferInsert;

const INSERT_BATCH = 2000;

/** Every day in [from, to] on which some period ends: month ends and the declared periods' ends. */
export function periodEndDays(from: string, to: string, ctx: PeriodContext): string[] {
  const days = new Set<string>();
  for (let m = monthOf(from); m.startsOn <= to; m = monthOf(addDays(m.endsOn, 1))) if (m.endsOn >= from && m.endsOn <= to) days.add(m.endsOn);
  const spans = [
    ...ctx.calendars.flatMap((c) => [...c.semesters, ...c.holidays, { endsOn: c.semesters[1].endsOn }]),
    ...ctx.keyPeriods,
  ];
  for (const s of spans) if (s.endsOn >= from && s.endsOn <= to) days.add(s.endsOn);
  return [...days].sort();
}

/**
 * The findings of an evaluation as of `day` that close a period that day. A rule without a period
 * (a state, such as insurance cover) is kept at each month's end, as the month's state.
 * A period not met by its last day is missed: due_soon on the last day means nothing was done.
 */
export function closedPeriodRows(rows: FindingRow[], day: string): PeriodRow[] {
  const monthEnd = monthOf(day).endsOn === day;
  const out: PeriodRow[] = [];
  for (const r of rows) {
    if (r.status === 'not_applicable') continue;
    let period = r.period as Period | null;
    if (period && period.endsOn !== day) continue;
    if (!period) {
      if (!monthEnd) continue;
      const m = monthOf(day);
      period = { kind: 'current', key: `state:${m.key}`, label: `${m.label}末`, startsOn: m.startsOn, endsOn: day };
    }
    const status = r.status === 'due_soon' ? 'missed' : r.status;
    out.push({
      districtId: r.districtId,
      unitId: r.unitId,
      unitPath: r.unitPath,
      ruleCode: r.ruleCode,
      periodKey: period.key,
      period,
      endsOn: period.endsOn,
      status,
      value: r.value,
      target: r.target,
      dueOn: r.dueOn,
      recordIds: r.recordIds,
      explanation: r.status === 'due_soon' ? `${r.explanation}（时段已结束）` : r.explanation,
    });
  }
  return out;
}

/** The period-end days of [from, to] (to before today) the district has not been evaluated on yet. */
export async function pendingPeriodDays(db: Executor, districtId: number, from: string, to: string): Promise<string[]> {
  const days = periodEndDays(from, to, await periodInputs(db, districtId));
  if (days.length === 0) return [];
  const done = await db
    .select({ asOf: compliancePeriodRuns.asOf })
    .from(compliancePeriodRuns)
    .where(and(eq(compliancePeriodRuns.districtId, districtId), inArray(compliancePeriodRuns.asOf, days)));
  const have = new Set(done.map((d) => d.asOf));
  return days.filter((d) => !have.has(d));
}

/**
 * Evaluates the district as of the pending period-end days of [from, to] (days before today only:
 * a period ending today may still be met today), `limit` days at most, and stores the closed
 * periods' findings. Returns the days evaluated.
 */
export async function recordPeriods(db: Executor, districtId: number, from: string, to: string, today: string, opts: { limit?: number } = {}): Promise<string[]> {
  const last = to < today ? to : addDays(today, -1);
  if (last < from) return [];
  const todo = (await pendingPeriodDays(db, districtId, from, last)).slice(0, opts.limit ?? Infinity);
  for (const day of todo) {
    await db.transaction(async (tx) => {
      const { pack, judged } = await judgedRules(tx, districtId);
      const rows = closedPeriodRows(await evaluateSchools(tx, districtId, day, judged), day);
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await tx
          .insert(compliancePeriods)
          .values(rows.slice(i, i + INSERT_BATCH))
          .onConflictDoUpdate({
            target: [compliancePeriods.unitId, compliancePeriods.ruleCode, compliancePeriods.periodKey],
            set: {
              status: sql`excluded.status`,
              value: sql`excluded.value`,
              target: sql`excluded.target`,
              dueOn: sql`excluded.due_on`,
              recordIds: sql`excluded.record_ids`,
              explanation: sql`excluded.explanation`,
              period: sql`excluded.period`,
              endsOn: sql`excluded.ends_on`,
            },
          });
      }
      await tx.insert(compliancePeriodRuns).values({ districtId, asOf: day, packVersion: pack.version }).onConflictDoNothing();
    });
  }
  return todo;
}

/** The period-end days still to record and the schools whose stored periods wait to be evaluated again. */
export async function recordBacklog(db: Executor, districtId: number, from: string, to: string, today: string): Promise<{ pendingDays: number; staleSchools: number }> {
  const last = to < today ? to : addDays(today, -1);
  const pendingDays = last >= from ? (await pendingPeriodDays(db, districtId, from, last)).length : 0;
  return { pendingDays, staleSchools: (await markedWork(db, districtId)).schools.filter((s) => s.days.length > 0).length };
}

/** The marked schools (of the list, else of the district) and, per school, the stored days recorded before its mark from its day on. */
async function markedWork(db: Executor, districtId: number, unitIds?: number[]) {
  const only = unitIds ? sql`and m.unit_id = any(${`{${unitIds.join(',')}}`}::int[])` : sql``;
  const { rows: marks } = (await db.execute(
    sql`select m.unit_id as "unitId", m.marked_at::text as "markedAt" from compliance_period_marks m where m.district_id = ${districtId} ${only} order by m.unit_id`,
  )) as unknown as { rows: Array<{ unitId: number; markedAt: string }> };
  const { rows: work } = (await db.execute(
    sql`select m.unit_id as "unitId", r.as_of::text as day
        from compliance_period_marks m
        join compliance_period_runs r on r.district_id = m.district_id
          and (m.from_day is null or r.as_of >= m.from_day) and r.evaluated_at < m.marked_at
        where m.district_id = ${districtId} ${only}`,
  )) as unknown as { rows: Array<{ unitId: number; day: string }> };
  const days = new Map<number, string[]>();
  for (const w of work) days.set(w.unitId, [...(days.get(w.unitId) ?? []), w.day]);
  return { schools: marks.map((m) => ({ ...m, days: days.get(m.unitId) ?? [] })) };
}

/**
 * Evaluates again, as of each stored day from the mark's day on, the schools whose records dated
 * in the past changed (compliance_period_marks), and replaces their stored periods of those days.
 * `maxSchoolDays` bounds the work (schools × days; a school is taken whole or left for later).
 * Returns the schools done and those left.
 */
export async function refreshMarkedPeriods(db: Executor, districtId: number, opts: { unitIds?: number[]; maxSchoolDays?: number } = {}): Promise<{ schools: number; schoolDays: number; left: number }> {
  const { schools } = await markedWork(db, districtId, opts.unitIds);
  if (!schools.length) return { schools: 0, schoolDays: 0, left: 0 };
  const budget = opts.maxSchoolDays ?? Infinity;
  const taken: typeof schools = [];
  let cost = 0;
  for (const s of schools) {
    if (cost + s.days.length > budget) continue;
    taken.push(s);
    cost += s.days.length;
  }
  if (!taken.length) return { schools: 0, schoolDays: 0, left: schools.length };
  const byDay = new Map<string, number[]>();
  for (const s of taken) for (const d of s.days) byDay.set(d, [...(byDay.get(d) ?? []), s.unitId]);
  await db.transaction(async (tx) => {
    const { judged } = await judgedRules(tx, districtId);
    for (const [day, ids] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
      const rows = closedPeriodRows(await evaluateSchools(tx, districtId, day, judged, ids), day);
      await tx.delete(compliancePeriods).where(and(inArray(compliancePeriods.unitId, ids), eq(compliancePeriods.endsOn, day)));
      for (let i = 0; i < rows.length; i += INSERT_BATCH) await tx.insert(compliancePeriods).values(rows.slice(i, i + INSERT_BATCH));
    }
    // A school marked again while this ran keeps its mark (its newer change is evaluated next time).
    const upTo = taken.reduce((m, s) => (s.markedAt > m ? s.markedAt : m), taken[0].markedAt);
    await tx.delete(compliancePeriodMarks).where(and(inArray(compliancePeriodMarks.unitId, taken.map((s) => s.unitId)), sql`${compliancePeriodMarks.markedAt} <= ${upTo}::timestamptz`));
  });
  return { schools: taken.length, schoolDays: cost, left: schools.length - taken.length };
}

/**
 * The year's record made complete before the assessment reads it, when that is little work: the
 * pending period-end days are recorded if (active schools × days) is within `maxSchoolDays`, and
 * the marked schools are evaluated again within what is left. A large district's record is the
 * scheduler's job (recordPeriodsStep): the assessment then reads what is stored and says what is
 * not (RunView.pendingPeriodDays, staleSchools), so the request stays fast.
 */
export async function catchUpRecord(db: Executor, districtId: number, from: string, to: string, today: string, maxSchoolDays: number): Promise<void> {
  const last = to < today ? to : addDays(today, -1);
  if (last < from) return;
  const pending = await pendingPeriodDays(db, districtId, from, last);
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active')));
  let left = maxSchoolDays;
  if (pending.length && pending.length * n <= left) {
    await recordPeriods(db, districtId, from, to, today);
    left -= pending.length * n;
  }
  await refreshMarkedPeriods(db, districtId, { maxSchoolDays: left });
}

/** School-days the scheduler's job evaluates per run (about a minute for 1,000 schools on PostgreSQL). */
const JOB_SCHOOL_DAYS = 12_000;

/**
 * The scheduler's part: the marked schools evaluated again, then pending days of last year (until
 * complete) and of this year, oldest first, within JOB_SCHOOL_DAYS (at least one day per run).
 */
export async function recordPeriodsStep(db: Executor, districtId: number, today: string): Promise<string[]> {
  const year = Number(today.slice(0, 4));
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active')));
  const marked = await refreshMarkedPeriods(db, districtId, { maxSchoolDays: JOB_SCHOOL_DAYS / 2 });
  const daysLeft = Math.max(1, Math.floor((JOB_SCHOOL_DAYS - marked.schoolDays) / Math.max(1, n)));
  const lastYear = await recordPeriods(db, districtId, `${year - 1}-01-01`, `${year - 1}-12-31`, today, { limit: daysLeft });
  if (lastYear.length >= daysLeft) return lastYear;
  return [...lastYear, ...(await recordPeriods(db, districtId, `${year}-01-01`, `${year}-12-31`, today, { limit: daysLeft - lastYear.length }))];
}

const toView = (r: { period?: unknown; status: string; value: number | null; target: number | null; dueOn: string | null; recordIds: string[]; explanation: string }, closed: boolean): PeriodFindingView => ({
  period: r.period as Period,
  status: r.status as FindingStatus,
  value: r.value,
  target: r.target,
  dueOn: r.dueOn,
  recordIds: r.recordIds.map(Number),
  explanation: r.explanation,
  closed,
});

/**
 * A school's periods of the year of `asOf`, per rule: those ended before the day (stored, or
 * evaluated now for this school when the district's record has not reached them yet) and the
 * finding as of the day itself for the period under way.
 */
export async function compliancePeriodsOf(ctx: Ctx, q: CompliancePeriodsQuery): Promise<CompliancePeriodsView> {
  requireAccess(ctx.actor, 'compliance.read');
  const today = todayOf(ctx);
  const asOf = q.asOf ?? today;
  if (asOf > today) throw fieldError('asOf', '不能晚于今天');
  const u = await unitInScopeOr404(ctx.db, ctx.actor, q.unitId, '学校');
  if (u.kind !== 'school') throw fieldError('unitId', '请选择学校');
  const districtId = ctx.actor.districtId;
  const [school] = await ctx.db.select({ name: units.name }).from(units).where(eq(units.id, u.id));
  const from = `${asOf.slice(0, 4)}-01-01`;
  const yesterday = addDays(asOf, -1);
  // Its stored periods evaluated again first if a record dated inside them changed since.
  await refreshMarkedPeriods(ctx.db, districtId, { unitIds: [u.id] });
  const { judged } = await judgedRules(ctx.db, districtId);

  const stored = await ctx.db
    .select()
    .from(compliancePeriods)
    .where(and(eq(compliancePeriods.unitId, u.id), gte(compliancePeriods.endsOn, from), lte(compliancePeriods.endsOn, yesterday)))
    .orderBy(asc(compliancePeriods.endsOn));
  const byRule = new Map<string, Map<string, PeriodFindingView>>();
  const put = (ruleCode: string, v: PeriodFindingView) => {
    const m = byRule.get(ruleCode) ?? new Map<string, PeriodFindingView>();
    if (!m.has(v.period.key)) m.set(v.period.key, v);
    byRule.set(ruleCode, m);
  };
  for (const r of stored) put(r.ruleCode, toView(r, true));

  // The days the district's record has not reached: this one school, evaluated live.
  const missing = yesterday >= from ? await pendingPeriodDays(ctx.db, districtId, from, yesterday) : [];
  for (const day of missing) {
    for (const r of closedPeriodRows(await evaluateSchools(ctx.db, districtId, day, judged, [u.id]), day)) put(r.ruleCode, toView({ ...r, value: r.value ?? null, target: r.target ?? null, dueOn: r.dueOn ?? null, recordIds: r.recordIds ?? [] }, true));
  }
  // As of the day itself: the periods under way.
  for (const r of await evaluateSchools(ctx.db, districtId, asOf, judged, [u.id])) {
    if (r.status === 'not_applicable' || !r.period) continue;
    put(r.ruleCode, toView({ ...r, value: r.value ?? null, target: r.target ?? null, dueOn: r.dueOn ?? null, recordIds: r.recordIds ?? [] }, false));
  }

  return {
    asOf,
    unitId: u.id,
    unitName: school.name,
    rules: judged
      .filter((r) => byRule.has(r.code))
      .map((r) => ({
        ruleCode: r.code,
        ruleDescription: r.description,
        ledger: ledgerOf(r),
        periods: [...byRule.get(r.code)!.values()].sort((a, b) => a.period.endsOn.localeCompare(b.period.endsOn)),
      })),
  };
}

/** The scheduler's job: one more pending period-end day of every district. */
export async function recordAllPeriods(db: Executor, today: string): Promise<void> {
  const ds = await db.select({ id: districts.id }).from(districts);
  for (const d of ds) await recordPeriodsStep(db, d.id, today);
}
