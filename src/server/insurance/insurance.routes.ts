// Routes of the school liability insurance ledger (校方责任保险, 001 item 26, issue 4).
// Thin: validate → service → present. Shaped like the drill routes in drills.routes.ts.
import { idParam } from '../../contracts/common.js';
import {
  createInsuranceBody,
  insuranceBody,
  insuranceListQuery,
  insurancePage,
  updateInsuranceBody,
  type InsuranceView,
} from '../../contracts/insurance.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import { createInsurancePolicy, getInsurancePolicy, insuranceBatchFetcher, insuranceFilter, listInsurancePolicies, updateInsurancePolicy, voidInsurancePolicy } from './insurance.service.js';

const insuranceColumns: Column<InsuranceView>[] = [
  ...place<InsuranceView>(),
  { header: '保单号', width: 24, value: (p) => p.policyNo },
  { header: '保险公司', width: 24, value: (p) => p.insurer },
  { header: '开始日期', width: 12, value: (p) => p.startsOn },
  { header: '结束日期', width: 12, value: (p) => p.endsOn },
  { header: '承保学生数', width: 10, value: (p) => p.studentsCovered },
  ...recorded<InsuranceView>(),
];

export default async function insuranceRoutes(app: App) {
  // ---- school liability insurance (校方责任保险, 001 item 26)
  const tags = ['insurance-policies'];
  const insuranceExport = insuranceListQuery.omit({ page: true, pageSize: true });
  app.get('/insurance-policies', { schema: { tags, summary: '校方责任保险台账', querystring: insuranceListQuery, response: { 200: insurancePage } } }, (req) =>
    listInsurancePolicies(ctxOf(req), req.query),
  );
  app.get('/insurance-policies/export', { schema: { tags, summary: '导出校方责任保险台账（Excel）', querystring: insuranceExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'insurance_policy', () => insuranceFilter(ctx, req.query), (w) => insuranceBatchFetcher(ctx, w));
    return sendXlsx(reply, '校方责任保险台账.xlsx', '校方责任保险', insuranceColumns, rows);
  });
  app.get('/insurance-policies/:id', { schema: { tags, summary: '保险记录', params: idParam, response: { 200: insuranceBody } } }, (req) =>
    getInsurancePolicy(ctxOf(req), req.params.id),
  );
  app.post('/insurance-policies', { schema: { tags, summary: '登记校方责任保险', body: createInsuranceBody, response: { 201: insuranceBody } } }, async (req, reply) =>
    reply.code(201).send(await createInsurancePolicy(ctxOf(req), req.body)),
  );
  app.patch('/insurance-policies/:id', { schema: { tags, summary: '修改保险记录（需带版本号）', params: idParam, body: updateInsuranceBody, response: { 200: insuranceBody } } }, (req) =>
    updateInsurancePolicy(ctxOf(req), req.params.id, req.body),
  );
  app.post('/insurance-policies/:id/void', { schema: { tags, summary: '作废保险记录（保留留痕，不再计入覆盖）', params: idParam, body: voidRecordBody, response: { 200: insuranceBody } } }, (req) =>
    voidInsurancePolicy(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
