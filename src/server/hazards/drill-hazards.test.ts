// A problem found in a drill becomes a hazard of the loop (issue 4, drills: "problems found (each may
// become a hazard)"; 000 item 17): source 应急演练, linked to the drill, the drill's school only.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazards } from '../db/schema.js';
import { buildTree, buildUser, login, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let officerA1: Client;
let officerB1: Client;
let town: Client;

const TODAY = '2026-05-10';

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = new Date(`${TODAY}T02:00:00Z`);
  tree = await buildTree(t.database.db);
  officerA1 = await login(t.app, (await buildUser(t.database.db, tree.schoolA1, ['school_safety_officer'])).username);
  officerB1 = await login(t.app, (await buildUser(t.database.db, tree.schoolB1, ['school_safety_officer'])).username);
  town = await login(t.app, (await buildUser(t.database.db, tree.townA, ['town_officer'])).username);
});
afterAll(() => t.close());

const drillOf = async (c: Client, schoolId: number) => {
  const res = await c.post('/api/v1/drills', { schoolId, heldOn: TODAY, kind: 'fire', participants: 300, problems: '三楼东侧楼梯口拥堵' });
  expect(res.statusCode).toBe(201);
  return res.json();
};
const report = (c: Client, schoolId: number, drillId: number | undefined, over: Record<string, unknown> = {}) =>
  c.post('/api/v1/hazards', { schoolId, area: 'emergency', location: '教学楼三楼东侧楼梯', description: '演练中楼梯口拥堵，疏散通道宽度不足', foundOn: TODAY, source: 'drill', drillId, ...over });

describe('a hazard from a drill problem', () => {
  it('is reported with source 应急演练 and linked to the drill (000 item 17)', async () => {
    const d = await drillOf(officerA1, tree.schoolA1.id);
    const res = await report(officerA1, tree.schoolA1.id, d.id);
    expect(res.statusCode).toBe(201);
    const h = res.json();
    expect(h).toMatchObject({ source: 'drill', status: 'reported', schoolId: tree.schoolA1.id });
    const [row] = await t.database.db.select().from(hazards).where(eq(hazards.id, h.id));
    expect(row.itemKey).toBe(`drill:${d.id}`);
    // The town reports one from the same drill on the school's behalf.
    expect((await report(town, tree.schoolA1.id, d.id)).statusCode).toBe(201);
  });

  it('refuses a drill of another school, a voided drill, a missing drill, naming the field; another unit’s drill is not found', async () => {
    const a1 = await drillOf(officerA1, tree.schoolA1.id);
    const b1 = await drillOf(officerB1, tree.schoolB1.id);
    const before = (await t.database.db.select().from(hazards)).length;

    const noDrill = await report(officerA1, tree.schoolA1.id, undefined);
    expect(noDrill.statusCode).toBe(400);
    expect(noDrill.json().error.message).toContain('演练记录');
    const otherSchool = await report(town, tree.schoolA2.id, a1.id);
    expect(otherSchool.statusCode).toBe(400);
    expect(otherSchool.json().error.message).toContain('学校');
    expect((await report(officerA1, tree.schoolA1.id, b1.id)).statusCode).toBe(404);
    const wrongSource = await report(officerA1, tree.schoolA1.id, a1.id, { source: 'school_report' });
    expect(wrongSource.statusCode).toBe(400);

    expect((await officerA1.post(`/api/v1/drills/${a1.id}/void`, { version: 1, voidReason: '登记错误' })).statusCode).toBe(200);
    const voided = await report(officerA1, tree.schoolA1.id, a1.id);
    expect(voided.statusCode).toBe(400);
    expect(voided.json().error.message).toContain('作废');
    expect((await t.database.db.select().from(hazards)).length).toBe(before);
  });
});
