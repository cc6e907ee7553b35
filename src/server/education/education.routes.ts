// Routes of the safety education and boarding care ledger (安全教育活动, issue 15 item 9). Thin.
import { idParam } from '../../contracts/common.js';
import {
  createEducationBody,
  educationBody,
  educationDayList,
  educationDayQuery,
  educationKindLabels,
  educationListQuery,
  educationPage,
  updateEducationBody,
  type EducationView,
} from '../../contracts/education.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import { createEducation, educationBatchFetcher, educationDays, educationFilter, getEducation, listEducation, updateEducation, voidEducation } from './education.service.js';

export const educationColumns: Column<EducationView>[] = [
  ...place<EducationView>(),
  { header: '记录类型', width: 14, value: (r) => educationKindLabels[r.kind] },
  { header: '日期', width: 12, value: (r) => r.heldOn },
  { header: '负责人', width: 12, value: (r) => r.person },
  { header: '教育日', width: 24, value: (r) => r.educationDay },
  { header: '活动主题', width: 24, value: (r) => r.topic },
  { header: '覆盖班级数', width: 8, value: (r) => r.classesReached },
  { header: '参加人数', width: 8, value: (r) => r.participants },
  { header: '宿舍', width: 10, value: (r) => r.dormitory },
  { header: '应到人数', width: 8, value: (r) => r.expected },
  { header: '实到人数', width: 8, value: (r) => r.present },
  { header: '未请假缺勤人数', width: 8, value: (r) => r.absentWithoutLeave },
  { header: '当天已通知家长人数', width: 8, value: (r) => r.parentsNotified },
  { header: '班级数', width: 8, value: (r) => r.classesTotal },
  { header: '已回执班级数', width: 8, value: (r) => r.classesAcknowledged },
  { header: '学生数', width: 8, value: (r) => r.studentsTotal },
  { header: '已回执学生数', width: 8, value: (r) => r.studentsAcknowledged },
  { header: '记录内容', width: 40, value: (r) => r.content },
  ...recorded<EducationView>(),
];

export default async function educationRoutes(app: App) {
  const tags = ['education-records'];
  const exportQuery = educationListQuery.omit({ page: true, pageSize: true });
  app.get('/education-records', { schema: { tags, summary: '安全教育活动台账', querystring: educationListQuery, response: { 200: educationPage } } }, (req) => listEducation(ctxOf(req), req.query));
  app.get('/education-records/export', { schema: { tags, summary: '导出安全教育活动台账（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'education_record', () => educationFilter(ctx, req.query), (w) => educationBatchFetcher(ctx, w));
    return sendXlsx(reply, '安全教育活动台账.xlsx', '安全教育活动', educationColumns, rows);
  });
  app.get('/education-records/days', { schema: { tags, summary: '一年中的安全教育日（含开学第一课）', querystring: educationDayQuery, response: { 200: educationDayList } } }, (req) =>
    educationDays(ctxOf(req), req.query.year),
  );
  app.get('/education-records/:id', { schema: { tags, summary: '安全教育记录', params: idParam, response: { 200: educationBody } } }, (req) => getEducation(ctxOf(req), req.params.id));
  app.post('/education-records', { schema: { tags, summary: '登记安全教育活动、晚点名或告家长书', body: createEducationBody, response: { 201: educationBody } } }, async (req, reply) =>
    reply.code(201).send(await createEducation(ctxOf(req), req.body)),
  );
  app.patch('/education-records/:id', { schema: { tags, summary: '修改安全教育记录（需带版本号）', params: idParam, body: updateEducationBody, response: { 200: educationBody } } }, (req) =>
    updateEducation(ctxOf(req), req.params.id, req.body),
  );
  app.post('/education-records/:id/void', { schema: { tags, summary: '作废安全教育记录（保留留痕）', params: idParam, body: voidRecordBody, response: { 200: educationBody } } }, (req) =>
    voidEducation(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
