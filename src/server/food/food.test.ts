// The food safety ledger through the API (issue 15 item 1): 日管控 every school day and 月调度 each
// month turn from missed to met in /compliance for a school with a canteen, and a school without
// one is not judged (001 item 17, 000 item 7); certificates due soon; correct with a version, void;
// bad input refused naming the field with nothing written; scope; the bureau's filters by town and stage.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, foodRecords, units } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, xlsxColumn, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher';
let c: Record<Who, Client>;

// A Wednesday: May 2026 has had 9 weekdays (no school calendar in the test district: every weekday is a school day).
const TODAY = '2026-05-13';
const MAY_DAYS = ['2026-05-01', '2026-05-04', '2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-11', '2026-05-12', '2026-05-13'];

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, ledgerPeople));
  await t.database.db.update(units).set({ canteen: true }).where(eq(units.id, tree.schoolA1.id));
});
afterAll(() => t.close());

const rows = async (table: typeof foodRecords | typeof auditEvents) => (await t.database.db.select({ n: count() }).from(table))[0].n;
const daily = (client: Client, schoolId: number, recordedOn: string, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/food-records', { schoolId, kind: 'daily_check', recordedOn, person: '食堂管理员王芳', staffChecked: 12, staffUnwell: 0, samplesKept: 6, sampleGrams: 150, sampleHours: 48, ...over });

describe('food safety (000 第7条, 001 第17条)', () => {
  it('日管控 every school day: missed with the days named, met once every day is recorded; a voided one counts no more', async () => {
    const f0 = await findingOf(c.officerA1, tree.schoolA1.id, 'food.daily_control');
    expect(f0).toMatchObject({ status: 'missed', ledger: 'food_safety', value: 0, target: 9 });
    expect(f0.explanation).toContain('000 第7条');
    const made = [];
    for (const d of MAY_DAYS) made.push(await ok(daily(c.officerA1, tree.schoolA1.id, d), 201));
    expect(made[0]).toMatchObject({ kind: 'daily_check', samplesKept: 6, sampleGrams: 150, meal: null, certificateType: null, version: 1, schoolName: tree.schoolA1.name });
    expect(await findingOf(c.officerA1, tree.schoolA1.id, 'food.daily_control')).toMatchObject({ status: 'met', value: 9, target: 9 });
    await ok(c.officerA1.post(`/api/v1/food-records/${made[3].id}/void`, { version: 1, voidReason: '日期登记错误' }));
    const f2 = await findingOf(c.officerA1, tree.schoolA1.id, 'food.daily_control');
    expect(f2.status).toBe('missed');
    expect(f2.explanation).toContain('缺 2026-05-06');
    await ok(daily(c.officerA1, tree.schoolA1.id, '2026-05-06'), 201);
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'food.daily_control')).status).toBe('met');
  });

  it('月调度: April without one decides while May is not yet due; a dispatch in April turns it met', async () => {
    expect(await findingOf(c.officerA1, tree.schoolA1.id, 'food.monthly_dispatch')).toMatchObject({ status: 'missed', period: { key: '2026-04' } });
    await ok(c.officerA1.post('/api/v1/food-records', { schoolId: tree.schoolA1.id, kind: 'monthly_dispatch', recordedOn: '2026-04-28', person: '王校长', content: '研究食堂大宗食材统一配送和从业人员健康管理' }), 201);
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'food.monthly_dispatch')).status).toBe('met');
  });

  it('a school without a canteen is not judged for food (001 第17条)', async () => {
    const body = await ok(c.officerB1.get(`/api/v1/compliance?unitId=${tree.schoolB1.id}&ruleCode=food.daily_control`));
    expect(body.items).toHaveLength(0);
  });

  it('certificates: expiring within 30 days is due soon, a renewal fixes it; an expired one is refused as valid', async () => {
    const cert = await ok(
      c.officerA1.post('/api/v1/food-records', { schoolId: tree.schoolA1.id, kind: 'certificate', recordedOn: '2025-06-01', person: '李明', certificateType: 'health_certificate', certificateNo: 'JK2025-0601', expiresOn: '2026-06-01' }),
      201,
    );
    const f = await findingOf(c.officerA1, tree.schoolA1.id, 'food.certificates_valid');
    expect(f).toMatchObject({ status: 'due_soon', dueOn: '2026-06-01' });
    expect(f.explanation).toContain('李明 从业人员健康证（2026-06-01）');
    const back = await refused(c.officerA1.post('/api/v1/food-records', { schoolId: tree.schoolA1.id, kind: 'certificate', recordedOn: '2025-05-01', person: '李明', certificateType: 'health_certificate', expiresOn: '2026-05-12' }));
    expect(back.message).toBe('有效期至：证照已于 2026-05-12 过期，不能登记为有效证照，请登记换发后的新证');
    expect(back.details[0].field).toBe('expiresOn');
    await ok(c.officerA1.patch(`/api/v1/food-records/${cert.id}`, { version: 1, expiresOn: '2027-06-01' }));
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'food.certificates_valid')).status).toBe('met');
    expect((await refused(c.officerA1.patch(`/api/v1/food-records/${cert.id}`, { version: 1, person: '李明明' }), 409)).code).toBe('STALE_VERSION');
  });

  it('refuses negative quantities, more unwell than checked, a day ahead, a weekly check with findings but no words — naming the field, writing nothing', async () => {
    const [n, e] = [await rows(foodRecords), await rows(auditEvents)];
    const neg = await refused(daily(c.officerA1, tree.schoolA1.id, '2026-05-12', { samplesKept: -1 }));
    expect(neg.message).toBe('留样份数：不能为负数');
    expect(neg.details[0].field).toBe('samplesKept');
    expect((await refused(daily(c.officerA1, tree.schoolA1.id, '2026-05-12', { staffUnwell: 13 }))).message).toBe('身体不适人员数：不能多于晨检从业人员数');
    expect((await refused(daily(c.officerA1, tree.schoolA1.id, '2026-05-14'))).message).toBe('登记日期：不能晚于今天');
    expect((await refused(c.officerA1.post('/api/v1/food-records', { schoolId: tree.schoolA1.id, kind: 'weekly_check', recordedOn: '2026-05-12', person: '张主任', findingCount: 2 }))).details[0].field).toBe('content');
    expect((await refused(c.officerA1.post('/api/v1/food-records', { schoolId: tree.schoolA1.id, kind: 'accompanied_meal', recordedOn: '2026-05-12', person: '王校长' }))).message).toBe('餐次：请选择餐次');
    expect([await rows(foodRecords), await rows(auditEvents)]).toEqual([n, e]);
  });

  it('scope: another school is 404, a teacher records nothing (403); the bureau filters by town and stage and exports', async () => {
    const [mine] = await t.database.db.select().from(foodRecords).where(and(eq(foodRecords.schoolId, tree.schoolA1.id), eq(foodRecords.status, 'recorded'))).limit(1);
    expect((await refused(c.officerB1.get(`/api/v1/food-records/${mine.id}`), 404)).code).toBe('NOT_FOUND');
    await refused(daily(c.officerB1, tree.schoolA1.id, '2026-05-12'), 404);
    await refused(daily(c.teacher, tree.schoolA1.id, '2026-05-12'), 403);
    const all = await ok(c.bureau.get(`/api/v1/food-records?townId=${tree.townA.id}&stage=primary&kind=daily_check&pageSize=50`));
    expect(all.total).toBe(9);
    expect((await ok(c.bureau.get(`/api/v1/food-records?townId=${tree.townB.id}`))).total).toBe(0);
    expect((await ok(c.bureau.get('/api/v1/food-records?stage=kindergarten'))).total).toBe(0);
    const x = await c.bureau.get(`/api/v1/food-records/export?townId=${tree.townA.id}&kind=daily_check`);
    expect(x.statusCode).toBe(200);
    expect(await xlsxColumn(x.rawPayload, '记录类型')).toEqual(Array(9).fill('日管控'));
  });
});
