// The inquiry's days from the district's rule pack in force (rule bullying.inquiry, threshold in days):
// a bureau changes it like any threshold, producing a new pack version (rules/rule-thresholds.ts).
import { DEFAULT_INQUIRY_DAYS } from '../../domain/bullying.js';
import type { Executor } from '../db/client.js';
import { ruleThresholdsFor } from '../rules/rule-thresholds.js';

export const INQUIRY_RULE = 'bullying.inquiry';

export async function inquiryDaysFor(db: Executor, districtId: number): Promise<number> {
  return (await ruleThresholdsFor(db, districtId, { [INQUIRY_RULE]: DEFAULT_INQUIRY_DAYS })).values[INQUIRY_RULE];
}
