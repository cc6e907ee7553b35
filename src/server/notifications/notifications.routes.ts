import { idParam, okBody } from '../../contracts/common.js';
import { notificationList } from '../../contracts/hazards.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { markAllRead, markRead, myNotifications } from './notifications.service.js';

const tags = ['notifications'];

// Reading a reminder is the person's own bookkeeping, not a change to audit.
export default async function notificationRoutes(app: App) {
  app.get('/notifications', { schema: { tags, summary: '我的提醒', response: { 200: notificationList } } }, (req) => myNotifications(ctxOf(req)));
  app.post('/notifications/:id/read', { schema: { tags, summary: '标为已读', params: idParam, response: { 200: okBody } } }, (req) => markRead(ctxOf(req), req.params.id));
  app.post('/notifications/read-all', { schema: { tags, summary: '全部标为已读', response: { 200: okBody } } }, (req) => markAllRead(ctxOf(req)));
}
