// The yearly safety assessment (安全绩效考核, issue 14; 001 items 22 and 27, 004): the district's
// scheme per year (every save a new version, audited), the computation of every unit's score from
// the sources (sources.ts) by the pure rules of src/domain/assessment.ts, the bureau's signed
// adjustments shown beside the computed scores, and publishing.
//
// Who sees what: the bureau (district scope) sees drafts and everything; other units see their own
// unit and the units below it (another school's score is a 404), once published.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  AdjustInput,
  AssessedKind,
  AssessmentGrade,
  IndicatorFigure,
  RunView,
  SaveScheme,
  SchemeView,
  ScoreRow,
  ScoresQuery,
  ScoresView,
  UnitScoreView,
} from '../../contracts/assessment.js';
import type { SchoolStage } from '../../contracts/enums.js';
import {
  DEFAULT_SCHEME,
  finalScore,
  gradeOf,
  rankWithin,
  schemeProblems,
  scoreUnit,
  townScore,
  type AssessmentSourceFacts,
  type EvidenceItem,
  type SchemeRules,
  type VetoItem,
} from '../../domain/assessment.js';
import { shanghaiDate } from '../../domain/dates.js';
import { can, requireAccess, unitScope, type Actor } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { assessmentRuns, assessmentSchemes, assessmentScores, units } from '../db/schema.js';
import { conflict, fieldError, notFound, staleVersion } from '../errors.js';
import { catchUpRecord, recordBacklog } from '../compliance/periods.service.js';
import { SOURCES, lastDueDay, vetoItems, type AssessedUnit, type SourceDef, type SourceInput } from './sources.js';

const u = alias(units, 'u');
const town = alias(units, 'town');
/**
 * Work on the year's compliance record a compute may do itself (schools × period-end days, about a
 * second): a small district's record is completed in the request, a large one's is left to the
 * scheduler so that the compute stays fast (issue 14); the run says what is not recorded yet.
 */
const COMPUTE_SCHOOL_DAYS = 2000;
/** Evidence items shown per indicator when a figure is opened (the ones not met first). */
const SHOWN_ITEMS = 200;

const yearSpan = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });
const mayManage = (actor: Actor) => can(actor, 'assessment.manage');
/** Drafts are the bureau's; the others see a year once it is published. */
const seesDrafts = (actor: Actor) => mayManage(actor) || actor.scope === 'district';

// ---- the scheme -----------------------------------------------------------------------------------

type SchemeRow = typeof assessmentSchemes.$inferSelect;

async function schemeRows(db: Executor, districtId: number, year: number): Promise<SchemeRow[]> {
  return db.select().from(assessmentSchemes).where(and(eq(assessmentSchemes.districtId, districtId), eq(assessmentSchemes.year, year))).orderBy(desc(assessmentSchemes.version));
}

const rulesOf = (r: SchemeRow): SchemeRules => ({ indicators: r.indicators as SchemeRules['indicators'], grades: r.grades as SchemeRules['grades'] });

export async function getScheme(ctx: Ctx, year: number): Promise<SchemeView> {
  requireAccess(ctx.actor, 'assessment.read');
  const rows = await schemeRows(ctx.db, ctx.actor.districtId, year);
  const cur = rows[0];
  const rules = cur ? rulesOf(cur) : DEFAULT_SCHEME;
  return {
    year,
    version: cur?.version ?? 0,
    indicators: rules.indicators,
    grades: rules.grades,
    reason: cur?.reason ?? null,
    savedByName: cur?.savedByName ?? null,
    savedAt: cur?.savedAt.toISOString() ?? null,
    history: rows.map((r) => ({
      version: r.version,
      reason: r.reason,
      savedByName: r.savedByName,
      savedAt: r.savedAt.toISOString(),
      weights: Object.fromEntries(rulesOf(r).indicators.map((i) => [i.code, i.weight])),
    })),
    mayManage: mayManage(ctx.actor),
  };
}

/** Saves the year's scheme as a new version (weights summing to 100, else 400 naming the field). */
export async function saveScheme(ctx: Ctx, input: SaveScheme): Promise<SchemeView> {
  requireAccess(ctx.actor, 'assessment.manage');
  const rules: SchemeRules = { indicators: input.indicators, grades: input.grades };
  const [problem] = schemeProblems(rules);
  if (problem) throw fieldError(problem.field, problem.message, problem.field.startsWith('grades') ? '等次分数线' : '考核指标');
  const districtId = ctx.actor.districtId;
  await ctx.db.transaction(async (tx) => {
    // One save at a time per district and year; the version check below then sees the latest.
    await tx.execute(sql`select pg_advisory_xact_lock(${0x41737365}::int, ${districtId * 10000 + input.year}::int)`);
    const [run] = await tx.select({ status: assessmentRuns.status }).from(assessmentRuns).where(and(eq(assessmentRuns.districtId, districtId), eq(assessmentRuns.year, input.year)));
    if (run?.status === 'published') throw conflict('ASSESSMENT_PUBLISHED', `${input.year} 年度考核结果已发布，方案不能再修改`);
    const [cur] = await schemeRows(tx, districtId, input.year);
    if ((cur?.version ?? undefined) !== input.version) throw staleVersion();
    const version = (cur?.version ?? 0) + 1;
    await tx.insert(assessmentSchemes).values({ districtId, year: input.year, version, indicators: rules.indicators, grades: rules.grades, reason: input.reason, savedBy: ctx.actor.id, savedByName: ctx.actor.displayName });
    await writeAudit(tx, auditCtx(ctx), {
      action: cur ? 'update' : 'create',
      objectType: 'assessment_scheme',
      objectId: `${input.year}`,
      before: cur ? { version: cur.version, ...rulesOf(cur) } : null,
      after: { version, ...rules, reason: input.reason },
    });
  });
  return getScheme(ctx, input.year);
}

// ---- computing --------------------------------------------------------------------------------------

interface UnitRow {
  id: number;
  kind: string;
  name: string;
  path: string;
  parentId: number | null;
  stage: string | null;
  areas: string[];
  createdAt: Date;
}

async function assessedUnits(db: Executor, districtId: number): Promise<UnitRow[]> {
  return db
    .select({ id: units.id, kind: units.kind, name: units.name, path: units.path, parentId: units.parentId, stage: units.stage, areas: units.areas, createdAt: units.createdAt })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.status, 'active'), sql`${units.kind} in ('school','department','town')`));
}

/** Every source's items for the units, by source; the sources not in SOURCES are absent (暂无数据). */
async function readSources(input: SourceInput, sources: SourceDef[] = SOURCES) {
  const read = await Promise.all(sources.map(async (s) => [s, await s.read({ ...input, units: input.units.filter((x) => s.kinds.includes(x.kind)) })] as const));
  return read;
}

function factsFor(unit: AssessedUnit, read: Awaited<ReturnType<typeof readSources>>): AssessmentSourceFacts {
  const facts: AssessmentSourceFacts = {};
  for (const [s, m] of read) if (s.kinds.includes(unit.kind)) facts[s.source] = { available: true, items: m.get(unit.id) ?? [] };
  return facts;
}

/** Final scores, grades, town scores and ranks of a year, recomputed from the stored rows (after a compute or an adjustment). */
async function rerank(tx: Executor, districtId: number, year: number, scheme: SchemeRules) {
  const rows = await tx
    .select({ unitId: assessmentScores.unitId, kind: assessmentScores.kind, score: assessmentScores.score, adjustedScore: assessmentScores.adjustedScore, vetoed: assessmentScores.vetoed, parentId: units.parentId, stage: units.stage })
    .from(assessmentScores)
    .innerJoin(units, eq(units.id, assessmentScores.unitId))
    .where(and(eq(assessmentScores.districtId, districtId), eq(assessmentScores.year, year)));
  const schools = rows.filter((r) => r.kind === 'school');
  const towns = rows.filter((r) => r.kind === 'town');
  const depts = rows.filter((r) => r.kind === 'department');
  // Towns from their schools (001 item 3: level by level): the mean of the schools' final scores.
  const townScores = new Map(towns.map((t) => [t.unitId, townScore(schools.filter((s) => s.parentId === t.unitId).map(finalScore))]));
  for (const t of towns) t.score = townScores.get(t.unitId) ?? null;
  const ranked = (list: typeof rows, group: (r: (typeof rows)[number]) => string) =>
    rankWithin(list.map((r) => ({ id: r.unitId, group: group(r), score: finalScore(r), vetoed: r.vetoed })));
  const inStage = new Map([...ranked(schools, (r) => r.stage ?? '-'), ...ranked(towns, () => 'town'), ...ranked(depts, () => 'department')]);
  const inTown = ranked(schools, (r) => String(r.parentId));
  const updates = rows.map((r) => ({
    unit_id: r.unitId,
    score: r.kind === 'town' ? r.score : null,
    town: r.kind === 'town',
    grade: gradeOf(finalScore(r), scheme.grades, r.vetoed),
    rs: inStage.get(r.unitId) ?? null,
    rt: r.kind === 'school' ? (inTown.get(r.unitId) ?? null) : null,
  }));
  if (!updates.length) return;
  await tx.execute(sql`
    update assessment_scores s set
      score = case when v.town then v.score else s.score end,
      grade = v.grade, rank_in_stage = v.rs, rank_in_town = v.rt
    from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as v(unit_id int, score numeric, town boolean, grade text, rs int, rt int)
    where s.year = ${year} and s.district_id = ${districtId} and s.unit_id = v.unit_id`);
}

async function currentScheme(db: Executor, districtId: number, year: number) {
  const [cur] = await schemeRows(db, districtId, year);
  if (!cur) throw fieldError('year', `请先保存 ${year} 年度考核方案`, '年度');
  return cur;
}

export interface ComputeTimings {
  periodsMs: number;
  sourcesMs: number;
  writeMs: number;
}

/**
 * Computes every unit's score of the year (a draft until published) from the year's compliance
 * record as stored: what the scheduler has not recorded yet is recorded first only when it is
 * little work (COMPUTE_SCHOOL_DAYS), else the run says how much is missing. Adjustments made
 * before are kept beside.
 */
export async function computeAssessment(ctx: Ctx, year: number, timings?: ComputeTimings): Promise<RunView> {
  requireAccess(ctx.actor, 'assessment.manage');
  const districtId = ctx.actor.districtId;
  const today = todayOf(ctx);
  const { from, to } = yearSpan(year);
  if (from > today) throw fieldError('year', '该年度尚未开始', '年度');
  const cur = await currentScheme(ctx.db, districtId, year);
  const scheme = rulesOf(cur);
  const [run0] = await ctx.db.select().from(assessmentRuns).where(and(eq(assessmentRuns.districtId, districtId), eq(assessmentRuns.year, year)));
  if (run0?.status === 'published') throw conflict('ASSESSMENT_PUBLISHED', `${year} 年度考核结果已发布，不能重新计算`);

  let t = Date.now();
  await catchUpRecord(ctx.db, districtId, from, to, today, COMPUTE_SCHOOL_DAYS);
  if (timings) timings.periodsMs = Date.now() - t;

  t = Date.now();
  const all = await assessedUnits(ctx.db, districtId);
  const scored: AssessedUnit[] = all.filter((x) => x.kind !== 'town').map((x) => ({ id: x.id, kind: x.kind as AssessedUnit['kind'], name: x.name, areas: x.areas }));
  const read = await readSources({ db: ctx.db, districtId, year, from, to, today, units: scored });
  const byId = new Map(all.map((x) => [x.id, x]));
  const computed = scored.map((x) => {
    const facts = factsFor(x, read);
    const joined = shanghaiDate(byId.get(x.id)!.createdAt);
    const s = scoreUnit(scheme, facts, { joinedOn: joined > from ? joined : null, veto: vetoItems(facts.incidents?.items) });
    return { unit: byId.get(x.id)!, s };
  });
  if (timings) timings.sourcesMs = Date.now() - t;

  t = Date.now();
  const view = await ctx.db.transaction(async (tx) => {
    const [run] = await tx.select().from(assessmentRuns).where(and(eq(assessmentRuns.districtId, districtId), eq(assessmentRuns.year, year))).for('update');
    if (run?.status === 'published') throw conflict('ASSESSMENT_PUBLISHED', `${year} 年度考核结果已发布，不能重新计算`);
    // Adjustments are the bureau's signed decisions: a new computation keeps them beside the new score.
    const kept = await tx
      .select()
      .from(assessmentScores)
      .where(and(eq(assessmentScores.districtId, districtId), eq(assessmentScores.year, year), sql`${assessmentScores.adjustmentReason} is not null`));
    const keptBy = new Map(kept.map((k) => [k.unitId, k]));
    await tx.delete(assessmentScores).where(and(eq(assessmentScores.districtId, districtId), eq(assessmentScores.year, year)));
    const adj = (id: number) => {
      const k = keptBy.get(id);
      return k
        ? { adjustedScore: k.adjustedScore, adjustmentReason: k.adjustmentReason, adjustedBy: k.adjustedBy, adjustedByName: k.adjustedByName, adjustedAt: k.adjustedAt, version: k.version + 1 }
        : {};
    };
    const values = [
      ...computed.map(({ unit, s }) => ({
        districtId,
        year,
        unitId: unit.id,
        unitPath: unit.path,
        kind: unit.kind,
        score: s.score,
        figures: s.indicators,
        vetoed: s.vetoed,
        veto: s.veto,
        ...adj(unit.id),
      })),
      ...all.filter((x) => x.kind === 'town').map((x) => ({ districtId, year, unitId: x.id, unitPath: x.path, kind: 'town', score: null, figures: [], ...adj(x.id) })),
    ];
    for (let i = 0; i < values.length; i += 1000) await tx.insert(assessmentScores).values(values.slice(i, i + 1000));
    await rerank(tx, districtId, year, scheme);
    const runValues = { status: 'draft', schemeVersion: cur.version, computedAt: ctx.now, computedByName: ctx.actor.displayName };
    if (run) await tx.update(assessmentRuns).set({ ...runValues, version: run.version + 1 }).where(and(eq(assessmentRuns.districtId, districtId), eq(assessmentRuns.year, year)));
    else await tx.insert(assessmentRuns).values({ districtId, year, ...runValues });
    await writeAudit(tx, auditCtx(ctx), {
      action: run ? 'update' : 'create',
      objectType: 'assessment_run',
      objectId: `${year}`,
      after: { year, schemeVersion: cur.version, units: values.length, vetoed: computed.filter((c) => c.s.vetoed).map((c) => c.unit.id) },
    });
    return runView(tx, ctx.actor, districtId, year, todayOf(ctx));
  });
  if (timings) timings.writeMs = Date.now() - t;
  return view;
}

async function runView(db: Executor, actor: Actor, districtId: number, year: number, today: string): Promise<RunView> {
  const [run] = await db.select().from(assessmentRuns).where(and(eq(assessmentRuns.districtId, districtId), eq(assessmentRuns.year, year)));
  const visible = run && (run.status === 'published' || seesDrafts(actor));
  const byGrade: Record<string, number> = {};
  if (visible) {
    const counts = await db
      .select({ grade: assessmentScores.grade, n: sql<number>`count(*)::int` })
      .from(assessmentScores)
      .innerJoin(u, eq(u.id, assessmentScores.unitId))
      .where(and(eq(assessmentScores.districtId, districtId), eq(assessmentScores.year, year), eq(assessmentScores.kind, 'school'), unitScope(actor, u)))
      .groupBy(assessmentScores.grade);
    for (const c of counts) byGrade[c.grade ?? 'none'] = c.n;
  }
  const { from, to } = yearSpan(year);
  const backlog = mayManage(actor) && lastDueDay({ to, today }) >= from ? await recordBacklog(db, districtId, from, to, today) : { pendingDays: 0, staleSchools: 0 };
  return {
    year,
    status: visible ? (run.status as RunView['status']) : 'none',
    version: visible ? run.version : 0,
    schemeVersion: visible ? run.schemeVersion : null,
    computedAt: visible ? run.computedAt.toISOString() : null,
    computedByName: visible ? run.computedByName : null,
    publishedAt: visible ? (run.publishedAt?.toISOString() ?? null) : null,
    publishedByName: visible ? run.publishedByName : null,
    byGrade,
    pendingPeriodDays: backlog.pendingDays,
    staleSchools: backlog.staleSchools,
    mayManage: mayManage(actor),
  };
}

export async function getRun(ctx: Ctx, year: number): Promise<RunView> {
  requireAccess(ctx.actor, 'assessment.read');
  return runView(ctx.db, ctx.actor, ctx.actor.districtId, year, todayOf(ctx));
}

export async function publishAssessment(ctx: Ctx, year: number, version: number): Promise<RunView> {
  requireAccess(ctx.actor, 'assessment.manage');
  const districtId = ctx.actor.districtId;
  return ctx.db.transaction(async (tx) => {
    const [run] = await tx.select().from(assessmentRuns).where(and(eq(assessmentRuns.districtId, districtId), eq(assessmentRuns.year, year))).for('update');
    if (!run) throw conflict('ASSESSMENT_NOT_COMPUTED', `${year} 年度考核尚未计算`);
    if (run.version !== version) throw staleVersion();
    if (run.status === 'published') throw conflict('ASSESSMENT_PUBLISHED', `${year} 年度考核结果已发布`);
    await tx
      .update(assessmentRuns)
      .set({ status: 'published', publishedAt: ctx.now, publishedByName: ctx.actor.displayName, version: run.version + 1 })
      .where(and(eq(assessmentRuns.districtId, districtId), eq(assessmentRuns.year, year)));
    await writeAudit(tx, auditCtx(ctx), { action: 'publish', objectType: 'assessment_run', objectId: `${year}`, before: { status: run.status }, after: { status: 'published', schemeVersion: run.schemeVersion } });
    return runView(tx, ctx.actor, districtId, year, todayOf(ctx));
  });
}

// ---- reading the scores --------------------------------------------------------------------------------

type ScoreSelect = { s: typeof assessmentScores.$inferSelect; name: string; stage: string | null; townId: number | null; townName: string | null };

function presentRow(r: ScoreSelect): ScoreRow {
  const s = r.s;
  return {
    unitId: s.unitId,
    unitName: r.name,
    kind: s.kind as AssessedKind,
    townId: s.kind === 'school' ? r.townId : null,
    townName: s.kind === 'school' ? r.townName : null,
    stage: (r.stage as SchoolStage | null) ?? null,
    score: s.score,
    adjustedScore: s.adjustedScore,
    adjustmentReason: s.adjustmentReason,
    adjustedByName: s.adjustedByName,
    adjustedAt: s.adjustedAt?.toISOString() ?? null,
    finalScore: finalScore(s),
    grade: (s.grade as AssessmentGrade | null) ?? null,
    vetoed: s.vetoed,
    rankInStage: s.rankInStage,
    rankInTown: s.rankInTown,
    figures: s.figures as IndicatorFigure[],
    version: s.version,
  };
}

const selectScores = (db: Executor) =>
  db
    .select({ s: assessmentScores, name: u.name, stage: u.stage, townId: town.id, townName: town.name })
    .from(assessmentScores)
    .innerJoin(u, eq(u.id, assessmentScores.unitId))
    .leftJoin(town, and(eq(town.id, u.parentId), eq(town.kind, 'town')));

async function visibleRun(ctx: Ctx, year: number) {
  const [run] = await ctx.db.select().from(assessmentRuns).where(and(eq(assessmentRuns.districtId, ctx.actor.districtId), eq(assessmentRuns.year, year)));
  return run && (run.status === 'published' || seesDrafts(ctx.actor)) ? run : null;
}

async function scoreConditions(ctx: Ctx, q: Omit<ScoresQuery, 'page' | 'pageSize'>): Promise<SQL> {
  const conds: SQL[] = [eq(assessmentScores.districtId, ctx.actor.districtId), eq(assessmentScores.year, q.year), eq(assessmentScores.kind, q.kind), unitScope(ctx.actor, u)];
  // A department officer sees the schools and the towns, and of the departments only its own.
  if (ctx.actor.scope === 'areas') conds.push(sql`(${u.kind} <> 'department' or ${u.id} = ${ctx.actor.unitId})`);
  if (q.townId) {
    const [t] = await ctx.db.select({ path: units.path }).from(units).where(and(eq(units.id, q.townId), unitScope(ctx.actor)));
    if (!t) throw notFound('镇街');
    conds.push(sql`${u.path} like ${`${t.path}%`}`);
  }
  if (q.stage) conds.push(eq(u.stage, q.stage));
  if (q.grade) conds.push(eq(assessmentScores.grade, q.grade));
  return and(...conds)!;
}

const byFinal = [sql`coalesce(${assessmentScores.adjustedScore}, ${assessmentScores.score}) desc nulls last`, asc(u.path)];

export async function listScores(ctx: Ctx, q: ScoresQuery): Promise<ScoresView> {
  requireAccess(ctx.actor, 'assessment.read');
  const run = await runView(ctx.db, ctx.actor, ctx.actor.districtId, q.year, todayOf(ctx));
  const [cur] = await schemeRows(ctx.db, ctx.actor.districtId, q.year);
  const indicators = (cur ? rulesOf(cur) : DEFAULT_SCHEME).indicators;
  if (run.status === 'none') return { run, indicators, items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const where = await scoreConditions(ctx, q);
  const [rows, [{ total }]] = await Promise.all([
    selectScores(ctx.db).where(where).orderBy(...byFinal).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(assessmentScores).innerJoin(u, eq(u.id, assessmentScores.unitId)).where(where),
  ]);
  return { run, indicators, items: rows.map(presentRow), total, page: q.page, pageSize: q.pageSize };
}

export async function exportScores(ctx: Ctx, q: Omit<ScoresQuery, 'page' | 'pageSize'>) {
  requireAccess(ctx.actor, 'assessment.read');
  const run = await visibleRun(ctx, q.year);
  const [cur] = await schemeRows(ctx.db, ctx.actor.districtId, q.year);
  const indicators = (cur ? rulesOf(cur) : DEFAULT_SCHEME).indicators;
  const rows = run ? (await selectScores(ctx.db).where(await scoreConditions(ctx, q)).orderBy(...byFinal)).map(presentRow) : [];
  await ctx.db.transaction((tx) => writeAudit(tx, auditCtx(ctx), { action: 'export', objectType: 'assessment_run', objectId: `${q.year}`, after: { filter: q, rows: rows.length } }));
  return { rows, indicators };
}

/** One unit's score opened down to its records: each indicator's items (read again for this unit), the veto, a town's schools. */
export async function unitScore(ctx: Ctx, unitId: number, year: number): Promise<UnitScoreView> {
  requireAccess(ctx.actor, 'assessment.read');
  const run = await visibleRun(ctx, year);
  if (!run) throw notFound('考核得分');
  const [row] = await selectScores(ctx.db).where(and(eq(assessmentScores.year, year), eq(assessmentScores.unitId, unitId), unitScope(ctx.actor, u), eq(assessmentScores.districtId, ctx.actor.districtId)));
  if (!row || (ctx.actor.scope === 'areas' && row.s.kind === 'department' && unitId !== ctx.actor.unitId)) throw notFound('考核得分');
  const view = presentRow(row);
  const scheme = rulesOf((await schemeRows(ctx.db, ctx.actor.districtId, year)).find((r) => r.version === run.schemeVersion)!);

  let facts: AssessmentSourceFacts = {};
  if (view.kind !== 'town') {
    const [unit] = await ctx.db.select({ id: units.id, kind: units.kind, name: units.name, areas: units.areas }).from(units).where(eq(units.id, unitId));
    const assessed: AssessedUnit = { id: unit.id, kind: unit.kind as AssessedUnit['kind'], name: unit.name, areas: unit.areas };
    const { from, to } = yearSpan(year);
    facts = factsFor(assessed, await readSources({ db: ctx.db, districtId: ctx.actor.districtId, year, from, to, today: todayOf(ctx), units: [assessed] }));
  }
  const figures = new Map(view.figures.map((f) => [f.code, f]));
  const schools =
    view.kind === 'town'
      ? (await selectScores(ctx.db).where(and(eq(assessmentScores.year, year), eq(assessmentScores.kind, 'school'), eq(u.parentId, unitId), unitScope(ctx.actor, u))).orderBy(...byFinal)).map(presentRow)
      : [];
  const order = (a: EvidenceItem, b: EvidenceItem) => Number(a.ok) - Number(b.ok) || (a.on ?? '').localeCompare(b.on ?? '');
  return {
    row: view,
    indicators: scheme.indicators.map((ind) => {
      const items = [...(facts[ind.source]?.items ?? [])].sort(order);
      return {
        ...ind,
        figure: figures.get(ind.code) ?? { code: ind.code, hasData: false, total: 0, met: 0, ratio: null, points: null, weight: ind.weight, note: '暂无数据' },
        items: items.slice(0, SHOWN_ITEMS),
        itemsTotal: items.length,
      };
    }),
    veto: row.s.veto as VetoItem[],
    schools: schools.map((s) => ({ unitId: s.unitId, unitName: s.unitName, finalScore: s.finalScore, grade: s.grade })),
    mayAdjust: mayManage(ctx.actor) && run.status !== 'published',
  };
}

/** The bureau's adjustment of a unit's score: signed with a written reason, audited, shown beside the computed score. */
export async function adjustScore(ctx: Ctx, unitId: number, input: AdjustInput): Promise<UnitScoreView> {
  requireAccess(ctx.actor, 'assessment.manage');
  const districtId = ctx.actor.districtId;
  await ctx.db.transaction(async (tx) => {
    const [run] = await tx.select().from(assessmentRuns).where(and(eq(assessmentRuns.districtId, districtId), eq(assessmentRuns.year, input.year))).for('update');
    if (!run) throw notFound('考核得分');
    if (run.status === 'published') throw conflict('ASSESSMENT_PUBLISHED', `${input.year} 年度考核结果已发布，不能再调整`);
    const [s] = await tx
      .select()
      .from(assessmentScores)
      .where(and(eq(assessmentScores.districtId, districtId), eq(assessmentScores.year, input.year), eq(assessmentScores.unitId, unitId)))
      .for('update');
    if (!s) throw notFound('考核得分');
    if (s.version !== input.version) throw staleVersion();
    await tx
      .update(assessmentScores)
      .set({ adjustedScore: input.adjustedScore, adjustmentReason: input.reason, adjustedBy: ctx.actor.id, adjustedByName: ctx.actor.displayName, adjustedAt: ctx.now, version: s.version + 1 })
      .where(and(eq(assessmentScores.year, input.year), eq(assessmentScores.unitId, unitId)));
    const cur = (await schemeRows(tx, districtId, input.year)).find((r) => r.version === run.schemeVersion)!;
    await rerank(tx, districtId, input.year, rulesOf(cur));
    await writeAudit(tx, auditCtx(ctx), {
      action: 'update',
      objectType: 'assessment_score',
      objectId: `${input.year}:${unitId}`,
      before: { score: s.score, adjustedScore: s.adjustedScore, reason: s.adjustmentReason },
      after: { adjustedScore: input.adjustedScore, reason: input.reason },
    });
  });
  return unitScore(ctx, unitId, input.year);
}
