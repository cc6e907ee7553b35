// Online video patrol coverage (网上视频巡查): how often each school must be patrolled by video in a
// month. 001 item 4: 校园天眼, "探头站岗、鼠标巡逻" — every school's cameras are patrolled, so at
// least once a month; 000 item 7 (加强校园食堂日常视频巡查和通报) and 001 item 17 (明厨亮灶线上巡查制)
// — a school's canteen is looked at more often, here twice a month. The numbers in force are the
// rule pack's (video_patrol.monthly, video_patrol.canteen); the constants below are its defaults.

/** 001 item 4: each school patrolled by video at least once a month (the default of video_patrol.monthly). */
export const MIN_VIDEO_PATROLS_PER_MONTH = 1;
/** 000 item 7, 001 item 17: the canteen (明厨亮灶) patrolled at least twice a month (the default of video_patrol.canteen). */
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

/** 001 item 4: the month's patrols short of the number, as the board and the coverage view say it; null when met. */
export function patrolsShort(patrols: number, min: number): string | null {
  return patrols < min ? `本月视频巡查 ${patrols} 次，应不少于 ${min} 次` : null;
}

/** 000 item 7, 001 item 17: the month's canteen patrols short of the number; null when met. */
export function canteenShort(canteenPatrols: number, min: number, hasCanteen: boolean): string | null {
  if (canteenPatrols >= min) return null;
  return hasCanteen ? `本月明厨亮灶巡查 ${canteenPatrols} 次，应不少于 ${min} 次` : `未登记食堂后厨视频点位，明厨亮灶巡查 ${canteenPatrols} 次，应不少于 ${min} 次`;
}

/**
 * Judges one school's month: met when it was patrolled at least minPatrols times and its canteen at
 * least minCanteenPatrols times; otherwise the reasons, in Chinese, as the board shows them. A school
 * without a canteen (judgeCanteen false) is not judged on the canteen number, as the pack's
 * video_patrol.canteen applies to canteen schools only.
 */
export function judgeCoverage(c: PatrolCounts, n: CoverageNumbers = defaultCoverageNumbers, judgeCanteen = true): { met: boolean; shortBy: string[] } {
  const shortBy = [patrolsShort(c.patrols, n.minPatrols), judgeCanteen ? canteenShort(c.canteenPatrols, n.minCanteenPatrols, c.hasCanteen) : null].filter((x): x is string => x !== null);
  return { met: shortBy.length === 0, shortBy };
}

// ---- the compliance board (rules video_patrol.monthly and video_patrol.canteen) ---------------------

/** A submitted video patrol of a school, as the compliance reader gives it: its day and whether it looked at the canteen. */
export interface VideoPatrolRecord {
  id: number;
  unitId: number;
  /** The patrol's day (its planned day: a patrol is started and done at the screen the same day). */
  patrolledOn: string;
  /** It marked at least one canteen item (pass or fail, not 不适用). */
  canteen: boolean;
}

interface Window {
  startsOn: string;
  endsOn: string;
  label: string;
}

/**
 * The month's patrols (001 item 4) or, with canteen, its canteen patrols (000 item 7, 001 item 17)
 * against the pack's number: short while the month runs is not yet missed (due on the month's last
 * day); short once the month has ended is missed. Patrols after the day judged do not count.
 */
export function measureVideoPatrols(records: readonly VideoPatrolRecord[], period: Window, asOf: string, min: number, canteen: boolean) {
  const counted = records.filter((r) => r.patrolledOn >= period.startsOn && r.patrolledOn <= period.endsOn && r.patrolledOn <= asOf && (!canteen || r.canteen));
  const n = counted.length;
  const ok = n >= min;
  const ended = period.endsOn < asOf;
  const what = canteen ? '明厨亮灶视频巡查' : '视频巡查';
  return {
    applicable: true,
    ok,
    lapsed: !ok && ended,
    value: n,
    target: min,
    dueOn: ok || ended ? undefined : period.endsOn,
    recordIds: counted.map((r) => r.id),
    phrase: `${period.label}${what} ${n} 次，应不少于 ${min} 次`,
  };
}

/** The first and the day after the last day of a month 'YYYY-MM', for a half-open range. */
export function monthRange(month: string): { from: string; until: string } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, until: `${next}-01` };
}
