// The hazardous chemicals ledger through the API (issue 15 item 4; 003, 000 第9条, 001 第19条): a lab
// technician issues and returns, the balance follows (computed, never sent); a disposal larger than
// the balance, a back-dated issue that breaks a later one, a void that would leave a negative balance
// are refused naming the field and write nothing; a count that differs is a missed finding that the
// bureau turns into a hazard in one step; scope, versions, oversight filters and the export.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, chemicalMovements } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, xlsxColumn, type Client, type PersonSpec } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'lab' | 'townA' | 'bureau' | 'teacher';
let c: Record<Who, Client>;

const TODAY = '2026-04-10';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, (tr) => ({
    officerA1: [tr.schoolA1, ['school_safety_officer']] as PersonSpec,
    officerB1: [tr.schoolB1, ['school_safety_officer']] as PersonSpec,
    lab: [tr.schoolA1, ['lab_technician'], { displayName: '赵实验员' }] as PersonSpec,
    townA: [tr.townA, ['town_officer']] as PersonSpec,
    bureau: [tr.bureau, ['bureau_admin']] as PersonSpec,
    teacher: [tr.schoolA1, ['teacher']] as PersonSpec,
  })));
});
afterAll(() => t.close());

const rows = async () => [(await t.database.db.select({ n: count() }).from(chemicalMovements))[0].n, (await t.database.db.select({ n: count() }).from(auditEvents))[0].n];
const chemical = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/chemicals', { schoolId, store: '化学药品室', name: '无水乙醇', casNo: '64-17-5', unit: 'mL', controlClass: 'none', storagePlace: '3号柜', keeperA: '王磊', keeperB: '李娜', ...over });
const move = (client: Client, chemicalId: number, body: Record<string, unknown>) => client.post('/api/v1/chemical-movements', { chemicalId, handledBy: '赵实验员', ...body });

describe('hazardous chemicals (003; 000 第9条; 001 第19条)', () => {
  let ethanolId = 0;
  let issueId = 0;

  it('a lab technician issues and returns; the balance is computed from the movements', async () => {
    const e = await ok(chemical(c.officerA1, tree.schoolA1.id), 201);
    ethanolId = e.id;
    expect(e).toMatchObject({ balance: 0, issuedOut: 0, controlClass: 'none', version: 1 });
    await ok(move(c.officerA1, e.id, { kind: 'purchase', occurredOn: '2026-04-01', quantity: 2500, approvedBy: '张校长', supplier: '市化学试剂公司' }), 201);
    const issue = await ok(move(c.lab, e.id, { kind: 'issue', occurredOn: '2026-04-08', quantity: 300.5, recipient: '李老师', className: '初二（3）班' }), 201);
    issueId = issue.id;
    expect((await ok(c.lab.get(`/api/v1/chemicals/${e.id}`))).balance).toBe(2199.5);
    await ok(move(c.lab, e.id, { kind: 'return', occurredOn: '2026-04-08', quantity: 100.5, issueId }), 201);
    expect(await ok(c.lab.get(`/api/v1/chemicals/${e.id}`))).toMatchObject({ balance: 2300, issuedOut: 200 });
    expect((await ok(c.lab.get(`/api/v1/chemical-movements?chemicalId=${e.id}`))).total).toBe(3);
    // A teacher reads but does not record movements; the lab technician does not register chemicals.
    expect((await refused(move(c.teacher, e.id, { kind: 'issue', occurredOn: '2026-04-09', quantity: 1, recipient: 'x', className: 'y' }), 403)).code).toBe('FORBIDDEN');
    expect((await refused(chemical(c.lab, tree.schoolA1.id, { name: '盐酸' }), 403)).code).toBe('FORBIDDEN');
  });

  it('refuses bad movements naming the field, and writes nothing', async () => {
    const before = await rows();
    const over = await refused(move(c.lab, ethanolId, { kind: 'disposal', occurredOn: '2026-04-09', quantity: 2300.001, contractor: '市危废处置中心', manifestNo: 'WF2026001' }));
    expect(over.message).toContain('数量：');
    expect(over.message).toContain('处置数量超过当时结存');
    expect(over.details[0].field).toBe('quantity');
    expect((await refused(move(c.lab, ethanolId, { kind: 'purchase', occurredOn: '2026-04-09', quantity: -1, approvedBy: 'a', supplier: 'b' }))).message).toBe('数量：不能为负数');
    expect((await refused(move(c.lab, ethanolId, { kind: 'purchase', occurredOn: '2026-04-09', quantity: 0, approvedBy: 'a', supplier: 'b' }))).message).toBe('数量：须大于 0');
    expect((await refused(move(c.lab, ethanolId, { kind: 'purchase', occurredOn: '2026-04-09', quantity: 5, supplier: 'b' }))).message).toBe('审批人：采购须填写审批人');
    expect((await refused(move(c.lab, ethanolId, { kind: 'disposal', occurredOn: '2026-04-09', quantity: 5, contractor: '市危废处置中心' }))).details[0].field).toBe('manifestNo');
    expect((await refused(move(c.lab, ethanolId, { kind: 'return', occurredOn: '2026-04-09', quantity: 200.001, issueId }))).details[0].field).toBe('quantity');
    expect((await refused(move(c.lab, ethanolId, { kind: 'issue', occurredOn: '2026-04-11', quantity: 1, recipient: 'x', className: 'y' }))).message).toBe('日期：不能晚于今天');
    // A back-dated issue taking the stock a later issue already took: that later one would not stand.
    const back = await refused(move(c.lab, ethanolId, { kind: 'issue', occurredOn: '2026-04-02', quantity: 2400, recipient: 'x', className: 'y' }));
    expect(back.code).toBe('CHEMICAL_BALANCE');
    expect(await rows()).toEqual(before);
  });

  it('a void that would leave a negative balance is refused; correcting with a stale version is 409', async () => {
    const list = await ok(c.officerA1.get(`/api/v1/chemical-movements?chemicalId=${ethanolId}&kind=purchase`));
    const purchase = list.items[0];
    const v = await refused(c.officerA1.post(`/api/v1/chemical-movements/${purchase.id}/void`, { version: 1, voidReason: '录入错误' }));
    expect(v.code).toBe('CHEMICAL_BALANCE');
    const fixed = await ok(c.officerA1.patch(`/api/v1/chemical-movements/${purchase.id}`, { version: 1, quantity: 3000 }));
    expect(fixed.version).toBe(2);
    expect((await refused(c.officerA1.patch(`/api/v1/chemical-movements/${purchase.id}`, { version: 1, quantity: 2000 }), 409)).code).toBe('STALE_VERSION');
    expect((await ok(c.officerA1.get(`/api/v1/chemicals/${ethanolId}`))).balance).toBe(2800);
    // 双人双锁: the same keeper twice is refused naming keeperB.
    expect((await refused(chemical(c.officerA1, tree.schoolA1.id, { keeperB: '王磊' }))).details[0].field).toBe('keeperB');
  });

  it('a count that differs is a missed finding (账实不符), turned into a hazard in one step; recording the missing issue clears it', async () => {
    await ok(move(c.lab, ethanolId, { kind: 'count', occurredOn: '2026-04-10', quantity: 2750 }), 201);
    const f = await findingOf(c.officerA1, tree.schoolA1.id, 'chemicals.balance');
    expect(f).toMatchObject({ status: 'missed', ledger: 'chemicals' });
    expect(f.explanation).toContain('盘点 2750，账面 2800');
    expect(f.explanation).toContain('003 第三部分之二');
    const act = await ok(c.bureau.post('/api/v1/compliance/actions', { unitId: tree.schoolA1.id, ruleCode: 'chemicals.balance', action: 'hazard' }), 201);
    expect(act.hazard.code).toMatch(/^YH-/);
    const hazard = await ok(c.bureau.get(`/api/v1/hazards/${act.hazard.id}`));
    expect(hazard.area).toBe('fire_chemicals');
    // The 50 mL used in class and not recorded: entered on its day, the count matches.
    await ok(move(c.lab, ethanolId, { kind: 'issue', occurredOn: '2026-04-09', quantity: 50, recipient: '李老师', className: '初二（1）班' }), 201);
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'chemicals.balance')).status).toBe('met');
    // The month's count is in: the monthly rule is met.
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'chemicals.monthly_count')).status).toBe('met');
  });

  it('scope: another school is 404; the bureau filters by town, stage and controlled class, and exports', async () => {
    const acid = await ok(chemical(c.officerB1, tree.schoolB1.id, { name: '高锰酸钾', casNo: '7722-64-7', unit: 'g', controlClass: 'explosive', keeperA: '周强', keeperB: '吴敏' }), 201);
    expect((await refused(c.officerA1.get(`/api/v1/chemicals/${acid.id}`), 404)).code).toBe('NOT_FOUND');
    expect((await refused(move(c.lab, acid.id, { kind: 'purchase', occurredOn: '2026-04-01', quantity: 1, approvedBy: 'a', supplier: 'b' }), 404)).code).toBe('NOT_FOUND');
    expect((await ok(c.townA.get('/api/v1/chemicals'))).items.map((x: any) => x.id)).toEqual([ethanolId]);
    expect((await ok(c.bureau.get('/api/v1/chemicals?controlled=true'))).items.map((x: any) => x.id)).toEqual([acid.id]);
    expect((await ok(c.bureau.get(`/api/v1/chemicals?townId=${tree.townB.id}`))).total).toBe(1);
    expect((await ok(c.bureau.get('/api/v1/chemicals?stage=kindergarten'))).total).toBe(0);
    expect((await ok(c.bureau.get('/api/v1/chemicals?stage=primary'))).total).toBe(2);
    const x = await c.bureau.get('/api/v1/chemicals/export?controlled=true');
    expect(x.statusCode).toBe(200);
    expect(await xlsxColumn(x.rawPayload, '管制类别')).toEqual(['易制爆']);
    expect(await xlsxColumn((await c.bureau.get(`/api/v1/chemicals/export?schoolId=${tree.schoolA1.id}`)).rawPayload, '结存')).toEqual(['2750']);
    // A chemical with movements is not voided (its history stays traceable).
    expect((await refused(c.officerA1.post(`/api/v1/chemicals/${ethanolId}/void`, { version: 1, voidReason: '误登记' }))).code).toBe('CHEMICAL_HAS_MOVEMENTS');
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, 'chemical_movement'));
    expect(events.length).toBeGreaterThanOrEqual(6);
  });
});
