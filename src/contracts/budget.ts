// Requests and responses of the safety budget (安全经费, issue 21; 001 items 4 and 25): per school and
// year, the budget and the spend by category, each line with its source of funds. Amounts travel and
// are stored as integer fen (分) so sums are exact; the screens and the Excel sheet show 元.
import { z } from 'zod';
import { pageOf } from './common.js';
import { recordedFields, recordListFilters, schoolFields } from './ledger.js';

export const budgetCategories = ['guards', 'physical', 'technical', 'emergency', 'training', 'guard_wages'] as const;
export type BudgetCategory = (typeof budgetCategories)[number];
// 001 item 25: 人力防范、实体防范、电子防范 … 应急处置、专职保安员聘用及岗位培训.
export const budgetCategoryLabels: Record<BudgetCategory, string> = {
  guards: '人防',
  physical: '物防',
  technical: '技防',
  emergency: '应急',
  training: '培训',
  guard_wages: '保安',
};

export const fundSources = ['fiscal', 'self_raised', 'special_grant', 'other'] as const;
export type FundSource = (typeof fundSources)[number];
export const fundSourceLabels: Record<FundSource, string> = { fiscal: '财政拨款', self_raised: '学校自筹', special_grant: '上级专项', other: '其他' };

/** The largest amount one line may carry: 1e9 元, in fen. */
export const MAX_AMOUNT_FEN = 100_000_000_000;
/** The earliest budget year accepted; the latest is next year. */
export const FIRST_BUDGET_YEAR = 2015;

const fen = (what: string) =>
  z
    .number({ error: `请填写${what}` })
    .int(`${what}最多两位小数`)
    .min(0, `${what}不能为负数`)
    .max(MAX_AMOUNT_FEN, `${what}不能超过 10 亿元`);

export const budgetLineInput = z.object({
  category: z.enum(budgetCategories, { error: '请选择经费类别' }),
  source: z.enum(fundSources, { error: '请选择经费来源' }),
  budgetFen: fen('预算金额'),
  spentFen: fen('支出金额'),
});
export type BudgetLineInput = z.infer<typeof budgetLineInput>;

const budgetLines = z.array(budgetLineInput, { error: '请填写经费明细' }).min(1, '至少填写一行经费明细').max(48, '最多 48 行');
const year = z.number({ error: '请填写年度' }).int('年度须为整数');
const version = z.number({ error: '请带上版本号' }).int().positive();
const note = z.string().trim().max(500, '最多 500 字');

export const budgetBody = z.object({
  id: z.number().int(),
  ...schoolFields,
  year: z.number().int(),
  budgetLines: z.array(budgetLineInput),
  budgetFen: z.number().int(),
  spentFen: z.number().int(),
  /** Spend over budget in percent, one decimal; null when nothing was budgeted. */
  rate: z.number().nullable(),
  note: z.string().nullable(),
  ...recordedFields,
});
export type BudgetView = z.infer<typeof budgetBody>;
export const budgetPage = pageOf(budgetBody);

export const createBudgetBody = z.object({ schoolId: z.number({ error: '请选择学校' }).int().positive(), year, budgetLines, note: note.optional() });
export type CreateBudget = z.infer<typeof createBudgetBody>;

export const updateBudgetBody = z.object({ version, budgetLines: budgetLines.optional(), note: note.optional() });
export type UpdateBudget = z.infer<typeof updateBudgetBody>;

export const budgetListQuery = z.object({ ...recordListFilters, year: z.coerce.number().int().min(2000).max(2100).optional() });
export type BudgetListQuery = z.infer<typeof budgetListQuery>;

/** Execution by town for one year (the bureau's view). */
export const budgetExecutionQuery = z.object({ year: z.coerce.number({ error: '请填写年度' }).int().min(2000, '年度超出范围').max(2100, '年度超出范围') });
export const budgetExecutionRow = z.object({
  townId: z.number().int().nullable(),
  townName: z.string().nullable(),
  schools: z.number().int(),
  schoolsWithBudget: z.number().int(),
  budgetFen: z.number().int(),
  spentFen: z.number().int(),
  rate: z.number().nullable(),
});
export const unfundedGuardsRow = z.object({
  schoolId: z.number().int(),
  schoolName: z.string(),
  townName: z.string().nullable(),
  guards: z.number().int(),
  /** null when the school has no budget for the year at all. */
  budgetId: z.number().int().nullable(),
});
export const budgetExecution = z.object({ year: z.number().int(), towns: z.array(budgetExecutionRow), unfundedGuards: z.array(unfundedGuardsRow) });
export type BudgetExecution = z.infer<typeof budgetExecution>;
