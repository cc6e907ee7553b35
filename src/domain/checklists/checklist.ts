// A checklist (排查表, seed 002 attachment 2): sections by safety area, each a list of items an
// inspector marks pass, fail or not applicable. Plain data; the rules about its shape live here.
import type { SafetyArea } from '../../contracts/enums.js';

export interface ChecklistItem {
  /** Stable within a template across its versions (a hazard keeps the key of the item it came from). */
  key: string;
  /** What to check, as the inspector reads it. */
  text: string;
  /** How: 查看资料 / 现场查看 / 询问 / 抽查 / 现场测试 … */
  method: string;
  /** The standard or rule the item is judged against. */
  standard: string;
  /** Where the rule comes from, e.g. '002 第2条①', '001 第6条'. */
  source: string;
}

export interface ChecklistSection {
  title: string;
  area: SafetyArea;
  items: ChecklistItem[];
}

export interface ChecklistProblem {
  /** Path into the request body, e.g. 'sections.1.items.0.text'. */
  field: string;
  message: string;
}

export const ITEM_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export function itemCount(sections: ChecklistSection[]): number {
  return sections.reduce((n, s) => n + s.items.length, 0);
}

const where = (si: number, ii?: number) => (ii === undefined ? `第 ${si + 1} 部分` : `第 ${si + 1} 部分第 ${ii + 1} 项`);

/**
 * What is wrong with a template's content, in Chinese, each naming where: at least one section,
 * each with a title and at least one item, every item with its text, keys well-formed and unique.
 */
export function checklistProblems(sections: ChecklistSection[]): ChecklistProblem[] {
  const problems: ChecklistProblem[] = [];
  if (sections.length === 0) return [{ field: 'sections', message: '检查表至少需要一个部分（检查领域）' }];
  const seen = new Map<string, string>();
  sections.forEach((s, si) => {
    if (!s.title.trim()) problems.push({ field: `sections.${si}.title`, message: `${where(si)}的标题不能为空` });
    if (s.items.length === 0) problems.push({ field: `sections.${si}.items`, message: `${where(si)}（${s.title || '未命名'}）至少需要一个检查项` });
    s.items.forEach((item, ii) => {
      const at = `sections.${si}.items.${ii}`;
      if (!item.text.trim()) problems.push({ field: `${at}.text`, message: `${where(si, ii)}的检查内容不能为空` });
      if (!ITEM_KEY_PATTERN.test(item.key)) {
        problems.push({ field: `${at}.key`, message: `${where(si, ii)}的编号只能由小写字母、数字、短横线组成（不超过 40 个字符）` });
      } else if (seen.has(item.key)) {
        problems.push({ field: `${at}.key`, message: `${where(si, ii)}的编号“${item.key}”与${seen.get(item.key)}重复` });
      } else {
        seen.set(item.key, where(si, ii));
      }
    });
  });
  return problems;
}

/** Content equality, key order ignored: a save that changes nothing writes no new version. */
export function sameSections(a: ChecklistSection[], b: ChecklistSection[]): boolean {
  const norm = (ss: ChecklistSection[]) =>
    JSON.stringify(
      ss.map((s) => ({ title: s.title, area: s.area, items: s.items.map((i) => [i.key, i.text, i.method, i.standard, i.source]) })),
    );
  return norm(a) === norm(b);
}
