// A building graded C or D that is still in use is a major hazard of the register by itself (001 item
// 18; issue 21), kept in step with the building inside the building's own transaction: registered
// once (source 校舍安全鉴定, item key building:<id>; the partial unique index of the migration keeps
// it to one open at a time), and closed by the system when the building is out of use, appraised A or
// B again, or its record voided — a step 'system_close' in the hazard's timeline naming why, signed
// with the name of the person whose record ended the cause, and audited.
import { and, eq, isNull, ne } from 'drizzle-orm';
import { appraisalGradeLabels, buildingHazardKey, buildingUseLabels, hazardCloseReason, isUnsafeInUse, type AppraisalGrade, type BuildingUse } from '../../domain/buildings.js';
import { writeAudit } from '../audit/audit.js';
import { todayOf, type Ctx } from '../context.js';
import type { Executor, Tx } from '../db/client.js';
import { buildings, constructionChecks, constructionSites, hazards, hazardSteps, notifications } from '../db/schema.js';
import { isUniqueViolation } from '../db/errors.js';
import { createHazardTx } from '../hazards/hazards.service.js';

type BuildingRow = typeof buildings.$inferSelect;

/** The open hazard of a building, locked, if any. */
async function openHazardOf(tx: Executor, b: BuildingRow) {
  const [open] = await tx
    .select()
    .from(hazards)
    .where(and(eq(hazards.districtId, b.districtId), eq(hazards.source, 'building'), eq(hazards.itemKey, buildingHazardKey(b.id)), ne(hazards.status, 'closed')))
    .for('update');
  return open ?? null;
}

/** After a building is written: registers its hazard, or closes it with the reason, or leaves it. */
export async function syncBuildingHazard(tx: Executor, ctx: Ctx, b: BuildingRow, voided = false): Promise<void> {
  const open = await openHazardOf(tx, b);
  const grade = b.appraisalGrade as AppraisalGrade | null;
  if (!voided && isUnsafeInUse({ inUse: b.inUse, appraisalGrade: grade })) {
    if (open) return;
    await createHazardTx(tx as Tx, ctx, {
      schoolId: b.schoolId,
      area: 'management',
      location: b.name,
      description: `${buildingUseLabels[b.use as BuildingUse]}“${b.name}”经房屋安全鉴定为${appraisalGradeLabels[grade!]}（${b.appraisedOn}，${b.appraisedBy}），仍在使用（001 第18条：存在重大安全隐患的不得使用）`,
      grade: 'major',
      source: 'building',
      foundOn: todayOf(ctx),
      itemKey: buildingHazardKey(b.id),
      fileIds: b.appraisalFileIds,
    });
    return;
  }
  if (!open) return;
  const reason = hazardCloseReason({ name: b.name, inUse: b.inUse, appraisalGrade: grade, appraisedOn: b.appraisedOn, appraisedBy: b.appraisedBy }, voided);
  if (!reason) return;
  const data = { buildingId: b.id, inUse: b.inUse, appraisalGrade: grade, appraisedOn: b.appraisedOn, voided };
  await tx
    .update(hazards)
    .set({ status: 'closed', closedAt: ctx.now, pendingDeadline: null, version: open.version + 1, updatedAt: ctx.now })
    .where(eq(hazards.id, open.id));
  await tx.insert(hazardSteps).values({
    hazardId: open.id,
    districtId: open.districtId,
    action: 'system_close',
    fromStatus: open.status,
    toStatus: 'closed',
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName,
    actorUnitName: ctx.actor.unitName,
    at: ctx.now,
    comment: reason,
    data,
  });
  // Nobody is waited on any more for this hazard: its reminders are read.
  await tx.update(notifications).set({ readAt: ctx.now }).where(and(eq(notifications.link, `/hazards/${open.id}`), isNull(notifications.readAt)));
  await writeAudit(tx, ctx, { action: 'transition', objectType: 'hazard', objectId: open.id, before: { status: open.status, version: open.version }, after: { action: 'system_close', status: 'closed', reason, ...data } });
}

type SiteRow = typeof constructionSites.$inferSelect;
type SiteCheckRow = typeof constructionChecks.$inferSelect;

/** The hazard key of a construction site's isolation (one open per site: migration 0045). */
export const siteHazardKey = (siteId: number) => `construction:${siteId}`;

/**
 * A weekly construction check that finds the site not isolated from the pupils (硬隔离 broken, no
 * separate entrance; 001 item 18, 000 item 10 在建工地) enters the hazard register in the check's
 * transaction, with the check's photos as evidence. One open hazard per site: a later failed check
 * while it is open adds nothing (the hazard is rectified and accepted through its own loop).
 * Returns the hazard's id when one was registered.
 */
export async function raiseSiteCheckHazard(tx: Executor, ctx: Ctx, site: SiteRow, check: SiteCheckRow): Promise<number | null> {
  if (check.fenceIntact && check.entranceSeparate) return null;
  const [open] = await tx
    .select({ id: hazards.id })
    .from(hazards)
    .where(and(eq(hazards.districtId, site.districtId), eq(hazards.source, 'construction_check'), eq(hazards.itemKey, siteHazardKey(site.id)), ne(hazards.status, 'closed')))
    .for('update');
  if (open) return null;
  // Two failed checks at once: the second waits on the first's hazard and finds the index taken;
  // its check is still recorded, in a savepoint of its own.
  try {
    return await tx.transaction(async (sp) => (await createHazard(sp, ctx, site, check)).id);
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

function createHazard(tx: Tx, ctx: Ctx, site: SiteRow, check: SiteCheckRow) {
  const what = [!check.fenceIntact && '施工区域硬隔离不完整', !check.entranceSeparate && '施工人员、车辆未与师生分道出入'].filter(Boolean).join('；');
  return createHazardTx(tx, ctx, {
    schoolId: site.schoolId,
    area: 'management',
    location: `施工项目“${site.project}”`,
    description: `${check.checkedOn} 施工安全检查（${check.checkedBy}）发现：${what}${check.findings ? `。${check.findings}` : ''}（001 第18条、000 第10条：在建工地与师生活动区域隔离）`,
    grade: 'general',
    source: 'construction_check',
    foundOn: check.checkedOn,
    itemKey: siteHazardKey(site.id),
    fileIds: check.fileIds,
  });
}
