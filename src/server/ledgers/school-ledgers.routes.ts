// Routes of the staff posts, training, safety meeting and school liability insurance ledgers
// (issue 4). Thin: validate → service → present. Shaped like the drill routes in ledgers.routes.ts.
import { idParam } from '../../contracts/common.js';
import type { AuditObjectType } from '../../contracts/enums.js';
import { meetingLevelLabels, staffPostLabels } from '../../contracts/rules.js';
import {
  createInsuranceBody,
  createMeetingBody,
  createStaffBody,
  createTrainingBody,
  insuranceBody,
  insuranceListQuery,
  insurancePage,
  meetingBody,
  meetingListQuery,
  meetingPage,
  recordStatusLabels,
  staffBody,
  staffListQuery,
  staffPage,
  trainingBody,
  trainingListQuery,
  trainingPage,
  updateInsuranceBody,
  updateMeetingBody,
  updateStaffBody,
  updateTrainingBody,
  voidRecordBody,
  type InsuranceView,
  type MeetingView,
  type StaffView,
  type TrainingView,
} from '../../contracts/school-ledgers.js';
import type { App } from '../app.js';
import { requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf, type Ctx } from '../context.js';
import { inBatches, sendXlsx, type Column } from '../excel.js';
import type { SQL } from 'drizzle-orm';
import { createInsurancePolicy, getInsurancePolicy, insuranceBatchFetcher, insuranceFilter, listInsurancePolicies, updateInsurancePolicy, voidInsurancePolicy } from './insurance.service.js';
import { createMeeting, getMeeting, listMeetings, meetingBatchFetcher, meetingFilter, updateMeeting, voidMeeting } from './meetings.service.js';
import { createStaff, getStaff, listStaff, staffBatchFetcher, staffFilter, updateStaff } from './staff.service.js';
import { createTraining, getTraining, listTrainings, trainingBatchFetcher, trainingFilter, updateTraining, voidTraining } from './trainings.service.js';

const place = <T extends { schoolName: string; townName: string | null }>(): Column<T>[] => [
  { header: '学校', width: 28, value: (d) => d.schoolName },
  { header: '镇街', width: 16, value: (d) => d.townName },
];
const recorded = <T extends { files: unknown[]; status: keyof typeof recordStatusLabels; voidReason: string | null; createdByName: string }>(): Column<T>[] => [
  { header: '文件数', width: 8, value: (d) => d.files.length },
  { header: '状态', width: 8, value: (d) => recordStatusLabels[d.status] },
  { header: '作废原因', width: 24, value: (d) => d.voidReason },
  { header: '登记人', width: 12, value: (d) => d.createdByName },
];

const staffColumns: Column<StaffView>[] = [
  ...place<StaffView>(),
  { header: '姓名', width: 12, value: (s) => s.name },
  { header: '岗位及任职日期', width: 48, value: (s) => s.posts.map((p) => `${staffPostLabels[p.post]}${p.since ? `（${p.since}）` : ''}`).join('、') },
  { header: '离岗日期', width: 12, value: (s) => s.leftOn },
  { header: '有系统账号', width: 10, value: (s) => (s.userId ? '是' : '否') },
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
const insuranceColumns: Column<InsuranceView>[] = [
  ...place<InsuranceView>(),
  { header: '保单号', width: 24, value: (p) => p.policyNo },
  { header: '保险公司', width: 24, value: (p) => p.insurer },
  { header: '开始日期', width: 12, value: (p) => p.startsOn },
  { header: '结束日期', width: 12, value: (p) => p.endsOn },
  { header: '承保学生数', width: 10, value: (p) => p.studentsCovered },
  ...recorded<InsuranceView>(),
];

export default async function schoolLedgerRoutes(app: App) {
  /** An audited export in the caller's scope (the filter decides; outside it → 404). */
  async function exportLedger<T extends { id: number }>(
    ctx: Ctx,
    query: unknown,
    objectType: AuditObjectType,
    filter: () => Promise<SQL>,
    fetcher: (where: SQL) => (afterId: number, limit: number) => Promise<T[]>,
  ) {
    requireAccess(ctx.actor, 'ledger.read');
    const where = await filter();
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType, after: { filter: query } }));
    return inBatches(fetcher(where));
  }

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

  // ---- safety meetings (安全专题会议, 000 item 1)
  tags = ['meetings'];
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

  // ---- school liability insurance (校方责任保险, 001 item 26)
  tags = ['insurance-policies'];
  const insuranceExport = insuranceListQuery.omit({ page: true, pageSize: true });
  app.get('/insurance-policies', { schema: { tags, summary: '校方责任保险台账', querystring: insuranceListQuery, response: { 200: insurancePage } } }, (req) =>
    listInsurancePolicies(ctxOf(req), req.query),
  );
  app.get('/insurance-policies/export', { schema: { tags, summary: '导出校方责任保险台账（Excel）', querystring: insuranceExport } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'insurance_policy', () => insuranceFilter(ctx, req.query), (w) => insuranceBatchFetcher(ctx, w));
    return sendXlsx(reply, '校方责任保险台账.xlsx', '校方责任保险', insuranceColumns, rows);
  });
  app.get('/insurance-policies/:id', { schema: { tags, summary: '保险记录', params: idParam, response: { 200: insuranceBody } } }, (req) =>
    getInsurancePolicy(ctxOf(req), req.params.id),
  );
  app.post('/insurance-policies', { schema: { tags, summary: '登记校方责任保险', body: createInsuranceBody, response: { 201: insuranceBody } } }, async (req, reply) =>
    reply.code(201).send(await createInsurancePolicy(ctxOf(req), req.body)),
  );
  app.patch('/insurance-policies/:id', { schema: { tags, summary: '修改保险记录（需带版本号）', params: idParam, body: updateInsuranceBody, response: { 200: insuranceBody } } }, (req) =>
    updateInsurancePolicy(ctxOf(req), req.params.id, req.body),
  );
  app.post('/insurance-policies/:id/void', { schema: { tags, summary: '作废保险记录（保留留痕，不再计入覆盖）', params: idParam, body: voidRecordBody, response: { 200: insuranceBody } } }, (req) =>
    voidInsurancePolicy(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );
}
