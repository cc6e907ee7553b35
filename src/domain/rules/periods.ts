// The periods a rule counts over, in Asia/Shanghai business days ('YYYY-MM-DD', see ../dates.ts):
// month, quarter, semester and holidays from the district's school calendar, school year,
// calendar year, and key periods the bureau declares (003: 即日起至10月24日 …).
import type { PeriodKind } from '../../contracts/rules.js';
import { addDays, daysBetween, isDay } from '../dates.js';
import { MAX_ROSTER_DAYS } from '../day-ranges.js';

export interface Period {
  kind: PeriodKind;
  /** Stable key: '2024-05', '2024-Q2', '2024-2025-1', '2024-2025', '2024', 'kp:7', 'hd:2024-2025:国庆节'. */
  key: string;
  /** Chinese name of the period: '2024年5月', '2024年第二季度', '2024-2025学年第一学期' … */
  label: string;
  startsOn: string;
  endsOn: string;
}

export interface DateSpan {
  startsOn: string;
  endsOn: string;
}

export interface Holiday extends DateSpan {
  name: string;
}

/**
 * A district's school calendar (校历) for one school year: the two semesters and the holidays
 * (国庆节, 寒假, 暑假 …) whose days need a leader on duty (000 item 4).
 */
export interface SchoolCalendar {
  /** '2024-2025' */
  schoolYear: string;
  semesters: [DateSpan, DateSpan];
  holidays: Holiday[];
}

/** A key period declared by the bureau (003: 24-hour duty and fire special inspections). */
export interface KeyPeriod extends DateSpan {
  id: number | string;
  name: string;
}

export interface PeriodContext {
  calendars: SchoolCalendar[];
  keyPeriods: KeyPeriod[];
}

const QUARTER_NAMES = ['一', '二', '三', '四'];
const SEMESTER_NAMES = ['一', '二'];

function lastDayOfMonth(year: number, month: number): string {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function monthOf(day: string): Period {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return { kind: 'month', key: `${y}-${pad2(m)}`, label: `${y}年${m}月`, startsOn: `${y}-${pad2(m)}-01`, endsOn: lastDayOfMonth(y, m) };
}

export function quarterOf(day: string): Period {
  const y = Number(day.slice(0, 4));
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3); // 0..3
  const first = q * 3 + 1;
  return {
    kind: 'quarter',
    key: `${y}-Q${q + 1}`,
    label: `${y}年第${QUARTER_NAMES[q]}季度`,
    startsOn: `${y}-${pad2(first)}-01`,
    endsOn: lastDayOfMonth(y, first + 2),
  };
}

export function calendarYearOf(day: string): Period {
  const y = day.slice(0, 4);
  return { kind: 'calendar_year', key: y, label: `${y}年`, startsOn: `${y}-01-01`, endsOn: `${y}-12-31` };
}

/** The school year '2024-2025' a calendar belongs to, by its first year. */
function firstYearOf(schoolYear: string): number {
  return Number(schoolYear.slice(0, 4));
}

/**
 * When the school year starting in `year` begins: 1 September, or the first semester's start
 * when the calendar has it earlier (a term opening on 30 August belongs to the new school year).
 */
function schoolYearStart(year: number, calendars: SchoolCalendar[]): string {
  const sept = `${year}-09-01`;
  const cal = calendars.find((c) => firstYearOf(c.schoolYear) === year);
  return cal && cal.semesters[0].startsOn < sept ? cal.semesters[0].startsOn : sept;
}

export function schoolYearOf(day: string, calendars: SchoolCalendar[] = []): Period {
  let y = Number(day.slice(0, 4));
  if (day < schoolYearStart(y, calendars)) y -= 1;
  return {
    kind: 'school_year',
    key: `${y}-${y + 1}`,
    label: `${y}-${y + 1}学年`,
    startsOn: schoolYearStart(y, calendars),
    endsOn: addDays(schoolYearStart(y + 1, calendars), -1),
  };
}

/** Every semester of the calendars, in date order. */
export function semestersOf(calendars: SchoolCalendar[]): Period[] {
  const out: Period[] = [];
  for (const c of calendars) {
    c.semesters.forEach((s, i) => {
      out.push({
        kind: 'semester',
        key: `${c.schoolYear}-${i + 1}`,
        label: `${c.schoolYear}学年第${SEMESTER_NAMES[i]}学期`,
        startsOn: s.startsOn,
        endsOn: s.endsOn,
      });
    });
  }
  return out.sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}

export function holidaysOf(calendars: SchoolCalendar[]): Period[] {
  const out: Period[] = [];
  for (const c of calendars) {
    for (const h of c.holidays) {
      out.push({ kind: 'holiday', key: `hd:${c.schoolYear}:${h.name}:${h.startsOn}`, label: h.name, startsOn: h.startsOn, endsOn: h.endsOn });
    }
  }
  return out.sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}

export function keyPeriodsOf(keyPeriods: KeyPeriod[]): Period[] {
  return keyPeriods
    .map((k): Period => ({ kind: 'key_period', key: `kp:${k.id}`, label: k.name, startsOn: k.startsOn, endsOn: k.endsOn }))
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}

/** The declared periods of a kind (semesters, holidays, key periods), in date order. */
function declared(kind: PeriodKind, ctx: PeriodContext): Period[] {
  if (kind === 'semester') return semestersOf(ctx.calendars);
  if (kind === 'holiday') return holidaysOf(ctx.calendars);
  if (kind === 'key_period') return keyPeriodsOf(ctx.keyPeriods);
  return [];
}

export function isDeclaredKind(kind: PeriodKind): boolean {
  return kind === 'semester' || kind === 'holiday' || kind === 'key_period';
}

/**
 * The period of this kind that contains the day, or null when none does (a day in the summer
 * holiday is in no semester; no key period declared). 'current' is the day itself.
 */
export function periodContaining(kind: PeriodKind, day: string, ctx: PeriodContext): Period | null {
  switch (kind) {
    case 'month':
      return monthOf(day);
    case 'quarter':
      return quarterOf(day);
    case 'calendar_year':
      return calendarYearOf(day);
    case 'school_year':
      return schoolYearOf(day, ctx.calendars);
    case 'current':
      return { kind: 'current', key: day, label: day, startsOn: day, endsOn: day };
    default:
      // Overlapping declared periods: the one that ends first is the one falling due.
      return declared(kind, ctx)
        .filter((p) => p.startsOn <= day && day <= p.endsOn)
        .sort((a, b) => a.endsOn.localeCompare(b.endsOn))[0] ?? null;
  }
}

/** The period of the same kind just before this one (for declared kinds: the latest that ended before it started). */
export function previousPeriod(p: Period, ctx: PeriodContext): Period | null {
  switch (p.kind) {
    case 'month':
      return monthOf(addDays(p.startsOn, -1));
    case 'quarter':
      return quarterOf(addDays(p.startsOn, -1));
    case 'calendar_year':
      return calendarYearOf(addDays(p.startsOn, -1));
    case 'school_year':
      return schoolYearOf(addDays(p.startsOn, -1), ctx.calendars);
    case 'current':
      return null;
    default:
      return lastEndedBefore(p.kind, p.startsOn, ctx);
  }
}

/** The latest declared period of a kind that ended before the day. */
export function lastEndedBefore(kind: PeriodKind, day: string, ctx: PeriodContext): Period | null {
  const ended = declared(kind, ctx).filter((p) => p.endsOn < day);
  return ended.sort((a, b) => a.endsOn.localeCompare(b.endsOn)).at(-1) ?? null;
}

/** The first declared period of a kind starting after the day and within `withinDays` of it. */
export function upcomingPeriod(kind: PeriodKind, day: string, withinDays: number, ctx: PeriodContext): Period | null {
  const last = addDays(day, withinDays);
  return declared(kind, ctx).find((p) => p.startsOn > day && p.startsOn <= last) ?? null;
}

/** Days from the day to the period's last day (0 on the last day, negative once it has ended). */
export function daysLeft(p: DateSpan, day: string): number {
  return daysBetween(day, p.endsOn);
}

/** Whether a short count falls due soon: its deadline is today or within `dueSoonDays` days. */
export function isDueSoon(deadline: string, day: string, dueSoonDays: number): boolean {
  const left = daysBetween(day, deadline);
  return left >= 0 && left <= dueSoonDays;
}

/** Relative Chinese name of a period as seen from the day: 本月 / 上月, 本季度 / 上季度 … or its label. */
export function relativeLabel(p: Period, day: string, ctx: PeriodContext): string {
  const here = periodContaining(p.kind, day, ctx);
  const words: Partial<Record<PeriodKind, [string, string]>> = {
    month: ['本月', '上月'],
    quarter: ['本季度', '上季度'],
    semester: ['本学期', '上学期'],
    school_year: ['本学年', '上学年'],
    calendar_year: ['本年度', '上年度'],
  };
  const w = words[p.kind];
  if (!w) return p.kind === 'current' ? '当前' : `“${p.label}”期间`;
  if (here && here.key === p.key) return w[0];
  const prev = here ? previousPeriod(here, ctx) : lastEndedBefore(p.kind, day, ctx);
  if (prev && prev.key === p.key) return w[1];
  return p.label;
}

export interface Problem {
  field: string;
  message: string;
}

/** What is wrong with a school calendar, in Chinese, naming the field. */
export function calendarProblems(c: SchoolCalendar): Problem[] {
  const out: Problem[] = [];
  const m = /^(\d{4})-(\d{4})$/.exec(c.schoolYear);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) {
    out.push({ field: 'schoolYear', message: '学年格式应为“2024-2025”' });
    return out;
  }
  const y = Number(m[1]);
  c.semesters.forEach((s, i) => {
    const which = `第${SEMESTER_NAMES[i]}学期`;
    if (!isDay(s.startsOn) || !isDay(s.endsOn)) {
      out.push({ field: `semesters.${i}.startsOn`, message: `${which}的日期无效` });
      return;
    }
    if (s.endsOn < s.startsOn) out.push({ field: `semesters.${i}.endsOn`, message: `${which}的结束日期早于开始日期` });
    if (s.startsOn < `${y}-08-01` || s.endsOn > `${y + 1}-08-31`) {
      out.push({ field: `semesters.${i}.startsOn`, message: `${which}不在${c.schoolYear}学年内` });
    }
  });
  const [a, b] = c.semesters;
  if (!out.length && b.startsOn <= a.endsOn) out.push({ field: 'semesters.1.startsOn', message: '第二学期须在第一学期结束之后开始' });
  c.holidays.forEach((h, i) => {
    if (!h.name.trim()) out.push({ field: `holidays.${i}.name`, message: '节假日名称不能为空' });
    if (!isDay(h.startsOn) || !isDay(h.endsOn)) out.push({ field: `holidays.${i}.startsOn`, message: `节假日“${h.name}”的日期无效` });
    else if (h.endsOn < h.startsOn) out.push({ field: `holidays.${i}.endsOn`, message: `节假日“${h.name}”的结束日期早于开始日期` });
    // Within the school year as its semesters are: a holiday's days are walked one by one (the
    // duty rules), so it must not run for years (issue 11 item 1).
    else if (h.startsOn < `${y}-07-01` || h.endsOn > `${y + 1}-09-30`) out.push({ field: `holidays.${i}.startsOn`, message: `节假日“${h.name}”不在${c.schoolYear}学年内` });
    else if (daysBetween(h.startsOn, h.endsOn) + 1 > MAX_ROSTER_DAYS) out.push({ field: `holidays.${i}.endsOn`, message: `节假日“${h.name}”最长 ${MAX_ROSTER_DAYS} 天（须能排进一张值班表）` });
  });
  return out;
}
