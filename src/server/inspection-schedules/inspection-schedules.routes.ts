// Routes of recurring inspections (定期检查, issue 17). Thin: validate → service.
import { z } from 'zod';
import { idParam } from '../../contracts/common.js';
import { createScheduleBody, occurrencePage, occurrenceQuery, scheduleKinds, scheduleListQuery, schedulePage, scheduleView, updateScheduleBody } from '../../contracts/inspection-schedules.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { createSchedule, getSchedule, listOccurrences, listSchedules, schedulableKinds, updateSchedule } from './inspection-schedules.service.js';

export default async function inspectionScheduleRoutes(app: App) {
  const tags = ['inspection-schedules'];
  app.get('/inspection-schedules', { schema: { tags, summary: '定期检查安排', querystring: scheduleListQuery, response: { 200: schedulePage } } }, (req) =>
    listSchedules(ctxOf(req), req.query),
  );
  app.get('/inspection-schedules/options', { schema: { tags, summary: '可安排的定期检查类型', response: { 200: z.object({ kinds: z.array(z.enum(scheduleKinds)) }) } } }, (req) => ({
    kinds: schedulableKinds(ctxOf(req).actor),
  }));
  app.get('/inspection-schedules/:id', { schema: { tags, summary: '定期检查安排详情', params: idParam, response: { 200: scheduleView } } }, (req) => getSchedule(ctxOf(req), req.params.id));
  app.get(
    '/inspection-schedules/:id/occurrences',
    { schema: { tags, summary: '定期检查的各次检查（按学校）', params: idParam, querystring: occurrenceQuery, response: { 200: occurrencePage } } },
    (req) => listOccurrences(ctxOf(req), req.params.id, req.query),
  );
  app.post('/inspection-schedules', { schema: { tags, summary: '安排定期检查（当天的检查立即生成）', body: createScheduleBody, response: { 201: scheduleView } } }, async (req, reply) =>
    reply.code(201).send(await createSchedule(ctxOf(req), req.body)),
  );
  app.patch('/inspection-schedules/:id', { schema: { tags, summary: '修改、停止或恢复定期检查（需带版本号）', params: idParam, body: updateScheduleBody, response: { 200: scheduleView } } }, (req) =>
    updateSchedule(ctxOf(req), req.params.id, req.body),
  );
}
