// The rule pack's section for the outbreak signal of the daily health checks (晨午检, issue 15 item 8;
// 001 item 16: 严格落实晨午检、因病缺课缺勤追踪上报制度 … 做到早发现、早报告、早处置): how many students
// with the same symptom in one class on one day, or in the school within a few days, flag a possible
// outbreak (疑似聚集性疫情) for the school doctor and the bureau. A separate section of the pack
// (RulePack.outbreakSignals), versioned with it; 001 item 16 gives no number, so each default says
// where it comes from and the bureau may change it in a new version of its pack.
import type { RuleSource } from './pack.js';

export interface OutbreakSection {
  /** The same symptom in one class on one day, this many students or more. */
  classCases: number;
  /** The same symptom across the school within `schoolDays` days (the day judged and those before), this many or more. */
  schoolCases: number;
  schoolDays: number;
  sources: RuleSource[];
  notes: string[];
}

const s001_16: RuleSource = { seed: '001', item: '第16条', quote: '严格落实晨午检、因病缺课缺勤追踪上报制度' };

export const DEFAULT_OUTBREAK: OutbreakSection = {
  classCases: 3,
  schoolCases: 5,
  schoolDays: 3,
  sources: [s001_16],
  notes: [
    '001 第16条未规定人数：默认取《学校和托幼机构传染病疫情报告工作规范（试行）》——同一班级 1 天内有 3 例，或连续 3 天内有多个学生（5 例以上）出现相似症状时报告',
    '该规范按同一班级计 3 天 5 例；本系统默认在全校范围累计，提示更早，教育局可按本区要求调整',
  ],
};

export interface OutbreakChange {
  classCases?: number;
  schoolCases?: number;
  schoolDays?: number;
}

/** Bounds of a change: whole numbers, a school count not below the class one, a window of 1–14 days. */
export function outbreakChangeProblems(current: Pick<OutbreakSection, 'classCases' | 'schoolCases' | 'schoolDays'>, c: OutbreakChange): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const bound = (field: keyof OutbreakChange, v: number | undefined, min: number, max: number, unit: string) => {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) out.push({ field, message: `须为 ${min} 到 ${max} ${unit}的整数` });
  };
  bound('classCases', c.classCases, 2, 100, '人');
  bound('schoolCases', c.schoolCases, 2, 1000, '人');
  bound('schoolDays', c.schoolDays, 1, 14, '天');
  if (c.classCases === undefined && c.schoolCases === undefined && c.schoolDays === undefined) out.push({ field: 'classCases', message: '没有要修改的人数或天数' });
  if (!out.length) {
    const next = { ...current, ...stripUndefined(c) };
    if (next.schoolCases < next.classCases) out.push({ field: 'schoolCases', message: `全校累计人数不能少于单个班级人数（${next.classCases} 人）` });
  }
  return out;
}

function stripUndefined(c: OutbreakChange): OutbreakChange {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
}

/** The section with the bureau's change applied; the notes say the numbers are the bureau's. */
export function applyOutbreakChange(s: OutbreakSection, c: OutbreakChange): OutbreakSection {
  return { ...s, ...stripUndefined(c), notes: [...s.notes.filter((n) => !n.startsWith('教育局已调整')), '教育局已调整人数或天数，以本版本为准'] };
}

/** The section of a pack: its own, or the default for a pack stored before it. */
export function outbreakOf(pack: { outbreakSignals?: OutbreakSection | null }): OutbreakSection {
  return pack.outbreakSignals ?? DEFAULT_OUTBREAK;
}
