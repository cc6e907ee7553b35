// Students of concern (issue 16): the pure rules of mental health screening and the one-to-one
// care ledger. 001 item 9: 对小学高年级及初中、高中段学生每学期开展1次全员心理筛查，建立完善"一生一档";
// 001 item 20: 加大对特异体质、心理异常学生的摸排包靠和动态管理，建立包靠台账，"一对一"落实包靠措施.
// Pure: today's Shanghai day comes in.
import type { SchoolStage } from '../contracts/enums.js';
import { addDays, daysBetween } from './dates.js';

/**
 * The grades screened once a semester, by the school's stage (001 item 9: upper primary = grades
 * 4–6, junior = 7–9, senior = 10–12; a vocational school (中职) is the senior stage). Grades are
 * numbered 1–12 across stages. Kindergartens, special schools and off-campus institutions are not
 * named by the item: none required.
 */
const UPPER_PRIMARY = [4, 5, 6];
const JUNIOR = [7, 8, 9];
const SENIOR = [10, 11, 12];
export const SCREENED_GRADES: Record<SchoolStage, number[]> = {
  kindergarten: [],
  primary: UPPER_PRIMARY,
  junior: JUNIOR,
  senior: SENIOR,
  nine_year: [...UPPER_PRIMARY, ...JUNIOR],
  twelve_year: [...UPPER_PRIMARY, ...JUNIOR, ...SENIOR],
  complete_secondary: [...JUNIOR, ...SENIOR],
  vocational: SENIOR,
  special: [],
  off_campus: [],
};

/** The grades a school of this stage must screen each semester (001 item 9). */
export function requiredGrades(stage: SchoolStage | null | undefined): number[] {
  return stage ? SCREENED_GRADES[stage] : [];
}

/** The grades a school may record a class of: 1–12 within its stage's span (a primary school 1–6). */
const STAGE_SPAN: Record<SchoolStage, [number, number]> = {
  kindergarten: [0, 0],
  primary: [1, 6],
  junior: [7, 9],
  senior: [10, 12],
  nine_year: [1, 9],
  twelve_year: [1, 12],
  complete_secondary: [7, 12],
  vocational: [10, 12],
  special: [1, 12],
  off_campus: [1, 12],
};
export function gradeProblem(stage: SchoolStage | null | undefined, grade: number): string | null {
  const [lo, hi] = stage ? STAGE_SPAN[stage] : [1, 12];
  if (lo === 0) return '幼儿园不开展学生心理筛查';
  return grade < lo || grade > hi ? `本校年级为 ${lo}–${hi} 年级` : null;
}

export interface ScreeningCoverage {
  required: number[];
  covered: number[];
  missing: number[];
}

/**
 * Which required grades have at least one class screened within the semester (001 item 9: every
 * semester, all students of those grades). Screenings after the as-of day do not count.
 */
export function screeningCoverage(stage: SchoolStage | null | undefined, screenings: Array<{ grade: number; screenedOn: string }>, semester: { startsOn: string; endsOn: string }, asOf: string): ScreeningCoverage {
  const required = requiredGrades(stage);
  const to = semester.endsOn < asOf ? semester.endsOn : asOf;
  const seen = new Set(screenings.filter((s) => s.screenedOn >= semester.startsOn && s.screenedOn <= to).map((s) => s.grade));
  const covered = required.filter((g) => seen.has(g));
  return { required, covered, missing: required.filter((g) => !seen.has(g)) };
}

/** A screening's counts: every band counted, the bands summing to the students screened. */
export function screeningCountsProblem(c: { screened: number; notScreened: number; bands: Record<string, number>; notScreenedReason?: string | null }): { field: string; message: string } | null {
  const sum = Object.values(c.bands).reduce((a, b) => a + b, 0);
  if (sum !== c.screened) return { field: 'bands', message: `各结果档人数之和（${sum}）须等于已筛查人数（${c.screened}）` };
  if (c.screened + c.notScreened === 0) return { field: 'screened', message: '已筛查与未筛查人数不能都为 0' };
  if (c.notScreened > 0 && !c.notScreenedReason?.trim()) return { field: 'notScreenedReason', message: '有未筛查学生时请填写原因' };
  return null;
}

// ---- the one-to-one care ledger (包靠台账, 001 item 20) ------------------------------------------

/** How often a carer follows a student up by default, in days; the school may set 7–90 per student. */
export const DEFAULT_FOLLOW_UP_DAYS = 30;

/** The day the next follow-up falls due: the cadence after the last follow-up, or after opening. */
export function nextFollowUpDue(openedOn: string, lastFollowUpOn: string | null, everyDays: number): string {
  return addDays(lastFollowUpOn && lastFollowUpOn > openedOn ? lastFollowUpOn : openedOn, everyDays);
}

/** Days a follow-up is overdue on `today` (0 when not overdue): due on the day itself is not yet overdue. */
export function followUpOverdueDays(nextDueOn: string, today: string): number {
  return today > nextDueOn ? daysBetween(nextDueOn, today) : 0;
}

/** A follow-up's day: not before the record opened (001 item 20: 动态管理 from the day the student is known), not in the future. */
export function followUpDayProblem(heldOn: string, openedOn: string, today: string): string | null {
  if (heldOn < openedOn) return `不能早于建档日期（${openedOn}）`;
  if (heldOn > today) return '不能晚于今天';
  return null;
}

/** The day a record is opened: not in the future. */
export function openedOnProblem(openedOn: string, today: string): string | null {
  return openedOn > today ? '不能晚于今天' : null;
}

/**
 * The day a closed record's names, notes, contacts and files are purged, leaving only counts
 * (issue 16, PIPL art. 19: kept no longer than the purpose needs). Default: the end of the school
 * year after closing, i.e. the first 31 August on or after the closing day; the district may keep
 * them `extraYears` school years longer.
 */
export function retentionDay(closedOn: string, extraYears = 0): string {
  const year = Number(closedOn.slice(0, 4));
  const end = `${year}-08-31`;
  const first = closedOn <= end ? year : year + 1;
  return `${first + extraYears}-08-31`;
}

/** Whether a record closed on `closedOn` is purged on `today`: the day after its retention day. */
export function purgeDue(closedOn: string, extraYears: number, today: string): boolean {
  return today > retentionDay(closedOn, extraYears);
}

/**
 * A name as lists show it (issue 16: lists on a shared screen never show a whole name): the first
 * and last characters with the middle masked — 张*明, 欧阳**华; two characters 张*; one *.
 * Counts code points, so a rare character outside the BMP is one character.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** The form of a name the keyed hash is taken over: full-width and spacing differences do not make another name. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}
