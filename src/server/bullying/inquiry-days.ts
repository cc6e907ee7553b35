// The inquiry's days from the district's rule pack in force (rule bullying.inquiry, threshold in days):
// a bureau changes it like any threshold, producing a new pack version (rules/rule-days.ts).
import { DEFAULT_INQUIRY_DAYS } from '../../domain/bullying.js';
import type { Executor } from '../db/client.js';
import { ruleDaysFor } from '../rules/rule-days.js';

export const INQUIRY_RULE = 'bullying.inquiry';

export async function inquiryDaysFor(db: Executor, districtId: number): Promise<number> {
  return (await ruleDaysFor(db, districtId, { [INQUIRY_RULE]: DEFAULT_INQUIRY_DAYS })).days[INQUIRY_RULE];
}
