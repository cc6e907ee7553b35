// Routes of letters to families (告家长书, issue 22). Thin: validate → service → present. The two
// routes under /public/ are the guardian's: no account, no session, the slip's token the credential,
// rate-limited per address.
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import {
  addLetterClassBody,
  confirmLetterBody,
  createFamilyLetterBody,
  familyLetterBody,
  familyLetterListQuery,
  familyLetterPage,
  familyLetterRatesBody,
  familyLetterRatesQuery,
  familyLetterStateLabels,
  familyLetterTopicLabels,
  letterClassParams,
  letterClassSlipsBody,
  letterSlipParams,
  letterTokenParams,
  paperSlipBody,
  publicLetterBody,
  updateFamilyLetterBody,
  type FamilyLetterView,
} from '../../contracts/family-letters.js';
import { voidRecordBody } from '../../contracts/ledger.js';
import { confirmRate } from '../../domain/family-letters.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { sendXlsx, type Column } from '../excel.js';
import { exportLedger, place, recorded } from '../ledger/ledger-export.js';
import {
  addLetterClass,
  confirmLetterLink,
  createFamilyLetter,
  familyLetterBatchFetcher,
  familyLetterFilter,
  familyLetterRates,
  getFamilyLetter,
  letterClassSlips,
  letterTeachers,
  listFamilyLetters,
  openLetterLink,
  recordPaperSlip,
  updateFamilyLetter,
  voidFamilyLetter,
} from './family-letters.service.js';

export const familyLetterColumns: Column<FamilyLetterView>[] = [
  ...place<FamilyLetterView>(),
  { header: '主题', width: 14, value: (r) => familyLetterTopicLabels[r.topic] },
  { header: '标题', width: 36, value: (r) => r.title },
  { header: '发送日期', width: 12, value: (r) => r.sentOn },
  { header: '回执截止', width: 12, value: (r) => r.dueOn },
  { header: '状态', width: 8, value: (r) => familyLetterStateLabels[r.state] },
  { header: '班级数', width: 8, value: (r) => r.classes.length },
  { header: '学生数', width: 8, value: (r) => r.pupils },
  { header: '已回执', width: 8, value: (r) => r.confirmed },
  { header: '回执率(%)', width: 10, value: (r) => confirmRate(r.confirmed, r.pupils) },
  ...recorded<FamilyLetterView>(),
];

const confirmedBody = publicLetterBody.extend({ alreadyConfirmed: z.boolean() });

export default async function familyLetterRoutes(app: App) {
  const tags = ['family-letters'];
  const exportQuery = familyLetterListQuery.omit({ page: true, pageSize: true });
  app.get('/family-letters', { schema: { tags, summary: '告家长书', querystring: familyLetterListQuery, response: { 200: familyLetterPage } } }, (req) => listFamilyLetters(ctxOf(req), req.query));
  app.get('/family-letters/export', { schema: { tags, summary: '导出告家长书及回执率（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const rows = await exportLedger(ctx, req.query, 'family_letter', () => familyLetterFilter(ctx, req.query), (w) => familyLetterBatchFetcher(ctx, w));
    return sendXlsx(reply, '告家长书回执.xlsx', '告家长书回执', familyLetterColumns, rows);
  });
  app.get('/family-letters/rates', { schema: { tags, summary: '各镇街、各学校回执率（只有数量）', querystring: familyLetterRatesQuery, response: { 200: familyLetterRatesBody } } }, (req) =>
    familyLetterRates(ctxOf(req), req.query),
  );
  app.get(
    '/family-letters/teachers',
    {
      schema: {
        tags,
        summary: '可选的班主任账号（本校在用账号）',
        querystring: z.object({ schoolId: z.coerce.number().int().positive() }),
        response: { 200: z.object({ items: z.array(z.object({ id: z.number().int(), displayName: z.string() })) }) },
      },
    },
    (req) => letterTeachers(ctxOf(req), req.query.schoolId),
  );
  app.get('/family-letters/:id', { schema: { tags, summary: '一份告家长书及各班回执数', params: idParam, response: { 200: familyLetterBody } } }, (req) => getFamilyLetter(ctxOf(req), req.params.id));
  app.post('/family-letters', { schema: { tags, summary: '发送告家长书（按班级生成回执单）', body: createFamilyLetterBody, response: { 201: familyLetterBody } } }, async (req, reply) =>
    reply.code(201).send(await createFamilyLetter(ctxOf(req), req.body)),
  );
  app.patch('/family-letters/:id', { schema: { tags, summary: '修改告家长书（需带版本号）', params: idParam, body: updateFamilyLetterBody, response: { 200: familyLetterBody } } }, (req) =>
    updateFamilyLetter(ctxOf(req), req.params.id, req.body),
  );
  app.post('/family-letters/:id/classes', { schema: { tags, summary: '增加发送班级', params: idParam, body: addLetterClassBody, response: { 200: familyLetterBody } } }, (req) =>
    addLetterClass(ctxOf(req), req.params.id, req.body),
  );
  app.get('/family-letters/:id/classes/:classId/slips', { schema: { tags, summary: '一个班的回执单（班主任和学校管理人员）', params: letterClassParams, response: { 200: letterClassSlipsBody } } }, (req) =>
    letterClassSlips(ctxOf(req), req.params.id, req.params.classId),
  );
  app.post('/family-letters/:id/slips/:slipId/paper', { schema: { tags, summary: '登记纸质回执', params: letterSlipParams, body: paperSlipBody, response: { 200: letterClassSlipsBody } } }, (req) =>
    recordPaperSlip(ctxOf(req), req.params.id, req.params.slipId, req.body),
  );
  app.post('/family-letters/:id/void', { schema: { tags, summary: '撤回告家长书（链接随即失效，记录保留）', params: idParam, body: voidRecordBody, response: { 200: familyLetterBody } } }, (req) =>
    voidFamilyLetter(ctxOf(req), req.params.id, req.body.version, req.body.voidReason),
  );

  // The guardian's side.
  const rateLimit = { max: app.deps.config.publicRatePerMinute ?? 60, timeWindow: 60_000 };
  const publicRoute = { public: true, rateLimit };
  app.get(
    '/public/family-letters/:token',
    { config: publicRoute, schema: { tags, summary: '家长打开告家长书（无需登录）', security: [], params: letterTokenParams, response: { 200: publicLetterBody } } },
    (req) => openLetterLink(app.deps.db, app.deps.now(), req.params.token),
  );
  app.post(
    '/public/family-letters/:token/confirm',
    { config: publicRoute, schema: { tags, summary: '家长确认回执（无需登录；重复确认不重复记录）', security: [], params: letterTokenParams, body: confirmLetterBody, response: { 200: confirmedBody } } },
    (req) => confirmLetterLink(app.deps.db, app.deps.now(), req.params.token, req.body),
  );
}
