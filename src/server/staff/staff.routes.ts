// Routes of the staff posts and training ledgers (教职工岗位, 安全培训台账, issue 4).
// Thin: validate → service → present. Shaped like the drill routes in drills.routes.ts.
import { idParam } from '../../contracts/common.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import { staffPostLabels } from '../../contracts/rules.js';
import {
  createStaffBody,
  createTrainingBody,
  entryCheckResultLabels,
  outsourcedKindLabels,
  staffBody,
  staffListQuery,
  staffPage,
  trainingBody,
  trainingListQuery,
  trainingPage,
  updateStaffBody,
  updateTrainingBody,
  type StaffView,
  type TrainingView,
} from '../../contracts/staff.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import { createStaff, getStaff, listStaff, staffBatchFetcher, staffFilter, updateStaff } from './staff.service.js';
import { createTraining, getTraining, listTrainings, trainingBatchFetcher, trainingFilter, updateTraining, voidTraining } from './trainings.service.js';

const staffColumns: Column<StaffView>[] = [
  ...place<StaffView>(),
  { header: '姓名', width: 12, value: (s) => s.name },
  { header: '岗位及任职日期', width: 48, value: (s) => s.posts.map((p) => `${staffPostLabels[p.post]}${p.since ? `（${p.since}）` : ''}`).join('、') },
  { header: '离岗日期', width: 12, value: (s) => s.leftOn },
  { header: '有系统账号', width: 10, value: (s) => (s.userId ? '是' : '否') },
  // Issue 15 item 7 (001 item 11): who employs the person, and the entry check's day and result.
  { header: '人员类别', width: 14, value: (s) => (s.outsourcedKind ? `外包${outsourcedKindLabels[s.outsourcedKind]}` : '本校教职工') },
  { header: '外包单位', width: 24, value: (s) => s.employer },
  { header: '准入查询日期', width: 12, value: (s) => s.entryCheckOn },
  { header: '准入查询结果', width: 14, value: (s) => (s.entryCheckResult ? entryCheckResultLabels[s.entryCheckResult] : '未查询') },
];
const trainingColumns: Column<TrainingView>[] = [
  ...place<TrainingView>(),
  { header: '姓名', width: 12, value: (t) => t.staffName },
  { header: '岗位', width: 24, value: (t) => t.posts.map((p) => staffPostLabels[p]).join('、') },
  { header: '培训课程', width: 32, value: (t) => t.course },
  { header: '学时', width: 8, value: (t) => t.hours },
  { header: '开始日期', width: 12, value: (t) => t.startsOn },
  { header: '结束日期', width: 12, value: (t) => t.endsOn },
  { header: '培训机构', width: 24, value: (t) => t.provider },
  { header: '培训证书', width: 20, value: (t) => t.certificate?.name ?? null },
  ...recorded<TrainingView>(),
];

export default async function staffRoutes(app: App) {
  // ---- staff and their posts (教职工岗位)
  let tags = ['staff'];
  const staffExport = staffListQuery.omit({ page: true, pageSize: true });
  app.get('/staff', { schema: { tags, summary: '教职工岗位登记', querystring: staffListQuery, response: { 200: staffPage } } }, (req) => listStaff(ctxOf(req), req.query));
  app.get('/staff/export', { schema: { tags, summary: '导出教职工岗位（Excel）', querystring: staffExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'staff_member', () => staffFilter(ctx, req.query), (w) => staffBatchFetcher(ctx, w));
    return sendXlsx(reply, '教职工岗位.xlsx', '教职工岗位', staffColumns, rows);
  });
  app.get('/staff/:id', { schema: { tags, summary: '教职工岗位', params: idParam, response: { 200: staffBody } } }, (req) => getStaff(ctxOf(req), req.params.id));
  app.post('/staff', { schema: { tags, summary: '登记教职工及岗位（任职日期）', body: createStaffBody, response: { 201: staffBody } } }, async (req, reply) =>
    reply.code(201).send(await createStaff(ctxOf(req), req.body)),
  );
  app.patch('/staff/:id', { schema: { tags, summary: '修改岗位或登记离岗（需带版本号）', params: idParam, body: updateStaffBody, response: { 200: staffBody } } }, (req) =>
    updateStaff(ctxOf(req), req.params.id, req.body),
  );

  // ---- trainings (安全培训台账, 001 item 7)
  tags = ['trainings'];
  const trainingExport = trainingListQuery.omit({ page: true, pageSize: true });
  app.get('/trainings', { schema: { tags, summary: '安全培训台账', querystring: trainingListQuery, response: { 200: trainingPage } } }, (req) => listTrainings(ctxOf(req), req.query));
  app.get('/trainings/export', { schema: { tags, summary: '导出安全培训台账（Excel）', querystring: trainingExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'training', () => trainingFilter(ctx, req.query), (w) => trainingBatchFetcher(ctx, w));
    return sendXlsx(reply, '安全培训台账.xlsx', '安全培训', trainingColumns, rows);
  });
  app.get('/trainings/:id', { schema: { tags, summary: '培训记录', params: idParam, response: { 200: trainingBody } } }, (req) => getTraining(ctxOf(req), req.params.id));
  app.post('/trainings', { schema: { tags, summary: '登记安全培训', body: createTrainingBody, response: { 201: trainingBody } } }, async (req, reply) =>
    reply.code(201).send(await createTraining(ctxOf(req), req.body)),
  );
  app.patch('/trainings/:id', { schema: { tags, summary: '修改培训记录（需带版本号）', params: idParam, body: updateTrainingBody, response: { 200: trainingBody } } }, (req) =>
    updateTraining(ctxOf(req), req.params.id, req.body),
  );
  app.post('/trainings/:id/void', { schema: { tags, summary: '作废培训记录（保留留痕，不再计入学时）', params: idParam, body: voidRecordBody, response: { 200: trainingBody } } }, (req) =>
    voidTraining(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
