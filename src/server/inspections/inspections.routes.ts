import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import { inspectionKindLabels, inspectionKinds, itemResultLabels, safetyAreaLabels, type SafetyArea } from '../../contracts/enums.js';
import {
  checklistOptionBody,
  createInspectionBody,
  inspectionDetailBody,
  inspectionListQuery,
  inspectionPage,
  inspectorCandidateBody,
  inspectorCandidatesQuery,
  saveResultsBody,
  submitTargetBody,
  targetBody,
  targetParams,
  versionBody,
} from '../../contracts/inspections.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { beijingTime, loadExcelJS } from '../excel.js';
import {
  createInspection,
  filledForm,
  getInspection,
  inspectionOptions,
  inspectorCandidates,
  listInspections,
  saveResults,
  signTarget,
  startInspection,
  submitTarget,
  type FilledForm,
} from './inspections.service.js';

const tags = ['inspections'];

const optionsBody = z.object({
  kinds: z.array(z.enum(inspectionKinds)),
  checklists: z.array(checklistOptionBody),
  builtinChecklistId: z.number().int().nullable(),
});

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The filled 排查表 of one school: a title block, one row per item, the summary and the signatures. */
async function formWorkbook(form: FilledForm): Promise<Buffer> {
  const { inspection: insp, target } = form;
  const wb = new (await loadExcelJS()).Workbook();
  const sheet = wb.addWorksheet('排查表', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const headers = ['序号', '检查领域', '检查内容', '检查方法', '标准/依据', '检查结果', '备注', '隐患编号'];
  sheet.columns = [6, 16, 44, 24, 30, 10, 28, 18].map((width) => ({ width }));
  const title = sheet.addRow([`${target.schoolName}校园安全风险隐患排查表`]);
  sheet.mergeCells(title.number, 1, title.number, headers.length);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  const info = sheet.addRow([
    `检查任务：${insp.code} ${insp.title}（${inspectionKindLabels[insp.kind]}）　检查日期：${insp.plannedOn}　检查表：${insp.checklistName ?? '回头看复查'}${insp.checklistVersionNumber ? `（第 ${insp.checklistVersionNumber} 版）` : ''}`,
  ]);
  sheet.mergeCells(info.number, 1, info.number, headers.length);
  const head = sheet.addRow(headers);
  head.font = { bold: true };
  head.eachCell((c) => {
    c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  for (const r of form.rows) {
    const row = sheet.addRow([
      r.no,
      safetyAreaLabels[r.area as SafetyArea] ?? r.area,
      r.text,
      r.method,
      r.standard,
      r.result ? itemResultLabels[r.result] : '未检查',
      r.note,
      r.hazardCode,
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    });
  }
  sheet.addRow([]);
  const summary = sheet.addRow([`检查小结：${target.summary ?? ''}`]);
  sheet.mergeCells(summary.number, 1, summary.number, headers.length);
  const signed = target.signatures.length
    ? target.signatures.map((s) => `${s.name}（${beijingTime(new Date(s.at))}）`).join('；')
    : '（未提交签字）';
  const sig = sheet.addRow([`检查人员签字：${signed}`]);
  sheet.mergeCells(sig.number, 1, sig.number, headers.length);
  sig.font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export default async function inspectionRoutes(app: App) {
  app.get('/inspections/options', { schema: { tags, summary: '发起检查可选的类型与检查表模板', response: { 200: optionsBody } } }, (req) =>
    inspectionOptions(ctxOf(req)),
  );

  app.get(
    '/inspections/inspector-candidates',
    { schema: { tags, summary: '可选的检查人员（有检查权限的在岗人员）', querystring: inspectorCandidatesQuery, response: { 200: z.object({ items: z.array(inspectorCandidateBody) }) } } },
    (req) => inspectorCandidates(ctxOf(req), req.query),
  );

  app.get('/inspections', { schema: { tags, summary: '检查任务列表', querystring: inspectionListQuery, response: { 200: inspectionPage } } }, (req) =>
    listInspections(ctxOf(req), req.query),
  );

  app.post('/inspections', { schema: { tags, summary: '发起检查', body: createInspectionBody, response: { 201: inspectionDetailBody } } }, async (req, reply) =>
    reply.code(201).send(await createInspection(ctxOf(req), req.body)),
  );

  app.get('/inspections/:id', { schema: { tags, summary: '检查任务详情（含检查表与各校结果）', params: idParam, response: { 200: inspectionDetailBody } } }, (req) =>
    getInspection(ctxOf(req), req.params.id),
  );

  app.post(
    '/inspections/:id/start',
    { schema: { tags, summary: '开始检查', params: idParam, body: versionBody, response: { 200: inspectionDetailBody } } },
    (req) => startInspection(ctxOf(req), req.params.id, req.body.version),
  );

  app.put(
    '/inspections/:id/targets/:targetId/results',
    { schema: { tags, summary: '保存检查结果（草稿，检查人员填写中）', params: targetParams, body: saveResultsBody, response: { 200: targetBody } } },
    (req) => saveResults(ctxOf(req), req.params.id, req.params.targetId, req.body),
  );

  app.post(
    '/inspections/:id/targets/:targetId/submit',
    { schema: { tags, summary: '提交并签字（不合格项生成隐患）', params: targetParams, body: submitTargetBody, response: { 200: targetBody } } },
    (req) => submitTarget(ctxOf(req), req.params.id, req.params.targetId, req.body),
  );

  app.post(
    '/inspections/:id/targets/:targetId/sign',
    { schema: { tags, summary: '其他检查人员会签', params: targetParams, body: versionBody, response: { 200: targetBody } } },
    (req) => signTarget(ctxOf(req), req.params.id, req.params.targetId, req.body.version),
  );

  app.get(
    '/inspections/:id/targets/:targetId/export',
    { schema: { tags, summary: '导出一所学校的排查表（Excel）', params: targetParams } },
    async (req, reply) => {
      const form = await filledForm(ctxOf(req), req.params.id, req.params.targetId);
      const fileName = `排查表-${form.inspection.code}-${form.target.schoolName}.xlsx`;
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(await formWorkbook(form));
    },
  );
}
