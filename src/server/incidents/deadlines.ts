// The incidents' section of the district's rule pack (issue 13): read for a district, and changed by
// the bureau as a new version of the pack (the old version stays; audited; stale → 409).
import { and, eq } from 'drizzle-orm';
import type { DeadlinesView } from '../../contracts/incidents.js';
import { applyDeadlineChanges, DEFAULT_INCIDENT_DEADLINES, deadlineChangeProblems, type DeadlineChange, type IncidentDeadlines } from '../../domain/incidents.js';
import { requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { rulePacks, rulePackVersions } from '../db/schema.js';
import { fieldError, staleVersion } from '../errors.js';
import { loadRulePack } from '../rules/rules.service.js';

/** The deadlines in force for a district (a version made before the section existed: the shipped default). */
export async function deadlinesFor(db: Executor, districtId: number): Promise<IncidentDeadlines> {
  const [row] = await db
    .select({ d: rulePackVersions.incidentDeadlines })
    .from(rulePacks)
    .innerJoin(rulePackVersions, and(eq(rulePackVersions.packId, rulePacks.id), eq(rulePackVersions.number, rulePacks.currentVersion)))
    .where(eq(rulePacks.districtId, districtId));
  return (row?.d as IncidentDeadlines | null | undefined) ?? DEFAULT_INCIDENT_DEADLINES;
}

export async function getDeadlines(ctx: Ctx): Promise<DeadlinesView> {
  requireAccess(ctx.actor, 'incident.read');
  const { pack } = await loadRulePack(ctx.db, ctx.actor.districtId);
  const d = pack.incidentDeadlines ?? DEFAULT_INCIDENT_DEADLINES;
  return { packVersion: pack.version, levels: d.levels, dailyReport: d.dailyReport };
}

/** The bureau changes deadlines: the next version of the pack with the same rules, in force at once. */
export async function changeDeadlines(ctx: Ctx, input: { version: number; changes: DeadlineChange[]; reason: string }): Promise<DeadlinesView> {
  requireAccess(ctx.actor, 'rules.manage');
  const problems = deadlineChangeProblems(input.changes);
  if (problems.length) throw fieldError(problems[0].field, problems[0].message, '报告时限');
  await loadRulePack(ctx.db, ctx.actor.districtId);
  await ctx.db.transaction(async (tx) => {
    const [pack] = await tx.select().from(rulePacks).where(eq(rulePacks.districtId, ctx.actor.districtId)).for('update');
    if (pack.currentVersion !== input.version) throw staleVersion();
    const [current] = await tx.select().from(rulePackVersions).where(and(eq(rulePackVersions.packId, pack.id), eq(rulePackVersions.number, pack.currentVersion)));
    const before = (current.incidentDeadlines as IncidentDeadlines | null) ?? DEFAULT_INCIDENT_DEADLINES;
    const next = applyDeadlineChanges(before, input.changes);
    const number = pack.currentVersion + 1;
    await tx.insert(rulePackVersions).values({
      packId: pack.id,
      districtId: pack.districtId,
      number,
      name: current.name,
      basedOn: pack.currentVersion,
      // The threshold changes list stays for thresholds; the deadline change is in the audit trail.
      changes: [],
      rules: current.rules,
      // The pack's other sections stay as they were.
      riskReviewDays: current.riskReviewDays,
      outbreakSignals: current.outbreakSignals,
      incidentDeadlines: next,
      createdBy: ctx.actor.id,
      createdByName: ctx.actor.displayName,
    });
    await tx.update(rulePacks).set({ currentVersion: number, version: pack.version + 1, updatedAt: ctx.now }).where(eq(rulePacks.id, pack.id));
    await writeAudit(tx, ctx, {
      action: 'update',
      objectType: 'rule_pack',
      objectId: pack.id,
      before: { version: pack.currentVersion, incidentDeadlines: before.levels },
      after: { version: number, incidentDeadlines: next.levels, reason: input.reason },
    });
  });
  return getDeadlines(ctx);
}
