// Routes of bullying and violence (欺凌防治, issue 22). Thin: validate → service → present. The only
// export is the summary with counts: the case register has no Excel export.
import { z } from 'zod';
import {
  appointMemberBody,
  bullyingCaseBody,
  bullyingMeBody,
  bullyingScreeningPage,
  bullyingScreeningQuery,
  bullyingSummaryBody,
  bullyingSummaryQuery,
  caseFollowUpBody,
  caseListQuery,
  casePage,
  caseReadQuery,
  caseStatusLabels,
  caseStatuses,
  closeCaseBody,
  committeeBody,
  createBullyingScreeningBody,
  createCaseBody,
  createMeetingBody,
  determineBody,
  handleBody,
  helpLineInput,
  pupilCandidates as pupilCandidatesBody,
  schoolQuery,
  type BullyingSummaryRow,
} from '../../contracts/bullying.js';
import { idParam } from '../../contracts/common.js';
import type { App } from '../app.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { addCaseFollowUp, bullyingMe, closeCase, createCase, determineCase, getCase, handleCase, listCases, pupilCandidates } from './cases.service.js';
import { appointMember, createBullyingScreening, createMeeting, getCommittee, listBullyingScreenings, putHelpLine, removeMember } from './committee.service.js';
import { bullyingSummary } from './summary.service.js';

const okBody = z.object({ id: z.number().int() });

// Counts only: school, town and numbers. No column could carry a name.
const summaryColumns: Column<BullyingSummaryRow>[] = [
  { header: '学校', width: 24, value: (r) => r.schoolName },
  { header: '镇街', width: 16, value: (r) => r.townName ?? '' },
  { header: '委员会成员（人）', width: 12, value: (r) => r.committeeMembers },
  { header: '本学期委员会会议（次）', width: 12, value: (r) => r.meetings },
  { header: '求助电话', width: 10, value: (r) => (r.helpLine ? '已设立' : '未设立') },
  { header: '本学期排摸班级（个）', width: 12, value: (r) => r.screenedClasses },
  { header: '发现苗头（人）', width: 10, value: (r) => r.signsFound },
  ...caseStatuses.map((k): Column<BullyingSummaryRow> => ({ header: `${caseStatusLabels[k]}（件）`, width: 10, value: (r) => r.byStatus[k] ?? 0 })),
  { header: '认定为欺凌（件）', width: 10, value: (r) => r.bullying },
  { header: '认定不构成欺凌（件）', width: 10, value: (r) => r.notBullying },
  { header: '调查逾期（件）', width: 10, value: (r) => r.overdueInquiries },
  { header: '转突发事件（件）', width: 10, value: (r) => r.incidents },
];

export default async function bullyingRoutes(app: App) {
  const tags = ['bullying'];
  app.get('/bullying/me', { schema: { tags, summary: '我在欺凌防治中的权限', response: { 200: bullyingMeBody } } }, (req) => bullyingMe(ctxOf(req)));

  // ---- the committee, its meetings and the help line (001 item 10, 002 area 4)
  app.get('/bullying/committee', { schema: { tags, summary: '学校欺凌治理委员会、会议与学生求助电话', querystring: schoolQuery, response: { 200: committeeBody } } }, (req) =>
    getCommittee(ctxOf(req), req.query.schoolId),
  );
  app.post('/bullying/committee/members', { schema: { tags, summary: '任命欺凌治理委员会成员（校长）', body: appointMemberBody, response: { 201: okBody } } }, async (req, reply) =>
    reply.code(201).send(await appointMember(ctxOf(req), req.body)),
  );
  app.post('/bullying/committee/members/:id/remove', { schema: { tags, summary: '免去欺凌治理委员会成员（校长）', params: idParam, response: { 200: okBody } } }, (req) =>
    removeMember(ctxOf(req), req.params.id),
  );
  app.post('/bullying/meetings', { schema: { tags, summary: '登记欺凌治理委员会会议', body: createMeetingBody, response: { 201: okBody } } }, async (req, reply) =>
    reply.code(201).send(await createMeeting(ctxOf(req), req.body)),
  );
  app.put('/bullying/help-line', { schema: { tags, summary: '设置学生求助电话和联系人（校长）', body: helpLineInput, response: { 200: z.object({ version: z.number().int() }) } } }, (req) =>
    putHelpLine(ctxOf(req), req.body),
  );

  // ---- screening of early signs (000 item 13)
  app.get('/bullying/screenings', { schema: { tags, summary: '欺凌苗头排摸记录（按班级，仅人数）', querystring: bullyingScreeningQuery, response: { 200: bullyingScreeningPage } } }, (req) =>
    listBullyingScreenings(ctxOf(req), req.query),
  );
  app.post('/bullying/screenings', { schema: { tags, summary: '登记班级欺凌苗头排摸', body: createBullyingScreeningBody, response: { 201: okBody } } }, async (req, reply) =>
    reply.code(201).send(await createBullyingScreening(ctxOf(req), req.body)),
  );

  // ---- the case register
  app.get('/bullying/cases', { schema: { tags, summary: '欺凌事件台账（学生姓名脱敏）', querystring: caseListQuery, response: { 200: casePage } } }, (req) => listCases(ctxOf(req), req.query));
  app.get('/bullying/cases/:id', { schema: { tags, summary: '查阅欺凌事件（须选择查阅目的，记入审计）', params: idParam, querystring: caseReadQuery, response: { 200: bullyingCaseBody } } }, (req) =>
    getCase(ctxOf(req), req.params.id, req.query.purpose),
  );
  app.post('/bullying/cases', { schema: { tags, summary: '登记欺凌事件（受伤或涉及暴力的同时报告突发事件）', body: createCaseBody, response: { 201: bullyingCaseBody } } }, async (req, reply) =>
    reply.code(201).send(await createCase(ctxOf(req), req.body)),
  );
  app.post('/bullying/cases/:id/determination', { schema: { tags, summary: '认定（仅欺凌治理委员会成员可签署）', params: idParam, body: determineBody, response: { 200: bullyingCaseBody } } }, (req) =>
    determineCase(ctxOf(req), req.params.id, req.body),
  );
  app.post('/bullying/cases/:id/handling', { schema: { tags, summary: '处置（教育、训诫、青少年社工等）', params: idParam, body: handleBody, response: { 200: bullyingCaseBody } } }, (req) =>
    handleCase(ctxOf(req), req.params.id, req.body),
  );
  app.post('/bullying/cases/:id/follow-ups', { schema: { tags, summary: '记录回访', params: idParam, body: caseFollowUpBody, response: { 201: bullyingCaseBody } } }, async (req, reply) =>
    reply.code(201).send(await addCaseFollowUp(ctxOf(req), req.params.id, req.body)),
  );
  app.post('/bullying/cases/:id/close', { schema: { tags, summary: '结案', params: idParam, body: closeCaseBody, response: { 200: bullyingCaseBody } } }, (req) => closeCase(ctxOf(req), req.params.id, req.body));
  app.get('/bullying/schools/:id/pupils', { schema: { tags, summary: '可关联的本校重点学生（姓名脱敏）', params: idParam, response: { 200: pupilCandidatesBody } } }, (req) =>
    pupilCandidates(ctxOf(req), req.params.id),
  );

  // ---- counts upward
  app.get('/bullying/summary', { schema: { tags, summary: '欺凌防治统计（仅数字，不含姓名）', querystring: bullyingSummaryQuery, response: { 200: bullyingSummaryBody } } }, (req) =>
    bullyingSummary(ctxOf(req), req.query),
  );
  app.get('/bullying/summary/export', { schema: { tags, summary: '导出欺凌防治统计（Excel，仅数字）', querystring: bullyingSummaryQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const s = await bullyingSummary(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, auditCtx(ctx), { action: 'export', objectType: 'bullying_case', objectId: null, after: { summary: true, filters: req.query, schools: s.items.length } }));
    async function* rows() {
      yield* s.items;
    }
    return sendXlsx(reply, '欺凌防治统计.xlsx', '欺凌防治统计', summaryColumns, rows());
  });
}
