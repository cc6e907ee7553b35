// Routes of the network security ledger (网络安全, 000 item 8; issue 15 item 6): the systems and
// websites registry, the red and yellow cards with their steps, the monthly reports. Thin: validate →
// service → present.
import { idParam } from '../../contracts/common.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import {
  answerNetsecCardBody,
  cardColorLabels,
  cardStateLabels,
  createNetsecReportBody,
  createNetsecSystemBody,
  decideNetsecCardBody,
  issueNetsecCardBody,
  netsecCardBody,
  netsecCardListQuery,
  netsecCardPage,
  netsecReportBody,
  netsecReportListQuery,
  netsecReportPage,
  netsecSystemBody,
  netsecSystemKindLabels,
  netsecSystemListQuery,
  netsecSystemPage,
  reportIncidentLabels,
  updateNetsecReportBody,
  updateNetsecSystemBody,
  type NetsecCardView,
  type NetsecReportView,
  type NetsecSystemView,
} from '../../contracts/network-security.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import * as svc from './network-security.service.js';

/** The export's columns are the import's (netsec-import.ts reads the same headers). */
export const systemColumns: Column<NetsecSystemView>[] = [
  ...place<NetsecSystemView>(),
  { header: '类别', width: 10, value: (s) => netsecSystemKindLabels[s.kind] },
  { header: '名称', width: 24, value: (s) => s.name },
  { header: '网址或入口', width: 30, value: (s) => s.address },
  { header: '责任人', width: 12, value: (s) => s.responsiblePerson },
  { header: '等保级别', width: 10, value: (s) => s.protectionLevel },
  { header: '备案号', width: 22, value: (s) => s.filingNo },
  ...recorded<NetsecSystemView>(),
];

const cardColumns: Column<NetsecCardView>[] = [
  ...place<NetsecCardView>(),
  { header: '红黄牌', width: 8, value: (c) => cardColorLabels[c.color] },
  { header: '下发日期', width: 12, value: (c) => c.issuedOn },
  { header: '下发单位', width: 18, value: (c) => c.issuerUnitName },
  { header: '下发人', width: 10, value: (c) => c.issuedByName },
  { header: '问题', width: 36, value: (c) => c.reason },
  { header: '整改期限', width: 12, value: (c) => c.fixBy },
  { header: '状态', width: 10, value: (c) => cardStateLabels[c.state] },
  { header: '逾期', width: 6, value: (c) => (c.overdue ? '是' : '否') },
  { header: '整改情况', width: 36, value: (c) => c.answer },
  { header: '销号人', width: 10, value: (c) => c.closedByName },
  { header: '销号时间', width: 18, value: (c) => c.closedAt },
  ...recorded<NetsecCardView>(),
];

const reportColumns: Column<NetsecReportView>[] = [
  ...place<NetsecReportView>(),
  { header: '月份', width: 10, value: (r) => r.month },
  { header: '检查次数', width: 10, value: (r) => r.checksDone },
  { header: '网络安全事件', width: 12, value: (r) => reportIncidentLabels[r.incidents] },
  { header: '事件数', width: 8, value: (r) => r.incidentCount },
  { header: '情况说明', width: 40, value: (r) => r.summary },
  ...recorded<NetsecReportView>(),
];

export default async function networkSecurityRoutes(app: App) {
  const tags = ['network-security'];

  const systemsExport = netsecSystemListQuery.omit({ page: true, pageSize: true });
  app.get('/netsec-systems', { schema: { tags, summary: '网络系统与网站台账', querystring: netsecSystemListQuery, response: { 200: netsecSystemPage } } }, (req) => svc.listNetsecSystems(ctxOf(req), req.query));
  app.get('/netsec-systems/export', { schema: { tags, summary: '导出网络系统与网站台账（Excel）', querystring: systemsExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'netsec_system', () => svc.netsecSystemFilter(ctx, req.query), (w) => svc.netsecSystemBatchFetcher(ctx, w));
    return sendXlsx(reply, '网络系统与网站台账.xlsx', '网络系统与网站', systemColumns, rows);
  });
  app.get('/netsec-systems/:id', { schema: { tags, summary: '网络系统或网站', params: idParam, response: { 200: netsecSystemBody } } }, (req) => svc.getNetsecSystem(ctxOf(req), req.params.id));
  app.post('/netsec-systems', { schema: { tags, summary: '登记网络系统或网站', body: createNetsecSystemBody, response: { 201: netsecSystemBody } } }, async (req, reply) =>
    reply.code(201).send(await svc.createNetsecSystem(ctxOf(req), req.body)),
  );
  app.patch('/netsec-systems/:id', { schema: { tags, summary: '修改网络系统或网站（需带版本号）', params: idParam, body: updateNetsecSystemBody, response: { 200: netsecSystemBody } } }, (req) =>
    svc.updateNetsecSystem(ctxOf(req), req.params.id, req.body),
  );
  app.post('/netsec-systems/:id/void', { schema: { tags, summary: '作废网络系统或网站记录', params: idParam, body: voidRecordBody, response: { 200: netsecSystemBody } } }, (req) =>
    svc.voidNetsecSystem(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  const cardsExport = netsecCardListQuery.omit({ page: true, pageSize: true });
  app.get('/netsec-cards', { schema: { tags, summary: '网络安全红黄牌', querystring: netsecCardListQuery, response: { 200: netsecCardPage } } }, (req) => svc.listNetsecCards(ctxOf(req), req.query));
  app.get('/netsec-cards/export', { schema: { tags, summary: '导出网络安全红黄牌（Excel）', querystring: cardsExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'netsec_card', () => svc.netsecCardFilter(ctx, req.query), (w) => svc.netsecCardBatchFetcher(ctx, w));
    return sendXlsx(reply, '网络安全红黄牌.xlsx', '红黄牌', cardColumns, rows);
  });
  app.get('/netsec-cards/:id', { schema: { tags, summary: '网络安全红黄牌', params: idParam, response: { 200: netsecCardBody } } }, (req) => svc.getNetsecCard(ctxOf(req), req.params.id));
  app.post('/netsec-cards', { schema: { tags, summary: '下发网络安全红黄牌（教育局）', body: issueNetsecCardBody, response: { 201: netsecCardBody } } }, async (req, reply) =>
    reply.code(201).send(await svc.issueNetsecCard(ctxOf(req), req.body)),
  );
  app.post('/netsec-cards/:id/answer', { schema: { tags, summary: '提交整改情况（学校）', params: idParam, body: answerNetsecCardBody, response: { 200: netsecCardBody } } }, (req) =>
    svc.answerNetsecCard(ctxOf(req), req.params.id, req.body),
  );
  app.post('/netsec-cards/:id/decide', { schema: { tags, summary: '销号或退回（教育局）', params: idParam, body: decideNetsecCardBody, response: { 200: netsecCardBody } } }, (req) =>
    svc.decideNetsecCard(ctxOf(req), req.params.id, req.body),
  );
  app.post('/netsec-cards/:id/void', { schema: { tags, summary: '作废红黄牌（误发）', params: idParam, body: voidRecordBody, response: { 200: netsecCardBody } } }, (req) =>
    svc.voidNetsecCard(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  const reportsExport = netsecReportListQuery.omit({ page: true, pageSize: true });
  app.get('/netsec-reports', { schema: { tags, summary: '网络安全月报告', querystring: netsecReportListQuery, response: { 200: netsecReportPage } } }, (req) => svc.listNetsecReports(ctxOf(req), req.query));
  app.get('/netsec-reports/export', { schema: { tags, summary: '导出网络安全月报告（Excel）', querystring: reportsExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'netsec_report', () => svc.netsecReportFilter(ctx, req.query), (w) => svc.netsecReportBatchFetcher(ctx, w));
    return sendXlsx(reply, '网络安全月报告.xlsx', '月报告', reportColumns, rows);
  });
  app.get('/netsec-reports/:id', { schema: { tags, summary: '网络安全月报告', params: idParam, response: { 200: netsecReportBody } } }, (req) => svc.getNetsecReport(ctxOf(req), req.params.id));
  app.post('/netsec-reports', { schema: { tags, summary: '报送网络安全月报告', body: createNetsecReportBody, response: { 201: netsecReportBody } } }, async (req, reply) =>
    reply.code(201).send(await svc.createNetsecReport(ctxOf(req), req.body)),
  );
  app.patch('/netsec-reports/:id', { schema: { tags, summary: '修改网络安全月报告（需带版本号）', params: idParam, body: updateNetsecReportBody, response: { 200: netsecReportBody } } }, (req) =>
    svc.updateNetsecReport(ctxOf(req), req.params.id, req.body),
  );
  app.post('/netsec-reports/:id/void', { schema: { tags, summary: '作废网络安全月报告', params: idParam, body: voidRecordBody, response: { 200: netsecReportBody } } }, async (req) =>
    svc.voidNetsecReport(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
