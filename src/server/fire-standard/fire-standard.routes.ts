// Routes of fire-safety standardisation (消防安全标准化, issue 21; 000 item 5, 001 item 13).
// Thin: validate → service → present.
import { z } from 'zod';
import { idParam, okBody } from '../../contracts/common.js';
import { schoolStageLabels } from '../../contracts/enums.js';
import {
  acceptFireAssessmentBody,
  createFireAssessmentBody,
  createFirePatrolBody,
  fireAssessmentDetailBody,
  fireAssessmentListQuery,
  fireAssessmentPage,
  fireItemHazardBody,
  firePatrolBody,
  firePatrolQuery,
  fireSchoolStateLabels,
  fireStandardBody,
  fireStandardVersionBody,
  fireStandardVersionParam,
  fireSummaryBody,
  fireSummaryQuery,
  removeFirePatrolBody,
  reviseFireStandardBody,
  submitFireAssessmentBody,
  updateFireAssessmentBody,
  updateFirePatrolBody,
  type FireSchoolRow,
} from '../../contracts/fire-standard.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import * as svc from './fire-standard.service.js';

const acceptanceColumns: Column<FireSchoolRow>[] = [
  { header: '学校', width: 28, value: (r) => r.schoolName },
  { header: '镇街', width: 14, value: (r) => r.townName ?? '局直属' },
  { header: '学段', width: 12, value: (r) => (r.stage ? schoolStageLabels[r.stage] : '') },
  { header: '达标情况', width: 14, value: (r) => fireSchoolStateLabels[r.state] },
  { header: '是否已达标', width: 10, value: (r) => (r.accepted ? '是' : '否') },
  { header: '达标验收日期', width: 14, value: (r) => r.acceptedOn ?? '' },
  { header: '最近自评提交日期', width: 16, value: (r) => r.submittedOn ?? '' },
  { header: '消防巡查人员（人）', width: 16, value: (r) => r.patrolStaff },
];

async function* once<T>(rows: T[]) {
  yield* rows;
}

export default async function fireStandardRoutes(app: App) {
  const tags = ['fire-standard'];
  app.get('/fire-standard/standard', { schema: { tags, summary: '消防安全标准化标准（现行版本与历史版本）', response: { 200: fireStandardBody } } }, (req) => svc.getFireStandard(ctxOf(req)));
  app.get('/fire-standard/standard/versions/:number', { schema: { tags, summary: '标准的某一版本', params: fireStandardVersionParam, response: { 200: fireStandardVersionBody } } }, (req) =>
    svc.getFireStandardVersion(ctxOf(req), req.params.number),
  );
  app.put('/fire-standard/standard', { schema: { tags, summary: '修订标准（生成新版本，需带版本号）', body: reviseFireStandardBody, response: { 200: fireStandardBody } } }, (req) =>
    svc.reviseFireStandard(ctxOf(req), req.body),
  );

  app.get('/fire-standard/summary', { schema: { tags, summary: '达标情况：按镇街、按学校类型的达标比例与未达标学校', querystring: fireSummaryQuery, response: { 200: fireSummaryBody } } }, (req) =>
    svc.fireSummary(ctxOf(req), req.query),
  );
  app.get('/fire-standard/acceptances/export', { schema: { tags, summary: '导出达标验收情况（Excel）', querystring: fireSummaryQuery } }, async (req, reply) => {
    const rows = await svc.fireSchoolRows(ctxOf(req), req.query);
    return sendXlsx(reply, '消防安全标准化达标验收情况.xlsx', '达标验收情况', acceptanceColumns, once(rows));
  });

  app.get('/fire-standard/assessments', { schema: { tags, summary: '自评与验收记录', querystring: fireAssessmentListQuery, response: { 200: fireAssessmentPage } } }, (req) =>
    svc.listFireAssessments(ctxOf(req), req.query),
  );
  app.get('/fire-standard/assessments/:id', { schema: { tags, summary: '自评详情（条目、签字记录、生成的隐患）', params: idParam, response: { 200: fireAssessmentDetailBody } } }, (req) =>
    svc.getFireAssessment(ctxOf(req), req.params.id),
  );
  app.post('/fire-standard/assessments', { schema: { tags, summary: '学校发起自评', body: createFireAssessmentBody, response: { 201: fireAssessmentDetailBody } } }, async (req, reply) =>
    reply.code(201).send(await svc.createFireAssessment(ctxOf(req), req.body.schoolId)),
  );
  app.patch('/fire-standard/assessments/:id', { schema: { tags, summary: '填写自评（需带版本号）', params: idParam, body: updateFireAssessmentBody, response: { 200: fireAssessmentDetailBody } } }, (req) =>
    svc.updateFireAssessment(ctxOf(req), req.params.id, req.body),
  );
  app.post('/fire-standard/assessments/:id/submit', { schema: { tags, summary: '提交自评、申请达标验收（签字）', params: idParam, body: submitFireAssessmentBody, response: { 200: fireAssessmentDetailBody } } }, (req) =>
    svc.submitFireAssessment(ctxOf(req), req.params.id, req.body.version, req.body.comment),
  );
  app.post('/fire-standard/assessments/:id/accept', { schema: { tags, summary: '达标验收（达标或不达标，签字；不达标项生成隐患）', params: idParam, body: acceptFireAssessmentBody, response: { 200: fireAssessmentDetailBody } } }, (req) =>
    svc.acceptFireAssessment(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/fire-standard/assessments/:id/hazards',
    { schema: { tags, summary: '不符合项生成隐患', params: idParam, body: fireItemHazardBody, response: { 201: z.object({ hazardId: z.number().int(), code: z.string() }) } } },
    async (req, reply) => reply.code(201).send(await svc.fireItemHazard(ctxOf(req), req.params.id, req.body.key, req.body.grade)),
  );

  app.get('/fire-standard/patrol-staff', { schema: { tags, summary: '消防巡查人员', querystring: firePatrolQuery, response: { 200: z.object({ items: z.array(firePatrolBody) }) } } }, (req) =>
    svc.listFirePatrol(ctxOf(req), req.query),
  );
  app.post('/fire-standard/patrol-staff', { schema: { tags, summary: '指定消防巡查人员', body: createFirePatrolBody, response: { 201: firePatrolBody } } }, async (req, reply) =>
    reply.code(201).send(await svc.nameFirePatrol(ctxOf(req), req.body)),
  );
  app.patch('/fire-standard/patrol-staff/:id', { schema: { tags, summary: '修改巡查区域（需带版本号）', params: idParam, body: updateFirePatrolBody, response: { 200: firePatrolBody } } }, (req) =>
    svc.updateFirePatrol(ctxOf(req), req.params.id, req.body),
  );
  app.post('/fire-standard/patrol-staff/:id/remove', { schema: { tags, summary: '取消消防巡查人员（需带版本号）', params: idParam, body: removeFirePatrolBody, response: { 200: okBody } } }, (req) =>
    svc.removeFirePatrol(ctxOf(req), req.params.id, req.body.version),
  );
}
