// Public opinion events (舆情处置, issue 22): the response's timeliness, the targets and the state
// machine, pure. 000 item 13 asks for 校园安全舆情监控和引导 and lawful release of information about
// an accident; 003 (五) asks for 舆情监测和应对处置 and no 重大舆情; 002 asks schools to 在上级部门
// 指导下及时正面发声、回应关切 — hence the bureau approves the response before it is published.
// None of the seeds gives a number of hours: the targets below are the district's own choice.

export type OpinionLevel = 'general' | 'major' | 'severe';
export type OpinionState = 'new' | 'responding' | 'approved' | 'published' | 'closed';

export interface OpinionTargets {
  /** Minutes from finding to the published response (正面发声), per level. */
  minutes: Record<OpinionLevel, number>;
  notes: string[];
}

export const DEFAULT_OPINION_TARGETS: OpinionTargets = {
  minutes: { severe: 60, major: 120, general: 24 * 60 },
  notes: [
    '重大舆情 1 小时内首次回应：000 第13条“加强校园安全舆情监控和引导”、003（五）“防止发生重大舆情”、002“及时正面发声、回应关切”均未规定时限，为本区默认',
    '较大舆情 2 小时内首次回应：本区默认',
    '一般舆情 24 小时内回应：本区默认',
    '回应口径须经教育局审核后发布（002：在上级部门指导下及时正面发声）',
  ],
};

const MINUTE = 60_000;

/** The moment the response is due: foundAt plus the level's target. */
export function opinionDueAt(foundAt: Date, level: OpinionLevel, t: OpinionTargets = DEFAULT_OPINION_TARGETS): Date {
  return new Date(foundAt.getTime() + t.minutes[level] * MINUTE);
}

/** Whole minutes from finding to publishing (floored); null until published. */
export function timelinessMinutes(foundAt: Date, publishedAt: Date | null): number | null {
  if (!publishedAt) return null;
  return Math.max(0, Math.floor((publishedAt.getTime() - foundAt.getTime()) / MINUTE));
}

/** Overdue: not published by the target — published after it, or still unpublished now past it. A closed event unpublished counts by its close. */
export function isOverdue(
  e: { foundAt: Date; level: OpinionLevel; publishedAt: Date | null; closedAt?: Date | null },
  now: Date,
  t: OpinionTargets = DEFAULT_OPINION_TARGETS,
): boolean {
  const due = opinionDueAt(e.foundAt, e.level, t).getTime();
  const end = e.publishedAt ?? e.closedAt ?? now;
  return end.getTime() > due;
}

export interface OpinionProgress {
  draft: string | null;
  approvedAt: Date | null;
  publishedAt: Date | null;
  closedAt: Date | null;
}

/** The state from what was done: new → responding (a draft) → approved → published → closed. */
export function opinionState(e: OpinionProgress): OpinionState {
  if (e.closedAt) return 'closed';
  if (e.publishedAt) return 'published';
  if (e.approvedAt) return 'approved';
  if (e.draft) return 'responding';
  return 'new';
}

export type OpinionAction = 'edit' | 'draft' | 'approve' | 'publish' | 'close' | 'link';

/**
 * Whether an action may be taken in a state, else the reason (Chinese, for the person).
 * A draft may be written or edited until published; editing it after approval sends it back to
 * drafted (the service clears the approval). Approve only a drafted response, publish only an
 * approved one; close at any time before (a story that died down) or after publishing.
 */
export function opinionActionRefusal(state: OpinionState, action: OpinionAction): string | null {
  if (state === 'closed') return '该舆情已办结，不能再操作';
  switch (action) {
    case 'edit':
    case 'link':
    case 'close':
      return null;
    case 'draft':
      return state === 'published' ? '回应已发布，不能再修改口径' : null;
    case 'approve':
      return state === 'responding' ? null : state === 'new' ? '尚未起草回应口径，不能审核' : state === 'approved' ? '回应口径已审核通过' : '回应已发布';
    case 'publish':
      return state === 'approved' ? null : state === 'published' ? '回应已发布' : '回应口径须先经审核通过才能发布';
  }
}

/** The actions open in a state (the UI shows only these buttons). */
export function opinionActions(state: OpinionState): OpinionAction[] {
  return (['edit', 'draft', 'approve', 'publish', 'close', 'link'] as const).filter((a) => opinionActionRefusal(state, a) === null);
}

/** The times of an event, checked: not found in the future, published not before found nor in the future. */
export function opinionTimeProblem(e: { foundAt: Date; publishedAt?: Date | null }, now: Date): { field: string; message: string } | null {
  if (e.foundAt.getTime() > now.getTime() + MINUTE) return { field: 'foundAt', message: '发现时间不能晚于现在' };
  if (e.publishedAt) {
    if (e.publishedAt.getTime() < e.foundAt.getTime()) return { field: 'publishedAt', message: '发布时间不能早于发现时间' };
    if (e.publishedAt.getTime() > now.getTime() + MINUTE) return { field: 'publishedAt', message: '发布时间不能晚于现在' };
  }
  return null;
}

/** "发现后 X 小时 Y 分". */
export function timelinessLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `发现后 ${h} 小时 ${m} 分` : `发现后 ${m} 分`;
}

/** The median of a list of minutes (null when empty). */
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
