// The district's rule pack, its shipped default and key periods through the API (issue 4):
// thresholds are versioned and audited, bad thresholds are refused naming the field, stale
// versions are refused, a pack the bureau changed is left alone.
import { STORED_LEDGERS } from './stored-ledgers.js';
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, rulePackVersions } from '../db/schema.js';
import { buildTree, findingOf, ok, startWithTree, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'kg' | 'officerB1' | 'townA' | 'dept' | 'bureau' | 'leader' | 'teacher';
let c: Record<Who, Client>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, (tree) => ({
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    kg: [tree.schoolA2, ['principal']],
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    townA: [tree.townA, ['town_officer']],
    dept: [tree.department, ['department_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
    leader: [tree.bureau, ['bureau_leader']],
    teacher: [tree.schoolA1, ['teacher']],
  })));
});
afterAll(() => t.close());


const drill = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/drills', { schoolId, heldOn: TODAY, kind: 'fire', participants: 300, evacuationSeconds: 150, observers: '区消防支队 张警官', problems: '三楼东侧楼梯口拥堵', ...over });

const countRows = async (table: typeof rulePackVersions) =>
  (await t.database.db.select({ n: count() }).from(table))[0].n;

describe('the rule pack: thresholds versioned and audited', () => {
  // The April drill of the compliance tests (compliance/compliance.test.ts), which ran before these
  // in one file: April met with one drill, and short once the threshold is two.
  beforeAll(async () => {
    await ok(drill(c.officerA1, tree.schoolA1.id, { heldOn: '2026-04-15', kind: 'earthquake' }), 201);
  });

  it('a threshold change makes version 2, keeps version 1, changes the finding, and a stale change is refused', async () => {
    const v1 = await ok(c.officerA1.get('/api/v1/rules'));
    expect(v1).toMatchObject({ version: 1, currentVersion: 1, basedOn: null });
    const monthly = v1.rules.find((r: any) => r.code === 'drill.monthly');
    expect(monthly).toMatchObject({ threshold: { min: 1 }, ledger: 'drills', ledgerStored: true });
    expect(v1.rules.find((r: any) => r.code === 'letter.staff_signed')).toMatchObject({ ledger: 'letters', ledgerStored: STORED_LEDGERS.has('letters') });

    // A school may read the pack, not change it.
    expect((await c.officerA1.patch('/api/v1/rules', { version: 1, changes: [{ code: 'drill.monthly', min: 2 }] })).statusCode).toBe(403);

    await ok(drill(c.officerA1, tree.schoolA1.id, { heldOn: '2026-05-06' }), 201);
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'drill.monthly')).status).toBe('met');

    const v2 = await ok(c.bureau.patch('/api/v1/rules', { version: 1, changes: [{ code: 'drill.monthly', min: 2 }], reason: '本区要求每月两次' }));
    expect(v2).toMatchObject({ version: 2, currentVersion: 2, basedOn: 1, changes: [{ code: 'drill.monthly', min: 2 }] });
    expect(v2.versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect(v2.rules.find((r: any) => r.code === 'drill.monthly').threshold.min).toBe(2);
    expect((await ok(c.bureau.get('/api/v1/rules?version=1'))).rules.find((r: any) => r.code === 'drill.monthly').threshold.min).toBe(1);

    // One drill a month no longer meets it: April (one drill) ended short.
    const f = await ok(c.officerA1.get(`/api/v1/compliance?unitId=${tree.schoolA1.id}&ruleCode=drill.monthly`));
    expect(f.packVersion).toBe(2);
    expect(f.items[0]).toMatchObject({ status: 'missed', value: 1, target: 2, period: { key: '2026-04' } });
    expect(f.items[0].explanation).toContain('要求至少 2 次');

    const stale = await c.bureau.patch('/api/v1/rules', { version: 1, changes: [{ code: 'drill.monthly', min: 3 }] });
    expect(stale.statusCode).toBe(409);
    expect((await ok(c.bureau.get('/api/v1/rules'))).currentVersion).toBe(2);

    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'rule_pack'), eq(auditEvents.action, 'update'))).orderBy(asc(auditEvents.id));
    expect(events).toHaveLength(1);
    expect(events[0].after).toMatchObject({ version: 2, changes: [{ code: 'drill.monthly', min: 2 }], reason: '本区要求每月两次' });
    expect(events[0].before).toMatchObject({ version: 1, rules: { 'drill.monthly': { min: 1 } } });
    expect((await c.bureau.get('/api/v1/rules?version=9')).statusCode).toBe(404);
  });

  it('a bad threshold is refused naming the field, and no version is written', async () => {
    const versions = await countRows(rulePackVersions);
    const neg = await c.bureau.patch('/api/v1/rules', { version: 2, changes: [{ code: 'drill.quarterly_kindergarten', min: 3 }, { code: 'drill.monthly', min: -1 }] });
    expect(neg.statusCode).toBe(400);
    expect(neg.json().error.message).toMatch(/^阈值修改：.*不能为负数/);
    expect(neg.json().error.details[0].field).toBe('changes.1.min');
    const unknown = await c.bureau.patch('/api/v1/rules', { version: 2, changes: [{ code: 'drill.weekly', min: 1 }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('drill.weekly');
    const empty = await c.bureau.patch('/api/v1/rules', { version: 2, changes: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('阈值修改');
    expect(await countRows(rulePackVersions)).toBe(versions);
    expect((await ok(c.bureau.get('/api/v1/rules'))).currentVersion).toBe(2);
  });
});

describe('the shipped default pack', () => {
  it('is seeded once per district, follows a changed shipped pack, and leaves a pack the bureau changed alone', async () => {
    const { ensureDefaultRulePack } = await import('./rules.service.js');
    const { DEFAULT_PACK } = await import('../../domain/rules/pack.js');
    const { buildDistrict } = await import('../test/factories.js');
    const db = t.database.db;
    const seed = (districtId: number, shipped = DEFAULT_PACK) => db.transaction((tx) => ensureDefaultRulePack(tx, districtId, shipped));
    const fresh = await buildDistrict(db);
    expect(await seed(fresh.districtId)).toBe('created');
    expect(await seed(fresh.districtId)).toBe('unchanged');
    const shipped = { ...DEFAULT_PACK, rules: DEFAULT_PACK.rules.map((r) => (r.code === 'drill.nap_time' ? { ...r, note: '新说明' } : r)) };
    expect(await seed(fresh.districtId, shipped)).toBe('updated');
    const stored = await db.select().from(rulePackVersions).where(eq(rulePackVersions.districtId, fresh.districtId));
    expect(stored.map((v) => v.number).sort()).toEqual([1, 2]);
    // The test district's bureau changed its pack above: a new shipped pack does not overwrite it.
    expect(await seed(tree.districtId, shipped)).toBe('customised');
    expect((await ok(c.bureau.get('/api/v1/rules'))).currentVersion).toBe(2);
  });
});

describe('key periods (003)', () => {
  it('the bureau declares one; an end before the start is refused naming the field; stale 409; schools read them', async () => {
    const bad = await c.bureau.post('/api/v1/key-periods', { name: '国庆重点时段', startsOn: '2026-10-07', endsOn: '2026-09-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('结束日期：不能早于开始日期');
    expect((await c.officerA1.post('/api/v1/key-periods', { name: '国庆', startsOn: '2026-09-30', endsOn: '2026-10-07' })).statusCode).toBe(403);
    const kp = await ok(c.bureau.post('/api/v1/key-periods', { name: '国庆重点时段', startsOn: '2026-09-30', endsOn: '2026-10-07' }), 201);
    const moved = await ok(c.bureau.patch(`/api/v1/key-periods/${kp.id}`, { version: 1, endsOn: '2026-10-08' }));
    expect(moved).toMatchObject({ version: 2, endsOn: '2026-10-08' });
    expect((await c.bureau.patch(`/api/v1/key-periods/${kp.id}`, { version: 1, name: 'x' })).statusCode).toBe(409);
    expect((await c.bureau.patch(`/api/v1/key-periods/${kp.id}`, { version: 2, startsOn: '2026-10-09' })).statusCode).toBe(400);
    expect((await ok(c.officerA1.get('/api/v1/key-periods'))).items.map((k: any) => k.id)).toEqual([kp.id]);
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, 'key_period')).orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toEqual(['create', 'update']);
  });
});
