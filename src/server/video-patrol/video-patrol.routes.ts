// Routes of online video patrols (网上视频巡查, issue 22): the school's video links, starting a
// patrol, coverage per school and month, the canteen notice draft. Thin: validate → service.
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import {
  canteenNoticeBody,
  canteenNoticeResult,
  coverageBody,
  coverageQuery,
  createVideoLinkBody,
  startedVideoPatrolBody,
  startVideoPatrolBody,
  updateVideoLinkBody,
  videoLinkAreaLabels,
  videoLinkBody,
  videoLinkListQuery,
  videoLinkPage,
  videoLinksBySchoolQuery,
  type VideoLinkView,
} from '../../contracts/video-patrol.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import {
  createVideoLink,
  draftCanteenNotice,
  getVideoLink,
  linksOfSchools,
  listVideoLinks,
  startVideoPatrol,
  updateVideoLink,
  videoLinkBatchFetcher,
  videoLinkFilter,
  videoPatrolCoverage,
  voidVideoLink,
} from './video-patrol.service.js';

const linkColumns: Column<VideoLinkView>[] = [
  ...place<VideoLinkView>(),
  { header: '点位名称', width: 20, value: (l) => l.name },
  { header: '区域', width: 10, value: (l) => videoLinkAreaLabels[l.area] },
  { header: '视频链接', width: 40, value: (l) => l.url },
  { header: '平台', width: 16, value: (l) => l.platform },
  { header: '备注', width: 24, value: (l) => l.notes },
  ...recorded<VideoLinkView>(),
];

export default async function videoPatrolRoutes(app: App) {
  const tags = ['video-patrol'];
  const linkExport = videoLinkListQuery.omit({ page: true, pageSize: true });
  app.get('/video-links', { schema: { tags, summary: '学校视频监控点位', querystring: videoLinkListQuery, response: { 200: videoLinkPage } } }, (req) =>
    listVideoLinks(ctxOf(req), req.query),
  );
  app.get('/video-links/by-school', { schema: { tags, summary: '多所学校的视频点位（巡查页一次取一页学校）', querystring: videoLinksBySchoolQuery, response: { 200: z.object({ items: z.array(videoLinkBody) }) } } }, async (req) => ({
    items: await linksOfSchools(ctxOf(req), req.query.schoolIds),
  }));
  app.get('/video-links/export', { schema: { tags, summary: '导出视频监控点位（Excel）', querystring: linkExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'video_link', () => videoLinkFilter(ctx, req.query), (w) => videoLinkBatchFetcher(ctx, w));
    return sendXlsx(reply, '视频监控点位.xlsx', '视频监控点位', linkColumns, rows);
  });
  app.get('/video-links/:id', { schema: { tags, summary: '视频点位', params: idParam, response: { 200: videoLinkBody } } }, (req) => getVideoLink(ctxOf(req), req.params.id));
  app.post('/video-links', { schema: { tags, summary: '登记视频点位', body: createVideoLinkBody, response: { 201: videoLinkBody } } }, async (req, reply) =>
    reply.code(201).send(await createVideoLink(ctxOf(req), req.body)),
  );
  app.patch('/video-links/:id', { schema: { tags, summary: '修改视频点位（需带版本号）', params: idParam, body: updateVideoLinkBody, response: { 200: videoLinkBody } } }, (req) =>
    updateVideoLink(ctxOf(req), req.params.id, req.body),
  );
  app.post('/video-links/:id/void', { schema: { tags, summary: '作废视频点位', params: idParam, body: voidRecordBody, response: { 200: videoLinkBody } } }, (req) =>
    voidVideoLink(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
  app.post('/video-patrols', { schema: { tags, summary: '开始一次视频巡查（生成视频巡查检查任务）', body: startVideoPatrolBody, response: { 201: startedVideoPatrolBody } } }, async (req, reply) =>
    reply.code(201).send(await startVideoPatrol(ctxOf(req), req.body.schoolId)),
  );
  app.get('/video-patrols/coverage', { schema: { tags, summary: '视频巡查覆盖情况（按学校、按月）', querystring: coverageQuery, response: { 200: coverageBody } } }, (req) =>
    videoPatrolCoverage(ctxOf(req), req.query),
  );
  app.post(
    '/video-patrols/canteen-notice',
    { schema: { tags, summary: '起草本月食堂视频巡查通报（草稿，在通报中编辑发布）', body: canteenNoticeBody, response: { 201: canteenNoticeResult } } },
    async (req, reply) => reply.code(201).send(await draftCanteenNotice(ctxOf(req), req.body.month)),
  );
}
