// The risk list as pure rules (安全风险清单, 003, 004): the colour of likelihood × severity, when a
// risk's next review falls due — by its colour's cadence, or before the season, holiday or key
// period it belongs to, whichever comes first — and where each review stands on a day. The bands,
// cadence and windows come from the rule pack's section (rules/risk-review.ts). Pure: the day and
// the district's calendars and key periods are passed in.
import { riskSeasonLabels, type ReviewState, type RiskKind, type RiskLevel, type RiskSeason } from '../contracts/risks.js';
import { addDays, daysBetween } from './dates.js';
import { holidaysOf, keyPeriodsOf, type PeriodContext } from './rules/periods.js';
import type { RiskReviewSection } from './rules/risk-review.js';

/** The colour of a score: 红 重大 / 橙 较大 / 黄 一般 / 蓝 低 (bands of the pack, 004 研判). */
export function riskLevelOf(likelihood: number, severity: number, bands: RiskReviewSection['bands']): RiskLevel {
  const s = likelihood * severity;
  if (s >= bands.red) return 'red';
  if (s >= bands.orange) return 'orange';
  if (s >= bands.yellow) return 'yellow';
  return 'blue';
}

/** The cadence: the next review is due this many days after the last one. */
export function cadenceDueOn(lastReviewedOn: string, level: RiskLevel, section: RiskReviewSection): string {
  return addDays(lastReviewedOn, section.days[level]);
}

export interface ReviewWindow {
  label: string;
  startsOn: string;
  endsOn: string;
}

/** The windows of a season around a day: last year's, this year's and next year's. */
export function seasonWindows(season: RiskSeason, section: RiskReviewSection, day: string): ReviewWindow[] {
  const w = section.seasons[season];
  const year = Number(day.slice(0, 4));
  const out: ReviewWindow[] = [];
  for (let y = year - 1; y <= year + 1; y++) {
    const startsOn = `${y}-${w.from}`;
    const endsOn = w.to >= w.from ? `${y}-${w.to}` : `${y + 1}-${w.to}`;
    out.push({ label: seasonLabel(season), startsOn, endsOn });
  }
  return out;
}

const seasonLabel = (s: RiskSeason) => riskSeasonLabels[s];

export interface RiskFacts {
  level: RiskLevel;
  kind: RiskKind;
  season: RiskSeason | null;
  /** The day of the last review (the day it was identified, before any). */
  lastReviewedOn: string;
}

/** The windows a risk is reviewed before: its season (seasonal), the calendar's holidays (holiday), key periods (special, 003). */
export function windowsOf(risk: Pick<RiskFacts, 'kind' | 'season'>, section: RiskReviewSection, ctx: PeriodContext, day: string): ReviewWindow[] {
  switch (risk.kind) {
    case 'seasonal':
      return risk.season ? seasonWindows(risk.season, section, day) : [];
    case 'holiday':
      return holidaysOf(ctx.calendars).map((p) => ({ label: p.label, startsOn: p.startsOn, endsOn: p.endsOn }));
    case 'special':
      return keyPeriodsOf(ctx.keyPeriods).map((p) => ({ label: p.label, startsOn: p.startsOn, endsOn: p.endsOn }));
    case 'baseline':
      return [];
  }
}

export interface ReviewDemand {
  /** The last day the review may be done on. */
  dueOn: string;
  /** Why, in Chinese: '重大风险每 30 天复核' or '汛期防溺水（2026-06-01 起）前复核'. */
  reason: string;
}

const LEVEL_WORDS: Record<RiskLevel, string> = { red: '重大风险', orange: '较大风险', yellow: '一般风险', blue: '低风险' };

/**
 * The next review a risk owes on the day: the earlier of its colour's cadence and the first window
 * not ending before the day that it was not reviewed for (a review counts for a window when it was
 * done within leadDays before the window starts, or later). Such a window's review is due the day
 * before it starts: a season already under way without one is overdue.
 */
export function reviewDemand(risk: RiskFacts, section: RiskReviewSection, ctx: PeriodContext, day: string): ReviewDemand {
  let best: ReviewDemand = { dueOn: cadenceDueOn(risk.lastReviewedOn, risk.level, section), reason: `${LEVEL_WORDS[risk.level]}每 ${section.days[risk.level]} 天复核` };
  const windows = windowsOf(risk, section, ctx, day).filter((w) => w.endsOn >= day).sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  for (const w of windows) {
    if (risk.lastReviewedOn >= addDays(w.startsOn, -section.leadDays)) continue; // already reviewed for it
    const dueOn = addDays(w.startsOn, -1);
    if (dueOn < best.dueOn) best = { dueOn, reason: `${w.label}（${w.startsOn} 起）前复核` };
    break;
  }
  return best;
}

/** Overdue after its day; due soon within the lead days; otherwise scheduled. */
export function reviewStateOf(dueOn: string, day: string, leadDays: number): Exclude<ReviewState, 'retired'> {
  if (day > dueOn) return 'overdue';
  if (daysBetween(day, dueOn) <= leadDays) return 'due_soon';
  return 'scheduled';
}

/** What is wrong with a risk's kind and season together: a seasonal risk names its season, no other kind does. */
export function seasonProblem(kind: RiskKind, season: RiskSeason | null): { field: string; message: string } | null {
  if (kind === 'seasonal' && !season) return { field: 'season', message: '季节性风险请选择季节' };
  if (kind !== 'seasonal' && season) return { field: 'season', message: '只有季节性风险需要选择季节' };
  return null;
}
