// Routes of drowning prevention (防溺水, 001 item 12; issue 22): dangerous waters, the grid by class
// (counts only), coverage by school and town, patrols with findings that become hazards, 零溺亡 by
// town, and the draft 通报 from a season's findings. Thin: validate → service → present.
import { idParam, okBody } from '../../contracts/common.js';
import { noticeDetail } from '../../contracts/accountability.js';
import {
  coverageSummaryBody,
  createGridClassBody,
  createPatrolBody,
  createWaterBody,
  deleteGridClassBody,
  gridClassBody,
  gridQuery,
  patrolBody,
  patrolList,
  patrolNoticeBody,
  patrolQuery,
  schoolGridBody,
  summaryQuery,
  updateGridClassBody,
  updateWaterBody,
  waterBody,
  waterKindLabels,
  type CoverageSummary,
  type WaterView,
  waterList,
  waterListQuery,
  zeroDrowningBody,
} from '../../contracts/drowning.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, yesNo, type Column } from '../excel.js';
import {
  coverageSummary,
  createGridClass,
  createPatrol,
  createWater,
  deleteGridClass,
  draftPatrolNotice,
  getGrid,
  getWater,
  listPatrols,
  listWaters,
  updateGridClass,
  updateWater,
  voidWater,
  zeroDrowningStatus,
} from './drowning.service.js';

const waterColumns: Column<WaterView>[] = [
  { header: '镇街', width: 14, value: (w) => w.townName },
  { header: '水域名称', width: 20, value: (w) => w.name },
  { header: '水域类型', width: 10, value: (w) => waterKindLabels[w.kind] },
  { header: '具体位置', width: 28, value: (w) => w.place },
  { header: '纬度', width: 12, value: (w) => w.lat },
  { header: '经度', width: 12, value: (w) => w.lng },
  { header: '警示标志', width: 10, value: (w) => yesNo(w.warningSign) },
  { header: '救生设施', width: 10, value: (w) => yesNo(w.rescueKit) },
  { header: '责任村（居）', width: 14, value: (w) => w.village },
  { header: '联系人', width: 10, value: (w) => w.villageContact },
  { header: '联系电话', width: 14, value: (w) => w.villagePhone },
  { header: '附近学校', width: 30, value: (w) => w.schools.map((s) => s.name).join('、') },
  { header: '最近督查', width: 12, value: (w) => w.lastPatrolledOn },
];

// Numbers only: no class, no teacher, no pupil (above the school only counts).
type CoverageRow = CoverageSummary['schools'][number];
const coverageColumns: Column<CoverageRow>[] = [
  { header: '学校', width: 24, value: (s) => s.schoolName },
  { header: '镇街', width: 14, value: (s) => s.townName ?? '局直属' },
  { header: '班级数', width: 10, value: (s) => s.coverage.classes },
  { header: '全覆盖班级数', width: 12, value: (s) => s.coverage.classesCovered },
  { header: '学生数', width: 10, value: (s) => s.coverage.pupils },
  { header: '已包靠人数', width: 12, value: (s) => s.coverage.covered },
  { header: '覆盖率（%）', width: 12, value: (s) => s.coverage.percent },
  { header: '全覆盖', width: 8, value: (s) => yesNo(s.covered100) },
];

async function* each<T>(rows: T[]) {
  yield* rows;
}

export default async function drowningRoutes(app: App) {
  const tags = ['drowning'];
  app.get('/drowning/waters', { schema: { tags, summary: '危险水域', querystring: waterListQuery, response: { 200: waterList } } }, (req) => listWaters(ctxOf(req), req.query));
  app.get('/drowning/waters/export', { schema: { tags, summary: '导出危险水域（Excel）', querystring: waterListQuery } }, async (req, reply) =>
    sendXlsx(reply, '危险水域.xlsx', '危险水域', waterColumns, each((await listWaters(ctxOf(req), req.query)).items)),
  );
  app.get('/drowning/waters/:id', { schema: { tags, summary: '危险水域详情', params: idParam, response: { 200: waterBody } } }, (req) => getWater(ctxOf(req), req.params.id));
  app.post('/drowning/waters', { schema: { tags, summary: '登记危险水域（镇街）', body: createWaterBody, response: { 201: waterBody } } }, async (req, reply) => reply.code(201).send(await createWater(ctxOf(req), req.body)));
  app.patch('/drowning/waters/:id', { schema: { tags, summary: '修改危险水域（需带版本号）', params: idParam, body: updateWaterBody, response: { 200: waterBody } } }, (req) => updateWater(ctxOf(req), req.params.id, req.body));
  app.post('/drowning/waters/:id/void', { schema: { tags, summary: '作废危险水域', params: idParam, body: voidRecordBody, response: { 200: waterBody } } }, (req) =>
    voidWater(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  app.get('/drowning/grid', { schema: { tags, summary: '本校网格化包靠（按班级，仅人数）', querystring: gridQuery, response: { 200: schoolGridBody } } }, (req) => getGrid(ctxOf(req), req.query));
  app.post('/drowning/grid', { schema: { tags, summary: '登记班级包靠', body: createGridClassBody, response: { 201: gridClassBody } } }, async (req, reply) => reply.code(201).send(await createGridClass(ctxOf(req), req.body)));
  app.patch('/drowning/grid/:id', { schema: { tags, summary: '修改班级包靠（需带版本号）', params: idParam, body: updateGridClassBody, response: { 200: gridClassBody } } }, (req) => updateGridClass(ctxOf(req), req.params.id, req.body));
  app.post('/drowning/grid/:id/delete', { schema: { tags, summary: '删除班级包靠（需带版本号）', params: idParam, body: deleteGridClassBody, response: { 200: okBody } } }, (req) =>
    deleteGridClass(ctxOf(req), req.params.id, req.body.version),
  );
  app.get('/drowning/coverage', { schema: { tags, summary: '包靠覆盖率（按学校、镇街，仅数字）', querystring: summaryQuery, response: { 200: coverageSummaryBody } } }, (req) => coverageSummary(ctxOf(req), req.query));

  app.get('/drowning/coverage/export', { schema: { tags, summary: '导出包靠覆盖率（Excel，仅数字）', querystring: summaryQuery } }, async (req, reply) => {
    const c = await coverageSummary(ctxOf(req), req.query);
    return sendXlsx(reply, `${c.seasonYear}年网格化包靠覆盖率.xlsx`, '覆盖率', coverageColumns, each(c.schools));
  });
  app.get('/drowning/patrols', { schema: { tags, summary: '防溺水督查', querystring: patrolQuery, response: { 200: patrolList } } }, (req) => listPatrols(ctxOf(req), req.query));
  app.post('/drowning/patrols', { schema: { tags, summary: '登记防溺水督查（发现的问题一并登记为隐患）', body: createPatrolBody, response: { 201: patrolBody } } }, async (req, reply) => reply.code(201).send(await createPatrol(ctxOf(req), req.body)));
  app.post('/drowning/notice-draft', { schema: { tags, summary: '由汛期督查发现的问题起草通报', body: patrolNoticeBody, response: { 201: noticeDetail } } }, async (req, reply) => reply.code(201).send(await draftPatrolNotice(ctxOf(req), req.body.year)));

  app.get('/drowning/zero', { schema: { tags, summary: '各镇街零溺亡情况', querystring: summaryQuery, response: { 200: zeroDrowningBody } } }, (req) => zeroDrowningStatus(ctxOf(req), req.query));
}
