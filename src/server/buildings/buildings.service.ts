// Buildings and construction sites (校舍与施工, 001 item 18; 000 item 10; issue 21): the building
// register with its latest safety appraisal, the construction sites and their weekly checks. Scoped
// like every school ledger (the school writes its own, town and bureau read theirs, another unit's
// record is 404), corrected with a version (stale 409), voided with a reason, audited. A building
// graded C or D in use is a major hazard of the register, kept in step in the same transaction
// (./building-hazards.ts). The next appraisal is due by the pack's cadence unless entered.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { FileRef } from '../../contracts/hazards.js';
import type { BuildingListQuery, BuildingSummary, BuildingView, CreateBuilding, CreateSite, CreateSiteCheck, SiteCheckListQuery, SiteCheckView, SiteListQuery, SiteView, UpdateBuilding, UpdateSite } from '../../contracts/buildings.js';
import {
  appraisalDueOn,
  buildingProblem,
  DEFAULT_APPRAISAL_CADENCE,
  inUseRefusal,
  isStrictBuilding,
  isUnsafeInUse,
  siteProblem,
  type AppraisalCadence,
  type AppraisalGrade,
  type BuildingUse,
} from '../../domain/buildings.js';
import { addDays } from '../../domain/dates.js';
import { pastDayProblem } from '../../domain/ledger-checks.js';
import { requireAccess, schoolLedgerScope, type Actor } from '../access/access.js';
import { attachableFileIds } from '../access/references.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { buildings, constructionChecks, constructionSites, units } from '../db/schema.js';
import { fieldError, notFound } from '../errors.js';
import { stageCondition } from '../equipment/equipment.service.js';
import { filesOf, placeFilters, schoolForRecord } from '../ledger/ledger-helpers.js';
import { completedReads, recordedLedger, school, town, townOfSchool, type OwnView } from '../ledger/recorded-ledger.js';
import { loadRulePack } from '../rules/rules.service.js';
import { raiseSiteCheckHazard, syncBuildingHazard } from './building-hazards.js';

type BuildingRow = typeof buildings.$inferSelect;
type SiteRow = typeof constructionSites.$inferSelect;
type CheckRow = typeof constructionChecks.$inferSelect;

export const buildingScope = (actor: Actor) => schoolLedgerScope(actor, buildings);
export const siteScope = (actor: Actor) => schoolLedgerScope(actor, constructionSites);
export const siteCheckScope = (actor: Actor) => schoolLedgerScope(actor, constructionChecks);

// ---- buildings -------------------------------------------------------------------------------------

const openHazardSql = (col: 'id' | 'code') =>
  sql<string | null>`(select h.${sql.raw(col)}::text from hazards h where h.source = 'building' and h.item_key = 'building:' || ${buildings.id} and h.status <> 'closed' and h.district_id = ${buildings.districtId} limit 1)`;

interface BuildingListRow {
  record: BuildingRow;
  schoolName: string;
  townName: string | null;
  hazardId: string | null;
  hazardCode: string | null;
}

const selectBuildings = (db: Executor) =>
  db
    .select({ record: buildings, schoolName: school.name, townName: town.name, hazardId: openHazardSql('id'), hazardCode: openHazardSql('code') })
    .from(buildings)
    .innerJoin(school, eq(school.id, buildings.schoolId))
    .leftJoin(town, townOfSchool);

/** What is wrong with a building today (the rules judge the same through ledger-check.ts). */
function withGaps(ctx: Ctx, v: BuildingView): BuildingView {
  if (!v.inUse || v.status !== 'recorded') return v;
  const today = todayOf(ctx);
  const gaps: string[] = [];
  if (isUnsafeInUse(v)) gaps.push(`${v.appraisalGrade}级危房仍在使用`);
  if (!v.nextAppraisalDueOn) gaps.push('未登记房屋安全鉴定');
  else if (v.nextAppraisalDueOn < today) gaps.push(`鉴定已于 ${v.nextAppraisalDueOn} 到期`);
  else if (v.nextAppraisalDueOn <= addDays(today, 30)) gaps.push(`鉴定将于 ${v.nextAppraisalDueOn} 到期`);
  if (v.oldOrIdle && !v.riskAssessedOn) gaps.push('老旧闲置校舍未做风险评估');
  return { ...v, gaps };
}

const buildingLedger = recordedLedger({
  table: buildings,
  name: '校舍',
  objectType: 'building',
  scope: buildingScope,
  select: selectBuildings as never,
  orderBy: [desc(buildings.id)],
  fileIdsOf: (r: BuildingRow) => [...r.fileIds, ...r.appraisalFileIds],
  present: (row: BuildingListRow, files: Map<number, FileRef>): OwnView<BuildingView> => {
    const m = row.record;
    return {
      name: m.name,
      use: m.use as BuildingUse,
      yearBuilt: m.yearBuilt,
      structure: m.structure as BuildingView['structure'],
      floors: m.floors,
      floorArea: m.area,
      inUse: m.inUse,
      appraisalGrade: m.appraisalGrade as AppraisalGrade | null,
      appraisedOn: m.appraisedOn,
      appraisedBy: m.appraisedBy,
      appraisalFiles: filesOf(m.appraisalFileIds, files),
      nextAppraisalDueOn: m.nextAppraisalDueOn,
      oldOrIdle: m.oldOrIdle,
      riskAssessedOn: m.riskAssessedOn,
      riskAssessment: m.riskAssessment,
      newOrRefit: m.newOrRefit,
      airTestPassedOn: m.airTestPassedOn,
      acceptancePassedOn: m.acceptancePassedOn,
      hazard: row.hazardId && row.hazardCode ? { id: Number(row.hazardId), code: row.hazardCode } : null,
      gaps: [],
    };
  },
  snapshot: (m: BuildingRow) => ({
    schoolId: m.schoolId,
    name: m.name,
    use: m.use,
    yearBuilt: m.yearBuilt,
    structure: m.structure,
    floors: m.floors,
    area: m.area,
    inUse: m.inUse,
    appraisalGrade: m.appraisalGrade,
    appraisedOn: m.appraisedOn,
    appraisedBy: m.appraisedBy,
    appraisalFileIds: m.appraisalFileIds,
    nextAppraisalDueOn: m.nextAppraisalDueOn,
    oldOrIdle: m.oldOrIdle,
    riskAssessedOn: m.riskAssessedOn,
    riskAssessment: m.riskAssessment,
    newOrRefit: m.newOrRefit,
    airTestPassedOn: m.airTestPassedOn,
    acceptancePassedOn: m.acceptancePassedOn,
    fileIds: m.fileIds,
    status: m.status,
    voidReason: m.voidReason,
  }),
});

export async function buildingFilter(ctx: Ctx, q: Partial<BuildingListQuery>): Promise<SQL> {
  const today = todayOf(ctx);
  const conds: Array<SQL | undefined> = [buildingScope(ctx.actor), ...(await placeFilters(ctx, buildings, q)), stageCondition(buildings, q.stage)];
  if (q.use) conds.push(eq(buildings.use, q.use));
  if (q.grade) conds.push(eq(buildings.appraisalGrade, q.grade));
  if (q.inUse) conds.push(eq(buildings.inUse, q.inUse === 'true'));
  if (q.q) conds.push(sql`${buildings.name} like ${`%${q.q}%`}`);
  // 30 days: the rule's due-soon window (building.appraisal); never appraised counts as overdue.
  if (q.due === 'overdue') conds.push(eq(buildings.inUse, true), sql`(${buildings.nextAppraisalDueOn} is null or ${buildings.nextAppraisalDueOn} < ${today})`);
  if (q.due === 'due_soon') conds.push(eq(buildings.inUse, true), sql`${buildings.nextAppraisalDueOn} >= ${today} and ${buildings.nextAppraisalDueOn} <= ${addDays(today, 30)}`);
  conds.push(eq(buildings.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

const buildingReads = completedReads(buildingLedger, withGaps);
export const listBuildings = async (ctx: Ctx, q: BuildingListQuery) => buildingReads.list(ctx, await buildingFilter(ctx, q), q);
export const { batchFetcher: buildingBatchFetcher, get: getBuilding } = buildingReads;

/** The pack's appraisal cadence in force for the district (rule building.appraisal), else the default. */
async function cadenceOf(ctx: Ctx): Promise<AppraisalCadence> {
  const { pack } = await loadRulePack(ctx.db, ctx.actor.districtId);
  const m = pack.rules.find((r) => r.code === 'building.appraisal')?.measure;
  return m && m.kind === 'ledger_check' && m.cadence ? m.cadence : DEFAULT_APPRAISAL_CADENCE;
}

const isKindergarten = async (db: Executor, schoolId: number) => (await db.select({ stage: units.stage }).from(units).where(eq(units.id, schoolId)))[0]?.stage === 'kindergarten';

type Merged = Pick<BuildingRow, 'name' | 'yearBuilt' | 'floors' | 'inUse' | 'appraisedBy' | 'appraisedOn' | 'nextAppraisalDueOn' | 'oldOrIdle' | 'riskAssessedOn' | 'newOrRefit' | 'airTestPassedOn' | 'acceptancePassedOn'> & { use: BuildingUse; appraisalGrade: AppraisalGrade | null };

/** The checks of a building as it will be written; sets the next due day by the pack when not entered. */
function checkBuilding(ctx: Ctx, b: Merged, kindergartenSchool: boolean, cadence: AppraisalCadence, dueEntered: boolean): Merged {
  const today = todayOf(ctx);
  for (const [field, v] of [['riskAssessedOn', b.riskAssessedOn], ['airTestPassedOn', b.airTestPassedOn], ['acceptancePassedOn', b.acceptancePassedOn]] as const) {
    const p = v ? pastDayProblem(v, today) : null;
    if (p) throw fieldError(field, p);
  }
  const out = { ...b };
  if (out.appraisalGrade && out.appraisedOn && !dueEntered) out.nextAppraisalDueOn = appraisalDueOn(out.appraisedOn, isStrictBuilding({ use: out.use, kindergartenSchool }), cadence);
  if (!out.appraisalGrade && !out.appraisedOn && !out.appraisedBy && !dueEntered) out.nextAppraisalDueOn = null;
  const problem = buildingProblem(out, today);
  if (problem) throw fieldError(problem.field, problem.message);
  if (out.inUse) {
    const refusal = inUseRefusal({ ...out, kindergartenSchool });
    if (refusal) throw fieldError(refusal.field, refusal.message);
  }
  return out;
}

export async function createBuilding(ctx: Ctx, input: CreateBuilding): Promise<BuildingView> {
  requireAccess(ctx.actor, 'ledger.write');
  const cadence = await cadenceOf(ctx);
  const view = await buildingLedger.create(
    ctx,
    async (tx) => {
      const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
      const b = checkBuilding(
        ctx,
        {
          name: input.name,
          use: input.use,
          yearBuilt: input.yearBuilt,
          floors: input.floors,
          inUse: input.inUse,
          appraisalGrade: input.appraisalGrade ?? null,
          appraisedOn: input.appraisedOn ?? null,
          appraisedBy: input.appraisedBy ?? null,
          nextAppraisalDueOn: input.nextAppraisalDueOn ?? null,
          oldOrIdle: input.oldOrIdle,
          riskAssessedOn: input.riskAssessedOn ?? null,
          newOrRefit: input.newOrRefit,
          airTestPassedOn: input.airTestPassedOn ?? null,
          acceptancePassedOn: input.acceptancePassedOn ?? null,
        },
        await isKindergarten(tx, s.id),
        cadence,
        !!input.nextAppraisalDueOn,
      );
      return {
        schoolId: s.id,
        schoolPath: s.path,
        ...b,
        structure: input.structure,
        area: input.floorArea,
        riskAssessment: input.riskAssessment ?? null,
        appraisalFileIds: await attachableFileIds(tx, ctx.actor, input.appraisalFileIds, { field: 'appraisalFileIds' }),
        fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
      };
    },
    (tx, row) => syncBuildingHazard(tx, ctx, row),
  );
  return withGaps(ctx, view);
}

const appraisalKeys = ['appraisalGrade', 'appraisedOn', 'appraisedBy'] as const;

export async function updateBuilding(ctx: Ctx, id: number, input: UpdateBuilding): Promise<BuildingView> {
  requireAccess(ctx.actor, 'ledger.write');
  const cadence = await cadenceOf(ctx);
  const view = await buildingLedger.update(
    ctx,
    id,
    input.version,
    async (row, tx) => {
      const pick = <K extends keyof Merged>(k: K): Merged[K] => ((input as Record<string, unknown>)[k] !== undefined ? (input as Record<string, unknown>)[k] : row[k as keyof BuildingRow]) as Merged[K];
      // A new appraisal entered without its next due day gets the pack's; the old due day does not carry over.
      const appraisalChanged = appraisalKeys.some((k) => input[k] !== undefined && input[k] !== row[k]) || (input.use !== undefined && input.use !== row.use);
      const dueEntered = input.nextAppraisalDueOn !== undefined && input.nextAppraisalDueOn !== null ? true : !appraisalChanged && row.nextAppraisalDueOn !== null;
      const b = checkBuilding(
        ctx,
        {
          name: pick('name'),
          use: pick('use'),
          yearBuilt: pick('yearBuilt'),
          floors: pick('floors'),
          inUse: pick('inUse'),
          appraisalGrade: pick('appraisalGrade'),
          appraisedOn: pick('appraisedOn'),
          appraisedBy: pick('appraisedBy'),
          nextAppraisalDueOn: input.nextAppraisalDueOn ?? (appraisalChanged ? null : row.nextAppraisalDueOn),
          oldOrIdle: pick('oldOrIdle'),
          riskAssessedOn: pick('riskAssessedOn'),
          newOrRefit: pick('newOrRefit'),
          airTestPassedOn: pick('airTestPassedOn'),
          acceptancePassedOn: pick('acceptancePassedOn'),
        },
        await isKindergarten(tx, row.schoolId),
        cadence,
        dueEntered,
      );
      const set: Partial<typeof buildings.$inferInsert> = { ...b };
      if (input.structure !== undefined) set.structure = input.structure;
      if (input.floorArea !== undefined) set.area = input.floorArea;
      if (input.riskAssessment !== undefined) set.riskAssessment = input.riskAssessment;
      if (input.appraisalFileIds !== undefined) set.appraisalFileIds = await attachableFileIds(tx, ctx.actor, input.appraisalFileIds, { field: 'appraisalFileIds', existing: row.appraisalFileIds });
      if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
      return set;
    },
    (tx, row) => syncBuildingHazard(tx, ctx, row),
  );
  return withGaps(ctx, view);
}

/** A building recorded by mistake: voided with a reason; its open hazard is closed by the system saying so. */
export async function voidBuilding(ctx: Ctx, id: number, version: number, reason: string): Promise<BuildingView> {
  const view = await buildingLedger.void(ctx, id, version, reason, (row, tx) => syncBuildingHazard(tx, ctx, row, true));
  return withGaps(ctx, view);
}

/** The bureau's view across the district (or a town's of its schools): per town, the buildings, C/D in use, overdue appraisals, sites running. */
export async function buildingSummary(ctx: Ctx): Promise<BuildingSummary> {
  requireAccess(ctx.actor, 'ledger.read');
  const today = todayOf(ctx);
  const rows = await ctx.db
    .select({
      townId: town.id,
      townName: town.name,
      buildings: sql<number>`count(*)`.mapWith(Number),
      inUse: sql<number>`count(*) filter (where ${buildings.inUse})`.mapWith(Number),
      unsafeInUse: sql<number>`count(*) filter (where ${buildings.inUse} and ${buildings.appraisalGrade} in ('C','D'))`.mapWith(Number),
      appraisalOverdue: sql<number>`count(*) filter (where ${buildings.inUse} and (${buildings.nextAppraisalDueOn} is null or ${buildings.nextAppraisalDueOn} < ${today}))`.mapWith(Number),
    })
    .from(buildings)
    .innerJoin(school, eq(school.id, buildings.schoolId))
    .leftJoin(town, townOfSchool)
    .where(and(buildingScope(ctx.actor), eq(buildings.status, 'recorded')))
    .groupBy(town.id, town.name);
  const sites = await ctx.db
    .select({ townId: town.id, townName: town.name, n: sql<number>`count(*)`.mapWith(Number) })
    .from(constructionSites)
    .innerJoin(school, eq(school.id, constructionSites.schoolId))
    .leftJoin(town, townOfSchool)
    .where(and(siteScope(ctx.actor), eq(constructionSites.status, 'recorded'), sql`${constructionSites.startsOn} <= ${today} and ${constructionSites.endsOn} >= ${today}`))
    .groupBy(town.id, town.name);
  const byTown = new Map<number | null, BuildingSummary['rows'][number]>();
  for (const r of rows) byTown.set(r.townId, { townId: r.townId, townName: r.townName ?? '区直属', buildings: r.buildings, inUse: r.inUse, unsafeInUse: r.unsafeInUse, appraisalOverdue: r.appraisalOverdue, sitesRunning: 0 });
  for (const s of sites) {
    const row = byTown.get(s.townId) ?? { townId: s.townId, townName: s.townName ?? '区直属', buildings: 0, inUse: 0, unsafeInUse: 0, appraisalOverdue: 0, sitesRunning: 0 };
    row.sitesRunning = s.n;
    byTown.set(s.townId, row);
  }
  // The towns with C/D buildings in use first.
  return { rows: [...byTown.values()].sort((a, b) => b.unsafeInUse - a.unsafeInUse || b.appraisalOverdue - a.appraisalOverdue || a.townName.localeCompare(b.townName, 'zh')) };
}

// ---- construction sites --------------------------------------------------------------------------

interface SiteListRow {
  record: SiteRow;
  schoolName: string;
  townName: string | null;
  buildingName: string | null;
  lastCheckedOn: string | null;
}

const lastCheckSql = sql<string | null>`(select max(c.checked_on)::text from construction_checks c where c.site_id = ${constructionSites.id} and c.status = 'recorded')`;

const selectSites = (db: Executor) =>
  db
    .select({ record: constructionSites, schoolName: school.name, townName: town.name, buildingName: buildings.name, lastCheckedOn: lastCheckSql })
    .from(constructionSites)
    .innerJoin(school, eq(school.id, constructionSites.schoolId))
    .leftJoin(town, townOfSchool)
    .leftJoin(buildings, eq(buildings.id, constructionSites.buildingId));

const siteLedger = recordedLedger({
  table: constructionSites,
  name: '施工项目',
  objectType: 'construction_site',
  scope: siteScope,
  select: selectSites as never,
  orderBy: [desc(constructionSites.startsOn), desc(constructionSites.id)],
  present: (row: SiteListRow): OwnView<SiteView> => {
    const m = row.record;
    return {
      project: m.project,
      constructionUnit: m.contractor,
      startsOn: m.startsOn,
      endsOn: m.endsOn,
      buildingId: m.buildingId,
      buildingName: row.buildingName,
      hardFence: m.hardFence,
      separateEntrance: m.separateEntrance,
      isolationNote: m.isolationNote,
      lastCheckedOn: row.lastCheckedOn,
      running: false,
    };
  },
  snapshot: (m: SiteRow) => ({
    schoolId: m.schoolId,
    project: m.project,
    contractor: m.contractor,
    startsOn: m.startsOn,
    endsOn: m.endsOn,
    buildingId: m.buildingId,
    hardFence: m.hardFence,
    separateEntrance: m.separateEntrance,
    isolationNote: m.isolationNote,
    fileIds: m.fileIds,
    status: m.status,
    voidReason: m.voidReason,
  }),
});

const withRunning = (ctx: Ctx, v: SiteView): SiteView => ({ ...v, running: v.status === 'recorded' && v.startsOn <= todayOf(ctx) && todayOf(ctx) <= v.endsOn });
const siteReads = completedReads(siteLedger, withRunning);

export async function siteFilter(ctx: Ctx, q: Partial<SiteListQuery>): Promise<SQL> {
  const today = todayOf(ctx);
  const conds: Array<SQL | undefined> = [siteScope(ctx.actor), ...(await placeFilters(ctx, constructionSites, q)), stageCondition(constructionSites, q.stage)];
  if (q.running === 'true') conds.push(sql`${constructionSites.startsOn} <= ${today} and ${constructionSites.endsOn} >= ${today}`);
  if (q.running === 'false') conds.push(sql`(${constructionSites.startsOn} > ${today} or ${constructionSites.endsOn} < ${today})`);
  if (q.from) conds.push(sql`${constructionSites.endsOn} >= ${q.from}`);
  if (q.to) conds.push(sql`${constructionSites.startsOn} <= ${q.to}`);
  conds.push(eq(constructionSites.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listSites = async (ctx: Ctx, q: SiteListQuery) => siteReads.list(ctx, await siteFilter(ctx, q), q);
export const { batchFetcher: siteBatchFetcher, get: getSite, void: voidSite } = siteReads;

/** The building the works are for: a building of the same school (else 400 naming buildingId). */
async function siteBuilding(tx: Executor, actor: Actor, schoolId: number, buildingId: number | null | undefined): Promise<number | null> {
  if (!buildingId) return null;
  const [b] = await tx.select({ id: buildings.id, schoolId: buildings.schoolId, status: buildings.status }).from(buildings).where(and(eq(buildings.id, buildingId), buildingScope(actor)));
  if (!b) throw notFound('校舍');
  if (b.schoolId !== schoolId || b.status !== 'recorded') throw fieldError('buildingId', '须为本校已登记的校舍');
  return b.id;
}

export function createSite(ctx: Ctx, input: CreateSite): Promise<SiteView> {
  requireAccess(ctx.actor, 'ledger.write');
  const problem = siteProblem(input);
  if (problem) throw fieldError(problem.field, problem.message);
  return siteLedger
    .create(ctx, async (tx) => {
      const s = await schoolForRecord(tx, ctx.actor, input.schoolId);
      return {
        schoolId: s.id,
        schoolPath: s.path,
        project: input.project,
        contractor: input.constructionUnit,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        buildingId: await siteBuilding(tx, ctx.actor, s.id, input.buildingId),
        hardFence: input.hardFence,
        separateEntrance: input.separateEntrance,
        isolationNote: input.isolationNote ?? null,
        fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
      };
    })
    .then((v) => withRunning(ctx, v));
}

export function updateSite(ctx: Ctx, id: number, input: UpdateSite): Promise<SiteView> {
  return siteLedger
    .update(ctx, id, input.version, async (row, tx) => {
      const startsOn = input.startsOn ?? row.startsOn;
      const endsOn = input.endsOn ?? row.endsOn;
      const problem = siteProblem({ startsOn, endsOn });
      if (problem) throw fieldError(problem.field, problem.message);
      const set: Partial<typeof constructionSites.$inferInsert> = { startsOn, endsOn };
      for (const k of ['project', 'hardFence', 'separateEntrance', 'isolationNote'] as const) if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
      if (input.constructionUnit !== undefined) set.contractor = input.constructionUnit;
      if (input.buildingId !== undefined) set.buildingId = await siteBuilding(tx, ctx.actor, row.schoolId, input.buildingId);
      if (input.fileIds !== undefined) set.fileIds = await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds', existing: row.fileIds });
      return set;
    })
    .then((v) => withRunning(ctx, v));
}

// ---- the weekly checks of a site ------------------------------------------------------------------

interface CheckListRow {
  record: CheckRow;
  schoolName: string;
  townName: string | null;
  project: string;
}

const selectChecks = (db: Executor) =>
  db
    .select({ record: constructionChecks, schoolName: school.name, townName: town.name, project: constructionSites.project })
    .from(constructionChecks)
    .innerJoin(constructionSites, eq(constructionSites.id, constructionChecks.siteId))
    .innerJoin(school, eq(school.id, constructionChecks.schoolId))
    .leftJoin(town, townOfSchool);

const checkLedger = recordedLedger({
  table: constructionChecks,
  name: '施工安全检查记录',
  objectType: 'construction_check',
  scope: siteCheckScope,
  select: selectChecks as never,
  orderBy: [desc(constructionChecks.checkedOn), desc(constructionChecks.id)],
  present: (row: CheckListRow): OwnView<SiteCheckView> => {
    const m = row.record;
    return { siteId: m.siteId, project: row.project, checkedOn: m.checkedOn, checkedBy: m.checkedBy, fenceIntact: m.fenceIntact, entranceSeparate: m.entranceSeparate, checkNote: m.findings };
  },
  snapshot: (m: CheckRow) => ({ siteId: m.siteId, checkedOn: m.checkedOn, checkedBy: m.checkedBy, fenceIntact: m.fenceIntact, entranceSeparate: m.entranceSeparate, findings: m.findings, fileIds: m.fileIds, status: m.status, voidReason: m.voidReason }),
});

export async function siteCheckFilter(ctx: Ctx, q: Partial<SiteCheckListQuery>): Promise<SQL> {
  const conds: Array<SQL | undefined> = [siteCheckScope(ctx.actor), ...(await placeFilters(ctx, constructionChecks, q))];
  if (q.siteId) conds.push(eq(constructionChecks.siteId, q.siteId));
  if (q.from) conds.push(sql`${constructionChecks.checkedOn} >= ${q.from}`);
  if (q.to) conds.push(sql`${constructionChecks.checkedOn} <= ${q.to}`);
  conds.push(eq(constructionChecks.status, q.status ?? 'recorded'));
  return and(...conds)!;
}

export const listSiteChecks = async (ctx: Ctx, q: SiteCheckListQuery) => checkLedger.list(ctx, await siteCheckFilter(ctx, q), q);
export const voidSiteCheck = checkLedger.void;

export function createSiteCheck(ctx: Ctx, input: CreateSiteCheck): Promise<SiteCheckView> {
  requireAccess(ctx.actor, 'ledger.write');
  const past = pastDayProblem(input.checkedOn, todayOf(ctx));
  if (past) throw fieldError('checkedOn', past);
  let site: typeof constructionSites.$inferSelect | undefined;
  return checkLedger.create(
    ctx,
    async (tx) => {
    [site] = await tx.select().from(constructionSites).where(and(eq(constructionSites.id, input.siteId), siteScope(ctx.actor)));
    if (!site) throw notFound('施工项目');
    if (site.status === 'voided') throw fieldError('siteId', '该施工项目已作废');
    if (input.checkedOn < site.startsOn || input.checkedOn > site.endsOn) throw fieldError('checkedOn', `须在施工期间（${site.startsOn} 至 ${site.endsOn}）`);
    return {
      schoolId: site.schoolId,
      schoolPath: site.schoolPath,
      siteId: site.id,
      checkedOn: input.checkedOn,
      checkedBy: input.checkedBy,
      fenceIntact: input.fenceIntact,
      entranceSeparate: input.entranceSeparate,
      findings: input.checkNote ?? null,
      fileIds: await attachableFileIds(tx, ctx.actor, input.fileIds, { field: 'fileIds' }),
    };
    },
    // A site found not isolated from the pupils is a hazard of the register (001 item 18).
    async (tx, row) => void (await raiseSiteCheckHazard(tx, ctx, site!, row)),
  );
}
