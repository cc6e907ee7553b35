// Routes of the risk list (安全风险清单, issue 13; 003, 004). Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import { safetyAreaLabels } from '../../contracts/enums.js';
import {
  changeRiskCadenceBody,
  createRiskBody,
  escalateRiskBody,
  retireRiskBody,
  reviewRiskBody,
  reviewStateLabels,
  riskBody,
  riskCadenceBody,
  riskDueBody,
  riskDueQuery,
  riskHazardBody,
  riskKindLabels,
  riskLevelLabels,
  riskListQuery,
  riskMatrixBody,
  riskMatrixQuery,
  riskOwnersBody,
  riskOwnersQuery,
  riskPage,
  riskSeasonLabels,
  updateRiskBody,
  type RiskView,
} from '../../contracts/risks.js';
import { requireAccess } from '../access/access.js';
import type { App } from '../app.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf } from '../context.js';
import { changeRiskCadence } from './cadence.js';
import { inBatches, sendXlsx, type Column } from '../excel.js';
import {
  createRisk,
  escalateRisk,
  getRisk,
  getRiskCadence,
  listRisks,
  retireRisk,
  reviewRisk,
  riskBatchFetcher,
  riskDue,
  riskFilter,
  riskMatrix,
  riskOwners,
  riskToHazard,
  updateRisk,
} from './risks.service.js';

const columns: Column<RiskView>[] = [
  { header: '镇街', width: 14, value: (r) => r.townName ?? '' },
  { header: '学校', width: 24, value: (r) => r.schoolName },
  { header: '排查领域', width: 16, value: (r) => safetyAreaLabels[r.area] },
  { header: '区域/部位', width: 18, value: (r) => r.place },
  { header: '风险名称', width: 30, value: (r) => r.riskName },
  { header: '可能性', width: 8, value: (r) => r.likelihood },
  { header: '严重性', width: 8, value: (r) => r.severity },
  { header: '风险值', width: 8, value: (r) => r.score },
  { header: '风险等级', width: 10, value: (r) => riskLevelLabels[r.level] },
  { header: '风险类别', width: 12, value: (r) => riskKindLabels[r.riskKind] },
  { header: '季节', width: 12, value: (r) => (r.season ? riskSeasonLabels[r.season] : '') },
  { header: '管控措施', width: 40, value: (r) => r.controls },
  { header: '管控责任人', width: 12, value: (r) => r.controlOwnerName },
  { header: '辨识日期', width: 12, value: (r) => r.identifiedOn },
  { header: '上次复核', width: 12, value: (r) => r.lastReviewedOn },
  { header: '应复核日期', width: 12, value: (r) => r.reviewDueOn ?? '' },
  { header: '复核状态', width: 12, value: (r) => reviewStateLabels[r.reviewState] },
  { header: '升级上报', width: 12, value: (r) => r.escalatedOn ?? '' },
  { header: '关联隐患', width: 16, value: (r) => r.hazardCode ?? '' },
];

export default async function riskRoutes(app: App) {
  const tags = ['risks'];
  const exportQuery = riskListQuery.omit({ page: true, pageSize: true });
  app.get('/risks', { schema: { tags, summary: '安全风险清单', querystring: riskListQuery, response: { 200: riskPage } } }, (req) => listRisks(ctxOf(req), req.query));
  app.get('/risks/export', { schema: { tags, summary: '导出安全风险清单（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'risk.read');
    const where = await riskFilter(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'risk', after: { form: '安全风险清单', filter: req.query } }));
    return sendXlsx(reply, '安全风险清单.xlsx', '安全风险清单', columns, inBatches(riskBatchFetcher(ctx, where)));
  });
  app.get('/risks/matrix', { schema: { tags, summary: '四色风险分布（按镇街或学校）', querystring: riskMatrixQuery, response: { 200: riskMatrixBody } } }, (req) => riskMatrix(ctxOf(req), req.query));
  app.get('/risks/due', { schema: { tags, summary: '风险复核日历：请于某日前复核这些风险', querystring: riskDueQuery, response: { 200: riskDueBody } } }, (req) => riskDue(ctxOf(req), req.query));
  app.get('/risks/cadence', { schema: { tags, summary: '规则包中的风险复核周期与季节', response: { 200: riskCadenceBody } } }, (req) => getRiskCadence(ctxOf(req)));
  app.patch('/risks/cadence', { schema: { tags, summary: '修改风险复核周期（生成规则包新版本）', body: changeRiskCadenceBody, response: { 200: riskCadenceBody } } }, (req) => changeRiskCadence(ctxOf(req), req.body));
  app.get('/risks/owners', { schema: { tags, summary: '可选的管控责任人（学校人员）', querystring: riskOwnersQuery, response: { 200: riskOwnersBody } } }, (req) => riskOwners(ctxOf(req), req.query.schoolId));
  app.get('/risks/:id', { schema: { tags, summary: '安全风险', params: idParam, response: { 200: riskBody } } }, (req) => getRisk(ctxOf(req), req.params.id));
  app.post('/risks', { schema: { tags, summary: '辨识登记安全风险', body: createRiskBody, response: { 201: riskBody } } }, async (req, reply) =>
    reply.code(201).send(await createRisk(ctxOf(req), req.body)),
  );
  app.patch('/risks/:id', { schema: { tags, summary: '修改或重新评估安全风险（需带版本号）', params: idParam, body: updateRiskBody, response: { 200: riskBody } } }, (req) =>
    updateRisk(ctxOf(req), req.params.id, req.body),
  );
  app.post('/risks/:id/review', { schema: { tags, summary: '复核安全风险', params: idParam, body: reviewRiskBody, response: { 200: riskBody } } }, (req) =>
    reviewRisk(ctxOf(req), req.params.id, req.body),
  );
  app.post('/risks/:id/escalate', { schema: { tags, summary: '升级上报安全风险', params: idParam, body: escalateRiskBody, response: { 200: riskBody } } }, (req) =>
    escalateRisk(ctxOf(req), req.params.id, req.body),
  );
  app.post('/risks/:id/hazard', { schema: { tags, summary: '管控失效，转为隐患', params: idParam, body: riskHazardBody, response: { 200: riskBody } } }, (req) =>
    riskToHazard(ctxOf(req), req.params.id, req.body),
  );
  app.post('/risks/:id/retire', { schema: { tags, summary: '安全风险销号', params: idParam, body: retireRiskBody, response: { 200: riskBody } } }, (req) =>
    retireRisk(ctxOf(req), req.params.id, req.body),
  );
}
