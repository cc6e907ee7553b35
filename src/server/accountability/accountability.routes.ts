// Routes of notices, interviews, accountability decisions and the award check (通报、约谈、问责、
// 前置审核, issue 13). Thin: validate → service → present.
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import {
  approveNoticeBody,
  awardCheckQuery,
  awardCheckView,
  completeCommitmentBody,
  createDecisionBody,
  createInterviewBody,
  createNoticeBody,
  decisionListQuery,
  decisionPage,
  decisionView,
  interviewListQuery,
  interviewPage,
  interviewView,
  noticeDetail,
  noticeListQuery,
  noticePage,
  publishNoticeBody,
  replyNoticeBody,
  updateNoticeBody,
} from '../../contracts/accountability.js';
import { requireAccess } from '../access/access.js';
import { unitRef } from '../access/references.js';
import type { App } from '../app.js';
import { todayOf, ctxOf } from '../context.js';
import { runAwardCheck } from './award-sources.js';
import { completeCommitment, createDecision, createInterview, decisionBatchFetcher, decisionFilter, getInterview, interviewBatchFetcher, interviewFilter, listDecisions, listInterviews } from './interviews.service.js';
import { approveNotice, createNotice, getNotice, listNotices, noticeBatchFetcher, noticeFilter, publishNotice, replyToNotice, updateNotice } from './notices.service.js';
import { accountabilityMeasureLabels, commitmentStateLabels, noticeStatusLabels, type DecisionView, type InterviewView, type NoticeView } from '../../contracts/accountability.js';
import { writeAudit } from '../audit/audit.js';
import { inBatches, sendXlsx, type Column } from '../excel.js';

const noticeColumns: Column<NoticeView>[] = [
  { header: '编号', width: 16, value: (n) => n.code },
  { header: '标题', width: 40, value: (n) => n.title },
  { header: '被通报单位', width: 36, value: (n) => n.unitNames.join('、') },
  { header: '通报事由', width: 50, value: (n) => n.reason },
  { header: '状态', width: 12, value: (n) => noticeStatusLabels[n.status] },
  { header: '起草人', width: 12, value: (n) => n.draftedByName },
  { header: '签发人', width: 12, value: (n) => n.approvedByName },
  { header: '发布日期', width: 12, value: (n) => n.publishedOn },
  { header: '回复期限', width: 12, value: (n) => n.replyDueOn },
  { header: '应回复', width: 8, value: (n) => n.replies.total },
  { header: '已回复', width: 8, value: (n) => n.replies.replied },
  { header: '逾期未回复', width: 10, value: (n) => n.replies.overdue },
];

// One row per interview; its commitments (承诺) in one cell with their deadlines and states, so the
// follow-up reads like the hazard register's.
const interviewColumns: Column<InterviewView>[] = [
  { header: '约谈日期', width: 12, value: (i) => i.heldOn },
  { header: '被约谈单位', width: 24, value: (i) => i.unitName },
  { header: '被约谈人', width: 24, value: (i) => i.interviewees },
  { header: '约谈人', width: 24, value: (i) => i.interviewers },
  { header: '地点', width: 16, value: (i) => i.place },
  { header: '约谈事由', width: 40, value: (i) => i.reason },
  { header: '约谈内容', width: 50, value: (i) => i.minutes },
  { header: '整改承诺', width: 60, value: (i) => i.commitments.map((c) => `${c.seq}. ${c.content}（期限 ${c.dueOn}，${commitmentStateLabels[c.state]}${c.doneOn ? `，${c.doneOn} 完成` : ''}）`).join('\n') },
  { header: '承诺数', width: 8, value: (i) => i.followUp.total },
  { header: '已完成', width: 8, value: (i) => i.followUp.done },
  { header: '逾期未完成', width: 10, value: (i) => i.followUp.overdue },
  { header: '登记人', width: 12, value: (i) => i.createdByName },
];

const decisionColumns: Column<DecisionView>[] = [
  { header: '决定日期', width: 12, value: (d) => d.decidedOn },
  { header: '单位', width: 24, value: (d) => d.unitName },
  { header: '问责方式', width: 16, value: (d) => accountabilityMeasureLabels[d.measure] },
  { header: '文号', width: 20, value: (d) => d.documentNo },
  { header: '被问责人', width: 12, value: (d) => d.subjectName },
  { header: '职务', width: 16, value: (d) => d.subjectPost },
  { header: '问责事由', width: 50, value: (d) => d.reason },
  { header: '登记人', width: 12, value: (d) => d.createdByName },
];

const unitParams = z.object({ id: z.coerce.number().int().positive(), unitId: z.coerce.number().int().positive() });
const commitmentParams = z.object({ id: z.coerce.number().int().positive(), commitmentId: z.coerce.number().int().positive() });

export default async function accountabilityRoutes(app: App) {
  const tags = ['accountability'];

  app.get('/notices', { schema: { tags, summary: '通报（筛选：状态、年度、被通报单位、逾期未回复）', querystring: noticeListQuery, response: { 200: noticePage } } }, (req) => listNotices(ctxOf(req), req.query));
  app.get('/notices/export', { schema: { tags, summary: '导出通报及回复情况（Excel，与列表筛选一致）', querystring: noticeListQuery.omit({ page: true, pageSize: true }) } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'accountability.read');
    const where = await noticeFilter(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'notice', after: { filter: req.query } }));
    return sendXlsx(reply, '通报.xlsx', '通报', noticeColumns, inBatches(noticeBatchFetcher(ctx, where)));
  });
  app.get('/notices/:id', { schema: { tags, summary: '通报详情：被通报单位及回复、通报依据', params: idParam, response: { 200: noticeDetail } } }, (req) => getNotice(ctxOf(req), req.params.id));
  app.post('/notices', { schema: { tags, summary: '起草通报', body: createNoticeBody, response: { 201: noticeDetail } } }, async (req, reply) =>
    reply.code(201).send(await createNotice(ctxOf(req), req.body)),
  );
  app.patch('/notices/:id', { schema: { tags, summary: '修改通报草稿（需带版本号）', params: idParam, body: updateNoticeBody, response: { 200: noticeDetail } } }, (req) =>
    updateNotice(ctxOf(req), req.params.id, req.body),
  );
  app.post('/notices/:id/approve', { schema: { tags, summary: '审核签发通报（区教育局）', params: idParam, body: approveNoticeBody, response: { 200: noticeDetail } } }, (req) =>
    approveNotice(ctxOf(req), req.params.id, req.body.version, req.body.comment),
  );
  app.post('/notices/:id/publish', { schema: { tags, summary: '发布通报（区教育局，须已审核签发）', params: idParam, body: publishNoticeBody, response: { 200: noticeDetail } } }, (req) =>
    publishNotice(ctxOf(req), req.params.id, req.body.version),
  );
  app.post('/notices/:id/units/:unitId/reply', { schema: { tags, summary: '被通报单位回复整改情况', params: unitParams, body: replyNoticeBody, response: { 200: noticeDetail } } }, (req) =>
    replyToNotice(ctxOf(req), req.params.id, req.params.unitId, req.body),
  );

  app.get('/interviews', { schema: { tags, summary: '约谈记录（筛选：年度、被约谈单位、承诺逾期）', querystring: interviewListQuery, response: { 200: interviewPage } } }, (req) => listInterviews(ctxOf(req), req.query));
  app.get('/interviews/export', { schema: { tags, summary: '导出约谈记录及整改承诺（Excel，与列表筛选一致）', querystring: interviewListQuery.omit({ page: true, pageSize: true }) } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'accountability.read');
    const where = await interviewFilter(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'interview', after: { filter: req.query } }));
    return sendXlsx(reply, '约谈记录.xlsx', '约谈记录', interviewColumns, inBatches(interviewBatchFetcher(ctx, where)));
  });
  app.get('/accountability-decisions/export', { schema: { tags, summary: '导出问责决定（Excel，与列表筛选一致）', querystring: decisionListQuery.omit({ page: true, pageSize: true }) } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'accountability.read');
    const where = await decisionFilter(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'accountability_decision', after: { filter: req.query } }));
    return sendXlsx(reply, '问责决定.xlsx', '问责决定', decisionColumns, inBatches(decisionBatchFetcher(ctx, where)));
  });
  app.get('/interviews/:id', { schema: { tags, summary: '约谈记录及整改承诺跟踪', params: idParam, response: { 200: interviewView } } }, (req) => getInterview(ctxOf(req), req.params.id));
  app.post('/interviews', { schema: { tags, summary: '登记约谈', body: createInterviewBody, response: { 201: interviewView } } }, async (req, reply) =>
    reply.code(201).send(await createInterview(ctxOf(req), req.body)),
  );
  app.post(
    '/interviews/:id/commitments/:commitmentId/complete',
    { schema: { tags, summary: '报告整改承诺已落实（需带版本号）', params: commitmentParams, body: completeCommitmentBody, response: { 200: interviewView } } },
    (req) => completeCommitment(ctxOf(req), req.params.id, req.params.commitmentId, req.body),
  );

  app.get('/accountability-decisions', { schema: { tags, summary: '问责决定（筛选：年度、单位、问责方式）', querystring: decisionListQuery, response: { 200: decisionPage } } }, (req) =>
    listDecisions(ctxOf(req), req.query),
  );
  app.post('/accountability-decisions', { schema: { tags, summary: '登记问责决定（区教育局）', body: createDecisionBody, response: { 201: decisionView } } }, async (req, reply) =>
    reply.code(201).send(await createDecision(ctxOf(req), req.body)),
  );

  app.get('/award-checks', { schema: { tags, summary: '评优评先前置审核：某单位某年度不得评优的情形', querystring: awardCheckQuery, response: { 200: awardCheckView } } }, async (req) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'accountability.read');
    const unit = await unitRef(ctx.db, ctx.actor, req.query.unitId, { field: 'unitId', what: '单位', kinds: ['school', 'town', 'department'], kindMessage: '请选择学校、镇街或科室' });
    const result = await runAwardCheck(ctx.db, { id: unit.id, districtId: unit.districtId, name: unit.name }, req.query.year, todayOf(ctx));
    return { unitId: unit.id, unitName: unit.name, year: req.query.year, ...result };
  });
}
