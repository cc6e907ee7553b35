// The yearly safety assessment (安全绩效考核): pure scoring over plain data. 001 item 22 puts safety
// into every unit's performance assessment; 001 item 27 holds responsibility accidents and late,
// missing or concealed reports to account; 004 closes the year with an evaluation report.
//
// A source (compliance, hazards, campaigns …) gives each unit a list of evidence items, each met or
// not, each naming the record behind it, so every figure can be opened down to its records. An
// indicator of the district's scheme turns its source's items into points; the unit's score is the
// points of the indicators that have data, scaled to 100.

import type { AssessmentSource } from '../contracts/assessment.js';

export type ScoredKind = 'school' | 'department';

export type Scoring =
  /** points = weight × share of items met (no items: no data). */
  | { kind: 'ratio' }
  /** points = weight − perItem × items not met, never below 0 (no items: full points when the source has data). */
  | { kind: 'deduct'; perItem: number };

export interface Indicator {
  code: string;
  label: string;
  source: AssessmentSource;
  weight: number;
  scoring: Scoring;
}

/** Lowest score of each grade; below `pass` is 不合格. */
export interface GradeThresholds {
  excellent: number;
  good: number;
  pass: number;
}

export interface SchemeRules {
  indicators: Indicator[];
  grades: GradeThresholds;
}

export const grades = ['excellent', 'good', 'pass', 'fail'] as const;
export type Grade = (typeof grades)[number];

/** One record behind a figure: a finding's period, a hazard, a self-check, a training … */
export interface EvidenceItem {
  ok: boolean;
  /** What kind of record (hazard, compliance_period, inspection_target, staff_member, letter, incident, task). */
  kind: string;
  id: number | string;
  label: string;
  /** The day the item falls on (a period's end, a deadline): items before the unit joined do not count. */
  on: string | null;
  note?: string;
}

/** What a source knows of one unit. `available: false`: the source does not exist yet (暂无数据). */
export interface SourceFacts {
  available: boolean;
  items: EvidenceItem[];
}

export type AssessmentSourceFacts = Partial<Record<AssessmentSource, SourceFacts>>;

export interface IndicatorScore {
  code: string;
  hasData: boolean;
  total: number;
  met: number;
  /** Share met, 0..1, null without data. */
  ratio: number | null;
  /** 0..weight, null without data. */
  points: number | null;
  weight: number;
  note: string;
}

export interface VetoItem {
  kind: string;
  id: number | string;
  label: string;
}

export interface UnitScore {
  /** 0..100 over the indicators with data, null when none has data. */
  score: number | null;
  indicators: IndicatorScore[];
  vetoed: boolean;
  veto: VetoItem[];
  grade: Grade | null;
}

export interface Problem {
  field: string;
  message: string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** What is wrong with a scheme, each naming its field (weights must sum to 100). */
export function schemeProblems(s: SchemeRules): Problem[] {
  const problems: Problem[] = [];
  if (s.indicators.length === 0) problems.push({ field: 'indicators', message: '至少需要一项考核指标' });
  const codes = new Set<string>();
  s.indicators.forEach((ind, i) => {
    if (codes.has(ind.code)) problems.push({ field: `indicators.${i}.code`, message: `指标编码“${ind.code}”重复` });
    codes.add(ind.code);
    if (!(ind.weight > 0)) problems.push({ field: `indicators.${i}.weight`, message: '权重须大于 0' });
    if (ind.scoring.kind === 'deduct' && !(ind.scoring.perItem > 0)) problems.push({ field: `indicators.${i}.scoring.perItem`, message: '每项扣分须大于 0' });
  });
  const sum = round2(s.indicators.reduce((a, i) => a + i.weight, 0));
  if (s.indicators.length > 0 && sum !== 100) problems.push({ field: 'indicators', message: `各项指标权重之和须为 100，现为 ${sum}` });
  const g = s.grades;
  if (!(g.excellent > g.good && g.good > g.pass)) problems.push({ field: 'grades', message: '等次分数线须为 优秀 > 良好 > 合格' });
  if (g.excellent > 100 || g.pass < 0) problems.push({ field: 'grades', message: '等次分数线须在 0 到 100 之间' });
  return problems;
}

/** The items that count for a unit: those on or after the day it joined (a school opened mid-year). */
export function countedItems(items: EvidenceItem[], joinedOn: string | null): EvidenceItem[] {
  return joinedOn ? items.filter((i) => i.on === null || i.on >= joinedOn) : items;
}

export function scoreIndicator(ind: Indicator, facts: SourceFacts | undefined, joinedOn: string | null = null): IndicatorScore {
  const none = (note: string): IndicatorScore => ({ code: ind.code, hasData: false, total: 0, met: 0, ratio: null, points: null, weight: ind.weight, note });
  if (!facts || !facts.available) return none('暂无数据');
  const items = countedItems(facts.items, joinedOn);
  const met = items.filter((i) => i.ok).length;
  const missed = items.length - met;
  if (ind.scoring.kind === 'ratio') {
    if (items.length === 0) return none('本年度无应考核事项');
    const ratio = met / items.length;
    return { code: ind.code, hasData: true, total: items.length, met, ratio: round2(ratio * 100) / 100, points: round2(ind.weight * ratio), weight: ind.weight, note: `${met}/${items.length}` };
  }
  // Deduction: nothing wrong is full points; the source has data even when there are no items.
  const points = Math.max(0, ind.weight - ind.scoring.perItem * missed);
  return {
    code: ind.code,
    hasData: true,
    total: items.length,
    met,
    ratio: items.length ? round2((met / items.length) * 100) / 100 : 1,
    points: round2(points),
    weight: ind.weight,
    note: missed ? `扣 ${round2(ind.weight - points)} 分（${missed} 项）` : '未扣分',
  };
}

export function gradeOf(score: number | null, thresholds: GradeThresholds, vetoed: boolean): Grade | null {
  // One-vote veto (一票否决), 001 item 27: a responsibility accident or a concealed incident fails the unit.
  if (vetoed) return 'fail';
  if (score === null) return null;
  if (score >= thresholds.excellent) return 'excellent';
  if (score >= thresholds.good) return 'good';
  if (score >= thresholds.pass) return 'pass';
  return 'fail';
}

/** Incident flags that veto the year whatever the score (001 item 27). */
export const VETO_FLAGS = ['responsibility_accident', 'concealed'] as const;

/**
 * A unit's score: each indicator's points; the total scaled to 100 over the indicators that have
 * data (a missing source neither gives nor takes points); the veto from the incidents' items.
 */
export function scoreUnit(
  scheme: SchemeRules,
  facts: AssessmentSourceFacts,
  opts: { joinedOn?: string | null; veto?: VetoItem[] } = {},
): UnitScore {
  const indicators = scheme.indicators.map((ind) => scoreIndicator(ind, facts[ind.source], opts.joinedOn ?? null));
  const withData = indicators.filter((i) => i.hasData);
  const weight = withData.reduce((a, i) => a + i.weight, 0);
  const points = withData.reduce((a, i) => a + (i.points ?? 0), 0);
  const score = weight > 0 ? round1((points / weight) * 100) : null;
  const veto = opts.veto ?? [];
  const vetoed = veto.length > 0;
  return { score, indicators, vetoed, veto, grade: gradeOf(score, scheme.grades, vetoed) };
}

/** The score that counts: the bureau's adjustment when there is one (shown beside the computed one). */
export function finalScore(s: { score: number | null; adjustedScore: number | null }): number | null {
  return s.adjustedScore ?? s.score;
}

/** A town's score: the mean of its schools' final scores (schools without a score left out). */
export function townScore(schoolScores: Array<number | null>): number | null {
  const xs = schoolScores.filter((s): s is number => s !== null);
  return xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null;
}

/**
 * Competition ranking (1, 2, 2, 4) within each group, highest score first; a vetoed unit ranks
 * after every unit that was not, and a unit without a score is not ranked.
 */
export function rankWithin<T extends { id: number; group: string; score: number | null; vetoed: boolean }>(rows: T[]): Map<number, number> {
  const ranks = new Map<number, number>();
  const groups = new Map<string, T[]>();
  for (const r of rows) if (r.score !== null) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  for (const g of groups.values()) {
    const key = (r: T) => (r.vetoed ? -1 : 0) * 1000 + (r.score as number);
    g.sort((a, b) => key(b) - key(a));
    g.forEach((r, i) => ranks.set(r.id, i > 0 && key(g[i - 1]) === key(r) ? ranks.get(g[i - 1].id)! : i + 1));
  }
  return ranks;
}

/**
 * The scheme a district starts a year from (the bureau changes weights and adds or drops
 * indicators; each save is a new version). 001 item 22: safety is part of every unit's performance
 * assessment; 001 item 27: late, missing and concealed reports are held to account; 004: the year
 * closes with an evaluation of the campaign's work.
 */
export const DEFAULT_SCHEME: SchemeRules = {
  indicators: [
    { code: 'compliance', label: '台账规则达标率', source: 'compliance', weight: 30, scoring: { kind: 'ratio' } },
    { code: 'hazard_closure', label: '隐患按期整改销号率', source: 'hazard_closure', weight: 20, scoring: { kind: 'ratio' } },
    { code: 'major_hazards', label: '重大隐患挂牌督办按期整改', source: 'major_hazards', weight: 10, scoring: { kind: 'deduct', perItem: 5 } },
    { code: 'self_check', label: '专项整治自查按时完成', source: 'campaign_self_check', weight: 10, scoring: { kind: 'ratio' } },
    { code: 'weekly_returns', label: '专项整治周报按时报送', source: 'weekly_returns', weight: 5, scoring: { kind: 'ratio' } },
    { code: 'training', label: '安全培训覆盖率', source: 'training', weight: 10, scoring: { kind: 'ratio' } },
    { code: 'letters', label: '安全责任书签订', source: 'letters', weight: 5, scoring: { kind: 'ratio' } },
    { code: 'incidents', label: '事故信息报送纪律', source: 'incidents', weight: 5, scoring: { kind: 'deduct', perItem: 5 } },
    { code: 'tasks', label: '工作要点任务完成', source: 'tasks', weight: 5, scoring: { kind: 'ratio' } },
  ],
  grades: { excellent: 90, good: 80, pass: 60 },
};
