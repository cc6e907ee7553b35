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
} from '../../contracts/campaigns.js';
import { classifyBody } from '../../contracts/hazards.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { campaignPresets, createCampaign, finishCampaign, getCampaign, listCampaigns, updateCampaign } from './campaigns.service.js';
import { sendSummaryExport, sendWeeklyReturnExport } from './exports.js';
import { campaignProgress } from './progress.service.js';
import { drawCampaignSample, listSamples } from './samples.service.js';
import { campaignSummary, classifyHazard, coordinationList } from './summary.service.js';
import { listWeeklyReturns, saveWeeklyReturn, updateWeeklyReturn, weeklyReturnDraft } from './weekly-returns.service.js';

const tags = ['campaigns'];

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

  app.get('/campaigns/:id/weekly-returns/:rid/export', { schema: { tags, summary: '导出周报（Excel）', params: weeklyReturnParams } }, (req, reply) =>
    sendWeeklyReturnExport(ctxOf(req), reply, req.params.id, req.params.rid),
  );

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

  app.get('/campaigns/:id/summary/export', { schema: { tags, summary: '导出整改情况三类汇总（Excel）', params: idParam } }, (req, reply) =>
    sendSummaryExport(ctxOf(req), reply, req.params.id),
  );

  // ---- samples (002: 按比例予以抽查)

  app.get('/campaigns/:id/samples', { schema: { tags, summary: '抽查记录', params: idParam, response: { 200: campaignSampleList } } }, (req) =>
    listSamples(ctxOf(req), req.params.id),
  );

  app.post('/campaigns/:id/samples', { schema: { tags, summary: '按比例抽查并生成回头看', params: idParam, body: drawSampleBody, response: { 201: campaignSampleBody } } }, async (req, reply) =>
    reply.code(201).send(await drawCampaignSample(ctxOf(req), req.params.id, req.body)),
  );
}
