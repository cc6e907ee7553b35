// The network security ledger (网络安全, 000 item 8; issue 15 item 6) as pure rules: the kinds of a
// school's systems, the red and yellow cards (网络安全红黄牌) and their steps, the monthly report
// (全系统网络安全月报告制度). Pure: today comes in.
//
// The monthly report is judged every month of the year, not only of term: 000 item 8 asks for a
// report "全系统" and "常态化", and the websites, public accounts and systems stay online (and
// attackable) through the holidays, so a summer month without a report is a gap like any other.
import type { Period } from './rules/periods.js';

/** A record's id as the rule engine keeps it (./rules/records.ts). */
type RecordId = number | string;

export const netsecSystemKinds = ['website', 'public_account', 'app', 'system'] as const;
export type NetsecSystemKind = (typeof netsecSystemKinds)[number];
export const netsecSystemKindLabels: Record<NetsecSystemKind, string> = { website: '网站', public_account: '公众号', app: '移动应用', system: '信息系统' };

export const cardColors = ['red', 'yellow'] as const;
export type CardColor = (typeof cardColors)[number];
export const cardColorLabels: Record<CardColor, string> = { red: '红牌', yellow: '黄牌' };

/** issued → answered (the school's fix) → closed (销号) by the bureau; a return sends it back to issued. */
export const cardStates = ['issued', 'answered', 'closed'] as const;
export type CardState = (typeof cardStates)[number];
export const cardStateLabels: Record<CardState, string> = { issued: '待整改', answered: '待销号', closed: '已销号' };

export const cardSteps = ['answer', 'close', 'return'] as const;
export type CardStep = (typeof cardSteps)[number];

/** The state a step leads to from `state`, or why it cannot be taken (Chinese). */
export function cardTransition(state: CardState, step: CardStep): { to: CardState } | { problem: string } {
  if (step === 'answer') return state === 'issued' ? { to: 'answered' } : { problem: state === 'closed' ? '该红黄牌已销号' : '整改情况已提交，待教育局销号' };
  if (state !== 'answered') return { problem: state === 'closed' ? '该红黄牌已销号' : '学校尚未提交整改情况' };
  return { to: step === 'close' ? 'closed' : 'issued' };
}

export const reportIncidents = ['none', 'some'] as const;
export type ReportIncidents = (typeof reportIncidents)[number];
export const reportIncidentLabels: Record<ReportIncidents, string> = { none: '无', some: '有' };

/** A month key 'YYYY-MM' of a day 'YYYY-MM-DD'. */
export const monthOf = (day: string) => day.slice(0, 7);

/** Why a monthly report cannot be filed for `month` on `today`: a month not yet begun. */
export function reportMonthProblem(month: string, today: string): string | null {
  return month > monthOf(today) ? `${month} 尚未开始，不能提前填报月报告` : null;
}

// ---- the rules (000 item 8), read by the general measure of ./rules/ledger-check.ts -------------

/** A card as the rules see it. */
export interface CardRecord {
  id: RecordId;
  unitId: number;
  color: CardColor;
  state: CardState;
  reason: string;
  fixBy: string;
}

/** A monthly report as the rules see it. */
export interface ReportRecord {
  id: RecordId;
  unitId: number;
  month: string;
}

/** What the engine's measures return (the same shape as ledger-check.ts's CheckMeasured). */
export interface NetsecMeasured {
  applicable: boolean;
  ok: boolean;
  lapsed: boolean;
  value: number | null;
  target: number | null;
  dueOn?: string;
  recordIds: RecordId[];
  phrase: string;
}

/**
 * 000 item 8 (全系统网络安全月报告制度): a report for the month judged. While the month runs the
 * shortfall falls due on its last day; a month ended without one cannot be made good.
 */
export function measureMonthlyReport(reports: readonly ReportRecord[], period: Period, asOf: string): NetsecMeasured {
  const month = monthOf(period.startsOn);
  const found = reports.filter((r) => r.month === month);
  if (found.length) return { applicable: true, ok: true, lapsed: false, value: 1, target: 1, recordIds: found.map((r) => r.id), phrase: `已报送${period.label}网络安全月报告` };
  const ended = period.endsOn < asOf;
  return {
    applicable: true,
    ok: false,
    lapsed: ended,
    value: 0,
    target: 1,
    dueOn: ended ? undefined : period.endsOn,
    recordIds: [],
    phrase: ended ? `未报送${period.label}网络安全月报告` : `${period.label}网络安全月报告尚未报送，须在 ${period.endsOn} 前报送`,
  };
}

/**
 * 000 item 8 (网络安全红黄牌): no red card open (not closed) past its fix-by day. An open red card
 * still within its day is due on it; a yellow card is a warning the rule does not judge.
 */
export function measureRedCards(cards: readonly CardRecord[], asOf: string): NetsecMeasured {
  const open = cards.filter((c) => c.color === 'red' && c.state !== 'closed');
  const overdue = open.filter((c) => c.fixBy < asOf);
  const ids = open.map((c) => c.id);
  if (overdue.length) {
    const names = overdue.slice(0, 3).map((c) => `${c.reason}（限 ${c.fixBy} 前整改）`);
    return { applicable: true, ok: false, lapsed: true, value: open.length - overdue.length, target: open.length, recordIds: overdue.map((c) => c.id), phrase: `网络安全红牌 ${overdue.length} 张逾期未销号：${names.join('；')}${overdue.length > 3 ? '等' : ''}` };
  }
  if (open.length) {
    const next = open.reduce((a, b) => (b.fixBy < a.fixBy ? b : a));
    return { applicable: true, ok: false, lapsed: false, value: 0, target: open.length, dueOn: next.fixBy, recordIds: ids, phrase: `网络安全红牌 ${open.length} 张整改中，最早须在 ${next.fixBy} 前销号：${next.reason}` };
  }
  return { applicable: true, ok: true, lapsed: false, value: 0, target: 0, recordIds: [], phrase: '没有未销号的网络安全红牌' };
}
