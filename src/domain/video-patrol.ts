// Online video patrol coverage (网上视频巡查): how often each school must be patrolled by video in a
// month. 001 item 4: 校园天眼, "探头站岗、鼠标巡逻" — every school's cameras are patrolled, so at
// least once a month; 000 item 7 (加强校园食堂日常视频巡查和通报) and 001 item 17 (明厨亮灶线上巡查制)
// — a school's canteen is looked at more often, here twice a month.

/** 001 item 4: each school patrolled by video at least once a month. */
export const MIN_VIDEO_PATROLS_PER_MONTH = 1;
/** 000 item 7, 001 item 17: the canteen (明厨亮灶) patrolled at least twice a month. */
export const MIN_CANTEEN_PATROLS_PER_MONTH = 2;

/** Item keys of the built-in video patrol checklist that look at the canteen kitchen. */
export const isCanteenItem = (itemKey: string) => itemKey.startsWith('vp-canteen-');

export interface PatrolCounts {
  /** Submitted video patrols of the school in the month. */
  patrols: number;
  /** Of those, the patrols that marked at least one canteen item (pass or fail, not 不适用). */
  canteenPatrols: number;
  /** Whether the school has a canteen camera at all: without one, the canteen number cannot be met and says so. */
  hasCanteen: boolean;
}

export interface CoverageNumbers {
  minPatrols: number;
  minCanteenPatrols: number;
}

export const defaultCoverageNumbers: CoverageNumbers = { minPatrols: MIN_VIDEO_PATROLS_PER_MONTH, minCanteenPatrols: MIN_CANTEEN_PATROLS_PER_MONTH };

/**
 * Judges one school's month: met when it was patrolled at least minPatrols times and its canteen at
 * least minCanteenPatrols times; otherwise the reasons, in Chinese, as the board shows them.
 */
export function judgeCoverage(c: PatrolCounts, n: CoverageNumbers = defaultCoverageNumbers): { met: boolean; shortBy: string[] } {
  const shortBy: string[] = [];
  if (c.patrols < n.minPatrols) shortBy.push(`本月视频巡查 ${c.patrols} 次，应不少于 ${n.minPatrols} 次`);
  if (c.canteenPatrols < n.minCanteenPatrols) {
    shortBy.push(
      c.hasCanteen
        ? `本月明厨亮灶巡查 ${c.canteenPatrols} 次，应不少于 ${n.minCanteenPatrols} 次`
        : `未登记食堂后厨视频点位，明厨亮灶巡查 ${c.canteenPatrols} 次，应不少于 ${n.minCanteenPatrols} 次`,
    );
  }
  return { met: shortBy.length === 0, shortBy };
}

/** The first and the day after the last day of a month 'YYYY-MM', for a half-open range. */
export function monthRange(month: string): { from: string; until: string } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, until: `${next}-01` };
}
