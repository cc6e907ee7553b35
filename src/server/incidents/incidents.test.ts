// Incidents through the API (issue 13): a school reports, the town and the bureau sign for it; the
// clock from the rule pack makes a late report late and a town-entered incident missing; the bureau's
// signed determination; 较大 rings the leaders' bell; the list's flag filter agrees with the detail;
// discipline.ts for the notices; daily reports in a key period; bad input, scope and versions.
import { and, count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, incidentDailyReports, incidentReports, incidents, notifications, rulePackVersions } from '../db/schema.js';
import { DEFAULT_RISK_REVIEW } from '../../domain/rules/risk-review.js';
import { buildTree, ok, refused, startWithTree, xlsxColumn, type Client, type PersonSpec, type Tree } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';
import { incidentDiscipline } from './discipline.js';
import { flagMissingDailyReports } from './daily.service.js';

let t: TestContext;
let tree: Tree;
type Who = 'school' | 'schoolB' | 'town' | 'bureau' | 'leader' | 'dept' | 'teacher';
let c: Record<Who, Client>;
let leaderId: number;
let ids: Record<Who, number>;

const people = (tr: Tree) => ({
  school: [tr.schoolA1, ['school_safety_officer'], { displayName: '张安全' }] as PersonSpec,
  schoolB: [tr.schoolB1, ['school_safety_officer']] as PersonSpec,
  town: [tr.townA, ['town_officer'], { displayName: '镇街李' }] as PersonSpec,
  bureau: [tr.bureau, ['bureau_admin'], { displayName: '局管理员' }] as PersonSpec,
  leader: [tr.bureau, ['bureau_leader'], { displayName: '王局长' }] as PersonSpec,
  dept: [tr.department, ['department_officer']] as PersonSpec,
  teacher: [tr.schoolA1, ['teacher']] as PersonSpec,
});

// 10:00 in Shanghai on 2026-05-10.
const NOW = new Date('2026-05-10T02:00:00Z');
const sh = (hhmm: string, day = '2026-05-10') => `${day}T${hhmm}:00+08:00`;
const setNow = (iso: string) => (t.now.value = new Date(iso));

const body = (unitId: number, over: Record<string, unknown> = {}) => ({
  unitId,
  headline: '学生课间摔伤',
  occurredAt: sh('09:30'),
  knownAt: sh('09:40'),
  place: '教学楼二楼走廊',
  category: 'accident_disaster',
  subtype: 'other',
  severity: 'general',
  dead: 0,
  injured: 1,
  missingPersons: 0,
  actionsTaken: '校医现场处置，已送区中心医院检查，通知家长',
  ...over,
});
const report = (version: number, over: Record<string, unknown> = {}) => ({ version, reportKind: 'written', content: '书面报告：学生左臂骨折，已手术，情况稳定', severity: 'general', dead: 0, injured: 1, missingPersons: 0, ...over });
const rows = async (table: typeof incidents | typeof incidentReports | typeof auditEvents) => (await t.database.db.select({ n: count() }).from(table))[0].n;

beforeAll(async () => {
  const started = await startWithTree('2026-05-10', people);
  ({ t, tree, c } = started);
  leaderId = started.people.leader.id;
  ids = Object.fromEntries(Object.entries(started.people).map(([k, p]) => [k, (p as { id: number }).id])) as Record<Who, number>;
  setNow(NOW.toISOString());
});
afterAll(() => t.close());

describe('a school reports; the town and the bureau sign for it (issue 13)', () => {
  let id: number;
  it('reports with its first report at once, on the 一般 clock from the rule pack', async () => {
    const i = await ok(c.school.post('/api/v1/incidents', body(tree.schoolA1.id)), 201);
    id = i.id;
    expect(i).toMatchObject({ code: 'SJ-2026-000001', unitName: tree.schoolA1.name, source: 'self', status: 'open', flags: [], version: 2, nextReportKinds: ['written'] });
    // 一般: first report within 120 minutes, written within 24 hours of knowing (rule pack defaults).
    expect(i.firstDueAt).toBe(new Date(sh('11:40')).toISOString());
    expect(i.writtenDueAt).toBe(new Date(sh('09:40', '2026-05-11')).toISOString());
    expect(i.reports).toHaveLength(1);
    expect(i.reports[0]).toMatchObject({ kind: 'first', channel: 'system', byOwnUnit: true, actorName: '张安全', receipts: [], canReceive: false });
    expect(i.reports[0].awaitingUnits.map((u: any) => u.id)).toEqual([tree.townA.id, tree.bureau.id]);
    const d = await ok(c.bureau.get('/api/v1/incidents/deadlines'));
    expect(d.levels.find((l: any) => l.level === 'general')).toMatchObject({ firstReportMinutes: 120, writtenReportHours: 24 });
    expect(d.levels[0].note).toContain('系统默认值');
  });

  it('the town then the bureau sign for the report, once each; the school cannot', async () => {
    const i = await ok(c.town.get(`/api/v1/incidents/${id}`));
    expect(i.reports[0].canReceive).toBe(true);
    const reportId = i.reports[0].id;
    // The receivers have a bell for the report (the town, the bureau's administrator and leader),
    // nobody else; each unit's bell is settled once that unit has signed.
    const bells = async () =>
      (await t.database.db.select().from(notifications).where(and(eq(notifications.kind, 'incident_receipt'), eq(notifications.link, `/incidents/${id}?report=${reportId}`))))
        .map((n) => [n.userId, n.readAt !== null] as const)
        .sort((a, b) => a[0] - b[0]);
    expect(await bells()).toEqual([[ids.town, false], [ids.bureau, false], [ids.leader, false]].sort((a, b) => (a[0] as number) - (b[0] as number)));
    const after = await ok(c.town.post(`/api/v1/incidents/${id}/reports/${reportId}/receive`));
    expect(await bells()).toEqual([[ids.town, true], [ids.bureau, false], [ids.leader, false]].sort((a, b) => (a[0] as number) - (b[0] as number)));
    expect(after.reports[0].receipts).toMatchObject([{ unitId: tree.townA.id, userName: '镇街李' }]);
    expect((await refused(c.town.post(`/api/v1/incidents/${id}/reports/${reportId}/receive`), 409)).code).toBe('ALREADY_RECEIVED');
    await refused(c.school.post(`/api/v1/incidents/${id}/reports/${reportId}/receive`), 403);
    const both = await ok(c.leader.post(`/api/v1/incidents/${id}/reports/${reportId}/receive`));
    expect(both.reports[0].receipts.map((r: any) => r.unitId)).toEqual([tree.townA.id, tree.bureau.id]);
    expect(both.reports[0].awaitingUnits).toEqual([]);
    expect((await bells()).every(([, read]) => read)).toBe(true);
  });

  it('written, follow-up and final reports in order; final closes it; each is audited', async () => {
    await refused(c.school.post(`/api/v1/incidents/${id}/reports`, report(2, { reportKind: 'final' })));
    const w = await ok(c.school.post(`/api/v1/incidents/${id}/reports`, report(2)), 201);
    expect(w.nextReportKinds).toEqual(['follow_up', 'final']);
    expect((await refused(c.school.post(`/api/v1/incidents/${id}/reports`, report(2, { reportKind: 'follow_up' })), 409)).code).toBe('STALE_VERSION');
    const f = await ok(c.school.post(`/api/v1/incidents/${id}/reports`, report(3, { reportKind: 'final', content: '终报：学生已出院返校' })), 201);
    expect(f).toMatchObject({ status: 'closed', nextReportKinds: [], flags: [] });
    expect((await refused(c.school.post(`/api/v1/incidents/${id}/reports`, report(4, { reportKind: 'follow_up' })), 409)).code).toBe('INCIDENT_CLOSED');
    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'incident'), eq(auditEvents.objectId, String(id))));
    expect(events.map((e) => e.action).sort()).toEqual(['confirm', 'confirm', 'create', 'submit', 'submit']);
  });
});

describe('the clock and the flags', () => {
  let lateId: number;
  let missingId: number;
  it('a first report sent 121 minutes after knowing a 一般 incident is late, with the evidence', async () => {
    const i = await ok(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { headline: '食堂烫伤', occurredAt: sh('07:50'), knownAt: sh('07:59') })), 201);
    lateId = i.id;
    expect(i.flags.map((f: any) => f.flag)).toEqual(['late']);
    expect(i.flags[0].evidence).toBe(`${tree.schoolA1.name}迟报：一般事件首报于 2026-05-10 10:00，超过时限（2026-05-10 09:59）1 分钟。`);
    const onTime = await ok(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { headline: '操场扭伤', occurredAt: sh('07:50'), knownAt: sh('08:00') })), 201);
    expect(onTime.flags).toEqual([]);
  });

  it('a town entering the school\'s incident: the school sending nothing by the deadline is missing', async () => {
    const i = await ok(c.town.post('/api/v1/incidents', body(tree.schoolA1.id, { headline: '学生校外溺水', category: 'accident_disaster', subtype: 'drowning', occurredAt: sh('09:00'), knownAt: sh('09:00'), actionsTaken: '镇街从派出所获悉，已联系学校' })), 201);
    missingId = i.id;
    expect(i).toMatchObject({ source: 'higher', reports: [], flags: [] });
    // The town may only log the school's phone call as its first report.
    expect(i.nextReportKinds).toEqual(['first']);
    setNow(sh('11:01'));
    const later = await ok(c.bureau.get(`/api/v1/incidents/${missingId}`));
    expect(later.flags.map((f: any) => f.flag)).toEqual(['missing']);
    expect(later.flags[0].evidence).toContain('至首报时限（2026-05-10 11:00');
    // The school reports now: still missing (not in time), never late as well.
    const s = await ok(c.school.get(`/api/v1/incidents/${missingId}`));
    expect(s.nextReportKinds).toEqual(['first']);
    const r = await ok(c.school.post(`/api/v1/incidents/${missingId}/reports`, report(s.version, { reportKind: 'first', content: '首报：学生周六在河边溺水，已送医' })), 201);
    expect(r.flags.map((f: any) => f.flag)).toEqual(['missing']);
  });

  it('the list\'s flag filter agrees with the detail; export and figures in scope', async () => {
    const late = await ok(c.bureau.get('/api/v1/incidents?flag=late'));
    expect(late.items.map((x: any) => x.id)).toEqual([lateId]);
    const missing = await ok(c.town.get('/api/v1/incidents?flag=missing'));
    expect(missing.items.map((x: any) => x.id)).toEqual([missingId]);
    expect(missing.items[0].flags.map((f: any) => f.flag)).toEqual(['missing']);
    expect((await ok(c.bureau.get('/api/v1/incidents?subtype=drowning'))).total).toBe(1);
    expect((await ok(c.bureau.get('/api/v1/incidents?status=closed'))).total).toBe(1);
    expect((await ok(c.bureau.get(`/api/v1/incidents?townId=${tree.townB.id}`))).total).toBe(0);
    expect((await ok(c.schoolB.get('/api/v1/incidents'))).total).toBe(0);
    const fig = await ok(c.bureau.get('/api/v1/incidents/figures'));
    expect(fig).toMatchObject({ open: 3, lateThisYear: 1, missingThisYear: 1, year: 2026 });
    const x = await c.bureau.get('/api/v1/incidents/export?flag=late');
    expect(x.statusCode).toBe(200);
    expect(await xlsxColumn(x.rawPayload, '报告纪律')).toEqual(['迟报']);
    expect(await xlsxColumn((await c.schoolB.get('/api/v1/incidents/export')).rawPayload, '编号')).toEqual([]);
  });

  it('discipline.ts gives the flags with the day they fell and one sentence', async () => {
    const items = await incidentDiscipline(t.database.db, tree.districtId, { from: '2026-05-01', to: '2026-05-31' }, undefined, t.now.value);
    expect(items.map((x) => [x.incidentId, x.flag, x.occurredOn])).toEqual([
      [lateId, 'late', '2026-05-10'],
      [missingId, 'missing', '2026-05-10'],
    ]);
    expect(items[0].evidence).toMatch(/迟报/);
    expect(await incidentDiscipline(t.database.db, tree.districtId, { from: '2026-05-11', to: '2026-05-31' }, undefined, t.now.value)).toEqual([]);
    expect(await incidentDiscipline(t.database.db, tree.districtId, { from: '2026-05-01', to: '2026-05-31' }, [tree.schoolB1.id])).toEqual([]);
  });

  it('the bureau\'s determination is signed and audited: other facts make it false, findings concealed and responsibility accident', async () => {
    const i = await ok(c.bureau.get(`/api/v1/incidents/${missingId}`));
    expect(i.actions).toContain('determine');
    const det = { version: i.version, findings: ['concealed', 'responsibility_accident'], reasons: '学校知情后未按时报告，且未落实防溺水包靠', facts: { severity: 'larger', dead: 1, injured: 0, missingPersons: 0 } };
    await refused(c.town.post(`/api/v1/incidents/${missingId}/determinations`, det), 403);
    await refused(c.school.post(`/api/v1/incidents/${missingId}/determinations`, det), 403);
    const d = await ok(c.leader.post(`/api/v1/incidents/${missingId}/determinations`, det), 201);
    expect(d.flags.map((f: any) => f.flag)).toEqual(['missing', 'false', 'concealed', 'responsibility_accident']);
    expect(d.flags.find((f: any) => f.flag === 'false').evidence).toContain('等级由“一般”改为“较大”');
    expect(d.determinations[0]).toMatchObject({ actorName: '王局长', findings: ['concealed', 'responsibility_accident'] });
    expect(d.severity).toBe('larger');
    expect((await refused(c.leader.post(`/api/v1/incidents/${missingId}/determinations`, det), 409)).code).toBe('STALE_VERSION');
    const [e] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'incident'), eq(auditEvents.action, 'sign')));
    expect(e.after).toMatchObject({ findings: ['concealed', 'responsibility_accident'], reasons: det.reasons });
    expect((await ok(c.bureau.get('/api/v1/incidents?flag=concealed'))).items.map((x: any) => x.id)).toEqual([missingId]);
    // The determination raised it to 较大: the leaders hear of it.
    const bell = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, leaderId), eq(notifications.kind, 'incident_major')));
    expect(bell.map((b) => b.link)).toEqual([`/incidents/${missingId}`]);
  });

  it('a new 较大 incident rings the bureau leaders\' bell at once', async () => {
    const i = await ok(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { headline: '食物中毒疑似病例', category: 'public_health', subtype: 'food_poisoning', severity: 'larger', injured: 12, occurredAt: sh('10:30'), knownAt: sh('10:40') })), 201);
    const bell = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, leaderId), eq(notifications.link, `/incidents/${i.id}`)));
    expect(bell[0].title).toContain('较大突发事件');
    // 一般 does not.
    const g = await ok(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { occurredAt: sh('10:50'), knownAt: sh('10:55') })), 201);
    expect(await t.database.db.select().from(notifications).where(eq(notifications.link, `/incidents/${g.id}`))).toEqual([]);
  });
});

describe('bad input and safety', () => {
  it('refuses times in the future, knowing before it happened, a subtype of another category, naming the field — writing nothing', async () => {
    const [n, r, e] = [await rows(incidents), await rows(incidentReports), await rows(auditEvents)];
    const future = await refused(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { occurredAt: sh('12:00'), knownAt: sh('12:00') })));
    expect(future.message).toBe('发生时间：不能晚于当前时间');
    expect((await refused(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { knownAt: sh('09:00') })))).message).toBe('知悉时间：不能早于发生时间');
    expect((await refused(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { subtype: 'drowning', category: 'public_health' })))).details[0].field).toBe('subtype');
    expect((await refused(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { dead: -1 })))).message).toBe('死亡人数：不能为负数');
    expect((await refused(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { occurredAt: '2026-05-10 09:00' })))).details[0].field).toBe('occurredAt');
    expect((await refused(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { headline: '' })))).message).toBe('事件名称：请填写事件名称');
    expect((await refused(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { phoneReport: { reportedAt: sh('09:45'), callerName: '张' } })))).details[0].field).toBe('phoneReport');
    await refused(c.teacher.post('/api/v1/incidents', body(tree.schoolA1.id)), 403);
    expect([await rows(incidents), await rows(incidentReports), await rows(auditEvents)]).toEqual([n, r, e]);
  });

  it('another school\'s incident is 404 to read, report on or enter; a higher unit reports only by logging a phone call', async () => {
    const [mine] = await t.database.db.select().from(incidents).where(eq(incidents.unitId, tree.schoolA1.id)).limit(1);
    await refused(c.schoolB.get(`/api/v1/incidents/${mine.id}`), 404);
    await refused(c.schoolB.post(`/api/v1/incidents/${mine.id}/reports`, report(mine.version)), 404);
    await refused(c.schoolB.post('/api/v1/incidents', body(tree.schoolA1.id)), 404);
    const other = await buildTree(t.database.db);
    await refused(c.bureau.post('/api/v1/incidents', body(other.schoolA1.id)), 404);
    const open = await ok(c.town.get('/api/v1/incidents?status=open&flag=missing'));
    const target = open.items[0];
    expect((await refused(c.town.post(`/api/v1/incidents/${target.id}/reports`, report(target.version, { reportKind: 'written' })))).details[0].field).toBe('phoneReport');
    // A call logged before the school's last report would put the timeline out of order.
    const early = await refused(c.town.post(`/api/v1/incidents/${target.id}/reports`, report(target.version, { reportKind: 'written', phoneReport: { reportedAt: sh('10:59'), callerName: '张安全' } })));
    expect(early.message).toBe('报告时间：不能早于上一次报告时间');
    const logged = await ok(
      c.town.post(`/api/v1/incidents/${target.id}/reports`, report(target.version, { reportKind: 'written', content: '学校电话报告书面情况', phoneReport: { reportedAt: sh('11:01'), callerName: '张安全' } })),
      201,
    );
    expect(logged.reports.find((r: any) => r.kind === 'written')).toMatchObject({ channel: 'phone', callerName: '张安全', actorUnitName: tree.townA.name, byOwnUnit: true });
    expect((await refused(c.town.post(`/api/v1/incidents/${target.id}/reports`, report(logged.version, { reportKind: 'follow_up', phoneReport: { reportedAt: sh('12:00'), callerName: '张' } })))).message).toBe('报告时间：不能晚于当前时间');
  });
});

describe('daily reports in a key period (零报告, 003)', () => {
  it('the bureau requires them; a school reports "nothing happened"; the others are missing by the next morning and told', async () => {
    setNow(sh('10:00', '2026-05-12'));
    const k = await ok(c.bureau.post('/api/v1/key-periods', { name: '五一后安全稳定重点时段', startsOn: '2026-05-11', endsOn: '2026-05-20' }), 201);
    await refused(c.school.post('/api/v1/incidents/daily/requirements', { keyPeriodId: k.id }), 403);
    const b0 = await ok(c.bureau.get(`/api/v1/incidents/daily?keyPeriodId=${k.id}`));
    expect(b0).toMatchObject({ period: { id: k.id, required: false }, days: [] });
    await refused(c.school.post('/api/v1/incidents/daily', { schoolId: tree.schoolA1.id, reportDay: '2026-05-11', nothingHappened: true, disputesNothing: true }));
    const b1 = await ok(c.bureau.post('/api/v1/incidents/daily/requirements', { keyPeriodId: k.id }), 201);
    expect(b1.days).toEqual(['2026-05-11', '2026-05-12']);
    expect((await refused(c.bureau.post('/api/v1/incidents/daily/requirements', { keyPeriodId: k.id }), 409)).code).toBe('ALREADY_REQUIRED');
    const s = await ok(c.school.post('/api/v1/incidents/daily', { schoolId: tree.schoolA1.id, reportDay: '2026-05-11', nothingHappened: true, disputesNothing: true }), 201);
    const row = s.schools.find((x: any) => x.schoolId === tree.schoolA1.id);
    expect(row.cells.map((x: any) => x.state)).toEqual(['nothing', 'open']);
    expect((await refused(c.school.post('/api/v1/incidents/daily', { schoolId: tree.schoolA1.id, reportDay: '2026-05-11', nothingHappened: true, disputesNothing: true }), 409)).code).toBe('DAILY_REPORTED');
    expect((await refused(c.school.post('/api/v1/incidents/daily', { schoolId: tree.schoolA1.id, reportDay: '2026-05-13', nothingHappened: true, disputesNothing: true }))).details[0].field).toBe('reportDay');
    expect((await refused(c.school.post('/api/v1/incidents/daily', { schoolId: tree.schoolA1.id, reportDay: '2026-05-12', nothingHappened: false, disputesNothing: true }))).details[0].field).toBe('note');
    await refused(c.school.post('/api/v1/incidents/daily', { schoolId: tree.schoolB1.id, reportDay: '2026-05-12', nothingHappened: true, disputesNothing: true }), 404);
    const board = await ok(c.town.get(`/api/v1/incidents/daily?keyPeriodId=${k.id}`));
    // The town sees its two schools: A2 sent nothing for the 11th (missing since 08:00 on the 12th).
    expect(board.schools.map((x: any) => x.schoolId).sort()).toEqual([tree.schoolA1.id, tree.schoolA2.id].sort());
    expect(board.schools.find((x: any) => x.schoolId === tree.schoolA2.id).cells.map((x: any) => x.state)).toEqual(['missing', 'open']);
    const told = await flagMissingDailyReports(t.database.db, t.now.value);
    expect(told).toBeGreaterThan(0);
    const bell = await t.database.db.select().from(notifications).where(eq(notifications.kind, 'daily_report_missing'));
    expect(bell.every((b) => b.title.startsWith('2026-05-11'))).toBe(true);
    expect(await flagMissingDailyReports(t.database.db, t.now.value)).toBe(told);
    expect((await t.database.db.select().from(notifications).where(eq(notifications.kind, 'daily_report_missing'))).length).toBe(bell.length);
  });

  it('in a key period the same report tells of disputes and petitions (000 第3条 敏感时段, 003 第三部分之六 加强信息报送): named from the register, never "none" on a day one was registered', async () => {
    setNow(sh('10:00', '2026-05-13'));
    const day = '2026-05-12';
    const daily = (over: Record<string, unknown>) => c.school.post('/api/v1/incidents/daily', { schoolId: tree.schoolA1.id, reportDay: day, nothingHappened: true, ...over });
    // The question must be answered.
    expect((await refused(daily({}))).details[0].field).toBe('disputesNothing');
    const dispute = await ok(
      c.school.post('/api/v1/disputes', { schoolId: tree.schoolA1.id, kind: 'dispute', parties: 'school_parent', receivedOn: day, summary: '家长对分班结果不满，扬言到区里反映', handlerName: '张安全', mayEscalate: true }),
      201,
    );
    const other = await ok(c.schoolB.post('/api/v1/disputes', { schoolId: tree.schoolB1.id, kind: 'dispute', parties: 'school_staff', receivedOn: day, summary: '教师对评优有意见', handlerName: '李校长' }), 201);
    // The school registered one that day: "none" is refused, naming the answer.
    const none = await refused(daily({ disputesNothing: true }));
    expect([none.details[0].field, none.details[0].message]).toEqual(['disputesNothing', `${day} 本校已登记矛盾纠纷、信访 1 件，请选择“有”并选中这些记录`]);
    // "Some" names records: none named, or records with "none", are refused; another school's record is not found.
    expect((await refused(daily({ disputesNothing: false }))).details[0].field).toBe('disputeIds');
    expect((await refused(daily({ disputesNothing: true, disputeIds: [dispute.id] }))).details[0].field).toBe('disputeIds');
    await refused(daily({ disputesNothing: false, disputeIds: [dispute.id, other.id] }), 404);
    expect((await t.database.db.select({ n: count() }).from(incidentDailyReports).where(eq(incidentDailyReports.reportDay, day)))[0].n).toBe(0);
    const b = await ok(daily({ disputesNothing: false, disputeIds: [dispute.id, dispute.id] }), 201);
    const cell = b.schools.find((x: any) => x.schoolId === tree.schoolA1.id).cells.find((x: any) => x.day === day);
    expect(cell).toMatchObject({ state: 'nothing', disputes: 'some', disputeIds: [dispute.id] });
    // The bureau sees the school-day counted; the 11th was reported with none.
    const board = await ok(c.bureau.get('/api/v1/incidents/daily'));
    expect(board.disputeCount).toBe(1);
    expect(board.schools.find((x: any) => x.schoolId === tree.schoolA1.id).cells[0]).toMatchObject({ day: '2026-05-11', disputes: 'nothing' });
    const [audit] = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'incident_daily_report'), eq(auditEvents.action, 'submit'))).orderBy(desc(auditEvents.id)).limit(1);
    expect(audit.after).toMatchObject({ reportDay: day, disputesNothing: false, disputeIds: [dispute.id] });
  });

  it('the bureau changes a deadline as a new version of the rule pack; audited; stale is 409', async () => {
    const d = await ok(c.bureau.get('/api/v1/incidents/deadlines'));
    // The pack's other sections travel into the new version: a district's own risk cadence stays.
    await t.database.db.update(rulePackVersions).set({ riskReviewDays: { ...DEFAULT_RISK_REVIEW, days: { ...DEFAULT_RISK_REVIEW.days, red: 20 } } }).where(eq(rulePackVersions.number, d.packVersion));
    const changed = await ok(c.bureau.patch('/api/v1/incidents/deadlines', { version: d.packVersion, changes: [{ level: 'general', firstReportMinutes: 60 }], reason: '区应急办要求一般事件 1 小时内首报' }));
    expect(changed.packVersion).toBe(d.packVersion + 1);
    expect(changed.levels.find((l: any) => l.level === 'general')).toMatchObject({ firstReportMinutes: 60, note: '局修改的时限' });
    expect((await refused(c.bureau.patch('/api/v1/incidents/deadlines', { version: d.packVersion, changes: [{ level: 'general', firstReportMinutes: 90 }], reason: 'x' }), 409)).code).toBe('STALE_VERSION');
    expect((await refused(c.bureau.patch('/api/v1/incidents/deadlines', { version: changed.packVersion, changes: [{ level: 'general', firstReportMinutes: 0 }], reason: 'x' }))).details[0].field).toBe('changes.0.firstReportMinutes');
    await refused(c.school.patch('/api/v1/incidents/deadlines', { version: changed.packVersion, changes: [{ level: 'general', firstReportMinutes: 30 }], reason: 'x' }), 403);
    const i = await ok(c.school.post('/api/v1/incidents', body(tree.schoolA1.id, { occurredAt: sh('08:30', '2026-05-12'), knownAt: sh('08:59', '2026-05-12') })), 201);
    expect(i.flags.map((f: any) => f.flag)).toEqual(['late']);
    // The compliance rules are the same in the new version.
    const rules = await ok(c.bureau.get('/api/v1/rules'));
    expect(rules.version).toBe(changed.packVersion);
    expect((await ok(c.bureau.get('/api/v1/risks/cadence'))).days.red).toBe(20);
  });
});
