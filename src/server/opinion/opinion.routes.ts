// Routes of public opinion events (舆情处置, issue 22). Thin: validate → service → present. The
// webhook alone is public (no session, no CSRF), rate-limited, and reads its body raw to check the
// signature before parsing it (opinion-webhook.ts).
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import {
  createOpinionEventBody,
  opinionCloseBody,
  opinionDraftBody,
  opinionEventBody,
  opinionEventPage,
  opinionLevelLabels,
  opinionLinkBody,
  opinionListQuery,
  opinionOriginLabels,
  opinionPublishBody,
  opinionSourceLabels,
  opinionStateLabels,
  opinionSummaryBody,
  opinionTargetsBody,
  opinionVersionBody,
  opinionWebhookBody,
  updateOpinionEventBody,
  type OpinionEventView,
} from '../../contracts/opinion.js';
import { timelinessLabel } from '../../domain/opinion.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { AppError } from '../errors.js';
import { beijingTime, sendXlsx, type Column } from '../excel.js';
import { SIGNATURE_HEADER, signatureProblem, TIMESTAMP_HEADER } from '../../domain/signed-body.js';
import { receiveOpinionWebhook } from './opinion-webhook.js';
import {
  approveOpinionResponse,
  closeOpinionEvent,
  createOpinionEvent,
  draftOpinionResponse,
  exportOpinionEvents,
  getOpinionEvent,
  linkOpinionEvent,
  listOpinionEvents,
  opinionSummary,
  opinionTargets,
  publishOpinionResponse,
  updateOpinionEvent,
} from './opinion.service.js';

const time = (s: string | null) => (s ? beijingTime(new Date(s)) : null);

export const opinionColumns: Column<OpinionEventView>[] = [
  { header: '涉及单位', width: 24, value: (r) => r.unitName + (r.unitToAssign ? '（待指派）' : '') },
  { header: '来源', width: 10, value: (r) => opinionSourceLabels[r.source] },
  { header: '标题', width: 40, value: (r) => r.title },
  { header: '链接', width: 40, value: (r) => r.link },
  { header: '摘要', width: 40, value: (r) => r.summary },
  { header: '级别', width: 8, value: (r) => opinionLevelLabels[r.level] },
  { header: '发现时间', width: 20, value: (r) => time(r.foundAt) },
  { header: '传播量', width: 10, value: (r) => r.reach },
  { header: '登记方式', width: 10, value: (r) => opinionOriginLabels[r.origin] },
  { header: '状态', width: 10, value: (r) => opinionStateLabels[r.state] },
  { header: '回应时限', width: 20, value: (r) => time(r.dueAt) },
  { header: '是否超时', width: 8, value: (r) => (r.overdue ? '是' : '否') },
  { header: '回应口径', width: 50, value: (r) => r.draft },
  { header: '审核人', width: 10, value: (r) => r.approvedByName },
  { header: '审核时间', width: 20, value: (r) => time(r.approvedAt) },
  { header: '发布时间', width: 20, value: (r) => time(r.publishedAt) },
  { header: '发布渠道', width: 16, value: (r) => r.publishedChannel },
  { header: '发布链接', width: 30, value: (r) => r.publishedLink },
  { header: '回应用时', width: 18, value: (r) => (r.timelinessMinutes === null ? null : timelinessLabel(r.timelinessMinutes)) },
  { header: '办结时间', width: 20, value: (r) => time(r.closedAt) },
  { header: '办结说明', width: 30, value: (r) => r.closingNote },
  { header: '登记人', width: 12, value: (r) => r.createdByName ?? '监测推送' },
];

const webhookAnswer = z.object({ created: z.boolean(), event: opinionEventBody });

export default async function opinionRoutes(app: App) {
  const tags = ['opinion'];
  const base = '/opinion-events';
  const exportQuery = opinionListQuery.omit({ page: true, pageSize: true });
  app.get(base, { schema: { tags, summary: '舆情登记', querystring: opinionListQuery, response: { 200: opinionEventPage } } }, (req) => listOpinionEvents(ctxOf(req), req.query));
  app.get(`${base}/export`, { schema: { tags, summary: '导出舆情登记（Excel）', querystring: exportQuery } }, async (req, reply) =>
    sendXlsx(reply, '舆情处置.xlsx', '舆情处置', opinionColumns, await exportOpinionEvents(ctxOf(req), req.query)),
  );
  app.get(`${base}/summary`, { schema: { tags, summary: '舆情统计（按级别、状态，各月回应用时中位数）', response: { 200: opinionSummaryBody } } }, (req) => opinionSummary(ctxOf(req)));
  app.get(`${base}/targets`, { schema: { tags, summary: '回应时限及其依据', response: { 200: opinionTargetsBody } } }, () => opinionTargets());
  app.get(`${base}/:id`, { schema: { tags, summary: '舆情详情', params: idParam, response: { 200: opinionEventBody } } }, (req) => getOpinionEvent(ctxOf(req), req.params.id));
  app.post(base, { schema: { tags, summary: '登记舆情', body: createOpinionEventBody, response: { 201: opinionEventBody } } }, async (req, reply) =>
    reply.code(201).send(await createOpinionEvent(ctxOf(req), req.body)),
  );
  app.patch(`${base}/:id`, { schema: { tags, summary: '修改舆情（需带版本号）', params: idParam, body: updateOpinionEventBody, response: { 200: opinionEventBody } } }, (req) =>
    updateOpinionEvent(ctxOf(req), req.params.id, req.body),
  );
  app.post(`${base}/:id/draft`, { schema: { tags, summary: '起草或修改回应口径（审核后修改须重新审核）', params: idParam, body: opinionDraftBody, response: { 200: opinionEventBody } } }, (req) =>
    draftOpinionResponse(ctxOf(req), req.params.id, req.body),
  );
  app.post(`${base}/:id/approve`, { schema: { tags, summary: '审核通过回应口径（教育局）', params: idParam, body: opinionVersionBody, response: { 200: opinionEventBody } } }, (req) =>
    approveOpinionResponse(ctxOf(req), req.params.id, req.body.version),
  );
  app.post(`${base}/:id/publish`, { schema: { tags, summary: '发布回应（正面发声）', params: idParam, body: opinionPublishBody, response: { 200: opinionEventBody } } }, (req) =>
    publishOpinionResponse(ctxOf(req), req.params.id, req.body),
  );
  app.post(`${base}/:id/close`, { schema: { tags, summary: '办结', params: idParam, body: opinionCloseBody, response: { 200: opinionEventBody } } }, (req) =>
    closeOpinionEvent(ctxOf(req), req.params.id, req.body),
  );
  app.post(`${base}/:id/link`, { schema: { tags, summary: '关联突发事件或矛盾纠纷', params: idParam, body: opinionLinkBody, response: { 200: opinionEventBody } } }, (req) =>
    linkOpinionEvent(ctxOf(req), req.params.id, req.body),
  );

  // The webhook, in its own context: its body is read as the raw text the signature covers.
  await app.register(async (hook) => {
    hook.removeAllContentTypeParsers();
    hook.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    hook.post(
      `${base}/webhook`,
      {
        config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: { tags, summary: '舆情监测服务推送（HMAC 签名，按事件编号幂等）', security: [], response: { 200: webhookAnswer, 201: webhookAnswer } },
      },
      async (req, reply) => {
        const { config, db, now } = req.server.deps;
        const secret = config.opinionWebhookSecret ?? null;
        // Off without a secret: the path answers as if it did not exist (and never a 5xx).
        if (!secret) throw new AppError(404, 'NOT_FOUND', '接口不存在');
        const raw = typeof req.body === 'string' ? req.body : '';
        const at = now();
        const problem = signatureProblem(
          secret,
          { signature: req.headers[SIGNATURE_HEADER] as string | undefined, timestamp: req.headers[TIMESTAMP_HEADER] as string | undefined },
          raw,
          at,
        );
        if (problem) {
          // The reason and where from, never the body.
          req.log.warn({ reason: problem, ip: req.ip, bytes: raw.length }, 'opinion webhook refused');
          throw new AppError(401, 'BAD_SIGNATURE', '签名无效或已过期');
        }
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          throw new AppError(400, 'VALIDATION_FAILED', '请求体不是有效的 JSON');
        }
        const parsed = opinionWebhookBody.safeParse(json);
        if (!parsed.success) {
          const details = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
          throw new AppError(400, 'VALIDATION_FAILED', `${details[0].field}：${details[0].message}`, details);
        }
        const answer = await receiveOpinionWebhook(db, at, req.ip ?? null, parsed.data);
        return reply.code(answer.created ? 201 : 200).send(answer);
      },
    );
  });
}
