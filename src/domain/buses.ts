// The school bus ledger (校车台账, issue 15 item 5) as pure rules. Sources: 001 item 14 (定期开展校车
// 安全行驶检查 … 杜绝校车"带病上路"；加大对校车驾驶人、照管员资格审查，严把准入关) and 000's Q1 task
// (开学前做好校车的安全检查及年度复核准备工作, 使用校车学校). Only schools that use school buses are
// judged. Pure: today comes in.
import { addDays } from './dates.js';

/** A review is "due soon" this many days before its due day (issue 15 item 5). */
export const REVIEW_DUE_SOON_DAYS = 30;

export const backgroundResults = ['clear', 'not_clear', 'pending'] as const;
export type BackgroundResult = (typeof backgroundResults)[number];
export const backgroundResultLabels: Record<BackgroundResult, string> = { clear: '无异常', not_clear: '有异常', pending: '待出结果' };

export type ReviewState = 'ok' | 'due_soon' | 'overdue';

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

/** Students per stop in route order (counts only: no pupil names; minors' data stays in care/). */
export function routeStudentCount(stops: ReadonlyArray<{ order: number; students: number }>): number {
  return stops.reduce((n, s) => n + s.students, 0);
}
