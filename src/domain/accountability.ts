// Notices, interviews and accountability as pure rules (issue 13): the steps of a notice, a named
// unit's reply against its deadline, an interview commitment's follow-up, and what bars a unit from
// awards (前置审核, 001 item 27: 对于发生学校安全责任事故、存在重大安全隐患等情况…在各级各类评选表彰中实施前置审核).
import { addDays, daysBetween } from './dates.js';

export const noticeStatuses = ['draft', 'approved', 'published'] as const;
export type NoticeStatus = (typeof noticeStatuses)[number];
export type NoticeStep = 'edit' | 'approve' | 'publish';

/**
 * Whether a step fits the notice's status: a draft is edited and approved, an approved notice is
 * published, a published one is final. Returns the refusal in Chinese, or null.
 */
export function noticeStepProblem(status: NoticeStatus, step: NoticeStep): string | null {
  if (step === 'edit') return status === 'draft' ? null : '通报已审核签发，不能再修改';
  if (step === 'approve') return status === 'draft' ? null : status === 'approved' ? '通报已审核签发' : '通报已发布';
  return status === 'approved' ? null : status === 'draft' ? '通报须经区教育局审核签发后才能发布' : '通报已发布';
}

export type ReplyState = 'not_due' | 'pending' | 'overdue' | 'replied' | 'replied_late';

/**
 * A named unit's reply to a published notice: due by `dueOn` (inclusive, Shanghai days). Before
 * publication nothing is due; unreplied after the day is overdue; a reply after it is late.
 */
export function replyState(r: { published: boolean; dueOn: string; repliedOn: string | null }, today: string): ReplyState {
  if (r.repliedOn) return r.repliedOn > r.dueOn ? 'replied_late' : 'replied';
  if (!r.published) return 'not_due';
  return today > r.dueOn ? 'overdue' : 'pending';
}

export const replyStateLabels: Record<ReplyState, string> = {
  not_due: '未发布',
  pending: '待回复',
  overdue: '逾期未回复',
  replied: '已回复',
  replied_late: '逾期回复',
};

/** Days before the deadline a commitment counts as due soon: the hazard loop's 3 days. */
export const COMMITMENT_DUE_SOON_DAYS = 3;

export type CommitmentState = 'open' | 'due_soon' | 'overdue' | 'done' | 'done_late';

/** An interview commitment followed up like a hazard: open, due within 3 days, overdue, done (on time or late). */
export function commitmentState(c: { dueOn: string; doneOn: string | null }, today: string): CommitmentState {
  if (c.doneOn) return c.doneOn > c.dueOn ? 'done_late' : 'done';
  if (today > c.dueOn) return 'overdue';
  return addDays(today, COMMITMENT_DUE_SOON_DAYS) >= c.dueOn ? 'due_soon' : 'open';
}

export const commitmentStateLabels: Record<CommitmentState, string> = {
  open: '落实中',
  due_soon: '3 天内到期',
  overdue: '已逾期',
  done: '已落实',
  done_late: '逾期落实',
};

/** An interview's follow-up in one line: how many commitments, done, overdue. */
export function commitmentSummary(cs: Array<{ dueOn: string; doneOn: string | null }>, today: string) {
  const states = cs.map((c) => commitmentState(c, today));
  return {
    total: cs.length,
    done: states.filter((s) => s === 'done' || s === 'done_late').length,
    overdue: states.filter((s) => s === 'overdue').length,
  };
}

// ---- what bars a unit from awards (前置审核, 001 item 27) ----------------------------------------

export const awardBarKinds = ['major_hazard_late', 'notice', 'accountability', 'responsibility_accident', 'concealed_incident'] as const;
export type AwardBarKind = (typeof awardBarKinds)[number];
export const awardBarKindLabels: Record<AwardBarKind, string> = {
  major_hazard_late: '重大隐患未按期整改销号',
  notice: '被通报',
  accountability: '被问责',
  responsibility_accident: '发生安全责任事故',
  concealed_incident: '瞒报安全事故',
};

/** One thing that bars a unit from awards, with the record behind it. */
export interface AwardBar {
  kind: AwardBarKind;
  /** One Chinese sentence: what happened, citing the record. */
  reason: string;
  /** The day it counts on (the deadline missed, the notice published, the decision made, the incident). */
  on: string;
  /** The web page of the record behind it. */
  link: string;
}

/**
 * A major hazard not closed in time (001 item 27: 存在重大安全隐患; 003: 重大隐患悬而不决): major,
 * with a deadline, and closed after it or still open after it. Counted on its deadline, so it bars
 * the year the deadline falls in. Returns the days late (as of today when still open), or null.
 */
export function majorHazardLateDays(h: { grade: string; deadline: string | null; closedOn: string | null }, today: string): number | null {
  if (h.grade !== 'major' || !h.deadline) return null;
  const end = h.closedOn ?? today;
  if (end <= h.deadline) return null;
  return daysBetween(h.deadline, end);
}

/** The result of the check: barred when any source found something, the items by day. */
export function awardCheck(items: AwardBar[]): { barred: boolean; items: AwardBar[] } {
  const sorted = [...items].sort((a, b) => (a.on === b.on ? a.kind.localeCompare(b.kind) : a.on < b.on ? -1 : 1));
  return { barred: sorted.length > 0, items: sorted };
}

/** The days of a year, for the sources' ranges. */
export const yearRange = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

// ---- accountability measures -------------------------------------------------------------------

export const accountabilityMeasures = [
  'criticism_notice',
  'interview',
  'admonishment',
  'written_check',
  'order_rectification',
  'award_disqualification',
  'organisational',
  'discipline_referral',
] as const;
export type AccountabilityMeasure = (typeof accountabilityMeasures)[number];
export const accountabilityMeasureLabels: Record<AccountabilityMeasure, string> = {
  criticism_notice: '通报批评',
  interview: '约谈',
  admonishment: '诫勉',
  written_check: '责令书面检查',
  order_rectification: '责令整改',
  award_disqualification: '取消评优评先资格',
  organisational: '组织处理',
  discipline_referral: '移送纪检监察机关',
};
