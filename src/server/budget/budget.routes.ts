// Routes of the safety budget (安全经费, issue 21; 001 items 4 and 25). Thin: validate → service.
import { z } from 'zod';
import { budgetBody, budgetCategoryLabels, budgetExecution, budgetExecutionQuery, budgetListQuery, budgetPage, createBudgetBody, fundSourceLabels, updateBudgetBody, type BudgetView } from '../../contracts/budget.js';
import { idParam } from '../../contracts/common.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { readUploadForm } from '../files/upload-form.js';
import { exportLedger } from '../ledger/ledger-export.js';
import { importBudgets } from './budget-import.js';
import { budgetBatchFetcher, budgetExecution as execution, budgetFilter, createBudget, getBudget, listBudgets, updateBudget, voidBudget } from './budget.service.js';

type Line = BudgetView & { line: BudgetView['budgetLines'][number] };
const yuan = (fen: number) => fen / 100;

// One row per line, in the import's own columns (budget-import.ts) and then the record's.
const lineColumns: Column<Line>[] = [
  { header: '学校', width: 28, value: (l) => l.schoolName },
  { header: '年度', width: 8, value: (l) => l.year },
  { header: '经费类别', width: 10, value: (l) => budgetCategoryLabels[l.line.category] },
  { header: '经费来源', width: 12, value: (l) => fundSourceLabels[l.line.source] },
  { header: '预算金额（元）', width: 16, value: (l) => yuan(l.line.budgetFen) },
  { header: '支出金额（元）', width: 16, value: (l) => yuan(l.line.spentFen) },
  { header: '备注', width: 24, value: (l) => l.note },
  { header: '镇街', width: 16, value: (l) => l.townName },
  { header: '登记人', width: 12, value: (l) => l.createdByName },
];

async function* lines(rows: AsyncIterable<BudgetView>): AsyncIterable<Line> {
  for await (const b of rows) for (const line of b.budgetLines) yield { ...b, line };
}

export default async function budgetRoutes(app: App) {
  const tags = ['budget'];
  const exportQuery = budgetListQuery.omit({ page: true, pageSize: true });
  app.get('/budgets', { schema: { tags, summary: '安全经费（学校、年度）', querystring: budgetListQuery, response: { 200: budgetPage } } }, (req) => listBudgets(ctxOf(req), req.query));
  app.get('/budgets/export', { schema: { tags, summary: '导出安全经费明细（Excel，可按原列导入）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'safety_budget', () => budgetFilter(ctx, req.query), (w) => budgetBatchFetcher(ctx, w));
    return sendXlsx(reply, '安全经费.xlsx', '安全经费', lineColumns, lines(rows));
  });
  app.get('/budgets/execution', { schema: { tags, summary: '安全经费执行情况（按镇街）与保安经费未落实的学校', querystring: budgetExecutionQuery.extend({ townId: z.coerce.number().int().positive().optional() }), response: { 200: budgetExecution } } }, (req) =>
    execution(ctxOf(req), req.query.year, req.query.townId),
  );
  app.post('/budgets/import', { schema: { tags, summary: '从 Excel 导入安全经费（按导出的列，全部成功才写入）', response: { 200: z.object({ budgets: z.number().int(), lines: z.number().int() }) } } }, async (req) => {
    const ctx = ctxOf(req);
    const { bytes } = await readUploadForm(req, []);
    return importBudgets(ctx, bytes);
  });
  app.get('/budgets/:id', { schema: { tags, summary: '一条安全经费记录', params: idParam, response: { 200: budgetBody } } }, (req) => getBudget(ctxOf(req), req.params.id));
  app.post('/budgets', { schema: { tags, summary: '登记安全经费', body: createBudgetBody, response: { 201: budgetBody } } }, async (req, reply) => reply.code(201).send(await createBudget(ctxOf(req), req.body)));
  app.patch('/budgets/:id', { schema: { tags, summary: '修改安全经费（需带版本号）', params: idParam, body: updateBudgetBody, response: { 200: budgetBody } } }, (req) =>
    updateBudget(ctxOf(req), req.params.id, req.body),
  );
  app.post('/budgets/:id/void', { schema: { tags, summary: '作废安全经费记录', params: idParam, body: voidRecordBody, response: { 200: budgetBody } } }, (req) =>
    voidBudget(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
