// Routes of warnings with receipts (预警提示, issue 21; 000 item 10, 004 item 4). Thin: validate → service → present.
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import {
  closeWarningBody,
  issueWarningBody,
  remindResultBody,
  remindWarningBody,
  reportWarningBody,
  signWarningBody,
  warningBoardBody,
  warningBody,
  warningListQuery,
  warningPage,
} from '../../contracts/warnings.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import * as svc from './warnings.service.js';

export default async function warningsRoutes(app: App) {
  const tags = ['warnings'];
  app.get('/warnings', { schema: { tags, summary: '预警提示列表', querystring: warningListQuery, response: { 200: warningPage } } }, (req) => svc.listWarnings(ctxOf(req), req.query));
  app.get('/warnings/pending', { schema: { tags, summary: '本校待签收、待上报的预警', response: { 200: z.object({ items: z.array(warningBody) }) } } }, (req) => svc.pendingWarnings(ctxOf(req)));
  app.post('/warnings', { schema: { tags, summary: '发布预警提示', body: issueWarningBody, response: { 201: warningBody } } }, async (req, reply) =>
    reply.code(201).send(await svc.issueWarning(ctxOf(req), req.body)),
  );
  app.get('/warnings/:id', { schema: { tags, summary: '预警详情（含本校签收情况）', params: idParam, response: { 200: warningBody } } }, (req) => svc.getWarning(ctxOf(req), req.params.id));
  app.get('/warnings/:id/board', { schema: { tags, summary: '签收与上报实时情况（按镇街、按学校）', params: idParam, response: { 200: warningBoardBody } } }, (req) =>
    svc.warningBoard(ctxOf(req), req.params.id),
  );
  app.post('/warnings/:id/sign', { schema: { tags, summary: '学校签收预警', params: idParam, body: signWarningBody, response: { 200: warningBody } } }, (req) => svc.signWarning(ctxOf(req), req.params.id));
  app.post('/warnings/:id/report', { schema: { tags, summary: '学校上报落实情况（逐项、附照片）', params: idParam, body: reportWarningBody, response: { 200: warningBody } } }, (req) =>
    svc.reportWarning(ctxOf(req), req.params.id, req.body),
  );
  app.post('/warnings/:id/remind', { schema: { tags, summary: '一键提醒未签收、未上报的学校', params: idParam, body: remindWarningBody, response: { 200: remindResultBody } } }, (req) =>
    svc.remindWarning(ctxOf(req), req.params.id, req.body.version),
  );
  app.post('/warnings/:id/close', { schema: { tags, summary: '关闭预警', params: idParam, body: closeWarningBody, response: { 200: warningBody } } }, (req) =>
    svc.closeWarning(ctxOf(req), req.params.id, req.body.version),
  );
}
