// The risk list's review cadence (issue 13: "review cadence by level (from the rule pack)"), changed by
// the bureau like the incidents' deadlines: the next version of the pack, audited, stale → 409. The due
// days are computed from the pack when read (risks.service.ts demandOf), so a change applies to every
// risk at once, and the compliance board re-evaluates on the new pack version.
import type { ChangeRiskCadence, RiskCadence } from '../../contracts/risks.js';
import { riskReviewOf } from '../../domain/rules/pack.js';
import { applyCadenceChange, cadenceChangeProblems, type RiskReviewSection } from '../../domain/rules/risk-review.js';
import { requireAccess } from '../access/access.js';
import type { Ctx } from '../context.js';
import { fieldError } from '../errors.js';
import { changePackSection } from '../rules/pack-sections.js';
import { getRiskCadence } from './risks.service.js';

export async function changeRiskCadence(ctx: Ctx, input: ChangeRiskCadence): Promise<RiskCadence> {
  requireAccess(ctx.actor, 'rules.manage');
  const change = { days: input.days, leadDays: input.leadDays };
  await changePackSection<RiskReviewSection>(ctx, input.version, {
    column: 'riskReviewDays',
    read: (row) => riskReviewOf({ riskReviewDays: (row.riskReviewDays as RiskReviewSection | null) ?? undefined }),
    apply: (before) => {
      // Checked against the version locked, so two changes cannot together break the order of colours.
      const problems = cadenceChangeProblems(before, change);
      if (problems.length) throw fieldError(problems[0].field, problems[0].message, problems[0].field === 'leadDays' ? '提前复核天数' : '复核周期');
      return applyCadenceChange(before, change);
    },
    audit: (s) => ({ days: s.days, leadDays: s.leadDays }),
    reason: input.reason,
  });
  return getRiskCadence(ctx);
}
