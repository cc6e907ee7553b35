// Routes of the daily health checks (晨午检, issue 15 item 8). Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import {
  checkSessionLabels,
  createHealthCheckBody,
  healthCheckBody,
  healthCheckListQuery,
  healthCheckPage,
  outbreakSignalList,
  outbreakThresholdsView,
  changeOutbreakThresholdsBody,
  updateHealthCheckBody,
  type HealthCheckView,
} from '../../contracts/health-checks.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import { symptomLabels, symptoms, type Symptom } from '../../domain/health-checks.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import {
  createHealthCheck,
  getHealthCheck,
  healthCheckBatchFetcher,
  healthCheckFilter,
  listHealthChecks,
  outbreakSignalsInScope,
  updateHealthCheck,
  voidHealthCheck,
} from './health-checks.service.js';
import { changeOutbreakThresholds, getOutbreakThresholds } from './outbreak-thresholds.js';

export const healthCheckColumns: Column<HealthCheckView>[] = [
  ...place<HealthCheckView>(),
  { header: '检查日期', width: 12, value: (r) => r.checkedOn },
  { header: '检查时段', width: 8, value: (r) => checkSessionLabels[r.session] },
  { header: '班级', width: 12, value: (r) => r.className },
  { header: '检查人', width: 10, value: (r) => r.checkerName },
  { header: '应到人数', width: 8, value: (r) => r.enrolled },
  { header: '缺勤人数', width: 8, value: (r) => r.absent },
  { header: '因病缺勤人数', width: 8, value: (r) => r.absentIll },
  ...symptoms.map((s): Column<HealthCheckView> => ({ header: `${symptomLabels[s]}人数`, width: 8, value: (r) => r.symptoms[s] ?? 0 })),
  {
    header: '因病缺课追踪',
    width: 40,
    value: (r) => r.illCases.map((c) => `${c.student}（${symptomLabels[c.symptom as Symptom] ?? c.symptom}）：${c.followUp}`).join('；'),
  },
  { header: '备注', width: 20, value: (r) => r.note },
  ...recorded<HealthCheckView>(),
];

export default async function healthCheckRoutes(app: App) {
  const tags = ['health-checks'];
  const exportQuery = healthCheckListQuery.omit({ page: true, pageSize: true });
  app.get('/health-checks', { schema: { tags, summary: '晨午检台账', querystring: healthCheckListQuery, response: { 200: healthCheckPage } } }, (req) => listHealthChecks(ctxOf(req), req.query));
  app.get('/health-checks/export', { schema: { tags, summary: '导出晨午检台账（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'health_check', () => healthCheckFilter(ctx, req.query), (w) => healthCheckBatchFetcher(ctx, w));
    return sendXlsx(reply, '晨午检台账.xlsx', '晨午检', healthCheckColumns, rows);
  });
  app.get('/health-checks/outbreak-thresholds', { schema: { tags, summary: '疑似聚集性疫情的判定人数和天数（规则包）', response: { 200: outbreakThresholdsView } } }, (req) => getOutbreakThresholds(ctxOf(req)));
  app.patch('/health-checks/outbreak-thresholds', { schema: { tags, summary: '修改疑似聚集性疫情的判定人数和天数（生成规则包新版本）', body: changeOutbreakThresholdsBody, response: { 200: outbreakThresholdsView } } }, (req) =>
    changeOutbreakThresholds(ctxOf(req), req.body),
  );
  app.get('/health-checks/signals', { schema: { tags, summary: '疑似聚集性疫情（规则包所定天数内的晨午检）', response: { 200: outbreakSignalList } } }, (req) => outbreakSignalsInScope(ctxOf(req)));
  app.get('/health-checks/:id', { schema: { tags, summary: '晨午检记录', params: idParam, response: { 200: healthCheckBody } } }, (req) => getHealthCheck(ctxOf(req), req.params.id));
  app.post('/health-checks', { schema: { tags, summary: '登记晨午检', body: createHealthCheckBody, response: { 201: healthCheckBody } } }, async (req, reply) =>
    reply.code(201).send(await createHealthCheck(ctxOf(req), req.body)),
  );
  app.patch('/health-checks/:id', { schema: { tags, summary: '修改晨午检记录（需带版本号）', params: idParam, body: updateHealthCheckBody, response: { 200: healthCheckBody } } }, (req) =>
    updateHealthCheck(ctxOf(req), req.params.id, req.body),
  );
  app.post('/health-checks/:id/void', { schema: { tags, summary: '作废晨午检记录（保留留痕）', params: idParam, body: voidRecordBody, response: { 200: healthCheckBody } } }, (req) =>
    voidHealthCheck(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
