// Routes of the district's rule pack (规则包), school calendars (校历) and key periods (重点时段)
// (issue 4). Thin: validate → service → present.
import { idParam } from '../../contracts/common.js';
import {
  changeThresholdsBody,
  createKeyPeriodBody,
  keyPeriodBody,
  keyPeriodList,
  putSchoolCalendarBody,
  rulePackBody,
  rulePackQuery,
  schoolCalendarBody,
  schoolCalendarList,
  schoolYearParam,
  updateKeyPeriodBody,
} from '../../contracts/rules.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';
import { createKeyPeriod, getSchoolCalendar, listKeyPeriods, listSchoolCalendars, putSchoolCalendar, updateKeyPeriod } from './calendars.service.js';
import { changeThresholds, getRulePack } from './rules.service.js';

export default async function ruleRoutes(app: App) {
  // ---- the district's rule pack (规则包)
  let tags = ['rules'];
  app.get('/rules', { schema: { tags, summary: '本区规则包（默认当前版本）', querystring: rulePackQuery, response: { 200: rulePackBody } } }, (req) =>
    getRulePack(ctxOf(req), req.query.version),
  );

  app.patch('/rules', { schema: { tags, summary: '修改规则阈值（生成新版本）', body: changeThresholdsBody, response: { 200: rulePackBody } } }, (req) =>
    changeThresholds(ctxOf(req), req.body),
  );

  // ---- school calendars (校历)
  tags = ['school-calendars'];
  app.get('/school-calendars', { schema: { tags, summary: '校历列表', response: { 200: schoolCalendarList } } }, (req) => listSchoolCalendars(ctxOf(req)));

  app.get('/school-calendars/:schoolYear', { schema: { tags, summary: '某学年校历', params: schoolYearParam, response: { 200: schoolCalendarBody } } }, (req) =>
    getSchoolCalendar(ctxOf(req), req.params.schoolYear),
  );

  app.put(
    '/school-calendars/:schoolYear',
    { schema: { tags, summary: '设置某学年校历（修改需带版本号）', params: schoolYearParam, body: putSchoolCalendarBody, response: { 200: schoolCalendarBody } } },
    (req) => putSchoolCalendar(ctxOf(req), req.params.schoolYear, req.body),
  );

  // ---- key periods (重点时段, 003)
  tags = ['key-periods'];
  app.get('/key-periods', { schema: { tags, summary: '重点时段列表', response: { 200: keyPeriodList } } }, (req) => listKeyPeriods(ctxOf(req)));

  app.post('/key-periods', { schema: { tags, summary: '设定重点时段', body: createKeyPeriodBody, response: { 201: keyPeriodBody } } }, async (req, reply) =>
    reply.code(201).send(await createKeyPeriod(ctxOf(req), req.body)),
  );

  app.patch('/key-periods/:id', { schema: { tags, summary: '修改重点时段（需带版本号）', params: idParam, body: updateKeyPeriodBody, response: { 200: keyPeriodBody } } }, (req) =>
    updateKeyPeriod(ctxOf(req), req.params.id, req.body),
  );
}
