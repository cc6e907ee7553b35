// The duty ledger through the API (issue 4, ledger 5): holiday rosters with a leader in charge
// (000 第4条), key periods with a 24-hour leader and staff member every day (003 第五部分之二) and
// at least 2 fire special inspections in the period (003 第三部分之三), judged on /compliance;
// entries confirmed only by the person on duty; a day covered twice, hours of 0 or 25 and days
// outside the roster refused naming the field; scope; stale versions; export; audit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, checklistTemplates, checklistVersions, dutyEntries, dutyRosters, inspections, inspectionTargets, notifications } from '../db/schema.js';
import { deliverDue } from '../messages/delivery.js';
import { remindUnconfirmedDuty } from './duty-jobs.js';
import { buildTree, findingOf, ok, refused, startWithTree, xlsxColumn, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'principalA1' | 'teacherA1' | 'officerB1' | 'kg' | 'teacherA2' | 'townA' | 'bureau';
let c: Record<Who, Client>;
let people: Record<Who, { id: number; username: string }>;
let keyPeriodId: number;

const TODAY = '2026-10-20';
const HOLIDAY = ['2026-10-01', '2026-10-02', '2026-10-03'];
const KEY_DAYS = ['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-11', '2026-10-12'];

beforeAll(async () => {
  ({ t, tree, people, c } = await startWithTree(TODAY, (tree) => ({
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    principalA1: [tree.schoolA1, ['principal'], { displayName: '王校长', phone: '13800000001' }],
    teacherA1: [tree.schoolA1, ['teacher'], { displayName: '李老师' }],
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    kg: [tree.schoolA2, ['principal'], { displayName: '赵园长' }],
    teacherA2: [tree.schoolA2, ['teacher'], { displayName: '钱老师' }],
    townA: [tree.townA, ['town_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
  })));
  // The school year's calendar with the National Day holiday, and a key period declared by the bureau (003).
  await ok(
    c.bureau.put('/api/v1/school-calendars/2026-2027', {
      semesters: [
        { startsOn: '2026-09-01', endsOn: '2027-01-20' },
        { startsOn: '2027-02-20', endsOn: '2027-07-05' },
      ],
      holidays: [{ name: '国庆节', startsOn: HOLIDAY[0], endsOn: HOLIDAY[2] }],
    }),
  );
  keyPeriodId = (await ok(c.bureau.post('/api/v1/key-periods', { name: '重大活动安保重点时段', startsOn: KEY_DAYS[0], endsOn: KEY_DAYS[4] }), 201)).id;
});
afterAll(() => t.close());

const del = (client: Client, url: string) => client.request('DELETE', url);
const entryCount = async () => (await t.database.db.select({ n: count() }).from(dutyEntries))[0].n;
const roster = (client: Client, body: Record<string, unknown>) => client.post('/api/v1/duty-rosters', body);
const addEntries = (client: Client, id: number, entries: Array<Record<string, unknown>>) => client.post(`/api/v1/duty-rosters/${id}/entries`, { entries });
const entryOf = (r: any, day: string, role: 'leader' | 'staff') => r.dayList.find((d: any) => d.date === day)[role];
const confirm = (client: Client, r: any, e: any) => client.post(`/api/v1/duty-rosters/${r.id}/entries/${e.id}/confirm`, { version: e.version });

describe('holiday rosters with a leader in charge (000 第4条)', () => {
  let r: any;

  it('a roster of the holiday lists its days, flags the days without a leader, and duty.holiday_leader is missed until every day is covered and confirmed', async () => {
    r = await ok(roster(c.officerA1, { schoolId: tree.schoolA1.id, title: '2026年国庆节值班安排', startsOn: HOLIDAY[0], endsOn: HOLIDAY[2], phone: '021-5555 0000' }), 201);
    expect(r).toMatchObject({ schoolId: tree.schoolA1.id, title: '2026年国庆节值班安排', keyPeriodId: null, requiresStaff: false, minHours: 0, days: 3, coveredDays: 0, daysWithoutLeader: HOLIDAY, uncoveredDays: HOLIDAY, version: 1 });
    expect(r.dayList.map((d: any) => [d.date, d.holiday, d.problems])).toEqual(HOLIDAY.map((d) => [d, '国庆节', ['缺带班领导']]));

    // No roster at B1 at all: missed, 0 of 3 days.
    const none = await findingOf(c.officerB1, tree.schoolB1.id, 'duty.holiday_leader');
    expect(none).toMatchObject({ status: 'missed', value: 0, target: 3, ledger: 'duties', period: { label: '国庆节' } });
    expect(none.explanation).toContain('000 第4条');

    // The principal leads the first two days, a teacher the third, the teacher is also on duty on day one.
    r = await ok(
      addEntries(c.officerA1, r.id, [
        { dutyOn: HOLIDAY[0], role: 'leader', userId: people.principalA1.id, hours: 24 },
        { dutyOn: HOLIDAY[1], role: 'leader', userId: people.principalA1.id, hours: 24 },
        { dutyOn: HOLIDAY[2], role: 'leader', userId: people.teacherA1.id, hours: 12, note: '白班' },
        { dutyOn: HOLIDAY[0], role: 'staff', personName: '保安 孙师傅', phone: '13900000000', hours: 24 },
      ]),
    );
    expect(r.daysWithoutLeader).toEqual([]);
    expect(r.daysWithoutStaff).toEqual([HOLIDAY[1], HOLIDAY[2]]);
    const lead = entryOf(r, HOLIDAY[0], 'leader');
    // The person's name and phone come from the account, the roster's phone when there is none.
    expect(lead).toMatchObject({ personName: '王校长', phone: '13800000001', userId: people.principalA1.id, hours: 24, confirmedAt: null, canConfirm: false, version: 1 });
    expect(entryOf(r, HOLIDAY[2], 'leader')).toMatchObject({ personName: '李老师', phone: '021-5555 0000', note: '白班', hours: 12 });
    expect(entryOf(r, HOLIDAY[0], 'staff')).toMatchObject({ personName: '保安 孙师傅', userId: null, phone: '13900000000' });
    // Past days still unconfirmed are not covered yet.
    expect(r.uncoveredDays).toEqual(HOLIDAY);
    expect(r.dayList[0].problems).toEqual(['带班领导未确认']);
    const pending = await findingOf(c.officerA1, tree.schoolA1.id, 'duty.holiday_leader');
    expect(pending).toMatchObject({ status: 'missed', value: 0, target: 3 });

    // The people on duty see their entries on their home page and confirm them.
    const mine = await ok(c.principalA1.get('/api/v1/duty-rosters/mine'));
    expect(mine.items.map((e: any) => [e.dutyOn, e.canConfirm, e.rosterTitle])).toEqual([
      [HOLIDAY[0], true, '2026年国庆节值班安排'],
      [HOLIDAY[1], true, '2026年国庆节值班安排'],
    ]);
    for (const e of mine.items) r = await ok(c.principalA1.post(`/api/v1/duty-rosters/${r.id}/entries/${e.id}/confirm`, { version: e.version }));
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'duty.holiday_leader')).status).toBe('missed');
    r = await ok(confirm(c.teacherA1, r, entryOf(r, HOLIDAY[2], 'leader')));
    expect(entryOf(r, HOLIDAY[2], 'leader')).toMatchObject({ confirmedByName: '李老师', canConfirm: false, version: 2 });
    expect(r).toMatchObject({ coveredDays: 3, uncoveredDays: [] });

    const met = await findingOf(c.officerA1, tree.schoolA1.id, 'duty.holiday_leader');
    expect(met).toMatchObject({ status: 'met', value: 3, target: 3 });
    expect(met.recordIds).toHaveLength(4);
    expect(met.explanation).toContain('000 第4条');
    // The town and the bureau see the same.
    expect((await findingOf(c.townA, tree.schoolA1.id, 'duty.holiday_leader')).status).toBe('met');
    expect((await findingOf(c.bureau, tree.schoolA1.id, 'duty.holiday_leader')).status).toBe('met');
  });

  it('a roster day covered twice for the same role is refused naming 值班日期 with the date, in the batch, from the same or another roster', async () => {
    const before = await entryCount();
    let err = await refused(addEntries(c.officerA1, r.id, [{ dutyOn: HOLIDAY[1], role: 'staff', personName: '周老师', hours: 24 }, { dutyOn: HOLIDAY[1], role: 'leader', personName: '吴副校长', hours: 24 }]));
    expect(err.message).toBe('值班日期：2026-10-02 已安排带班领导王校长，同一天同一角色只能安排一人');
    expect(err.details[0]).toMatchObject({ field: 'entries.1.dutyOn', label: '值班日期' });
    err = await refused(addEntries(c.officerA1, r.id, [{ dutyOn: HOLIDAY[1], role: 'staff', personName: '周老师', hours: 24 }, { dutyOn: HOLIDAY[1], role: 'staff', personName: '郑老师', hours: 24 }]));
    expect(err.message).toContain('2026-10-02 的值班人员填写了两次');
    expect(err.details[0].field).toBe('entries.1.dutyOn');
    // Another roster of the same school covering the same day names the first roster.
    const other = await ok(roster(c.officerA1, { schoolId: tree.schoolA1.id, title: '国庆节补充排班', startsOn: HOLIDAY[0], endsOn: HOLIDAY[0] }), 201);
    err = await refused(addEntries(c.officerA1, other.id, [{ dutyOn: HOLIDAY[0], role: 'leader', personName: '吴副校长', hours: 24 }]));
    expect(err.message).toBe('值班日期：2026-10-01 已安排带班领导王校长（排班表“2026年国庆节值班安排”），同一天同一角色只能安排一人');
    expect(err.details[0].field).toBe('entries.0.dutyOn');
    // Nothing half-written: the first, good entry of each batch was not added.
    expect(await entryCount()).toBe(before);
  });

  it('hours of 0 or 25, a day outside the roster, a person of another school and no person are refused naming the field; nothing is written', async () => {
    const before = await entryCount();
    let err = await refused(addEntries(c.officerA1, r.id, [{ dutyOn: HOLIDAY[1], role: 'staff', personName: '周老师', hours: 0 }]));
    expect(err.message).toBe('值班安排：值班时长须大于 0 小时');
    expect(err.details[0].field).toBe('entries.0.hours');
    err = await refused(addEntries(c.officerA1, r.id, [{ dutyOn: HOLIDAY[1], role: 'staff', personName: '周老师', hours: 25 }]));
    expect(err.message).toBe('值班安排：值班时长每天不能超过 24 小时');
    err = await refused(addEntries(c.officerA1, r.id, [{ dutyOn: HOLIDAY[1], role: 'staff', personName: '周老师', hours: -2 }]));
    expect(err.details[0].field).toBe('entries.0.hours');
    err = await refused(addEntries(c.officerA1, r.id, [{ dutyOn: '2026-10-04', role: 'staff', personName: '周老师', hours: 8 }]));
    expect(err.message).toBe('值班日期：2026-10-04 不在排班范围（2026-10-01 至 2026-10-03）内');
    // A person of another school is outside the school's scope: not found (issue 11 item 4, access/references.ts).
    await refused(addEntries(c.officerA1, r.id, [{ dutyOn: HOLIDAY[1], role: 'staff', userId: people.officerB1.id, hours: 8 }]), 404);
    err = await refused(addEntries(c.officerA1, r.id, [{ dutyOn: HOLIDAY[1], role: 'staff', hours: 8 }]));
    expect(err.message).toBe('值班人员：请选择值班人员或填写姓名');
    err = await refused(addEntries(c.officerA1, r.id, [{ dutyOn: HOLIDAY[1], role: 'deputy', personName: '周老师', hours: 8 }]));
    expect(err.details[0].field).toBe('entries.0.role');
    err = await refused(roster(c.officerA1, { schoolId: tree.schoolA1.id, title: '寒假值班', startsOn: '2027-02-01', endsOn: '2027-01-21' }));
    expect(err.message).toBe('结束日期：不能早于开始日期');
    err = await refused(roster(c.officerA1, { schoolId: tree.schoolA1.id, title: '寒假值班' }));
    expect(err.details[0].field).toBe('startsOn');
    expect(await entryCount()).toBe(before);
  });

  it('only the person on duty confirms, from the day on; a confirmed entry cannot be removed; stale versions are refused', async () => {
    const future = await ok(roster(c.officerA1, { schoolId: tree.schoolA1.id, title: '周末值班', startsOn: '2026-10-24', endsOn: '2026-10-25' }), 201);
    let f = await ok(addEntries(c.officerA1, future.id, [{ dutyOn: '2026-10-24', role: 'leader', userId: people.principalA1.id, hours: 24 }]));
    const e = entryOf(f, '2026-10-24', 'leader');
    // Someone else — the school's officer, a teacher — may not confirm for the principal.
    expect((await refused(confirm(c.officerA1, f, e), 403)).message).toBe('只有值班人本人（王校长）可以确认值班');
    expect((await refused(confirm(c.teacherA1, f, e), 403)).code).toBe('FORBIDDEN');
    // Not before the day.
    expect((await refused(confirm(c.principalA1, f, e), 409)).code).toBe('DUTY_NOT_YET');
    // A named person without an account cannot be confirmed by anyone.
    expect((await refused(confirm(c.officerA1, r, entryOf(r, HOLIDAY[0], 'staff')), 403)).code).toBe('FORBIDDEN');

    // Stale version on delete; a confirmed entry cannot be deleted; an unconfirmed one can.
    expect((await refused(del(c.officerA1, `/api/v1/duty-rosters/${future.id}/entries/${e.id}?version=7`), 409)).code).toBe('STALE_VERSION');
    const done = entryOf(r, HOLIDAY[0], 'leader');
    expect((await refused(del(c.officerA1, `/api/v1/duty-rosters/${r.id}/entries/${done.id}?version=${done.version}`), 409)).code).toBe('DUTY_CONFIRMED');
    f = await ok(del(c.officerA1, `/api/v1/duty-rosters/${future.id}/entries/${e.id}?version=${e.version}`));
    expect(f.daysWithoutLeader).toEqual(['2026-10-24', '2026-10-25']);
    // A teacher (ledger.read only) may not plan.
    expect((await refused(addEntries(c.teacherA1, future.id, [{ dutyOn: '2026-10-24', role: 'leader', personName: '某人', hours: 8 }]), 403)).code).toBe('FORBIDDEN');

    // The roster itself: a version to change, and no entry stranded outside a shrunk span.
    expect((await refused(c.officerA1.patch(`/api/v1/duty-rosters/${r.id}`, { version: 9, title: '国庆值班' }), 409)).code).toBe('STALE_VERSION');
    const err = await refused(c.officerA1.patch(`/api/v1/duty-rosters/${r.id}`, { version: r.version, startsOn: HOLIDAY[1] }));
    expect(err.message).toBe('开始日期：2026-10-01 已有值班安排，不能移出排班范围，请先删除该日安排');
    const renamed = await ok(c.officerA1.patch(`/api/v1/duty-rosters/${future.id}`, { version: future.version, title: '10月第4周周末值班', endsOn: '2026-10-26' }));
    expect(renamed).toMatchObject({ title: '10月第4周周末值班', days: 3, version: 2 });

    // Every change was audited.
    const events = await t.database.db
      .select({ action: auditEvents.action, objectType: auditEvents.objectType })
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'duty_entry'), eq(auditEvents.objectId, String(e.id))))
      .orderBy(asc(auditEvents.id));
    expect(events.map((x) => x.action)).toEqual(['create', 'delete']);
    const confirmed = await t.database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.objectType, 'duty_entry'), eq(auditEvents.action, 'confirm')));
    expect(confirmed[0].n).toBe(3);
  });

  it('is scoped: another school gets 404 by id, list filter, export and writes; the town sees its schools; the export lists entries and uncovered days', async () => {
    expect((await refused(c.officerB1.get(`/api/v1/duty-rosters/${r.id}`), 404)).code).toBe('NOT_FOUND');
    await refused(c.officerB1.get(`/api/v1/duty-rosters?schoolId=${tree.schoolA1.id}`), 404);
    await refused(c.officerB1.get(`/api/v1/duty-rosters/export?schoolId=${tree.schoolA1.id}`), 404);
    await refused(c.officerB1.get(`/api/v1/duty-rosters/export?townId=${tree.townA.id}`), 404);
    await refused(addEntries(c.officerB1, r.id, [{ dutyOn: HOLIDAY[1], role: 'staff', personName: '周老师', hours: 8 }]), 404);
    await refused(c.officerB1.patch(`/api/v1/duty-rosters/${r.id}`, { version: r.version, title: 'x' }), 404);
    await refused(roster(c.officerB1, { schoolId: tree.schoolA1.id, title: 'x', startsOn: HOLIDAY[0], endsOn: HOLIDAY[0] }), 404);
    const e = entryOf(r, HOLIDAY[1], 'leader');
    await refused(c.officerB1.post(`/api/v1/duty-rosters/${r.id}/entries/${e.id}/confirm`, { version: e.version }), 404);
    expect((await ok(c.officerB1.get('/api/v1/duty-rosters'))).total).toBe(0);

    const town = await ok(c.townA.get(`/api/v1/duty-rosters?townId=${tree.townA.id}&from=2026-10-01&to=2026-10-03`));
    expect(town.items.map((x: any) => x.title).sort()).toEqual(['2026年国庆节值班安排', '国庆节补充排班']);
    expect(town.items.find((x: any) => x.title === '国庆节补充排班')).toMatchObject({ days: 1, coveredDays: 0, daysWithoutLeader: [HOLIDAY[0]] });

    const res = await c.townA.get(`/api/v1/duty-rosters/export?rosterId=${r.id}`);
    expect(res.statusCode).toBe(200);
    expect(await xlsxColumn(res.rawPayload, '值班日期')).toEqual([HOLIDAY[0], HOLIDAY[1], HOLIDAY[2], HOLIDAY[0]]);
    expect(await xlsxColumn(res.rawPayload, '本人确认')).toEqual(['已确认', '已确认', '已确认', '未确认']);
    const all = await c.officerA1.get('/api/v1/duty-rosters/export');
    expect(all.statusCode).toBe(200);
    const exports = await t.database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.objectType, 'duty_roster'), eq(auditEvents.action, 'export')));
    expect(exports[0].n).toBe(2);
  });
});

describe('key periods: 24-hour leader and staff every day (003 第五部分之二)', () => {
  it('a key-period roster spans the period by default; a day with 12 hours of staff duty keeps duty.key_period_24h missed; 24-hour cover confirmed makes it met', async () => {
    let r = await ok(roster(c.kg, { schoolId: tree.schoolA2.id, title: '重点时段24小时值班', keyPeriodId }), 201);
    expect(r).toMatchObject({ startsOn: KEY_DAYS[0], endsOn: KEY_DAYS[4], keyPeriodName: '重大活动安保重点时段', requiresStaff: true, minHours: 24, days: 5 });
    expect(r.dayList[0].problems).toEqual(['缺带班领导', '缺值班人员']);
    const before = await findingOf(c.kg, tree.schoolA2.id, 'duty.key_period_24h');
    expect(before).toMatchObject({ status: 'missed', value: 0, target: 5, ledger: 'duties', period: { kind: 'key_period' } });
    expect(before.explanation).toContain('003');

    r = await ok(
      addEntries(
        c.kg,
        r.id,
        KEY_DAYS.flatMap((d) => [
          { dutyOn: d, role: 'leader', userId: people.kg.id, hours: 24 },
          { dutyOn: d, role: 'staff', userId: people.teacherA2.id, hours: d === KEY_DAYS[2] ? 12 : 24 },
        ]),
      ),
    );
    expect(r.dayList[2].problems).toEqual(['带班领导未确认', '值班人员不足24小时']);
    for (const d of KEY_DAYS) {
      r = await ok(confirm(c.kg, r, entryOf(r, d, 'leader')));
      if (d !== KEY_DAYS[2]) r = await ok(confirm(c.teacherA2, r, entryOf(r, d, 'staff')));
    }
    expect(r).toMatchObject({ coveredDays: 4, uncoveredDays: [KEY_DAYS[2]] });
    const short = await findingOf(c.kg, tree.schoolA2.id, 'duty.key_period_24h');
    expect(short).toMatchObject({ status: 'missed', value: 4, target: 5 });
    expect(short.explanation).toContain(KEY_DAYS[2]);

    // The bureau's view of the key period: the kindergarten short one day, A1 with nothing rostered.
    const cover = await ok(c.townA.get('/api/v1/duty-rosters/key-period-cover'));
    expect(cover.keyPeriod).toMatchObject({ id: keyPeriodId, startsOn: KEY_DAYS[0] });
    const kg = cover.items.find((x: any) => x.schoolId === tree.schoolA2.id);
    expect(kg).toMatchObject({ rosterIds: [r.id], days: 5, coveredDays: 4, uncoveredDays: [KEY_DAYS[2]], unconfirmedDays: [KEY_DAYS[2]] });
    expect(cover.items.find((x: any) => x.schoolId === tree.schoolA1.id)).toMatchObject({ coveredDays: 0, uncoveredDays: KEY_DAYS });
    expect(cover.items.some((x: any) => x.schoolId === tree.schoolB1.id)).toBe(false);
    await refused(c.officerB1.get(`/api/v1/duty-rosters/key-period-cover?townId=${tree.townA.id}`), 404);

    // The 12-hour entry is replaced by a 24-hour one, confirmed: met.
    const half = entryOf(r, KEY_DAYS[2], 'staff');
    r = await ok(del(c.kg, `/api/v1/duty-rosters/${r.id}/entries/${half.id}?version=${half.version}`));
    r = await ok(addEntries(c.kg, r.id, [{ dutyOn: KEY_DAYS[2], role: 'staff', userId: people.teacherA2.id, hours: 24 }]));
    r = await ok(confirm(c.teacherA2, r, entryOf(r, KEY_DAYS[2], 'staff')));
    expect(r).toMatchObject({ coveredDays: 5, uncoveredDays: [] });
    const met = await findingOf(c.bureau, tree.schoolA2.id, 'duty.key_period_24h');
    expect(met).toMatchObject({ status: 'met', value: 5, target: 5 });
    expect(met.recordIds).toHaveLength(10);
    // The list filter by key period.
    expect((await ok(c.bureau.get(`/api/v1/duty-rosters?keyPeriodId=${keyPeriodId}`))).items.map((x: any) => x.id)).toEqual([r.id]);
  });
});

describe('fire special inspections in the key period (003 第三部分之三)', () => {
  it('one completed fire inspection in the period is missed, two are met; one checking food only or outside the period does not count', async () => {
    const db = t.database.db;
    const [tpl] = await db.insert(checklistTemplates).values({ districtId: tree.districtId, name: '消防安全专项检查表', builtin: false }).returning();
    const item = (key: string) => ({ key, text: '消防通道畅通', method: null, standard: null, source: null });
    const [fire] = await db.insert(checklistVersions).values({ templateId: tpl.id, number: 1, sections: [{ title: '消防安全', area: 'fire_chemicals', items: [item('f1')] }], itemCount: 1 }).returning();
    const [food] = await db.insert(checklistVersions).values({ templateId: tpl.id, number: 2, sections: [{ title: '食品安全', area: 'food_disease', items: [item('d1')] }, { title: '消防安全', area: 'fire_chemicals', items: [] }], itemCount: 1 }).returning();
    let n = 0;
    const inspect = async (versionId: number, day: string) => {
      const [i] = await db
        .insert(inspections)
        .values({ districtId: tree.districtId, code: `JC-TEST-${++n}`, kind: 'self_check', title: '消防专项检查', checklistVersionId: versionId, organizerUnitId: tree.schoolB1.id, plannedOn: day, status: 'submitted', createdBy: people.officerB1.id })
        .returning();
      // Submitted at 23:30 Shanghai time: it counts on that Shanghai day.
      await db.insert(inspectionTargets).values({ inspectionId: i.id, districtId: tree.districtId, schoolId: tree.schoolB1.id, schoolPath: tree.schoolB1.path, status: 'submitted', submittedAt: new Date(`${day}T15:30:00Z`) });
      return i.id;
    };
    const first = await inspect(fire.id, KEY_DAYS[0]);
    await inspect(food.id, KEY_DAYS[1]);
    await inspect(fire.id, '2026-10-13'); // the day after the period
    const one = await findingOf(c.officerB1, tree.schoolB1.id, 'inspection.key_period_fire');
    expect(one).toMatchObject({ status: 'missed', value: 1, target: 2, ledger: 'inspections', recordIds: [first] });
    expect(one.explanation).toContain('003');

    const second = await inspect(fire.id, KEY_DAYS[4]);
    const two = await findingOf(c.bureau, tree.schoolB1.id, 'inspection.key_period_fire');
    expect(two).toMatchObject({ status: 'met', value: 2, target: 2 });
    expect(two.recordIds.sort()).toEqual([first, second].sort());
    // An inspection not yet submitted does not count.
    const [open] = await db
      .insert(inspections)
      .values({ districtId: tree.districtId, code: 'JC-TEST-open', kind: 'self_check', title: '未完成', checklistVersionId: fire.id, organizerUnitId: tree.schoolA1.id, plannedOn: KEY_DAYS[1], status: 'in_progress', createdBy: people.officerA1.id })
      .returning();
    await db.insert(inspectionTargets).values({ inspectionId: open.id, districtId: tree.districtId, schoolId: tree.schoolA1.id, schoolPath: tree.schoolA1.path, status: 'in_progress' });
    expect(await findingOf(c.officerA1, tree.schoolA1.id, 'inspection.key_period_fire')).toMatchObject({ status: 'missed', value: 0 });
  });

  it('both ledgers are judged, not pending', async () => {
    const body = await ok(c.bureau.get('/api/v1/compliance?pageSize=1'));
    const pending = body.pendingLedgers.map((p: any) => p.ledger);
    expect(pending).not.toContain('duties');
    expect(pending).not.toContain('inspections');
    expect(body.evaluatedRules.map((r: any) => r.code)).toEqual(expect.arrayContaining(['duty.holiday_leader', 'duty.key_period_24h', 'inspection.key_period_fire']));
    expect((await t.database.db.select({ n: count() }).from(dutyRosters))[0].n).toBeGreaterThan(0);
  });
});

describe('a missed duty confirmation is reminded, in-app and through the school’s channels (issue 17)', () => {
  // A fake webhook receiver: records each message that arrives.
  const arrived: Array<{ kind: string; title: string }> = [];
  let server: Server;
  let r: any;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        arrived.push(JSON.parse(raw));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    await ok(c.bureau.post('/api/v1/messages/channels', { unitId: tree.schoolA1.id, kind: 'webhook', name: '学校值班群', kinds: ['duty_unconfirmed'], includeBelow: false, url, secret: 'duty-webhook-secret' }), 201);
    r = await ok(roster(c.officerA1, { schoolId: tree.schoolA1.id, title: '10月19日至20日值班', startsOn: '2026-10-19', endsOn: '2026-10-20' }), 201);
    r = await ok(
      addEntries(c.officerA1, r.id, [
        { dutyOn: '2026-10-19', role: 'leader', userId: people.teacherA1.id, hours: 24 },
        { dutyOn: '2026-10-20', role: 'leader', userId: people.teacherA1.id, hours: 24 },
        { dutyOn: '2026-10-20', role: 'staff', personName: '保安 孙师傅', hours: 24 },
      ]),
    );
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  const remind = (iso: string) => t.database.db.transaction((tx) => remindUnconfirmedDuty(tx, new Date(iso)));
  // Ahead of the database's clock, which stamps a new message due now().
  const deliver = () => deliverDue(t.database.db, () => new Date(Date.now() + 60_000), { timeoutMs: 2_000 });
  const reminders = () =>
    t.database.db
      .select({ userId: notifications.userId, title: notifications.title, link: notifications.link, readAt: notifications.readAt })
      .from(notifications)
      .where(eq(notifications.kind, 'duty_unconfirmed'))
      .orderBy(asc(notifications.id));

  it('the person on duty from 10:00 of the day, once, and the webhook gets it once', async () => {
    await remind('2026-10-19T01:30:00Z'); // 09:30 in Beijing: not yet
    expect(await reminders()).toEqual([]);
    await remind('2026-10-19T02:30:00Z');
    await remind('2026-10-19T05:00:00Z');
    const first = await reminders();
    expect(first).toEqual([{ userId: people.teacherA1.id, title: '请确认您 2026-10-19 的值班（带班领导）：10月19日至20日值班', link: `/duty-rosters/${r.id}?entry=${entryOf(r, '2026-10-19', 'leader').id}`, readAt: null }]);
    expect(await deliver()).toBe(1);
    expect(await deliver()).toBe(0);
    expect(arrived).toEqual([expect.objectContaining({ kind: '值班未确认', title: first[0].title })]);
  });

  it('still unconfirmed the next morning: the school’s principal and safety officer are told; an entry without an account reaches only the school', async () => {
    await remind('2026-10-20T02:30:00Z');
    await remind('2026-10-20T03:30:00Z');
    const all = await reminders();
    const to = (title: string) => all.filter((n) => n.title === title).map((n) => n.userId).sort();
    expect(to('李老师 2026-10-19 的带班领导值班至今未确认：10月19日至20日值班')).toEqual([people.officerA1.id, people.principalA1.id].sort());
    expect(to('请确认您 2026-10-20 的值班（带班领导）：10月19日至20日值班')).toEqual([people.teacherA1.id]);
    expect(all).toHaveLength(4);
    // The guard's entry has no account to remind; the school hears of it the next morning.
    expect(all.some((n) => n.title.includes('孙师傅'))).toBe(false);
    // One message per reminder (the school's two people share one), each once.
    expect(await deliver()).toBe(2);
    expect(await deliver()).toBe(0);
    expect(arrived.map((a) => a.title).sort()).toEqual([all[0].title, '请确认您 2026-10-20 的值班（带班领导）：10月19日至20日值班', '李老师 2026-10-19 的带班领导值班至今未确认：10月19日至20日值班'].sort());
  });

  it('confirming the entry settles its reminders for everyone; the next day’s stays; nothing more is sent about it', async () => {
    r = await ok(confirm(c.teacherA1, r, entryOf(r, '2026-10-19', 'leader')));
    const link = `/duty-rosters/${r.id}?entry=${entryOf(r, '2026-10-19', 'leader').id}`;
    const all = await reminders();
    expect(all.filter((n) => n.link === link).every((n) => n.readAt !== null)).toBe(true);
    expect(all.filter((n) => n.link !== link).every((n) => n.readAt === null)).toBe(true);
    const before = all.length;
    await remind('2026-10-21T02:30:00Z');
    const after = await reminders();
    // Only the school's reminders of 10-20 are new: the teacher's leader entry and the guard's.
    expect(after.slice(before).map((n) => n.title)).toEqual(expect.arrayContaining(['李老师 2026-10-20 的带班领导值班至今未确认：10月19日至20日值班', '保安 孙师傅 2026-10-20 的值班人员值班至今未确认：10月19日至20日值班']));
    expect(after.slice(before).every((n) => !n.title.includes('2026-10-19'))).toBe(true);
  });
});

