// Emergency plans, teams and supplies through the API (issue 21): a plan per kind with its rescue
// forces and the staff walked through it, corrected with a version (stale = 409), voided; the team;
// supplies with a stock check that sets the quantities; readiness by town; scope by role (another
// unit's record = 404); bad input refused naming the field, and nothing written.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, emergencyPlans, emergencySupplies } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher';
let c: Record<Who, Client>;
let staffA1: number[];
let staffB1: number;

const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, ledgerPeople));
  staffA1 = [];
  for (const name of ['王明', '李红', '张强']) staffA1.push((await ok(c.officerA1.post('/api/v1/staff', { schoolId: tree.schoolA1.id, name, posts: [{ post: 'principal' }] }), 201)).id);
  staffB1 = (await ok(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '赵六', posts: [{ post: 'principal' }] }), 201)).id;
});
afterAll(() => t.close());

const rows = async (table: typeof emergencyPlans | typeof emergencySupplies | typeof auditEvents) => (await t.database.db.select({ n: count() }).from(table))[0].n;

const police = { forceKind: 'police', name: '城关派出所', contact: '陈警官', phone: '13800000001' };
const plan = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/emergency-plans', { schoolId, kind: 'fire', edition: '2026版', approvedBy: '王校长', approvedOn: '2026-03-01', revisionDue: '2029-03-01', rescueForces: [police], ...over });

describe('emergency plans and team (000 task table item 7, 000 item 10, 001 item 6)', () => {
  it('records a plan with its rescue forces and the staff walked through it; a new edition is a versioned correction; a drill names it', async () => {
    const p = await ok(plan(c.officerA1, tree.schoolA1.id, { walkedStaffIds: staffA1.slice(0, 2), walkedOn: '2026-03-10' }), 201);
    expect(p).toMatchObject({ kind: 'fire', edition: '2026版', revisionDue: '2029-03-01', version: 1, drillsCount: 0 });
    expect(p.walkedStaff.map((s: { name: string }) => s.name)).toEqual(['王明', '李红']);
    expect(p.rescueForces[0]).toMatchObject({ forceKind: 'police', phone: '13800000001' });
    // One current plan per kind.
    expect((await refused(plan(c.officerA1, tree.schoolA1.id), 409)).code).toBe('PLAN_EXISTS');
    const v2 = await ok(c.officerA1.patch(`/api/v1/emergency-plans/${p.id}`, { version: 1, edition: '2026修订版', walkedStaffIds: staffA1 }));
    expect(v2).toMatchObject({ version: 2, edition: '2026修订版' });
    expect(v2.walkedStaff).toHaveLength(3);
    expect((await refused(c.officerA1.patch(`/api/v1/emergency-plans/${p.id}`, { version: 1, edition: 'x' }), 409)).code).toBe('STALE_VERSION');
    // A drill can name the plan it exercised; another school's plan is refused.
    await ok(c.officerA1.post('/api/v1/drills', { schoolId: tree.schoolA1.id, heldOn: '2026-04-01', kind: 'fire', participants: 500, emergencyPlanId: p.id }), 201);
    expect((await ok(c.officerA1.get(`/api/v1/emergency-plans/${p.id}`))).drillsCount).toBe(1);
    expect((await refused(c.officerB1.post('/api/v1/drills', { schoolId: tree.schoolB1.id, heldOn: '2026-04-01', kind: 'fire', participants: 500, emergencyPlanId: p.id }), 404)).code).toBe('NOT_FOUND');
    // Scope: the town and the bureau see it, the other school does not (404), a teacher may not write.
    expect((await ok(c.townA.get('/api/v1/emergency-plans'))).items.map((x: { id: number }) => x.id)).toEqual([p.id]);
    expect((await ok(c.bureau.get('/api/v1/emergency-plans?kind=fire'))).total).toBe(1);
    await refused(c.officerB1.get(`/api/v1/emergency-plans/${p.id}`), 404);
    await refused(c.officerB1.patch(`/api/v1/emergency-plans/${p.id}`, { version: 2, edition: 'x' }), 404);
    await refused(plan(c.teacher, tree.schoolA1.id, { kind: 'earthquake' }), 403);
    // A plan past its revision day shows under the overdue filter; voided it frees the kind.
    const old = await ok(plan(c.officerB1, tree.schoolB1.id, { approvedOn: '2024-03-01', revisionDue: '2025-03-01', kind: 'flood_typhoon' }), 201);
    expect((await ok(c.bureau.get('/api/v1/emergency-plans?overdue=true'))).items.map((x: { id: number }) => x.id)).toEqual([old.id]);
    await ok(c.officerB1.post(`/api/v1/emergency-plans/${old.id}/void`, { version: 1, voidReason: '已被新版替代' }));
    await ok(plan(c.officerB1, tree.schoolB1.id, { approvedOn: '2026-04-01', revisionDue: '2027-04-01', kind: 'flood_typhoon' }), 201);
    const xlsx = await c.bureau.get('/api/v1/emergency-plans/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('refuses a revision before approval, a yearly plan due later than a year, another school’s staff, a bad phone — naming the field, writing nothing', async () => {
    const [n, e] = [await rows(emergencyPlans), await rows(auditEvents)];
    const early = await refused(plan(c.officerA1, tree.schoolA1.id, { kind: 'stampede', revisionDue: '2026-02-01' }));
    expect(early.message).toBe('下次修订日期：下次修订日期须晚于批准日期');
    expect(early.details[0].field).toBe('revisionDue');
    expect((await refused(plan(c.officerA1, tree.schoolA1.id, { kind: 'ice_snow', revisionDue: '2027-06-01' }))).details[0].field).toBe('revisionDue');
    expect((await refused(plan(c.officerA1, tree.schoolA1.id, { kind: 'stampede', walkedStaffIds: [staffB1] }), 404)).code).toBe('NOT_FOUND');
    expect((await refused(plan(c.bureau, tree.schoolA1.id, { kind: 'stampede', walkedStaffIds: [staffB1] }))).details[0].field).toBe('walkedStaffIds');
    expect((await refused(plan(c.officerA1, tree.schoolA1.id, { kind: 'stampede', rescueForces: [{ ...police, phone: '123' }] }))).details[0].field).toContain('phone');
    expect((await refused(plan(c.officerA1, tree.schoolA1.id, { kind: 'nonsense' }))).details[0].field).toBe('kind');
    expect((await refused(plan(c.officerA1, tree.schoolA1.id, { kind: 'stampede', approvedOn: '2026-06-01', revisionDue: '2027-06-01' }))).details[0].field).toBe('approvedOn');
    expect([await rows(emergencyPlans), await rows(auditEvents)]).toEqual([n, e]);
  });

  it('keeps the emergency team: a staff member once, of the school; roles from the list', async () => {
    const m = await ok(c.officerA1.post('/api/v1/emergency-team', { schoolId: tree.schoolA1.id, staffMemberId: staffA1[0], teamRole: 'commander', phone: '13900000000' }), 201);
    expect(m).toMatchObject({ staffName: '王明', teamRole: 'commander', version: 1 });
    expect((await refused(c.officerA1.post('/api/v1/emergency-team', { schoolId: tree.schoolA1.id, staffMemberId: staffA1[0], teamRole: 'rescue' }), 409)).code).toBe('MEMBER_EXISTS');
    expect((await refused(c.officerA1.post('/api/v1/emergency-team', { schoolId: tree.schoolA1.id, staffMemberId: staffA1[1], teamRole: 'boss' }))).details[0].field).toBe('teamRole');
    expect((await ok(c.officerA1.patch(`/api/v1/emergency-team/${m.id}`, { version: 1, teamRole: 'deputy' }))).teamRole).toBe('deputy');
    expect((await ok(c.townA.get('/api/v1/emergency-team'))).total).toBe(1);
    expect((await ok(c.officerB1.get('/api/v1/emergency-team'))).total).toBe(0);
  });
});

describe('emergency supplies and stock checks (000 items 4 and 10)', () => {
  const supply = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
    client.post('/api/v1/emergency-supplies', { schoolId, depot: '一号库', itemName: '应急手电筒', quantity: 20, unit: '只', minimum: 10, shelf: '一层东侧', purchasedOn: '2026-01-01', expiresOn: null, ...over });

  it('judges each item as of today; a stock check sets the counted quantities and is audited; the bureau sees readiness by town', async () => {
    const torch = await ok(supply(c.officerA1, tree.schoolA1.id), 201);
    expect(torch).toMatchObject({ state: 'ok', quantity: 20 });
    const water = await ok(supply(c.officerA1, tree.schoolA1.id, { itemName: '饮用水', quantity: 50, unit: '箱', minimum: 20, expiresOn: '2026-05-01' }), 201);
    expect(water.state).toBe('expired');
    const kit = await ok(supply(c.officerB1, tree.schoolB1.id, { itemName: '急救包', quantity: 5, unit: '个', minimum: 5, expiresOn: '2026-05-30' }), 201);
    expect(kit.state).toBe('expiring');
    expect((await refused(supply(c.officerA1, tree.schoolA1.id), 409)).code).toBe('SUPPLY_EXISTS');

    const check = await ok(c.officerA1.post('/api/v1/emergency-supplies/stock-checks', { schoolId: tree.schoolA1.id, countedOn: '2026-05-09', lines: [{ supplyId: torch.id, counted: 6 }] }), 201);
    expect(check.lines).toEqual([{ supplyId: torch.id, itemName: '应急手电筒', before: 20, counted: 6 }]);
    const after = await ok(c.officerA1.get(`/api/v1/emergency-supplies/${torch.id}`));
    expect(after).toMatchObject({ quantity: 6, state: 'short', lastCheckedOn: '2026-05-09', version: 2 });
    const audits = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'emergency_supply'), eq(auditEvents.objectId, String(torch.id))));
    expect(audits.map((a) => a.action)).toEqual(['create', 'update']);
    expect((await ok(c.bureau.get('/api/v1/emergency-supplies?state=short'))).items.map((x: { id: number }) => x.id)).toEqual([torch.id]);
    expect((await ok(c.bureau.get('/api/v1/emergency-supplies?state=expired'))).items.map((x: { id: number }) => x.id)).toEqual([water.id]);
    expect((await ok(c.officerA1.get('/api/v1/emergency-supplies/stock-checks'))).total).toBe(1);
    expect((await ok(c.officerB1.get('/api/v1/emergency-supplies/stock-checks'))).total).toBe(0);

    const r = await ok(c.bureau.get('/api/v1/emergency-supplies/readiness'));
    const byTown = Object.fromEntries(r.rows.map((x: { townId: number | null }) => [x.townId ?? 0, x]));
    expect(byTown[tree.townA.id]).toMatchObject({ schools: 2, expired: 1, none: 1, ready: 0 });
    expect(byTown[tree.townB.id]).toMatchObject({ schools: 1, ready: 1 });
    // The town sees only its own schools.
    expect((await ok(c.townA.get('/api/v1/emergency-supplies/readiness'))).rows.map((x: { townId: number }) => x.townId)).toEqual([tree.townA.id]);
    const xlsx = await c.bureau.get('/api/v1/emergency-supplies/export');
    expect(xlsx.statusCode).toBe(200);
  });

  it('refuses a negative quantity, an expiry before purchase, another school’s supply in a check — naming the field, writing nothing', async () => {
    const [n, e] = [await rows(emergencySupplies), await rows(auditEvents)];
    expect((await refused(supply(c.officerA1, tree.schoolA1.id, { itemName: '沙袋', quantity: -1 }))).message).toBe('数量：不能为负数');
    const exp = await refused(supply(c.officerA1, tree.schoolA1.id, { itemName: '沙袋', expiresOn: '2025-12-01' }));
    expect(exp).toMatchObject({ message: '有效期至：有效期至不能早于购置日期' });
    const [other] = await t.database.db.select().from(emergencySupplies).where(eq(emergencySupplies.schoolId, tree.schoolB1.id));
    const line = await refused(c.officerA1.post('/api/v1/emergency-supplies/stock-checks', { schoolId: tree.schoolA1.id, countedOn: '2026-05-09', lines: [{ supplyId: other.id, counted: 1 }] }));
    expect(line.details[0].field).toBe('lines.0.supplyId');
    await refused(c.officerA1.post('/api/v1/emergency-supplies/stock-checks', { schoolId: tree.schoolA1.id, countedOn: '2026-05-09', lines: [] }));
    await refused(c.officerB1.patch(`/api/v1/emergency-supplies/${(await t.database.db.select().from(emergencySupplies).where(eq(emergencySupplies.schoolId, tree.schoolA1.id)))[0].id}`, { version: 2, quantity: 1 }), 404);
    await refused(supply(c.teacher, tree.schoolA1.id, { itemName: '沙袋' }), 403);
    expect([await rows(emergencySupplies), await rows(auditEvents)]).toEqual([n, e]);
  });

  it('misses are findings on the compliance board, citing their seeds', async () => {
    const kinds = await findingOf(c.officerA1, tree.schoolA1.id, 'emergency.plan_kinds');
    expect(kinds).toMatchObject({ status: 'missed', value: 1, target: 9 });
    expect(kinds.explanation).toContain('地震');
    const revision = await findingOf(c.officerB1, tree.schoolB1.id, 'emergency.plan_revision');
    expect(revision.status).toBe('met');
    // Three staff at schoolA1, all walked through its fire plan (80% → 3 of 3 needed).
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'emergency.plan_familiarity')).status).toBe('met');
    const supplies = await findingOf(c.officerA1, tree.schoolA1.id, 'emergency.supplies');
    expect(supplies.status).toBe('missed');
    expect(supplies.explanation).toContain('饮用水已过期');
    expect(supplies.explanation).toContain('000');
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'emergency.supplies')).status).toBe('due_soon');
  });
});
