// The gate log through the API (issue 15 item 2; 002 第7项 四个一律, 001 第15条 护学岗): a gate guard
// registers a visitor with the ID number stored masked only, their exit, and a refused vehicle; a
// visitor without a staff member is flagged and misses gate.visitors_escorted; a visitor leaving before
// arriving is refused naming leftAt; 护学岗 every school day; the guard writes nothing else.
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, gateRecords } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, type Client, type PersonSpec } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'bureau' | 'teacher' | 'guard';
let c: Record<Who, Client>;

// 10:00 in Shanghai on a Wednesday.
const TODAY = '2026-05-13';
const ID = '11010519491231002X'; // the standard's example number, with a valid check digit

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, (tr) => {
    const p = ledgerPeople(tr);
    return { officerA1: p.officerA1, officerB1: p.officerB1, bureau: p.bureau, teacher: p.teacher, guard: [tr.schoolA1, ['gate_guard'], { displayName: '保安老周' }] as PersonSpec };
  }));
});
afterAll(() => t.close());

const rows = async (table: typeof gateRecords | typeof auditEvents) => (await t.database.db.select({ n: count() }).from(table))[0].n;
const visitor = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/gate-records', {
    schoolId: tree.schoolA1.id,
    kind: 'visitor',
    guardName: '周建国',
    visitorName: '刘女士',
    idNumber: ID,
    idChecked: true,
    phone: '13800138000',
    organisation: '学生家长',
    purpose: '给孩子送药',
    hostName: '三年级二班班主任',
    escortName: '李老师',
    admitted: true,
    arrivedAt: '2026-05-13T09:30:00+08:00',
    ...over,
  });

describe('gate log (002 第7项, 001 第15条)', () => {
  it('a guard registers a visitor: the ID number is kept masked only, the exit is recorded, leaving before arriving is refused', async () => {
    const v = await ok(visitor(c.guard), 201);
    expect(v).toMatchObject({ kind: 'visitor', recordedOn: TODAY, idNumberMasked: '110105********002X', escortName: '李老师', unescorted: false, leftAt: null, createdByName: '保安老周' });
    expect(JSON.stringify(v)).not.toContain(ID);
    const [row] = await t.database.db.select().from(gateRecords).where(eq(gateRecords.id, v.id));
    expect(row.idNumberMasked).toBe('110105********002X');
    expect(await t.database.db.select({ n: count() }).from(auditEvents).where(sql`${auditEvents.after}::text like ${`%${ID.slice(6, 14)}%`}`)).toEqual([{ n: 0 }]);

    const early = await refused(c.guard.post(`/api/v1/gate-records/${v.id}/leave`, { version: 1, leftAt: '2026-05-13T09:00:00+08:00' }));
    expect(early.message).toBe('离开时间：离开时间不能早于到达时间');
    expect(early.details[0].field).toBe('leftAt');
    const inside = await ok(c.guard.get('/api/v1/gate-records?inside=true'));
    expect(inside.items.map((x: any) => x.id)).toEqual([v.id]);
    const left = await ok(c.guard.post(`/api/v1/gate-records/${v.id}/leave`, { version: 1 }));
    expect(left).toMatchObject({ version: 2, leftAt: '2026-05-13T02:00:00.000Z' });
    expect((await ok(c.guard.get('/api/v1/gate-records?inside=true'))).total).toBe(0);
    expect((await refused(c.guard.post(`/api/v1/gate-records/${v.id}/leave`, { version: 1 }), 409)).code).toBe('STALE_VERSION');
  });

  it('a visitor without staff is flagged and misses 四个一律; a refused vehicle needs its reason', async () => {
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'gate.visitors_escorted')).status).toBe('met');
    const alone = await ok(visitor(c.guard, { visitorName: '送货人员', escortName: null, idNumber: null, idChecked: false }), 201);
    expect(alone.unescorted).toBe(true);
    const f = await findingOf(c.officerA1, tree.schoolA1.id, 'gate.visitors_escorted');
    expect(f).toMatchObject({ status: 'missed', value: 1, recordIds: [alone.id] });
    expect(f.explanation).toContain('002 第7项');
    expect((await ok(c.officerA1.get('/api/v1/gate-records?flagged=true'))).items.map((x: any) => x.id)).toEqual([alone.id]);

    const [n, e] = [await rows(gateRecords), await rows(auditEvents)];
    const noReason = await refused(c.guard.post('/api/v1/gate-records', { schoolId: tree.schoolA1.id, kind: 'vehicle', guardName: '周建国', plate: '沪A12345', admitted: false, arrivedAt: '2026-05-13T09:40:00+08:00' }));
    expect(noReason.details[0].field).toBe('refusalReason');
    expect((await refused(visitor(c.guard, { idNumber: '110105194912310021' }))).message).toBe('身份证号：身份证号码校验位不正确，请核对');
    expect((await refused(visitor(c.guard, { arrivedAt: '2026-05-13T12:00:00+08:00' }))).message).toBe('到达时间：不能晚于现在');
    expect((await refused(c.guard.post('/api/v1/gate-records', { schoolId: tree.schoolA1.id, kind: 'guard_post', guardName: '周建国', recordedOn: TODAY, arrivalTeachers: -1, arrivalGuards: 2, dismissalTeachers: 1, dismissalGuards: 2 }))).message).toBe('上学时段教师数：不能为负数');
    expect([await rows(gateRecords), await rows(auditEvents)]).toEqual([n, e]);

    const car = await ok(c.guard.post('/api/v1/gate-records', { schoolId: tree.schoolA1.id, kind: 'vehicle', guardName: '周建国', plate: '沪a 12345', driverName: '王某', admitted: false, refusalReason: '无关车辆，未预约', arrivedAt: '2026-05-13T09:40:00+08:00' }), 201);
    expect(car).toMatchObject({ plate: '沪A12345', admitted: false, refusalReason: '无关车辆，未预约', unescorted: false });
  });

  it('护学岗 every school day: days without arrival and dismissal cover are missed; covered days count', async () => {
    const f0 = await findingOf(c.officerA1, tree.schoolA1.id, 'gate.guard_post_daily');
    expect(f0).toMatchObject({ status: 'missed', target: 9 });
    for (const d of ['2026-05-01', '2026-05-04', '2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-11', '2026-05-12']) {
      await ok(c.guard.post('/api/v1/gate-records', { schoolId: tree.schoolA1.id, kind: 'guard_post', guardName: '周建国', recordedOn: d, arrivalTeachers: 2, arrivalGuards: 2, dismissalTeachers: 2, dismissalGuards: 2, onDuty: '李老师、王老师、周建国、赵强' }), 201);
    }
    // Today's post short of a teacher at dismissal: flagged, and today is still due.
    const short = await ok(c.guard.post('/api/v1/gate-records', { schoolId: tree.schoolA1.id, kind: 'guard_post', guardName: '周建国', recordedOn: TODAY, arrivalTeachers: 2, arrivalGuards: 2, dismissalTeachers: 0, dismissalGuards: 2 }), 201);
    expect(short.postShort).toBe(true);
    expect(await findingOf(c.officerA1, tree.schoolA1.id, 'gate.guard_post_daily')).toMatchObject({ status: 'due_soon', value: 8, target: 9 });
    await ok(c.guard.patch(`/api/v1/gate-records/${short.id}`, { version: 1, dismissalTeachers: 1 }));
    expect(await findingOf(c.officerA1, tree.schoolA1.id, 'gate.guard_post_daily')).toMatchObject({ status: 'met', value: 9, target: 9 });
  });

  it('scope and permissions: the guard writes no other ledger; another school is 404; a teacher keeps no gate log; the bureau filters by stage', async () => {
    await refused(c.guard.post('/api/v1/food-records', { schoolId: tree.schoolA1.id, kind: 'monthly_dispatch', recordedOn: TODAY, person: '周建国', content: '月调度' }), 403);
    await refused(visitor(c.guard, { schoolId: tree.schoolB1.id }), 404);
    await refused(visitor(c.teacher), 403);
    const [mine] = await t.database.db.select().from(gateRecords).limit(1);
    await refused(c.officerB1.get(`/api/v1/gate-records/${mine.id}`), 404);
    expect((await ok(c.bureau.get('/api/v1/gate-records?stage=primary&kind=vehicle'))).total).toBe(1);
    expect((await ok(c.bureau.get(`/api/v1/gate-records?townId=${tree.townB.id}`))).total).toBe(0);
    const x = await c.bureau.get('/api/v1/gate-records/export?kind=visitor');
    expect(x.statusCode).toBe(200);
    expect(x.rawPayload.includes(Buffer.from(ID))).toBe(false);
  });
});
