// Routes of the message channels (issue 17). Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import { attemptPage, attemptQuery, channelBody, channelCreate, channelList, channelUpdate, testResult } from '../../contracts/messages.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { createChannel, listAttempts, listChannels, testChannel, updateChannel } from './channels.service.js';

const tags = ['messages'];

export default async function messageRoutes(app: App) {
  app.get('/messages/channels', { schema: { tags, summary: '消息推送渠道', response: { 200: channelList } } }, (req) => listChannels(ctxOf(req)));
  app.post('/messages/channels', { schema: { tags, summary: '新建消息推送渠道', body: channelCreate, response: { 201: channelBody } } }, async (req, reply) =>
    reply.code(201).send(await createChannel(ctxOf(req), req.body)),
  );
  app.patch('/messages/channels/:id', { schema: { tags, summary: '修改、停用或重新启用消息推送渠道', params: idParam, body: channelUpdate, response: { 200: channelBody } } }, (req) =>
    updateChannel(ctxOf(req), req.params.id, req.body),
  );
  app.post('/messages/channels/:id/test', { schema: { tags, summary: '发送测试消息', params: idParam, response: { 200: testResult } } }, (req) => testChannel(ctxOf(req), req.params.id));
  app.get('/messages/attempts', { schema: { tags, summary: '消息发送记录', querystring: attemptQuery, response: { 200: attemptPage } } }, (req) => listAttempts(ctxOf(req), req.query));
}
