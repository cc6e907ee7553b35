// Campaigns (专项整治) as pure rules: the shape of a campaign (period, phases, areas), which phase
// a day falls in, the weeks that need a weekly return (002 attachment 4), the figures a weekly
// return is drafted from, the self-check deadline (002: 3月20日前), the three classes of the
// summary (002, 总结评估) and the reproducible random sample of the first two classes.
import type { HazardStatus, PhaseKind, SafetyArea, SummaryClass } from '../contracts/enums.js';
import { safetyAreaLabels } from '../contracts/enums.js';
import { addDays, dayProblem, eachDay, isDay, weekStart as mondayOf } from './dates.js';
import { campaignSpanProblem, deadlineProblem, MAX_CAMPAIGN_YEARS } from './day-ranges.js';

export interface PhaseSpan {
  kind: PhaseKind;
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface Problem {
  /** Dotted path of the field, e.g. 'phases.1.startsOn'. */
  field: string;
  message: string;
}

export interface CampaignShape {
  startsOn: string;
  endsOn: string;
  selfCheckDue?: string | null;
  phases: PhaseSpan[];
  areas: Array<{ area: SafetyArea }>;
}

/**
 * What is wrong with a campaign's dates and areas, in Chinese, each with its field: the period
 * runs forwards, every phase lies inside it (002: three phases within March–June), the self-check
 * deadline too, and each area appears once. Phases may overlap: 004's phases do.
 */
export function campaignShapeProblems(c: CampaignShape): Problem[] {
  const out: Problem[] = [];
  for (const f of ['startsOn', 'endsOn'] as const) {
    const problem = isDay(c[f]) ? dayProblem(c[f]) : '不是有效日期';
    if (problem) out.push({ field: f, message: problem });
  }
  if (out.length) return out;
  const span = campaignSpanProblem(c.startsOn, c.endsOn);
  if (span) out.push(span);
  const period = `整治期间（${c.startsOn} 至 ${c.endsOn}）`;
  c.phases.forEach((p, i) => {
    const which = `第 ${i + 1} 个阶段“${p.name}”`;
    for (const f of ['startsOn', 'endsOn'] as const) {
      if (!isDay(p[f])) out.push({ field: `phases.${i}.${f}`, message: `${which}的日期无效` });
    }
    if (!isDay(p.startsOn) || !isDay(p.endsOn)) return;
    if (p.endsOn < p.startsOn) out.push({ field: `phases.${i}.endsOn`, message: `${which}的结束日期早于开始日期` });
    else if (p.startsOn < c.startsOn || p.endsOn > c.endsOn) out.push({ field: `phases.${i}.startsOn`, message: `${which}（${p.startsOn} 至 ${p.endsOn}）不在${period}内` });
  });
  if (c.selfCheckDue) {
    if (!isDay(c.selfCheckDue)) out.push({ field: 'selfCheckDue', message: '不是有效日期' });
    else if (c.selfCheckDue < c.startsOn || c.selfCheckDue > c.endsOn) out.push({ field: 'selfCheckDue', message: `自查截止日期须在${period}内` });
  }
  const seen = new Set<string>();
  c.areas.forEach((a, i) => {
    if (seen.has(a.area)) out.push({ field: `areas.${i}.area`, message: `排查领域“${safetyAreaLabels[a.area] ?? a.area}”重复` });
    seen.add(a.area);
  });
  return out;
}

/**
 * The phase a day falls in. Where phases overlap (004: 组织实施 starts before 动员部署 ends) the
 * one that started last is the current one.
 */
export function phaseOn<P extends PhaseSpan>(phases: readonly P[], day: string): P | null {
  let best: P | null = null;
  for (const p of phases) {
    if (p.startsOn <= day && day <= p.endsOn && (!best || p.startsOn >= best.startsOn)) best = p;
  }
  return best;
}

/**
 * Phases in which responsible departments send a weekly return: 002's special rectification
 * (专项整治阶段, "实行周报机制"), and 004's implementation and tackling phases, where hazards are
 * fixed as they are found (边查边改、立查立改).
 */
export const weeklyReturnPhaseKinds: readonly PhaseKind[] = ['rectification', 'implement', 'tackle'];

/** The Sunday that ends a week starting on a Monday. */
export const weekEndOf = (monday: string) => addDays(monday, 6);

/** Whether the week starting on this Monday overlaps a phase with weekly returns. */
export function isWeeklyReturnWeek(phases: readonly PhaseSpan[], monday: string): boolean {
  const sunday = weekEndOf(monday);
  return phases.some((p) => weeklyReturnPhaseKinds.includes(p.kind) && p.startsOn <= sunday && monday <= p.endsOn);
}

/** The most weeks a campaign has: MAX_CAMPAIGN_YEARS years of them, and one more for a partial first week. */
const MAX_CAMPAIGN_WEEKS = Math.ceil((366 * MAX_CAMPAIGN_YEARS) / 7) + 1;

/** The Mondays of every week overlapping a phase with weekly returns, in order. */
export function weeklyReturnWeeks(phases: readonly PhaseSpan[]): string[] {
  const weeks = new Set<string>();
  for (const p of phases) {
    if (!weeklyReturnPhaseKinds.includes(p.kind) || dayProblem(p.startsOn) || dayProblem(p.endsOn)) continue;
    // Counted, not compared: a phase stored far into the future still ends (issue 11 item 1).
    for (const m of eachDay(mondayOf(p.startsOn), p.endsOn, MAX_CAMPAIGN_WEEKS, 7)) weeks.add(m);
  }
  return [...weeks].sort();
}

// ---- the school's self-check (002: 3月20日前各学校填写排查表) ------------------------------------

export const selfCheckStatuses = ['on_time', 'late', 'pending', 'missing'] as const;
export type SelfCheckStatus = (typeof selfCheckStatuses)[number];
export const selfCheckStatusLabels: Record<SelfCheckStatus, string> = {
  on_time: '按时提交',
  late: '逾期提交',
  pending: '未提交',
  missing: '逾期未提交',
};

/** A school's self-check against the deadline: submitted on the due day counts as on time. */
export function selfCheckStatus(submittedOn: string | null, due: string | null, today: string): SelfCheckStatus {
  if (submittedOn) return due && submittedOn > due ? 'late' : 'on_time';
  return due && today > due ? 'missing' : 'pending';
}

// ---- weekly returns (002 attachment 4) -------------------------------------------------------

/** One signed step of a hazard as the figures need it: the Shanghai day it was signed. */
export interface WeekStep {
  action: string;
  toStatus: HazardStatus;
  day: string;
  /** The deadline the step set, when it changed it. */
  deadline?: string | null;
}

export interface WeekHazard {
  id: number;
  code: string;
  schoolName: string;
  area: SafetyArea;
  responsibleDepartmentId: number | null;
  /** The signed history, oldest first; the first step is the report. */
  steps: WeekStep[];
}

export interface AreaFigures {
  area: SafetyArea;
  newCount: number;
  rectifiedCount: number;
  closedCount: number;
  openCount: number;
  overdueCount: number;
}

export interface WeeklyFigures {
  weekStart: string;
  weekEnd: string;
  /** The campaign areas the department is responsible for. */
  areas: SafetyArea[];
  /** Registered during the week. */
  newCount: number;
  /** Fixes accepted during the week (submitted → accepted). */
  rectifiedCount: number;
  /** Closed out (销号) during the week. */
  closedCount: number;
  /** Registered by the end of the week. */
  totalCount: number;
  /** Closed by the end of the week. */
  closedTotal: number;
  /** Not closed at the end of the week. */
  openCount: number;
  /** Past their deadline and not closed on the last day of the week. */
  overdueCount: number;
  byArea: AreaFigures[];
  overdue: Array<{ id: number; code: string; schoolName: string; deadline: string }>;
}

/** Whether a hazard is the department's in a campaign: in one of its areas there, or assigned to it. */
export const isDepartmentsHazard = (h: Pick<WeekHazard, 'area' | 'responsibleDepartmentId'>, departmentId: number, areas: readonly SafetyArea[]) =>
  areas.includes(h.area) || h.responsibleDepartmentId === departmentId;

/**
 * The figures of one department's weekly return, from the signed history of the campaign's
 * hazards: the state of each hazard on the last day of the week is read from its steps, so a
 * return drafted later shows that week as it was, not as it is now.
 */
export function weeklyFigures(hazards: readonly WeekHazard[], departmentId: number, areas: readonly SafetyArea[], monday: string): WeeklyFigures {
  const sunday = weekEndOf(monday);
  const inWeek = (d: string) => monday <= d && d <= sunday;
  const byArea = new Map<SafetyArea, AreaFigures>();
  const f: WeeklyFigures = {
    weekStart: monday,
    weekEnd: sunday,
    areas: [...areas],
    newCount: 0,
    rectifiedCount: 0,
    closedCount: 0,
    totalCount: 0,
    closedTotal: 0,
    openCount: 0,
    overdueCount: 0,
    byArea: [],
    overdue: [],
  };
  for (const h of hazards) {
    if (!isDepartmentsHazard(h, departmentId, areas)) continue;
    const upTo = h.steps.filter((s) => s.day <= sunday);
    if (!upTo.length) continue; // not registered yet by the end of that week
    const status = upTo[upTo.length - 1].toStatus;
    let deadline: string | null = null;
    for (const s of upTo) if (s.deadline !== undefined) deadline = s.deadline;
    const a = byArea.get(h.area) ?? { area: h.area, newCount: 0, rectifiedCount: 0, closedCount: 0, openCount: 0, overdueCount: 0 };
    byArea.set(h.area, a);
    const week = upTo.filter((s) => inWeek(s.day));
    const isNew = inWeek(upTo[0].day);
    const rectified = week.some((s) => s.action === 'accept');
    const closed = week.some((s) => s.action === 'close');
    const overdue = status !== 'closed' && deadline !== null && deadline < sunday;
    f.totalCount++;
    if (isNew) (f.newCount++, a.newCount++);
    if (rectified) (f.rectifiedCount++, a.rectifiedCount++);
    if (closed) (f.closedCount++, a.closedCount++);
    if (status === 'closed') f.closedTotal++;
    else (f.openCount++, a.openCount++);
    if (overdue) {
      f.overdueCount++;
      a.overdueCount++;
      f.overdue.push({ id: h.id, code: h.code, schoolName: h.schoolName, deadline: deadline! });
    }
  }
  f.byArea = [...byArea.values()].sort((x, y) => x.area.localeCompare(y.area));
  f.overdue.sort((x, y) => x.deadline.localeCompare(y.deadline) || x.code.localeCompare(y.code));
  return f;
}

const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

/** The text a return starts from, written from its figures; the department edits it before submitting. */
export function weeklyReturnDraftText(f: WeeklyFigures): { progress: string; problems: string | null } {
  const areas = f.areas.length ? `负责的${f.areas.map((a) => safetyAreaLabels[a]).join('、')}等领域` : '负责的隐患';
  const progress =
    `本周（${md(f.weekStart)}—${md(f.weekEnd)}）本部门${areas}新增隐患 ${f.newCount} 条，整改验收 ${f.rectifiedCount} 条，销号 ${f.closedCount} 条。` +
    `截至本周末累计排查隐患 ${f.totalCount} 条，已销号 ${f.closedTotal} 条，未销号 ${f.openCount} 条，其中逾期 ${f.overdueCount} 条。`;
  const shown = f.overdue.slice(0, 20).map((o) => `${o.code}（${o.schoolName}，整改时限 ${o.deadline}）`);
  const more = f.overdue.length > shown.length ? ` 等 ${f.overdue.length} 条` : '';
  const problems = f.overdue.length ? `逾期未整改隐患：${shown.join('；')}${more}。` : null;
  return { progress, problems };
}

// ---- the summary: three classes (002, 总结评估阶段) ----------------------------------------------

export interface ClassifyInput {
  summaryClass: SummaryClass;
  committedOn?: string | null;
  coordinationDepartmentId?: number | null;
}

export type ClassifyRefusal = { kind: 'state'; message: string } | { kind: 'input'; field: string; message: string };

export interface ClassifyEffect {
  summaryClass: SummaryClass;
  committedOn: string | null;
  coordinationDepartmentId: number | null;
}

/**
 * Sorting a campaign's hazard into one of the three classes of 002: resolved (已化解) only once the
 * fix has been accepted; being resolved (正在化解中) with a committed completion date; hard to
 * resolve soon (难以短期内化解) with the department that takes it to the coordination meeting
 * (专题协调会). A closed hazard is resolved; nothing else.
 */
export function decideClassification(status: HazardStatus, input: ClassifyInput, today: string): ClassifyEffect | ClassifyRefusal {
  const fixed = status === 'accepted' || status === 'closed';
  switch (input.summaryClass) {
    case 'resolved':
      if (!fixed) return { kind: 'state', message: '该隐患的整改尚未查验通过，不能归为“风险隐患已化解”' };
      return { summaryClass: 'resolved', committedOn: null, coordinationDepartmentId: null };
    case 'resolving':
      if (status === 'closed') return { kind: 'state', message: '该隐患已销号，应归为“风险隐患已化解”' };
      if (!input.committedOn) return { kind: 'input', field: 'committedOn', message: '“正在化解中”须明确完成时限' };
      if (!isDay(input.committedOn)) return { kind: 'input', field: 'committedOn', message: '不是有效日期' };
      if (input.committedOn < today) return { kind: 'input', field: 'committedOn', message: '承诺完成日期不能早于今天' };
      const far = deadlineProblem(input.committedOn, today);
      if (far) return { kind: 'input', field: 'committedOn', message: far };
      return { summaryClass: 'resolving', committedOn: input.committedOn, coordinationDepartmentId: null };
    case 'hard':
      if (status === 'closed') return { kind: 'state', message: '该隐患已销号，应归为“风险隐患已化解”' };
      if (!input.coordinationDepartmentId) return { kind: 'input', field: 'coordinationDepartmentId', message: '请选择提请专题协调会的牵头部门' };
      return { summaryClass: 'hard', committedOn: null, coordinationDepartmentId: input.coordinationDepartmentId };
  }
}

// ---- the sample (002: 按比例予以抽查) ------------------------------------------------------------
//
// A sample must be drawn again identically from its recorded seed, years later, to show it was
// not picked by hand. So the generator is written down here rather than taken from a library: a
// dependency's upgrade could change its sequence, and Math.random cannot be seeded. xmur3 (a
// string hash) and mulberry32 (a 32-bit generator) are small public-domain algorithms from
// bryc's "PRNGs in JavaScript" collection; their statistical quality is ample for picking a few
// hundred items, and they are not (and need not be) cryptographic.

/** xmur3: hashes a string into a 32-bit seed generator. */
export function xmur3(str: string): () => number {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

/** mulberry32: a uniform float in [0, 1) per call from a 32-bit state. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many of n to draw for a ratio: rounded up, at least one when there is anything to draw. */
export function sampleSize(n: number, ratio: number): number {
  if (n <= 0 || ratio <= 0) return 0;
  // Rounded to 6 places first: 0.1 × 30 is 3.0000000000000004 in floating point, and must be 3.
  const exact = Math.round(n * ratio * 1e6) / 1e6;
  return Math.min(n, Math.max(1, Math.ceil(exact)));
}

/**
 * A reproducible random sample: the ids are put in ascending order first (so the order they were
 * read in does not matter), shuffled by Fisher–Yates driven by the seed, and the first k taken.
 * The same seed and the same ids always give the same sample, returned in ascending order.
 */
export function drawSample(ids: readonly number[], ratio: number, seed: string): number[] {
  const pool = [...new Set(ids)].sort((a, b) => a - b);
  const k = sampleSize(pool.length, ratio);
  const rand = mulberry32(xmur3(seed)());
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}
