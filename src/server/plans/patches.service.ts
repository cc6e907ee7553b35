// Leaders' patches (领导干部常态化分片包靠, 001 item 2): each bureau leader and department holds a
// patch of schools for the year. The patch shows its schools' open and overdue hazards and missed
// rules (read from the hazard register and the compliance findings), and the holder's visits to
// them are recorded; a visit may start a district spot check through the inspections service.
import { and, asc, count, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { PatchView } from '../../contracts/plans.js';
import { requireAccess, type Actor } from '../access/access.js';
import { schoolRef } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { complianceFindings, hazards, leaderPatches, leaderPatchSchools, patchVisits, units, userRoles, users } from '../db/schema.js';
import { conflict, fieldError, notFound, staleVersion } from '../errors.js';
import { createInspectionTx } from '../inspections/inspections.service.js';

type PatchRow = typeof leaderPatches.$inferSelect;

/** Whose patch this person holds: their own (a leader) or their unit's (a department). */
const mine = (actor: Actor) => or(eq(leaderPatches.holderUserId, actor.id), eq(leaderPatches.holderUnitId, actor.unitId))!;

/** The bureau (district scope) sees every patch; anyone else only the one they hold. */
function patchScope(actor: Actor) {
  const district = eq(leaderPatches.districtId, actor.districtId);
  return actor.scope === 'district' ? district : and(district, mine(actor))!;
}

async function present(db: Executor, rows: PatchRow[], today: string): Promise<PatchView[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const schools = await db
    .select({
      patchId: leaderPatchSchools.patchId,
      id: units.id,
      name: units.name,
      openHazards: sql<number>`(select count(*) from ${hazards} h where h.school_id = ${units.id} and h.status <> 'closed')`.mapWith(Number),
      overdueHazards: sql<number>`(select count(*) from ${hazards} h where h.school_id = ${units.id} and h.status <> 'closed' and h.deadline < ${today})`.mapWith(Number),
      missedRules: sql<number>`(select count(*) from ${complianceFindings} f where f.unit_id = ${units.id} and f.status = 'missed')`.mapWith(Number),
      visits: sql<number>`(select count(*) from ${patchVisits} v where v.patch_id = ${leaderPatchSchools.patchId} and v.school_id = ${units.id})`.mapWith(Number),
      lastVisitOn: sql<string | null>`(select max(v.visited_on)::text from ${patchVisits} v where v.patch_id = ${leaderPatchSchools.patchId} and v.school_id = ${units.id})`,
    })
    .from(leaderPatchSchools)
    .innerJoin(units, eq(units.id, leaderPatchSchools.schoolId))
    .where(inArray(leaderPatchSchools.patchId, ids))
    .orderBy(asc(units.name));
  return rows.map((p) => ({
    id: p.id,
    year: p.year,
    holderUserId: p.holderUserId,
    holderUnitId: p.holderUnitId,
    holderName: p.holderName,
    version: p.version,
    schools: schools.filter((s) => s.patchId === p.id).map(({ patchId: _p, ...s }) => s),
  }));
}

export async function listPatches(ctx: Ctx, year: number, today: string, onlyMine = false) {
  requireAccess(ctx.actor, 'plan.read');
  const rows = await ctx.db
    .select()
    .from(leaderPatches)
    .where(and(patchScope(ctx.actor), eq(leaderPatches.year, year), onlyMine ? mine(ctx.actor) : undefined))
    .orderBy(sql`${leaderPatches.holderUserId} is null`, asc(leaderPatches.holderName));
  return { items: await present(ctx.db, rows, today) };
}

/** The schools of a patch: schools of the district, refused naming the field otherwise. */
async function checkSchools(tx: Executor, actor: Actor, ids: number[]) {
  const unique = [...new Set(ids)];
  const found = await tx.select({ id: units.id }).from(units).where(and(eq(units.districtId, actor.districtId), eq(units.kind, 'school'), inArray(units.id, unique)));
  if (found.length !== unique.length) throw fieldError('schoolIds', '包含不是本区学校的单位', '包靠学校');
  return unique;
}

export async function createPatch(ctx: Ctx, input: { year: number; holderUserId?: number; holderUnitId?: number; schoolIds: number[] }, today: string) {
  requireAccess(ctx.actor, 'plan.manage');
  return ctx.db.transaction(async (tx) => {
    let holderName: string;
    if (input.holderUserId) {
      // A bureau leader: a person of the bureau holding the leader role.
      const [u] = await tx
        .select({ id: users.id, name: users.displayName })
        .from(users)
        .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.roleKey, 'bureau_leader')))
        .where(and(eq(users.id, input.holderUserId), eq(users.districtId, ctx.actor.districtId)));
      if (!u) throw fieldError('holderUserId', '请选择本区的局领导', '包靠领导');
      holderName = u.name;
    } else {
      const [d] = await tx.select({ name: units.name }).from(units).where(and(eq(units.id, input.holderUnitId!), eq(units.districtId, ctx.actor.districtId), eq(units.kind, 'department')));
      if (!d) throw fieldError('holderUnitId', '请选择本区的科室', '包靠科室');
      holderName = d.name;
    }
    const schoolIds = await checkSchools(tx, ctx.actor, input.schoolIds);
    const [dup] = await tx
      .select({ id: leaderPatches.id })
      .from(leaderPatches)
      .where(and(eq(leaderPatches.districtId, ctx.actor.districtId), eq(leaderPatches.year, input.year), input.holderUserId ? eq(leaderPatches.holderUserId, input.holderUserId) : eq(leaderPatches.holderUnitId, input.holderUnitId!)));
    if (dup) throw conflict('PATCH_EXISTS', `${holderName} ${input.year} 年的包靠片区已存在，请修改它`, { patchId: dup.id });
    const [p] = await tx
      .insert(leaderPatches)
      .values({ districtId: ctx.actor.districtId, year: input.year, holderUserId: input.holderUserId ?? null, holderUnitId: input.holderUnitId ?? null, holderName })
      .returning();
    await tx.insert(leaderPatchSchools).values(schoolIds.map((schoolId) => ({ patchId: p.id, schoolId })));
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'leader_patch', objectId: p.id, after: { year: p.year, holderName, schoolIds } });
    return (await present(tx, [p], today))[0];
  });
}

export async function updatePatch(ctx: Ctx, id: number, input: { version: number; schoolIds: number[] }, today: string) {
  requireAccess(ctx.actor, 'plan.manage');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(leaderPatches).where(and(eq(leaderPatches.id, id), eq(leaderPatches.districtId, ctx.actor.districtId))).for('update');
    if (!row) throw notFound('包靠片区');
    if (row.version !== input.version) throw staleVersion();
    const schoolIds = await checkSchools(tx, ctx.actor, input.schoolIds);
    const before = (await tx.select({ id: leaderPatchSchools.schoolId }).from(leaderPatchSchools).where(eq(leaderPatchSchools.patchId, id))).map((r) => r.id);
    await tx.delete(leaderPatchSchools).where(eq(leaderPatchSchools.patchId, id));
    await tx.insert(leaderPatchSchools).values(schoolIds.map((schoolId) => ({ patchId: id, schoolId })));
    const [after] = await tx.update(leaderPatches).set({ version: row.version + 1, updatedAt: ctx.now }).where(eq(leaderPatches.id, id)).returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'update', objectType: 'leader_patch', objectId: id, before: { schoolIds: before }, after: { schoolIds } });
    return (await present(tx, [after], today))[0];
  });
}

async function patchOr404(db: Executor, actor: Actor, id: number) {
  const [p] = await db.select().from(leaderPatches).where(and(eq(leaderPatches.id, id), patchScope(actor)));
  if (!p) throw notFound('包靠片区');
  return p;
}

export async function listVisits(ctx: Ctx, patchId: number) {
  requireAccess(ctx.actor, 'plan.read');
  await patchOr404(ctx.db, ctx.actor, patchId);
  const rows = await ctx.db
    .select({ v: patchVisits, schoolName: units.name })
    .from(patchVisits)
    .innerJoin(units, eq(units.id, patchVisits.schoolId))
    .where(eq(patchVisits.patchId, patchId))
    .orderBy(desc(patchVisits.visitedOn), desc(patchVisits.id));
  return { items: rows.map(({ v, schoolName }) => ({ id: v.id, patchId: v.patchId, schoolId: v.schoolId, schoolName, visitedOn: v.visitedOn, note: v.note, inspectionId: v.inspectionId, createdByName: v.createdByName })) };
}

/**
 * The holder records a visit to a school of the patch (a visit on a day not yet come is refused); with
 * startInspection a district spot check of the school is created in the same transaction through the
 * inspections service, with the visitor as its inspector, under that service's own checks.
 */
export async function createVisit(ctx: Ctx, patchId: number, input: { schoolId: number; visitedOn: string; note: string; startInspection: boolean }, today: string) {
  requireAccess(ctx.actor, 'patch.visit');
  return ctx.db.transaction(async (tx) => {
    const [p] = await tx.select().from(leaderPatches).where(and(eq(leaderPatches.id, patchId), eq(leaderPatches.districtId, ctx.actor.districtId), mine(ctx.actor)));
    if (!p) throw notFound('包靠片区');
    const school = await schoolRef(tx, ctx.actor, input.schoolId);
    const [inPatch] = await tx.select({ n: count() }).from(leaderPatchSchools).where(and(eq(leaderPatchSchools.patchId, patchId), eq(leaderPatchSchools.schoolId, school.id)));
    if (!inPatch.n) throw fieldError('schoolId', '不是本片区的包靠学校', '学校');
    if (input.visitedOn > today) throw fieldError('visitedOn', '不能晚于今天', '走访日期');
    let inspectionId: number | null = null;
    if (input.startInspection) {
      const created = await createInspectionTx(tx, ctx, { kind: 'spot_check', title: `${p.holderName}包靠走访：${school.name}`, plannedOn: input.visitedOn < today ? today : input.visitedOn, schoolIds: [school.id], inspectorIds: [ctx.actor.id] });
      inspectionId = created.id;
    }
    const [v] = await tx
      .insert(patchVisits)
      .values({ districtId: ctx.actor.districtId, patchId, schoolId: school.id, schoolPath: school.path, visitedOn: input.visitedOn, note: input.note, inspectionId, createdBy: ctx.actor.id, createdByName: ctx.actor.displayName })
      .returning();
    await writeAudit(tx, auditCtx(ctx), { action: 'create', objectType: 'patch_visit', objectId: v.id, after: { patchId, schoolId: school.id, visitedOn: v.visitedOn, inspectionId } });
    return { id: v.id, patchId, schoolId: school.id, schoolName: school.name, visitedOn: v.visitedOn, note: v.note, inspectionId, createdByName: v.createdByName };
  });
}
