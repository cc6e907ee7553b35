// The general measure of the ledgers of issue 15 (food safety, gate, daily health checks, safety
// education and boarding care): entries tagged by their readers, judged per school day, per week,
// per period, as "none allowed", as certificates not expired, as the latest yes/no state, or
// against the safety education days. Pure, like the rest of the engine; engine.ts calls it.
import { addDays, daysBetween, eachDay, weekStart } from '../dates.js';
import { MAX_PERIOD_DAYS } from '../day-ranges.js';
import { educationDaysOf } from '../education-days.js';
import type { EntryMeasure, Rule } from './pack.js';
import type { Period, SchoolCalendar } from './periods.js';
import type { EntryDays, EntryRecord, RecordId, UnitFacts } from './records.js';

/** What a measure found (the engine's Measured, repeated here so this module needs nothing of engine.ts). */
export interface EntryMeasured {
  applicable: boolean;
  ok: boolean;
  lapsed: boolean;
  value: number | null;
  target: number | null;
  dueOn?: string;
  recordIds: RecordId[];
  phrase: string;
}

/** A school and tag's entries sorted by day (then id): days and ids always, the records only when the reader gave records. */
interface Sorted {
  dates: string[];
  ids: RecordId[];
  /** Null for entries given as days (EntryDays): the measures reading a key, an expiry or a flag need records. */
  items: EntryRecord[] | null;
}

export interface EntryIndex {
  /** By `${ledger}|${tag}|${unitId}`, sorted by day. */
  byKey: Map<string, Sorted>;
  calendars: SchoolCalendar[];
  /** School days per period key, worked out once per call rather than per school. */
  schoolDays: Map<string, string[]>;
}

const keyOf = (e: { ledger: string; tag: string; unitId: number }) => `${e.ledger}|${e.tag}|${e.unitId}`;

export function indexEntries(list: EntryRecord[] | undefined, days: EntryDays[] | undefined, calendars: SchoolCalendar[]): EntryIndex {
  const groups = new Map<string, EntryRecord[]>();
  for (const e of list ?? []) {
    const k = keyOf(e);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(e);
  }
  const byKey = new Map<string, Sorted>();
  for (const [k, g] of groups) {
    g.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    byKey.set(k, { dates: g.map((e) => e.date), ids: g.map((e) => e.id), items: g });
  }
  for (const d of days ?? []) {
    const k = keyOf(d);
    // A reader's mistake, not data: counted twice or out of order, a finding would be wrong without a trace.
    if (byKey.has(k)) throw new Error(`entries ${k} were given twice`);
    if (d.ids.length !== d.dates.length) throw new Error(`entries ${k}: ${d.dates.length} days, ${d.ids.length} ids`);
    for (let i = 1; i < d.dates.length; i++) if (d.dates[i - 1] > d.dates[i]) throw new Error(`entries ${k} are not sorted by day`);
    byKey.set(k, { dates: d.dates, ids: d.ids, items: null });
  }
  return { byKey, calendars, schoolDays: new Map() };
}

function lowerBound(a: string[], x: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The positions of the entries dated from..to inclusive: [start, end). */
function span(s: Sorted | undefined, from: string, to: string): [number, number] {
  if (!s || to < from) return [0, 0];
  const lo = lowerBound(s.dates, from);
  let hi = lo;
  while (hi < s.dates.length && s.dates[hi] <= to) hi++;
  return [lo, hi];
}

const idsIn = (s: Sorted | undefined, [lo, hi]: [number, number]): RecordId[] => (s && hi > lo ? s.ids.slice(lo, hi) : []);
const datesIn = (s: Sorted | undefined, [lo, hi]: [number, number]): string[] => (s && hi > lo ? s.dates.slice(lo, hi) : []);

/** The records dated from..to, for the measures that read more than the day. */
function itemsIn(s: Sorted | undefined, from: string, to: string, what: string): EntryRecord[] {
  if (!s) return [];
  if (!s.items) throw new Error(`${what} needs the entries as records, not days`);
  const [lo, hi] = span(s, from, to);
  return s.items.slice(lo, hi);
}

function names(list: string[], word: string, max = 3): string {
  return list.length <= max ? list.join('、') : `${list.slice(0, max).join('、')}等 ${list.length} ${word}`;
}

const isWeekday = (d: string) => {
  const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
  return dow >= 1 && dow <= 5;
};

/**
 * Whether a day is a school day (上学日): Monday to Friday within a semester of the district's
 * school calendar and in none of its holidays. Without a calendar for the day's school year every
 * weekday is one (as termOnly rules judge every month then).
 */
export function isSchoolDay(d: string, calendars: SchoolCalendar[]): boolean {
  if (!isWeekday(d)) return false;
  const first = Number(d.slice(0, 4)) - (d.slice(5) < '08-01' ? 1 : 0);
  const cal = calendars.find((c) => c.schoolYear === `${first}-${first + 1}`);
  if (!cal) return true;
  if (!cal.semesters.some((s) => s.startsOn <= d && d <= s.endsOn)) return false;
  return !calendars.some((c) => c.holidays.some((h) => h.startsOn <= d && d <= h.endsOn));
}

/** The school days of a span, in order (bounded like every walk over days). */
export function schoolDaysIn(from: string, to: string, calendars: SchoolCalendar[]): string[] {
  return eachDay(from, to, MAX_PERIOD_DAYS).filter((d) => isSchoolDay(d, calendars));
}

function schoolDaysOf(ix: EntryIndex, p: Period): string[] {
  const k = `${p.startsOn}..${p.endsOn}`;
  let days = ix.schoolDays.get(k);
  if (!days) ix.schoolDays.set(k, (days = schoolDaysIn(p.startsOn, p.endsOn, ix.calendars)));
  return days;
}

export interface EntryArgs {
  rule: Rule;
  unit: UnitFacts;
  period: Period;
  asOf: string;
  ix: EntryIndex;
}

export function measureEntries(a: EntryArgs, m: EntryMeasure): EntryMeasured {
  const list = a.ix.byKey.get(`${m.ledger}|${m.tag}|${a.unit.id}`);
  switch (m.every) {
    case 'school_day':
      return perSchoolDay(a, list);
    case 'school_week':
      return perSchoolWeek(a, list);
    case 'period':
      return inPeriod(a, list);
    case 'none':
      return noneInPeriod(a, list);
    case 'valid':
      return allValid(a, list);
    case 'latest_flag':
      return latestFlag(a, list);
    case 'education_days':
      return educationDays(a, list, m.withinDays ?? 7);
  }
}

const notApplicable = (phrase: string): EntryMeasured => ({ applicable: false, ok: false, lapsed: false, value: null, target: null, recordIds: [], phrase });

/** An entry every school day up to the day; a past school day without one cannot be made good. */
function perSchoolDay(a: EntryArgs, list: Sorted | undefined): EntryMeasured {
  const all = schoolDaysOf(a.ix, a.period);
  if (!all.length) return notApplicable(`${a.period.label}没有上学日`);
  const days = all.filter((d) => d <= a.asOf);
  const to = a.period.endsOn < a.asOf ? a.period.endsOn : a.asOf;
  const found = span(list, a.period.startsOn, to);
  const recorded = new Set(datesIn(list, found));
  const missingPast = days.filter((d) => d < a.asOf && !recorded.has(d));
  const todayOpen = days.at(-1) === a.asOf && !recorded.has(a.asOf);
  const covered = days.filter((d) => recorded.has(d)).length;
  const head = `${a.rule.subject}：${covered}/${days.length} 个上学日已登记`;
  let phrase = head;
  if (missingPast.length) phrase = `${head}，缺 ${names(missingPast, '天')}`;
  else if (todayOpen) phrase = `${head}，今天（${a.asOf}）尚未登记`;
  // Nothing to judge yet (the period's first school day is ahead): due on it.
  const firstAhead = all.find((d) => d >= a.asOf);
  return {
    applicable: true,
    ok: days.length > 0 && !missingPast.length && !todayOpen,
    lapsed: missingPast.length > 0,
    value: covered,
    target: days.length,
    dueOn: todayOpen ? a.asOf : days.length ? undefined : firstAhead,
    recordIds: idsIn(list, found),
    phrase: days.length ? phrase : `${a.rule.subject}：本期上学日自 ${firstAhead} 起`,
  };
}

/**
 * An entry in every week (Monday to Sunday) that has a school day, for the weeks whose Monday falls
 * in the period: an entry anywhere in the week counts, also one on its weekend.
 */
function perSchoolWeek(a: EntryArgs, list: Sorted | undefined): EntryMeasured {
  const weeks: string[] = [];
  for (let mon = weekStart(a.period.startsOn); mon <= a.period.endsOn && mon <= a.asOf; mon = addDays(mon, 7)) {
    if (mon < a.period.startsOn) continue;
    if (schoolDaysIn(mon, addDays(mon, 4), a.ix.calendars).length) weeks.push(mon);
  }
  const ids: RecordId[] = [];
  const missed: string[] = [];
  let covered = 0;
  let openSunday: string | undefined;
  for (const mon of weeks) {
    const sun = addDays(mon, 6);
    const found = span(list, mon, sun < a.asOf ? sun : a.asOf);
    ids.push(...idsIn(list, found));
    if (found[1] > found[0]) covered++;
    else if (sun < a.asOf) missed.push(`${mon} 当周`);
    else openSunday = sun;
  }
  if (!weeks.length) {
    const anySchoolDay = schoolDaysOf(a.ix, a.period).length > 0;
    if (!anySchoolDay) return notApplicable(`${a.period.label}没有上学日`);
    return { applicable: true, ok: false, lapsed: false, value: 0, target: 0, dueOn: a.period.endsOn, recordIds: [], phrase: `${a.rule.subject}：本期尚无到期的教学周` };
  }
  const head = `${a.rule.subject}：${covered}/${weeks.length} 周已开展`;
  let phrase = head;
  if (missed.length) phrase = `${head}，缺 ${names(missed, '周')}`;
  else if (openSunday) phrase = `${head}，本周尚未开展`;
  return {
    applicable: true,
    ok: !missed.length && !openSunday,
    lapsed: missed.length > 0,
    value: covered,
    target: weeks.length,
    dueOn: openSunday,
    recordIds: ids,
    phrase,
  };
}

function inPeriod(a: EntryArgs, list: Sorted | undefined): EntryMeasured {
  const to = a.period.endsOn < a.asOf ? a.period.endsOn : a.asOf;
  const found = idsIn(list, span(list, a.period.startsOn, to));
  const min = a.rule.threshold.min;
  return {
    applicable: true,
    ok: found.length >= min,
    lapsed: false,
    value: found.length,
    target: min,
    recordIds: found,
    phrase: `${a.rule.subject} ${found.length} 次，要求至少 ${min} 次`,
  };
}

/** No entry allowed (threshold.min is how many are tolerated, 0 by default): one found cannot be undone. */
function noneInPeriod(a: EntryArgs, list: Sorted | undefined): EntryMeasured {
  const to = a.period.endsOn < a.asOf ? a.period.endsOn : a.asOf;
  const at = span(list, a.period.startsOn, to);
  const found = datesIn(list, at);
  const max = a.rule.threshold.min;
  const bad = found.length > max;
  return {
    applicable: true,
    ok: !bad,
    lapsed: bad,
    value: found.length,
    target: max,
    recordIds: idsIn(list, at),
    phrase: found.length
      ? `${a.rule.subject} ${found.length} 人次（${names(found, '次')}）${bad ? `，要求不超过 ${max} 人次` : ''}`
      : `没有${a.rule.subject}`,
  };
}

/** Every key's latest entry (on or before the day) not expired; due soon when one expires within the window. */
function allValid(a: EntryArgs, list: Sorted | undefined): EntryMeasured {
  const latest = new Map<string, EntryRecord>();
  for (const e of itemsIn(list, '0000-01-01', a.asOf, a.rule.code)) latest.set(e.key ?? String(e.id), e); // sorted by day: the last wins
  const entries = [...latest.values()];
  if (!entries.length) return { applicable: true, ok: false, lapsed: true, value: 0, target: 0, recordIds: [], phrase: `尚未登记${a.rule.subject}` };
  const expired = entries.filter((e) => e.expiresOn && e.expiresOn < a.asOf);
  const horizon = addDays(a.asOf, a.rule.dueSoonDays);
  const soon = entries.filter((e) => e.expiresOn && e.expiresOn >= a.asOf && e.expiresOn <= horizon).sort((x, y) => (x.expiresOn! < y.expiresOn! ? -1 : 1));
  const valid = entries.length - expired.length;
  const ratio = valid / entries.length;
  const head = `${a.rule.subject}有效 ${valid}/${entries.length} 份`;
  let phrase = head;
  if (expired.length) phrase = `${head}，已过期：${names(expired.map((e) => `${e.key ?? e.id}（${e.expiresOn}）`), '份')}`;
  else if (soon.length) phrase = `${head}，即将到期：${names(soon.map((e) => `${e.key ?? e.id}（${e.expiresOn}）`), '份')}`;
  return {
    applicable: true,
    ok: !expired.length && !soon.length && ratio >= a.rule.threshold.min,
    lapsed: expired.length > 0,
    value: valid,
    target: entries.length,
    dueOn: soon[0]?.expiresOn ?? undefined,
    recordIds: entries.map((e) => e.id),
    phrase,
  };
}

/** The latest entry on or before the day decides (a state such as a platform online). */
function latestFlag(a: EntryArgs, list: Sorted | undefined): EntryMeasured {
  const found = itemsIn(list, '0000-01-01', a.asOf, a.rule.code);
  const last = found.at(-1);
  if (!last) return { applicable: true, ok: false, lapsed: true, value: 0, target: 1, recordIds: [], phrase: `尚未登记${a.rule.subject}状态` };
  return {
    applicable: true,
    ok: Boolean(last.flag),
    lapsed: !last.flag,
    value: last.flag ? 1 : 0,
    target: 1,
    recordIds: [last.id],
    phrase: `${a.rule.subject}${last.flag ? '在线' : '未在线'}（${last.date} 登记）`,
  };
}

/**
 * Every safety education day of the period that has begun: an activity for it (tagged with the
 * day's key, 'fire_day:2026') held from withinDays before its start to withinDays after its end.
 * A day whose window has closed without one is missed; one whose window is open is due on its close.
 */
function educationDays(a: EntryArgs, list: Sorted | undefined, within: number): EntryMeasured {
  const years = new Set([Number(a.period.startsOn.slice(0, 4)), Number(a.period.endsOn.slice(0, 4))]);
  const days = [...years].flatMap((y) => educationDaysOf(y, a.ix.calendars)).filter((d) => d.startsOn >= a.period.startsOn && d.startsOn <= a.period.endsOn && d.startsOn <= a.asOf);
  if (!days.length) {
    return { applicable: true, ok: false, lapsed: false, value: 0, target: 0, dueOn: a.period.endsOn, recordIds: [], phrase: `${a.rule.subject}：本学年尚无到期的教育日` };
  }
  const ids: RecordId[] = [];
  const missed: string[] = [];
  let held = 0;
  let openUntil: string | undefined;
  let openName: string | undefined;
  for (const d of days) {
    const from = addDays(d.startsOn, -within);
    const until = addDays(d.endsOn, within);
    const found = itemsIn(list, from, until < a.asOf ? until : a.asOf, a.rule.code).filter((e) => e.key === d.key);
    if (found.length) {
      held++;
      ids.push(...found.map((e) => e.id));
    } else if (until < a.asOf) missed.push(d.name);
    else if (!openUntil || until < openUntil) {
      openUntil = until;
      openName = d.name;
    }
  }
  const head = `${a.rule.subject}：已到的 ${days.length} 个教育日中 ${held} 个如期开展`;
  let phrase = head;
  if (missed.length) phrase = `${head}，未开展：${names(missed, '个')}`;
  else if (openUntil) phrase = `${head}，${openName}须在 ${openUntil} 前开展（距今 ${daysBetween(a.asOf, openUntil)} 天）`;
  return {
    applicable: true,
    ok: !missed.length && !openUntil,
    lapsed: missed.length > 0,
    value: held,
    target: days.length,
    dueOn: openUntil,
    recordIds: ids,
    phrase,
  };
}
