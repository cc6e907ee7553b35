// The rule pack's section for the risk list (安全风险清单, 003, 004): how often a risk is reviewed by
// its colour, how long before a season, holiday or key period its risks are reviewed, the season
// windows, and the score bands of likelihood × severity. A separate, self-contained section of the
// pack (RulePack.riskReviewDays), versioned with it. The seeds give none of these numbers: each
// default says where it comes from, and the bureau may change it in a new version of its pack.
import type { RiskLevel, RiskSeason } from '../../contracts/risks.js';
import type { RuleSource } from './pack.js';

export interface SeasonWindow {
  /** 'MM-DD', inclusive; a window whose end is before its start runs into the next year. */
  from: string;
  to: string;
  /** Where the days come from. */
  note: string;
}

export interface RiskReviewSection {
  /** Days between two reviews of a risk of each colour. */
  days: Record<RiskLevel, number>;
  /** A seasonal, holiday or special risk is reviewed within this many days before its window starts. */
  leadDays: number;
  seasons: Record<RiskSeason, SeasonWindow>;
  /** The least likelihood × severity score (each 1–5) of red, orange and yellow; below yellow is blue. */
  bands: { red: number; orange: number; yellow: number };
  sources: RuleSource[];
  notes: string[];
}

const s003: RuleSource = { seed: '003', item: '第二部分之二', quote: '针对基础性风险、季节性风险、节假日风险、特殊风险' };
const s004: RuleSource = { seed: '004', item: '第二部分之二', quote: '形成安全风险清单，落实安全风险管控措施，建立健全安全风险查找、研判、预警、防范、处置和责任“六项机制”' };
const s001_12: RuleSource = { seed: '001', item: '第12条', quote: '持续做好预防未成年学生溺水工作' };

export const DEFAULT_RISK_REVIEW: RiskReviewSection = {
  days: { red: 30, orange: 90, yellow: 180, blue: 365 },
  leadDays: 14,
  seasons: {
    // 001 item 12 asks for drowning prevention but names no months: the flood season (汛期) of
    // northern China, 1 June to 30 September, is the default.
    flood_drowning: { from: '06-01', to: '09-30', note: '001 第12条未写明起止，默认取北方汛期 6月1日至9月30日' },
    // 000 item 15 names 11.9 fire day; the winter-spring fire season is the default window.
    winter_fire: { from: '11-01', to: '03-31', note: '种子未写明起止，默认取冬春火灾防控期 11月1日至次年3月31日（000 第15条 11·9 消防日）' },
    heat: { from: '07-01', to: '08-31', note: '种子未写明起止，默认 7月1日至8月31日' },
    exams: { from: '06-01', to: '06-30', note: '种子未写明起止，默认中考、高考所在的 6 月' },
  },
  // The common risk matrix (风险矩阵法 L×S, 5 × 5): 20–25 red, 12–16 orange, 6–10 yellow, 1–5 blue.
  bands: { red: 20, orange: 12, yellow: 6 },
  sources: [s003, s004, s001_12],
  notes: [
    '种子未规定复核周期：默认重大风险每 30 天、较大风险每 90 天、一般风险每 180 天、低风险每 365 天复核一次',
    '种子未规定提前量：默认季节、节假日（校历）、重点时段开始前 14 天内复核相关风险',
    '种子未规定分级界限：默认按风险矩阵法（可能性×严重性，各 1—5 级），20—25 为重大（红）、12—16 为较大（橙）、6—10 为一般（黄）、1—5 为低（蓝）',
  ],
};

// ---- the bureau's change (issue 13: the cadence comes from the rule pack and is the bureau's to set) ----

/** What the bureau may change: the days between reviews of each colour and the lead days. */
export interface CadenceChange {
  days?: Partial<Record<RiskLevel, number>>;
  leadDays?: number;
}

const LEVELS: RiskLevel[] = ['red', 'orange', 'yellow', 'blue'];
const LEVEL_WORDS: Record<RiskLevel, string> = { red: '重大风险', orange: '较大风险', yellow: '一般风险', blue: '低风险' };
/** Bounds that only keep a typo out: at most a year and a half between reviews, three months ahead. */
export const CADENCE_BOUNDS = { days: { min: 1, max: 548 }, leadDays: { min: 1, max: 90 } } as const;

/**
 * Problems of a change against the section in force, each naming the field of the body: whole
 * days within the bounds, something changed, and a worse colour reviewed at least as often as a
 * milder one (a red risk every 60 days while an orange one every 30 would turn 004's grading upside down).
 */
export function cadenceChangeProblems(current: Pick<RiskReviewSection, 'days' | 'leadDays'>, c: CadenceChange): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const { days, leadDays } = CADENCE_BOUNDS;
  for (const l of LEVELS) {
    const v = c.days?.[l];
    if (v !== undefined && (!Number.isInteger(v) || v < days.min || v > days.max)) out.push({ field: `days.${l}`, message: `${LEVEL_WORDS[l]}的复核周期须为 ${days.min} 到 ${days.max} 天的整数` });
  }
  if (c.leadDays !== undefined && (!Number.isInteger(c.leadDays) || c.leadDays < leadDays.min || c.leadDays > leadDays.max)) {
    out.push({ field: 'leadDays', message: `提前复核天数须为 ${leadDays.min} 到 ${leadDays.max} 天的整数` });
  }
  if (out.length) return out;
  const next = applyCadenceChange({ ...DEFAULT_RISK_REVIEW, days: current.days, leadDays: current.leadDays }, c);
  if (LEVELS.every((l) => next.days[l] === current.days[l]) && next.leadDays === current.leadDays) return [{ field: 'days.red', message: '没有修改任何复核周期或提前天数' }];
  for (let i = 1; i < LEVELS.length; i++) {
    const worse = LEVELS[i - 1];
    const l = LEVELS[i];
    if (next.days[l] < next.days[worse]) {
      // Name the field that was changed, so the message lands where the person typed.
      const field = c.days?.[l] !== undefined ? `days.${l}` : `days.${worse}`;
      out.push({ field, message: `${LEVEL_WORDS[l]}的复核周期（${next.days[l]} 天）不能短于${LEVEL_WORDS[worse]}（${next.days[worse]} 天）` });
      break;
    }
  }
  return out;
}

const CHANGED = '教育局已调整复核周期或提前天数';

/** The section with the change applied; a note says the numbers are now the bureau's (the defaults' notes stay for where they came from). */
export function applyCadenceChange(s: RiskReviewSection, c: CadenceChange): RiskReviewSection {
  const days = { ...s.days };
  for (const l of LEVELS) if (c.days?.[l] !== undefined) days[l] = c.days[l]!;
  return {
    ...s,
    days,
    leadDays: c.leadDays ?? s.leadDays,
    notes: [`${CHANGED}：重大 ${days.red} 天、较大 ${days.orange} 天、一般 ${days.yellow} 天、低 ${days.blue} 天，提前 ${c.leadDays ?? s.leadDays} 天，以本版本为准`, ...s.notes.filter((n) => !n.startsWith(CHANGED))],
  };
}
