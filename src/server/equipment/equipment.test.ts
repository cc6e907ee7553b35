// The special equipment ledger through the API (issue 15 item 3; 001 第19条: 三落实、两有证、一检验、
// 一预案): due soon at 30 days, an inspection recorded moves the due day, an inspection after its due
// day recorded as on time is refused naming the field, an expired certificate is refused, the rules
// on the compliance board, the school's calendar, versions, voids, scope, the bureau's filters.
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, equipmentLogs, specialEquipment } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, xlsxColumn, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher';
let c: Record<Who, Client>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, ledgerPeople));
});
afterAll(() => t.close());

const counts = async () => Promise.all([specialEquipment, equipmentLogs, auditEvents].map(async (x) => (await t.database.db.select({ n: count() }).from(x))[0].n));
const lift = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/special-equipment', {
    schoolId,
    kind: 'lift',
    name: '教学楼1号电梯',
    location: '教学楼东侧',
    responsiblePerson: '张校长',
    maintenanceUnit: '市电梯维保有限公司',
    safetyManager: '李安全',
    registrationNo: '梯11鲁H00123',
    operatorName: '王师傅',
    operatorCertNo: 'T3701001',
    operatorCertExpiresOn: '2028-06-30',
    inspectionDueOn: '2026-06-09',
    ...over,
  });

describe('special equipment (001 第19条)', () => {
  let liftId = 0;

  it('a lift 30 days from its inspection is due soon; without a plan 三落实、一预案 is missed; an inspection recorded meets it', async () => {
    const e = await ok(lift(c.officerA1, tree.schoolA1.id), 201);
    liftId = e.id;
    expect(e).toMatchObject({ nextInspectionDueOn: '2026-06-09', lastInspectedOn: null, gaps: ['缺应急预案'], version: 1 });
    const soon = await findingOf(c.officerA1, tree.schoolA1.id, 'equipment.inspection');
    expect(soon).toMatchObject({ status: 'due_soon', ledger: 'special_equipment', dueOn: '2026-06-09' });
    expect(soon.explanation).toContain('001 第19条');
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'equipment.assignments')).status).toBe('missed');
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'equipment.certificates')).status).toBe('met');
    // The school's calendar (安全日历) shows the inspection falling due in June.
    const cal = await ok(c.officerA1.get(`/api/v1/schools/${tree.schoolA1.id}/due-calendar?month=2026-06`));
    expect(cal.items.some((i: any) => i.ruleCode === 'equipment.inspection' && i.startsOn === '2026-06-09')).toBe(true);

    const log = await ok(c.officerA1.post('/api/v1/equipment-logs', { equipmentId: e.id, kind: 'inspection', doneOn: '2026-05-08', doneBy: '市特种设备检验研究院', dueOn: '2026-06-09', onTime: true, nextDueOn: '2027-05-07', reportNo: 'DT2026-0508' }), 201);
    expect(log).toMatchObject({ equipmentName: '教学楼1号电梯', onTime: true });
    expect(await ok(c.officerA1.get(`/api/v1/special-equipment/${e.id}`))).toMatchObject({ nextInspectionDueOn: '2027-05-07', lastInspectedOn: '2026-05-08' });
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'equipment.inspection')).status).toBe('met');
    // Voiding the inspection brings the due day back.
    await ok(c.officerA1.post(`/api/v1/equipment-logs/${log.id}/void`, { version: 1, voidReason: '报告编号录错' }));
    expect((await ok(c.officerA1.get(`/api/v1/special-equipment/${e.id}`))).nextInspectionDueOn).toBe('2026-06-09');
  });

  it('refuses an inspection after its due day recorded as on time, an expired certificate, a future day — naming the field, writing nothing', async () => {
    const before = await counts();
    const late = await refused(c.officerA1.post('/api/v1/equipment-logs', { equipmentId: liftId, kind: 'inspection', doneOn: '2026-05-09', doneBy: '检验院', dueOn: '2026-05-08', onTime: true, nextDueOn: '2027-05-08' }));
    expect(late.details[0].field).toBe('onTime');
    expect(late.message).toBe('按期检验：检验日期（2026-05-09）晚于应检日期（2026-05-08），不能登记为按期检验');
    expect((await refused(c.officerA1.post('/api/v1/equipment-logs', { equipmentId: liftId, kind: 'inspection', doneOn: '2026-05-09', doneBy: '检验院', dueOn: '2026-05-08', onTime: false, nextDueOn: '2026-05-09' }))).details[0].field).toBe('nextDueOn');
    expect((await refused(c.officerA1.post('/api/v1/equipment-logs', { equipmentId: liftId, kind: 'inspection', doneOn: '2026-05-09', doneBy: '检验院' }))).details[0].field).toBe('dueOn');
    expect((await refused(c.officerA1.post('/api/v1/equipment-logs', { equipmentId: liftId, kind: 'maintenance', doneOn: '2026-05-11', doneBy: '维保公司' }))).message).toBe('日期：不能晚于今天');
    const expired = await refused(lift(c.officerA1, tree.schoolA1.id, { operatorCertExpiresOn: '2026-05-09' }));
    expect(expired.details[0].field).toBe('operatorCertExpiresOn');
    expect((await refused(lift(c.officerA1, tree.schoolA1.id, { name: '' }))).message).toBe('名称：请填写设备名称');
    expect(await counts()).toEqual(before);
  });

  it('corrects with a version (stale 409), voids with a reason; scope; the bureau filters by town, stage and due, and exports', async () => {
    const plan = await ok(c.officerA1.patch(`/api/v1/special-equipment/${liftId}`, { version: 1, safetyManager: '李安全（专职）' }));
    expect(plan.version).toBe(2);
    expect((await refused(c.officerA1.patch(`/api/v1/special-equipment/${liftId}`, { version: 1, name: 'x' }), 409)).code).toBe('STALE_VERSION');
    expect((await refused(c.officerB1.get(`/api/v1/special-equipment/${liftId}`), 404)).code).toBe('NOT_FOUND');
    const boiler = await ok(lift(c.officerB1, tree.schoolB1.id, { kind: 'boiler', name: '食堂蒸汽锅炉', inspectionDueOn: '2026-05-01' }), 201);
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'equipment.inspection')).status).toBe('missed');
    expect((await ok(c.bureau.get('/api/v1/special-equipment?due=overdue'))).items.map((x: any) => x.id)).toEqual([boiler.id]);
    expect((await ok(c.bureau.get('/api/v1/special-equipment?due=due_soon'))).items.map((x: any) => x.id)).toEqual([liftId]);
    expect((await ok(c.bureau.get(`/api/v1/special-equipment?townId=${tree.townA.id}`))).items.map((x: any) => x.id)).toEqual([liftId]);
    expect((await ok(c.bureau.get('/api/v1/special-equipment?stage=kindergarten'))).total).toBe(0);
    expect((await ok(c.townA.get('/api/v1/special-equipment'))).total).toBe(1);
    const x = await c.bureau.get('/api/v1/special-equipment/export?kind=boiler');
    expect(await xlsxColumn(x.rawPayload, '设备名称')).toEqual(['食堂蒸汽锅炉']);
    await ok(c.officerB1.post(`/api/v1/special-equipment/${boiler.id}/void`, { version: 1, voidReason: '设备已报废拆除' }));
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'equipment.inspection')).status).toBe('not_applicable');
    expect((await refused(c.teacher.post('/api/v1/special-equipment', { schoolId: tree.schoolA1.id, kind: 'lift', name: 'x', inspectionDueOn: '2026-06-01' }), 403)).code).toBe('FORBIDDEN');
  });
});
