// Routes of disputes and petitions (矛盾纠纷排查与信访, issue 22). Thin: validate → service → present.
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import {
  concludeDisputeBody,
  createDisputeBody,
  disputeBody,
  disputeDeadlinesBody,
  disputeKindLabels,
  disputeKinds,
  disputeListQuery,
  disputePage,
  disputePartiesLabels,
  disputeRiskBody,
  disputeStateLabels,
  disputeStepBody,
  disputeSummaryBody,
  petitionChannelLabels,
  petitionerViewLabels,
  updateDisputeBody,
  type DisputeView,
} from '../../contracts/disputes.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import {
  addDisputeStep,
  concludeDispute,
  createDispute,
  disputeBatchFetcher,
  disputeDeadlines,
  disputeFilter,
  disputeSummary,
  disputeToRisk,
  getDispute,
  listDisputes,
  updateDispute,
  voidDispute,
} from './disputes.service.js';

export const disputeColumns: Column<DisputeView>[] = [
  ...place<DisputeView>(),
  { header: '类型', width: 10, value: (r) => disputeKindLabels[r.kind] },
  { header: '纠纷双方', width: 12, value: (r) => disputePartiesLabels[r.parties] },
  { header: '信访渠道', width: 10, value: (r) => (r.channel ? petitionChannelLabels[r.channel] : null) },
  { header: '登记日期', width: 12, value: (r) => r.receivedOn },
  { header: '信访人数', width: 8, value: (r) => r.petitioners },
  { header: '信访人', width: 10, value: (r) => r.petitionerName },
  { header: '事由', width: 40, value: (r) => r.summary },
  { header: '承办人', width: 10, value: (r) => r.handlerName },
  { header: '办结期限', width: 12, value: (r) => r.dueOn },
  { header: '状态', width: 10, value: (r) => disputeStateLabels[r.state] },
  { header: '可能引发群访越级访', width: 10, value: (r) => (r.mayEscalate ? '是' : '否') },
  { header: '办理过程', width: 50, value: (r) => r.steps.map((s) => `${s.on} ${s.byName}：${s.note}`).join('\n') || null },
  { header: '办结日期', width: 12, value: (r) => r.concludedOn },
  { header: '办结情况', width: 40, value: (r) => r.conclusion },
  { header: '信访人评价', width: 10, value: (r) => (r.petitionerView ? petitionerViewLabels[r.petitionerView] : null) },
  ...recorded<DisputeView>(),
];

export default async function disputeRoutes(app: App) {
  const tags = ['disputes'];
  const exportQuery = disputeListQuery.omit({ page: true, pageSize: true });
  app.get('/disputes', { schema: { tags, summary: '矛盾纠纷与信访登记', querystring: disputeListQuery, response: { 200: disputePage } } }, (req) => listDisputes(ctxOf(req), req.query));
  app.get('/disputes/export', { schema: { tags, summary: '导出矛盾纠纷与信访登记（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'dispute', () => disputeFilter(ctx, req.query), (w) => disputeBatchFetcher(ctx, w));
    return sendXlsx(reply, '矛盾纠纷与信访.xlsx', '矛盾纠纷与信访', disputeColumns, rows);
  });
  app.get('/disputes/summary', { schema: { tags, summary: '各镇街矛盾纠纷与信访情况（只有数量）', querystring: z.object({ kind: z.enum(disputeKinds).optional() }), response: { 200: disputeSummaryBody } } }, (req) =>
    disputeSummary(ctxOf(req), req.query),
  );
  app.get('/disputes/deadlines', { schema: { tags, summary: '办结时限及其依据', response: { 200: disputeDeadlinesBody } } }, (req) => disputeDeadlines(ctxOf(req)));
  app.get('/disputes/:id', { schema: { tags, summary: '矛盾纠纷/信访记录', params: idParam, response: { 200: disputeBody } } }, (req) => getDispute(ctxOf(req), req.params.id));
  app.post('/disputes', { schema: { tags, summary: '登记矛盾纠纷或信访事项', body: createDisputeBody, response: { 201: disputeBody } } }, async (req, reply) =>
    reply.code(201).send(await createDispute(ctxOf(req), req.body)),
  );
  app.patch('/disputes/:id', { schema: { tags, summary: '修改登记（需带版本号）', params: idParam, body: updateDisputeBody, response: { 200: disputeBody } } }, (req) =>
    updateDispute(ctxOf(req), req.params.id, req.body),
  );
  app.post('/disputes/:id/steps', { schema: { tags, summary: '记录一次办理', params: idParam, body: disputeStepBody, response: { 200: disputeBody } } }, (req) =>
    addDisputeStep(ctxOf(req), req.params.id, req.body),
  );
  app.post('/disputes/:id/conclude', { schema: { tags, summary: '办结（信访须填信访人评价）', params: idParam, body: concludeDisputeBody, response: { 200: disputeBody } } }, (req) =>
    concludeDispute(ctxOf(req), req.params.id, req.body),
  );
  app.post('/disputes/:id/risk', { schema: { tags, summary: '列入风险清单（可能引发群访、越级上访）', params: idParam, body: disputeRiskBody, response: { 200: disputeBody } } }, (req) =>
    disputeToRisk(ctxOf(req), req.params.id, req.body),
  );
  app.post('/disputes/:id/void', { schema: { tags, summary: '作废登记（保留留痕）', params: idParam, body: voidRecordBody, response: { 200: disputeBody } } }, (req) =>
    voidDispute(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
