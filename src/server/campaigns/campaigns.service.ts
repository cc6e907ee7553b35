// Campaigns (专项整治, seeds 002 and 004), setting one up: finding, listing and presenting a
// campaign with its phases, areas and departments, the 002/004 presets, creating, changing and
// finishing it, and the schools' self-checks it plans. Rules are in src/domain/campaigns.ts. What a
// person does with a running campaign is beside this file: progress.service.ts (the leading
// group's page), weekly-returns.service.ts (002 attachment 4 and the missing-return job),
// summary.service.ts (the three classes and the coordination list), samples.service.ts (the
// spot-check sample and its follow-ups, 回头看), exports.ts (the Excel exports); the private
// pieces they share are in campaign-parts.ts.
//
// Which hazards belong to a campaign: those found by its inspections (the planned self-checks, and
// any inspection created with its campaignId — submitTarget copies the campaignId onto each
// hazard), and those reported with the campaign chosen. Hazards a school reports in the period
// without choosing the campaign are not attached silently: a campaign's figures must be the ones
// the people reporting meant to put there.
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Campaign, CampaignArea, CampaignDetail, CampaignPreset, CreateCampaign, NamedId, UpdateCampaign } from '../../contracts/campaigns.js';
import { fieldLabels } from '../../contracts/common.js';
import type { CampaignStatus, PhaseKind, SafetyArea } from '../../contracts/enums.js';
import { campaignShapeProblems, phaseOn, weeklyReturnWeeks } from '../../domain/campaigns.js';
import { preset002, preset004, type CampaignPreset as DomainPreset } from '../../domain/campaign-presets.js';
import { effectiveAccess } from '../../domain/roles.js';
import { can, campaignSchoolScope, campaignScope, hazardScope, requireAccess, type Actor } from '../access/access.js';
import { checklistTemplateRef, departmentRefs, unitRefs } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { forReads, todayOf, type Ctx } from '../context.js';
import type { Executor, Tx } from '../db/client.js';
import { campaignAreas, campaignPhases, campaigns, campaignSchools, checklistTemplates, hazards, inspections, inspectionTargets, units, userRoles, users } from '../db/schema.js';
import { badRequest, conflict, notFound, staleVersion } from '../errors.js';
import { createInspectionTx } from '../inspections/inspections.service.js';
import { areasOf, fieldError, phaseSpans, phasesOf, unitNames, type CampaignRow, type PhaseRow } from './campaign-parts.js';

// ---- finding ----------------------------------------------------------------------------------

/** The campaign if the person may see it; otherwise not found, whether or not it exists. */
export async function findCampaignInScope(db: Executor, actor: Actor, id: number, forUpdate = false): Promise<CampaignRow> {
  const q = db.select().from(campaigns).where(and(eq(campaigns.id, id), campaignScope(actor)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('专项整治');
  return row;
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

export async function listCampaigns(request: Ctx, q: { status?: CampaignStatus }) {
  requireAccess(request.actor, 'campaign.read');
  // A list: on the read replica when there is one (issue 18).
  const ctx = forReads(request);
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

