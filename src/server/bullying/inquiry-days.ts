// The inquiry's days from the district's rule pack in force (rule bullying.inquiry, threshold in days):
// a bureau changes it like any threshold, producing a new pack version. A pack without the rule (stored
// before it) or with it switched off: the default of src/domain/bullying.ts.
import { and, eq } from 'drizzle-orm';
import { DEFAULT_INQUIRY_DAYS } from '../../domain/bullying.js';
import type { Rule } from '../../domain/rules/pack.js';
import type { Executor } from '../db/client.js';
import { rulePacks, rulePackVersions } from '../db/schema.js';

export const INQUIRY_RULE = 'bullying.inquiry';

export async function inquiryDaysFor(db: Executor, districtId: number): Promise<number> {
  const [row] = await db
    .select({ rules: rulePackVersions.rules })
    .from(rulePacks)
    .innerJoin(rulePackVersions, and(eq(rulePackVersions.packId, rulePacks.id), eq(rulePackVersions.number, rulePacks.currentVersion)))
    .where(eq(rulePacks.districtId, districtId));
  const rule = ((row?.rules ?? []) as Rule[]).find((r) => r.code === INQUIRY_RULE);
  return rule?.enabled && rule.threshold.min >= 1 ? Math.round(rule.threshold.min) : DEFAULT_INQUIRY_DAYS;
}
