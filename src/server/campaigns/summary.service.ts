// The summary of a campaign in three classes (002 总结评估阶段: 已化解、正在化解中、难以短期内化解):
// the counts, the unclassified and false-fix lists, the coordination list of the third class, and
// classifying a hazard as a signed step in its history.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CampaignSummary, SummaryHazardRow } from '../../contracts/campaigns.js';
import { summaryClassLabels, type HazardGrade, type HazardStatus, type SafetyArea, type SummaryClass } from '../../contracts/enums.js';
import type { classifyBody } from '../../contracts/hazards.js';
import { decideClassification } from '../../domain/campaigns.js';
import { hazardScope, requireAccess } from '../access/access.js';
import { departmentRefs } from '../access/references.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { hazards, hazardSteps } from '../db/schema.js';
import { conflict, forbidden, notFound, staleVersion } from '../errors.js';
import { coord, dept, fieldError, school } from './campaign-parts.js';
import { findCampaignInScope } from './campaigns.service.js';

type ClassifyInput = z.infer<typeof classifyBody>;

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

