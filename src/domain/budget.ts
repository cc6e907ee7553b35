// Pure rules of the safety budget (安全经费, 001 items 4 and 25). Amounts are integer fen.
import { FIRST_BUDGET_YEAR, MAX_AMOUNT_FEN, budgetCategoryLabels, fundSourceLabels, type BudgetLineInput } from '../contracts/budget.js';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Spend above this many times the budget is taken for a typing slip (元 entered as 分, an extra zero). */
export const SPEND_BOUND_FACTOR = 100;

/** The budget year: from FIRST_BUDGET_YEAR to next year (a budget is drawn up the year before). */
export function budgetYearProblem(year: number, today: string): FieldProblem | null {
  const latest = Number(today.slice(0, 4)) + 1;
  if (year < FIRST_BUDGET_YEAR || year > latest) return { field: 'year', message: `年度须在 ${FIRST_BUDGET_YEAR}–${latest} 之间` };
  return null;
}

export const totalsOf = (lines: BudgetLineInput[]) => ({
  budgetFen: lines.reduce((s, l) => s + l.budgetFen, 0),
  spentFen: lines.reduce((s, l) => s + l.spentFen, 0),
});

/**
 * The lines of one budget: a category and source once each; no line spending more than 100 times
 * its budget (nor anything when nothing was budgeted beyond the 1e9 元 bound the contract keeps);
 * the whole spend not above 100 times the whole budget, nor 1e9 元.
 */
export function budgetLinesProblem(lines: BudgetLineInput[]): FieldProblem | null {
  const seen = new Set<string>();
  for (const [i, l] of lines.entries()) {
    const key = `${l.category}/${l.source}`;
    if (seen.has(key)) return { field: `budgetLines.${i}.source`, message: `第 ${i + 1} 行：${budgetCategoryLabels[l.category]}·${fundSourceLabels[l.source]}重复` };
    seen.add(key);
    if (l.budgetFen > 0 && l.spentFen > l.budgetFen * SPEND_BOUND_FACTOR)
      return { field: `budgetLines.${i}.spentFen`, message: `第 ${i + 1} 行：支出超过预算的 ${SPEND_BOUND_FACTOR} 倍，请核对金额` };
  }
  const t = totalsOf(lines);
  if (t.spentFen > MAX_AMOUNT_FEN) return { field: 'budgetLines', message: '支出合计不能超过 10 亿元' };
  if (t.budgetFen > MAX_AMOUNT_FEN) return { field: 'budgetLines', message: '预算合计不能超过 10 亿元' };
  if (t.spentFen > 0 && t.spentFen > t.budgetFen * SPEND_BOUND_FACTOR) return { field: 'budgetLines', message: `支出合计超过预算合计的 ${SPEND_BOUND_FACTOR} 倍，请核对金额` };
  return null;
}

/** Execution rate: spend over budget in percent with one decimal; null when nothing was budgeted. */
export function executionRate(budgetFen: number, spentFen: number): number | null {
  if (budgetFen <= 0) return null;
  return Math.round((spentFen * 1000) / budgetFen) / 10;
}

/** 保安 wages budgeted on a budget's lines, in fen. */
export const guardWagesFen = (lines: BudgetLineInput[]) => lines.filter((l) => l.category === 'guard_wages').reduce((s, l) => s + l.budgetFen, 0);

/**
 * 001 item 25 (专职保安员聘用 … 经费): a school whose security profile has guards must budget their
 * wages. Unfunded: guards on the profile and no budget for the year, or a budget with 0 保安 wages.
 * A school with no guards on record is not judged here (the guard rules of 002 item 8 judge that).
 */
export function guardsUnfunded(guards: number, lines: BudgetLineInput[] | null): boolean {
  if (guards <= 0) return false;
  return lines === null || guardWagesFen(lines) <= 0;
}

/** 元 with up to two decimals → fen; null when the value has more decimals or is not a number. */
export function yuanToFen(yuan: number): number | null {
  if (!Number.isFinite(yuan)) return null;
  const fen = Math.round(yuan * 100);
  if (Math.abs(fen - yuan * 100) > 1e-6 * Math.max(1, Math.abs(yuan * 100))) return null;
  return fen;
}

export const fenToYuan = (fen: number) => fen / 100;

// ---- the rule: guards funded (001 item 25) ------------------------------------------------------

export interface BudgetRecord {
  id: number;
  unitId: number;
  year: number;
  guardWagesFen: number;
}

export interface GuardsMeasured {
  applicable: boolean;
  ok: boolean;
  lapsed: boolean;
  value: number | null;
  target: number | null;
  dueOn?: string;
  recordIds: number[];
  phrase: string;
}

/**
 * 001 item 25: a school with guards on its security profile budgets their wages (保安) for the
 * year, by `dueBy` ('MM-DD') of that year. A school without guards on record is not judged here.
 */
export function measureGuardsFunded(guards: number | null, budgets: readonly BudgetRecord[], period: { startsOn: string }, dueBy: string): GuardsMeasured {
  const year = Number(period.startsOn.slice(0, 4));
  if (!guards) return { applicable: false, ok: false, lapsed: false, value: null, target: null, recordIds: [], phrase: '本校安全防范档案未登记保安人员' };
  const b = budgets.find((x) => x.year === year);
  const ids = b ? [b.id] : [];
  if (b && b.guardWagesFen > 0) return { applicable: true, ok: true, lapsed: false, value: b.guardWagesFen, target: 1, recordIds: ids, phrase: `${year}年预算保安经费 ${(b.guardWagesFen / 100).toLocaleString('zh-CN')} 元（保安 ${guards} 名）` };
  const phrase = b ? `${year}年安全经费预算未列保安经费（保安 ${guards} 名）` : `${year}年未编报安全经费预算（保安 ${guards} 名）`;
  return { applicable: true, ok: false, lapsed: false, value: 0, target: 1, dueOn: `${year}-${dueBy}`, recordIds: ids, phrase };
}
