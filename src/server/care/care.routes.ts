// Routes of students of concern (学生关爱, issue 16). Thin: validate → service → present.
// The only export is the summary with counts: the ledger of names has no Excel export.
import { z } from 'zod';
import {
  assignCarersBody,
  careMeBody,
  careReadPage,
  careReadQuery,
  careRecordBody,
  careRecordListQuery,
  careRecordPage,
  careSettingsBody,
  careStaffList,
  careSummaryBody,
  careSummaryQuery,
  careFileBody,
  careFileParams,
  carerCandidates as carerCandidatesBody,
  closeCareRecordBody,
  concernKindLabels,
  concernKinds,
  createCareRecordBody,
  createFollowUpBody,
  createScreeningBody,
  grantCareStaffBody,
  purposeQuery,
  screeningBandLabels,
  screeningBands,
  screeningBody,
  screeningListQuery,
  screeningPage,
  updateCareRecordBody,
  updateCareSettingsBody,
  voidScreeningBody,
  type CareSummaryRow,
} from '../../contracts/care.js';
import { idParam } from '../../contracts/common.js';
import type { App } from '../app.js';
import { writeAudit } from '../audit/audit.js';
import { auditCtx, ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import {
  addFollowUp,
  assignCarers,
  careMe,
  carerCandidates,
  closeCareRecord,
  createCareRecord,
  getCareRecord,
  grantCareStaff,
  listCareReads,
  listCareRecords,
  listCareStaff,
  revokeCareStaff,
  updateCareRecord,
} from './care-records.service.js';
import { createScreening, listScreenings, voidScreening } from './screenings.service.js';
import { contentDisposition } from '../files/files.service.js';
import { readUploadForm } from '../files/upload-form.js';
import { fieldError } from '../errors.js';
import { checkCanAttach, deleteCareFile, downloadCareFile, uploadCareFile } from './care-files.service.js';
import { careSummary, getCareSettings, updateCareSettings } from './summary.service.js';

const okBody = z.object({ id: z.number().int() });

// Counts only: school, town, and numbers. No column could carry a name.
const summaryColumns: Column<CareSummaryRow>[] = [
  { header: '学校', width: 24, value: (r) => r.schoolName },
  { header: '镇街', width: 16, value: (r) => r.townName ?? '' },
  { header: '在册重点学生（人）', width: 12, value: (r) => r.openRecords },
  ...concernKinds.map((k): Column<CareSummaryRow> => ({ header: `${concernKindLabels[k]}（人）`, width: 10, value: (r) => r.byKind[k] ?? 0 })),
  { header: '随访逾期（人）', width: 10, value: (r) => r.overdueFollowUps },
  { header: '应筛年级', width: 10, value: (r) => r.requiredGrades },
  { header: '已筛年级', width: 10, value: (r) => r.screenedGrades },
  { header: '本学期筛查学生（人）', width: 12, value: (r) => r.studentsScreened },
  ...screeningBands.map((b): Column<CareSummaryRow> => ({ header: `筛查${screeningBandLabels[b]}（人）`, width: 10, value: (r) => r.screeningBands[b] ?? 0 })),
  { header: '已结案（人）', width: 10, value: (r) => r.closedRecords },
  { header: '到期已清除（人）', width: 10, value: (r) => r.purgedRecords },
];

export default async function careRoutes(app: App) {
  const tags = ['care'];
  app.get('/care/me', { schema: { tags, summary: '我在学生关爱中的权限', response: { 200: careMeBody } } }, (req) => careMe(ctxOf(req)));

  // ---- screening (001 item 9)
  app.get('/care/screenings', { schema: { tags, summary: '学生心理筛查记录（按班级，仅人数）', querystring: screeningListQuery, response: { 200: screeningPage } } }, (req) =>
    listScreenings(ctxOf(req), req.query),
  );
  app.post('/care/screenings', { schema: { tags, summary: '登记班级心理筛查', body: createScreeningBody, response: { 201: screeningBody } } }, async (req, reply) =>
    reply.code(201).send(await createScreening(ctxOf(req), req.body)),
  );
  app.post('/care/screenings/:id/void', { schema: { tags, summary: '作废心理筛查记录', params: idParam, body: voidScreeningBody, response: { 200: screeningBody } } }, (req) =>
    voidScreening(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  // ---- students of concern (001 item 20)
  app.get('/care/records', { schema: { tags, summary: '重点学生包靠台账（姓名脱敏）', querystring: careRecordListQuery, response: { 200: careRecordPage } } }, (req) =>
    listCareRecords(ctxOf(req), req.query),
  );
  app.get('/care/records/:id', { schema: { tags, summary: '查阅重点学生档案（须选择查阅目的，记入审计）', params: idParam, querystring: purposeQuery, response: { 200: careRecordBody } } }, (req) =>
    getCareRecord(ctxOf(req), req.params.id, req.query.purpose),
  );
  app.post('/care/records', { schema: { tags, summary: '新建重点学生档案', body: createCareRecordBody, response: { 201: careRecordBody } } }, async (req, reply) =>
    reply.code(201).send(await createCareRecord(ctxOf(req), req.body)),
  );
  app.patch('/care/records/:id', { schema: { tags, summary: '修改重点学生档案（需带版本号）', params: idParam, body: updateCareRecordBody, response: { 200: careRecordBody } } }, (req) =>
    updateCareRecord(ctxOf(req), req.params.id, req.body),
  );
  app.put('/care/records/:id/carers', { schema: { tags, summary: '指定包靠人', params: idParam, body: assignCarersBody, response: { 200: careRecordBody } } }, (req) =>
    assignCarers(ctxOf(req), req.params.id, req.body.version, req.body.carerIds),
  );
  app.post('/care/records/:id/follow-ups', { schema: { tags, summary: '记录随访', params: idParam, body: createFollowUpBody, response: { 201: careRecordBody } } }, async (req, reply) =>
    reply.code(201).send(await addFollowUp(ctxOf(req), req.params.id, req.body)),
  );
  app.post('/care/records/:id/close', { schema: { tags, summary: '结案（毕业、转学或关爱结束）', params: idParam, body: closeCareRecordBody, response: { 200: careRecordBody } } }, (req) =>
    closeCareRecord(ctxOf(req), req.params.id, req.body.version, req.body.closedOn, req.body.closeReason),
  );
  // ---- files on a record or a follow-up, sealed (issue 16)
  app.post(
    '/care/records/:id/files',
    {
      schema: {
        tags,
        summary: '上传档案附件（表单字段 file，可选 followUpId；JPG/PNG/WebP/HEIC/PDF，按内容识别，最大 20 MB，加密保存）',
        consumes: ['multipart/form-data'],
        params: idParam,
        response: { 201: careFileBody },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      // Before reading the upload: outside the circle 404, a closed record 409, without the bytes.
      await checkCanAttach(ctx, req.params.id);
      const form = await readUploadForm(req, ['followUpId']);
      const text = form.fields.followUpId;
      let followUpId: number | undefined;
      if (text !== undefined && text !== '') {
        followUpId = Number(text);
        if (!/^[1-9]\d{0,9}$/.test(text) || followUpId > 2147483647) throw fieldError('followUpId', '随访须为编号');
      }
      return reply.code(201).send(await uploadCareFile(ctx, req.params.id, { name: form.name, bytes: form.bytes, followUpId }));
    },
  );
  app.get(
    '/care/records/:id/files/:fileId',
    { schema: { tags, summary: '下载档案附件（须选择查阅目的，记入审计）', params: careFileParams, querystring: purposeQuery } },
    async (req, reply) => {
      const f = await downloadCareFile(ctxOf(req), req.params.id, req.params.fileId, req.query.purpose);
      return reply
        .type(f.mime)
        .header('content-length', f.bytes.length)
        .header('content-disposition', contentDisposition(f.fileName, 'attachment'))
        // Never kept by a browser or a proxy: the next reading is audited again.
        .header('cache-control', 'no-store')
        .send(f.bytes);
    },
  );
  app.delete('/care/records/:id/files/:fileId', { schema: { tags, summary: '删除档案附件（校长、关爱专干）', params: careFileParams, response: { 200: okBody } } }, (req) =>
    deleteCareFile(ctxOf(req), req.params.id, req.params.fileId),
  );
  app.get('/care/schools/:id/carer-candidates', { schema: { tags, summary: '可指定的包靠人（本校在职教职工）', params: idParam, response: { 200: carerCandidatesBody } } }, (req) =>
    carerCandidates(ctxOf(req), req.params.id),
  );

  // ---- the circle: named care staff, who read what (the principal)
  app.get('/care/staff', { schema: { tags, summary: '本校关爱专干', response: { 200: careStaffList } } }, (req) => listCareStaff(ctxOf(req)));
  app.post('/care/staff', { schema: { tags, summary: '指定关爱专干', body: grantCareStaffBody, response: { 201: okBody } } }, async (req, reply) =>
    reply.code(201).send(await grantCareStaff(ctxOf(req), req.body.userId)),
  );
  app.post('/care/staff/:id/revoke', { schema: { tags, summary: '撤销关爱专干', params: idParam, response: { 200: okBody } } }, (req) => revokeCareStaff(ctxOf(req), req.params.id));
  app.get('/care/reads', { schema: { tags, summary: '档案查阅记录（谁在何时为何查阅）', querystring: careReadQuery, response: { 200: careReadPage } } }, (req) =>
    listCareReads(ctxOf(req), req.query),
  );

  // ---- counts upward
  app.get('/care/summary', { schema: { tags, summary: '学生关爱统计（仅数字，不含姓名）', querystring: careSummaryQuery, response: { 200: careSummaryBody } } }, (req) =>
    careSummary(ctxOf(req), req.query),
  );
  app.get('/care/summary/export', { schema: { tags, summary: '导出学生关爱统计（Excel，仅数字）', querystring: careSummaryQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const s = await careSummary(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, auditCtx(ctx), { action: 'export', objectType: 'care_record', objectId: null, after: { summary: true, filters: req.query, schools: s.items.length } }));
    async function* rows() {
      yield* s.items;
    }
    return sendXlsx(reply, '学生关爱统计.xlsx', '学生关爱统计', summaryColumns, rows());
  });
  app.get('/care/settings', { schema: { tags, summary: '重点学生档案保留期限', response: { 200: careSettingsBody } } }, (req) => getCareSettings(ctxOf(req)));
  app.put('/care/settings', { schema: { tags, summary: '设置重点学生档案保留期限', body: updateCareSettingsBody, response: { 200: careSettingsBody } } }, (req) =>
    updateCareSettings(ctxOf(req), req.body),
  );
}
