// Routes of the year's work plan (工作要点, 任务分解表; seed 000) and the leaders' patches (分片包靠,
// 001 item 2). Thin: validate → service → present.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParam, okBody } from '../../contracts/common.js';
import {
  savePatchBody,
  createPlanBody,
  createSummaryBody,
  createTaskBody,
  createVisitBody,
  importResultBody,
  matrixBody,
  matrixQuery,
  matrixStatusLabels,
  mineBody,
  mineQuery,
  patchBody,
  patchList,
  patchQuery,
  planBody,
  planList,
  reportBody,
  resolutionBody,
  submitSummaryBody,
  summaryList,
  summaryReturnList,
  taskList,
  taskUnitBody,
  taskUnitList,
  updatePatchBody,
  updatePlanBody,
  updateTaskBody,
  versionBody,
  visitBody,
  visitList,
} from '../../contracts/plans.js';
import type { App } from '../app.js';
import { ctxOf, todayOf } from '../context.js';
import { AppError, badRequest } from '../errors.js';
import { sendXlsx, type Column } from '../excel.js';
import { multipartError } from '../multipart.js';
import { XLSX_TYPE } from '../imports/workbook.js';
import { createPatch, createVisit, listPatches, listVisits, updatePatch } from './patches.service.js';
import { createPlan, createTask, deleteTask, exportTasks, getPlan, importTasks, listPlans, listTasks, publishPlan, resolution, updatePlan, updateTask } from './plans.service.js';
import { matrix, matrixForExport, myTasks, reportProgress, taskUnits } from './progress.service.js';
import { createSummary, listSummaries, listSummaryReturns, submitSummary } from './summaries.service.js';

const tags = ['plans'];
const IMPORT_LIMIT = 5 * 1024 * 1024;

/** The task table's file (field `file`), at most 5 MB: 41 rows need a few kilobytes. */
async function readTableUpload(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw badRequest('IMPORT_NOT_MULTIPART', '请以表单（multipart/form-data）上传 Excel 文件');
  let file: Buffer | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: IMPORT_LIMIT, files: 1, fields: 2 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && !file) file = bytes;
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const mapped = multipartError(err, () => new AppError(413, 'PAYLOAD_TOO_LARGE', '文件过大：任务分解表最大 5 MB'));
    if (mapped) throw mapped;
    throw badRequest('IMPORT_BAD_UPLOAD', '上传的内容不完整或格式有误，请重新上传');
  }
  if (!file || !file.length) throw badRequest('VALIDATION_FAILED', '请选择要上传的 Excel 文件', [{ field: 'file', label: '文件', message: '请选择要上传的 Excel 文件' }]);
  return file;
}

const deleteQuery = z.object({ version: z.coerce.number().int().positive() });
const matrixExportQuery = matrixQuery.omit({ page: true, pageSize: true });

export default async function planRoutes(app: App) {
  // ---- plans
  app.get('/plans', { schema: { tags, summary: '年度工作计划', response: { 200: planList } } }, (req) => listPlans(ctxOf(req)));
  app.get('/plans/mine', { schema: { tags, summary: '本单位本季度的工作任务、牵头任务与待报总结', querystring: mineQuery, response: { 200: mineBody } } }, (req) => {
    const ctx = ctxOf(req);
    return myTasks(ctx, todayOf(ctx), req.query.year);
  });
  app.post('/plans', { schema: { tags, summary: '新建年度工作计划（可复制某年的计划）', body: createPlanBody, response: { 201: planBody } } }, async (req, reply) =>
    reply.code(201).send(await createPlan(ctxOf(req), req.body)),
  );
  app.get('/plans/:id', { schema: { tags, summary: '工作计划', params: idParam, response: { 200: planBody } } }, (req) => getPlan(ctxOf(req), req.params.id));
  app.patch('/plans/:id', { schema: { tags, summary: '修改标题、工作要点或单位对应（需带版本号）', params: idParam, body: updatePlanBody, response: { 200: planBody } } }, (req) =>
    updatePlan(ctxOf(req), req.params.id, req.body),
  );
  app.post('/plans/:id/publish', { schema: { tags, summary: '发布工作计划（任务下发到各责任单位）', params: idParam, body: versionBody, response: { 200: planBody } } }, (req) =>
    publishPlan(ctxOf(req), req.params.id, req.body.version),
  );
  app.get('/plans/:id/resolution', { schema: { tags, summary: '各任务责任单位的对应情况（发布前核对）', params: idParam, response: { 200: resolutionBody } } }, (req) =>
    resolution(ctxOf(req), req.params.id),
  );

  // ---- the task table
  app.get('/plans/:id/tasks', { schema: { tags, summary: '任务分解表', params: idParam, response: { 200: taskList } } }, (req) => {
    const ctx = ctxOf(req);
    return listTasks(ctx, req.params.id, todayOf(ctx));
  });
  app.post('/plans/:id/tasks', { schema: { tags, summary: '新增工作任务', params: idParam, body: createTaskBody } }, async (req, reply) =>
    reply.code(201).send(await createTask(ctxOf(req), req.params.id, req.body)),
  );
  app.patch('/plan-tasks/:id', { schema: { tags, summary: '修改工作任务（草稿，需带版本号）', params: idParam, body: updateTaskBody } }, (req) => updateTask(ctxOf(req), req.params.id, req.body));
  app.delete('/plan-tasks/:id', { schema: { tags, summary: '删除工作任务（草稿）', params: idParam, querystring: deleteQuery, response: { 200: okBody } } }, (req) =>
    deleteTask(ctxOf(req), req.params.id, req.query.version),
  );
  app.post('/plans/:id/import', { schema: { tags, summary: '导入任务分解表（Excel，序号、季度、工作任务、责任部门/单位）', params: idParam, consumes: ['multipart/form-data'], response: { 200: importResultBody } } }, async (req) => {
    const ctx = ctxOf(req);
    return importTasks(ctx, req.params.id, await readTableUpload(req));
  });
  app.get('/plans/:id/export', { schema: { tags, summary: '导出任务分解表（Excel，与导入格式相同）', params: idParam } }, async (req, reply) => {
    const { fileName, data } = await exportTasks(ctxOf(req), req.params.id);
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(data);
  });

  // ---- progress
  app.get('/plan-tasks/:id/units', { schema: { tags, summary: '任务各责任单位的进展（牵头单位可见协同单位）', params: idParam, response: { 200: taskUnitList } } }, (req) => {
    const ctx = ctxOf(req);
    return taskUnits(ctx, req.params.id, todayOf(ctx));
  });
  app.post('/plan-task-units/:id/report', { schema: { tags, summary: '填报本单位任务进展（未开始、进行中、已完成，附说明与过程性资料）', params: idParam, body: reportBody, response: { 200: taskUnitBody } } }, (req) => {
    const ctx = ctxOf(req);
    return reportProgress(ctx, req.params.id, req.body, todayOf(ctx));
  });
  app.get('/plans/:id/matrix', { schema: { tags, summary: '任务 × 单位完成情况', params: idParam, querystring: matrixQuery, response: { 200: matrixBody } } }, (req) => {
    const ctx = ctxOf(req);
    return matrix(ctx, req.params.id, req.query, todayOf(ctx));
  });
  app.get('/plans/:id/matrix/export', { schema: { tags, summary: '导出任务完成情况（Excel，与页面筛选相同）', params: idParam, querystring: matrixExportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const { plan, tasks, rows } = await matrixForExport(ctx, req.params.id, req.query, todayOf(ctx));
    type Row = { name: string; due: number; done: number; overdue: number; cells: Record<string, string> };
    const columns: Column<Row>[] = [
      { header: '单位', width: 24, value: (r) => r.name },
      { header: '到期任务', width: 10, value: (r) => r.due },
      { header: '已完成', width: 10, value: (r) => r.done },
      { header: '逾期', width: 10, value: (r) => r.overdue },
      ...tasks.map((t) => ({ header: `${t.seq}. ${t.text.slice(0, 20)}`, width: 14, value: (r: Row) => (r.cells[String(t.id)] ? matrixStatusLabels[r.cells[String(t.id)] as keyof typeof matrixStatusLabels] : '') })),
    ];
    return sendXlsx(reply, `${plan.year}年工作任务完成情况.xlsx`, '完成情况', columns, rows);
  });

  // ---- summaries
  app.get('/plans/:id/summaries', { schema: { tags, summary: '工作总结报送要求', params: idParam, response: { 200: summaryList } } }, (req) => {
    const ctx = ctxOf(req);
    return listSummaries(ctx, req.params.id, todayOf(ctx));
  });
  app.post('/plans/:id/summaries', { schema: { tags, summary: '要求各单位报送季度、半年或年度总结', params: idParam, body: createSummaryBody } }, async (req, reply) =>
    reply.code(201).send(await createSummary(ctxOf(req), req.params.id, req.body)),
  );
  app.get('/plan-summaries/:id/returns', { schema: { tags, summary: '各单位的总结报送情况', params: idParam, response: { 200: summaryReturnList } } }, (req) => {
    const ctx = ctxOf(req);
    return listSummaryReturns(ctx, req.params.id, todayOf(ctx));
  });
  app.post('/plan-summary-returns/:id/submit', { schema: { tags, summary: '报送本单位总结', params: idParam, body: submitSummaryBody, response: { 200: okBody } } }, (req) =>
    submitSummary(ctxOf(req), req.params.id, req.body),
  );

  // ---- leaders' patches
  app.get('/patches', { schema: { tags, summary: '分片包靠（局领导、科室包靠的学校）', querystring: patchQuery, response: { 200: patchList } } }, (req) => {
    const ctx = ctxOf(req);
    const today = todayOf(ctx);
    return listPatches(ctx, req.query.year ?? Number(today.slice(0, 4)), today);
  });
  app.get('/patches/mine', { schema: { tags, summary: '本人（本科室）包靠的学校', querystring: patchQuery, response: { 200: patchList } } }, (req) => {
    const ctx = ctxOf(req);
    const today = todayOf(ctx);
    return listPatches(ctx, req.query.year ?? Number(today.slice(0, 4)), today, true);
  });
  app.post('/patches', { schema: { tags, summary: '指定包靠片区', body: savePatchBody, response: { 201: patchBody } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    return reply.code(201).send(await createPatch(ctx, req.body, todayOf(ctx)));
  });
  app.patch('/patches/:id', { schema: { tags, summary: '修改包靠学校（需带版本号）', params: idParam, body: updatePatchBody, response: { 200: patchBody } } }, (req) => {
    const ctx = ctxOf(req);
    return updatePatch(ctx, req.params.id, req.body, todayOf(ctx));
  });
  app.get('/patches/:id/visits', { schema: { tags, summary: '包靠走访记录', params: idParam, response: { 200: visitList } } }, (req) => listVisits(ctxOf(req), req.params.id));
  app.post('/patches/:id/visits', { schema: { tags, summary: '登记包靠走访（可同时发起区级抽查）', params: idParam, body: createVisitBody, response: { 201: visitBody } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    return reply.code(201).send(await createVisit(ctx, req.params.id, req.body, todayOf(ctx)));
  });
}
