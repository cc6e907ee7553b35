// The spot-check sample of a campaign (002: 按比例予以抽查; 弄虚作假的予以通报): drawn from the
// first two classes reproducibly from its seed, with one follow-up inspection (回头看) over the
// sampled hazards' schools.
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CampaignSample, DrawSample } from '../../contracts/campaigns.js';
import { drawSample as drawSampleIds } from '../../domain/campaigns.js';
import { can, hazardScope, requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { campaignSamples, hazards, users } from '../db/schema.js';
import { conflict } from '../errors.js';
import { createInspectionTx } from '../inspections/inspections.service.js';
import { fieldError, school } from './campaign-parts.js';
import { findCampaignInScope } from './campaigns.service.js';

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

