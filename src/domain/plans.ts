// The year's work plan (工作要点) and its task table (任务分解表, seed 000): quarters and their ends,
// overdue, and the resolution of a task's unit words (责任部门/单位) to real units. Pure: the units
// and today are passed in.
import type { SchoolStage, UnitKind } from '../contracts/enums.js';

export type Quarter = 1 | 2 | 3 | 4;
export const quarters: readonly Quarter[] = [1, 2, 3, 4];
export const quarterLabels: Record<Quarter, string> = { 1: '第一季度', 2: '第二季度', 3: '第三季度', 4: '第四季度' };

const chineseDigits: Record<string, Quarter> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/**
 * The quarter a 季度 or 时间 cell names: 第一季度 / 一季度 / 1季度 / Q1 / 1, or a month (3月) whose
 * quarter it is. 000's table writes 第一季度 … 第四季度; a page break there split one cell into 第 and
 * 四季度, so whitespace inside the cell is ignored. Null when the cell names no quarter.
 */
export function parseQuarter(cell: string | number | null | undefined): Quarter | null {
  if (cell === null || cell === undefined) return null;
  const s = String(cell).replace(/\s+/g, '').toUpperCase();
  if (!s) return null;
  let m = /^(?:第)?([一二三四1-4])季度?$/.exec(s) ?? /^Q([1-4])$/.exec(s) ?? /^([1-4])$/.exec(s);
  if (m) return chineseDigits[m[1]];
  m = /^(\d{1,2})月(?:份)?$/.exec(s) ?? /^(?:\d{4}[-年/.])(\d{1,2})(?:月|[-/.]\d{1,2}日?)?$/.exec(s);
  if (m) {
    const month = Number(m[1]);
    if (month >= 1 && month <= 12) return (Math.floor((month - 1) / 3) + 1) as Quarter;
  }
  return null;
}

/** The last day of a quarter of a year: a task of that quarter is due by it (000 task table). */
export function quarterEnd(year: number, quarter: Quarter): string {
  return `${year}-${['03-31', '06-30', '09-30', '12-31'][quarter - 1]}`;
}

export function quarterStart(year: number, quarter: Quarter): string {
  return `${year}-${['01-01', '04-01', '07-01', '10-01'][quarter - 1]}`;
}

/** The quarter a day falls in. */
export function quarterOf(day: string): Quarter {
  return (Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1) as Quarter;
}

export const progressStatuses = ['not_started', 'in_progress', 'done'] as const;
export type ProgressStatus = (typeof progressStatuses)[number];

/** Whether a task is due by `today`: its quarter has ended (the quarter's last day counts as still open). */
export function isDue(year: number, quarter: Quarter, today: string): boolean {
  return today > quarterEnd(year, quarter);
}

/** Overdue: not done when its quarter has ended (000 task table: each task belongs to its quarter). Computed, never stored. */
export function isOverdue(year: number, quarter: Quarter, status: ProgressStatus, today: string): boolean {
  return status !== 'done' && isDue(year, quarter, today);
}

// ---- unit words --------------------------------------------------------------------------------

/**
 * The words of a 责任部门/单位 cell: split at 、，, ; / and 及 / 和 ("中学、一贯制学校及其他单位",
 * 000 task 39). A parenthesis stays with its word ("基教科(信息化科)", 000 task 31).
 */
export function splitUnitWords(cell: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  const flush = () => {
    const w = cur.replace(/\s+/g, '');
    if (w) out.push(w);
    cur = '';
  };
  for (const ch of cell.replace(/（/g, '(').replace(/）/g, ')')) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、，,;；/\n]|及|和/.test(ch)) flush();
    else cur += ch;
  }
  flush();
  return [...new Set(out)];
}

/** The unit facts resolution reads. */
export interface UnitFacts {
  id: number;
  name: string;
  kind: UnitKind;
  stage: SchoolStage | null;
  schoolBus: boolean;
  status: 'active' | 'disabled' | string;
}

const kindergarten: SchoolStage[] = ['kindergarten'];
const primarySecondary: SchoolStage[] = ['primary', 'junior', 'senior', 'nine_year', 'twelve_year', 'complete_secondary'];
const secondary: SchoolStage[] = ['junior', 'senior', 'complete_secondary'];
const throughTrain: SchoolStage[] = ['nine_year', 'twelve_year'];
const isSchool = (u: UnitFacts) => u.kind === 'school';
const ofStages = (stages: SchoolStage[]) => (u: UnitFacts) => isSchool(u) && u.stage !== null && stages.includes(u.stage);

/**
 * The group words of 000's task table and the units each stands for, from the units' attributes.
 * 中小幼 is primary and secondary schools and kindergartens (中小学 + 幼儿园, 000 tasks 1, 2, 5 …);
 * 其他单位 is the rest of the grassroots units (vocational, special, off-campus), so 中小幼 and
 * 其他单位 together are every school (000 tasks 1, 9, 10, 32); 各基层单位 / 全系统基层单位 are every
 * school (000 tasks 20, 40); 使用校车学校 the schools with buses (000 tasks 3, 25); 各镇街 the towns.
 */
export const unitGroups: Record<string, { label: string; test: (u: UnitFacts) => boolean }> = {
  中小幼: { label: '中小学和幼儿园', test: ofStages([...primarySecondary, ...kindergarten]) },
  中小学: { label: '中小学（不含幼儿园）', test: ofStages(primarySecondary) },
  中学: { label: '初中、高中、完全中学', test: ofStages(secondary) },
  小学: { label: '小学', test: ofStages(['primary']) },
  幼儿园: { label: '幼儿园', test: ofStages(kindergarten) },
  一贯制学校: { label: '九年、十二年一贯制学校', test: ofStages(throughTrain) },
  其他单位: { label: '中小幼以外的学校和机构（中职、特教、校外机构）', test: (u) => isSchool(u) && !ofStages([...primarySecondary, ...kindergarten])(u) },
  其他教育单位: { label: '中小幼以外的学校和机构（中职、特教、校外机构）', test: (u) => isSchool(u) && !ofStages([...primarySecondary, ...kindergarten])(u) },
  各基层单位: { label: '全部学校和机构', test: isSchool },
  全系统基层单位: { label: '全部学校和机构', test: isSchool },
  基层单位: { label: '全部学校和机构', test: isSchool },
  各学校: { label: '全部学校和机构', test: isSchool },
  使用校车学校: { label: '使用校车的学校', test: (u) => isSchool(u) && u.schoolBus },
  各镇街: { label: '全部镇街', test: (u) => u.kind === 'town' },
};

export interface WordResolution {
  word: string;
  /** How it was resolved: a unit's own name, a group of 000's table, the bureau's answer, or not at all. */
  how: 'name' | 'group' | 'answer' | 'unresolved';
  unitIds: number[];
  /** For a group: what it stands for, shown before publishing. */
  groupLabel?: string;
}

/**
 * Resolves one word: the bureau's answer for the word first (what it was asked, 000 is a
 * different district's vocabulary), then a unit's exact name, then "A(B)" by A's name, then a
 * group. Never a near match: what is not found is unresolved and must be asked for.
 */
export function resolveWord(word: string, units: readonly UnitFacts[], answers: Readonly<Record<string, number[]>> = {}): WordResolution {
  const active = units.filter((u) => u.status === 'active');
  const answer = answers[word];
  if (answer && answer.length) {
    const known = new Set(active.map((u) => u.id));
    return { word, how: 'answer', unitIds: answer.filter((id) => known.has(id)) };
  }
  const byName = (name: string) => active.filter((u) => u.name === name);
  let named = byName(word);
  if (!named.length) {
    const m = /^(.+?)\((.+)\)$/.exec(word);
    if (m) named = byName(m[1]);
  }
  if (named.length) return { word, how: 'name', unitIds: named.map((u) => u.id) };
  const group = unitGroups[word];
  if (group) return { word, how: 'group', unitIds: active.filter(group.test).map((u) => u.id), groupLabel: group.label };
  return { word, how: 'unresolved', unitIds: [] };
}

export interface TaskResolution {
  words: WordResolution[];
  /** Every unit named, in the order of the words, once. */
  unitIds: number[];
  /**
   * The lead unit (牵头): the first word when it names one unit by name or answer — a department in
   * 000 (局安办, 德育科, 督导安全中心). A task whose first word is a group has no lead unit; the bureau
   * follows it.
   */
  leadUnitId: number | null;
  unresolved: string[];
}

export function resolveTask(cell: string, units: readonly UnitFacts[], answers: Readonly<Record<string, number[]>> = {}): TaskResolution {
  const words = splitUnitWords(cell).map((w) => resolveWord(w, units, answers));
  const seen = new Set<number>();
  const unitIds: number[] = [];
  for (const w of words) for (const id of w.unitIds) if (!seen.has(id)) (seen.add(id), unitIds.push(id));
  const first = words[0];
  const leadUnitId = first && first.how !== 'group' && first.unitIds.length === 1 ? first.unitIds[0] : null;
  // A group that matches no unit today is not unresolved: the word is known, the district has none (e.g. no school buses).
  const unresolved = words.filter((w) => w.how === 'unresolved' || (w.how === 'answer' && !w.unitIds.length)).map((w) => w.word);
  return { words, unitIds, leadUnitId, unresolved };
}
