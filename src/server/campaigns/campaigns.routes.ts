// Campaign routes (专项整治): thin — validate, call the service, present. Endpoints are listed in
// src/contracts/campaigns.ts.
import { idParam } from '../../contracts/common.js';
import {
  campaignDetailBody,
  campaignHazardParams,
  campaignList,
  campaignListQuery,
  campaignPresetList,
  campaignProgressBody,
  campaignSampleBody,
  campaignSampleList,
  campaignSummaryBody,
  classifyResult,
  coordinationList as coordinationListBody,
  createCampaignBody,
  drawSampleBody,
  saveWeeklyReturnBody,
  updateCampaignBody,
  updateWeeklyReturnBody,
  versionBody,
  weeklyReturnBody,
  weeklyReturnDraftQuery,
  weeklyReturnList,
  weeklyReturnListQuery,
  weeklyReturnParams,
  type SummaryHazardRow,
} from '../../contracts/campaigns.js';
import { hazardGradeLabels, hazardStatusLabels, safetyAreaLabels, summaryClassLabels, type SummaryClass } from '../../contracts/enums.js';
import { classifyBody } from '../../contracts/hazards.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { beijingTime, inBatches, sendXlsxSheets, yesNo, type Column } from '../excel.js';
import {
  campaignForExport,
  campaignPresets,
  campaignProgress,
  campaignSummary,
  classifyHazard,
  coordinationList,
  createCampaign,
  drawCampaignSample,
  finishCampaign,
  getCampaign,
  listCampaigns,
  listSamples,
  listWeeklyReturns,
  presentSummaryRow,
  saveWeeklyReturn,
  summaryBatchFetcher,
  updateCampaign,
  updateWeeklyReturn,
  weeklyReturnDraft,
  weeklyReturnForExport,
} from './campaigns.service.js';

const tags = ['campaigns'];

/** The summary sheets: one per class of 002 (风险隐患整改情况三类), as the departments report them. */
function summaryColumns(): Column<SummaryHazardRow>[] {
  return [
    { header: '隐患编号', width: 18, value: (r) => r.code },
    { header: '学校', width: 24, value: (r) => r.schoolName },
    { header: '排查领域', width: 18, value: (r) => safetyAreaLabels[r.area] },
    { header: '隐患描述', width: 40, value: (r) => r.description },
    { header: '隐患等级', width: 8, value: (r) => hazardGradeLabels[r.grade] },
    { header: '状态', width: 8, value: (r) => hazardStatusLabels[r.status] },
    { header: '责任部门', width: 14, value: (r) => r.responsibleDepartmentName },
    { header: '总结分类', width: 26, value: (r) => (r.summaryClass ? summaryClassLabels[r.summaryClass] : '未分类') },
    { header: '承诺完成日期', width: 12, value: (r) => r.committedOn },
    { header: '牵头协调部门', width: 14, value: (r) => r.coordinationDepartmentName },
    { header: '回头看弄虚作假', width: 10, value: (r) => yesNo(r.falseFix) },
  ];
}

export default async function campaignRoutes(app: App) {
  app.get('/campaigns', { schema: { tags, summary: '专项整治列表', querystring: campaignListQuery, response: { 200: campaignList } } }, (req) =>
    listCampaigns(ctxOf(req), req.query),
  );

  app.get('/campaigns/presets', { schema: { tags, summary: '按 002、004 方案新建的预设', response: { 200: campaignPresetList } } }, (req) =>
    campaignPresets(ctxOf(req)),
  );

  app.post('/campaigns', { schema: { tags, summary: '新建专项整治', body: createCampaignBody, response: { 201: campaignDetailBody } } }, async (req, reply) =>
    reply.code(201).send(await createCampaign(ctxOf(req), req.body)),
  );

  app.get('/campaigns/:id', { schema: { tags, summary: '专项整治详情', params: idParam, response: { 200: campaignDetailBody } } }, (req) =>
    getCampaign(ctxOf(req), req.params.id),
  );

  app.patch('/campaigns/:id', { schema: { tags, summary: '修改专项整治', params: idParam, body: updateCampaignBody, response: { 200: campaignDetailBody } } }, (req) =>
    updateCampaign(ctxOf(req), req.params.id, req.body),
  );

  app.post('/campaigns/:id/finish', { schema: { tags, summary: '结束专项整治', params: idParam, body: versionBody, response: { 200: campaignDetailBody } } }, (req) =>
    finishCampaign(ctxOf(req), req.params.id, req.body.version),
  );

  app.get('/campaigns/:id/progress', { schema: { tags, summary: '专项整治进度（领导小组）', params: idParam, response: { 200: campaignProgressBody } } }, (req) =>
    campaignProgress(ctxOf(req), req.params.id),
  );

  // ---- weekly returns (002 attachment 4)

  app.get(
    '/campaigns/:id/weekly-returns',
    { schema: { tags, summary: '周报（每周 × 责任部门）', params: idParam, querystring: weeklyReturnListQuery, response: { 200: weeklyReturnList } } },
    (req) => listWeeklyReturns(ctxOf(req), req.params.id, req.query),
  );

  app.get(
    '/campaigns/:id/weekly-returns/draft',
    { schema: { tags, summary: '周报草稿（按本周数据生成）', params: idParam, querystring: weeklyReturnDraftQuery, response: { 200: weeklyReturnBody } } },
    (req) => weeklyReturnDraft(ctxOf(req), req.params.id, req.query.week, req.query.departmentId),
  );

  app.post(
    '/campaigns/:id/weekly-returns',
    { schema: { tags, summary: '保存（并提交）周报', params: idParam, body: saveWeeklyReturnBody, response: { 201: weeklyReturnBody } } },
    async (req, reply) => reply.code(201).send(await saveWeeklyReturn(ctxOf(req), req.params.id, req.body)),
  );

  app.put(
    '/campaigns/:id/weekly-returns/:rid',
    { schema: { tags, summary: '修改（并提交）周报', params: weeklyReturnParams, body: updateWeeklyReturnBody, response: { 200: weeklyReturnBody } } },
    (req) => updateWeeklyReturn(ctxOf(req), req.params.id, req.params.rid, req.body),
  );

  app.get('/campaigns/:id/weekly-returns/:rid/export', { schema: { tags, summary: '导出周报（Excel）', params: weeklyReturnParams } }, async (req, reply) => {
    const { campaign, ret } = await weeklyReturnForExport(ctxOf(req), req.params.id, req.params.rid);
    const f = ret.figures;
    const title = [`${campaign.name}工作周报`, `填报部门：${ret.departmentName}    周次：${ret.weekStart} 至 ${ret.weekEnd}`];
    type Line = [string, string | number | null];
    const lines: Line[] = [
      ['填报部门', ret.departmentName],
      ['周次', `${ret.weekStart} 至 ${ret.weekEnd}`],
      ['负责领域', f ? f.areas.map((a) => safetyAreaLabels[a]).join('、') : ''],
      ['本周新增隐患（条）', f?.newCount ?? null],
      ['本周整改验收（条）', f?.rectifiedCount ?? null],
      ['本周销号（条）', f?.closedCount ?? null],
      ['累计排查隐患（条）', f?.totalCount ?? null],
      ['累计销号（条）', f?.closedTotal ?? null],
      ['未销号（条）', f?.openCount ?? null],
      ['其中逾期（条）', f?.overdueCount ?? null],
      ['工作推进情况', ret.progress],
      ['存在问题', ret.problems],
      ['下周工作计划', ret.nextSteps],
      ['状态', ret.status === 'submitted' ? '已提交' : '草稿'],
      ['提交人', ret.submittedByName],
      ['提交时间', beijingTime(ret.submittedAt ? new Date(ret.submittedAt) : null)],
    ];
    async function* of<T>(rows: T[]) {
      yield* rows;
    }
    type AreaRow = NonNullable<typeof f>['byArea'][number];
    type OverdueRow = NonNullable<typeof f>['overdue'][number];
    return sendXlsxSheets(reply, `${campaign.name}周报-${ret.departmentName}-${ret.weekStart}.xlsx`, [
      {
        name: '周报',
        title,
        columns: [
          { header: '项目', width: 20, value: (l: Line) => l[0] },
          { header: '内容', width: 80, value: (l: Line) => l[1] },
        ],
        rows: () => of(lines),
      },
      {
        name: '分领域情况',
        title,
        columns: [
          { header: '排查领域', width: 24, value: (r: AreaRow) => safetyAreaLabels[r.area] },
          { header: '本周新增', width: 10, value: (r: AreaRow) => r.newCount },
          { header: '本周整改验收', width: 12, value: (r: AreaRow) => r.rectifiedCount },
          { header: '本周销号', width: 10, value: (r: AreaRow) => r.closedCount },
          { header: '未销号', width: 10, value: (r: AreaRow) => r.openCount },
          { header: '逾期', width: 10, value: (r: AreaRow) => r.overdueCount },
        ],
        rows: () => of(f?.byArea ?? []),
      },
      {
        name: '逾期隐患',
        title,
        columns: [
          { header: '隐患编号', width: 18, value: (r: OverdueRow) => r.code },
          { header: '学校', width: 24, value: (r: OverdueRow) => r.schoolName },
          { header: '整改时限', width: 12, value: (r: OverdueRow) => r.deadline },
        ],
        rows: () => of(f?.overdue ?? []),
      },
    ]);
  });

  // ---- summary (002 总结评估阶段)

  app.post(
    '/campaigns/:id/hazards/:hid/classify',
    { schema: { tags, summary: '隐患总结分类（三类）', params: campaignHazardParams, body: classifyBody, response: { 200: classifyResult } } },
    (req) => classifyHazard(ctxOf(req), req.params.id, req.params.hid, req.body),
  );

  app.get('/campaigns/:id/summary', { schema: { tags, summary: '总结评估：三类情况', params: idParam, response: { 200: campaignSummaryBody } } }, (req) =>
    campaignSummary(ctxOf(req), req.params.id),
  );

  app.get('/campaigns/:id/coordination', { schema: { tags, summary: '专题协调清单（难以短期内化解）', params: idParam, response: { 200: coordinationListBody } } }, (req) =>
    coordinationList(ctxOf(req), req.params.id),
  );

  app.get('/campaigns/:id/summary/export', { schema: { tags, summary: '导出整改情况三类汇总（Excel）', params: idParam } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const c = await campaignForExport(ctx, req.params.id, '整改情况三类汇总');
    const cols = summaryColumns();
    const sheet = (cls: SummaryClass | null | 'false_fix', name: string) => ({
      name,
      title: [`${c.name} 风险隐患整改情况汇总`, name],
      columns: cols,
      rows: () =>
        (async function* () {
          for await (const r of inBatches(summaryBatchFetcher(ctx, c.id, cls))) yield presentSummaryRow(r);
        })(),
    });
    return sendXlsxSheets(reply, `${c.name}整改情况汇总.xlsx`, [
      sheet('resolved', '已化解'),
      sheet('resolving', '正在化解中'),
      sheet('hard', '难以短期内化解'),
      sheet(null, '未分类'),
      sheet('false_fix', '回头看弄虚作假'),
    ]);
  });

  // ---- samples (002: 按比例予以抽查)

  app.get('/campaigns/:id/samples', { schema: { tags, summary: '抽查记录', params: idParam, response: { 200: campaignSampleList } } }, (req) =>
    listSamples(ctxOf(req), req.params.id),
  );

  app.post('/campaigns/:id/samples', { schema: { tags, summary: '按比例抽查并生成回头看', params: idParam, body: drawSampleBody, response: { 201: campaignSampleBody } } }, async (req, reply) =>
    reply.code(201).send(await drawCampaignSample(ctxOf(req), req.params.id, req.body)),
  );
}
