// Business dates are in Asia/Shanghai (UTC+8 all year, no daylight saving since 1991), as
// 'YYYY-MM-DD' strings: a deadline is a day, not an instant.
//
// Such strings compare as days only while the year has four digits: past 9999-12-31 toISOString
// writes '+010000-01-01', which sorts before '9999-12-31', so a loop `d <= end; d = addDays(d, 1)`
// never ended on a far-future end (issue 11 item 1). Hence: every day the system takes lies within
// [MIN_DAY, MAX_DAY]; addDays refuses to leave four-digit years; and loops over days go through
// eachDay, which counts with numbers and stops at a cap of the caller's choosing.

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The earliest day any record, period or query may name: no school keeps digital safety ledgers
 * from before 2000 (the seeds date from 2022–2024), and units store no founding date to bound a
 * school's own records more tightly, so this global bound is also a school's lower bound.
 */
export const MIN_DAY = '2000-01-01';
/**
 * The latest day any record, period or query may name: far enough for every plan (a deadline is at
 * most a few years ahead), near enough that every day derived from it by the rules stays a
 * four-digit year, so that string order is day order.
 */
export const MAX_DAY = '2099-12-31';
export const MIN_YEAR = Number(MIN_DAY.slice(0, 4));
export const MAX_YEAR = Number(MAX_DAY.slice(0, 4));

/** The calendar day in Shanghai at this instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Milliseconds since the epoch of a day-shaped string (NaN when it is not one). */
function epochOf(day: string): number {
  return DAY_RE.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
}

/** The day at this many milliseconds since the epoch, or null outside four-digit years. */
function dayAt(t: number): string | null {
  if (!Number.isFinite(t)) return null;
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (Number.isNaN(y) || y < 0 || y > 9999) return null;
  return d.toISOString().slice(0, 10);
}

/**
 * The day `days` after (or before, when negative) a 'YYYY-MM-DD' day. Throws a RangeError on a
 * malformed day or a result outside years 0000–9999, whose string would no longer sort as a day:
 * a mistake fails at once instead of looping forever.
 */
export function addDays(day: string, days: number): string {
  const out = dayAt(epochOf(day) + days * DAY_MS);
  if (out === null) throw new RangeError(`addDays: ${day} + ${days} is not a day of years 0000–9999`);
  return out;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The days from `from` to `to` inclusive, every `step` days, at most `max` of them: bounded by
 * construction, whatever the two ends (a far-future row stored before the ranges were enforced, a
 * malformed day: no days). Counted with numbers, never by comparing strings.
 */
export function eachDay(from: string, to: string, max: number, step = 1): string[] {
  const a = epochOf(from);
  const b = epochOf(to);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a || !(step >= 1) || !(max > 0)) return [];
  const n = Math.min(Math.floor(Math.round((b - a) / DAY_MS) / step) + 1, Math.floor(max));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = dayAt(a + i * step * DAY_MS);
    if (d === null) break;
    out.push(d);
  }
  return out;
}

/** The Monday of the week a day falls in (weeks run Monday to Sunday, as weekly returns do). */
export function weekStart(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

/** Whether a string is a real calendar day in the form YYYY-MM-DD. */
export function isDay(s: string): boolean {
  if (!DAY_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * What is wrong with a day the system is given, in Chinese (the caller names the field), or null:
 * not in the form YYYY-MM-DD, not a day of the calendar (2026-02-30), or outside [MIN_DAY, MAX_DAY].
 */
export function dayProblem(s: string): string | null {
  if (!DAY_RE.test(s)) return '请填写日期（YYYY-MM-DD）';
  if (!isDay(s)) return '日期无效';
  if (s < MIN_DAY) return `不能早于 ${MIN_DAY}`;
  if (s > MAX_DAY) return `不能晚于 ${MAX_DAY}`;
  return null;
}

/** The same for a month 'YYYY-MM' within the years of [MIN_DAY, MAX_DAY]. */
export function monthProblem(s: string): string | null {
  if (!/^\d{4}-\d{2}$/.test(s)) return '月份格式应为 YYYY-MM';
  const m = Number(s.slice(5, 7));
  if (m < 1 || m > 12) return '月份无效';
  return yearProblem(Number(s.slice(0, 4)));
}

/** The same for a year. */
export function yearProblem(y: number): string | null {
  if (!Number.isInteger(y)) return '年份须为整数';
  if (y < MIN_YEAR) return `不能早于 ${MIN_YEAR} 年`;
  if (y > MAX_YEAR) return `不能晚于 ${MAX_YEAR} 年`;
  return null;
}

/** The day `years` calendar years after a day (29 February falls back to 28 February). */
export function addYears(day: string, years: number): string {
  const y = Number(day.slice(0, 4)) + years;
  const rest = day.slice(4);
  const candidate = `${String(y).padStart(4, '0')}${rest}`;
  return isDay(candidate) ? candidate : `${String(y).padStart(4, '0')}-02-28`;
}
