// Excel import of the safety budget in its export's own columns (issue 21: 录入或 Excel 导入): one
// row per line (学校, 年度, 经费类别, 经费来源, 预算金额（元）, 支出金额（元）, 备注), the rows of a
// school and year making its budget. All or nothing: every row is checked first and each problem
// named by row and column; then every budget is created in one transaction through the same path
// as the form (scope, the year, the lines' bounds, one budget per school and year). A budget
// already recorded is not replaced: it is changed in its form. Read synchronously, bounded by
// rows: a district's budgets are at most a few thousand lines a year.
import type { BudgetLineInput, CreateBudget } from '../../contracts/budget.js';
import { budgetCategories, budgetCategoryLabels, fundSourceLabels, fundSources } from '../../contracts/budget.js';
import { budgetLinesProblem, budgetYearProblem, yuanToFen } from '../../domain/budget.js';
import type { Cell } from '../../domain/import-rows.js';
import { requireAccess } from '../access/access.js';
import { todayOf, type Ctx } from '../context.js';
import type { Db } from '../db/client.js';
import { and, eq, inArray } from 'drizzle-orm';
import { units } from '../db/schema.js';
import { badRequest } from '../errors.js';
import { ImportFileError, notXlsxReason, readSheet } from '../imports/workbook.js';
import { createBudget } from './budget.service.js';

export const BUDGET_IMPORT_MAX_ROWS = 5000;
export const budgetImportColumns = ['学校', '年度', '经费类别', '经费来源', '预算金额（元）', '支出金额（元）', '备注'] as const;
const REQUIRED = ['学校', '年度', '经费类别', '经费来源', '预算金额（元）', '支出金额（元）'];

interface Problem {
  row: number;
  column: string;
  message: string;
}

const text = (c: Cell) => (c === null ? '' : String(c).trim());
const byLabel = <K extends string>(labels: Record<K, string>, keys: readonly K[], v: string) => keys.find((k) => labels[k] === v);

function amount(c: Cell): number | string {
  const s = text(c).replace(/,/g, '');
  if (!s) return '请填写金额';
  const n = Number(s);
  if (!Number.isFinite(n)) return '须为数字';
  if (n < 0) return '不能为负数';
  const fen = yuanToFen(n);
  return fen === null ? '最多两位小数' : fen;
}

export async function importBudgets(ctx: Ctx, buffer: Buffer): Promise<{ budgets: number; lines: number }> {
  requireAccess(ctx.actor, 'ledger.write');
  const notXlsx = notXlsxReason(buffer);
  if (notXlsx) throw badRequest('IMPORT_BAD_FILE', notXlsx);
  let sheet;
  try {
    sheet = await readSheet(buffer, BUDGET_IMPORT_MAX_ROWS);
  } catch (err) {
    if (err instanceof ImportFileError) throw badRequest('IMPORT_BAD_FILE', err.message);
    throw err;
  }
  const missing = REQUIRED.filter((h) => !sheet.headers.includes(h));
  if (missing.length) throw badRequest('IMPORT_BAD_HEADERS', `缺少列：${missing.join('、')}。请按导出的表头填写（${budgetImportColumns.join('、')}）`);
  if (!sheet.rows.length) throw badRequest('IMPORT_EMPTY', '表格没有数据行');

  // Schools by name within the district; scope is checked by the form's path below (another's: 404 there, named here).
  const names = [...new Set(sheet.rows.map((r) => text(r.cells['学校'])).filter(Boolean))];
  const found = names.length
    ? await ctx.db.select({ id: units.id, name: units.name, path: units.path }).from(units).where(and(eq(units.districtId, ctx.actor.districtId), eq(units.kind, 'school'), inArray(units.name, names)))
    : [];
  const inScope = (path: string) => ctx.actor.scope !== 'unit' || path.startsWith(ctx.actor.unitPath);
  const today = todayOf(ctx);

  const problems: Problem[] = [];
  const groups = new Map<string, { schoolId: number; schoolName: string; year: number; lines: BudgetLineInput[]; rows: number[]; note: string }>();
  for (const r of sheet.rows) {
    const p = (column: string, message: string) => problems.push({ row: r.row, column, message });
    const schoolName = text(r.cells['学校']);
    const school = found.find((s) => s.name === schoolName);
    if (!schoolName) p('学校', '请填写学校');
    else if (!school || !inScope(school.path)) p('学校', `“${schoolName}”不是您管辖范围内的学校`);
    const yearText = text(r.cells['年度']);
    const year = Number(yearText);
    if (!yearText) p('年度', '请填写年度');
    else if (!Number.isInteger(year)) p('年度', '须为四位年份');
    else {
      const y = budgetYearProblem(year, today);
      if (y) p('年度', y.message);
    }
    const category = byLabel(budgetCategoryLabels, budgetCategories, text(r.cells['经费类别']));
    if (!category) p('经费类别', `可填：${Object.values(budgetCategoryLabels).join('、')}`);
    const source = byLabel(fundSourceLabels, fundSources, text(r.cells['经费来源']));
    if (!source) p('经费来源', `可填：${Object.values(fundSourceLabels).join('、')}`);
    const budgetFen = amount(r.cells['预算金额（元）']);
    if (typeof budgetFen === 'string') p('预算金额（元）', budgetFen);
    const spentFen = amount(r.cells['支出金额（元）']);
    if (typeof spentFen === 'string') p('支出金额（元）', spentFen);
    const note = text(r.cells['备注'] ?? null);
    if (note.length > 500) p('备注', '最多 500 字');
    if (!school || !category || !source || typeof budgetFen === 'string' || typeof spentFen === 'string' || !Number.isInteger(year)) continue;
    const key = `${school.id}/${year}`;
    const g = groups.get(key) ?? { schoolId: school.id, schoolName: school.name, year, lines: [], rows: [], note: '' };
    g.lines.push({ category, source, budgetFen, spentFen });
    g.rows.push(r.row);
    if (note && !g.note) g.note = note;
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    const lp = budgetLinesProblem(g.lines);
    if (lp) problems.push({ row: g.rows[0], column: '预算金额（元）', message: `${g.schoolName} ${g.year} 年度：${lp.message}` });
  }
  if (problems.length) refuse(problems);

  // All or nothing: the budgets are created through the form's path inside one transaction.
  await ctx.db.transaction(async (tx) => {
    const inTx: Ctx = { ...ctx, db: tx as unknown as Db };
    for (const g of groups.values()) {
      const body: CreateBudget = { schoolId: g.schoolId, year: g.year, budgetLines: g.lines, note: g.note || undefined };
      try {
        await createBudget(inTx, body);
      } catch (err) {
        const e = err as { statusCode?: number; message?: string };
        if (e.statusCode && e.statusCode < 500) refuse([{ row: g.rows[0], column: '年度', message: e.message ?? '不能导入' }]);
        throw err;
      }
    }
  });
  return { budgets: groups.size, lines: [...groups.values()].reduce((n, g) => n + g.lines.length, 0) };
}

function refuse(problems: Problem[]): never {
  problems.sort((a, b) => a.row - b.row);
  const first = problems[0];
  const more = problems.length > 1 ? `（共 ${problems.length} 处问题）` : '';
  throw badRequest('IMPORT_ROWS_INVALID', `第 ${first.row} 行“${first.column}”：${first.message}${more}，未导入任何数据`, problems.slice(0, 200).map((p) => ({ field: p.column, label: `第 ${p.row} 行 ${p.column}`, message: p.message, row: p.row })));
}
