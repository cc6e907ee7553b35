// Counts upward, names never (issue 16): towns and the bureau see, per school, open records by kind
// and band, overdue follow-ups, closed and purged records, and this semester's screening coverage
// (001 items 9 and 20). Every query here reads codes and counts; none selects a sealed column.
import { and, eq, gte, inArray, like, lte, sql, type SQL } from 'drizzle-orm';
import type { CareSummary, CareSummaryRow } from '../../contracts/care.js';
import { concernKinds, screeningBands } from '../../contracts/care.js';
import type { SchoolStage } from '../../contracts/enums.js';
import { requiredGrades } from '../../domain/care.js';
import { lastEndedBefore, periodContaining, type Period } from '../../domain/rules/periods.js';
import { requireAccess, unitScope } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, todayOf, type Ctx } from '../context.js';
import { careRecords, carePurgeCounts, careScreenings, careSettings } from '../db/schema.js';
import { staleVersion } from '../errors.js';
import { school, town, townOfSchool } from '../ledger/recorded-ledger.js';
import { unitInScopeOr404 } from '../ledger/ledger-helpers.js';
import { periodInputs } from '../rules/calendars.service.js';
import { retentionDay } from '../../domain/care.js';

/** The semester judged: the calendar's containing today, else the last ended; without a calendar the half year (1 Sep–31 Jan, 1 Feb–31 Aug). */
export async function currentSemester(ctx: Ctx): Promise<Period> {
  const today = todayOf(ctx);
  const inputs = await periodInputs(ctx.db, ctx.actor.districtId);
  const p = periodContaining('semester', today, inputs) ?? lastEndedBefore('semester', today, inputs);
  if (p) return p;
  const y = Number(today.slice(0, 4));
  const m = today.slice(5, 7);
  if (m >= '09') return { kind: 'semester', key: `${y}-${y + 1}-1`, label: `${y}-${y + 1}学年第一学期`, startsOn: `${y}-09-01`, endsOn: `${y + 1}-01-31` };
  if (m === '01') return { kind: 'semester', key: `${y - 1}-${y}-1`, label: `${y - 1}-${y}学年第一学期`, startsOn: `${y - 1}-09-01`, endsOn: `${y}-01-31` };
  return { kind: 'semester', key: `${y - 1}-${y}-2`, label: `${y - 1}-${y}学年第二学期`, startsOn: `${y}-02-01`, endsOn: `${y}-08-31` };
}

const zeroes = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;

export async function careSummary(ctx: Ctx, q: { townId?: number; schoolId?: number }): Promise<CareSummary> {
  requireAccess(ctx.actor, 'care.summary');
  const today = todayOf(ctx);
  const semester = await currentSemester(ctx);
  const conds: SQL[] = [unitScope(ctx.actor, school), eq(school.kind, 'school'), eq(school.status, 'active')];
  if (q.townId) conds.push(like(school.path, `${(await unitInScopeOr404(ctx.db, ctx.actor, q.townId, '镇街')).path}%`));
  if (q.schoolId) conds.push(eq(school.id, (await unitInScopeOr404(ctx.db, ctx.actor, q.schoolId, '学校')).id));
  const schools = await ctx.db
    .select({ id: school.id, name: school.name, stage: school.stage, townName: town.name })
    .from(school)
    .leftJoin(town, townOfSchool)
    .where(and(...conds))
    .orderBy(school.path);
  const ids = schools.map((s) => s.id);
  const rows = new Map<number, CareSummaryRow>();
  for (const s of schools) {
    rows.set(s.id, {
      schoolId: s.id,
      schoolName: s.name,
      townName: s.townName,
      openRecords: 0,
      byKind: zeroes(concernKinds),
      byBand: zeroes(screeningBands),
      overdueFollowUps: 0,
      closedRecords: 0,
      purgedRecords: 0,
      requiredGrades: requiredGrades(s.stage as SchoolStage).length,
      screenedGrades: 0,
      studentsScreened: 0,
      screeningBands: zeroes(screeningBands),
    });
  }
  if (ids.length) {
    const inSchools = inArray(careRecords.schoolId, ids);
    // One row per school: per kind and band a filtered count, so nothing but numbers leaves the query.
    const perKind = Object.fromEntries(concernKinds.map((k) => [`k_${k}`, sql<number>`count(*) filter (where ${careRecords.status} = 'open' and ${k} = any(${careRecords.kinds}))::int`]));
    const perBand = Object.fromEntries(screeningBands.map((b) => [`b_${b}`, sql<number>`count(*) filter (where ${careRecords.status} = 'open' and ${careRecords.band} = ${b})::int`]));
    const [recs, screens, purged] = await Promise.all([
      ctx.db
        .select({
          schoolId: careRecords.schoolId,
          open: sql<number>`count(*) filter (where ${careRecords.status} = 'open')::int`,
          closed: sql<number>`count(*) filter (where ${careRecords.status} = 'closed')::int`,
          overdue: sql<number>`count(*) filter (where ${careRecords.status} = 'open' and ${careRecords.nextDueOn} < ${today})::int`,
          ...perKind,
          ...perBand,
        })
        .from(careRecords)
        .where(inSchools)
        .groupBy(careRecords.schoolId),
      ctx.db
        .select({
          schoolId: careScreenings.schoolId,
          grades: sql<number[]>`array_agg(distinct ${careScreenings.grade})`,
          screened: sql<number>`sum(${careScreenings.screened})::int`,
          none: sql<number>`sum((${careScreenings.bands}->>'none')::int)::int`,
          attention: sql<number>`sum((${careScreenings.bands}->>'attention')::int)::int`,
          concern: sql<number>`sum((${careScreenings.bands}->>'concern')::int)::int`,
          crisis: sql<number>`sum((${careScreenings.bands}->>'crisis')::int)::int`,
        })
        .from(careScreenings)
        .where(and(inArray(careScreenings.schoolId, ids), eq(careScreenings.status, 'recorded'), gte(careScreenings.screenedOn, semester.startsOn), lte(careScreenings.screenedOn, semester.endsOn < today ? semester.endsOn : today)))
        .groupBy(careScreenings.schoolId),
      ctx.db
        .select({ schoolId: carePurgeCounts.schoolId, n: sql<number>`sum(${carePurgeCounts.records})::int` })
        .from(carePurgeCounts)
        .where(inArray(carePurgeCounts.schoolId, ids))
        .groupBy(carePurgeCounts.schoolId),
    ]);
    for (const r of recs) {
      const row = rows.get(r.schoolId)!;
      Object.assign(row, { openRecords: r.open, closedRecords: r.closed, overdueFollowUps: r.overdue });
      const counts = r as unknown as Record<string, number>;
      for (const k of concernKinds) row.byKind[k] = counts[`k_${k}`] ?? 0;
      for (const b of screeningBands) row.byBand[b] = counts[`b_${b}`] ?? 0;
    }
    for (const s of screens) {
      const row = rows.get(s.schoolId)!;
      const stage = schools.find((x) => x.id === s.schoolId)!.stage as SchoolStage;
      const req = new Set(requiredGrades(stage));
      row.screenedGrades = (s.grades ?? []).filter((g) => req.has(Number(g))).length;
      row.studentsScreened = s.screened ?? 0;
      row.screeningBands = { none: s.none ?? 0, attention: s.attention ?? 0, concern: s.concern ?? 0, crisis: s.crisis ?? 0 };
    }
    for (const p of purged) rows.get(p.schoolId)!.purgedRecords = p.n;
  }
  const items = [...rows.values()];
  const sum = (f: (r: CareSummaryRow) => number) => items.reduce((a, r) => a + f(r), 0);
  const sumMap = (f: (r: CareSummaryRow) => Record<string, number>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, sum((r) => f(r)[k] ?? 0)]));
  return {
    semester: { startsOn: semester.startsOn, endsOn: semester.endsOn, label: semester.label },
    totals: {
      openRecords: sum((r) => r.openRecords),
      byKind: sumMap((r) => r.byKind, concernKinds),
      byBand: sumMap((r) => r.byBand, screeningBands),
      overdueFollowUps: sum((r) => r.overdueFollowUps),
      closedRecords: sum((r) => r.closedRecords),
      purgedRecords: sum((r) => r.purgedRecords),
      requiredGrades: sum((r) => r.requiredGrades),
      screenedGrades: sum((r) => r.screenedGrades),
      studentsScreened: sum((r) => r.studentsScreened),
      screeningBands: sumMap((r) => r.screeningBands, screeningBands),
    },
    items,
  };
}

// ---- the district's retention ------------------------------------------------------------------

export async function getCareSettings(ctx: Ctx) {
  requireAccess(ctx.actor, 'care.summary');
  const [s] = await ctx.db.select().from(careSettings).where(eq(careSettings.districtId, ctx.actor.districtId));
  return { retentionExtraYears: s?.retentionExtraYears ?? 0, version: s?.version ?? 0 };
}

/**
 * The bureau sets how many school years closed records are kept beyond the default (rules.manage);
 * the purge day of every closed, not yet purged record of the district moves with it.
 */
export async function updateCareSettings(ctx: Ctx, input: { version: number; retentionExtraYears: number }) {
  requireAccess(ctx.actor, 'rules.manage');
  return ctx.db.transaction(async (tx) => {
    const [s] = await tx.select().from(careSettings).where(eq(careSettings.districtId, ctx.actor.districtId)).for('update');
    if ((s?.version ?? 0) !== input.version) throw staleVersion();
    const version = input.version + 1;
    if (s) await tx.update(careSettings).set({ retentionExtraYears: input.retentionExtraYears, version, updatedAt: new Date() }).where(eq(careSettings.districtId, ctx.actor.districtId));
    else await tx.insert(careSettings).values({ districtId: ctx.actor.districtId, retentionExtraYears: input.retentionExtraYears, version });
    const closed = await tx.select({ id: careRecords.id, closedOn: careRecords.closedOn }).from(careRecords).where(and(eq(careRecords.districtId, ctx.actor.districtId), eq(careRecords.status, 'closed')));
    for (const r of closed) await tx.update(careRecords).set({ purgeOn: retentionDay(r.closedOn!, input.retentionExtraYears) }).where(eq(careRecords.id, r.id));
    await writeAudit(tx, auditCtx(ctx), { action: 'update', objectType: 'care_settings', objectId: ctx.actor.districtId, before: { retentionExtraYears: s?.retentionExtraYears ?? 0 }, after: { retentionExtraYears: input.retentionExtraYears } });
    return { retentionExtraYears: input.retentionExtraYears, version };
  });
}
