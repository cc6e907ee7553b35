// Campaigns (专项整治, seeds 002 and 004): a campaign with its phases, areas and departments, the
// schools' self-checks it plans, its progress for the leading group, the departments' weekly
// returns, the summary in three classes, and the reproducible spot-check sample with its
// follow-ups (回头看). Rules are in src/domain/campaigns.ts; this file reads and writes.
//
// Which hazards belong to a campaign: those found by its inspections (the planned self-checks, and
// any inspection created with its campaignId — submitTarget copies the campaignId onto each
// hazard), and those reported with the campaign chosen. Hazards a school reports in the period
// without choosing the campaign are not attached silently: a campaign's figures must be the ones
// the people reporting meant to put there.
import { randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  Campaign,
  CampaignArea,
  CampaignDetail,
  CampaignPreset,
  CampaignProgress,
  CampaignSample,
  CampaignSummary,
  CountRow,
  CreateCampaign,
  DrawSample,
  NamedId,
  SaveWeeklyReturn,
  SummaryHazardRow,
  UpdateCampaign,
  UpdateWeeklyReturn,
  WeeklyFiguresBody,
  WeeklyReturn,
} from '../../contracts/campaigns.js';
import { fieldLabels } from '../../contracts/common.js';
import {
  hazardStatusLabels,
  hazardStatuses,
  safetyAreaLabels,
  summaryClassLabels,
  type CampaignStatus,
  type HazardGrade,
  type HazardStatus,
  type PhaseKind,
  type SafetyArea,
  type SummaryClass,
} from '../../contracts/enums.js';
import type { z } from 'zod';
import type { classifyBody } from '../../contracts/hazards.js';
import {
  campaignShapeProblems,
  decideClassification,
  drawSample as drawSampleIds,
  phaseOn,
  selfCheckStatus,
  weekEndOf,
  weeklyFigures,
  weeklyReturnDraftText,
  weeklyReturnWeeks,
  type WeekHazard,
} from '../../domain/campaigns.js';
import { preset002, preset004, type CampaignPreset as DomainPreset } from '../../domain/campaign-presets.js';
import { addDays, shanghaiDate, weekStart } from '../../domain/dates.js';
import { effectiveAccess } from '../../domain/roles.js';
import { can, campaignSchoolScope, campaignScope, hazardScope, requireAccess, type Actor } from '../access/access.js';
import { checklistTemplateRef, departmentRefs, unitRefs } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor, Tx } from '../db/client.js';
import {
  campaignAreas,
  campaignPhases,
  campaigns,
  campaignSamples,
  campaignSchools,
  checklistTemplates,
  hazards,
  hazardSteps,
  inspections,
  inspectionTargets,
  units,
  userRoles,
  users,
  weeklyReturns,
} from '../db/schema.js';
import { badRequest, conflict, forbidden, notFound, staleVersion } from '../errors.js';
import { createInspectionTx } from '../inspections/inspections.service.js';
import { notify } from '../notifications/notifications.service.js';

type CampaignRow = typeof campaigns.$inferSelect;
type PhaseRow = typeof campaignPhases.$inferSelect;
type AreaRow = typeof campaignAreas.$inferSelect;
type ReturnRow = typeof weeklyReturns.$inferSelect;
type ClassifyInput = z.infer<typeof classifyBody>;


const fieldError = (field: string, message: string) => {
  const head = field.split('.')[0];
  const label = fieldLabels[head] ?? head;
  return badRequest('VALIDATION_FAILED', `${label}：${message}`, [{ field, label, message }]);
};

// ---- finding ----------------------------------------------------------------------------------

/** The campaign if the person may see it; otherwise not found, whether or not it exists. */
export async function findCampaignInScope(db: Executor, actor: Actor, id: number, forUpdate = false): Promise<CampaignRow> {
  const q = db.select().from(campaigns).where(and(eq(campaigns.id, id), campaignScope(actor)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('专项整治');
  return row;
}

async function phasesOf(db: Executor, campaignIds: number[]): Promise<Map<number, PhaseRow[]>> {
  const out = new Map<number, PhaseRow[]>();
  if (!campaignIds.length) return out;
  const rows = await db.select().from(campaignPhases).where(inArray(campaignPhases.campaignId, campaignIds)).orderBy(asc(campaignPhases.sort));
  for (const r of rows) out.set(r.campaignId, [...(out.get(r.campaignId) ?? []), r]);
  return out;
}

const phaseSpans = (rows: PhaseRow[]) => rows.map((p) => ({ ...p, kind: p.kind as PhaseKind }));

async function areasOf(db: Executor, campaignId: number): Promise<AreaRow[]> {
  return db.select().from(campaignAreas).where(eq(campaignAreas.campaignId, campaignId)).orderBy(asc(campaignAreas.id));
}

async function unitNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return new Map();
  const rows = await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, uniq));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The responsible departments of a campaign, each with the campaign areas it answers for (002 分工). */
function departmentAreas(areas: AreaRow[]): Map<number, SafetyArea[]> {
  const out = new Map<number, SafetyArea[]>();
  for (const a of areas) for (const d of a.responsibleDepartmentIds) out.set(d, [...(out.get(d) ?? []), a.area as SafetyArea]);
  return out;
}

// ---- listing and presenting -------------------------------------------------------------------

function actionsOf(actor: Actor, c: CampaignRow): CampaignDetail['actions'] {
  const out: CampaignDetail['actions'] = [];
  const open = c.status !== 'finished';
  if (open && can(actor, 'campaign.manage')) out.push('edit', 'finish', 'draw_sample');
  if (open && can(actor, 'campaign.report') && actor.scope !== 'unit') out.push('classify', 'report');
  return out;
}

/** How many schools a campaign has (in the person's view) and its hazards in their scope, for a set of campaigns. */
async function campaignCounts(db: Executor, actor: Actor, rows: CampaignRow[]) {
  const ids = rows.map((r) => r.id);
  const out = new Map<number, CampaignCounts>();
  if (!ids.length) return out;
  const hz = await db
    .select({ id: hazards.campaignId, total: count(), open: sql<number>`count(*) filter (where ${hazards.status} <> 'closed')`.mapWith(Number) })
    .from(hazards)
    .where(and(inArray(hazards.campaignId, ids), hazardScope(actor)))
    .groupBy(hazards.campaignId);
  const hzOf = new Map(hz.map((h) => [h.id!, h]));
  for (const r of rows) {
    // A school's first submitted self-check of this campaign, in Shanghai days (002: 3月20日前).
    const firstSubmitted = sql<string | null>`(select min((${inspectionTargets.submittedAt} at time zone 'Asia/Shanghai')::date)::text
      from ${inspectionTargets} join ${inspections} on ${inspections.id} = ${inspectionTargets.inspectionId}
      where ${inspections.campaignId} = ${r.id} and ${inspections.kind} = 'self_check' and ${inspectionTargets.schoolId} = ${units.id})`;
    const [c] = await db
      .select({
        n: count(),
        done: sql<number>`count(*) filter (where ${firstSubmitted} is not null)`.mapWith(Number),
        onTime: sql<number>`count(*) filter (where ${firstSubmitted} <= ${r.selfCheckDue})`.mapWith(Number),
      })
      .from(units)
      .where(campaignSchoolScope(actor, r));
    out.set(r.id, { schools: c.n, selfChecksDone: c.done, selfChecksOnTime: r.selfCheckDue ? c.onTime : 0, hazards: hzOf.get(r.id)?.total ?? 0, open: hzOf.get(r.id)?.open ?? 0 });
  }
  return out;
}

interface CampaignCounts {
  schools: number;
  selfChecksDone: number;
  selfChecksOnTime: number;
  hazards: number;
  open: number;
}

function presentCampaign(c: CampaignRow, phases: PhaseRow[], counts: CampaignCounts, today: string): Campaign {
  return {
    id: c.id,
    name: c.name,
    status: c.status as CampaignStatus,
    allSchools: c.allSchools,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    selfCheckDue: c.selfCheckDue,
    currentPhaseName: c.status === 'finished' ? null : (phaseOn(phaseSpans(phases), today)?.name ?? null),
    schoolCount: counts.schools,
    selfChecksDone: counts.selfChecksDone,
    selfChecksOnTime: counts.selfChecksOnTime,
    hazardCount: counts.hazards,
    openCount: counts.open,
    version: c.version,
  };
}

export async function listCampaigns(ctx: Ctx, q: { status?: CampaignStatus }) {
  requireAccess(ctx.actor, 'campaign.read');
  const conds: SQL[] = [campaignScope(ctx.actor)];
  if (q.status) conds.push(eq(campaigns.status, q.status));
  const rows = await ctx.db
    .select()
    .from(campaigns)
    .where(and(...conds))
    .orderBy(desc(campaigns.startsOn), desc(campaigns.id))
    .limit(200);
  const phases = await phasesOf(ctx.db, rows.map((r) => r.id));
  const counts = await campaignCounts(ctx.db, ctx.actor, rows);
  const today = todayOf(ctx);
  return { items: rows.map((r) => presentCampaign(r, phases.get(r.id) ?? [], counts.get(r.id)!, today)) };
}

export async function getCampaign(ctx: Ctx, id: number): Promise<CampaignDetail> {
  requireAccess(ctx.actor, 'campaign.read');
  const c = await findCampaignInScope(ctx.db, ctx.actor, id);
  const phases = (await phasesOf(ctx.db, [id])).get(id) ?? [];
  const areas = await areasOf(ctx.db, id);
  const names = await unitNames(ctx.db, areas.flatMap((a) => [...a.responsibleDepartmentIds, ...a.cooperatingDepartmentIds]));
  const named = (ids: number[]): NamedId[] => ids.map((d) => ({ id: d, name: names.get(d) ?? `单位 ${d}` }));
  const counts = (await campaignCounts(ctx.db, ctx.actor, [c])).get(id)!;
  const today = todayOf(ctx);
  const current = c.status === 'finished' ? null : phaseOn(phaseSpans(phases), today);
  const schools = c.allSchools
    ? []
    : await ctx.db
        .select({ id: units.id, name: units.name })
        .from(units)
        .where(campaignSchoolScope(ctx.actor, c))
        .orderBy(asc(units.path));
  const [tpl] = c.checklistTemplateId ? await ctx.db.select({ name: checklistTemplates.name }).from(checklistTemplates).where(eq(checklistTemplates.id, c.checklistTemplateId)) : [];
  const [creator] = c.createdBy ? await ctx.db.select({ name: users.displayName }).from(users).where(eq(users.id, c.createdBy)) : [];
  const phaseBody = (p: PhaseRow) => ({ id: p.id, kind: p.kind as PhaseKind, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn, current: current?.id === p.id });
  return {
    ...presentCampaign(c, phases, counts, today),
    description: c.description,
    checklistTemplateId: c.checklistTemplateId,
    checklistName: tpl?.name ?? null,
    phases: phases.map(phaseBody),
    areas: areas.map(
      (a): CampaignArea => ({
        id: a.id,
        area: a.area as SafetyArea,
        tasks: a.tasks,
        responsibleSubject: a.responsibleSubject,
        responsibleDepartments: named(a.responsibleDepartmentIds),
        cooperatingDepartments: named(a.cooperatingDepartmentIds),
      }),
    ),
    schools,
    currentPhase: current ? phaseBody(current) : null,
    weeklyReturnWeeks: weeklyReturnWeeks(phaseSpans(phases)),
    createdByName: creator?.name ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    actions: actionsOf(ctx.actor, c),
  };
}

/** The presets of 002 and 004 for this year, with the district's departments and checklist matched by name. */
export async function campaignPresets(ctx: Ctx): Promise<{ items: CampaignPreset[] }> {
  requireAccess(ctx.actor, 'campaign.read');
  const year = Number(todayOf(ctx).slice(0, 4));
  const depts = await ctx.db
    .select({ id: units.id, name: units.name, areas: units.areas })
    .from(units)
    .where(and(eq(units.districtId, ctx.actor.districtId), eq(units.kind, 'department'), eq(units.status, 'active')))
    .orderBy(asc(units.id));
  const byName = (name: string) => depts.find((d) => d.name === name);
  const templates = await ctx.db
    .select({ id: checklistTemplates.id, name: checklistTemplates.name })
    .from(checklistTemplates)
    .where(and(eq(checklistTemplates.districtId, ctx.actor.districtId), eq(checklistTemplates.status, 'active')));
  const present = (p: DomainPreset): CampaignPreset => {
    const tpl = p.checklistName ? templates.find((t) => t.name === p.checklistName) : undefined;
    return {
      key: p.key,
      label: p.label,
      name: p.name,
      description: p.description,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      selfCheckDue: p.selfCheckDue,
      phases: p.phases,
      areas: p.areas.map((a) => {
        const missing: string[] = [];
        const match = (names: string[]) =>
          names.flatMap((n) => {
            const d = byName(n);
            if (!d) missing.push(n);
            return d ? [d.id] : [];
          });
        // 004 names no departments: the district's departments that own the area take it.
        const responsible = a.responsibleDepartments ? match(a.responsibleDepartments) : depts.filter((d) => d.areas.includes(a.area)).map((d) => d.id);
        return {
          area: a.area,
          tasks: a.tasks,
          responsibleSubject: a.responsibleSubject,
          responsibleDepartmentIds: responsible,
          cooperatingDepartmentIds: match(a.cooperatingDepartments),
          missingDepartments: missing,
        };
      }),
      checklistTemplateId: tpl?.id ?? null,
      checklistName: tpl?.name ?? p.checklistName,
    };
  };
  return { items: [present(preset002(year)), present(preset004(year))] };
}

// ---- creating and changing --------------------------------------------------------------------

interface Shape {
  name: string;
  description: string | null;
  allSchools: boolean;
  schoolIds: number[];
  startsOn: string;
  endsOn: string;
  selfCheckDue: string | null;
  checklistTemplateId: number | null;
  phases: CreateCampaign['phases'];
  areas: CreateCampaign['areas'];
}

/** Dates and areas by the domain's rules, departments, schools and checklist of the district; 400 naming the field. */
async function checkShape(tx: Executor, actor: Actor, s: Shape) {
  const problems = campaignShapeProblems({ ...s, areas: s.areas.map((a) => ({ area: a.area as SafetyArea })) });
  if (problems.length) {
    const p = problems[0];
    const head = p.field.split('.')[0];
    const label = fieldLabels[head] ?? head;
    throw badRequest('VALIDATION_FAILED', `${label}：${p.message}`, problems.map((x) => ({ field: x.field, label: fieldLabels[x.field.split('.')[0]] ?? x.field, message: x.message })));
  }
  // Departments, schools and the checklist through the one reference check (access/references.ts).
  for (const [i, a] of s.areas.entries()) {
    // A department stopped later stays on a campaign's unchanged areas.
    const o = { kinds: ['department', 'bureau'] as const, active: false };
    await departmentRefs(tx, actor, a.responsibleDepartmentIds, { ...o, field: `areas.${i}.responsibleDepartmentIds`, label: '责任部门', message: `第 ${i + 1} 个领域的责任部门不是本区的科室/中心` });
    await departmentRefs(tx, actor, a.cooperatingDepartmentIds, { ...o, field: `areas.${i}.cooperatingDepartmentIds`, label: '配合部门', message: `第 ${i + 1} 个领域的配合部门不是本区的科室/中心` });
  }
  if (!s.allSchools) {
    if (!s.schoolIds.length) throw fieldError('schoolIds', '请选择参加的学校，或选择全部学校');
    await unitRefs(tx, actor, s.schoolIds, { field: 'schoolIds', what: '学校', kinds: ['school'], kindMessage: '请选择学校' });
  }
  if (s.checklistTemplateId) await checklistTemplateRef(tx, actor, s.checklistTemplateId);
}

async function writeParts(tx: Tx, campaignId: number, s: Pick<Shape, 'phases' | 'areas' | 'allSchools' | 'schoolIds'>, parts: { phases: boolean; areas: boolean; schools: boolean }) {
  if (parts.phases) {
    await tx.delete(campaignPhases).where(eq(campaignPhases.campaignId, campaignId));
    await tx.insert(campaignPhases).values(s.phases.map((p, i) => ({ campaignId, sort: i + 1, kind: p.kind, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn })));
  }
  if (parts.areas) {
    await tx.delete(campaignAreas).where(eq(campaignAreas.campaignId, campaignId));
    await tx.insert(campaignAreas).values(
      s.areas.map((a) => ({
        campaignId,
        area: a.area,
        tasks: a.tasks?.trim() || null,
        responsibleSubject: a.responsibleSubject,
        responsibleDepartmentIds: [...new Set(a.responsibleDepartmentIds)],
        cooperatingDepartmentIds: [...new Set(a.cooperatingDepartmentIds)],
      })),
    );
  }
  if (parts.schools) {
    await tx.delete(campaignSchools).where(eq(campaignSchools.campaignId, campaignId));
    const ids = s.allSchools ? [] : [...new Set(s.schoolIds)];
    if (ids.length) await tx.insert(campaignSchools).values(ids.map((schoolId) => ({ campaignId, schoolId })));
  }
}

/**
 * 002: 各学校填写排查表 by the self-check deadline. Each school of the campaign that has no
 * self-check of it yet gets one, planned for the deadline with the campaign's checklist and the
 * school's own people who may inspect as its inspectors, so it sits in the school's 检查任务. A
 * school with nobody who may inspect gets none (it can start one itself with the campaign chosen).
 * Returns how many were created. Idempotent: run again after schools are added.
 */
async function planSelfChecks(tx: Tx, ctx: Ctx, c: CampaignRow): Promise<number> {
  if (!c.selfCheckDue || c.status === 'finished') return 0;
  const schools = await tx
    .select({ id: units.id })
    .from(units)
    .where(
      and(
        campaignSchoolScope({ ...ctx.actor, scope: 'district' }, c),
        sql`not exists (select 1 from ${inspectionTargets} join ${inspections} on ${inspections.id} = ${inspectionTargets.inspectionId} where ${inspectionTargets.schoolId} = ${units.id} and ${inspections.campaignId} = ${c.id} and ${inspections.kind} = 'self_check')`,
      ),
    )
    .orderBy(asc(units.path));
  if (!schools.length) return 0;
  const people = await tx
    .select({ id: users.id, unitId: users.unitId, roles: sql<string[]>`array_agg(${userRoles.roleKey})` })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(inArray(users.unitId, schools.map((s) => s.id)), eq(users.status, 'active')))
    .groupBy(users.id, users.unitId)
    .orderBy(asc(users.id));
  const inspectorsOf = new Map<number, number[]>();
  for (const p of people) {
    if (!effectiveAccess(ctx.roleTable, p.roles as never).permissions.has('inspection.perform')) continue;
    inspectorsOf.set(p.unitId, [...(inspectorsOf.get(p.unitId) ?? []), p.id]);
  }
  let made = 0;
  for (const s of schools) {
    const inspectorIds = inspectorsOf.get(s.id);
    if (!inspectorIds?.length) continue;
    await createInspectionTx(tx, ctx, {
      kind: 'self_check',
      title: `${c.name}学校自查`,
      plannedOn: c.selfCheckDue,
      schoolIds: [s.id],
      inspectorIds,
      checklistTemplateId: c.checklistTemplateId,
      campaignId: c.id,
    });
    made++;
  }
  return made;
}

export async function createCampaign(ctx: Ctx, input: CreateCampaign): Promise<CampaignDetail> {
  requireAccess(ctx.actor, 'campaign.manage');
  const shape: Shape = {
    name: input.name,
    description: input.description?.trim() || null,
    allSchools: input.allSchools,
    schoolIds: input.schoolIds,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    selfCheckDue: input.selfCheckDue ?? null,
    checklistTemplateId: input.checklistTemplateId ?? null,
    phases: input.phases,
    areas: input.areas,
  };
  const id = await ctx.db.transaction(async (tx) => {
    await checkShape(tx, ctx.actor, shape);
    const [row] = await tx
      .insert(campaigns)
      .values({
        districtId: ctx.actor.districtId,
        name: shape.name,
        description: shape.description,
        allSchools: shape.allSchools,
        startsOn: shape.startsOn,
        endsOn: shape.endsOn,
        selfCheckDue: shape.selfCheckDue,
        checklistTemplateId: shape.checklistTemplateId,
        status: 'active',
        createdBy: ctx.actor.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await writeParts(tx, row.id, shape, { phases: true, areas: true, schools: true });
    const selfChecks = await planSelfChecks(tx, ctx, row);
    await writeAudit(tx, ctx, {
      action: 'create',
      objectType: 'campaign',
      objectId: row.id,
      after: { ...shape, selfChecksPlanned: selfChecks },
    });
    return row.id;
  });
  return getCampaign(ctx, id);
}

export async function updateCampaign(ctx: Ctx, id: number, input: UpdateCampaign): Promise<CampaignDetail> {
  requireAccess(ctx.actor, 'campaign.manage');
  await ctx.db.transaction(async (tx) => {
    const c = await findCampaignInScope(tx, ctx.actor, id, true);
    if (c.version !== input.version) throw staleVersion();
    if (c.status === 'finished') throw conflict('CAMPAIGN_FINISHED', '该专项整治已结束，不能再修改');
    const phases = (await phasesOf(tx, [id])).get(id) ?? [];
    const areas = await areasOf(tx, id);
    const schoolRows = await tx.select({ id: campaignSchools.schoolId }).from(campaignSchools).where(eq(campaignSchools.campaignId, id));
    const before: Shape = {
      name: c.name,
      description: c.description,
      allSchools: c.allSchools,
      schoolIds: schoolRows.map((s) => s.id),
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      selfCheckDue: c.selfCheckDue,
      checklistTemplateId: c.checklistTemplateId,
      phases: phases.map((p) => ({ kind: p.kind as PhaseKind, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn })),
      areas: areas.map((a) => ({
        area: a.area as SafetyArea,
        tasks: a.tasks,
        responsibleSubject: a.responsibleSubject,
        responsibleDepartmentIds: a.responsibleDepartmentIds,
        cooperatingDepartmentIds: a.cooperatingDepartmentIds,
      })),
    };
    const after: Shape = {
      name: input.name ?? before.name,
      description: input.description === undefined ? before.description : input.description?.trim() || null,
      allSchools: input.allSchools ?? before.allSchools,
      schoolIds: input.schoolIds ?? before.schoolIds,
      startsOn: input.startsOn ?? before.startsOn,
      endsOn: input.endsOn ?? before.endsOn,
      selfCheckDue: input.selfCheckDue === undefined ? before.selfCheckDue : input.selfCheckDue,
      checklistTemplateId: input.checklistTemplateId === undefined ? before.checklistTemplateId : input.checklistTemplateId,
      phases: input.phases ?? before.phases,
      areas: input.areas ?? before.areas,
    };
    await checkShape(tx, ctx.actor, after);
    const [row] = await tx
      .update(campaigns)
      .set({
        name: after.name,
        description: after.description,
        allSchools: after.allSchools,
        startsOn: after.startsOn,
        endsOn: after.endsOn,
        selfCheckDue: after.selfCheckDue,
        checklistTemplateId: after.checklistTemplateId,
        version: c.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(campaigns.id, id))
      .returning();
    await writeParts(tx, id, after, { phases: !!input.phases, areas: !!input.areas, schools: input.allSchools !== undefined || input.schoolIds !== undefined });
    const selfChecks = await planSelfChecks(tx, ctx, row);
    const changed = Object.fromEntries(Object.keys(input).filter((k) => k !== 'version').map((k) => [k, before[k as keyof Shape]]));
    const changedAfter = Object.fromEntries(Object.keys(changed).map((k) => [k, after[k as keyof Shape]]));
    await writeAudit(tx, ctx, { action: 'update', objectType: 'campaign', objectId: id, before: changed, after: { ...changedAfter, selfChecksPlanned: selfChecks } });
  });
  return getCampaign(ctx, id);
}

export async function finishCampaign(ctx: Ctx, id: number, version: number): Promise<CampaignDetail> {
  requireAccess(ctx.actor, 'campaign.manage');
  await ctx.db.transaction(async (tx) => {
    const c = await findCampaignInScope(tx, ctx.actor, id, true);
    if (c.version !== version) throw staleVersion();
    if (c.status === 'finished') throw conflict('CAMPAIGN_FINISHED', '该专项整治已经结束');
    await tx.update(campaigns).set({ status: 'finished', version: c.version + 1, updatedAt: ctx.now }).where(eq(campaigns.id, id));
    await writeAudit(tx, ctx, { action: 'update', objectType: 'campaign', objectId: id, before: { status: c.status }, after: { status: 'finished' } });
  });
  return getCampaign(ctx, id);
}

// ---- progress (the leading group's page) ------------------------------------------------------

const school = alias(units, 'school');
const town = alias(units, 'town');
const dept = alias(units, 'dept');
const coord = alias(units, 'coord');

/**
 * The progress of a campaign in the caller's scope, in a fixed handful of aggregate queries
 * (no per-row work): each school's self-check against the deadline, hazards by area, status, town
 * and responsible department, the overdue list and the leading group's figures.
 */
export async function campaignProgress(ctx: Ctx, id: number): Promise<CampaignProgress> {
  requireAccess(ctx.actor, 'campaign.read');
  const { actor } = ctx;
  const c = await findCampaignInScope(ctx.db, actor, id);
  const today = todayOf(ctx);
  const db = ctx.db;

  // Self-checks: the first submission of a self-check of this campaign per school.
  const sc = db
    .select({
      schoolId: inspectionTargets.schoolId,
      submittedAt: sql<Date | null>`min(${inspectionTargets.submittedAt})`.as('submitted_at'),
      inspectionId: sql<number>`min(${inspectionTargets.inspectionId})`.as('inspection_id'),
    })
    .from(inspectionTargets)
    .innerJoin(inspections, eq(inspections.id, inspectionTargets.inspectionId))
    .where(and(eq(inspections.campaignId, id), eq(inspections.kind, 'self_check')))
    .groupBy(inspectionTargets.schoolId)
    .as('sc');
  const hzPerSchool = db
    .select({ schoolId: hazards.schoolId, n: count().as('n') })
    .from(hazards)
    .where(and(eq(hazards.campaignId, id), hazardScope(actor)))
    .groupBy(hazards.schoolId)
    .as('hz');
  const campaignHazards = and(eq(hazards.campaignId, id), hazardScope(actor))!;
  const openSql = sql<number>`count(*) filter (where ${hazards.status} <> 'closed')`.mapWith(Number);
  const overdueSql = sql<number>`count(*) filter (where ${hazards.status} <> 'closed' and ${hazards.deadline} < ${today})`.mapWith(Number);
  const overdueCond = and(campaignHazards, ne(hazards.status, 'closed'), lt(hazards.deadline, today))!;

  const [selfRows, byAreaRows, byStatusRows, byTownRows, byDeptRows, overdueRows, [totals]] = await Promise.all([
    db
      .select({
        schoolId: units.id,
        schoolName: units.name,
        townName: town.name,
        submittedAt: sc.submittedAt,
        inspectionId: sc.inspectionId,
        hazardCount: hzPerSchool.n,
      })
      .from(units)
      .leftJoin(town, and(eq(town.id, units.parentId), eq(town.kind, 'town')))
      .leftJoin(sc, eq(sc.schoolId, units.id))
      .leftJoin(hzPerSchool, eq(hzPerSchool.schoolId, units.id))
      .where(campaignSchoolScope(actor, c))
      .orderBy(asc(units.path)),
    db.select({ key: hazards.area, count: count(), open: openSql, overdue: overdueSql }).from(hazards).where(campaignHazards).groupBy(hazards.area),
    db.select({ key: hazards.status, count: count(), open: openSql, overdue: overdueSql }).from(hazards).where(campaignHazards).groupBy(hazards.status),
    db
      .select({ key: sql<string>`coalesce(${town.id}::text, '')`, label: sql<string>`coalesce(${town.name}, '区直属')`, count: count(), open: openSql, overdue: overdueSql })
      .from(hazards)
      .innerJoin(school, eq(school.id, hazards.schoolId))
      .leftJoin(town, and(eq(town.id, school.parentId), eq(town.kind, 'town')))
      .where(campaignHazards)
      .groupBy(town.id, town.name),
    db
      .select({ key: sql<string>`coalesce(${dept.id}::text, '')`, label: sql<string>`coalesce(${dept.name}, '未指定')`, count: count(), open: openSql, overdue: overdueSql })
      .from(hazards)
      .leftJoin(dept, eq(dept.id, hazards.responsibleDepartmentId))
      .where(campaignHazards)
      .groupBy(dept.id, dept.name),
    db
      .select({
        id: hazards.id,
        code: hazards.code,
        schoolName: school.name,
        area: hazards.area,
        grade: hazards.grade,
        status: hazards.status,
        deadline: hazards.deadline,
        responsibleDepartmentName: dept.name,
      })
      .from(hazards)
      .innerJoin(school, eq(school.id, hazards.schoolId))
      .leftJoin(dept, eq(dept.id, hazards.responsibleDepartmentId))
      .where(overdueCond)
      .orderBy(asc(hazards.deadline), asc(hazards.id))
      .limit(50),
    db
      .select({
        hazards: count(),
        major: sql<number>`count(*) filter (where ${hazards.grade} = 'major')`.mapWith(Number),
        rectified: sql<number>`count(*) filter (where ${hazards.status} in ('accepted','closed'))`.mapWith(Number),
        closed: sql<number>`count(*) filter (where ${hazards.status} = 'closed')`.mapWith(Number),
        overdue: overdueSql,
        falseFixes: sql<number>`count(*) filter (where ${hazards.falseFix})`.mapWith(Number),
      })
      .from(hazards)
      .where(campaignHazards),
  ]);

  const selfChecks = selfRows.map((r) => {
    const submittedOn = r.submittedAt ? shanghaiDate(new Date(r.submittedAt)) : null;
    return {
      schoolId: r.schoolId,
      schoolName: r.schoolName,
      townName: r.townName,
      status: selfCheckStatus(submittedOn, c.selfCheckDue, today),
      submittedOn,
      inspectionId: r.inspectionId === null || r.inspectionId === undefined ? null : Number(r.inspectionId),
      hazardCount: Number(r.hazardCount ?? 0),
    };
  });
  const selfCheckCounts = { on_time: 0, late: 0, pending: 0, missing: 0 };
  for (const s of selfChecks) selfCheckCounts[s.status]++;
  const row = (key: string, label: string, r: { count: number; open: number; overdue: number }): CountRow => ({ key, label, count: r.count, open: r.open, overdue: r.overdue });
  const byArea = byAreaRows.map((r) => row(r.key, safetyAreaLabels[r.key as SafetyArea] ?? r.key, r)).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const statusOrder = (k: string) => hazardStatuses.indexOf(k as HazardStatus);
  const byStatus = byStatusRows.map((r) => row(r.key, hazardStatusLabels[r.key as HazardStatus] ?? r.key, r)).sort((a, b) => statusOrder(a.key) - statusOrder(b.key));
  const byTown = byTownRows.map((r) => row(r.key, r.label, r)).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const byDepartment = byDeptRows.map((r) => row(r.key, r.label, r)).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return {
    campaignId: id,
    today,
    selfCheckDue: c.selfCheckDue,
    selfChecks,
    selfCheckCounts,
    byArea,
    byStatus,
    byTown,
    byDepartment,
    overdue: overdueRows.map((r) => ({ ...r, area: r.area as SafetyArea, grade: r.grade as HazardGrade, status: r.status as HazardStatus, deadline: r.deadline! })),
    overdueTotal: totals.overdue,
    figures: {
      schools: selfChecks.length,
      selfChecksDone: selfCheckCounts.on_time + selfCheckCounts.late,
      selfChecksOnTime: selfCheckCounts.on_time,
      hazards: totals.hazards,
      major: totals.major,
      rectified: totals.rectified,
      closed: totals.closed,
      rectificationRate: totals.hazards ? Math.round((totals.rectified / totals.hazards) * 10000) / 10000 : null,
      overdue: totals.overdue,
      falseFixes: totals.falseFixes,
    },
  };
}

// ---- weekly returns (002 专项整治阶段: 周报机制; attachment 4) ----------------------------------

/** The figures of one department's week, from the signed history of the campaign's hazards (002 attachment 4). */
export async function computeWeeklyFigures(db: Executor, campaignId: number, departmentId: number, areas: SafetyArea[], monday: string): Promise<WeeklyFiguresBody> {
  const sunday = weekEndOf(monday);
  const mine = areas.length
    ? or(inArray(hazards.area, areas), eq(hazards.responsibleDepartmentId, departmentId))!
    : eq(hazards.responsibleDepartmentId, departmentId);
  const where = and(eq(hazards.campaignId, campaignId), mine, sql`${hazards.foundOn} <= ${sunday}`)!;
  const rows = await db
    .select({ id: hazards.id, code: hazards.code, area: hazards.area, responsibleDepartmentId: hazards.responsibleDepartmentId, schoolName: school.name })
    .from(hazards)
    .innerJoin(school, eq(school.id, hazards.schoolId))
    .where(where)
    .orderBy(asc(hazards.id));
  // Steps signed up to the end of the week, Shanghai time (UTC+8): before Monday 00:00 of the next week.
  const end = new Date(`${addDays(sunday, 1)}T00:00:00+08:00`);
  const steps = rows.length
    ? await db
        .select({ hazardId: hazardSteps.hazardId, action: hazardSteps.action, toStatus: hazardSteps.toStatus, at: hazardSteps.at, data: hazardSteps.data })
        .from(hazardSteps)
        .where(and(sql`${hazardSteps.hazardId} in (select ${hazards.id} from ${hazards} where ${where})`, lt(hazardSteps.at, end)))
        .orderBy(asc(hazardSteps.hazardId), asc(hazardSteps.id))
    : [];
  const byHazard = new Map<number, WeekHazard['steps']>();
  for (const s of steps) {
    const data = (s.data ?? {}) as Record<string, unknown>;
    const step: WeekHazard['steps'][number] = { action: s.action, toStatus: s.toStatus as HazardStatus, day: shanghaiDate(s.at) };
    if (Object.prototype.hasOwnProperty.call(data, 'deadline')) step.deadline = (data.deadline as string | null) ?? null;
    byHazard.set(s.hazardId, [...(byHazard.get(s.hazardId) ?? []), step]);
  }
  const list: WeekHazard[] = rows.map((r) => ({ ...r, area: r.area as SafetyArea, steps: byHazard.get(r.id) ?? [] }));
  return weeklyFigures(list, departmentId, areas, monday);
}

const returnSubmitter = alias(users, 'submitter');

interface ReturnsContext {
  c: CampaignRow;
  weeks: string[];
  deptAreas: Map<number, SafetyArea[]>;
  names: Map<number, string>;
}

async function returnsContext(db: Executor, actor: Actor, id: number): Promise<ReturnsContext> {
  const c = await findCampaignInScope(db, actor, id);
  const phases = (await phasesOf(db, [id])).get(id) ?? [];
  const areas = await areasOf(db, id);
  const deptAreas = departmentAreas(areas);
  return { c, weeks: weeklyReturnWeeks(phaseSpans(phases)), deptAreas, names: await unitNames(db, [...deptAreas.keys()]) };
}

/** The departments whose returns a person sees: the district all, a department its own, a town or school none. */
function visibleDepartments(actor: Actor, rc: ReturnsContext): number[] {
  const all = [...rc.deptAreas.keys()].sort((a, b) => (rc.names.get(a) ?? '').localeCompare(rc.names.get(b) ?? '') || a - b);
  if (actor.scope === 'district') return all;
  return all.filter((d) => d === actor.unitId);
}

/** Files and edits a department's returns: its own officers, or the bureau. */
const mayReport = (actor: Actor, departmentId: number) => can(actor, 'campaign.report') && (actor.scope === 'district' || actor.unitId === departmentId);

function presentReturn(actor: Actor, rc: ReturnsContext, departmentId: number, week: string, r: (ReturnRow & { submittedByName: string | null }) | null, today: string): WeeklyReturn {
  const writable = rc.c.status !== 'finished' && mayReport(actor, departmentId);
  const status: WeeklyReturn['status'] = r ? (r.status as 'draft' | 'submitted') : weekEndOf(week) < today ? 'missing' : 'due';
  const actions: WeeklyReturn['actions'] = [];
  if (writable && status !== 'submitted') actions.push('edit', 'submit');
  if (r) actions.push('export');
  return {
    id: r?.id ?? null,
    campaignId: rc.c.id,
    departmentId,
    departmentName: rc.names.get(departmentId) ?? `单位 ${departmentId}`,
    weekStart: week,
    weekEnd: weekEndOf(week),
    status,
    figures: (r?.figures as WeeklyFiguresBody | undefined) ?? null,
    progress: r?.progress ?? null,
    problems: r?.problems ?? null,
    nextSteps: r?.nextSteps ?? null,
    submittedByName: r?.submittedByName ?? null,
    submittedAt: r?.submittedAt?.toISOString() ?? null,
    version: r?.version ?? null,
    actions,
  };
}

/** Every week of the rectification phase up to this one × each responsible department in view: filed, draft, due or missing. */
export async function listWeeklyReturns(ctx: Ctx, id: number, q: { week?: string; departmentId?: number }) {
  requireAccess(ctx.actor, 'campaign.read');
  const rc = await returnsContext(ctx.db, ctx.actor, id);
  const today = todayOf(ctx);
  const thisWeek = weekStart(today);
  const weeks = rc.weeks.filter((w) => w <= thisWeek);
  const depts = visibleDepartments(ctx.actor, rc);
  const shownWeeks = q.week ? weeks.filter((w) => w === q.week) : weeks;
  const shownDepts = q.departmentId ? depts.filter((d) => d === q.departmentId) : depts;
  const saved = shownDepts.length
    ? await ctx.db
        .select({ r: weeklyReturns, submittedByName: returnSubmitter.displayName })
        .from(weeklyReturns)
        .leftJoin(returnSubmitter, eq(returnSubmitter.id, weeklyReturns.submittedBy))
        .where(and(eq(weeklyReturns.campaignId, id), inArray(weeklyReturns.departmentId, shownDepts)))
    : [];
  const key = (d: number, w: string) => `${d}:${w}`;
  const byKey = new Map(saved.map((s) => [key(s.r.departmentId, s.r.weekStart), { ...s.r, submittedByName: s.submittedByName }]));
  const items: WeeklyReturn[] = [];
  for (const w of [...shownWeeks].reverse()) for (const d of shownDepts) items.push(presentReturn(ctx.actor, rc, d, w, byKey.get(key(d, w)) ?? null, today));
  return { items, weeks, departments: depts.map((d) => ({ id: d, name: rc.names.get(d) ?? `单位 ${d}` })) };
}

function checkWeekAndDepartment(actor: Actor, rc: ReturnsContext, week: string, departmentId: number) {
  if (!visibleDepartments(actor, rc).includes(departmentId)) throw notFound('周报');
  if (!rc.weeks.includes(week)) throw fieldError('week', `${week} 所在周不在专项整治（周报）阶段，或不是周一`);
}

/** A department's return for a week: the saved one, or a draft computed now from that week's data. */
export async function weeklyReturnDraft(ctx: Ctx, id: number, week: string, departmentId: number): Promise<WeeklyReturn> {
  requireAccess(ctx.actor, 'campaign.read');
  const rc = await returnsContext(ctx.db, ctx.actor, id);
  checkWeekAndDepartment(ctx.actor, rc, week, departmentId);
  const today = todayOf(ctx);
  const [saved] = await ctx.db
    .select({ r: weeklyReturns, submittedByName: returnSubmitter.displayName })
    .from(weeklyReturns)
    .leftJoin(returnSubmitter, eq(returnSubmitter.id, weeklyReturns.submittedBy))
    .where(and(eq(weeklyReturns.campaignId, id), eq(weeklyReturns.departmentId, departmentId), eq(weeklyReturns.weekStart, week)));
  if (saved?.r.status === 'submitted') return presentReturn(ctx.actor, rc, departmentId, week, { ...saved.r, submittedByName: saved.submittedByName }, today);
  const figures = await computeWeeklyFigures(ctx.db, id, departmentId, rc.deptAreas.get(departmentId) ?? [], week);
  const text = weeklyReturnDraftText(figures);
  const base = presentReturn(ctx.actor, rc, departmentId, week, saved ? { ...saved.r, submittedByName: saved.submittedByName } : null, today);
  return {
    ...base,
    figures,
    progress: saved?.r.progress ?? text.progress,
    problems: saved ? saved.r.problems : text.problems,
  };
}

async function writeReturn(tx: Tx, ctx: Ctx, rc: ReturnsContext, existing: ReturnRow | null, week: string, departmentId: number, input: { progress?: string | null; problems?: string | null; nextSteps?: string | null; submit: boolean }) {
  const figures = await computeWeeklyFigures(tx, rc.c.id, departmentId, rc.deptAreas.get(departmentId) ?? [], week);
  const drafted = weeklyReturnDraftText(figures);
  const pick = (v: string | null | undefined, old: string | null | undefined, fallback: string | null) => (v === undefined ? (old ?? fallback) : v?.trim() || null);
  const texts = {
    progress: pick(input.progress, existing?.progress, drafted.progress),
    problems: pick(input.problems, existing?.problems, drafted.problems),
    nextSteps: pick(input.nextSteps, existing?.nextSteps, null),
  };
  if (input.submit && !texts.progress) throw fieldError('progress', '请填写工作推进情况后再提交');
  const submitted = input.submit ? { status: 'submitted', submittedBy: ctx.actor.id, submittedAt: ctx.now } : {};
  let rid: number;
  if (existing) {
    await tx
      .update(weeklyReturns)
      .set({ figures, ...texts, ...submitted, version: existing.version + 1, updatedAt: ctx.now })
      .where(eq(weeklyReturns.id, existing.id));
    rid = existing.id;
  } else {
    const [row] = await tx
      .insert(weeklyReturns)
      .values({ campaignId: rc.c.id, departmentId, weekStart: week, status: 'draft', figures, ...texts, ...submitted, createdAt: ctx.now, updatedAt: ctx.now })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('WEEKLY_RETURN_EXISTS', '该部门本周的周报已由他人保存，请刷新后再修改');
    rid = row.id;
  }
  await writeAudit(tx, ctx, {
    action: input.submit ? 'submit' : existing ? 'update' : 'create',
    objectType: 'weekly_return',
    objectId: rid,
    before: existing ? { status: existing.status, version: existing.version } : undefined,
    after: { campaignId: rc.c.id, departmentId, weekStart: week, status: input.submit ? 'submitted' : 'draft', ...texts, figures: { newCount: figures.newCount, rectifiedCount: figures.rectifiedCount, closedCount: figures.closedCount, overdueCount: figures.overdueCount } },
  });
  return rid;
}

async function presentSavedReturn(ctx: Ctx, id: number, rid: number): Promise<WeeklyReturn> {
  const rc = await returnsContext(ctx.db, ctx.actor, id);
  const [s] = await ctx.db
    .select({ r: weeklyReturns, submittedByName: returnSubmitter.displayName })
    .from(weeklyReturns)
    .leftJoin(returnSubmitter, eq(returnSubmitter.id, weeklyReturns.submittedBy))
    .where(and(eq(weeklyReturns.id, rid), eq(weeklyReturns.campaignId, id)));
  if (!s || !visibleDepartments(ctx.actor, rc).includes(s.r.departmentId)) throw notFound('周报');
  return presentReturn(ctx.actor, rc, s.r.departmentId, s.r.weekStart, { ...s.r, submittedByName: s.submittedByName }, todayOf(ctx));
}

/** First save of a department's return for a week (and, with submit, its submission). */
export async function saveWeeklyReturn(ctx: Ctx, id: number, input: SaveWeeklyReturn): Promise<WeeklyReturn> {
  requireAccess(ctx.actor, 'campaign.report');
  const rid = await ctx.db.transaction(async (tx) => {
    const rc = await returnsContext(tx, ctx.actor, id);
    if (!mayReport(ctx.actor, input.departmentId)) throw notFound('周报');
    checkWeekAndDepartment(ctx.actor, rc, input.week, input.departmentId);
    if (rc.c.status === 'finished') throw conflict('CAMPAIGN_FINISHED', '该专项整治已结束，不能再填报周报');
    if (input.week > weekStart(todayOf(ctx))) throw fieldError('week', '还未到这一周，不能填报');
    const [existing] = await tx
      .select()
      .from(weeklyReturns)
      .where(and(eq(weeklyReturns.campaignId, id), eq(weeklyReturns.departmentId, input.departmentId), eq(weeklyReturns.weekStart, input.week)));
    if (existing) throw conflict('WEEKLY_RETURN_EXISTS', '该部门本周的周报已保存过，请刷新后再修改');
    return writeReturn(tx, ctx, rc, null, input.week, input.departmentId, input);
  });
  return presentSavedReturn(ctx, id, rid);
}

/** Edits a saved return (version checked) and, with submit, submits it; a submitted return is final. */
export async function updateWeeklyReturn(ctx: Ctx, id: number, rid: number, input: UpdateWeeklyReturn): Promise<WeeklyReturn> {
  requireAccess(ctx.actor, 'campaign.report');
  await ctx.db.transaction(async (tx) => {
    const rc = await returnsContext(tx, ctx.actor, id);
    const [existing] = await tx
      .select()
      .from(weeklyReturns)
      .where(and(eq(weeklyReturns.id, rid), eq(weeklyReturns.campaignId, id)))
      .for('update');
    if (!existing || !visibleDepartments(ctx.actor, rc).includes(existing.departmentId) || !mayReport(ctx.actor, existing.departmentId)) throw notFound('周报');
    if (existing.version !== input.version) throw staleVersion();
    if (existing.status === 'submitted') throw conflict('WEEKLY_RETURN_SUBMITTED', '该周报已提交，不能再修改');
    if (rc.c.status === 'finished') throw conflict('CAMPAIGN_FINISHED', '该专项整治已结束，不能再填报周报');
    await writeReturn(tx, ctx, rc, existing, existing.weekStart, existing.departmentId, input);
  });
  return presentSavedReturn(ctx, id, rid);
}

/** A saved return with its campaign, for the export (scope checked). */
export async function weeklyReturnForExport(ctx: Ctx, id: number, rid: number) {
  requireAccess(ctx.actor, 'campaign.read');
  const r = await presentSavedReturn(ctx, id, rid);
  const c = await findCampaignInScope(ctx.db, ctx.actor, id);
  await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'weekly_return', objectId: rid, after: { form: '专项整治工作周报', campaignId: id } }));
  return { campaign: c, ret: r };
}

/**
 * The scheduled job: every past week of a weekly-return phase of a running campaign whose return a
 * responsible department has not submitted is flagged to the safety centre (002: 汇总到局安全管理中心)
 * — the bureau's admins and the officers of a department named 安全管理中心 — and to the department
 * itself. One reminder per person, department and week (dedupe keys): running it again adds nothing.
 */
export async function flagMissingWeeklyReturns(tx: Executor, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  const running = await tx.select().from(campaigns).where(and(ne(campaigns.status, 'finished'), sql`${campaigns.startsOn} <= ${today}`));
  let flagged = 0;
  for (const c of running) {
    const phases = (await phasesOf(tx, [c.id])).get(c.id) ?? [];
    const weeks = weeklyReturnWeeks(phaseSpans(phases)).filter((w) => weekEndOf(w) < today);
    if (!weeks.length) continue;
    const deptAreas = departmentAreas(await areasOf(tx, c.id));
    const depts = [...deptAreas.keys()];
    if (!depts.length) continue;
    const submitted = await tx
      .select({ departmentId: weeklyReturns.departmentId, weekStart: weeklyReturns.weekStart })
      .from(weeklyReturns)
      .where(and(eq(weeklyReturns.campaignId, c.id), eq(weeklyReturns.status, 'submitted')));
    const done = new Set(submitted.map((s) => `${s.departmentId}:${s.weekStart}`));
    const missing = weeks.flatMap((w) => depts.filter((d) => !done.has(`${d}:${w}`)).map((d) => ({ d, w })));
    if (!missing.length) continue;
    const centre = await tx
      .selectDistinct({ id: users.id })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .innerJoin(units, eq(units.id, users.unitId))
      .where(
        and(
          eq(users.districtId, c.districtId),
          eq(users.status, 'active'),
          or(eq(userRoles.roleKey, 'bureau_admin'), and(eq(userRoles.roleKey, 'department_officer'), sql`${units.name} like '%安全管理中心%'`)),
        ),
      );
    const officers = await tx
      .selectDistinct({ id: users.id, unitId: users.unitId })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .where(and(inArray(users.unitId, depts), eq(users.status, 'active'), eq(userRoles.roleKey, 'department_officer')));
    const names = await unitNames(tx, depts);
    for (const { d, w } of missing) {
      const to = [...centre.map((u) => u.id), ...officers.filter((o) => o.unitId === d).map((o) => o.id)];
      await notify(tx, c.districtId, to, {
        kind: 'weekly_return_missing',
        title: `${c.name}：${names.get(d) ?? '责任部门'} ${w} 至 ${weekEndOf(w)} 的周报未提交`,
        link: `/campaigns/${c.id}?tab=weekly&week=${w}`,
        dedupeKey: `weekly-return-missing:${c.id}:${d}:${w}`,
      });
      flagged++;
    }
  }
  return flagged;
}

// ---- the summary: three classes (002 总结评估阶段) -----------------------------------------------

const summaryColumns = {
  hazard: hazards,
  schoolName: school.name,
  responsibleDepartmentName: dept.name,
  coordinationDepartmentName: coord.name,
};
type SummaryRow = { hazard: typeof hazards.$inferSelect; schoolName: string; responsibleDepartmentName: string | null; coordinationDepartmentName: string | null };

export function selectSummaryRows(db: Executor) {
  return db
    .select(summaryColumns)
    .from(hazards)
    .innerJoin(school, eq(school.id, hazards.schoolId))
    .leftJoin(dept, eq(dept.id, hazards.responsibleDepartmentId))
    .leftJoin(coord, eq(coord.id, hazards.coordinationDepartmentId));
}

export const presentSummaryRow = (r: SummaryRow): SummaryHazardRow => ({
  id: r.hazard.id,
  code: r.hazard.code,
  schoolName: r.schoolName,
  area: r.hazard.area as SafetyArea,
  description: r.hazard.description,
  grade: r.hazard.grade as HazardGrade,
  status: r.hazard.status as HazardStatus,
  summaryClass: r.hazard.summaryClass as SummaryClass | null,
  committedOn: r.hazard.committedOn,
  coordinationDepartmentId: r.hazard.coordinationDepartmentId,
  coordinationDepartmentName: r.coordinationDepartmentName,
  responsibleDepartmentName: r.responsibleDepartmentName,
  falseFix: r.hazard.falseFix,
  version: r.hazard.version,
});

/** The campaign's hazards in scope, of one class (null: unclassified), a batch at a time for exports. */
export function summaryBatchFetcher(ctx: Ctx, campaignId: number, cls: SummaryClass | null | 'false_fix') {
  const where = and(
    eq(hazards.campaignId, campaignId),
    hazardScope(ctx.actor),
    cls === 'false_fix' ? eq(hazards.falseFix, true) : cls ? eq(hazards.summaryClass, cls) : isNull(hazards.summaryClass),
  );
  return (afterId: number, limit: number) =>
    selectSummaryRows(ctx.db)
      .where(and(where, gt(hazards.id, afterId)))
      .orderBy(asc(hazards.id))
      .limit(limit)
      .then((rows) => rows.map((r) => ({ ...r, id: r.hazard.id })));
}

export async function campaignSummary(ctx: Ctx, id: number): Promise<CampaignSummary> {
  requireAccess(ctx.actor, 'campaign.read');
  await findCampaignInScope(ctx.db, ctx.actor, id);
  const mine = and(eq(hazards.campaignId, id), hazardScope(ctx.actor))!;
  const [counts] = await ctx.db
    .select({
      resolved: sql<number>`count(*) filter (where ${hazards.summaryClass} = 'resolved')`.mapWith(Number),
      resolving: sql<number>`count(*) filter (where ${hazards.summaryClass} = 'resolving')`.mapWith(Number),
      hard: sql<number>`count(*) filter (where ${hazards.summaryClass} = 'hard')`.mapWith(Number),
      unclassified: sql<number>`count(*) filter (where ${hazards.summaryClass} is null)`.mapWith(Number),
    })
    .from(hazards)
    .where(mine);
  const [unclassified, coordination, falseFixes] = await Promise.all([
    selectSummaryRows(ctx.db).where(and(mine, isNull(hazards.summaryClass))).orderBy(asc(hazards.id)).limit(500),
    selectSummaryRows(ctx.db).where(and(mine, eq(hazards.summaryClass, 'hard'))).orderBy(asc(coord.name), asc(hazards.id)).limit(2000),
    selectSummaryRows(ctx.db).where(and(mine, eq(hazards.falseFix, true))).orderBy(asc(hazards.id)).limit(2000),
  ]);
  return {
    campaignId: id,
    counts,
    unclassified: unclassified.map(presentSummaryRow),
    coordination: coordination.map(presentSummaryRow),
    falseFixes: falseFixes.map(presentSummaryRow),
  };
}

/** The third class with the department that takes it to the coordination meeting (002: 专题协调会). */
export async function coordinationList(ctx: Ctx, id: number) {
  requireAccess(ctx.actor, 'campaign.read');
  await findCampaignInScope(ctx.db, ctx.actor, id);
  const rows = await selectSummaryRows(ctx.db)
    .where(and(eq(hazards.campaignId, id), hazardScope(ctx.actor), eq(hazards.summaryClass, 'hard')))
    .orderBy(asc(coord.name), asc(hazards.id));
  return { items: rows.map(presentSummaryRow) };
}

/**
 * Sorts a campaign's hazard into one of the three classes (002 总结评估), as a signed step in its
 * history (action 'classify', status unchanged) with the audit event, in one transaction.
 */
export async function classifyHazard(ctx: Ctx, id: number, hazardId: number, input: ClassifyInput) {
  requireAccess(ctx.actor, 'campaign.report');
  const { actor } = ctx;
  return ctx.db.transaction(async (tx) => {
    const c = await findCampaignInScope(tx, actor, id);
    const [h] = await tx
      .select()
      .from(hazards)
      .where(and(eq(hazards.id, hazardId), eq(hazards.campaignId, id), hazardScope(actor)))
      .for('update');
    if (!h) throw notFound('隐患');
    if (actor.scope === 'unit') throw forbidden('总结分类由责任部门或局安全管理中心填报');
    if (c.status === 'finished') throw conflict('CAMPAIGN_FINISHED', '该专项整治已结束，不能再分类');
    if (h.version !== input.version) throw staleVersion();
    const effect = decideClassification(h.status as HazardStatus, input, todayOf(ctx));
    if ('kind' in effect) {
      if (effect.kind === 'state') throw conflict('CLASSIFY_NOT_ALLOWED', effect.message);
      throw fieldError(effect.field, effect.message);
    }
    let coordinationDepartmentName: string | null = null;
    if (effect.coordinationDepartmentId) {
      const [d] = await departmentRefs(tx, actor, [effect.coordinationDepartmentId], { field: 'coordinationDepartmentId', message: '所选牵头部门不是本区的科室/中心' });
      coordinationDepartmentName = d.name;
    }
    const version = h.version + 1;
    await tx
      .update(hazards)
      .set({ summaryClass: effect.summaryClass, committedOn: effect.committedOn, coordinationDepartmentId: effect.coordinationDepartmentId, version, updatedAt: ctx.now })
      .where(eq(hazards.id, hazardId));
    const data = { summaryClass: effect.summaryClass, committedOn: effect.committedOn, coordinationDepartmentId: effect.coordinationDepartmentId, coordinationDepartmentName };
    await tx.insert(hazardSteps).values({
      hazardId,
      districtId: actor.districtId,
      action: 'classify',
      fromStatus: h.status,
      toStatus: h.status,
      actorId: actor.id,
      actorName: actor.displayName,
      actorUnitName: actor.unitName,
      at: ctx.now,
      comment: summaryClassLabels[effect.summaryClass],
      data,
    });
    await writeAudit(tx, ctx, {
      action: 'transition',
      objectType: 'hazard',
      objectId: hazardId,
      before: { summaryClass: h.summaryClass, committedOn: h.committedOn, coordinationDepartmentId: h.coordinationDepartmentId, version: h.version },
      after: { action: 'classify', campaignId: id, ...data },
    });
    return { id: hazardId, summaryClass: effect.summaryClass, committedOn: effect.committedOn, coordinationDepartmentId: effect.coordinationDepartmentId, version };
  });
}

// ---- the sample (002: 按比例予以抽查; 弄虚作假的予以通报) ------------------------------------------

const drawer = alias(users, 'drawer');

async function presentSamples(db: Executor, rows: Array<{ s: typeof campaignSamples.$inferSelect; drawnByName: string }>): Promise<CampaignSample[]> {
  const ids = [...new Set(rows.flatMap((r) => r.s.hazardIds))];
  const hz = ids.length
    ? await db.select({ id: hazards.id, code: hazards.code, schoolName: school.name, falseFix: hazards.falseFix }).from(hazards).innerJoin(school, eq(school.id, hazards.schoolId)).where(inArray(hazards.id, ids))
    : [];
  const byId = new Map(hz.map((h) => [h.id, h]));
  return rows.map(({ s, drawnByName }) => ({
    id: s.id,
    campaignId: s.campaignId,
    seed: s.seed,
    ratio: Number(s.ratio),
    hazards: s.hazardIds.map((hid) => byId.get(hid)).filter((h): h is NonNullable<typeof h> => !!h),
    followUpInspectionIds: s.followUpInspectionId ? [s.followUpInspectionId] : [],
    drawnByName,
    drawnAt: s.drawnAt.toISOString(),
  }));
}

export async function listSamples(ctx: Ctx, id: number) {
  requireAccess(ctx.actor, 'campaign.read');
  await findCampaignInScope(ctx.db, ctx.actor, id);
  // The sample lists hazards by code; a town or school has no business with the district's sample.
  if (ctx.actor.scope === 'unit') return { items: [] };
  const rows = await ctx.db
    .select({ s: campaignSamples, drawnByName: drawer.displayName })
    .from(campaignSamples)
    .innerJoin(drawer, eq(drawer.id, campaignSamples.drawnBy))
    .where(eq(campaignSamples.campaignId, id))
    .orderBy(desc(campaignSamples.id));
  return { items: await presentSamples(ctx.db, rows) };
}

/**
 * Draws a sample of the hazards classed resolved or resolving, reproducibly from the seed (one is
 * generated and recorded when none is given), and creates one follow-up inspection (回头看) over
 * the sampled hazards' schools, all in one transaction. A failed follow-up item reopens the hazard
 * as a false fix (inspections service → transitionHazardTx 'reopen' → falseFix).
 */
export async function drawCampaignSample(ctx: Ctx, id: number, input: DrawSample): Promise<CampaignSample> {
  requireAccess(ctx.actor, 'campaign.manage');
  const { actor } = ctx;
  const sampleId = await ctx.db.transaction(async (tx) => {
    const c = await findCampaignInScope(tx, actor, id, true);
    if (c.status === 'finished') throw conflict('CAMPAIGN_FINISHED', '该专项整治已结束，不能再抽查');
    const pool = await tx
      .select({ id: hazards.id })
      .from(hazards)
      .where(and(eq(hazards.campaignId, id), hazardScope(actor), inArray(hazards.summaryClass, ['resolved', 'resolving'])))
      .orderBy(asc(hazards.id));
    if (!pool.length) throw conflict('NOTHING_TO_SAMPLE', '还没有归为“风险隐患已化解”或“正在化解中”的隐患，无法抽查');
    const seed = input.seed?.trim() || randomBytes(8).toString('hex');
    const ids = drawSampleIds(pool.map((p) => p.id), input.ratio, seed);
    let inspectorIds = [...new Set(input.inspectorIds)];
    if (!inspectorIds.length) {
      if (!can(actor, 'inspection.perform')) throw fieldError('inspectorIds', '请选择执行回头看的检查人员');
      inspectorIds = [actor.id];
    }
    const today = todayOf(ctx);
    const followUp = await createInspectionTx(tx, ctx, {
      kind: 'follow_up',
      title: `${c.name}抽查回头看（比例 ${Math.round(input.ratio * 1000) / 10}%）`,
      plannedOn: input.plannedOn ?? today,
      hazardIds: ids,
      inspectorIds,
      campaignId: id,
    });
    const [row] = await tx
      .insert(campaignSamples)
      .values({ campaignId: id, seed, ratio: input.ratio, hazardIds: ids, followUpInspectionId: followUp.id, drawnBy: actor.id, drawnAt: ctx.now })
      .returning();
    await writeAudit(tx, ctx, {
      action: 'draw_sample',
      objectType: 'campaign',
      objectId: id,
      after: { sampleId: row.id, seed, ratio: input.ratio, poolSize: pool.length, hazardIds: ids, followUpInspectionId: followUp.id, followUpCode: followUp.code },
    });
    return row.id;
  });
  const rows = await ctx.db
    .select({ s: campaignSamples, drawnByName: drawer.displayName })
    .from(campaignSamples)
    .innerJoin(drawer, eq(drawer.id, campaignSamples.drawnBy))
    .where(eq(campaignSamples.id, sampleId));
  return (await presentSamples(ctx.db, rows))[0];
}

/** The campaign for an export after the scope check. */
export async function campaignForExport(ctx: Ctx, id: number, form: string) {
  requireAccess(ctx.actor, 'campaign.read');
  const c = await findCampaignInScope(ctx.db, ctx.actor, id);
  await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'campaign', objectId: id, after: { form } }));
  return c;
}


