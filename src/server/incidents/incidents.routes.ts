// Routes of incidents (突发事件, issue 13) and the key periods' daily reports (零报告).
// Thin: validate → service → present.
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import {
  createIncidentBody,
  createReportBody,
  dailyBoard,
  dailyBoardQuery,
  dailyReportCreate,
  deadlinesView,
  determinationBody,
  disciplineFlagLabels,
  incidentCategoryLabels,
  incidentFigures,
  incidentLevelLabels,
  incidentLevels,
  incidentListQuery,
  incidentPage,
  incidentStatusLabels,
  incidentSubtypeLabels,
  incidentView,
  requireDailyBody,
  type IncidentRow,
} from '../../contracts/incidents.js';
import type { App } from '../app.js';
import { requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf } from '../context.js';
import { beijingTime, inBatches, sendXlsx, type Column } from '../excel.js';
import { dailyBoardOf, requireDailyReports, submitDailyReport } from './daily.service.js';
import { changeDeadlines, getDeadlines } from './deadlines.js';
import { addReport, createIncident, determineIncident, getIncident, incidentBatches, incidentFiguresOf as figuresOf, incidentFilter, listIncidents, receiveReport } from './incidents.service.js';

const at = (iso: string) => beijingTime(new Date(iso));
const columns: Column<IncidentRow>[] = [
  { header: '编号', width: 16, value: (r) => r.code },
  { header: '事发单位', width: 24, value: (r) => r.unitName },
  { header: '事件名称', width: 30, value: (r) => r.headline },
  { header: '发生时间', width: 20, value: (r) => at(r.occurredAt) },
  { header: '知悉时间', width: 20, value: (r) => at(r.knownAt) },
  { header: '发生地点', width: 24, value: (r) => r.place },
  { header: '事件类别', width: 14, value: (r) => incidentCategoryLabels[r.category] },
  { header: '事件类型', width: 18, value: (r) => incidentSubtypeLabels[r.subtype] },
  { header: '事件等级', width: 10, value: (r) => incidentLevelLabels[r.severity] },
  { header: '死亡人数', width: 8, value: (r) => r.dead },
  { header: '受伤人数', width: 8, value: (r) => r.injured },
  { header: '失踪人数', width: 8, value: (r) => r.missingPersons },
  { header: '状态', width: 10, value: (r) => incidentStatusLabels[r.status] },
  { header: '首报时限', width: 20, value: (r) => at(r.firstDueAt) },
  { header: '报告纪律', width: 16, value: (r) => r.flags.map((f) => disciplineFlagLabels[f.flag]).join('、') },
  { header: '依据', width: 60, value: (r) => r.flags.map((f) => f.evidence).join(' ') },
];

const reportParams = z.object({ id: z.coerce.number().int().positive(), reportId: z.coerce.number().int().positive() });
const changeDeadlinesBody = z.object({
  version: z.number({ error: '请带上版本号' }).int().positive(),
  changes: z
    .array(
      z.object({
        level: z.enum(incidentLevels, { error: '请选择事件等级' }),
        firstReportMinutes: z.number().int().optional(),
        writtenReportHours: z.number().int().optional(),
        followUpHours: z.number().int().optional(),
      }),
    )
    .min(1, '请填写要修改的时限')
    .max(4),
  reason: z.string({ error: '请填写修改原因' }).trim().min(1, '请填写修改原因').max(500, '最多 500 字'),
});

export default async function incidentRoutes(app: App) {
  const tags = ['incidents'];
  const exportQuery = incidentListQuery.omit({ page: true, pageSize: true });
  app.get('/incidents', { schema: { tags, summary: '突发事件列表', querystring: incidentListQuery, response: { 200: incidentPage } } }, (req) => listIncidents(ctxOf(req), req.query));
  app.get('/incidents/export', { schema: { tags, summary: '导出突发事件（Excel，按当前筛选）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'incident.read');
    const where = await incidentFilter(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'incident', after: { filter: req.query } }));
    return sendXlsx(reply, '突发事件.xlsx', '突发事件', columns, inBatches(await incidentBatches(ctx, where), 500));
  });
  app.get('/incidents/figures', { schema: { tags, summary: '突发事件数字（首页）', response: { 200: incidentFigures } } }, (req) => figuresOf(ctxOf(req)));
  app.get('/incidents/deadlines', { schema: { tags, summary: '报告时限（规则包）', response: { 200: deadlinesView } } }, (req) => getDeadlines(ctxOf(req)));
  app.patch('/incidents/deadlines', { schema: { tags, summary: '修改报告时限（生成规则包新版本）', body: changeDeadlinesBody, response: { 200: deadlinesView } } }, (req) => changeDeadlines(ctxOf(req), req.body));
  app.get('/incidents/daily', { schema: { tags, summary: '重点时段零报告', querystring: dailyBoardQuery, response: { 200: dailyBoard } } }, (req) => dailyBoardOf(ctxOf(req), req.query.keyPeriodId));
  app.post('/incidents/daily', { schema: { tags, summary: '报送零报告', body: dailyReportCreate, response: { 201: dailyBoard } } }, async (req, reply) =>
    reply.code(201).send(await submitDailyReport(ctxOf(req), req.body)),
  );
  app.post('/incidents/daily/requirements', { schema: { tags, summary: '要求重点时段每日零报告', body: requireDailyBody, response: { 201: dailyBoard } } }, async (req, reply) =>
    reply.code(201).send(await requireDailyReports(ctxOf(req), req.body.keyPeriodId)),
  );
  app.get('/incidents/:id', { schema: { tags, summary: '突发事件详情与报告时间线', params: idParam, response: { 200: incidentView } } }, (req) => getIncident(ctxOf(req), req.params.id));
  app.post('/incidents', { schema: { tags, summary: '报告突发事件', body: createIncidentBody, response: { 201: incidentView } } }, async (req, reply) =>
    reply.code(201).send(await createIncident(ctxOf(req), req.body)),
  );
  app.post('/incidents/:id/reports', { schema: { tags, summary: '书面报告、续报、终报（需带版本号）', params: idParam, body: createReportBody, response: { 201: incidentView } } }, async (req, reply) =>
    reply.code(201).send(await addReport(ctxOf(req), req.params.id, req.body)),
  );
  app.post('/incidents/:id/reports/:reportId/receive', { schema: { tags, summary: '签收报告', params: reportParams, response: { 200: incidentView } } }, (req) =>
    receiveReport(ctxOf(req), req.params.id, req.params.reportId),
  );
  app.post('/incidents/:id/determinations', { schema: { tags, summary: '局认定（谎报、瞒报、责任事故），签字留痕', params: idParam, body: determinationBody, response: { 201: incidentView } } }, async (req, reply) =>
    reply.code(201).send(await determineIncident(ctxOf(req), req.params.id, req.body)),
  );
}
