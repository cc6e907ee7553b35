// How far apart the two days of a span may be, and how far ahead a day may lie, by what the days
// mean (issue 11 item 1). Every day is first within [MIN_DAY, MAX_DAY] (./dates.ts); these bound
// the spans the system walks day by day, so that a roster or key period cannot be years long.
// Pure: today's Shanghai day comes in. Messages in Chinese; the caller names the field.
import { addYears, daysBetween } from './dates.js';

export interface SpanProblem {
  field: 'startsOn' | 'endsOn';
  message: string;
}

/**
 * The longest duty roster (值班表): a school year's holidays are rostered one by one (the summer
 * holiday, the longest, is under two months) and a key period rarely passes two months (003: 即日起
 * 至10月24日 … 至二十大闭幕).
 */
export const MAX_ROSTER_DAYS = 100;
/**
 * The longest key period (重点时段, 003): no longer than a roster, since a roster made for a key
 * period takes the key period's days and one roster must be able to cover it.
 */
export const MAX_KEY_PERIOD_DAYS = MAX_ROSTER_DAYS;
/** The longest campaign (专项整治): 004's 专项整治三年行动 is the longest drive in the seeds. */
export const MAX_CAMPAIGN_YEARS = 3;
/**
 * How far ahead a deadline may lie (整改时限, 申请延至, 承诺完成日期, 督办整改时限): a rectification
 * is due within the three-year drive it belongs to (004); further off it is a plan, not a deadline.
 */
export const DEADLINE_HORIZON_YEARS = 3;
/** How far ahead an inspection may be planned: within the coming year (a school year's plan). */
export const PLAN_HORIZON_YEARS = 1;
/**
 * The longest period a rule counts over, so that the engine's day-by-day walks stop even on bad
 * rows: a school year, which starts as early as 1 August (calendarProblems lets a first semester
 * start then) and ends before the next one, at most 1 August to 31 August of the next year.
 */
export const MAX_PERIOD_DAYS = 400;

/** The end not before the start, and the span (both days counted) at most `maxDays` long. */
export function spanProblem(startsOn: string, endsOn: string, maxDays: number, tooLong: string): SpanProblem | null {
  if (endsOn < startsOn) return { field: 'endsOn', message: '不能早于开始日期' };
  if (daysBetween(startsOn, endsOn) + 1 > maxDays) return { field: 'endsOn', message: tooLong };
  return null;
}

/** A duty roster's span (000 item 4, 003). */
export const rosterSpanProblem = (startsOn: string, endsOn: string) => spanProblem(startsOn, endsOn, MAX_ROSTER_DAYS, `一张排班表最多 ${MAX_ROSTER_DAYS} 天，请分段排班`);

/** A key period's span (003). */
export const keyPeriodSpanProblem = (startsOn: string, endsOn: string) => spanProblem(startsOn, endsOn, MAX_KEY_PERIOD_DAYS, `重点时段最长 ${MAX_KEY_PERIOD_DAYS} 天`);

/** A campaign's span (002, 004). */
export function campaignSpanProblem(startsOn: string, endsOn: string): SpanProblem | null {
  if (endsOn < startsOn) return { field: 'endsOn', message: '结束日期不能早于开始日期' };
  if (endsOn >= addYears(startsOn, MAX_CAMPAIGN_YEARS)) return { field: 'endsOn', message: `专项整治最长 ${MAX_CAMPAIGN_YEARS} 年` };
  return null;
}

/** A day not before today and at most `years` years ahead: a deadline, a plan. */
export function aheadProblem(day: string, today: string, years: number): string | null {
  if (day < today) return '不能早于今天';
  const last = addYears(today, years);
  if (day > last) return `不能晚于 ${last}（${years} 年内）`;
  return null;
}

/** A deadline: not before today, at most DEADLINE_HORIZON_YEARS ahead. */
export const deadlineProblem = (day: string, today: string) => aheadProblem(day, today, DEADLINE_HORIZON_YEARS);

/** Only the horizon of a day that may also lie in the past (an inspection planned or already held). */
export function horizonProblem(day: string, today: string, years: number): string | null {
  const last = addYears(today, years);
  return day > last ? `不能晚于 ${last}（${years} 年内）` : null;
}
