// The video patrol numbers from the district's rule pack in force (rules video_patrol.monthly and
// video_patrol.canteen, threshold in patrols a month): a bureau changes them like any threshold,
// producing a new pack version. A pack without the rule (stored before it) or with it switched off:
// the defaults of src/domain/video-patrol.ts. The version is returned so a view can say what it judged against.
import { defaultCoverageNumbers, type CoverageNumbers } from '../../domain/video-patrol.js';
import type { Executor } from '../db/client.js';
import { ruleThresholdsFor } from '../rules/rule-thresholds.js';

export const MONTHLY_RULE = 'video_patrol.monthly';
export const CANTEEN_RULE = 'video_patrol.canteen';

export interface PackCoverageNumbers extends CoverageNumbers {
  /** The pack version in force the numbers were read from (null: no pack yet, the defaults). */
  packVersion: number | null;
}

export async function coverageNumbersFor(db: Executor, districtId: number): Promise<PackCoverageNumbers> {
  const { values, packVersion } = await ruleThresholdsFor(db, districtId, { [MONTHLY_RULE]: defaultCoverageNumbers.minPatrols, [CANTEEN_RULE]: defaultCoverageNumbers.minCanteenPatrols }, 0);
  return { packVersion, minPatrols: values[MONTHLY_RULE], minCanteenPatrols: values[CANTEEN_RULE] };
}
