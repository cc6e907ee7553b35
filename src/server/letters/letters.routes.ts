// Routes of the responsibility letter ledger (安全生产责任书, 000 item 1, 001 item 3). Thin:
// validate → service → present; exports audited and in the caller's scope.
import { idParam } from '../../contracts/common.js';
import { unitKindLabels } from '../../contracts/enums.js';
import {
  letterDetailBody,
  letterListQuery,
  letterPage,
  letterStatusLabels,
  publishLetterBody,
  reviseLetterBody,
  signatureMethodLabels,
  signLetterBody,
  withdrawLetterBody,
  type LetterView,
  type SignerView,
} from '../../contracts/letters.js';
import { letterLevelLabels } from '../../contracts/rules.js';
import { requireAccess } from '../access/access.js';
import type { App } from '../app.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf } from '../context.js';
import { inBatches, sendXlsx, sendXlsxSheets, type Column } from '../excel.js';
import { contentDisposition } from '../files/files.service.js';
import { notFound } from '../errors.js';
import { getLetter, letterBatchFetcher, letterFilter, listLetters, publishLetter, reviseLetter, signLetter, withdrawLetter } from './letters.service.js';
import { files } from '../db/schema.js';
import { eq } from 'drizzle-orm';

const rateText = (r: { signed: number; total: number }) => (r.total ? `${Math.floor((r.signed / r.total) * 1000) / 10}%` : '—');

const letterColumns: Column<LetterView>[] = [
  { header: '年度', width: 8, value: (l) => l.year },
  { header: '类别', width: 18, value: (l) => letterLevelLabels[l.level] },
  { header: '发布单位', width: 24, value: (l) => l.issuerName },
  { header: '标题', width: 40, value: (l) => l.title },
  { header: '版本', width: 8, value: (l) => `第 ${l.revision} 版` },
  { header: '发布日期', width: 12, value: (l) => l.publishedOn },
  { header: '状态', width: 10, value: (l) => (l.status === 'published' && !l.current ? '已被新版本替代' : letterStatusLabels[l.status]) },
  { header: '撤回原因', width: 24, value: (l) => l.withdrawReason },
  { header: '应签', width: 8, value: (l) => l.signRate.total },
  { header: '已签', width: 8, value: (l) => l.signRate.signed },
  { header: '签订率', width: 10, value: (l) => rateText(l.signRate) },
  { header: '发布人', width: 12, value: (l) => l.createdByName },
];

const signerColumns: Column<SignerView>[] = [
  { header: '镇街', width: 16, value: (s) => s.townName },
  { header: '单位', width: 28, value: (s) => s.unitName },
  { header: '单位类型', width: 12, value: (s) => unitKindLabels[s.unitKind] },
  { header: '教职工', width: 12, value: (s) => s.staffName },
  { header: '签订情况', width: 10, value: (s) => (s.signature ? '已签' : '未签') },
  { header: '签署人', width: 12, value: (s) => s.signature?.signerName },
  { header: '签署日期', width: 12, value: (s) => s.signature?.signedOn },
  { header: '签署方式', width: 16, value: (s) => (s.signature ? signatureMethodLabels[s.signature.method] : null) },
  { header: '签字扫描件', width: 24, value: (s) => s.signature?.file?.name },
  { header: '登记人', width: 12, value: (s) => s.signature?.recordedByName },
  { header: '备注', width: 20, value: (s) => (s.required ? null : '已不在签订范围，不计入签订率') },
];

async function* rowsOf<T>(list: T[]) {
  for (const r of list) yield r;
}

export default async function letterRoutes(app: App) {
  const tags = ['responsibility-letters'];
  const exportQuery = letterListQuery.omit({ page: true, pageSize: true });

  app.get('/responsibility-letters', { schema: { tags, summary: '安全生产责任书（筛选：年度、类别、发布单位、状态、仅最新版本）', querystring: letterListQuery, response: { 200: letterPage } } }, (req) =>
    listLetters(ctxOf(req), req.query),
  );

  app.get('/responsibility-letters/export', { schema: { tags, summary: '导出安全生产责任书及签订率（Excel）', querystring: exportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'ledger.read');
    const where = await letterFilter(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'responsibility_letter', after: { filter: req.query } }));
    return sendXlsx(reply, '安全生产责任书.xlsx', '安全生产责任书', letterColumns, inBatches(letterBatchFetcher(ctx, where)));
  });

  app.get('/responsibility-letters/:id', { schema: { tags, summary: '责任书及签订表（本人范围内的单位或教职工）', params: idParam, response: { 200: letterDetailBody } } }, (req) =>
    getLetter(ctxOf(req), req.params.id),
  );

  app.get('/responsibility-letters/:id/signatures/export', { schema: { tags, summary: '导出责任书签订表（Excel）', params: idParam } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const letter = await getLetter(ctx, req.params.id);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'letter_signature', objectId: letter.id, after: { letterId: letter.id, revision: letter.revision } }));
    const title = [`${letter.title}（${letter.year} 年度，第 ${letter.revision} 版，${letter.publishedOn} 发布）`, `签订 ${letter.signRate.signed}/${letter.signRate.total}，签订率 ${rateText(letter.signRate)}`];
    return sendXlsxSheets(reply, `责任书签订表-${letter.year}-第${letter.revision}版.xlsx`, [{ name: '签订表', columns: signerColumns, rows: () => rowsOf(letter.signers), title }]);
  });

  // The letter's own file: every unit that signs the bureau's letter reads it, though the file
  // belongs to the bureau (outside a school's scope for /files).
  app.get('/responsibility-letters/:id/file', { schema: { tags, summary: '查看或下载责任书文件', params: idParam } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const letter = await getLetter(ctx, req.params.id);
    if (!letter.file) throw notFound('责任书文件');
    const [row] = await ctx.db.select().from(files).where(eq(files.id, letter.file.id));
    if (!row) throw notFound('责任书文件');
    let stream;
    try {
      stream = await req.server.deps.storage.get(row.storageKey);
    } catch (err) {
      req.log.error({ err, fileId: row.id }, 'file bytes missing');
      throw notFound('文件内容');
    }
    return reply
      .type(row.mime)
      .header('content-length', row.size)
      .header('content-disposition', contentDisposition(row.name))
      .header('cache-control', 'private, max-age=3600')
      .header('etag', `"${row.sha256}"`)
      .send(stream);
  });

  app.post('/responsibility-letters', { schema: { tags, summary: '发布责任书（区教育局与各单位；学校与教职工）', body: publishLetterBody, response: { 201: letterDetailBody } } }, async (req, reply) =>
    reply.code(201).send(await publishLetter(ctxOf(req), req.body)),
  );

  app.post(
    '/responsibility-letters/:id/revisions',
    { schema: { tags, summary: '发布新版本（需带版本号；所有人须重新签署）', params: idParam, body: reviseLetterBody, response: { 201: letterDetailBody } } },
    async (req, reply) => reply.code(201).send(await reviseLetter(ctxOf(req), req.params.id, req.body)),
  );

  app.post('/responsibility-letters/:id/withdraw', { schema: { tags, summary: '撤回责任书（需带版本号和原因）', params: idParam, body: withdrawLetterBody, response: { 200: letterDetailBody } } }, (req) =>
    withdrawLetter(ctxOf(req), req.params.id, req.body.version, req.body.withdrawReason),
  );

  app.post(
    '/responsibility-letters/:id/signatures',
    { schema: { tags, summary: '签署责任书：本人在系统内确认，或登记纸质签字（签署人、日期、扫描件）', params: idParam, body: signLetterBody, response: { 201: letterDetailBody } } },
    async (req, reply) => reply.code(201).send(await signLetter(ctxOf(req), req.params.id, req.body)),
  );
}

