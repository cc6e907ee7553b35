// Routes of compliance oversight (issue 4): acting on a missed finding, and a school's calendar of
// what falls due. Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import {
  complianceActionBody,
  complianceActionResult,
  complianceActionsQuery,
  complianceActionsView,
  dueCalendarBody,
  dueCalendarQuery,
} from '../../contracts/compliance.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { actOnFinding, complianceActions, dueCalendar } from './compliance-actions.service.js';

export default async function complianceActionRoutes(app: App) {
  const tags = ['compliance'];
  app.get(
    '/compliance/actions',
    { schema: { tags, summary: '某校未达标项可做的督办及已生成的隐患', querystring: complianceActionsQuery, response: { 200: complianceActionsView } } },
    (req) => complianceActions(ctxOf(req), req.query.unitId),
  );

  app.post(
    '/compliance/actions',
    { schema: { tags, summary: '督办未达标项：生成隐患或向学校发整改通知（服务端重新评价）', body: complianceActionBody, response: { 201: complianceActionResult } } },
    async (req, reply) => reply.code(201).send(await actOnFinding(ctxOf(req), req.body)),
  );

  app.get(
    '/schools/:id/due-calendar',
    { schema: { tags: ['due-calendar'], summary: '学校安全日历：本月到期事项、安全教育日、重点时段与节假日', params: idParam, querystring: dueCalendarQuery, response: { 200: dueCalendarBody } } },
    (req) => dueCalendar(ctxOf(req), req.params.id, req.query.month),
  );
}
