// Routes of the duty ledger (值班带班, 000 item 4, 003): rosters, their entries by day, the person
// on duty's confirmation, a key period's cover across the schools, export. Thin: validate →
// service → present.
import { idParam } from '../../contracts/common.js';
import {
  addDutyEntriesBody,
  confirmEntryBody,
  createDutyRosterBody,
  dutyExportQuery,
  dutyRosterDetail,
  dutyRosterListQuery,
  dutyRosterPage,
  entryParams,
  entryVersionQuery,
  keyPeriodCoverBody,
  keyPeriodCoverQuery,
  myDutyBody,
  updateDutyRosterBody,
} from '../../contracts/duty.js';
import { dutyRoleLabels } from '../../contracts/rules.js';
import type { App } from '../app.js';
import { requireAccess } from '../access/access.js';
import { writeAudit } from '../audit/audit.js';
import { ctxOf } from '../context.js';
import { beijingTime, inBatches, sendXlsxSheets, type Column } from '../excel.js';
import {
  addEntries,
  confirmEntry,
  createRoster,
  deleteEntry,
  entryBatchFetcher,
  getRoster,
  keyPeriodCover,
  listRosters,
  myDuty,
  rosterFilter,
  uncoveredBatchFetcher,
  updateRoster,
  type DutyExportRow,
} from './duty.service.js';

const entryColumns: Column<DutyExportRow>[] = [
  { header: '学校', width: 28, value: (r) => r.schoolName },
  { header: '镇街', width: 16, value: (r) => r.townName },
  { header: '排班表', width: 28, value: (r) => r.rosterTitle },
  { header: '重点时段', width: 24, value: (r) => r.keyPeriodName },
  { header: '值班日期', width: 12, value: (r) => r.entry.dutyOn },
  { header: '角色', width: 10, value: (r) => dutyRoleLabels[r.entry.role] },
  { header: '姓名', width: 12, value: (r) => r.entry.personName },
  { header: '联系电话', width: 16, value: (r) => r.entry.phone },
  { header: '时长（小时）', width: 10, value: (r) => r.entry.hours },
  { header: '本人确认', width: 10, value: (r) => (r.entry.confirmedAt ? '已确认' : '未确认') },
  { header: '确认时间', width: 20, value: (r) => (r.entry.confirmedAt ? beijingTime(new Date(r.entry.confirmedAt)) : '') },
  { header: '备注', width: 24, value: (r) => r.entry.note },
];

type UncoveredRow = { id: number; school: string; town: string | null; title: string; date: string; holiday: string | null; problems: string };
const uncoveredColumns: Column<UncoveredRow>[] = [
  { header: '学校', width: 28, value: (r) => r.school },
  { header: '镇街', width: 16, value: (r) => r.town },
  { header: '排班表', width: 28, value: (r) => r.title },
  { header: '日期', width: 12, value: (r) => r.date },
  { header: '节假日', width: 10, value: (r) => r.holiday },
  { header: '缺口', width: 40, value: (r) => r.problems },
];

export default async function dutyRoutes(app: App) {
  const tags = ['duty-rosters'];
  app.get('/duty-rosters', { schema: { tags, summary: '值班排班表（含各表未排班天数）', querystring: dutyRosterListQuery, response: { 200: dutyRosterPage } } }, (req) =>
    listRosters(ctxOf(req), req.query),
  );
  app.get('/duty-rosters/export', { schema: { tags, summary: '导出值班带班台账（Excel：值班安排、未排班日期）', querystring: dutyExportQuery } }, async (req, reply) => {
    const ctx = ctxOf(req);
    requireAccess(ctx.actor, 'ledger.read');
    const where = await rosterFilter(ctx, req.query);
    await ctx.db.transaction((tx) => writeAudit(tx, ctx, { action: 'export', objectType: 'duty_roster', after: { filter: req.query } }));
    async function* uncovered(): AsyncIterable<UncoveredRow> {
      for await (const r of inBatches(uncoveredBatchFetcher(ctx, where), 200)) {
        for (const d of r.days) yield { id: r.id, school: r.roster.schoolName, town: r.roster.townName, title: r.roster.title, date: d.date, holiday: d.holiday, problems: d.problems.join('、') };
      }
    }
    return sendXlsxSheets(reply, '值班带班台账.xlsx', [
      { name: '值班安排', columns: entryColumns, rows: () => inBatches(entryBatchFetcher(ctx, where)) },
      { name: '未排班日期', columns: uncoveredColumns, rows: uncovered },
    ]);
  });
  app.get('/duty-rosters/key-period-cover', { schema: { tags, summary: '重点时段各校24小时带班值班覆盖情况（003）', querystring: keyPeriodCoverQuery, response: { 200: keyPeriodCoverBody } } }, (req) =>
    keyPeriodCover(ctxOf(req), req.query),
  );
  app.get('/duty-rosters/mine', { schema: { tags, summary: '我的值班（近一周至未来一个月，及两个月内尚未确认的）', response: { 200: myDutyBody } } }, (req) => myDuty(ctxOf(req)));
  app.get('/duty-rosters/:id', { schema: { tags, summary: '排班表（按天列出带班领导、值班人员和缺口）', params: idParam, response: { 200: dutyRosterDetail } } }, (req) =>
    getRoster(ctxOf(req), req.params.id),
  );
  app.post('/duty-rosters', { schema: { tags, summary: '新建排班表（节假日或重点时段）', body: createDutyRosterBody, response: { 201: dutyRosterDetail } } }, async (req, reply) =>
    reply.code(201).send(await createRoster(ctxOf(req), req.body)),
  );
  app.patch('/duty-rosters/:id', { schema: { tags, summary: '修改排班表（需带版本号）', params: idParam, body: updateDutyRosterBody, response: { 200: dutyRosterDetail } } }, (req) =>
    updateRoster(ctxOf(req), req.params.id, req.body),
  );
  app.post('/duty-rosters/:id/entries', { schema: { tags, summary: '安排值班（一天一角色一人）', params: idParam, body: addDutyEntriesBody, response: { 200: dutyRosterDetail } } }, (req) =>
    addEntries(ctxOf(req), req.params.id, req.body),
  );
  app.delete('/duty-rosters/:id/entries/:entryId', { schema: { tags, summary: '删除尚未确认的值班安排（需带版本号）', params: entryParams, querystring: entryVersionQuery, response: { 200: dutyRosterDetail } } }, (req) =>
    deleteEntry(ctxOf(req), req.params.id, req.params.entryId, req.query.version),
  );
  app.post('/duty-rosters/:id/entries/:entryId/confirm', { schema: { tags, summary: '值班人本人确认值班', params: entryParams, body: confirmEntryBody, response: { 200: dutyRosterDetail } } }, (req) =>
    confirmEntry(ctxOf(req), req.params.id, req.params.entryId, req.body.version),
  );
}
