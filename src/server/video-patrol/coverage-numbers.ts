// The video patrol numbers from the district's rule pack in force (rules video_patrol.monthly and
// video_patrol.canteen, threshold in patrols a month): a bureau changes them like any threshold,
// producing a new pack version. A pack without the rule (stored before it) or with it switched off:
// the defaults of src/domain/video-patrol.ts. The version is returned so a view can say what it judged against.
import type { Rule } from '../../domain/rules/pack.js';
import { defaultCoverageNumbers, type CoverageNumbers } from '../../domain/video-patrol.js';
import type { Db } from '../db/client.js';
import { loadRulePack } from '../rules/rules.service.js';

export const MONTHLY_RULE = 'video_patrol.monthly';
export const CANTEEN_RULE = 'video_patrol.canteen';

export interface PackCoverageNumbers extends CoverageNumbers {
  /** The pack version in force the numbers were read from. */
  packVersion: number;
}

export function coverageNumbersOf(rules: readonly Rule[]): CoverageNumbers {
  const min = (code: string, fallback: number) => {
    const rule = rules.find((r) => r.code === code);
    return rule?.enabled && Number.isFinite(rule.threshold.min) && rule.threshold.min >= 0 ? Math.round(rule.threshold.min) : fallback;
  };
  return { minPatrols: min(MONTHLY_RULE, defaultCoverageNumbers.minPatrols), minCanteenPatrols: min(CANTEEN_RULE, defaultCoverageNumbers.minCanteenPatrols) };
}

export async function coverageNumbersFor(db: Db, districtId: number): Promise<PackCoverageNumbers> {
  const { pack, currentVersion } = await loadRulePack(db, districtId);
  return { packVersion: currentVersion, ...coverageNumbersOf(pack.rules) };
}
