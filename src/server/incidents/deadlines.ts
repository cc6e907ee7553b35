// The incidents' section of the district's rule pack (issue 13): read for a district, and changed by
// the bureau as a new version of the pack (the old version stays; audited; stale → 409).
import { and, eq } from 'drizzle-orm';
import type { DeadlinesView } from '../../contracts/incidents.js';
import { applyDeadlineChanges, DEFAULT_INCIDENT_DEADLINES, deadlineChangeProblems, type DeadlineChange, type IncidentDeadlines } from '../../domain/incidents.js';
import { requireAccess } from '../access/access.js';
import type { Ctx } from '../context.js';
import type { Executor } from '../db/client.js';
import { rulePacks, rulePackVersions } from '../db/schema.js';
import { fieldError } from '../errors.js';
import { changePackSection } from '../rules/pack-sections.js';
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
  await changePackSection<IncidentDeadlines>(ctx, input.version, {
    column: 'incidentDeadlines',
    read: (row) => (row.incidentDeadlines as IncidentDeadlines | null) ?? DEFAULT_INCIDENT_DEADLINES,
    apply: (before) => applyDeadlineChanges(before, input.changes),
    audit: (d) => d.levels,
    reason: input.reason,
  });
  return getDeadlines(ctx);
}
