// Routes of the QR labels (二维码标签, issue 17): a school's labels with their codes, the printable
// sheet (PDF), what a scanned code opens, and revoking a code. Thin: validate → service → present.
import type { FastifyRequest } from 'fastify';
import { labelCodeParam, labelListBody, labelListQuery, labelBody, revokeLabelBody, scannedLabelBody } from '../../contracts/labels.js';
import type { App } from '../app.js';
import { ctxOf, forReads } from '../context.js';
import { DEFAULT_LABEL_FONT, fontOrRefuse, renderSheet } from './sheet.js';
import { labelsToPrint, listLabels, resolveLabel, revokeLabel } from './labels.service.js';

/** The address a label encodes: ANXIAO_PUBLIC_URL when set, else the origin the request came to. */
const baseOf = (req: FastifyRequest) => req.server.deps.config.publicUrl ?? `${req.protocol}://${req.host}`;

export default async function labelRoutes(app: App) {
  const tags = ['labels'];
  app.get('/labels', { schema: { tags, summary: '学校的二维码标签（地点与特种设备）', querystring: labelListQuery, response: { 200: labelListBody } } }, (req) =>
    // A pure read since codes are issued with the things (migration 0056): the replica may answer.
    listLabels(forReads(ctxOf(req)), req.query, baseOf(req)),
  );
  app.get('/labels/sheet', { schema: { tags, summary: '打印二维码标签（PDF，A4 每页 12 个）', querystring: labelListQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const font = req.server.deps.config.labelFont ?? DEFAULT_LABEL_FONT;
    await fontOrRefuse(font);
    const { schoolName, items } = await labelsToPrint(ctx, req.query, baseOf(req));
    const pdf = await renderSheet(items, schoolName, font);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${schoolName}二维码标签.pdf`)}`)
      .send(pdf);
  });
  app.get('/labels/:code', { schema: { tags, summary: '扫码打开：地点的检查项或设备的检验，并可就地上报隐患', params: labelCodeParam, response: { 200: scannedLabelBody } } }, (req) =>
    resolveLabel(ctxOf(req), req.params.code),
  );
  app.post('/labels/:code/revoke', { schema: { tags, summary: '作废二维码并重新生成（原标签随即失效）', params: labelCodeParam, body: revokeLabelBody, response: { 200: labelBody } } }, (req) =>
    revokeLabel(ctxOf(req), req.params.code, req.body.reason, baseOf(req)),
  );
}
