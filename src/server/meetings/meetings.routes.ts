// Routes of the safety meeting ledger (安全专题会议, 000 item 1, issue 4).
// Thin: validate → service → present. Shaped like the drill routes in drills.routes.ts.
import { idParam } from '../../contracts/common.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import {
  createMeetingBody,
  meetingBody,
  meetingListQuery,
  meetingPage,
  updateMeetingBody,
  type MeetingView,
} from '../../contracts/meetings.js';
import { meetingLevelLabels } from '../../contracts/rules.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import { createMeeting, getMeeting, listMeetings, meetingBatchFetcher, meetingFilter, updateMeeting, voidMeeting } from './meetings.service.js';

const meetingColumns: Column<MeetingView>[] = [
  ...place<MeetingView>(),
  { header: '会议日期', width: 12, value: (m) => m.meetingOn },
  { header: '会议类别', width: 20, value: (m) => meetingLevelLabels[m.level] },
  { header: '主持人', width: 12, value: (m) => m.chair },
  { header: '参会人员', width: 40, value: (m) => m.attendees.join('、') },
  { header: '会议纪要', width: 60, value: (m) => m.minutes },
  { header: '议定事项', width: 40, value: (m) => m.decisions },
  ...recorded<MeetingView>(),
];

export default async function meetingRoutes(app: App) {
  // ---- safety meetings (安全专题会议, 000 item 1)
  const tags = ['meetings'];
  const meetingExport = meetingListQuery.omit({ page: true, pageSize: true });
  app.get('/meetings', { schema: { tags, summary: '安全专题会议台账', querystring: meetingListQuery, response: { 200: meetingPage } } }, (req) => listMeetings(ctxOf(req), req.query));
  app.get('/meetings/export', { schema: { tags, summary: '导出安全专题会议台账（Excel）', querystring: meetingExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'safety_meeting', () => meetingFilter(ctx, req.query), (w) => meetingBatchFetcher(ctx, w));
    return sendXlsx(reply, '安全专题会议台账.xlsx', '安全专题会议', meetingColumns, rows);
  });
  app.get('/meetings/:id', { schema: { tags, summary: '会议记录', params: idParam, response: { 200: meetingBody } } }, (req) => getMeeting(ctxOf(req), req.params.id));
  app.post('/meetings', { schema: { tags, summary: '登记安全专题会议', body: createMeetingBody, response: { 201: meetingBody } } }, async (req, reply) =>
    reply.code(201).send(await createMeeting(ctxOf(req), req.body)),
  );
  app.patch('/meetings/:id', { schema: { tags, summary: '修改会议记录（需带版本号）', params: idParam, body: updateMeetingBody, response: { 200: meetingBody } } }, (req) =>
    updateMeeting(ctxOf(req), req.params.id, req.body),
  );
  app.post('/meetings/:id/void', { schema: { tags, summary: '作废会议记录（保留留痕，不再计入达标）', params: idParam, body: voidRecordBody, response: { 200: meetingBody } } }, (req) =>
    voidMeeting(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
