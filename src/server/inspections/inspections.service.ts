// Inspections (排查/检查): who checks which schools against which checklist, the marks item by
// item, and the signed submission that turns every failed item into a hazard (001 item 24, 002).
import { and, asc, count, desc, eq, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { fieldLabels } from '../../contracts/common.js';
import {
  inspectionKindLabels,
  inspectionKinds,
  type HazardGrade,
  type HazardStatus,
  type InspectionKind,
  type InspectionStatus,
  type ItemResult,
  type RoleKey,
  type SafetyArea,
} from '../../contracts/enums.js';
import {
  createInspectionBody,
  hazardIdOfItemKey,
  hazardItemKey,
  type CreateInspection,
  type FollowUpHazard,
  type Inspection,
  type InspectionDetail,
  type InspectionListQuery,
  type InspectionTarget,
  type SaveResults,
  type Signature,
  type SubmitTarget,
  submitTargetBody,
  saveResultsBody,
} from '../../contracts/inspections.js';
import { isDay } from '../../domain/dates.js';
import { horizonProblem, PLAN_HORIZON_YEARS } from '../../domain/day-ranges.js';
import { effectiveAccess } from '../../domain/roles.js';
import { can, hazardScope, inspectionScope, requireAccess, unitInScope, unitScope, type Actor } from '../access/access.js';
import { attachableFiles, campaignRef, checklistTemplateRef, userRefs } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { readDb, todayOf, type Ctx } from '../context.js';
import type { Executor, Tx } from '../db/client.js';
import { nextCodeNumber } from '../db/codes.js';
import {
  campaigns,
  checklistTemplates,
  checklistVersions,
  hazards,
  inspectionInspectors,
  inspectionResults,
  inspections,
  inspectionTargets,
  units,
  userRoles,
  users,
} from '../db/schema.js';
import { badRequest, conflict, forbidden, notFound, staleVersion, fieldError } from '../errors.js';
import { fileRefs } from '../files/files.service.js';
import { createHazardTx, transitionHazardTx } from '../hazards/hazards.service.js';
import { builtinTemplateId, videoPatrolTemplateId, checklistOptions, checklistVersionById, currentChecklistVersion, itemsOf, type ChecklistVersionRef } from './checklist.js';
import { containing } from '../db/like.js';

export type InspectionRow = typeof inspections.$inferSelect;
export type TargetRow = typeof inspectionTargets.$inferSelect;



/** Which kinds a person may start: a school its own self-check, a town general and cross checks, the district any. */
export function creatableKinds(actor: Actor): InspectionKind[] {
  if (!can(actor, 'inspection.manage')) return [];
  if (actor.scope !== 'unit') return [...inspectionKinds];
  if (actor.unitKind === 'town') return ['town_check', 'cross', 'video_patrol'];
  if (actor.unitKind === 'school') return ['self_check'];
  return [];
}

// ---- creating ---------------------------------------------------------------------------------

/** The stage of a school (or of the person's own school), for choosing a built-in template. */
async function stageOf(db: Executor, actor: Actor, schoolId?: number): Promise<string | null> {
  const id = schoolId ?? (actor.unitKind === 'school' ? actor.unitId : undefined);
  if (!id) return null;
  const [u] = await db.select({ stage: units.stage }).from(units).where(and(eq(units.id, id), eq(units.districtId, actor.districtId)));
  return u?.stage ?? null;
}

interface SchoolRow {
  id: number;
  name: string;
  path: string;
  districtId: number;
}

async function loadSchools(tx: Executor, districtId: number, ids: number[]): Promise<SchoolRow[]> {
  if (!ids.length) return [];
  return tx
    .select({ id: units.id, name: units.name, path: units.path, districtId: units.districtId })
    .from(units)
    .where(and(inArray(units.id, ids), eq(units.districtId, districtId), eq(units.kind, 'school'), eq(units.status, 'active')));
}

/** The roles each person holds. */
async function rolesOfUsers(db: Executor, ids: number[]): Promise<Map<number, RoleKey[]>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ userId: userRoles.userId, roleKey: userRoles.roleKey }).from(userRoles).where(inArray(userRoles.userId, ids));
  const out = new Map<number, RoleKey[]>();
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), r.roleKey as RoleKey]);
  return out;
}

/**
 * Creates an inspection in the caller's transaction: checks who may start which kind, the target
 * schools against the caller's scope (a cross check: outside the inspecting unit), the inspectors
 * (active people who may inspect), the checklist (its current version is kept), and for a
 * follow-up the hazards it checks again. The campaigns service calls this for sampled follow-ups.
 */
export async function createInspectionTx(tx: Tx, ctx: Ctx, raw: CreateInspection): Promise<{ id: number; code: string }> {
  const { actor } = ctx;
  requireAccess(actor, 'inspection.manage');
  const input = createInspectionBody.parse(raw);
  const kind = input.kind;
  if (!creatableKinds(actor).includes(kind)) {
    const what = actor.unitKind === 'school' ? '学校只能发起本校自查' : actor.unitKind === 'town' ? '镇街可以发起镇街普查、交叉检查或视频巡查' : '您所在单位不能发起检查';
    throw fieldError('kind', `${what}，不能发起“${inspectionKindLabels[kind]}”`);
  }
  if (!isDay(input.plannedOn)) throw fieldError('plannedOn', '不是有效日期');
  const far = horizonProblem(input.plannedOn, todayOf(ctx), PLAN_HORIZON_YEARS);
  if (far) throw fieldError('plannedOn', far);

  // The checklist: a follow-up lists hazards instead.
  let version: ChecklistVersionRef | null = null;
  if (kind !== 'follow_up') {
    // Without a choice: the built-in template; a kindergarten's self-check the kindergarten one.
    if (input.checklistTemplateId) await checklistTemplateRef(tx, actor, input.checklistTemplateId);
    const templateId =
      input.checklistTemplateId ??
      (kind === 'video_patrol'
        ? await videoPatrolTemplateId(tx, actor.districtId)
        : await builtinTemplateId(tx, actor.districtId, kind === 'self_check' ? await stageOf(tx, actor, input.schoolIds[0]) : null));
    if (!templateId) throw fieldError('checklistTemplateId', '请选择检查表模板');
    version = await currentChecklistVersion(tx, actor.districtId, templateId);
    if (!version) throw notFound('检查表模板');
    if (!itemsOf(version.sections).length) throw fieldError('checklistTemplateId', '该检查表模板没有检查项');
  }


  let followUpOfId: number | null = null;
  let followUpHazardIds: number[] = [];
  let schoolIds = [...new Set(input.schoolIds)];
  if (input.followUpOfId) {
    const [earlier] = await tx.select({ id: inspections.id }).from(inspections).where(and(eq(inspections.id, input.followUpOfId), inspectionScope(actor)));
    if (!earlier) throw notFound('原检查');
    followUpOfId = earlier.id;
  }
  if (kind === 'follow_up') {
    let ids = [...new Set(input.hazardIds)];
    if (!ids.length && !followUpOfId) throw fieldError('hazardIds', '回头看须选择原检查或要复查的隐患');
    if (!ids.length) {
      // The earlier inspection's hazards that were declared fixed.
      const rows = await tx
        .select({ id: hazards.id })
        .from(hazards)
        .where(and(eq(hazards.inspectionId, followUpOfId!), inArray(hazards.status, ['accepted', 'closed']), hazardScope(actor)))
        .orderBy(asc(hazards.id));
      ids = rows.map((r) => r.id);
      if (!ids.length) throw fieldError('followUpOfId', '原检查没有已整改验收的隐患可供复查');
    }
    const found = await tx.select({ id: hazards.id, schoolId: hazards.schoolId }).from(hazards).where(and(inArray(hazards.id, ids), hazardScope(actor)));
    if (found.length !== ids.length) throw notFound('隐患');
    followUpHazardIds = ids;
    schoolIds = [...new Set(found.map((h) => h.schoolId))];
  } else if (input.hazardIds.length) {
    throw fieldError('hazardIds', '只有“回头看”才复查隐患');
  }

  if (kind === 'self_check' && !schoolIds.length && actor.unitKind === 'school') schoolIds = [actor.unitId];
  if (!schoolIds.length) throw fieldError('schoolIds', '请选择被检查学校');
  if (kind === 'self_check' && schoolIds.length !== 1) throw fieldError('schoolIds', '学校自查只检查本校一所学校');

  // The inspecting unit of a cross check, and the schools.
  let inspectorUnit: { id: number; path: string; kind: string } | null = null;
  const schools = await loadSchools(tx, actor.districtId, schoolIds);
  if (kind === 'cross') {
    if (!input.inspectorUnitId) throw fieldError('inspectorUnitId', '交叉检查须选择派出检查人员的单位');
    const [u] = await tx
      .select({ id: units.id, path: units.path, kind: units.kind, districtId: units.districtId })
      .from(units)
      .where(and(eq(units.id, input.inspectorUnitId), unitScope(actor)));
    if (!u) throw notFound('检查单位');
    if (u.kind !== 'school' && u.kind !== 'town') throw fieldError('inspectorUnitId', '交叉检查的检查单位须为学校或镇街');
    inspectorUnit = u;
    if (schools.length !== schoolIds.length) throw notFound('学校');
    const own = schools.find((s) => s.path.startsWith(u.path));
    if (own) throw fieldError('schoolIds', `交叉检查不能检查检查单位本身或其下属学校（${own.name}）`);
  } else {
    const visible = schools.filter((s) => unitInScope(actor, s));
    if (visible.length !== schoolIds.length) throw notFound('学校');
  }

  // The campaign must include every school checked (references.ts).
  if (input.campaignId) await campaignRef(tx, actor, input.campaignId, { field: 'campaignId', schoolIds });

  // The inspectors: active people of the district who may inspect; a self-check's from the school,
  // a cross check's from the inspecting unit, otherwise within the organiser's reach.
  const inspectorIds = [...new Set(input.inspectorIds)];
  const reach = kind === 'self_check' ? schools[0].path : kind === 'cross' ? inspectorUnit!.path : actor.scope === 'unit' ? actor.unitPath : null;
  const why = kind === 'self_check' ? '学校自查的检查人员须为本校人员' : kind === 'cross' ? '交叉检查的检查人员须来自检查单位' : '检查人员须为本单位及下属单位人员';
  const people = await userRefs(tx, actor, inspectorIds, { field: 'inspectorIds', what: '检查人员', within: reach, notWithinMessage: (p) => `${why}（${p.displayName}）`, active: false });
  const rolesOf = await rolesOfUsers(tx, inspectorIds);
  for (const p of people) {
    if (p.status !== 'active' || !effectiveAccess(ctx.roleTable, rolesOf.get(p.id) ?? []).permissions.has('inspection.perform')) {
      throw fieldError('inspectorIds', `${p.displayName} 不是可以执行检查的在岗人员`);
    }
  }

  const year = Number(input.plannedOn.slice(0, 4));
  const code = `JC-${year}-${String(await nextCodeNumber(tx, actor.districtId, 'JC', year)).padStart(6, '0')}`;
  const [row] = await tx
    .insert(inspections)
    .values({
      districtId: actor.districtId,
      code,
      kind,
      title: input.title,
      campaignId: input.campaignId ?? null,
      checklistVersionId: version?.id ?? null,
      followUpOfId,
      followUpHazardIds,
      organizerUnitId: actor.unitId,
      inspectorUnitId: inspectorUnit?.id ?? null,
      plannedOn: input.plannedOn,
      status: 'planned',
      createdBy: actor.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await tx.insert(inspectionInspectors).values(inspectorIds.map((userId) => ({ inspectionId: row.id, userId })));
  const ordered = schoolIds.map((sid) => schools.find((s) => s.id === sid)!);
  await tx.insert(inspectionTargets).values(
    ordered.map((s) => ({ inspectionId: row.id, districtId: actor.districtId, schoolId: s.id, schoolPath: s.path, status: 'planned', createdAt: ctx.now, updatedAt: ctx.now })),
  );
  await writeAudit(tx, ctx, {
    action: 'create',
    objectType: 'inspection',
    objectId: row.id,
    after: {
      code,
      kind,
      title: input.title,
      plannedOn: input.plannedOn,
      schoolIds,
      inspectorIds,
      checklistVersionId: version?.id ?? null,
      campaignId: input.campaignId ?? null,
      followUpOfId,
      followUpHazardIds,
      inspectorUnitId: inspectorUnit?.id ?? null,
    },
  });
  return { id: row.id, code };
}

export async function createInspection(ctx: Ctx, input: CreateInspection) {
  requireAccess(ctx.actor, 'inspection.manage');
  const { id } = await ctx.db.transaction((tx) => createInspectionTx(tx, ctx, input));
  return getInspection(ctx, id);
}

// ---- reading ----------------------------------------------------------------------------------

const organizer = alias(units, 'organizer');
const inspectorUnitT = alias(units, 'inspector_unit');
const earlier = alias(inspections, 'earlier');

interface Facts {
  row: InspectionRow;
  organizerName: string;
  organizerPath: string;
  inspectorUnitName: string | null;
  inspectorUnitPath: string | null;
  campaignName: string | null;
  checklistName: string | null;
  checklistVersionNumber: number | null;
  followUpOfCode: string | null;
  createdByName: string;
}

function selectFacts(db: Executor) {
  return db
    .select({
      row: inspections,
      organizerName: organizer.name,
      organizerPath: organizer.path,
      inspectorUnitName: inspectorUnitT.name,
      inspectorUnitPath: inspectorUnitT.path,
      campaignName: campaigns.name,
      checklistName: checklistTemplates.name,
      checklistVersionNumber: checklistVersions.number,
      followUpOfCode: earlier.code,
      createdByName: users.displayName,
    })
    .from(inspections)
    .innerJoin(organizer, eq(organizer.id, inspections.organizerUnitId))
    .leftJoin(inspectorUnitT, eq(inspectorUnitT.id, inspections.inspectorUnitId))
    .leftJoin(campaigns, eq(campaigns.id, inspections.campaignId))
    .leftJoin(checklistVersions, eq(checklistVersions.id, inspections.checklistVersionId))
    .leftJoin(checklistTemplates, eq(checklistTemplates.id, checklistVersions.templateId))
    .leftJoin(earlier, eq(earlier.id, inspections.followUpOfId))
    .innerJoin(users, eq(users.id, inspections.createdBy));
}

interface Related {
  inspectors: Map<number, Array<{ id: number; name: string; unitName: string }>>;
  targets: Map<number, Array<TargetRow & { schoolName: string }>>;
}

async function loadRelated(db: Executor, ids: number[]): Promise<Related> {
  const inspectorsOf = new Map<number, Array<{ id: number; name: string; unitName: string }>>();
  const targetsOf = new Map<number, Array<TargetRow & { schoolName: string }>>();
  if (!ids.length) return { inspectors: inspectorsOf, targets: targetsOf };
  const [people, targets] = await Promise.all([
    db
      .select({ inspectionId: inspectionInspectors.inspectionId, id: users.id, name: users.displayName, unitName: units.name })
      .from(inspectionInspectors)
      .innerJoin(users, eq(users.id, inspectionInspectors.userId))
      .innerJoin(units, eq(units.id, users.unitId))
      .where(inArray(inspectionInspectors.inspectionId, ids))
      .orderBy(asc(users.id)),
    db
      .select({ target: inspectionTargets, schoolName: units.name })
      .from(inspectionTargets)
      .innerJoin(units, eq(units.id, inspectionTargets.schoolId))
      .where(inArray(inspectionTargets.inspectionId, ids))
      .orderBy(asc(inspectionTargets.id)),
  ]);
  for (const p of people) {
    const list = inspectorsOf.get(p.inspectionId) ?? [];
    list.push({ id: p.id, name: p.name, unitName: p.unitName });
    inspectorsOf.set(p.inspectionId, list);
  }
  for (const t of targets) {
    const list = targetsOf.get(t.target.inspectionId) ?? [];
    list.push({ ...t.target, schoolName: t.schoolName });
    targetsOf.set(t.target.inspectionId, list);
  }
  return { inspectors: inspectorsOf, targets: targetsOf };
}

/**
 * Whether the person sees every school of an inspection (the district, its organisers, the
 * inspecting unit, its inspectors) or only the targets in their own subtree.
 */
function seesAllTargets(actor: Actor, f: Facts, isInspector: boolean): boolean {
  if (actor.scope !== 'unit' || isInspector) return true;
  return f.organizerPath.startsWith(actor.unitPath) || (f.inspectorUnitPath?.startsWith(actor.unitPath) ?? false);
}

function visibleTargets<T extends TargetRow>(actor: Actor, f: Facts, all: T[], isInspector: boolean): T[] {
  if (seesAllTargets(actor, f, isInspector)) return all;
  return all.filter((t) => t.schoolPath.startsWith(actor.unitPath));
}

function inspectionActionsOf(actor: Actor, f: Facts, isInspector: boolean): Inspection['actions'] {
  if (f.row.status !== 'planned') return [];
  const organizes = can(actor, 'inspection.manage') && (actor.scope !== 'unit' || f.organizerPath.startsWith(actor.unitPath));
  return (isInspector && can(actor, 'inspection.perform')) || organizes ? ['start'] : [];
}

function presentInspection(actor: Actor, f: Facts, rel: Related): Inspection {
  const r = f.row;
  const inspectors = rel.inspectors.get(r.id) ?? [];
  const isInspector = inspectors.some((p) => p.id === actor.id);
  const all = rel.targets.get(r.id) ?? [];
  const targets = visibleTargets(actor, f, all, isInspector);
  return {
    id: r.id,
    code: r.code,
    kind: r.kind as InspectionKind,
    title: r.title,
    status: r.status as InspectionStatus,
    plannedOn: r.plannedOn,
    startedAt: r.startedAt?.toISOString() ?? null,
    campaignId: r.campaignId,
    campaignName: f.campaignName,
    organizerUnitId: r.organizerUnitId,
    organizerUnitName: f.organizerName,
    inspectorUnitId: r.inspectorUnitId,
    inspectorUnitName: f.inspectorUnitName,
    checklistVersionId: r.checklistVersionId,
    checklistName: f.checklistName,
    checklistVersionNumber: f.checklistVersionNumber,
    followUpOfId: r.followUpOfId,
    followUpOfCode: f.followUpOfCode,
    createdByName: f.createdByName,
    schools: targets.map((t) => ({ id: t.schoolId, name: t.schoolName })),
    targetCount: targets.length,
    submittedCount: targets.filter((t) => t.status === 'submitted').length,
    inspectors,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    actions: inspectionActionsOf(actor, f, isInspector),
  };
}

export async function listInspections(ctx: Ctx, q: InspectionListQuery) {
  const { actor } = ctx;
  requireAccess(actor, 'inspection.read');
  // A list: on the read replica when there is one (issue 18).
  const db = readDb(ctx);
  const conds: Array<SQL | undefined> = [inspectionScope(actor)];
  if (q.kind) conds.push(eq(inspections.kind, q.kind));
  if (q.status) conds.push(eq(inspections.status, q.status));
  if (q.campaignId) conds.push(eq(inspections.campaignId, q.campaignId));
  if (q.schoolId) {
    // A school outside the caller's scope is not found, rather than an empty list.
    const [s] = await db.select({ id: units.id }).from(units).where(and(eq(units.id, q.schoolId), unitScope(actor)));
    if (!s) throw notFound('学校');
    conds.push(sql`exists (select 1 from ${inspectionTargets} where ${inspectionTargets.inspectionId} = ${inspections.id} and ${inspectionTargets.schoolId} = ${q.schoolId})`);
  }
  if (q.mine) {
    conds.push(sql`exists (select 1 from ${inspectionInspectors} where ${inspectionInspectors.inspectionId} = ${inspections.id} and ${inspectionInspectors.userId} = ${actor.id})`);
  }
  if (q.q) {
    const pattern = containing(q.q);
    conds.push(or(ilike(inspections.title, pattern), ilike(inspections.code, pattern)));
  }
  const where = and(...conds);
  const [rows, [{ total }]] = await Promise.all([
    selectFacts(db)
      .where(where)
      .orderBy(desc(inspections.plannedOn), desc(inspections.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(inspections).where(where),
  ]);
  const rel = await loadRelated(
    db,
    rows.map((r) => r.row.id),
  );
  return { items: rows.map((f) => presentInspection(actor, f as Facts, rel)), total, page: q.page, pageSize: q.pageSize };
}

async function findFacts(db: Executor, actor: Actor, id: number): Promise<Facts> {
  const [f] = await selectFacts(db).where(and(eq(inspections.id, id), inspectionScope(actor)));
  if (!f) throw notFound('检查任务');
  return f as Facts;
}

function targetActionsOf(actor: Actor, row: InspectionRow, t: TargetRow, isInspector: boolean): InspectionTarget['actions'] {
  const actions: InspectionTarget['actions'] = ['export'];
  const performs = isInspector && can(actor, 'inspection.perform');
  if (performs && row.status === 'in_progress' && t.status !== 'submitted') actions.unshift('fill', 'submit');
  const signed = (t.signatures as Signature[]).some((s) => s.userId === actor.id);
  if (performs && t.status === 'submitted' && !signed) actions.unshift('sign');
  return actions;
}

async function presentTargets(db: Executor, actor: Actor, row: InspectionRow, targets: Array<TargetRow & { schoolName: string }>, isInspector: boolean): Promise<InspectionTarget[]> {
  const ids = targets.map((t) => t.id);
  const results = ids.length
    ? await db
        .select({ result: inspectionResults, hazardCode: hazards.code })
        .from(inspectionResults)
        .leftJoin(hazards, eq(hazards.id, inspectionResults.hazardId))
        .where(inArray(inspectionResults.targetId, ids))
        .orderBy(asc(inspectionResults.id))
    : [];
  const files = new Map((await fileRefs(db, results.flatMap((r) => r.result.fileIds))).map((f) => [f.id, f]));
  return targets.map((t) => ({
    id: t.id,
    inspectionId: t.inspectionId,
    schoolId: t.schoolId,
    schoolName: t.schoolName,
    status: t.status as InspectionStatus,
    submittedAt: t.submittedAt?.toISOString() ?? null,
    signatures: t.signatures as Signature[],
    summary: t.summary,
    version: t.version,
    results: results
      .filter((r) => r.result.targetId === t.id)
      .map(({ result: r, hazardCode }) => ({
        itemKey: r.itemKey,
        result: r.result as ItemResult,
        note: r.note,
        files: r.fileIds.map((fid) => files.get(fid)).filter((f): f is NonNullable<typeof f> => !!f),
        hazardId: r.hazardId,
        hazardCode,
        checkedHazardId: r.checkedHazardId,
        updatedAt: r.updatedAt.toISOString(),
      })),
    actions: targetActionsOf(actor, row, t, isInspector),
  }));
}

async function followUpHazardsOf(db: Executor, row: InspectionRow, schoolIds: number[]): Promise<FollowUpHazard[]> {
  if (!row.followUpHazardIds.length || !schoolIds.length) return [];
  const rows = await db
    .select()
    .from(hazards)
    .where(and(inArray(hazards.id, row.followUpHazardIds), inArray(hazards.schoolId, schoolIds)))
    .orderBy(asc(hazards.id));
  return rows.map((h) => ({
    id: h.id,
    code: h.code,
    schoolId: h.schoolId,
    area: h.area as SafetyArea,
    location: h.location,
    description: h.description,
    grade: h.grade as HazardGrade,
    status: h.status as HazardStatus,
    measures: h.measures,
    falseFix: h.falseFix,
  }));
}

export async function getInspection(ctx: Ctx, id: number): Promise<InspectionDetail> {
  const { actor } = ctx;
  requireAccess(actor, 'inspection.read');
  const f = await findFacts(ctx.db, actor, id);
  const rel = await loadRelated(ctx.db, [id]);
  const base = presentInspection(actor, f, rel);
  const isInspector = base.inspectors.some((p) => p.id === actor.id);
  const targets = visibleTargets(actor, f, rel.targets.get(id) ?? [], isInspector);
  const version = f.row.checklistVersionId ? await checklistVersionById(ctx.db, actor.districtId, f.row.checklistVersionId) : null;
  return {
    ...base,
    sections: version?.sections ?? [],
    followUpHazards: await followUpHazardsOf(ctx.db, f.row, targets.map((t) => t.schoolId)),
    targets: await presentTargets(ctx.db, actor, f.row, targets, isInspector),
  };
}

// ---- working on an inspection -----------------------------------------------------------------

interface Working {
  facts: Facts;
  target: TargetRow & { schoolName: string };
  isInspector: boolean;
}

/** The inspection and one of its targets, both locked, if the person may see them; else 404. */
async function lockTarget(tx: Tx, actor: Actor, id: number, targetId: number): Promise<Working> {
  const facts = await findFacts(tx, actor, id);
  await tx.select({ id: inspections.id }).from(inspections).where(eq(inspections.id, id)).for('update');
  const [t] = await tx
    .select({ target: inspectionTargets, schoolName: units.name })
    .from(inspectionTargets)
    .innerJoin(units, eq(units.id, inspectionTargets.schoolId))
    .where(and(eq(inspectionTargets.id, targetId), eq(inspectionTargets.inspectionId, id)))
    .for('update', { of: inspectionTargets });
  const [me] = await tx
    .select({ userId: inspectionInspectors.userId })
    .from(inspectionInspectors)
    .where(and(eq(inspectionInspectors.inspectionId, id), eq(inspectionInspectors.userId, actor.id)));
  const isInspector = Boolean(me);
  if (!t || !visibleTargets(actor, facts, [t.target], isInspector).length) throw notFound('被检查学校');
  // Re-read the inspection now that it is locked.
  const [row] = await tx.select().from(inspections).where(eq(inspections.id, id));
  return { facts: { ...facts, row }, target: { ...t.target, schoolName: t.schoolName }, isInspector };
}

/** Only the named inspectors fill in and sign; only while the inspection is under way. */
function requireInspector(actor: Actor, w: Working) {
  if (!w.isInspector || !can(actor, 'inspection.perform')) throw forbidden('只有本次检查的检查人员可以填写和签字');
}

function requireFillable(w: Working) {
  if (w.facts.row.status === 'planned') throw conflict('INSPECTION_NOT_STARTED', '检查尚未开始，请先点击“开始检查”');
  if (w.target.status === 'submitted') throw conflict('INSPECTION_TARGET_SUBMITTED', `${w.target.schoolName}的检查表已提交签字，不能再修改`);
}

/** The items of the form of one target: the checklist's, or for a follow-up the hazards of that school. */
async function formOf(tx: Executor, districtId: number, w: Working) {
  const row = w.facts.row;
  if (row.kind === 'follow_up') {
    const list = await followUpHazardsOf(tx, row, [w.target.schoolId]);
    return {
      followUp: true as const,
      items: list.map((h, i) => ({ no: i + 1, key: hazardItemKey(h.id), text: `${h.code} ${h.location}：${h.description}`, area: h.area, hazard: h })),
    };
  }
  const version = row.checklistVersionId ? await checklistVersionById(tx, districtId, row.checklistVersionId) : null;
  return {
    followUp: false as const,
    items: itemsOf(version?.sections ?? []).map(({ no, section, item }) => ({ no, key: item.key, text: item.text, area: section.area, section, hazard: null })),
  };
}

export async function startInspection(ctx: Ctx, id: number, version: number) {
  const { actor } = ctx;
  requireAccess(actor, 'inspection.read');
  await ctx.db.transaction(async (tx) => {
    const facts = await findFacts(tx, actor, id);
    const [row] = await tx.select().from(inspections).where(eq(inspections.id, id)).for('update');
    const rel = await loadRelated(tx, [id]);
    const isInspector = (rel.inspectors.get(id) ?? []).some((p) => p.id === actor.id);
    if (row.version !== version) throw staleVersion();
    if (row.status !== 'planned') throw conflict('INSPECTION_ALREADY_STARTED', '该检查已经开始');
    if (!inspectionActionsOf(actor, { ...facts, row }, isInspector).includes('start')) throw forbidden('只有本次检查的检查人员或组织单位可以开始检查');
    await tx.update(inspections).set({ status: 'in_progress', startedAt: ctx.now, version: row.version + 1, updatedAt: ctx.now }).where(eq(inspections.id, id));
    await tx.update(inspectionTargets).set({ status: 'in_progress', updatedAt: ctx.now }).where(eq(inspectionTargets.inspectionId, id));
    await writeAudit(tx, ctx, { action: 'update', objectType: 'inspection', objectId: id, before: { status: 'planned' }, after: { status: 'in_progress', code: row.code } });
  });
  return getInspection(ctx, id);
}

async function presentOneTarget(ctx: Ctx, id: number, targetId: number): Promise<InspectionTarget> {
  const detail = await getInspection(ctx, id);
  const t = detail.targets.find((x) => x.id === targetId);
  if (!t) throw notFound('被检查学校');
  return t;
}

/** Saves marks while filling in (a draft): only the named inspectors, only while under way. */
export async function saveResults(ctx: Ctx, id: number, targetId: number, raw: SaveResults) {
  const { actor } = ctx;
  const input = saveResultsBody.parse(raw);
  requireAccess(actor, 'inspection.read');
  await ctx.db.transaction(async (tx) => {
    const w = await lockTarget(tx, actor, id, targetId);
    requireInspector(actor, w);
    requireFillable(w);
    if (w.target.version !== input.version) throw staleVersion();
    const form = await formOf(tx, actor.districtId, w);
    const byKey = new Map(form.items.map((i) => [i.key, i]));
    for (const [n, r] of input.results.entries()) {
      const item = byKey.get(r.itemKey);
      if (!item) throw fieldError('results', `第 ${n + 1} 条不是本检查表的检查项（${r.itemKey}）`, undefined, { itemKey: r.itemKey });
      if (form.followUp && r.result === 'na') throw fieldError('results', `回头看的隐患须判定合格或不合格（第 ${item.no} 项）`, undefined, { itemKey: r.itemKey });
    }
    // Photos already in this school's marks (another inspector's) may be sent back; new ones are the caller's own.
    const saved = await tx.select({ fileIds: inspectionResults.fileIds }).from(inspectionResults).where(eq(inspectionResults.targetId, targetId));
    await attachableFiles(tx, actor, input.results.flatMap((r) => r.fileIds), { field: 'results', existing: saved.flatMap((r) => r.fileIds) });
    for (const r of input.results) {
      if (r.result === null) {
        await tx.delete(inspectionResults).where(and(eq(inspectionResults.targetId, targetId), eq(inspectionResults.itemKey, r.itemKey)));
        continue;
      }
      const values = {
        targetId,
        itemKey: r.itemKey,
        result: r.result,
        note: r.note?.trim() || null,
        fileIds: [...new Set(r.fileIds)],
        checkedHazardId: hazardIdOfItemKey(r.itemKey),
        updatedAt: ctx.now,
      };
      await tx
        .insert(inspectionResults)
        .values(values)
        .onConflictDoUpdate({ target: [inspectionResults.targetId, inspectionResults.itemKey], set: { result: values.result, note: values.note, fileIds: values.fileIds, updatedAt: ctx.now } });
    }
    await tx.update(inspectionTargets).set({ version: w.target.version + 1, updatedAt: ctx.now }).where(eq(inspectionTargets.id, targetId));
    await writeAudit(tx, ctx, {
      action: 'update',
      objectType: 'inspection',
      objectId: id,
      after: { targetId, schoolId: w.target.schoolId, results: input.results.map((r) => ({ itemKey: r.itemKey, result: r.result })) },
    });
  });
  return presentOneTarget(ctx, id, targetId);
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Submits one school's filled form, signed by the submitting inspector (签字压责). Every item must
 * be marked; every failed item becomes a hazard with its fields from the item; in a follow-up a
 * failed hazard whose fix was accepted is reopened as a false fix (弄虚作假, 002). One transaction.
 */
export async function submitTarget(ctx: Ctx, id: number, targetId: number, raw: SubmitTarget) {
  const { actor } = ctx;
  const input = submitTargetBody.parse(raw);
  requireAccess(actor, 'inspection.read');
  await ctx.db.transaction(async (tx) => {
    const w = await lockTarget(tx, actor, id, targetId);
    requireInspector(actor, w);
    // The same submission again (its answer was lost on the way to a phone): already done, nothing
    // is created twice. The row lock above makes two concurrent repeats wait for each other.
    if (w.target.status === 'submitted' && input.submitKey && w.target.submitKey === input.submitKey) return;
    if (w.target.status === 'submitted') throw conflict('INSPECTION_TARGET_SUBMITTED', `${w.target.schoolName}的检查表已提交签字，不能重复提交`);
    requireFillable(w);
    if (w.target.version !== input.version) throw staleVersion();
    const row = w.facts.row;
    const form = await formOf(tx, actor.districtId, w);
    const results = await tx.select().from(inspectionResults).where(eq(inspectionResults.targetId, targetId));
    const resultOf = new Map(results.map((r) => [r.itemKey, r]));
    const unmarked = form.items.find((i) => !resultOf.has(i.key));
    if (unmarked) {
      throw badRequest('INSPECTION_ITEM_UNMARKED', `第 ${unmarked.no} 项“${clip(unmarked.text, 40)}”尚未检查，请标记${form.followUp ? '合格或不合格' : '合格、不合格或不适用'}后再提交`, [
        { field: 'results', label: fieldLabels.results, message: '尚未检查', itemKey: unmarked.key },
      ]);
    }
    const failedOf = new Map<string, (typeof input.failed)[number]>();
    for (const fi of input.failed) {
      const item = form.items.find((i) => i.key === fi.itemKey);
      if (!item || resultOf.get(fi.itemKey)?.result !== 'fail') {
        throw fieldError('failed', `${fi.itemKey} 不是本检查表中判定不合格的检查项`, undefined, { itemKey: fi.itemKey });
      }
      failedOf.set(fi.itemKey, fi);
    }
    const today = todayOf(ctx);
    const created: string[] = [];
    const reopened: string[] = [];
    for (const item of form.items) {
      const r = resultOf.get(item.key)!;
      if (r.result !== 'fail') continue;
      if (form.followUp) {
        const h = item.hazard!;
        if (!r.note?.trim()) throw fieldError('results', `第 ${item.no} 项（${h.code}）判定不合格，请在备注中写明回头看发现的问题`, undefined, { itemKey: item.key });
        if (h.status === 'accepted' || h.status === 'closed') {
          const [cur] = await tx.select({ version: hazards.version }).from(hazards).where(eq(hazards.id, h.id));
          await transitionHazardTx(tx, ctx, h.id, { action: 'reopen', version: cur.version, comment: `回头看（${row.code}）未通过：${r.note.trim()}`, fileIds: r.fileIds });
          reopened.push(h.code);
        }
        continue;
      }
      const fi = failedOf.get(item.key);
      if (!fi) {
        throw fieldError('failed', `第 ${item.no} 项“${clip(item.text, 40)}”不合格，请填写隐患位置`, undefined, { itemKey: item.key });
      }
      const description = fi.description?.trim() || `${item.text}${r.note ? `：${r.note}` : ''}`;
      const hazard = await createHazardTx(tx, ctx, {
        schoolId: w.target.schoolId,
        area: (fi.area ?? item.area) as SafetyArea,
        location: fi.location,
        description: clip(description, 2000),
        grade: fi.grade,
        source: row.kind as InspectionKind,
        foundOn: today,
        campaignId: row.campaignId,
        inspectionId: row.id,
        inspectionTargetId: targetId,
        itemKey: item.key,
        fileIds: r.fileIds,
      });
      await tx.update(inspectionResults).set({ hazardId: hazard.id }).where(eq(inspectionResults.id, r.id));
      created.push(hazard.code);
    }
    const signatures: Signature[] = [{ userId: actor.id, name: actor.displayName, at: ctx.now.toISOString() }];
    await tx
      .update(inspectionTargets)
      .set({ status: 'submitted', submittedAt: ctx.now, signatures, summary: input.summary?.trim() || null, submitKey: input.submitKey ?? null, version: w.target.version + 1, updatedAt: ctx.now })
      .where(eq(inspectionTargets.id, targetId));
    const [{ open }] = await tx
      .select({ open: count() })
      .from(inspectionTargets)
      .where(and(eq(inspectionTargets.inspectionId, id), sql`${inspectionTargets.status} <> 'submitted'`));
    if (open === 0) await tx.update(inspections).set({ status: 'submitted', version: row.version + 1, updatedAt: ctx.now }).where(eq(inspections.id, id));
    await writeAudit(tx, ctx, {
      action: 'submit',
      objectType: 'inspection',
      objectId: id,
      after: { code: row.code, targetId, schoolId: w.target.schoolId, hazardsCreated: created, hazardsReopened: reopened, inspectionSubmitted: open === 0 },
    });
  });
  return presentOneTarget(ctx, id, targetId);
}

/** Another named inspector countersigns a submitted form. */
export async function signTarget(ctx: Ctx, id: number, targetId: number, version: number) {
  const { actor } = ctx;
  requireAccess(actor, 'inspection.read');
  await ctx.db.transaction(async (tx) => {
    const w = await lockTarget(tx, actor, id, targetId);
    requireInspector(actor, w);
    if (w.target.status !== 'submitted') throw conflict('INSPECTION_TARGET_NOT_SUBMITTED', '检查表提交后才能会签');
    if (w.target.version !== version) throw staleVersion();
    const signatures = w.target.signatures as Signature[];
    if (signatures.some((s) => s.userId === actor.id)) throw conflict('INSPECTION_ALREADY_SIGNED', '您已在该检查表上签字');
    const next = [...signatures, { userId: actor.id, name: actor.displayName, at: ctx.now.toISOString() }];
    await tx.update(inspectionTargets).set({ signatures: next, version: w.target.version + 1, updatedAt: ctx.now }).where(eq(inspectionTargets.id, targetId));
    await writeAudit(tx, ctx, { action: 'update', objectType: 'inspection', objectId: id, after: { targetId, schoolId: w.target.schoolId, signedBy: actor.displayName } });
  });
  return presentOneTarget(ctx, id, targetId);
}

// ---- the filled form as a workbook ------------------------------------------------------------

export interface FilledForm {
  inspection: InspectionDetail;
  target: InspectionTarget;
  rows: Array<{ no: number; area: string; text: string; method: string; standard: string; result: ItemResult | null; note: string; hazardCode: string }>;
}

/** One school's filled form (排查表), if the person may see it; the export is audited. */
export async function filledForm(ctx: Ctx, id: number, targetId: number): Promise<FilledForm> {
  const { actor } = ctx;
  requireAccess(actor, 'inspection.read');
  const inspection = await getInspection(ctx, id);
  const target = inspection.targets.find((t) => t.id === targetId);
  if (!target) throw notFound('被检查学校');
  const resultOf = new Map(target.results.map((r) => [r.itemKey, r]));
  let rows: FilledForm['rows'];
  if (inspection.kind === 'follow_up') {
    const codes = new Map(inspection.followUpHazards.map((h) => [h.id, h]));
    rows = inspection.followUpHazards
      .filter((h) => h.schoolId === target.schoolId)
      .map((h, i) => {
        const r = resultOf.get(hazardItemKey(h.id));
        return {
          no: i + 1,
          area: h.area,
          text: `${h.location}：${h.description}`,
          method: '现场复查整改情况',
          standard: h.measures ?? '',
          result: r?.result ?? null,
          note: r?.note ?? '',
          hazardCode: codes.get(h.id)?.code ?? '',
        };
      });
  } else {
    rows = itemsOf(inspection.sections).map(({ no, section, item }) => {
      const r = resultOf.get(item.key);
      return {
        no,
        area: section.area,
        text: item.text,
        method: item.method ?? '',
        standard: [item.standard, item.source].filter(Boolean).join('；'),
        result: r?.result ?? null,
        note: r?.note ?? '',
        hazardCode: r?.hazardCode ?? '',
      };
    });
  }
  await ctx.db.transaction((tx) =>
    writeAudit(tx, ctx, { action: 'export', objectType: 'inspection', objectId: id, after: { targetId, schoolId: target.schoolId, form: '排查表' } }),
  );
  return { inspection, target, rows };
}

// ---- what the create form offers --------------------------------------------------------------

/** Active people who may inspect, within the caller's reach (and under a unit, when given). */
export async function inspectorCandidates(ctx: Ctx, q: { q?: string; unitId?: number }) {
  const { actor } = ctx;
  requireAccess(actor, 'inspection.manage');
  let under = actor.scope === 'unit' ? actor.unitPath : null;
  if (q.unitId) {
    const [u] = await ctx.db.select({ path: units.path }).from(units).where(and(eq(units.id, q.unitId), unitScope(actor)));
    if (!u) throw notFound('单位');
    under = u.path;
  }
  const conds: Array<SQL | undefined> = [eq(users.districtId, actor.districtId), eq(users.status, 'active')];
  if (under) conds.push(like(units.path, `${under}%`));
  if (q.q) conds.push(ilike(users.displayName, containing(q.q)));
  const rows = await ctx.db
    .select({
      id: users.id,
      name: users.displayName,
      unitId: units.id,
      unitName: units.name,
      roles: sql<RoleKey[]>`coalesce((select array_agg(${userRoles.roleKey}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '{}')`,
    })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(...conds))
    .orderBy(asc(units.path), asc(users.displayName))
    .limit(500);
  return {
    items: rows
      .filter((r) => effectiveAccess(ctx.roleTable, r.roles).permissions.has('inspection.perform'))
      .slice(0, 200)
      .map(({ roles: _r, ...p }) => p),
  };
}

export async function inspectionOptions(ctx: Ctx) {
  const { actor } = ctx;
  requireAccess(actor, 'inspection.read');
  return {
    kinds: creatableKinds(actor),
    checklists: can(actor, 'inspection.manage') ? await checklistOptions(ctx.db, actor.districtId) : [],
    builtinChecklistId: await builtinTemplateId(ctx.db, actor.districtId, await stageOf(ctx.db, actor)),
  };
}

