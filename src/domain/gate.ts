// The gate log's checks (门卫来访, issue 15 item 2; 002 area 7 四个一律, 001 item 15 护学岗), pure: a
// visitor registered one by one with the ID checked and its number kept masked, brought in by a
// staff member (or flagged), never leaving before arriving; a refused visitor or vehicle carries
// its reason; the 护学岗 counts of a day at arrival and dismissal.
import { pastDayProblem } from './ledger-checks.js';
import type { FieldProblem } from './food.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** What is wrong with a resident identity number (GB 11643: 18 characters, the last a check digit), or null. */
export function idNumberProblem(raw: string): string | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return '须为 18 位居民身份证号码';
  const sum = WEIGHTS.reduce((n, w, i) => n + w * Number(id[i]), 0);
  if (CHECK[sum % 11] !== id[17]) return '身份证号码校验位不正确，请核对';
  return null;
}

/** The number as stored and shown: the region (6) and the last 4 kept, the birth day and sequence hidden. */
export function maskIdNumber(raw: string): string {
  const id = raw.trim().toUpperCase();
  return `${id.slice(0, 6)}${'*'.repeat(Math.max(0, id.length - 10))}${id.slice(-4)}`;
}

export interface GateDraft {
  kind: 'visitor' | 'vehicle' | 'guard_post';
  recordedOn?: string | null;
  visitorName?: string | null;
  plate?: string | null;
  admitted?: boolean | null;
  refusalReason?: string | null;
  escortName?: string | null;
  arrivedAt?: string | null;
  leftAt?: string | null;
  arrivalTeachers?: number | null;
  arrivalGuards?: number | null;
  dismissalTeachers?: number | null;
  dismissalGuards?: number | null;
}

const missing = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && !v.trim());
/** A clock a few minutes fast on the guard's phone is not a time in the future. */
const CLOCK_SLACK_MS = 5 * 60_000;

/** What is wrong with a gate record, naming the field; `now` is the server's clock, `today` its Shanghai day. */
export function gateRecordProblem(d: GateDraft, now: Date, today: string): FieldProblem | null {
  if (d.kind === 'guard_post') {
    if (missing(d.recordedOn)) return { field: 'recordedOn', message: '请填写日期' };
    const day = pastDayProblem(d.recordedOn!, today);
    if (day) return { field: 'recordedOn', message: day };
    for (const f of ['arrivalTeachers', 'arrivalGuards', 'dismissalTeachers', 'dismissalGuards'] as const) {
      if (missing(d[f])) return { field: f, message: '请填写人数（没有填 0）' };
    }
    return null;
  }
  if (d.kind === 'visitor' && missing(d.visitorName)) return { field: 'visitorName', message: '请填写来访人姓名' };
  if (d.kind === 'vehicle' && missing(d.plate)) return { field: 'plate', message: '请填写车牌号' };
  if (missing(d.admitted)) return { field: 'admitted', message: '请选择准入或拒绝' };
  if (d.admitted === false && missing(d.refusalReason)) return { field: 'refusalReason', message: '拒绝进入时请写明理由（可疑人员、无关车辆一律禁止进入）' };
  if (missing(d.arrivedAt)) return { field: 'arrivedAt', message: '请填写到达时间' };
  const arrived = Date.parse(d.arrivedAt!);
  if (arrived > now.getTime() + CLOCK_SLACK_MS) return { field: 'arrivedAt', message: '不能晚于现在' };
  if (!missing(d.leftAt)) {
    if (d.admitted === false) return { field: 'leftAt', message: '未准入的来访没有离开时间' };
    const left = Date.parse(d.leftAt!);
    if (left < arrived) return { field: 'leftAt', message: '离开时间不能早于到达时间' };
    if (left > now.getTime() + CLOCK_SLACK_MS) return { field: 'leftAt', message: '不能晚于现在' };
  }
  return null;
}

/** A visitor let in without a staff member to bring them (四个一律: 外来人员一律由教职工带入). */
export const isUnescorted = (d: Pick<GateDraft, 'kind' | 'admitted' | 'escortName'>) => d.kind === 'visitor' && d.admitted === true && missing(d.escortName);

/** A 护学岗 day with a teacher and a guard at both arrival and dismissal. */
export const isPostCovered = (d: Pick<GateDraft, 'arrivalTeachers' | 'arrivalGuards' | 'dismissalTeachers' | 'dismissalGuards'>) =>
  (d.arrivalTeachers ?? 0) > 0 && (d.arrivalGuards ?? 0) > 0 && (d.dismissalTeachers ?? 0) > 0 && (d.dismissalGuards ?? 0) > 0;
