// Recurring inspections (定期检查, issue 17): a checklist scheduled to recur for a set of schools —
// the daily canteen check, the monthly 消防安全检查日 (001 item 13), weekly during a campaign, twice in
// each key period. Pure: which days a schedule falls on, and the rule that judges a school's own
// recurring self-checks (a missed occurrence is a finding on the compliance board).
import { addDays, daysBetween, eachDay } from './dates.js';

export const scheduleCadences = ['daily', 'weekly', 'monthly', 'key_period'] as const;
export type ScheduleCadence = (typeof scheduleCadences)[number];
export const scheduleCadenceLabels: Record<ScheduleCadence, string> = {
  daily: '每个工作日',
  weekly: '每周',
  monthly: '每月',
  key_period: '每个重点时段两次',
};

/** The longest span generated at once: a server down for longer still shows each day it missed, up to a month back. */
export const CATCH_UP_DAYS = 31;

export interface ScheduleShape {
  cadence: ScheduleCadence;
  /** Weekly: 1 = Monday … 7 = Sunday. */
  weekday?: number | null;
  /** Monthly: 1–28, so that every month has the day. */
  monthDay?: number | null;
  startsOn: string;
  /** Inclusive; null runs on. */
  endsOn: string | null;
}

export interface DaySpan {
  startsOn: string;
  endsOn: string;
}

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/**
 * The two days of a key period a schedule falls on (“重点时段两次”): its first day and its middle
 * day; a one-day period once.
 */
export function keyPeriodDays(p: DaySpan): string[] {
  const len = daysBetween(p.startsOn, p.endsOn);
  if (len < 0) return [];
  if (len === 0) return [p.startsOn];
  return [p.startsOn, addDays(p.startsOn, Math.ceil(len / 2))];
}

/**
 * The days from `from` to `to` (inclusive) on which a schedule has an occurrence, within its own
 * span. Daily means working days (Monday to Friday): the canteen and the school are closed at the
 * weekend; a school's holidays are not known to every schedule, so a closed day is skipped by
 * deactivating or ending the schedule.
 */
export function occurrenceDays(s: ScheduleShape, from: string, to: string, keyPeriods: readonly DaySpan[] = []): string[] {
  const lo = from > s.startsOn ? from : s.startsOn;
  const hi = s.endsOn && s.endsOn < to ? s.endsOn : to;
  if (hi < lo) return [];
  if (s.cadence === 'key_period') {
    const days = new Set<string>();
    for (const p of keyPeriods) for (const d of keyPeriodDays(p)) if (d >= lo && d <= hi) days.add(d);
    return [...days].sort();
  }
  const all = eachDay(lo, hi, 400);
  switch (s.cadence) {
    case 'daily':
      return all.filter((d) => isoWeekday(d) <= 5);
    case 'weekly':
      return all.filter((d) => isoWeekday(d) === s.weekday);
    case 'monthly':
      return all.filter((d) => Number(d.slice(8, 10)) === s.monthDay);
  }
}

/** What is wrong with a schedule's shape, by field, in Chinese; null when it is whole. */
export function scheduleProblem(s: ScheduleShape): { field: string; message: string } | null {
  if (s.cadence === 'weekly' && !(Number.isInteger(s.weekday) && s.weekday! >= 1 && s.weekday! <= 7)) return { field: 'weekday', message: '每周检查须选择星期几' };
  if (s.cadence === 'monthly' && !(Number.isInteger(s.monthDay) && s.monthDay! >= 1 && s.monthDay! <= 28)) return { field: 'monthDay', message: '每月检查须选择 1–28 日中的一天' };
  if (s.endsOn && s.endsOn < s.startsOn) return { field: 'endsOn', message: '结束日期不能早于开始日期' };
  return null;
}

/** A human phrase of the cadence: 每月 9 日, 每周三 … */
export function cadenceText(s: Pick<ScheduleShape, 'cadence' | 'weekday' | 'monthDay'>): string {
  if (s.cadence === 'weekly') return `每周${'一二三四五六日'[(s.weekday ?? 1) - 1]}`;
  if (s.cadence === 'monthly') return `每月 ${s.monthDay} 日`;
  return scheduleCadenceLabels[s.cadence];
}

// ---- the rule: a school's recurring self-checks done on their day -----------------------------

export interface OccurrenceRecord {
  id: number;
  unitId: number;
  occursOn: string;
  /** The day (Asia/Shanghai) the school's checklist was submitted; null while not. */
  doneOn: string | null;
  title: string;
}

export interface OccurrenceMeasured {
  applicable: boolean;
  ok: boolean;
  lapsed: boolean;
  value: number | null;
  target: number | null;
  dueOn?: string;
  recordIds: number[];
  phrase: string;
}

/**
 * 001 item 13 (落实“消防安全检查日”) and issue 17: every occurrence of a school's recurring self-check
 * in the period is submitted within `graceDays` after its day. An occurrence past that without a
 * submission is missed and cannot be made good (lapsed); one still open is due on its last day.
 */
export function measureRecurring(occurrences: readonly OccurrenceRecord[], period: DaySpan, asOf: string, graceDays: number): OccurrenceMeasured {
  const judged = occurrences.filter((o) => o.occursOn >= period.startsOn && o.occursOn <= period.endsOn && o.occursOn <= asOf);
  if (!judged.length) return { applicable: false, ok: false, lapsed: false, value: null, target: null, recordIds: [], phrase: '本期没有定期检查' };
  const missed: OccurrenceRecord[] = [];
  let dueOn: string | undefined;
  let dueText = '';
  let done = 0;
  for (const o of judged) {
    const last = addDays(o.occursOn, graceDays);
    if (o.doneOn && o.doneOn <= last) done++;
    else if (last < asOf) missed.push(o);
    else if (!dueOn || last < dueOn) [dueOn, dueText] = [last, `${o.title}（${o.occursOn}）尚未完成`];
  }
  const ids = judged.map((o) => o.id);
  if (missed.length) {
    const names = missed.slice(0, 3).map((o) => `${o.title} ${o.occursOn}`).join('；');
    const more = missed.length > 3 ? `等 ${missed.length} 次` : '';
    return { applicable: true, ok: false, lapsed: true, value: done, target: judged.length, dueOn: addDays(missed[missed.length - 1].occursOn, graceDays), recordIds: ids, phrase: `定期检查漏检 ${missed.length} 次：${names}${more}` };
  }
  if (dueOn) return { applicable: true, ok: false, lapsed: false, value: done, target: judged.length, dueOn, recordIds: ids, phrase: dueText };
  return { applicable: true, ok: true, lapsed: false, value: done, target: judged.length, recordIds: ids, phrase: `本期定期检查 ${judged.length} 次均按时完成` };
}
