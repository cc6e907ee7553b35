// A section of the rule pack (the risk cadence, the incidents' deadlines, …) changed by the bureau:
// the next version of the pack with every other section as it was, in force at once; the pack row
// locked and its version checked (stale → 409), the change audited, all in one transaction. Each
// section's own module decides what the change is and what it refuses.
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { rulePacks, rulePackVersions } from '../db/schema.js';
import { staleVersion } from '../errors.js';
import { loadRulePack, type RulePackRow } from './rules.service.js';

type SectionColumn = 'riskReviewDays' | 'incidentDeadlines' | 'outbreakSignals';

export interface SectionChange<S> {
  /** The section's column of rule_pack_versions. */
  column: SectionColumn;
  /** The section as stored in the version in force (the shipped default when a version predates it). */
  read: (row: RulePackRow) => S;
  /** The next section, or throws a field error (400) for a change it refuses. */
  apply: (before: S) => S;
  /** What the audit event keeps of the section before and after (the numbers, not the notes). */
  audit: (s: S) => unknown;
  reason: string;
}

/** Writes the next version of the caller's district pack with one section changed; returns its number. */
export async function changePackSection<S>(ctx: Ctx, version: number, change: SectionChange<S>): Promise<number> {
  await loadRulePack(ctx.db, ctx.actor.districtId); // seeds the pack of a district without one
  return ctx.db.transaction(async (tx) => {
    const [pack] = await tx.select().from(rulePacks).where(eq(rulePacks.districtId, ctx.actor.districtId)).for('update');
    if (pack.currentVersion !== version) throw staleVersion();
    const [current] = await tx.select().from(rulePackVersions).where(and(eq(rulePackVersions.packId, pack.id), eq(rulePackVersions.number, pack.currentVersion)));
    const before = change.read(current);
    const next = change.apply(before);
    const number = pack.currentVersion + 1;
    await tx.insert(rulePackVersions).values({
      packId: pack.id,
      districtId: pack.districtId,
      number,
      name: current.name,
      basedOn: pack.currentVersion,
      // The changes list is the rules' thresholds; a section's change is in the audit trail.
      changes: [],
      rules: current.rules,
      riskReviewDays: current.riskReviewDays,
      incidentDeadlines: current.incidentDeadlines,
      outbreakSignals: current.outbreakSignals,
      [change.column]: next,
      createdBy: ctx.actor.id,
      createdByName: ctx.actor.displayName,
    });
    await tx.update(rulePacks).set({ currentVersion: number, version: pack.version + 1, updatedAt: ctx.now }).where(eq(rulePacks.id, pack.id));
    await writeAudit(tx, ctx, {
      action: 'update',
      objectType: 'rule_pack',
      objectId: pack.id,
      before: { version: pack.currentVersion, [change.column]: change.audit(before) },
      after: { version: number, [change.column]: change.audit(next), reason: change.reason },
    });
    return number;
  });
}
