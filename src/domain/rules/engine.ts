// The rule engine: (rules, units, staff, ledgers, school calendars, key periods, as-of day) →
// a finding for every unit × rule: met, due soon, missed or not applicable, with the records it
// counted and one Chinese sentence saying why. Pure: no clock, no database.
//
// How a finding is decided, for a rule counting over a period:
//   - the period containing the as-of day (or a declared one starting within dueSoonDays) is
//     "current"; met when its count reaches the threshold;
//   - missed once its deadline has passed short, or when the shortfall can no longer be made good
//     (a past duty day without cover, a day without insurance);
//   - due soon when short and the deadline is dueSoonDays away or fewer;
//   - otherwise nothing is due yet, and the finding is the previous period's: missed when that
//     one ended short, else met (the sentence says what the current period still needs).
// Snapshot rules (guards, alarms, video: period 'current') are met or missed on the latest profile.
//
// Speed: every ledger is indexed once per call (by unit, sorted by day; trainings by person),
// and the period of each rule is worked out once, not per unit; counting a period is a binary
// search into the unit's sorted days. Sanity check (one run, not a test): 1,000 schools with
// 80,000 staff × the 25 default rules over 1.6 million records (a school year of drills,
// trainings, meetings, inspections, signatures, duty days) evaluated in about 1.1 s on one
// shared core, most of it building the indexes.
import { dutyRoleLabels, guardSlotLabels, staffPostLabels, type FindingStatus, type StaffPost } from '../../contracts/rules.js';
import { addDays, daysBetween, eachDay } from '../dates.js';
import { MAX_PERIOD_DAYS } from '../day-ranges.js';
import { appliesTo, type Measure, type Rule } from './pack.js';
import { indexEntries, measureEntries, type EntryIndex } from './entries.js';
import { buildCheckIndex, measureLedgerCheck, type CheckIndex } from './ledger-check.js';
import {
  isDeclaredKind,
  lastEndedBefore,
  periodContaining,
  previousPeriod,
  relativeLabel,
  schoolYearOf,
  semestersOf,
  upcomingPeriod,
  type KeyPeriod,
  type Period,
  type PeriodContext,
  type SchoolCalendar,
} from './periods.js';
import { followUpOverdueDays, screeningCoverage } from '../care.js';
import type {
  CareDueRecord,
  ScreeningRecord,
  DutyRecord,
  InsurancePolicyRecord,
  LedgerRecords,
  LetterRecord,
  RecordId,
  RiskReviewRecord,
  SecurityProfileRecord,
  SignatureRecord,
  StaffMember,
  TrainingRecord,
  TrainingSums,
  UnitFacts,
} from './records.js';

export interface EvaluationInput {
  rules: Rule[];
  units: UnitFacts[];
  staff?: StaffMember[];
  records: LedgerRecords;
  /** The district's school calendars (semesters, holidays). */
  calendars?: SchoolCalendar[];
  /** The key periods the bureau has declared. */
  keyPeriods?: KeyPeriod[];
  /** The Shanghai day the findings are for (shanghaiDate(now) for "today"). */
  asOf: string;
  /** Periods that ended before this day are not judged: the ledgers start here. */
  evaluateFrom?: string;
}

export interface Finding {
  unitId: number;
  ruleCode: string;
  status: FindingStatus;
  /** The period the finding is about (null when not applicable for want of one). */
  period: Period | null;
  /** What was counted, in the rule's terms (drills, people meeting the hours, signers, days covered, guards …). */
  value: number | null;
  /** What it had to reach. */
  target: number | null;
  /** The day by which the shortfall must be made good, when there is one. */
  dueOn: string | null;
  recordIds: RecordId[];
  explanation: string;
}

// ---------------------------------------------------------------------------------------------
// Indexes

interface Dated {
  date: string;
}

interface SortedList<T> {
  dates: string[];
  items: T[];
}

function bySortedDate<T>(list: T[] | undefined, key: (t: T) => RecordId, day: (t: T) => string): Map<RecordId, SortedList<T>> {
  const groups = new Map<RecordId, T[]>();
  for (const r of list ?? []) {
    const k = key(r);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  const out = new Map<RecordId, SortedList<T>>();
  for (const [k, g] of groups) {
    g.sort((a, b) => (day(a) < day(b) ? -1 : day(a) > day(b) ? 1 : 0));
    out.set(k, { dates: g.map(day), items: g });
  }
  return out;
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

/** Items dated from..to inclusive. */
function inRange<T>(s: SortedList<T> | undefined, from: string, to: string): T[] {
  if (!s || to < from) return [];
  const out: T[] = [];
  for (let i = lowerBound(s.dates, from); i < s.dates.length && s.dates[i] <= to; i++) out.push(s.items[i]);
  return out;
}

interface Index {
  drills: Map<RecordId, SortedList<NonNullable<LedgerRecords['drills']>[number]>>;
  meetings: Map<RecordId, SortedList<NonNullable<LedgerRecords['meetings']>[number]>>;
  inspections: Map<RecordId, SortedList<NonNullable<LedgerRecords['inspections']>[number]>>;
  trainingsByPerson: Map<RecordId, SortedList<TrainingRecord>>;
  trainingSums: TrainingSums | undefined;
  duties: Map<RecordId, SortedList<DutyRecord>>;
  profiles: Map<RecordId, SortedList<SecurityProfileRecord>>;
  policies: Map<RecordId, InsurancePolicyRecord[]>;
  staffByUnit: Map<number, StaffMember[]>;
  letters: LetterRecord[];
  signaturesByLetter: Map<RecordId, SignatureRecord[]>;
  riskReviews: Map<RecordId, RiskReviewRecord[]>;
  screenings: Map<RecordId, SortedList<ScreeningRecord>>;
  careDue: Map<RecordId, CareDueRecord[]>;
  /** The tagged entries of the ledgers of issue 15 (entries.ts). */
  entries: EntryIndex;
  /** Issue 15 items 3–7 (ledger-check.ts). */
  checks: CheckIndex;
}

function buildIndex(input: EvaluationInput): Index {
  const r = input.records;
  const unitOf = (x: { unitId: number }) => x.unitId;
  const dateOf = (x: Dated) => x.date;
  const staffByUnit = new Map<number, StaffMember[]>();
  for (const s of input.staff ?? []) {
    let g = staffByUnit.get(s.unitId);
    if (!g) staffByUnit.set(s.unitId, (g = []));
    g.push(s);
  }
  const policies = new Map<RecordId, InsurancePolicyRecord[]>();
  for (const p of r.insurancePolicies ?? []) {
    let g = policies.get(p.unitId);
    if (!g) policies.set(p.unitId, (g = []));
    g.push(p);
  }
  const signaturesByLetter = new Map<RecordId, SignatureRecord[]>();
  for (const s of r.signatures ?? []) {
    let g = signaturesByLetter.get(s.letterId);
    if (!g) signaturesByLetter.set(s.letterId, (g = []));
    g.push(s);
  }
  const riskReviews = new Map<RecordId, RiskReviewRecord[]>();
  for (const x of r.riskReviews ?? []) {
    let g = riskReviews.get(x.unitId);
    if (!g) riskReviews.set(x.unitId, (g = []));
    g.push(x);
  }
  const careDue = new Map<RecordId, CareDueRecord[]>();
  for (const c of r.careDue ?? []) {
    let g = careDue.get(c.unitId);
    if (!g) careDue.set(c.unitId, (g = []));
    g.push(c);
  }
  return {
    riskReviews,
    screenings: bySortedDate(r.screenings, unitOf, dateOf),
    careDue,
    drills: bySortedDate(r.drills, unitOf, dateOf),
    meetings: bySortedDate(r.meetings, unitOf, dateOf),
    inspections: bySortedDate(r.inspections, unitOf, dateOf),
    trainingsByPerson: bySortedDate(r.trainings, (t) => t.personId, dateOf),
    trainingSums: r.trainingSums,
    duties: bySortedDate(r.duties, unitOf, dateOf),
    profiles: bySortedDate(r.securityProfiles, unitOf, (p) => p.recordedOn),
    policies,
    staffByUnit,
    letters: r.letters ?? [],
    signaturesByLetter,
    entries: indexEntries(r.entries, r.entryDays, input.calendars ?? []),
    checks: buildCheckIndex(r, input.calendars ?? []),
  };
}

// ---------------------------------------------------------------------------------------------
// Measures

interface Measured {
  applicable: boolean;
  ok: boolean;
  /** Short and can no longer be made good within the period. */
  lapsed: boolean;
  value: number | null;
  target: number | null;
  /** When the shortfall turns into a miss (defaults to the period's end). */
  dueOn?: string;
  recordIds: RecordId[];
  /** What was found, without the period: '应急疏散演练 0 次，要求至少 1 次'. */
  phrase: string;
}

const notApplicable = (phrase: string): Measured => ({ applicable: false, ok: false, lapsed: false, value: null, target: null, recordIds: [], phrase });

function names(list: string[], word: string, max = 3): string {
  return list.length <= max ? list.join('、') : `${list.slice(0, max).join('、')}等 ${list.length} ${word}`;
}

function fmtNum(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function pct(r: number): string {
  return `${Math.floor(r * 1000) / 10}%`;
}

interface MeasureArgs {
  rule: Rule;
  unit: UnitFacts;
  period: Period;
  asOf: string;
  ix: Index;
}

function measure(a: MeasureArgs): Measured {
  const m = a.rule.measure;
  switch (m.kind) {
    case 'count':
      return measureCount(a, m);
    case 'person_hours':
      return measurePersonHours(a, m);
    case 'letter_signed':
      return measureLetter(a, m);
    case 'duty_cover':
      return measureDuty(a, m);
    case 'insurance_cover':
      return measureInsurance(a);
    case 'risk_review':
      return measureRiskReview(a);
    case 'screening_coverage':
      return measureScreening(a);
    case 'care_follow_up':
      return measureCareFollowUp(a);
    case 'entries':
      return measureEntries({ rule: a.rule, unit: a.unit, period: a.period, asOf: a.asOf, ix: a.ix.entries }, m);
    case 'ledger_check':
      return measureLedgerCheck(m.check, { rule: a.rule, unit: a.unit, period: a.period, asOf: a.asOf, ix: a.ix.checks });
    default:
      return measureProfile(a, m);
  }
}

function measureCount(a: MeasureArgs, m: Extract<Measure, { kind: 'count' }>): Measured {
  const to = a.period.endsOn < a.asOf ? a.period.endsOn : a.asOf; // nothing counts after the as-of day
  let ids: RecordId[];
  if (m.ledger === 'drills') {
    const kinds = m.drillKinds;
    ids = inRange(a.ix.drills.get(a.unit.id), a.period.startsOn, to).filter((d) => !kinds || kinds.includes(d.kind)).map((d) => d.id);
  } else if (m.ledger === 'meetings') {
    const levels = m.meetingLevels;
    ids = inRange(a.ix.meetings.get(a.unit.id), a.period.startsOn, to).filter((d) => !levels || levels.includes(d.level)).map((d) => d.id);
  } else {
    const areas = m.areas;
    ids = inRange(a.ix.inspections.get(a.unit.id), a.period.startsOn, to).filter((d) => !areas || d.areas.some((x) => areas.includes(x))).map((d) => d.id);
  }
  const min = a.rule.threshold.min;
  return {
    applicable: true,
    ok: ids.length >= min,
    lapsed: false,
    value: ids.length,
    target: min,
    recordIds: ids,
    phrase: `${a.rule.subject} ${ids.length} 次，要求至少 ${min} 次`,
  };
}

const windowKey = (from: string, to: string) => `${from}..${to}`;

/**
 * A person's training hours from..to, with the trainings counted: the people new in post have windows
 * of their own, counted here from their trainings (a period's hours: periodHoursOf).
 */
function hoursOf(ix: Index, personId: RecordId, from: string, to: string): { hours: number; ids: RecordId[] } {
  let hours = 0;
  const ids: RecordId[] = [];
  for (const t of inRange(ix.trainingsByPerson.get(personId), from, to)) {
    hours += t.hours;
    ids.push(t.id);
  }
  return { hours, ids };
}

/** A person's hours over a period of the rules counting one: the database's sum when the reader gave them. */
function periodHoursOf(ix: Index, personId: RecordId, from: string, to: string): number {
  if (!ix.trainingSums) return hoursOf(ix, personId, from, to).hours;
  const sums = ix.trainingSums.windows.get(windowKey(from, to));
  if (!sums) throw new Error(`training hours ${windowKey(from, to)} were not read`);
  return sums.get(personId) ?? 0;
}

function postsLabel(posts: StaffPost[]): string {
  return posts.map((p) => staffPostLabels[p]).join('、');
}

/**
 * People trained enough over the window. A period's finding counts everyone's hours and keeps no
 * training ids: they were 1.5 million trainings a district year, whose ids the database gathered and
 * sorted per person only for 50 of them to be kept (BENCHMARKS.md, issue 15); the school's trainings
 * of the period are its training ledger filtered by the period. A new person's finding keeps the
 * trainings that counted.
 */
function measurePersonHours(a: MeasureArgs, m: Extract<Measure, { kind: 'person_hours' }>): Measured {
  const min = a.rule.threshold.min;
  const staff = a.ix.staffByUnit.get(a.unit.id) ?? [];
  const who = postsLabel(m.posts);
  const short: string[] = [];
  const ids: RecordId[] = [];
  let total = 0;
  let okCount = 0;
  let lapsed = false;
  let dueOn: string | undefined;

  for (const person of staff) {
    const held = person.posts.filter((p) => m.posts.includes(p.post));
    if (!held.length) continue;
    const name = person.name ?? String(person.id);
    if (m.window === 'period') {
      // Someone who took the post after the period ended owes nothing for it.
      if (held.every((p) => p.since && p.since > a.period.endsOn)) continue;
      total++;
      const to = a.period.endsOn < a.asOf ? a.period.endsOn : a.asOf;
      const hours = periodHoursOf(a.ix, person.id, a.period.startsOn, to);
      if (hours >= min) okCount++;
      else short.push(`${name} ${fmtNum(hours)} 学时`);
      continue;
    }
    // New in post: the latest appointment among the posts, if recent enough to be "new".
    const since = held.map((p) => p.since).filter((s): s is string => Boolean(s)).sort().at(-1);
    if (!since) continue;
    if (m.lookbackDays !== undefined && since < addDays(a.asOf, -m.lookbackDays)) continue;
    if (m.window === 'appointment') {
      if (since > a.asOf) continue;
      total++;
      const deadline = addDays(since, m.completeWithinDays ?? 365);
      const to = deadline < a.asOf ? deadline : a.asOf;
      // Training in the year before the appointment counts as appointment training too.
      const h = hoursOf(a.ix, person.id, addDays(since, -365), to);
      ids.push(...h.ids);
      if (h.hours >= min) okCount++;
      else {
        short.push(`${name} ${fmtNum(h.hours)} 学时（${deadline} 前完成）`);
        if (a.asOf > deadline) lapsed = true;
        else if (!dueOn || deadline < dueOn) dueOn = deadline;
      }
    } else {
      // before_post: trained on or before the first day in post (001 item 7: 岗前培训).
      total++;
      const h = hoursOf(a.ix, person.id, '0000-01-01', since < a.asOf ? since : a.asOf);
      ids.push(...h.ids);
      if (h.hours >= min) okCount++;
      else {
        short.push(`${name}（${since} 上岗）`);
        if (a.asOf > since) lapsed = true;
        else if (!dueOn || since < dueOn) dueOn = since;
      }
    }
  }
  if (!total) {
    return notApplicable(m.window === 'period' ? `本单位没有登记${who}` : `本单位近期没有新任${who}`);
  }
  const newWord = m.window === 'period' ? '' : '新任';
  const head = `${newWord}${who}${a.rule.subject}达标 ${okCount}/${total} 人（每人至少 ${fmtNum(min)} 学时）`;
  return {
    applicable: true,
    ok: okCount === total,
    lapsed,
    value: okCount,
    target: total,
    dueOn,
    recordIds: ids,
    phrase: short.length ? `${head}，未达标：${names(short, '人')}` : head,
  };
}

function measureLetter(a: MeasureArgs, m: Extract<Measure, { kind: 'letter_signed' }>): Measured {
  const year = Number(a.period.startsOn.slice(0, 4));
  // The latest version published by the as-of day: a new version asks everyone to sign again.
  let letter: LetterRecord | undefined;
  for (const l of a.ix.letters) {
    if (l.level !== m.level || l.year !== year || l.publishedOn > a.asOf) continue;
    if (m.level === 'unit_to_staff' && l.issuerUnitId !== a.unit.id) continue;
    if (!letter || l.version > letter.version || (l.version === letter.version && l.publishedOn > letter.publishedOn)) letter = l;
  }
  const deadlineOfYear = `${year}-${m.signBy}`;
  if (!letter) {
    if (m.level === 'bureau_to_unit') return notApplicable(`${year}年度安全生产责任书尚未发布`);
    return {
      applicable: true,
      ok: false,
      lapsed: false,
      value: 0,
      target: null,
      dueOn: deadlineOfYear,
      recordIds: [],
      phrase: '尚未与教职工签订安全生产责任书',
    };
  }
  // A version published late in the year gets 30 days to be signed again.
  const published30 = addDays(letter.publishedOn, 30);
  const dueOn = published30 > deadlineOfYear ? published30 : deadlineOfYear;
  const sigs = (a.ix.signaturesByLetter.get(letter.id) ?? []).filter((s) => s.signedOn <= a.asOf);
  const v = letter.version > 1 ? `（第 ${letter.version} 版）` : '';
  if (m.level === 'bureau_to_unit') {
    const mine = sigs.filter((s) => s.unitId === a.unit.id);
    return {
      applicable: true,
      ok: mine.length > 0,
      lapsed: false,
      value: mine.length ? 1 : 0,
      target: 1,
      dueOn,
      recordIds: [letter.id, ...mine.map((s) => s.id)],
      phrase: mine.length ? `安全生产责任书${v}已于 ${mine[0].signedOn} 签订` : `安全生产责任书${v}尚未签订`,
    };
  }
  const staff = a.ix.staffByUnit.get(a.unit.id) ?? [];
  if (!staff.length) return notApplicable('本单位没有登记教职工');
  const signedBy = new Set(sigs.filter((s) => s.personId !== null && s.personId !== undefined).map((s) => s.personId as RecordId));
  const missing = staff.filter((p) => !signedBy.has(p.id)).map((p) => p.name ?? String(p.id));
  const signed = staff.length - missing.length;
  const ratio = signed / staff.length;
  const head = `教职工安全生产责任书${v}签订 ${signed}/${staff.length} 人（${pct(ratio)}），要求 ${pct(a.rule.threshold.min)}`;
  return {
    applicable: true,
    ok: ratio >= a.rule.threshold.min,
    lapsed: false,
    value: signed,
    target: staff.length,
    dueOn,
    recordIds: [letter.id, ...sigs.filter((s) => s.personId !== null && s.personId !== undefined).map((s) => s.id)],
    phrase: missing.length ? `${head}，未签：${names(missing, '人')}` : head,
  };
}

function measureDuty(a: MeasureArgs, m: Extract<Measure, { kind: 'duty_cover' }>): Measured {
  const minHours = m.minHours ?? 0;
  const byDay = new Map<string, DutyRecord[]>();
  for (const d of inRange(a.ix.duties.get(a.unit.id), a.period.startsOn, a.period.endsOn)) {
    let g = byDay.get(d.date);
    if (!g) byDay.set(d.date, (g = []));
    g.push(d);
  }
  // A 24-hour shift is confirmed the morning after: days up to two days back need confirmation,
  // later ones only need someone on the roster.
  const confirmBy = addDays(a.asOf, -2);
  const uncoveredPast: string[] = [];
  let firstUncoveredAhead: string | undefined;
  const ids: RecordId[] = [];
  let days = 0;
  let covered = 0;
  // Bounded whatever the period's days (a key period stored far into the future, issue 11 item 1).
  for (const d of eachDay(a.period.startsOn, a.period.endsOn, MAX_PERIOD_DAYS)) {
    days++;
    const entries = byDay.get(d) ?? [];
    const needConfirm = d <= confirmBy;
    const good = m.roles.every((role) => entries.some((e) => e.role === role && e.hours >= minHours && (!needConfirm || e.confirmed)));
    for (const e of entries) ids.push(e.id);
    if (good) covered++;
    else if (d < a.asOf) uncoveredPast.push(d);
    else if (!firstUncoveredAhead) firstUncoveredAhead = d;
  }
  const roles = m.roles.map((r) => dutyRoleLabels[r]).join('和');
  const hours = minHours ? `${minHours}小时` : '';
  const head = `${a.rule.subject}：${covered}/${days} 天安排了${hours}${roles}`;
  let phrase = head;
  if (uncoveredPast.length) phrase = `${head}，缺 ${names(uncoveredPast, '天')}`;
  else if (firstUncoveredAhead) phrase = `${head}，${firstUncoveredAhead} 起尚未排班`;
  return {
    applicable: true,
    ok: covered === days,
    lapsed: uncoveredPast.length > 0,
    value: covered,
    target: days,
    dueOn: firstUncoveredAhead,
    recordIds: ids,
    phrase,
  };
}

function measureInsurance(a: MeasureArgs): Measured {
  const required = a.unit.studentCount && a.unit.studentCount > 0 ? a.unit.studentCount : 1;
  const policies = (a.ix.policies.get(a.unit.id) ?? []).filter((p) => p.startsOn <= a.period.endsOn && p.endsOn >= a.period.startsOn);
  const coverOn = (d: string) => {
    let n = 0;
    for (const p of policies) if (p.startsOn <= d && d <= p.endsOn) n += p.studentsCovered;
    return n;
  };
  // The first run of days without full cover up to the as-of day, and the first one ahead.
  let gapFrom: string | undefined;
  let gapTo: string | undefined;
  let gapClosed = false;
  let firstAhead: string | undefined;
  for (const d of eachDay(a.period.startsOn, a.period.endsOn, MAX_PERIOD_DAYS)) {
    const short = coverOn(d) < required;
    if (d <= a.asOf) {
      if (short && !gapFrom) gapFrom = gapTo = d;
      else if (short && !gapClosed) gapTo = d;
      else if (!short && gapFrom) gapClosed = true;
    } else if (short) {
      firstAhead = d;
      break;
    }
  }
  const today = a.asOf < a.period.startsOn ? a.period.startsOn : a.asOf > a.period.endsOn ? a.period.endsOn : a.asOf;
  const now = coverOn(today);
  const ids = policies.map((p) => p.id);
  const students = a.unit.studentCount ? `${Math.min(now, required)}/${required} 名学生` : '';
  let phrase: string;
  if (!policies.length) phrase = '未办理校方责任保险';
  else if (gapFrom) phrase = now >= required ? `校方责任保险 ${gapFrom} 至 ${gapTo} 脱保或未覆盖全部学生` : `校方责任保险当前覆盖 ${students || '不足'}，自 ${gapFrom} 起脱保或漏保`;
  else if (firstAhead) phrase = `校方责任保险覆盖 ${students || '全部学生'}，${addDays(firstAhead, -1)} 到期后尚未续保`;
  else phrase = `校方责任保险覆盖 ${students || '全部学生'}，保险期覆盖整个学年`;
  return {
    applicable: true,
    ok: !gapFrom && !firstAhead,
    lapsed: Boolean(gapFrom),
    value: Math.min(now, required),
    target: required,
    dueOn: firstAhead ? addDays(firstAhead, -1) : undefined,
    recordIds: ids,
    phrase,
  };
}

// 003, 004: each risk of the list reviewed by its due day (the cadence of its colour, or before its
// season, holiday or key period; the reader works the day out with domain/risks.ts).
function measureRiskReview(a: MeasureArgs): Measured {
  const risks = a.ix.riskReviews.get(a.unit.id) ?? [];
  // 004 第二部分之二 "形成安全风险清单", 003 第二部分之二: every school keeps a risk list, so a school
  // without one has missed the rule rather than being outside it.
  if (!risks.length)
    return { applicable: true, ok: false, lapsed: true, value: 0, target: 1, recordIds: [], phrase: '尚未登记安全风险清单（每所学校应形成安全风险清单）' };
  const overdue = risks.filter((r) => r.dueOn < a.asOf).sort((x, y) => x.dueOn.localeCompare(y.dueOn));
  const ahead = risks.filter((r) => r.dueOn >= a.asOf).sort((x, y) => x.dueOn.localeCompare(y.dueOn));
  const onTime = risks.length - overdue.length;
  const ratio = onTime / risks.length;
  const min = a.rule.threshold.min;
  const next = ahead[0];
  const soon = next !== undefined && daysBetween(a.asOf, next.dueOn) <= a.rule.dueSoonDays;
  const head = `${a.rule.subject}按期 ${onTime}/${risks.length} 项（${pct(ratio)}），要求 ${pct(min)}`;
  let phrase = head;
  if (overdue.length) phrase = `${head}，逾期未复核：${names(overdue.map((r) => `${r.name}（应于 ${r.dueOn} 前）`), '项')}`;
  else if (next) phrase = `${head}，下一项“${next.name}”须在 ${next.dueOn} 前复核`;
  return {
    applicable: true,
    ok: ratio >= min && !soon,
    lapsed: ratio < min,
    value: onTime,
    target: risks.length,
    dueOn: ratio < min ? overdue[0]?.dueOn : next?.dueOn,
    recordIds: [...overdue, ...ahead].map((r) => r.id),
    phrase,
  };
}

// 001 item 9: every required grade has a class screened in the semester.
function measureScreening(a: MeasureArgs): Measured {
  const list = a.ix.screenings.get(a.unit.id);
  const all = list ? list.items : [];
  const c = screeningCoverage(a.unit.stage, all.map((s) => ({ grade: s.grade, screenedOn: s.date })), a.period, a.asOf);
  if (!c.required.length) return notApplicable('本校学段不要求开展学生心理筛查');
  const to = a.period.endsOn < a.asOf ? a.period.endsOn : a.asOf;
  const ids = inRange(list, a.period.startsOn, to).map((s) => s.id);
  const ratio = c.covered.length / c.required.length;
  const missing = c.missing.map((g) => `${g} 年级`);
  const phrase = c.missing.length
    ? `学生心理筛查 ${c.covered.length}/${c.required.length} 个年级已完成，${names(missing, '个年级')}未筛查`
    : `学生心理筛查 ${c.required.length} 个应筛年级均已完成`;
  return { applicable: true, ok: ratio >= a.rule.threshold.min, lapsed: false, value: ratio, target: a.rule.threshold.min, recordIds: ids, phrase };
}

// 001 item 20: every open record of a student of concern followed up on time. An overdue one
// cannot be made good (the missed follow-up stays missed): lapsed. One falling due within the
// window makes the finding due soon. Ids only: the finding travels upward, names never.
function measureCareFollowUp(a: MeasureArgs): Measured {
  const open = a.ix.careDue.get(a.unit.id) ?? [];
  if (!open.length) return { applicable: true, ok: true, lapsed: false, value: 1, target: a.rule.threshold.min, recordIds: [], phrase: '暂无在册重点学生' };
  const overdue = open.filter((c) => followUpOverdueDays(c.nextDueOn, a.asOf) > 0);
  const ratio = (open.length - overdue.length) / open.length;
  const soonest = open.reduce((d, c) => (c.nextDueOn < d ? c.nextDueOn : d), open[0].nextDueOn);
  const soon = !overdue.length && daysBetween(a.asOf, soonest) <= a.rule.dueSoonDays;
  const phrase = overdue.length
    ? `在册重点学生 ${open.length} 名，${overdue.length} 名随访已逾期`
    : soon
      ? `在册重点学生 ${open.length} 名，随访均未逾期，最近一次应于 ${soonest} 前完成`
      : `在册重点学生 ${open.length} 名，随访均按期`;
  return {
    applicable: true,
    ok: ratio >= a.rule.threshold.min && !soon,
    lapsed: overdue.length > 0,
    value: ratio,
    target: a.rule.threshold.min,
    dueOn: soon ? soonest : undefined,
    recordIds: (overdue.length ? overdue : open).map((c) => c.id),
    phrase,
  };
}

function latestProfile(a: MeasureArgs): SecurityProfileRecord | undefined {
  const s = a.ix.profiles.get(a.unit.id);
  if (!s) return undefined;
  const i = lowerBound(s.dates, addDays(a.asOf, 1)) - 1; // the last recorded on or before the day
  return i >= 0 ? s.items[i] : undefined;
}

function measureProfile(a: MeasureArgs, m: Extract<Measure, { kind: 'guards' | 'alarms_working' | 'video_retention' | 'profile_flag' }>): Measured {
  const p = latestProfile(a);
  const min = a.rule.threshold.min;
  const fail = (value: number | null, target: number | null, phrase: string, ids: RecordId[] = []): Measured => ({ applicable: true, ok: false, lapsed: true, value, target, recordIds: ids, phrase });
  const pass = (value: number | null, target: number | null, phrase: string, ids: RecordId[]): Measured => ({ applicable: true, ok: true, lapsed: false, value, target, recordIds: ids, phrase });
  if (!p) return fail(null, min, '尚未登记人防、物防、技防信息');
  const ids = [p.id];
  switch (m.kind) {
    case 'guards': {
      const slots = m.slots.map((s) => guardSlotLabels[s]).join('、');
      if (m.per === 'school') {
        const least = Math.min(...m.slots.map((s) => p.gates.reduce((n, g) => n + (g.guards[s] ?? 0), 0)));
        const phrase = `${slots}保安员 ${least} 名，要求至少 ${min} 名`;
        return least >= min ? pass(least, min, phrase, ids) : fail(least, min, phrase, ids);
      }
      // Gates the school has but the profile does not list count as unguarded.
      const gates = [...p.gates];
      for (let i = gates.length; i < (a.unit.gateCount ?? 0); i++) gates.push({ name: `未登记门岗${i + 1 - p.gates.length}`, guards: { school_hours: 0, arrival_peak: 0, dismissal_peak: 0, night: 0 } });
      if (!gates.length) return fail(0, min, '未登记门岗', ids);
      const short: string[] = [];
      let least = Infinity;
      for (const g of gates) {
        const n = Math.min(...m.slots.map((s) => g.guards[s] ?? 0));
        least = Math.min(least, n);
        if (n < min) short.push(`${g.name} ${n} 名`);
      }
      const head = `${slots}每个门岗要求至少 ${min} 名保安员`;
      return short.length ? fail(least, min, `${head}，${names(short, '个门岗')}`, ids) : pass(least, min, `${head}，${gates.length} 个门岗均已达到`, ids);
    }
    case 'alarms_working': {
      const { installed, working } = p.alarms;
      if (installed <= 0) return fail(0, min, '未安装一键式紧急报警装置', ids);
      const ratio = Math.min(working, installed) / installed;
      const phrase = `一键式紧急报警装置 ${installed} 台中 ${Math.min(working, installed)} 台完好（${pct(ratio)}），要求 ${pct(min)}`;
      return ratio >= min ? pass(ratio, min, phrase, ids) : fail(ratio, min, phrase, ids);
    }
    case 'video_retention': {
      const d = p.video.retentionDays;
      const phrase = `视频图像保存 ${d} 天，要求不少于 ${min} 天`;
      return d >= min ? pass(d, min, phrase, ids) : fail(d, min, phrase, ids);
    }
    case 'profile_flag': {
      const on = m.flag === 'videoLinkedToBureau' ? p.video.linkedToBureau : p.perimeterAlarm.installed && p.perimeterAlarm.armed24h;
      const phrase = m.flag === 'videoLinkedToBureau'
        ? on ? '出入口、食堂视频监控已接入区教育局安全管理中心' : '出入口、食堂视频监控未接入区教育局安全管理中心'
        : on ? '周界入侵报警系统24小时设防' : p.perimeterAlarm.installed ? '周界入侵报警系统未24小时设防' : '未安装周界入侵报警系统';
      return on ? pass(1, 1, phrase, ids) : fail(0, 1, phrase, ids);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Judging

const DECLARED_LOOKBACK_DAYS = 92;

interface RulePeriods {
  current: Period | null;
  previous: Period | null;
}

function periodsFor(rule: Rule, asOf: string, ctx: PeriodContext, evaluateFrom?: string): RulePeriods {
  let current = periodContaining(rule.period, asOf, ctx);
  // A holiday or key period about to start: its roster is due before it begins.
  if (!current && isDeclaredKind(rule.period)) current = upcomingPeriod(rule.period, asOf, rule.dueSoonDays, ctx);
  let previous = current ? previousPeriod(current, ctx) : lastEndedBefore(rule.period, asOf, ctx);
  if (rule.termOnly) {
    // Months wholly outside the semesters of their school year's calendar (the summer holiday)
    // are not judged: in July and August the last month of term is. Without a calendar for that
    // school year every month is judged.
    const semesters = semestersOf(ctx.calendars);
    const inTerm = (p: Period) => {
      const year = schoolYearOf(p.startsOn, ctx.calendars).key;
      if (!ctx.calendars.some((c) => c.schoolYear === year)) return true;
      return semesters.some((x) => x.startsOn <= p.endsOn && p.startsOn <= x.endsOn);
    };
    const from = current;
    if (current && !inTerm(current)) current = null;
    let back = from ? previousPeriod(from, ctx) : previous;
    for (let i = 0; back && !inTerm(back) && i < 3; i++) back = previousPeriod(back, ctx);
    previous = back && inTerm(back) ? back : null;
  }
  if (previous && previous.endsOn >= asOf) previous = null;
  // A semester, holiday or key period is judged after its end only for a while (a winter or
  // summer break), not for years until the next one is declared.
  if (previous && isDeclaredKind(rule.period) && daysBetween(previous.endsOn, asOf) > DECLARED_LOOKBACK_DAYS) previous = null;
  if (previous && evaluateFrom && previous.endsOn < evaluateFrom) previous = null;
  if (current && evaluateFrom && current.endsOn < evaluateFrom) current = null;
  return { current, previous };
}

/** What the training rules need read (see TrainingSums): hours per person over shared windows, and whose trainings themselves. */
export interface TrainingDemand {
  /** The periods judged of the rules counting a period, each to its end or the as-of day. */
  windows: Array<{ from: string; to: string }>;
  /**
   * The people new in post for the appointment and pre-post rules: those holding one of the posts
   * since the day given (or at all, when a rule looks back without limit). Null when no such rule.
   */
  newInPost: { posts: StaffPost[]; since: string | null } | null;
}

/**
 * The periods judged (the current and the previous, whole) of the given rules as of a day: the only
 * days of their ledger the engine looks at (a reader reads those, not years).
 */
export function judgedPeriods(rules: Rule[], asOf: string, ctx: PeriodContext, evaluateFrom?: string): Period[] {
  const out = new Map<string, Period>();
  for (const rule of rules) {
    const rp = periodsFor(rule, asOf, ctx, evaluateFrom);
    for (const p of [rp.current, rp.previous]) if (p) out.set(windowKey(p.startsOn, p.endsOn), p);
  }
  return [...out.values()];
}

/** The training demand of the rules as of a day: the windows measurePersonHours asks hoursOf for. */
export function trainingDemand(rules: Rule[], asOf: string, ctx: PeriodContext, evaluateFrom?: string): TrainingDemand {
  const windows = new Map<string, { from: string; to: string }>();
  const counting = rules.filter((r) => r.measure.kind === 'person_hours' && r.measure.window === 'period');
  for (const p of judgedPeriods(counting, asOf, ctx, evaluateFrom)) {
    const to = p.endsOn < asOf ? p.endsOn : asOf;
    windows.set(windowKey(p.startsOn, to), { from: p.startsOn, to });
  }
  const posts = new Set<StaffPost>();
  let since: string | null | undefined;
  for (const rule of rules) {
    const m = rule.measure;
    if (m.kind !== 'person_hours' || m.window === 'period') continue;
    for (const p of m.posts) posts.add(p);
    const from = m.lookbackDays === undefined ? null : addDays(asOf, -m.lookbackDays);
    since = since === undefined ? from : since === null || from === null ? null : from < since ? from : since;
  }
  return { windows: [...windows.values()], newInPost: since === undefined ? null : { posts: [...posts], since } };
}

const NO_PERIOD: Partial<Record<Rule['period'], string>> = {
  month: '假期中，没有可评价的月份',
  semester: '校历中没有可评价的学期',
  holiday: '校历中没有可评价的节假日',
  key_period: '教育局尚未设定重点时段',
};

function primarySource(rule: Rule): string {
  const s = rule.sources[0];
  return s ? `${s.seed} ${s.item}` : '';
}

/**
 * A state (a rule of period 'current', such as insurance cover) is judged as of the day, and its
 * finding has no period: it is the same finding from one day to the next, so a hazard opened from it
 * is found again tomorrow (findingKey's 'current'), the rollup does not rewrite it each day, and the
 * year's record keeps it at each month's end as the month's state (periods.service.ts).
 */
function finding(rule: Rule, unit: UnitFacts, status: FindingStatus, period: Period | null, m: Measured | null, explanation: string, dueOn: string | null = null): Finding {
  return {
    unitId: unit.id,
    ruleCode: rule.code,
    status,
    period: period?.kind === 'current' ? null : period,
    value: m?.value ?? null,
    target: m?.target ?? null,
    dueOn,
    recordIds: m?.recordIds ?? [],
    explanation,
  };
}

function judge(rule: Rule, unit: UnitFacts, rp: RulePeriods, asOf: string, ctx: PeriodContext, ix: Index): Finding {
  const src = `（${primarySource(rule)}）`;
  if (!rule.enabled) return finding(rule, unit, 'not_applicable', null, null, `该规则已停用${src}`);
  if (!appliesTo(rule.appliesTo, unit)) return finding(rule, unit, 'not_applicable', null, null, `本单位不适用：${rule.description}${src}`);
  const where = (p: Period) => (p.kind === 'current' ? '' : relativeLabel(p, asOf, ctx));

  const judgeEnded = (p: Period): Finding => {
    const m = measure({ rule, unit, period: p, asOf, ix });
    if (!m.applicable) return finding(rule, unit, 'not_applicable', p, m, `${m.phrase}${src}`);
    return finding(rule, unit, m.ok ? 'met' : 'missed', p, m, `${where(p)}${m.phrase}${src}`, m.ok ? null : (m.dueOn ?? p.endsOn));
  };

  const cur = rp.current;
  if (!cur) {
    if (rp.previous) return judgeEnded(rp.previous);
    return finding(rule, unit, 'not_applicable', null, null, `${NO_PERIOD[rule.period] ?? '没有可评价的时段'}${src}`);
  }
  const m = measure({ rule, unit, period: cur, asOf, ix });
  if (!m.applicable) return finding(rule, unit, 'not_applicable', cur, m, `${m.phrase}${src}`);
  if (m.ok) return finding(rule, unit, 'met', cur, m, `${where(cur)}${m.phrase}${src}`);
  const dueOn = m.dueOn ?? cur.endsOn;
  if (m.lapsed || asOf > dueOn) return finding(rule, unit, 'missed', cur, m, `${where(cur)}${m.phrase}${src}`, dueOn);
  const left = daysBetween(asOf, dueOn);
  if (left <= rule.dueSoonDays) {
    const when = left === 0 ? '今天截止' : `距截止（${dueOn}）还有 ${left} 天`;
    return finding(rule, unit, 'due_soon', cur, m, `${where(cur)}${m.phrase}，${when}${src}`, dueOn);
  }
  // Nothing is due yet in the current period: the previous one decides.
  if (rp.previous) {
    const prev = judgeEnded(rp.previous);
    if (prev.status === 'missed') return prev;
  }
  return finding(rule, unit, 'met', cur, m, `${where(cur)}${m.phrase}，须在 ${dueOn} 前完成，尚未到期${src}`, dueOn);
}

/** Every unit × rule, in the order of units then rules. */
export function evaluate(input: EvaluationInput): Finding[] {
  const ctx: PeriodContext = { calendars: input.calendars ?? [], keyPeriods: input.keyPeriods ?? [] };
  const ix = buildIndex(input);
  const periods = input.rules.map((r) => periodsFor(r, input.asOf, ctx, input.evaluateFrom));
  const out: Finding[] = [];
  for (const unit of input.units) {
    input.rules.forEach((rule, i) => out.push(judge(rule, unit, periods[i], input.asOf, ctx, ix)));
  }
  return out;
}
