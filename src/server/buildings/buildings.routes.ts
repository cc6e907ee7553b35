// Routes of the buildings and construction sites (校舍与施工, 001 item 18; 000 item 10; issue 21): the
// building register, the bureau's view by town, the construction sites and their weekly checks.
// Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import {
  appraisalGradeLabels,
  buildingBody,
  buildingListQuery,
  buildingPage,
  buildingStructureLabels,
  buildingSummaryBody,
  buildingUseLabels,
  createBuildingBody,
  createSiteBody,
  createSiteCheckBody,
  siteBody,
  siteCheckBody,
  siteCheckListQuery,
  siteCheckPage,
  siteListQuery,
  sitePage,
  updateBuildingBody,
  updateSiteBody,
  type BuildingView,
  type SiteView,
} from '../../contracts/buildings.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import {
  buildingBatchFetcher,
  buildingFilter,
  buildingSummary,
  createBuilding,
  createSite,
  createSiteCheck,
  getBuilding,
  getSite,
  listBuildings,
  listSiteChecks,
  listSites,
  siteBatchFetcher,
  siteFilter,
  updateBuilding,
  updateSite,
  voidBuilding,
  voidSite,
  voidSiteCheck,
} from './buildings.service.js';

const yesNo = (v: boolean) => (v ? '是' : '否');

export const buildingColumns: Column<BuildingView>[] = [
  ...place<BuildingView>(),
  { header: '校舍名称', width: 20, value: (b) => b.name },
  { header: '用途', width: 14, value: (b) => buildingUseLabels[b.use] },
  { header: '建成年份', width: 10, value: (b) => b.yearBuilt },
  { header: '结构类型', width: 12, value: (b) => buildingStructureLabels[b.structure] },
  { header: '层数', width: 6, value: (b) => b.floors },
  { header: '建筑面积（平方米）', width: 14, value: (b) => b.floorArea },
  { header: '在用', width: 6, value: (b) => yesNo(b.inUse) },
  { header: '鉴定等级', width: 14, value: (b) => (b.appraisalGrade ? appraisalGradeLabels[b.appraisalGrade] : null) },
  { header: '鉴定日期', width: 12, value: (b) => b.appraisedOn },
  { header: '鉴定机构', width: 24, value: (b) => b.appraisedBy },
  { header: '下次鉴定日期', width: 12, value: (b) => b.nextAppraisalDueOn },
  { header: '老旧闲置校舍', width: 10, value: (b) => yesNo(b.oldOrIdle) },
  { header: '风险评估日期', width: 12, value: (b) => b.riskAssessedOn },
  { header: '新建或改扩建', width: 10, value: (b) => yesNo(b.newOrRefit) },
  { header: '室内空气检测合格日期', width: 14, value: (b) => b.airTestPassedOn },
  { header: '竣工验收合格日期', width: 14, value: (b) => b.acceptancePassedOn },
  { header: '隐患编号', width: 18, value: (b) => b.hazard?.code ?? null },
  { header: '存在问题', width: 30, value: (b) => b.gaps.join('；') || null },
  ...recorded<BuildingView>(),
];

const siteColumns: Column<SiteView>[] = [
  ...place<SiteView>(),
  { header: '施工项目', width: 24, value: (s) => s.project },
  { header: '施工单位', width: 24, value: (s) => s.constructionUnit },
  { header: '开工日期', width: 12, value: (s) => s.startsOn },
  { header: '完工日期', width: 12, value: (s) => s.endsOn },
  { header: '涉及校舍', width: 16, value: (s) => s.buildingName },
  { header: '硬隔离', width: 8, value: (s) => yesNo(s.hardFence) },
  { header: '独立出入口', width: 10, value: (s) => yesNo(s.separateEntrance) },
  { header: '隔离措施说明', width: 24, value: (s) => s.isolationNote },
  { header: '最近检查日期', width: 12, value: (s) => s.lastCheckedOn },
  ...recorded<SiteView>(),
];

export default async function buildingsRoutes(app: App) {
  const tags = ['buildings'];
  const listExport = buildingListQuery.omit({ page: true, pageSize: true });
  app.get('/buildings', { schema: { tags, summary: '校舍台账', querystring: buildingListQuery, response: { 200: buildingPage } } }, (req) => listBuildings(ctxOf(req), req.query));
  app.get('/buildings/export', { schema: { tags, summary: '导出校舍台账（Excel）', querystring: listExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'building', () => buildingFilter(ctx, req.query), (w) => buildingBatchFetcher(ctx, w));
    return sendXlsx(reply, '校舍台账.xlsx', '校舍', buildingColumns, rows);
  });
  app.get('/buildings/summary', { schema: { tags, summary: '校舍安全情况（按镇街）', response: { 200: buildingSummaryBody } } }, (req) => buildingSummary(ctxOf(req)));
  app.get('/buildings/:id', { schema: { tags, summary: '校舍', params: idParam, response: { 200: buildingBody } } }, (req) => getBuilding(ctxOf(req), req.params.id));
  app.post('/buildings', { schema: { tags, summary: '登记校舍', body: createBuildingBody, response: { 201: buildingBody } } }, async (req, reply) => reply.code(201).send(await createBuilding(ctxOf(req), req.body)));
  app.patch('/buildings/:id', { schema: { tags, summary: '修改校舍或登记鉴定（需带版本号）', params: idParam, body: updateBuildingBody, response: { 200: buildingBody } } }, (req) =>
    updateBuilding(ctxOf(req), req.params.id, req.body),
  );
  app.post('/buildings/:id/void', { schema: { tags, summary: '作废校舍记录', params: idParam, body: voidRecordBody, response: { 200: buildingBody } } }, (req) =>
    voidBuilding(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  const siteTags = ['construction-sites'];
  const siteExport = siteListQuery.omit({ page: true, pageSize: true });
  app.get('/construction-sites', { schema: { tags: siteTags, summary: '校园施工项目', querystring: siteListQuery, response: { 200: sitePage } } }, (req) => listSites(ctxOf(req), req.query));
  app.get('/construction-sites/export', { schema: { tags: siteTags, summary: '导出校园施工项目（Excel）', querystring: siteExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'construction_site', () => siteFilter(ctx, req.query), (w) => siteBatchFetcher(ctx, w));
    return sendXlsx(reply, '校园施工项目.xlsx', '施工项目', siteColumns, rows);
  });
  app.get('/construction-sites/:id', { schema: { tags: siteTags, summary: '施工项目', params: idParam, response: { 200: siteBody } } }, (req) => getSite(ctxOf(req), req.params.id));
  app.post('/construction-sites', { schema: { tags: siteTags, summary: '登记校园施工项目', body: createSiteBody, response: { 201: siteBody } } }, async (req, reply) => reply.code(201).send(await createSite(ctxOf(req), req.body)));
  app.patch('/construction-sites/:id', { schema: { tags: siteTags, summary: '修改施工项目（需带版本号）', params: idParam, body: updateSiteBody, response: { 200: siteBody } } }, (req) =>
    updateSite(ctxOf(req), req.params.id, req.body),
  );
  app.post('/construction-sites/:id/void', { schema: { tags: siteTags, summary: '作废施工项目', params: idParam, body: voidRecordBody, response: { 200: siteBody } } }, (req) =>
    voidSite(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  const checkTags = ['construction-checks'];
  app.get('/construction-checks', { schema: { tags: checkTags, summary: '施工安全检查记录', querystring: siteCheckListQuery, response: { 200: siteCheckPage } } }, (req) => listSiteChecks(ctxOf(req), req.query));
  app.post('/construction-checks', { schema: { tags: checkTags, summary: '登记施工安全检查（每周一次）', body: createSiteCheckBody, response: { 201: siteCheckBody } } }, async (req, reply) =>
    reply.code(201).send(await createSiteCheck(ctxOf(req), req.body)),
  );
  app.post('/construction-checks/:id/void', { schema: { tags: checkTags, summary: '作废施工安全检查记录', params: idParam, body: voidRecordBody, response: { 200: siteCheckBody } } }, (req) =>
    voidSiteCheck(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
