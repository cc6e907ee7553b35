// The school bus ledger through the API (issue 15 item 5; 001 第14条: 杜绝校车“带病上路”、校车驾驶人
// 资格审查; 000 任务分解表第3项: 开学前做好校车的安全检查及年度复核准备工作): the three rules on the
// compliance board and the school's calendar for a school using buses only; a failed pre-trip item
// turned into a hazard in one step; bad input naming the field (negative seats, an expired licence
// entered as valid, a check day ahead, another school's bus 404, a route over the seats); versions,
// voids, scope, the bureau's filters by town and stage, exports.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, busChecks, busDrivers, busRoutes, hazards, schoolBuses, units } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, xlsxColumn, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher';
let c: Record<Who, Client>;

// A Monday.
const TODAY = '2026-05-11';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, ledgerPeople));
  await t.database.db.update(units).set({ schoolBus: true }).where(eq(units.id, tree.schoolA1.id));
});
afterAll(() => t.close());

const counts = async () => Promise.all([schoolBuses, busDrivers, busRoutes, busChecks, hazards, auditEvents].map(async (x) => (await t.database.db.select({ n: count() }).from(x))[0].n));
const newBus = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/school-buses', { schoolId, plate: '沪A·X1234', seats: 19, licenceNo: '310100123456', insuranceExpiresOn: '2026-12-31', reviewedOn: '2025-06-10', reviewDueOn: '2026-06-10', servesFrom: '2026-05-11', ...over });
const newDriver = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/bus-drivers', { schoolId, name: '王建国', licenceClass: 'A1', licenceExpiresOn: '2029-03-01', backgroundCheckedOn: '2026-04-20', backgroundResult: 'clear', healthCheckedOn: '2026-04-22', ...over });
const items = (failed: string[] = []) => ['制动', '灯光和喇叭', '轮胎', '安全带'].map((name) => ({ name, ok: !failed.includes(name), note: failed.includes(name) ? '左前刹车片磨损' : null }));

describe('school buses (001 第14条, 000 任务分解表第3项)', () => {
  let busId = 0;
  let driverId = 0;
  let checkId = 0;

  it('a bus 30 days from its review is due soon, shown on the calendar; drivers checked are met; the pre-trip check is due today and met once recorded', async () => {
    const bus = await ok(newBus(c.officerA1, tree.schoolA1.id), 201);
    busId = bus.id;
    expect(bus).toMatchObject({ reviewState: 'due_soon', gaps: [], version: 1, schoolName: tree.schoolA1.name });
    const review = await findingOf(c.officerA1, tree.schoolA1.id, 'bus.annual_review');
    expect(review).toMatchObject({ status: 'due_soon', ledger: 'school_buses', dueOn: '2026-06-10' });
    expect(review.explanation).toContain('000 任务分解表第3项');
    const cal = await ok(c.officerA1.get(`/api/v1/schools/${tree.schoolA1.id}/due-calendar?month=2026-06`));
    expect(cal.items.some((i: any) => i.ruleCode === 'bus.annual_review' && i.startsOn === '2026-06-10')).toBe(true);

    // Running a bus without a driver recorded misses the driver rule.
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'bus.drivers')).status).toBe('missed');
    const driver = await ok(newDriver(c.officerA1, tree.schoolA1.id), 201);
    driverId = driver.id;
    expect(driver).toMatchObject({ gaps: [], active: true });
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'bus.drivers')).status).toBe('met');

    expect(await findingOf(c.officerA1, tree.schoolA1.id, 'bus.pre_trip_check')).toMatchObject({ status: 'due_soon', dueOn: TODAY });
    const check = await ok(c.officerA1.post('/api/v1/bus-checks', { busId, driverId, checkedOn: TODAY, items: items(['制动']) }), 201);
    checkId = check.id;
    expect(check).toMatchObject({ busPlate: '沪A·X1234', driverName: '王建国', failedCount: 1, hazards: [] });
    const met = await findingOf(c.officerA1, tree.schoolA1.id, 'bus.pre_trip_check');
    expect(met.status).toBe('met');
    expect(met.explanation).toContain('001 第14条');

    // A second check of the same bus and day is a correction of the first.
    expect((await refused(c.officerA1.post('/api/v1/bus-checks', { busId, driverId, checkedOn: TODAY, items: items() }), 409)).code).toBe('DUPLICATE');
    // A school without school buses is not judged.
    expect((await ok(c.officerB1.get(`/api/v1/compliance?unitId=${tree.schoolB1.id}&ruleCode=bus.pre_trip_check`))).items).toHaveLength(0);
  });

  it('a failed pre-trip item becomes a hazard in one step (area 交通与校车安全), once; a passed item cannot', async () => {
    const raised = await ok(c.officerA1.post(`/api/v1/bus-checks/${checkId}/hazard`, { version: 1, item: '制动', grade: 'major' }));
    expect(raised.version).toBe(2);
    expect(raised.hazards).toHaveLength(1);
    expect(raised.hazards[0].hazardCode).toMatch(/^YH-2026-/);
    const h = await ok(c.officerA1.get(`/api/v1/hazards/${raised.hazards[0].hazardId}`));
    expect(h).toMatchObject({ source: 'bus_check', area: 'traffic', grade: 'major', schoolId: tree.schoolA1.id, foundOn: TODAY });
    expect(h.description).toContain('制动，左前刹车片磨损');
    expect((await refused(c.officerA1.post(`/api/v1/bus-checks/${checkId}/hazard`, { version: 2, item: '制动', grade: 'general' }), 409)).code).toBe('ALREADY_RAISED');
    expect((await refused(c.officerA1.post(`/api/v1/bus-checks/${checkId}/hazard`, { version: 2, item: '轮胎', grade: 'general' }))).details[0].field).toBe('item');
    expect((await refused(c.officerA1.post(`/api/v1/bus-checks/${checkId}/hazard`, { version: 1, item: '制动', grade: 'general' }), 409)).code).toBe('STALE_VERSION');
    // The item raised stays failed: a correction cannot turn it ok.
    expect((await refused(c.officerA1.patch(`/api/v1/bus-checks/${checkId}`, { version: 2, items: items() }))).details[0].field).toBe('items');
  });

  it('refuses negative seats, an expired licence entered as valid, a check day ahead, another school’s bus (404), a route over the seats — naming the field, writing nothing', async () => {
    const before = await counts();
    const seats = await refused(newBus(c.officerA1, tree.schoolA1.id, { plate: '沪A·X9999', seats: -3 }));
    expect(seats.details[0].field).toBe('seats');
    expect(seats.message).toBe('座位数：座位数须为正整数');
    const licence = await refused(newDriver(c.officerA1, tree.schoolA1.id, { licenceExpiresOn: '2026-05-10' }));
    expect(licence.details[0].field).toBe('licenceExpiresOn');
    expect(licence.message).toBe('驾驶证有效期至：驾驶证有效期（2026-05-10）已过，不能登记为有效');
    expect((await refused(newDriver(c.officerA1, tree.schoolA1.id, { backgroundCheckedOn: '2026-05-12' }))).details[0].field).toBe('backgroundCheckedOn');
    expect((await refused(newDriver(c.officerA1, tree.schoolA1.id, { backgroundCheckedOn: null }))).details[0].field).toBe('backgroundCheckedOn');
    expect((await refused(newBus(c.officerA1, tree.schoolA1.id, { plate: '沪A·X8888', insuranceExpiresOn: '2026-05-01' }))).details[0].field).toBe('insuranceExpiresOn');
    const ahead = await refused(c.officerA1.post('/api/v1/bus-checks', { busId, driverId, checkedOn: '2026-05-12', items: items() }));
    expect(ahead.details[0].field).toBe('checkedOn');
    expect(ahead.message).toBe('检查日期：不能晚于今天');
    expect((await refused(c.officerB1.post('/api/v1/bus-checks', { busId, driverId, checkedOn: TODAY, items: items() }), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerB1.post('/api/v1/bus-routes', { busId, name: '北线', stops: [{ name: '村口', students: 3 }] }), 404)).code).toBe('NOT_FOUND');
    const over = await refused(c.officerA1.post('/api/v1/bus-routes', { busId, name: '北线', stops: [{ name: '村口', students: 12 }, { name: '镇政府', students: 8 }] }));
    expect(over.details[0].field).toBe('stops');
    expect((await refused(c.officerA1.post('/api/v1/bus-routes', { busId, name: '北线', stops: [{ name: '村口', students: -1 }] }))).details[0].field).toMatch(/^stops/);
    // A driver of another school on this bus: in the bureau's scope, but not fitting.
    const other = await ok(newDriver(c.officerB1, tree.schoolB1.id, { name: '李四' }), 201);
    expect((await refused(c.bureau.post('/api/v1/bus-checks', { busId, driverId: other.id, checkedOn: TODAY, items: items() }))).details[0].field).toBe('driverId');
    await ok(c.officerB1.post(`/api/v1/bus-drivers/${other.id}/void`, { version: 1, voidReason: '录入测试' }));
    const after = await counts();
    // Only the other school's driver and its void were written (and their audit events).
    expect(after[0]).toBe(before[0]);
    expect(after[3]).toBe(before[3]);
    expect(after[4]).toBe(before[4]);
  });

  it('routes with stops in order and counts only; versions (stale 409), voids, scope; the bureau filters by town, stage and review, and exports', async () => {
    const route = await ok(c.officerA1.post('/api/v1/bus-routes', { busId, name: '东线', stops: [{ name: '东湖村', students: 6 }, { name: '新苑小区', students: 9 }] }), 201);
    expect(route).toMatchObject({ busPlate: '沪A·X1234', studentCount: 15, stops: [{ name: '东湖村', students: 6 }, { name: '新苑小区', students: 9 }] });
    const renewed = await ok(c.officerA1.patch(`/api/v1/school-buses/${busId}`, { version: 1, reviewedOn: '2026-05-09', reviewDueOn: '2027-05-08' }));
    expect(renewed).toMatchObject({ version: 2, reviewState: 'ok' });
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'bus.annual_review')).status).toBe('met');
    expect((await refused(c.officerA1.patch(`/api/v1/school-buses/${busId}`, { version: 1, seats: 20 }), 409)).code).toBe('STALE_VERSION');
    expect((await refused(c.officerA1.patch(`/api/v1/school-buses/${busId}`, { version: 2, reviewDueOn: '2026-05-01' }))).details[0].field).toBe('reviewDueOn');
    expect((await refused(c.officerB1.get(`/api/v1/school-buses/${busId}`), 404)).code).toBe('NOT_FOUND');

    // A second school using buses, its review past due.
    await t.database.db.update(units).set({ schoolBus: true }).where(eq(units.id, tree.schoolB1.id));
    const late = await ok(newBus(c.officerB1, tree.schoolB1.id, { plate: '沪B·Y0001', reviewedOn: '2025-04-01', reviewDueOn: '2026-04-30', servesFrom: '2025-09-01' }), 201);
    expect(late).toMatchObject({ reviewState: 'overdue', gaps: ['年审 2026-04-30 已到期'] });
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'bus.annual_review')).status).toBe('missed');
    // Every school day of May up to today without a check: missed.
    const pre = await findingOf(c.officerB1, tree.schoolB1.id, 'bus.pre_trip_check');
    expect(pre.status).toBe('missed');
    expect((await ok(c.bureau.get('/api/v1/school-buses?review=overdue'))).items.map((x: any) => x.id)).toEqual([late.id]);
    expect((await ok(c.bureau.get(`/api/v1/school-buses?townId=${tree.townA.id}`))).items.map((x: any) => x.id)).toEqual([busId]);
    expect((await ok(c.bureau.get('/api/v1/school-buses?stage=kindergarten'))).total).toBe(0);
    expect((await ok(c.townA.get('/api/v1/school-buses'))).total).toBe(1);
    expect((await ok(c.bureau.get('/api/v1/bus-checks?failed=true'))).items.map((x: any) => x.id)).toEqual([checkId]);
    const x = await c.bureau.get('/api/v1/school-buses/export?review=overdue');
    expect(await xlsxColumn(x.rawPayload, '车牌号')).toEqual(['沪B·Y0001']);
    const d = await c.bureau.get('/api/v1/bus-drivers/export');
    expect(await xlsxColumn(d.rawPayload, '姓名')).toEqual(['王建国']);

    await ok(c.officerB1.post(`/api/v1/school-buses/${late.id}/void`, { version: 1, voidReason: '车辆已报废' }));
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'bus.annual_review')).status).toBe('not_applicable');
    expect((await refused(c.teacher.post('/api/v1/school-buses', { schoolId: tree.schoolA1.id, plate: 'x', seats: 1, licenceNo: 'x', insuranceExpiresOn: '2027-01-01', reviewDueOn: '2027-01-01', servesFrom: '2026-01-01' }), 403)).code).toBe('FORBIDDEN');
  });
});
