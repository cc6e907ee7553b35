// Routes of compliance (达标情况, issue 4): the findings of the rule pack in force over the ledgers,
// their trend and export. Thin: validate → service → present.
import {
  complianceBody,
  complianceMatrixBody,
  complianceMatrixQuery,
  complianceQuery,
  complianceTrendBody,
  complianceTrendQuery,
  compliancePeriodsBody,
  compliancePeriodsQuery,
  type FindingView,
} from '../../contracts/compliance.js';
import { findingStatusLabels } from '../../contracts/rules.js';
import { schoolStageLabels } from '../../contracts/enums.js';
import type { App } from '../app.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { compliance, complianceMatrix, complianceTrend } from './compliance.service.js';
import { compliancePeriodsOf } from './periods.service.js';

const complianceExportQuery = complianceQuery.omit({ page: true, pageSize: true });

const findingColumns: Column<FindingView>[] = [
  { header: '学校', width: 28, value: (f) => f.unitName },
  { header: '镇街', width: 16, value: (f) => f.townName ?? '区直属' },
  { header: '学段', width: 10, value: (f) => (f.stage ? schoolStageLabels[f.stage] : null) },
  { header: '规则', width: 40, value: (f) => f.ruleDescription },
  { header: '规则编码', width: 28, value: (f) => f.ruleCode },
  { header: '达标情况', width: 10, value: (f) => findingStatusLabels[f.status] },
  { header: '评价时段', width: 18, value: (f) => f.period?.label },
  { header: '实际', width: 8, value: (f) => f.value },
  { header: '要求', width: 8, value: (f) => f.target },
  { header: '截止日期', width: 12, value: (f) => f.dueOn },
  { header: '说明', width: 60, value: (f) => f.explanation },
];

async function* each<T>(rows: T[]) {
  yield* rows;
}

export default async function complianceRoutes(app: App) {
  // ---- compliance (达标情况)
  const tags = ['compliance'];
  app.get('/compliance', { schema: { tags, summary: '各单位各规则达标情况', querystring: complianceQuery, response: { 200: complianceBody } } }, (req) =>
    compliance(ctxOf(req), req.query),
  );

  app.get('/compliance/matrix', { schema: { tags, summary: '达标矩阵：一页学校及其各规则达标情况（看板与首页）', querystring: complianceMatrixQuery, response: { 200: complianceMatrixBody } } }, (req) =>
    complianceMatrix(ctxOf(req), req.query),
  );

  app.get('/compliance/trend', { schema: { tags, summary: '达标趋势（按月统计各状态数）', querystring: complianceTrendQuery, response: { 200: complianceTrendBody } } }, (req) =>
    complianceTrend(ctxOf(req), req.query),
  );

  // The year's record (issue 14): a school's periods per rule as of a day.
  app.get('/compliance/periods', { schema: { tags, summary: '某校各规则本年度各时段达标情况（可指定截至日期）', querystring: compliancePeriodsQuery, response: { 200: compliancePeriodsBody } } }, (req) =>
    compliancePeriodsOf(ctxOf(req), req.query),
  );

  app.get('/compliance/export', { schema: { tags, summary: '导出达标情况（Excel，与列表相同的筛选）', querystring: complianceExportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    // Every finding of the filters in the caller's scope (a school or town out of scope is a 404).
    const view = await compliance(ctx, { ...req.query, page: 1, pageSize: Number.MAX_SAFE_INTEGER });
    await ctx.db.transaction((tx) =>
      writeAudit(tx, ctx, { action: 'export', objectType: 'rule_pack', after: { compliance: true, filter: req.query, packVersion: view.packVersion, rows: view.total } }),
    );
    return sendXlsx(reply, `达标情况_${view.asOf}.xlsx`, '达标情况', findingColumns, each(view.items));
  });
}
