// The risk list (安全风险清单, issue 13; 003, 004): each school's risk points with their colour
// (likelihood × severity, bands of the rule pack), controls and the person responsible, and the six
// mechanisms of 004 as signed steps in one audited transaction each: identified (查找), assessed
// (研判), reviewed on time (预警: the due day from the pack's cadence and the calendar's windows),
// controls (防范), escalated or turned into a hazard of the register when a control fails (处置),
// the person responsible and the signer of every step (责任). Another unit's risk is 404; a stale
// version 409.
import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SafetyArea } from '../../contracts/enums.js';
import type {
  CreateRisk,
  EscalateRisk,
  RetireRisk,
  ReviewRisk,
  RiskAction,
  RiskCadence,
  RiskDue,
  RiskHazard,
  RiskKind,
  RiskLevel,
  RiskListQuery,
  RiskMatrix,
  RiskSeason,
  RiskStep,
  RiskView,
  UpdateRisk,
} from '../../contracts/risks.js';
import { riskLevels, riskSeasons } from '../../contracts/risks.js';
import { addDays } from '../../domain/dates.js';
import { reviewDemand, reviewStateOf, riskLevelOf, seasonProblem } from '../../domain/risks.js';
import { riskReviewOf } from '../../domain/rules/pack.js';
import type { PeriodContext } from '../../domain/rules/periods.js';
import type { RiskReviewSection } from '../../domain/rules/risk-review.js';
import { can, requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { schoolRef, userRef } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor, Tx } from '../db/client.js';
import { hazards, riskCounts, riskPoints, riskSteps, rulePacks, rulePackVersions, units, users } from '../db/schema.js';
import { conflict, fieldError, notFound, staleVersion } from '../errors.js';
import { createHazardTx } from '../hazards/hazards.service.js';
import { placeFilters } from '../ledger/ledger-helpers.js';
import { periodInputs } from '../rules/calendars.service.js';

export type RiskRow = typeof riskPoints.$inferSelect;

export const riskScope = (actor: Actor) => schoolLedgerScope(actor, riskPoints);

// ---- the pack's section and the calendar ------------------------------------------------------

/** The risk list's section of the district's rule pack in force (the default when none is stored yet). */
export async function riskSectionOf(db: Executor, districtId: number): Promise<{ section: RiskReviewSection; packVersion: number }> {
  const [row] = await db
    .select({ section: rulePackVersions.riskReviewDays, number: rulePackVersions.number })
    .from(rulePacks)
    .innerJoin(rulePackVersions, and(eq(rulePackVersions.packId, rulePacks.id), eq(rulePackVersions.number, rulePacks.currentVersion)))
    .where(eq(rulePacks.districtId, districtId));
  return { section: riskReviewOf({ riskReviewDays: (row?.section as RiskReviewSection | null) ?? undefined }), packVersion: row?.number ?? 1 };
}

interface Judge {
  section: RiskReviewSection;
  ctx: PeriodContext;
  today: string;
}

async function judgeOf(db: Executor, districtId: number, today: string): Promise<Judge> {
  const [{ section }, ctx] = await Promise.all([riskSectionOf(db, districtId), periodInputs(db, districtId)]);
  return { section, ctx, today };
}

/** The day a risk's next review is due and why (null once retired). */
export function demandOf(row: Pick<RiskRow, 'level' | 'kind' | 'season' | 'lastReviewedOn' | 'status'>, j: Judge) {
  if (row.status !== 'active') return null;
  return reviewDemand({ level: row.level as RiskLevel, kind: row.kind as RiskKind, season: row.season as RiskSeason | null, lastReviewedOn: row.lastReviewedOn }, j.section, j.ctx, j.today);
}

export async function getRiskCadence(ctx: Ctx): Promise<RiskCadence> {
  requireAccess(ctx.actor, 'risk.read');
  const { section, packVersion } = await riskSectionOf(ctx.db, ctx.actor.districtId);
  return {
    packVersion,
    days: section.days,
    leadDays: section.leadDays,
    seasons: riskSeasons.map((season) => ({ season, ...section.seasons[season] })),
    bands: section.bands,
    notes: section.notes,
  };
}

// ---- reading ---------------------------------------------------------------------------------

const school = alias(units, 'school');
const town = alias(units, 'town');
const owner = alias(users, 'owner');

const listColumns = { risk: riskPoints, schoolName: school.name, townName: town.name, ownerName: owner.displayName, hazardCode: hazards.code };
type ListRow = { risk: RiskRow; schoolName: string; townName: string | null; ownerName: string; hazardCode: string | null };

function selectRisks(db: Executor) {
  return db
    .select(listColumns)
    .from(riskPoints)
    .innerJoin(school, eq(school.id, riskPoints.schoolId))
    .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
    .innerJoin(owner, eq(owner.id, riskPoints.controlOwnerId))
    .leftJoin(hazards, eq(hazards.id, riskPoints.hazardId));
}

function actionsOf(actor: Actor, r: RiskRow): RiskAction[] {
  if (r.status !== 'active' || !can(actor, 'risk.manage')) return [];
  const out: RiskAction[] = ['edit', 'review'];
  if (!r.escalatedOn) out.push('escalate');
  out.push('raise_hazard', 'retire');
  return out;
}

function present(actor: Actor, l: ListRow, j: Judge): RiskView {
  const r = l.risk;
  const d = demandOf(r, j);
  return {
    id: r.id,
    schoolId: r.schoolId,
    schoolName: l.schoolName,
    townName: l.townName,
    area: r.area as SafetyArea,
    place: r.place,
    riskName: r.name,
    likelihood: r.likelihood,
    severity: r.severity,
    score: r.likelihood * r.severity,
    level: r.level as RiskLevel,
    riskKind: r.kind as RiskKind,
    season: r.season as RiskSeason | null,
    controls: r.controls,
    controlOwnerId: r.controlOwnerId,
    controlOwnerName: l.ownerName,
    identifiedOn: r.identifiedOn,
    lastReviewedOn: r.lastReviewedOn,
    reviewDueOn: d?.dueOn ?? null,
    reviewReason: d?.reason ?? null,
    reviewState: d ? reviewStateOf(d.dueOn, j.today, j.section.leadDays) : 'retired',
    escalatedOn: r.escalatedOn,
    escalationNote: r.escalationNote,
    hazardId: r.hazardId,
    hazardCode: l.hazardCode,
    status: r.status as RiskView['status'],
    sourceType: r.sourceType,
    sourceId: r.sourceId,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    actions: actionsOf(actor, r),
  };
}

export async function riskFilter(ctx: Ctx, q: Partial<RiskListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [riskScope(ctx.actor), ...(await placeFilters(ctx, riskPoints, q))];
  conds.push(eq(riskPoints.status, q.status ?? 'active'));
  if (q.level) conds.push(eq(riskPoints.level, q.level));
  if (q.riskKind) conds.push(eq(riskPoints.kind, q.riskKind));
  if (q.area) conds.push(eq(riskPoints.area, q.area));
  if (q.escalated === 'true') conds.push(isNotNull(riskPoints.escalatedOn));
  if (q.escalated === 'false') conds.push(isNull(riskPoints.escalatedOn));
  if (q.q) conds.push(or(ilike(riskPoints.name, `%${q.q}%`), ilike(riskPoints.place, `%${q.q}%`)));
  return and(...conds)!;
}

const LEVEL_ORDER = sql`array_position(array['red','orange','yellow','blue']::text[], ${riskPoints.level})`;

export async function listRisks(ctx: Ctx, q: RiskListQuery) {
  requireAccess(ctx.actor, 'risk.read');
  const where = await riskFilter(ctx, q);
  const [rows, [{ n }], j] = await Promise.all([
    selectRisks(ctx.db)
      .where(where)
      .orderBy(LEVEL_ORDER, asc(riskPoints.schoolId), desc(riskPoints.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(riskPoints).where(where),
    judgeOf(ctx.db, ctx.actor.districtId, todayOf(ctx)),
  ]);
  return { items: rows.map((r) => present(ctx.actor, r, j)), total: n, page: q.page, pageSize: q.pageSize };
}

/** Every risk of the filter for the Excel export, in keyset batches. */
export function riskBatchFetcher(ctx: Ctx, where: SQL) {
  let judge: Judge | null = null;
  return async (afterId: number, limit: number) => {
    judge ??= await judgeOf(ctx.db, ctx.actor.districtId, todayOf(ctx));
    const rows = await selectRisks(ctx.db)
      .where(and(where, sql`${riskPoints.id} > ${afterId}`))
      .orderBy(asc(riskPoints.id))
      .limit(limit);
    return rows.map((r) => present(ctx.actor, r, judge!));
  };
}

async function rowInScope(db: Executor, actor: Actor, id: number, forUpdate = false): Promise<RiskRow> {
  const q = db.select().from(riskPoints).where(and(eq(riskPoints.id, id), riskScope(actor)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('安全风险');
  return row;
}

export async function getRisk(ctx: Ctx, id: number): Promise<RiskView> {
  requireAccess(ctx.actor, 'risk.read');
  const [row] = await selectRisks(ctx.db).where(and(eq(riskPoints.id, id), riskScope(ctx.actor)));
  if (!row) throw notFound('安全风险');
  const [steps, j] = await Promise.all([
    ctx.db
      .select({ step: riskSteps, hazardCode: hazards.code })
      .from(riskSteps)
      .leftJoin(hazards, eq(hazards.id, riskSteps.hazardId))
      .where(eq(riskSteps.riskId, id))
      .orderBy(asc(riskSteps.id)),
    judgeOf(ctx.db, ctx.actor.districtId, todayOf(ctx)),
  ]);
  return {
    ...present(ctx.actor, row, j),
    steps: steps.map(({ step: s, hazardCode }) => ({
      id: s.id,
      action: s.action as RiskStep,
      on: s.on,
      note: s.note,
      level: s.level as RiskLevel | null,
      hazardId: s.hazardId,
      hazardCode,
      actorName: s.actorName,
      actorUnitName: s.actorUnitName,
      at: s.at.toISOString(),
    })),
  };
}

/** The active people of a school in the caller's scope, who may be made responsible for its controls. */
export async function riskOwners(ctx: Ctx, schoolId: number) {
  requireAccess(ctx.actor, 'risk.read');
  const s = await schoolRef(ctx.db, ctx.actor, schoolId);
  const rows = await ctx.db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.unitId, s.id), eq(users.status, 'active')))
    .orderBy(asc(users.displayName));
  return { items: rows };
}

// ---- writing ---------------------------------------------------------------------------------

function notAfterToday(ctx: Ctx, field: string, day: string, label?: string) {
  if (day > todayOf(ctx)) throw fieldError(field, '不能晚于今天', label);
}

function checkSeason(kind: RiskKind, season: RiskSeason | null) {
  const p = seasonProblem(kind, season);
  if (p) throw fieldError(p.field, p.message);
}

async function ownerOf(tx: Executor, actor: Actor, id: number, schoolPath: string) {
  return userRef(tx, actor, id, { field: 'controlOwnerId', what: '管控责任人', within: schoolPath, notWithinMessage: (u) => `${u.displayName}不是本校人员`, label: '管控责任人' });
}

async function step(tx: Tx, ctx: Ctx, riskId: number, action: RiskStep, on: string, o: { note?: string; level?: RiskLevel | null; hazardId?: number | null } = {}) {
  await tx.insert(riskSteps).values({
    riskId,
    districtId: ctx.actor.districtId,
    action,
    on,
    note: o.note ?? '',
    level: o.level ?? null,
    hazardId: o.hazardId ?? null,
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName,
    actorUnitName: ctx.actor.unitName,
    at: ctx.now,
  });
}

export interface NewRisk {
  schoolId: number;
  area: SafetyArea;
  place: string;
  riskName: string;
  likelihood: number;
  severity: number;
  riskKind: RiskKind;
  season?: RiskSeason | null;
  controls: string;
  /** A person of the school, responsible for the controls. */
  controlOwnerId: number;
  identifiedOn: string;
  /** Another mechanism raising the risk: what it is ('incident', 'warning', 'inspection' …) and which record. */
  sourceType?: string | null;
  sourceId?: string | number | null;
  /** Said in the first step ('由突发事件 TF-2026-0003 研判'). */
  note?: string;
}

/**
 * Raises a risk in the caller's transaction, for this module and for other mechanisms (an incident,
 * a warning, a surroundings check "beyond the gate"): the risk is identified and assessed (its
 * colour from likelihood × severity by the bands of the district's pack), its first step signed by
 * the caller, audited. Checks what every caller needs: the school in the caller's scope (else 404),
 * the person responsible of that school (else 400 naming controlOwnerId), the kind and season
 * together, the day not after today. The caller checks the permission (risk.manage, or its own).
 */
export async function raiseRisk(tx: Tx, ctx: Ctx, input: NewRisk): Promise<{ id: number; level: RiskLevel }> {
  const season = input.season ?? null;
  checkSeason(input.riskKind, season);
  notAfterToday(ctx, 'identifiedOn', input.identifiedOn);
  const s = await schoolRef(tx, ctx.actor, input.schoolId);
  await ownerOf(tx, ctx.actor, input.controlOwnerId, s.path);
  const { section } = await riskSectionOf(tx, ctx.actor.districtId);
  const level = riskLevelOf(input.likelihood, input.severity, section.bands);
  const [row] = await tx
    .insert(riskPoints)
    .values({
      districtId: ctx.actor.districtId,
      schoolId: s.id,
      schoolPath: s.path,
      area: input.area,
      place: input.place,
      name: input.riskName,
      likelihood: input.likelihood,
      severity: input.severity,
      level,
      kind: input.riskKind,
      season,
      controls: input.controls,
      controlOwnerId: input.controlOwnerId,
      identifiedOn: input.identifiedOn,
      lastReviewedOn: input.identifiedOn,
      sourceType: input.sourceType ?? null,
      sourceId: input.sourceId === undefined || input.sourceId === null ? null : String(input.sourceId),
      createdBy: ctx.actor.id,
    })
    .returning();
  await step(tx, ctx, row.id, 'identify', input.identifiedOn, { note: input.note ?? '', level });
  await writeAudit(tx, ctx, {
    action: 'create',
    objectType: 'risk',
    objectId: row.id,
    after: { schoolId: s.id, name: row.name, likelihood: row.likelihood, severity: row.severity, level, kind: row.kind, season, sourceType: row.sourceType, sourceId: row.sourceId },
  });
  return { id: row.id, level };
}

export async function createRisk(ctx: Ctx, input: CreateRisk): Promise<RiskView> {
  requireAccess(ctx.actor, 'risk.manage');
  const { id } = await ctx.db.transaction((tx) => raiseRisk(tx, ctx, input));
  return getRisk(ctx, id);
}

/** Locks the row, checks it is active and the version current (stale → 409), then runs the change. */
async function change(ctx: Ctx, id: number, version: number, fn: (tx: Tx, row: RiskRow) => Promise<void>): Promise<RiskView> {
  requireAccess(ctx.actor, 'risk.manage');
  await ctx.db.transaction(async (tx) => {
    const row = await rowInScope(tx, ctx.actor, id, true);
    if (row.version !== version) throw staleVersion();
    if (row.status !== 'active') throw conflict('RISK_RETIRED', '该风险已销号，不能再修改');
    await fn(tx, row);
  });
  return getRisk(ctx, id);
}

const snapshot = (r: RiskRow) => ({ area: r.area, place: r.place, name: r.name, likelihood: r.likelihood, severity: r.severity, level: r.level, kind: r.kind, season: r.season, controls: r.controls, controlOwnerId: r.controlOwnerId });

/** Corrects or reassesses a risk (研判): a new score is signed as an 'assess' step. */
export function updateRisk(ctx: Ctx, id: number, input: UpdateRisk): Promise<RiskView> {
  return change(ctx, id, input.version, async (tx, row) => {
    const kind = input.riskKind ?? (row.kind as RiskKind);
    const season = input.season !== undefined ? input.season : input.riskKind && input.riskKind !== 'seasonal' ? null : (row.season as RiskSeason | null);
    checkSeason(kind, season);
    if (input.controlOwnerId !== undefined) await ownerOf(tx, ctx.actor, input.controlOwnerId, row.schoolPath);
    const likelihood = input.likelihood ?? row.likelihood;
    const severity = input.severity ?? row.severity;
    const { section } = await riskSectionOf(tx, ctx.actor.districtId);
    const level = riskLevelOf(likelihood, severity, section.bands);
    const [after] = await tx
      .update(riskPoints)
      .set({
        area: input.area ?? row.area,
        place: input.place ?? row.place,
        name: input.riskName ?? row.name,
        likelihood,
        severity,
        level,
        kind,
        season,
        controls: input.controls ?? row.controls,
        controlOwnerId: input.controlOwnerId ?? row.controlOwnerId,
        version: row.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(riskPoints.id, row.id))
      .returning();
    if (likelihood !== row.likelihood || severity !== row.severity) await step(tx, ctx, row.id, 'assess', todayOf(ctx), { note: input.note ?? `可能性 ${likelihood} × 严重性 ${severity}`, level });
    await writeAudit(tx, ctx, { action: 'update', objectType: 'risk', objectId: row.id, before: snapshot(row), after: snapshot(after) });
  });
}

/** A review (复核) on a day not after today nor before the last one; a new score may come with it. */
export function reviewRisk(ctx: Ctx, id: number, input: ReviewRisk): Promise<RiskView> {
  return change(ctx, id, input.version, async (tx, row) => {
    notAfterToday(ctx, 'reviewedOn', input.reviewedOn);
    if (input.reviewedOn < row.lastReviewedOn) throw fieldError('reviewedOn', `不能早于上次复核日期 ${row.lastReviewedOn}`);
    const likelihood = input.likelihood ?? row.likelihood;
    const severity = input.severity ?? row.severity;
    const { section } = await riskSectionOf(tx, ctx.actor.districtId);
    const level = riskLevelOf(likelihood, severity, section.bands);
    await tx
      .update(riskPoints)
      .set({ lastReviewedOn: input.reviewedOn, likelihood, severity, level, version: row.version + 1, updatedAt: ctx.now })
      .where(eq(riskPoints.id, row.id));
    await step(tx, ctx, row.id, 'review', input.reviewedOn, { note: input.note, level });
    await writeAudit(tx, ctx, { action: 'transition', objectType: 'risk', objectId: row.id, before: { lastReviewedOn: row.lastReviewedOn, level: row.level }, after: { step: 'review', reviewedOn: input.reviewedOn, level } });
  });
}

/** Escalated to the town and the bureau (预警, 004): the bureau's matrix counts it; once. */
export function escalateRisk(ctx: Ctx, id: number, input: EscalateRisk): Promise<RiskView> {
  return change(ctx, id, input.version, async (tx, row) => {
    if (row.escalatedOn) throw conflict('RISK_ESCALATED', `该风险已于 ${row.escalatedOn} 升级上报`);
    const today = todayOf(ctx);
    await tx.update(riskPoints).set({ escalatedOn: today, escalationNote: input.note, version: row.version + 1, updatedAt: ctx.now }).where(eq(riskPoints.id, row.id));
    await step(tx, ctx, row.id, 'escalate', today, { note: input.note, level: row.level as RiskLevel });
    await writeAudit(tx, ctx, { action: 'transition', objectType: 'risk', objectId: row.id, after: { step: 'escalate', note: input.note } });
  });
}

/**
 * A control failed (处置): the risk becomes a hazard of the register — reported by the signer,
 * linked both ways (the hazard's item key names the risk, the risk the hazard) — in one step.
 */
export function riskToHazard(ctx: Ctx, id: number, input: RiskHazard): Promise<RiskView> {
  return change(ctx, id, input.version, async (tx, row) => {
    notAfterToday(ctx, 'foundOn', input.foundOn);
    if (input.foundOn < row.identifiedOn) throw fieldError('foundOn', `不能早于风险辨识日期 ${row.identifiedOn}`);
    const hazard = await createHazardTx(tx, ctx, {
      schoolId: row.schoolId,
      area: row.area as SafetyArea,
      location: row.place,
      description: `【风险管控失效】${row.name}：${input.note}（管控措施：${row.controls}）`,
      grade: input.hazardGrade,
      source: 'risk',
      foundOn: input.foundOn,
      itemKey: `risk:${row.id}`,
    });
    await tx.update(riskPoints).set({ hazardId: hazard.id, version: row.version + 1, updatedAt: ctx.now }).where(eq(riskPoints.id, row.id));
    await step(tx, ctx, row.id, 'raise_hazard', input.foundOn, { note: input.note, level: row.level as RiskLevel, hazardId: hazard.id });
    await writeAudit(tx, ctx, { action: 'transition', objectType: 'risk', objectId: row.id, after: { step: 'raise_hazard', hazardId: hazard.id, hazardCode: hazard.code } });
  });
}

/** Retired (销号): the risk no longer exists (the place closed, the activity ended); kept with its steps. */
export function retireRisk(ctx: Ctx, id: number, input: RetireRisk): Promise<RiskView> {
  return change(ctx, id, input.version, async (tx, row) => {
    const today = todayOf(ctx);
    await tx.update(riskPoints).set({ status: 'retired', version: row.version + 1, updatedAt: ctx.now }).where(eq(riskPoints.id, row.id));
    await step(tx, ctx, row.id, 'retire', today, { note: input.note });
    await writeAudit(tx, ctx, { action: 'transition', objectType: 'risk', objectId: row.id, after: { step: 'retire', note: input.note } });
  });
}

// ---- the bureau's four-colour matrix, and "review these risks before <day>" -----------------------

const zero = (): Record<RiskLevel, number> => ({ red: 0, orange: 0, yellow: 0, blue: 0 });

/**
 * Active risks by colour: by town for a district-wide person (schools directly under the bureau in
 * a row of their own), by school for a town or when a town is asked for. Reads risk_counts (about
 * 25 rows a school, kept by triggers on risk_points in the writing transaction) rather than the risk
 * points themselves: at 100,000 risks the scan of the points alone took ~200 ms (BENCHMARKS.md).
 * Grouped by the row's unit (the town is the second id of a school's path: no join), colour and
 * likelihood × severity, with the escalated counted alongside; rows and grid are summed here.
 */
export async function riskMatrix(ctx: Ctx, q: { townId?: number }): Promise<RiskMatrix> {
  requireAccess(ctx.actor, 'risk.read');
  const conds: SQL[] = [schoolLedgerScope(ctx.actor, riskCounts), ...(await placeFilters(ctx, riskCounts, q))];
  const byTown = ctx.actor.scope !== 'unit' && !q.townId;
  const where = and(...conds)!;
  // '/bureau/town/school/' → town; '/bureau/school/' → the school itself (a direct school).
  const unitOf = byTown ? sql<number>`split_part(${riskCounts.schoolPath}, '/', 3)::int` : sql<number>`${riskCounts.schoolId}`;
  // By town, the towns' names are read alongside (a direct school is no town: it joins the direct row).
  const [allGroups, { section }, towns] = await Promise.all([
    ctx.db
      .select({
        unitId: unitOf,
        level: riskCounts.level,
        l: riskCounts.likelihood,
        s: riskCounts.severity,
        n: sql<number>`sum(${riskCounts.n})::int`,
        escalated: sql<number>`sum(${riskCounts.escalated})::int`,
      })
      .from(riskCounts)
      .where(where)
      .groupBy(sql`1`, riskCounts.level, riskCounts.likelihood, riskCounts.severity),
    riskSectionOf(ctx.db, ctx.actor.districtId),
    byTown ? ctx.db.select({ id: units.id, name: units.name, kind: units.kind }).from(units).where(and(eq(units.districtId, ctx.actor.districtId), eq(units.kind, 'town'))) : null,
  ]);
  // A count taken back to zero stays as a row until the school lists that cell again.
  const groups = allGroups.filter((g) => g.n > 0);
  const ids = [...new Set(groups.map((g) => g.unitId))];
  const names =
    towns ?? (ids.length ? await ctx.db.select({ id: units.id, name: units.name, kind: units.kind }).from(units).where(and(eq(units.districtId, ctx.actor.districtId), inArray(units.id, ids))) : []);
  const unitById = new Map(names.map((u) => [u.id, u]));
  const DIRECT = '直属学校';
  const out = new Map<string, RiskMatrix['rows'][number]>();
  const totals = zero();
  const grid = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
  let escalated = 0;
  for (const g of groups) {
    const u = unitById.get(g.unitId);
    // Schools directly under the bureau (the path's second id is no town) share one row.
    const direct = byTown && u?.kind !== 'town';
    const key = direct ? 'direct' : String(g.unitId);
    let e = out.get(key);
    if (!e) out.set(key, (e = { unitId: direct ? null : g.unitId, name: direct ? DIRECT : (u?.name ?? String(g.unitId)), counts: zero(), total: 0 }));
    e.counts[g.level as RiskLevel] += g.n;
    e.total += g.n;
    totals[g.level as RiskLevel] += g.n;
    grid[g.l - 1][g.s - 1] += g.n;
    escalated += g.escalated;
  }
  const sorted = [...out.values()].sort((a, b) => b.counts.red - a.counts.red || b.counts.orange - a.counts.orange || b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
  return { rowsAre: byTown ? 'town' : 'school', rows: sorted, totals, grid, bands: section.bands, escalated };
}

/** How far ahead "review these risks before <day>" looks: a month, or the lead days when longer. */
const DUE_HORIZON_DAYS = 30;

/**
 * The review calendar: for each school in the caller's scope (or the one asked), the risks whose
 * review falls due within the horizon or is overdue, with the day to review them by — the
 * earliest of them. The cadence and windows come from the pack; holidays from the school calendar;
 * key periods from the bureau's.
 */
export async function riskDue(ctx: Ctx, q: { schoolId?: number; townId?: number }): Promise<RiskDue> {
  requireAccess(ctx.actor, 'risk.read');
  const today = todayOf(ctx);
  const where = and(riskScope(ctx.actor), eq(riskPoints.status, 'active'), ...(await placeFilters(ctx, riskPoints, q)))!;
  const [rows, j] = await Promise.all([
    ctx.db
      .select({ id: riskPoints.id, schoolId: riskPoints.schoolId, schoolName: school.name, name: riskPoints.name, level: riskPoints.level, kind: riskPoints.kind, season: riskPoints.season, lastReviewedOn: riskPoints.lastReviewedOn, status: riskPoints.status })
      .from(riskPoints)
      .innerJoin(school, eq(school.id, riskPoints.schoolId))
      .where(where),
    judgeOf(ctx.db, ctx.actor.districtId, today),
  ]);
  const horizon = addDays(today, Math.max(DUE_HORIZON_DAYS, j.section.leadDays));
  const bySchool = new Map<number, RiskDue['schools'][number]>();
  for (const r of rows) {
    const d = demandOf(r, j)!;
    if (d.dueOn > horizon) continue;
    let s = bySchool.get(r.schoolId);
    if (!s) bySchool.set(r.schoolId, (s = { schoolId: r.schoolId, schoolName: r.schoolName, reviewBy: d.dueOn, overdue: 0, items: [] }));
    const state = reviewStateOf(d.dueOn, today, j.section.leadDays);
    if (state === 'overdue') s.overdue++;
    if (d.dueOn < s.reviewBy) s.reviewBy = d.dueOn;
    s.items.push({ id: r.id, riskName: r.name, level: r.level as RiskLevel, dueOn: d.dueOn, reason: d.reason, state });
  }
  const schools = [...bySchool.values()].sort((a, b) => a.reviewBy.localeCompare(b.reviewBy) || a.schoolId - b.schoolId);
  for (const s of schools) s.items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || riskLevels.indexOf(a.level) - riskLevels.indexOf(b.level));
  return { asOf: today, schools };
}

// ---- what compliance reads ------------------------------------------------------------------------

/** The active risks of the schools judged, with the day each review is due on the as-of day (risk.review_on_time). */
export async function readRiskReviews(db: Executor, districtId: number, asOf: string, schools: SQL) {
  const [rows, j] = await Promise.all([
    db
      .select({ id: riskPoints.id, unitId: riskPoints.schoolId, name: riskPoints.name, level: riskPoints.level, kind: riskPoints.kind, season: riskPoints.season, lastReviewedOn: riskPoints.lastReviewedOn, status: riskPoints.status })
      .from(riskPoints)
      .where(and(schools, eq(riskPoints.status, 'active'), sql`${riskPoints.identifiedOn} <= ${asOf}`)),
    judgeOf(db, districtId, asOf),
  ]);
  return rows.map((r) => ({ id: r.id, unitId: r.unitId, name: r.name, dueOn: demandOf(r, j)!.dueOn }));
}

