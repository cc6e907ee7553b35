// The outbreak signal's thresholds (疑似聚集性疫情, issue 15 item 8; 001 item 16), a section of the
// district's rule pack (domain/rules/outbreak-signals.ts): read for a district by the health checks,
// changed by the bureau as a new version of the pack (the old version stays; audited; stale → 409).
import { and, eq } from 'drizzle-orm';
import type { ChangeOutbreakThresholds, OutbreakThresholdsView } from '../../contracts/health-checks.js';
import { applyOutbreakChange, outbreakChangeProblems, outbreakOf, type OutbreakSection } from '../../domain/rules/outbreak-signals.js';
import { requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { rulePacks, rulePackVersions } from '../db/schema.js';
import { fieldError, staleVersion } from '../errors.js';
import { loadRulePack } from '../rules/rules.service.js';

/** The thresholds in force for a district (a version made before the section existed, or none yet: the shipped default). */
export async function outbreakFor(db: Executor, districtId: number): Promise<OutbreakSection> {
  const [row] = await db
    .select({ s: rulePackVersions.outbreakSignals })
    .from(rulePacks)
    .innerJoin(rulePackVersions, and(eq(rulePackVersions.packId, rulePacks.id), eq(rulePackVersions.number, rulePacks.currentVersion)))
    .where(eq(rulePacks.districtId, districtId));
  return outbreakOf({ outbreakSignals: (row?.s as OutbreakSection | null | undefined) ?? null });
}

const view = (packVersion: number, s: OutbreakSection): OutbreakThresholdsView => ({
  packVersion,
  classCases: s.classCases,
  schoolCases: s.schoolCases,
  schoolDays: s.schoolDays,
  sources: s.sources,
  notes: s.notes,
});

export async function getOutbreakThresholds(ctx: Ctx): Promise<OutbreakThresholdsView> {
  requireAccess(ctx.actor, 'ledger.read');
  const { pack } = await loadRulePack(ctx.db, ctx.actor.districtId);
  return view(pack.version, outbreakOf(pack));
}

/** The bureau changes the thresholds: the next version of the pack with the same rules, in force at once. */
export async function changeOutbreakThresholds(ctx: Ctx, input: ChangeOutbreakThresholds): Promise<OutbreakThresholdsView> {
  requireAccess(ctx.actor, 'rules.manage');
  await loadRulePack(ctx.db, ctx.actor.districtId); // seeds the pack of a district without one
  await ctx.db.transaction(async (tx) => {
    const [pack] = await tx.select().from(rulePacks).where(eq(rulePacks.districtId, ctx.actor.districtId)).for('update');
    if (pack.currentVersion !== input.version) throw staleVersion();
    const [current] = await tx.select().from(rulePackVersions).where(and(eq(rulePackVersions.packId, pack.id), eq(rulePackVersions.number, pack.currentVersion)));
    const before = outbreakOf({ outbreakSignals: current.outbreakSignals as OutbreakSection | null });
    const change = { classCases: input.classCases, schoolCases: input.schoolCases, schoolDays: input.schoolDays };
    const problems = outbreakChangeProblems(before, change);
    if (problems.length) throw fieldError(problems[0].field, problems[0].message);
    const next = applyOutbreakChange(before, change);
    const number = pack.currentVersion + 1;
    await tx.insert(rulePackVersions).values({
      packId: pack.id,
      districtId: pack.districtId,
      number,
      name: current.name,
      basedOn: pack.currentVersion,
      // The threshold changes list is for the rules' thresholds; this change is in the audit trail.
      changes: [],
      rules: current.rules,
      riskReviewDays: current.riskReviewDays,
      incidentDeadlines: current.incidentDeadlines,
      outbreakSignals: next,
      createdBy: ctx.actor.id,
      createdByName: ctx.actor.displayName,
    });
    await tx.update(rulePacks).set({ currentVersion: number, version: pack.version + 1, updatedAt: ctx.now }).where(eq(rulePacks.id, pack.id));
    const nums = (s: OutbreakSection) => ({ classCases: s.classCases, schoolCases: s.schoolCases, schoolDays: s.schoolDays });
    await writeAudit(tx, ctx, {
      action: 'update',
      objectType: 'rule_pack',
      objectId: pack.id,
      before: { version: pack.currentVersion, outbreakSignals: nums(before) },
      after: { version: number, outbreakSignals: nums(next), reason: input.reason },
    });
  });
  return getOutbreakThresholds(ctx);
}
