// The checks a ledger record must pass beyond the shape of its fields, shared by the create and
// update endpoints and the Excel import (issue 4). Pure: today's Shanghai day comes in.
import { daysBetween, MIN_DAY } from './dates.js';

/** A problem with one field of a record: the field (as in the request body) and the reason. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * No ledger goes back further than this: the global lower bound of every day (./dates.ts). Units
 * store no founding date (their created_at is when the account was opened, after years of paper
 * ledgers), so a school's records cannot be bounded by when it existed more tightly than this.
 */
export const EARLIEST_DAY = MIN_DAY;

/** A day that must not be after today: a drill, training or meeting is recorded once held. */
export function pastDayProblem(day: string, today: string): string | null {
  if (day > today) return '不能晚于今天';
  if (day < EARLIEST_DAY) return `不能早于 ${EARLIEST_DAY}`;
  return null;
}

/** A training's days (not in the future, the end not before the start, at most a year) and its hours (at most 24 a day of the course). */
export function trainingSpanProblem(startsOn: string, endsOn: string, hours: number, today: string): FieldProblem | null {
  const starts = pastDayProblem(startsOn, today);
  if (starts) return { field: 'startsOn', message: starts };
  const ends = pastDayProblem(endsOn, today);
  if (ends) return { field: 'endsOn', message: ends };
  if (endsOn < startsOn) return { field: 'endsOn', message: '不能早于开始日期' };
  const days = daysBetween(startsOn, endsOn) + 1;
  if (days > 366) return { field: 'endsOn', message: '培训时间不能超过一年' };
  if (hours > 24 * days) return { field: 'hours', message: days === 1 ? '一天不能超过 24 学时' : `每天不能超过 24 学时（${days} 天最多 ${24 * days} 学时）` };
  return null;
}

/**
 * An insurance period: the end not before the start, at most five years. School liability
 * insurance is bought for a school year (001 item 26: 足额及时缴纳, no lapse); a multi-year contract
 * runs a few years at most, and a longer one is a typing error that would hide every lapse.
 */
export function insurancePeriodProblem(startsOn: string, endsOn: string): FieldProblem | null {
  if (endsOn < startsOn) return { field: 'endsOn', message: '不能早于开始日期' };
  if (startsOn < EARLIEST_DAY) return { field: 'startsOn', message: `不能早于 ${EARLIEST_DAY}` };
  if (endsOn > `${Number(startsOn.slice(0, 4)) + 5}${startsOn.slice(4)}`) return { field: 'endsOn', message: '保险期不能超过 5 年' };
  return null;
}
