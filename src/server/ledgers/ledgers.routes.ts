// Routes of the safety ledgers, the district's rule pack, school calendars and compliance (issue 4).
// Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import {
  changeThresholdsBody,
  complianceBody,
  complianceQuery,
  complianceTrendBody,
  complianceTrendQuery,
  createDrillBody,
  createKeyPeriodBody,
  drillBody,
  drillListQuery,
  drillPage,
  drillStatusLabels,
  keyPeriodBody,
  keyPeriodList,
  putSchoolCalendarBody,
  rulePackBody,
  rulePackQuery,
  schoolCalendarBody,
  schoolCalendarList,
  schoolYearParam,
  updateDrillBody,
  updateKeyPeriodBody,
  voidDrillBody,
  type Drill,
  type FindingView,
} from '../../contracts/ledgers.js';
import { schoolStageLabels } from '../../contracts/enums.js';
import { drillKindLabels, findingStatusLabels } from '../../contracts/rules.js';
import type { App } from '../app.js';
import { requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf } from '../context.js';
import { inBatches, sendXlsx, type Column } from '../excel.js';
import { createKeyPeriod, getSchoolCalendar, listKeyPeriods, listSchoolCalendars, putSchoolCalendar, updateKeyPeriod } from './calendars.service.js';
import { compliance, complianceTrend } from './compliance.service.js';
import { createDrill, drillBatchFetcher, drillFilter, getDrill, listDrills, updateDrill, voidDrill } from './drills.service.js';
import { changeThresholds, getRulePack } from './rules.service.js';

const exportQuery = drillListQuery.omit({ page: true, pageSize: true });

const drillColumns: Column<Drill>[] = [
  { header: '学校', width: 28, value: (d) => d.schoolName },
  { header: '镇街', width: 16, value: (d) => d.townName },
  { header: '演练日期', width: 12, value: (d) => d.heldOn },
  { header: '演练类型', width: 16, value: (d) => drillKindLabels[d.kind] },
  { header: '参加人数', width: 10, value: (d) => d.participants },
  { header: '疏散用时（秒）', width: 14, value: (d) => d.evacuationSeconds },
  { header: '外部观摩人员', width: 24, value: (d) => d.observers },
  { header: '发现的问题', width: 40, value: (d) => d.problems },
  { header: '照片/文件数', width: 10, value: (d) => d.files.length },
  { header: '状态', width: 8, value: (d) => drillStatusLabels[d.status] },
  { header: '作废原因', width: 24, value: (d) => d.voidReason },
  { header: '登记人', width: 12, value: (d) => d.createdByName },
];

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

export default async function ledgerRoutes(app: App) {
  // ---- drills (应急疏散演练台账)
  let tags = ['drills'];
  app.get('/drills', { schema: { tags, summary: '应急疏散演练台账', querystring: drillListQuery, response: { 200: drillPage } } }, (req) =>
    listDrills(ctxOf(req), req.query),
  );

  app.get('/drills/export', { schema: { tags, summary: '导出应急疏散演练台账（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'ledger.read');
    const where = await drillFilter(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'drill', after: { filter: req.query } }));
    return sendXlsx(reply, '应急疏散演练台账.xlsx', '应急疏散演练', drillColumns, inBatches(drillBatchFetcher(ctx, where)));
  });

  app.get('/drills/:id', { schema: { tags, summary: '演练记录', params: idParam, response: { 200: drillBody } } }, (req) => getDrill(ctxOf(req), req.params.id));

  app.post('/drills', { schema: { tags, summary: '登记应急疏散演练', body: createDrillBody, response: { 201: drillBody } } }, async (req, reply) =>
    reply.code(201).send(await createDrill(ctxOf(req), req.body)),
  );

  app.patch('/drills/:id', { schema: { tags, summary: '修改演练记录（需带版本号）', params: idParam, body: updateDrillBody, response: { 200: drillBody } } }, (req) =>
    updateDrill(ctxOf(req), req.params.id, req.body),
  );

  app.post('/drills/:id/void', { schema: { tags, summary: '作废演练记录（保留留痕，不再计入达标）', params: idParam, body: voidDrillBody, response: { 200: drillBody } } }, (req) =>
    voidDrill(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  // ---- the district's rule pack (规则包)
  tags = ['rules'];
  app.get('/rules', { schema: { tags, summary: '本区规则包（默认当前版本）', querystring: rulePackQuery, response: { 200: rulePackBody } } }, (req) =>
    getRulePack(ctxOf(req), req.query.version),
  );

  app.patch('/rules', { schema: { tags, summary: '修改规则阈值（生成新版本）', body: changeThresholdsBody, response: { 200: rulePackBody } } }, (req) =>
    changeThresholds(ctxOf(req), req.body),
  );

  // ---- school calendars (校历)
  tags = ['school-calendars'];
  app.get('/school-calendars', { schema: { tags, summary: '校历列表', response: { 200: schoolCalendarList } } }, (req) => listSchoolCalendars(ctxOf(req)));

  app.get('/school-calendars/:schoolYear', { schema: { tags, summary: '某学年校历', params: schoolYearParam, response: { 200: schoolCalendarBody } } }, (req) =>
    getSchoolCalendar(ctxOf(req), req.params.schoolYear),
  );

  app.put(
    '/school-calendars/:schoolYear',
    { schema: { tags, summary: '设置某学年校历（修改需带版本号）', params: schoolYearParam, body: putSchoolCalendarBody, response: { 200: schoolCalendarBody } } },
    (req) => putSchoolCalendar(ctxOf(req), req.params.schoolYear, req.body),
  );

  // ---- key periods (重点时段, 003)
  tags = ['key-periods'];
  app.get('/key-periods', { schema: { tags, summary: '重点时段列表', response: { 200: keyPeriodList } } }, (req) => listKeyPeriods(ctxOf(req)));

  app.post('/key-periods', { schema: { tags, summary: '设定重点时段', body: createKeyPeriodBody, response: { 201: keyPeriodBody } } }, async (req, reply) =>
    reply.code(201).send(await createKeyPeriod(ctxOf(req), req.body)),
  );

  app.patch('/key-periods/:id', { schema: { tags, summary: '修改重点时段（需带版本号）', params: idParam, body: updateKeyPeriodBody, response: { 200: keyPeriodBody } } }, (req) =>
    updateKeyPeriod(ctxOf(req), req.params.id, req.body),
  );

  // ---- compliance (达标情况)
  tags = ['compliance'];
  app.get('/compliance', { schema: { tags, summary: '各单位各规则达标情况', querystring: complianceQuery, response: { 200: complianceBody } } }, (req) =>
    compliance(ctxOf(req), req.query),
  );

  app.get('/compliance/trend', { schema: { tags, summary: '达标趋势（按月统计各状态数）', querystring: complianceTrendQuery, response: { 200: complianceTrendBody } } }, (req) =>
    complianceTrend(ctxOf(req), req.query),
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
