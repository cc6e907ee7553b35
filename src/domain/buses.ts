// The school bus ledger (校车台账, issue 15 item 5) as pure rules. Sources: 001 item 14 (定期开展校车
// 安全行驶检查 … 杜绝校车"带病上路"；加大对校车驾驶人、照管员资格审查，严把准入关) and 000's Q1 task
// (开学前做好校车的安全检查及年度复核准备工作, 使用校车学校). Only schools that use school buses are
// judged. Pure: today comes in.
import { addDays } from './dates.js';
import type { FieldProblem } from './food.js';
import { pastDayProblem } from './ledger-checks.js';

/** A review is "due soon" this many days before its due day (issue 15 item 5). */
export const REVIEW_DUE_SOON_DAYS = 30;

export const backgroundResults = ['clear', 'not_clear', 'pending'] as const;
export type BackgroundResult = (typeof backgroundResults)[number];
export const backgroundResultLabels: Record<BackgroundResult, string> = { clear: '无异常', not_clear: '有异常', pending: '待出结果' };

export const reviewStates = ['ok', 'due_soon', 'overdue'] as const;
export type ReviewState = (typeof reviewStates)[number];
export const reviewStateLabels: Record<ReviewState, string> = { ok: '有效', due_soon: '30 天内到期', overdue: '已过期' };

/** The licence classes that may drive a school bus (校车驾驶人: 大型客车 A1, 城市公交车 A3, 中型客车 B1). */
export const licenceClasses = ['A1', 'A3', 'B1'] as const;
export type LicenceClass = (typeof licenceClasses)[number];

/** The items of a pre-trip check offered by default (001 item 14: 经常性保养检查，杜绝校车"带病上路"). */
export const preTripItems = ['证件齐全（行驶证、驾驶证、校车标牌）', '轮胎', '制动', '转向', '灯光和喇叭', '安全带', '灭火器和安全锤', '应急门窗', '卫星定位和视频监控', '车身和车内卫生'] as const;

/** The annual review (年审) of a bus on a day: past its due day, due within 30 days, or fine (000 Q1 task: 年度复核). */
export function reviewState(reviewDueOn: string, day: string): ReviewState {
  if (reviewDueOn < day) return 'overdue';
  if (reviewDueOn <= addDays(day, REVIEW_DUE_SOON_DAYS)) return 'due_soon';
  return 'ok';
}

/** What keeps a driver from driving on a day, in Chinese (001 item 14: 驾驶人资格审查，严把准入关). */
export function driverGaps(d: { licenceExpiresOn: string; backgroundCheckedOn: string | null; backgroundResult: BackgroundResult | null }, day: string): string[] {
  const out: string[] = [];
  if (d.licenceExpiresOn < day) out.push(`驾驶证 ${d.licenceExpiresOn} 已过期`);
  if (!d.backgroundCheckedOn || !d.backgroundResult) out.push('未做背景审查');
  else if (d.backgroundResult === 'pending') out.push('背景审查结果待出');
  else if (d.backgroundResult === 'not_clear') out.push('背景审查有异常');
  return out;
}

/**
 * The school days a bus ran without a pre-trip check (001 item 14: 杜绝校车"带病上路"): every day in
 * runDays that has no check with every item recorded. runDays are the school days the bus runs.
 */
export function missingPreTripDays(runDays: readonly string[], checkedDays: readonly string[]): string[] {
  const checked = new Set(checkedDays);
  return runDays.filter((d) => !checked.has(d));
}

/** What keeps a bus off the road on a day, in Chinese: its annual review or insurance past. */
export function busGaps(b: { reviewDueOn: string; insuranceExpiresOn: string }, day: string): string[] {
  const out: string[] = [];
  if (b.reviewDueOn < day) out.push(`年审 ${b.reviewDueOn} 已到期`);
  if (b.insuranceExpiresOn < day) out.push(`保险 ${b.insuranceExpiresOn} 已到期`);
  return out;
}

/** A pre-trip check's items that failed: each becomes a hazard in one step. */
export function failedItems(items: ReadonlyArray<{ name: string; ok: boolean }>): string[] {
  return items.filter((i) => !i.ok).map((i) => i.name);
}

/** Bad input on a bus or driver, naming the field (issue 15, Bad input). */
export function busProblem(b: { seats: number }): { field: 'seats'; message: string } | null {
  if (!Number.isInteger(b.seats) || b.seats <= 0) return { field: 'seats', message: '座位数须为正整数' };
  return null;
}

/** A licence already past on the day it is entered cannot be recorded as valid; a check day cannot lie ahead. */
export function driverProblem(d: { licenceExpiresOn: string; licenceValid: boolean; checkedOn?: string | null }, today: string): { field: 'licenceExpiresOn' | 'checkedOn'; message: string } | null {
  if (d.licenceValid && d.licenceExpiresOn < today) return { field: 'licenceExpiresOn', message: `驾驶证有效期（${d.licenceExpiresOn}）已过，不能登记为有效` };
  if (d.checkedOn && d.checkedOn > today) return { field: 'checkedOn', message: '检查日期不能晚于今天' };
  return null;
}

/** A day that must not lie ahead (a review, a check), as a problem on its field. */
function notAhead(field: string, day: string | null | undefined, today: string): FieldProblem[] {
  const p = day ? pastDayProblem(day, today) : null;
  return p ? [{ field, message: p }] : [];
}

/**
 * A bus's days, for its form and its import alike: the review not ahead and its due day after it;
 * insurance already lapsed cannot be entered for a bus in service (001 item 14: no bus on the road
 * 带病上路) — judged only when the insurance day is entered or changed.
 */
export function busDaysProblems(
  v: { reviewedOn?: string | null; reviewDueOn: string; insuranceExpiresOn: string; inService: boolean },
  today: string,
  changed: { insurance: boolean },
): FieldProblem[] {
  const out = notAhead('reviewedOn', v.reviewedOn, today);
  if (v.reviewedOn && v.reviewDueOn <= v.reviewedOn) out.push({ field: 'reviewDueOn', message: `须晚于年审日期（${v.reviewedOn}）` });
  if (changed.insurance && v.inService && v.insuranceExpiresOn < today) out.push({ field: 'insuranceExpiresOn', message: `保险已于 ${v.insuranceExpiresOn} 到期，在用校车请登记有效的保险` });
  return out;
}

/**
 * A driver's days, for the form and the import alike: no check day ahead; a background result goes
 * with its day; a licence already past cannot be entered for a driver on duty (001 item 14: 严把准入关)
 * — judged only when the licence is entered or changed.
 */
export function driverDaysProblems(
  v: { licenceExpiresOn: string; backgroundCheckedOn?: string | null; backgroundResult?: string | null; healthCheckedOn?: string | null; active: boolean },
  today: string,
  changed: { licence: boolean },
): FieldProblem[] {
  const out = [...notAhead('backgroundCheckedOn', v.backgroundCheckedOn, today), ...notAhead('healthCheckedOn', v.healthCheckedOn, today)];
  if (v.backgroundResult && !v.backgroundCheckedOn) out.push({ field: 'backgroundCheckedOn', message: '填写了审查结果，请同时填写审查日期' });
  if (v.backgroundCheckedOn && !v.backgroundResult) out.push({ field: 'backgroundResult', message: '请选择背景审查结果' });
  const licence = changed.licence ? driverProblem({ licenceExpiresOn: v.licenceExpiresOn, licenceValid: v.active }, today) : null;
  if (licence) out.push(licence);
  return out;
}

/** Students per stop in route order (counts only: no pupil names; minors' data stays in care/). */
export function routeStudentCount(stops: ReadonlyArray<{ order: number; students: number }>): number {
  return stops.reduce((n, s) => n + s.students, 0);
}

// ---- the compliance checks (read by ../rules/ledger-check.ts through `ledger_check`) -------------

/** A record's id as the rule engine keeps it (./rules/records.ts). */
type RecordId = number | string;

/** A bus as the rules read it. */
export interface BusRecord {
  id: RecordId;
  unitId: number;
  plate: string;
  inService: boolean;
  servesFrom: string;
  reviewDueOn: string;
  insuranceExpiresOn: string;
}
/** A driver on duty as the rules read it. */
export interface BusDriverRecord {
  id: RecordId;
  unitId: number;
  name: string;
  licenceExpiresOn: string;
  backgroundCheckedOn: string | null;
  backgroundResult: BackgroundResult | null;
}
/** A recorded pre-trip check: the bus and the day. */
export interface PreTripRecord {
  id: RecordId;
  unitId: number;
  busId: RecordId;
  checkedOn: string;
}

/** The engine's measured shape (ledger-check.ts CheckMeasured), repeated so this file needs nothing of the engine. */
export interface BusMeasured {
  applicable: boolean;
  ok: boolean;
  lapsed: boolean;
  value: number | null;
  target: number | null;
  dueOn?: string;
  recordIds: RecordId[];
  phrase: string;
}

const na = (phrase: string): BusMeasured => ({ applicable: false, ok: false, lapsed: false, value: null, target: null, recordIds: [], phrase });
const few = (items: string[], word: string, max = 3) => (items.length <= max ? items.join('；') : `${items.slice(0, max).join('；')}等 ${items.length} ${word}`);

/**
 * 000 Q1 task (开学前做好校车的安全检查及年度复核准备工作): every bus in service with its annual
 * review (年审) not past its due day and its insurance not lapsed; a review or insurance ending within
 * dueSoonDays is due soon on that day.
 */
export function measureBusReview(buses: readonly BusRecord[], asOf: string, dueSoonDays = REVIEW_DUE_SOON_DAYS): BusMeasured {
  const running = buses.filter((b) => b.inService);
  if (!running.length) return na('本校没有在用校车');
  const late: string[] = [];
  let soonest: string | undefined;
  let soonText = '';
  for (const b of running) {
    const gaps: string[] = [];
    if (b.reviewDueOn < asOf) gaps.push(`年审已于 ${b.reviewDueOn} 到期`);
    if (b.insuranceExpiresOn < asOf) gaps.push(`保险已于 ${b.insuranceExpiresOn} 到期`);
    if (gaps.length) {
      late.push(`${b.plate}${gaps.join('、')}`);
      continue;
    }
    for (const [on, what] of [[b.reviewDueOn, '年审'], [b.insuranceExpiresOn, '保险']] as const) {
      if (on <= addDays(asOf, dueSoonDays) && (!soonest || on < soonest)) [soonest, soonText] = [on, `${b.plate}${what}将于 ${on} 到期`];
    }
  }
  const ids = running.map((b) => b.id);
  const n = running.length;
  if (late.length) return { applicable: true, ok: false, lapsed: true, value: n - late.length, target: n, recordIds: ids, phrase: `在用校车 ${n} 辆中 ${late.length} 辆年审或保险过期：${few(late, '辆')}` };
  if (soonest) return { applicable: true, ok: false, lapsed: false, value: n, target: n, dueOn: soonest, recordIds: ids, phrase: soonText };
  return { applicable: true, ok: true, lapsed: false, value: n, target: n, recordIds: ids, phrase: `在用校车 ${n} 辆年审、保险均在有效期内` };
}

/**
 * 001 item 14 (加大对校车驾驶人资格审查，严把准入关): every driver on duty with a clear background check
 * and a licence valid on the day; a licence ending within dueSoonDays is due soon. A school running
 * buses without a driver recorded misses it.
 */
export function measureBusDrivers(drivers: readonly BusDriverRecord[], buses: readonly BusRecord[], asOf: string, dueSoonDays = REVIEW_DUE_SOON_DAYS): BusMeasured {
  const running = buses.filter((b) => b.inService).length;
  if (!drivers.length) {
    if (!running) return na('本校没有在用校车和驾驶人');
    return { applicable: true, ok: false, lapsed: true, value: 0, target: 0, recordIds: [], phrase: `在用校车 ${running} 辆，未登记校车驾驶人` };
  }
  const short: string[] = [];
  let soonest: string | undefined;
  let soonName = '';
  for (const d of drivers) {
    const gaps = driverGaps(d, asOf);
    if (gaps.length) short.push(`${d.name}${gaps.join('、')}`);
    else if (d.licenceExpiresOn <= addDays(asOf, dueSoonDays) && (!soonest || d.licenceExpiresOn < soonest)) [soonest, soonName] = [d.licenceExpiresOn, d.name];
  }
  const n = drivers.length;
  const ids = drivers.map((d) => d.id);
  if (short.length) return { applicable: true, ok: false, lapsed: true, value: n - short.length, target: n, recordIds: ids, phrase: `校车驾驶人资格审查 ${n - short.length}/${n} 人合格：${few(short, '人')}` };
  if (soonest) return { applicable: true, ok: false, lapsed: false, value: n, target: n, dueOn: soonest, recordIds: ids, phrase: `${soonName}驾驶证将于 ${soonest} 到期` };
  return { applicable: true, ok: true, lapsed: false, value: n, target: n, recordIds: ids, phrase: `校车驾驶人 ${n} 人背景审查无异常、驾驶证有效` };
}

/**
 * 001 item 14 (加强对车辆的经常性保养检查，杜绝校车"带病上路"): a pre-trip check of every bus in service
 * on every school day it runs (from its first day of service) up to the day. A past day without one
 * cannot be made good; today's is due today. `schoolDays` are the school days of the period.
 */
export function measurePreTrip(buses: readonly BusRecord[], checks: readonly PreTripRecord[], schoolDays: readonly string[], period: { startsOn: string; endsOn: string; label: string }, asOf: string): BusMeasured {
  const running = buses.filter((b) => b.inService);
  if (!running.length) return na('本校没有在用校车');
  if (!schoolDays.length) return na(`${period.label}没有上学日`);
  const checked = new Map<string, RecordId[]>();
  for (const c of checks) {
    const k = `${c.busId}|${c.checkedOn}`;
    checked.set(k, [...(checked.get(k) ?? []), c.id]);
  }
  const missing: string[] = [];
  const openToday: string[] = [];
  const ids: RecordId[] = [];
  let due = 0;
  let done = 0;
  let firstAhead: string | undefined;
  for (const b of running) {
    const runDays = schoolDays.filter((d) => d >= b.servesFrom);
    const upTo = runDays.filter((d) => d <= asOf);
    if (!firstAhead || (runDays.find((d) => d > asOf) ?? '9999') < firstAhead) firstAhead = runDays.find((d) => d > asOf) ?? firstAhead;
    const have = upTo.filter((d) => checked.has(`${b.id}|${d}`));
    for (const d of have) ids.push(...checked.get(`${b.id}|${d}`)!);
    due += upTo.length;
    done += have.length;
    const gaps = missingPreTripDays(upTo, have);
    const past = gaps.filter((d) => d < asOf);
    if (past.length) missing.push(`${b.plate}缺 ${past.length <= 3 ? past.join('、') : `${past.slice(0, 3).join('、')}等 ${past.length} 天`}`);
    if (gaps.includes(asOf)) openToday.push(b.plate);
  }
  if (!due) return { applicable: true, ok: false, lapsed: false, value: 0, target: 0, dueOn: firstAhead, recordIds: [], phrase: `校车出车前检查：本期运行日自 ${firstAhead ?? period.endsOn} 起` };
  const head = `校车出车前检查 ${done}/${due} 车次已登记`;
  if (missing.length) return { applicable: true, ok: false, lapsed: true, value: done, target: due, recordIds: ids, phrase: `${head}，${few(missing, '辆')}` };
  if (openToday.length) return { applicable: true, ok: false, lapsed: false, value: done, target: due, dueOn: asOf, recordIds: ids, phrase: `${head}，今天（${asOf}）${openToday.join('、')}尚未检查` };
  return { applicable: true, ok: true, lapsed: false, value: done, target: due, recordIds: ids, phrase: `${head}，每个运行日均已检查` };
}
