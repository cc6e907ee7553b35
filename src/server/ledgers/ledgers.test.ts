// The drill ledger, the district's rule pack, school calendars and compliance through the API
// (issue 4): a missed rule turns met once the drill is recorded, thresholds are versioned, scope,
// bad input, stale versions, nothing half-written.
import { STORED_LEDGERS } from './ledger-readers.js';
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, drills, files, rulePackVersions, schoolCalendars } from '../db/schema.js';
import { buildTree, findingOf, ok, signedInUsers, xlsxColumn, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'kg' | 'officerB1' | 'townA' | 'dept' | 'bureau' | 'leader' | 'teacher';
let c: Record<Who, Client>;
let people: Record<Who, { id: number; username: string }>;

const TODAY = '2026-05-10';
const at = (day: string) => new Date(`${day}T02:00:00Z`);

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = at(TODAY);
  const db = t.database.db;
  tree = await buildTree(db);
  ({ people, c } = await signedInUsers(t.app, db, {
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    kg: [tree.schoolA2, ['principal']],
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    townA: [tree.townA, ['town_officer']],
    dept: [tree.department, ['department_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
    leader: [tree.bureau, ['bureau_leader']],
    teacher: [tree.schoolA1, ['teacher']],
  }));
});
afterAll(() => t.close());

const drill = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/drills', { schoolId, heldOn: TODAY, kind: 'fire', participants: 300, evacuationSeconds: 150, observers: '区消防支队 张警官', problems: '三楼东侧楼梯口拥堵', ...over });

const countRows = async (table: typeof drills | typeof auditEvents | typeof rulePackVersions) =>
  (await t.database.db.select({ n: count() }).from(table))[0].n;

describe('compliance from the drill ledger', () => {
  it('a kindergarten with no drill last quarter is missed; a drill this quarter makes it met (001 第6条, 000 第17条)', async () => {
    const card = await ok(c.kg.get('/api/v1/compliance'));
    // A school sees its own card only, and only the rules whose ledger is kept are judged.
    expect(new Set(card.items.map((f: any) => f.unitId))).toEqual(new Set([tree.schoolA2.id]));
    const pending = card.pendingLedgers.map((p: any) => p.ledger);
    expect(pending).not.toContain('drills');
    expect(card.items.some((f: any) => pending.includes(f.ledger))).toBe(false);
    expect(card.evaluatedRules.map((r: any) => r.code)).toContain('drill.quarterly_kindergarten');
    // Pending are exactly the ledgers without a reader yet; every judged rule reads a stored ledger.
    expect(pending.every((l: any) => !STORED_LEDGERS.has(l))).toBe(true);
    expect(card.evaluatedRules.every((r: any) => STORED_LEDGERS.has(r.ledger))).toBe(true);
    // A kindergarten is not judged by the primary and secondary schools' monthly rule.
    expect(card.items.some((f: any) => f.ruleCode === 'drill.monthly')).toBe(false);

    const before = card.items.find((f: any) => f.ruleCode === 'drill.quarterly_kindergarten');
    expect(before).toMatchObject({ status: 'missed', value: 0, target: 1, period: { key: '2026-Q1' }, dueOn: '2026-03-31' });
    expect(before.explanation).toContain('上季度应急疏散演练 0 次');
    expect(before.explanation).toContain('001 第6条');

    const d = await ok(drill(c.kg, tree.schoolA2.id, { kind: 'nap_time', heldOn: '2026-05-08', participants: 180 }), 201);
    expect(d).toMatchObject({ schoolId: tree.schoolA2.id, kind: 'nap_time', status: 'recorded', version: 1, heldOn: '2026-05-08' });
    const after = await findingOf(c.kg, tree.schoolA2.id, 'drill.quarterly_kindergarten');
    expect(after).toMatchObject({ status: 'met', value: 1, period: { key: '2026-Q2' }, recordIds: [d.id] });
    expect(after.explanation).toContain('本季度应急疏散演练 1 次');
    // The bureau sees the same finding.
    expect((await findingOf(c.bureau, tree.schoolA2.id, 'drill.quarterly_kindergarten')).status).toBe('met');
  });

  it('a primary school misses the monthly drill of last month until it is recorded (000 第17条, 001 第6条)', async () => {
    const before = await findingOf(c.officerA1, tree.schoolA1.id, 'drill.monthly');
    expect(before).toMatchObject({ status: 'missed', period: { key: '2026-04' }, value: 0, target: 1 });
    expect(before.explanation).toContain('上月');
    const d = await ok(drill(c.officerA1, tree.schoolA1.id, { heldOn: '2026-04-15', kind: 'earthquake' }), 201);
    const after = await findingOf(c.officerA1, tree.schoolA1.id, 'drill.monthly');
    // May is not due yet (21 days left > 14) and April was met.
    expect(after).toMatchObject({ status: 'met', period: { key: '2026-05' }, value: 0, dueOn: '2026-05-31' });
    // Filters: status and stage.
    const missed = await ok(c.bureau.get('/api/v1/compliance?status=missed&ruleCode=drill.monthly'));
    expect(missed.items.map((f: any) => f.unitId)).toContain(tree.schoolB1.id);
    expect(missed.items.map((f: any) => f.unitId)).not.toContain(tree.schoolA1.id);
    expect(missed.summary.missed).toBe(missed.total);
    const kgs = await ok(c.bureau.get('/api/v1/compliance?stage=kindergarten'));
    expect(new Set(kgs.items.map((f: any) => f.unitId))).toEqual(new Set([tree.schoolA2.id]));
    const town = await ok(c.townA.get('/api/v1/compliance'));
    expect(new Set(town.items.map((f: any) => f.unitId))).toEqual(new Set([tree.schoolA1.id, tree.schoolA2.id]));
    const byTown = await ok(c.dept.get(`/api/v1/compliance?townId=${tree.townB.id}`));
    expect(new Set(byTown.items.map((f: any) => f.unitId))).toEqual(new Set([tree.schoolB1.id]));
    expect(d.id).toBeGreaterThan(0);
  });

  it('months wholly in the summer holiday of the school calendar are not judged: in August, July is (001 第6条)', async () => {
    const cal = {
      semesters: [
        { startsOn: '2025-09-01', endsOn: '2026-01-23' },
        { startsOn: '2026-02-23', endsOn: '2026-07-03' },
      ],
      holidays: [{ name: '国庆节', startsOn: '2025-10-01', endsOn: '2025-10-07' }],
    };
    t.now.value = at('2026-08-25');
    try {
      await ok(drill(c.officerB1, tree.schoolB1.id, { heldOn: '2026-07-02' }), 201);
      // Without a calendar August is judged, due in six days.
      expect((await findingOf(c.officerB1, tree.schoolB1.id, 'drill.monthly')).status).toBe('due_soon');
      // Only the bureau sets calendars.
      expect((await c.officerB1.put('/api/v1/school-calendars/2025-2026', cal)).statusCode).toBe(403);
      const saved = await ok(c.bureau.put('/api/v1/school-calendars/2025-2026', cal));
      expect(saved).toMatchObject({ schoolYear: '2025-2026', version: 1, holidays: [{ name: '国庆节' }] });
      const f = await findingOf(c.officerB1, tree.schoolB1.id, 'drill.monthly');
      expect(f).toMatchObject({ status: 'met', period: { key: '2026-07' }, value: 1 });
      expect((await ok(c.officerB1.get('/api/v1/school-calendars/2025-2026'))).version).toBe(1);
      // A stale calendar write is refused; a fresh one bumps the version.
      const v2 = await ok(c.bureau.put('/api/v1/school-calendars/2025-2026', { ...cal, version: 1 }));
      expect(v2.version).toBe(2);
      const stale = await c.bureau.put('/api/v1/school-calendars/2025-2026', { ...cal, version: 1 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('STALE_VERSION');
      const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, 'school_calendar')).orderBy(asc(auditEvents.id));
      expect(events.map((e) => e.action)).toEqual(['create', 'update']);
    } finally {
      t.now.value = at(TODAY);
    }
  });
});

describe('the rule pack: thresholds versioned and audited', () => {
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

describe('the drill ledger', () => {
  it('lists with filters, corrects with a version, voids with a reason; a voided drill no longer counts', async () => {
    const d = await ok(drill(c.officerA1, tree.schoolA1.id, { heldOn: '2026-05-02', kind: 'stampede' }), 201);
    const list = await ok(c.officerA1.get(`/api/v1/drills?kind=stampede&from=2026-05-01&to=2026-05-31`));
    expect(list.items.map((x: any) => x.id)).toEqual([d.id]);
    expect(list.items[0]).toMatchObject({ schoolName: tree.schoolA1.name, townName: expect.any(String), createdByName: expect.any(String) });
    expect((await ok(c.officerA1.get('/api/v1/drills?from=2026-06-01'))).total).toBe(0);

    const changed = await ok(c.officerA1.patch(`/api/v1/drills/${d.id}`, { version: 1, evacuationSeconds: 120, problems: null }));
    expect(changed).toMatchObject({ version: 2, evacuationSeconds: 120, problems: null, kind: 'stampede' });
    const stale = await c.officerA1.patch(`/api/v1/drills/${d.id}`, { version: 1, participants: 10 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');

    const counted = (await findingOf(c.officerA1, tree.schoolA1.id, 'drill.monthly')).recordIds;
    expect(counted).toContain(d.id);
    const voided = await ok(c.officerA1.post(`/api/v1/drills/${d.id}/void`, { version: 2, voidReason: '日期登记错误' }));
    expect(voided).toMatchObject({ status: 'voided', voidReason: '日期登记错误', version: 3 });
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'drill.monthly')).recordIds).not.toContain(d.id);
    expect((await ok(c.officerA1.get('/api/v1/drills?kind=stampede'))).total).toBe(0);
    expect((await ok(c.officerA1.get('/api/v1/drills?kind=stampede&status=voided'))).total).toBe(1);
    expect((await c.officerA1.post(`/api/v1/drills/${d.id}/void`, { version: 2, voidReason: '再次' })).statusCode).toBe(409);
    expect((await c.officerA1.patch(`/api/v1/drills/${d.id}`, { version: 3, participants: 10 })).statusCode).toBe(400);

    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'drill'), eq(auditEvents.objectId, String(d.id)))).orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'void']);
  });

  it('refuses bad input naming the field: a drill in the future, a negative evacuation time, an unknown kind', async () => {
    const n = await countRows(drills);
    const future = await drill(c.officerA1, tree.schoolA1.id, { heldOn: '2026-05-11' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toBe('演练日期：不能晚于今天');
    const negative = await drill(c.officerA1, tree.schoolA1.id, { evacuationSeconds: -5 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.message).toBe('疏散用时（秒）：不能为负数');
    const kind = await drill(c.officerA1, tree.schoolA1.id, { kind: 'tornado' });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error.message).toMatch(/^类型：/);
    const badDay = await drill(c.officerA1, tree.schoolA1.id, { heldOn: '2026-02-30' });
    expect(badDay.statusCode).toBe(400);
    expect(badDay.json().error.message).toBe('演练日期：日期无效');
    const nobody = await drill(c.officerA1, tree.schoolA1.id, { participants: 0 });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.message).toMatch(/^参加人数：/);
    const notSchool = await drill(c.townA, tree.townA.id);
    expect(notSchool.statusCode).toBe(400);
    expect(notSchool.json().error.message).toMatch(/^学校：/);
    // Patching into the future is refused the same way.
    const [any] = await t.database.db.select().from(drills).where(eq(drills.schoolId, tree.schoolA1.id)).limit(1);
    const later = await c.officerA1.patch(`/api/v1/drills/${any.id}`, { version: any.version, heldOn: '2027-01-01' });
    expect(later.statusCode).toBe(400);
    expect(later.json().error.message).toBe('演练日期：不能晚于今天');
    expect(await countRows(drills)).toBe(n);

    // A calendar whose second semester starts before the first ends, or a malformed school year.
    const overlap = await c.bureau.put('/api/v1/school-calendars/2026-2027', {
      semesters: [
        { startsOn: '2026-09-01', endsOn: '2027-01-22' },
        { startsOn: '2027-01-10', endsOn: '2027-07-02' },
      ],
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.message).toBe('学期：第二学期须在第一学期结束之后开始');
    const year = await c.bureau.put('/api/v1/school-calendars/2026-2028', { semesters: [{ startsOn: '2026-09-01', endsOn: '2027-01-22' }, { startsOn: '2027-02-20', endsOn: '2027-07-02' }] });
    expect(year.statusCode).toBe(400);
    expect(year.json().error.message).toContain('学年');
    expect((await t.database.db.select().from(schoolCalendars).where(eq(schoolCalendars.schoolYear, '2026-2027'))).length).toBe(0);
  });

  it('nothing is half-written: a drill with a file of another school leaves no row and no audit event', async () => {
    const [f] = await t.database.db
      .insert(files)
      .values({ districtId: tree.districtId, unitId: tree.schoolB1.id, unitPath: tree.schoolB1.path, name: '演练.jpg', mime: 'image/jpeg', size: 10, sha256: 'b'.repeat(64), storageKey: `test/${Math.random()}`, uploadedBy: people.officerB1.id })
      .returning();
    const [n, e] = [await countRows(drills), await countRows(auditEvents)];
    const res = await drill(c.officerA1, tree.schoolA1.id, { fileIds: [f.id] });
    expect(res.statusCode).toBe(404);
    expect([await countRows(drills), await countRows(auditEvents)]).toEqual([n, e]);
    // The school's own file is fine.
    const own = await ok(drill(c.officerB1, tree.schoolB1.id, { fileIds: [f.id] }), 201);
    expect(own.files).toEqual([expect.objectContaining({ id: f.id, name: '演练.jpg' })]);
  });
});

describe('scope', () => {
  it('outside one’s scope a drill is not found: by id, by list filter, in the export, in compliance', async () => {
    const a1 = await ok(drill(c.officerA1, tree.schoolA1.id, { heldOn: '2026-05-03', kind: 'violent_intrusion' }), 201);
    expect((await c.officerB1.get(`/api/v1/drills/${a1.id}`)).statusCode).toBe(404);
    expect((await c.officerB1.patch(`/api/v1/drills/${a1.id}`, { version: 1, participants: 1 })).statusCode).toBe(404);
    expect((await c.officerB1.post(`/api/v1/drills/${a1.id}/void`, { version: 1, voidReason: 'x' })).statusCode).toBe(404);
    expect((await c.officerB1.get(`/api/v1/drills?schoolId=${tree.schoolA1.id}`)).statusCode).toBe(404);
    expect((await c.officerB1.get(`/api/v1/drills?townId=${tree.townA.id}`)).statusCode).toBe(404);
    expect((await c.officerB1.get(`/api/v1/drills/export?schoolId=${tree.schoolA1.id}`)).statusCode).toBe(404);
    expect((await drill(c.officerB1, tree.schoolA1.id)).statusCode).toBe(404);
    expect((await c.officerB1.get(`/api/v1/compliance?unitId=${tree.schoolA1.id}`)).statusCode).toBe(404);
    expect((await c.townA.get(`/api/v1/compliance?unitId=${tree.schoolB1.id}`)).statusCode).toBe(404);

    const mine = await ok(c.officerB1.get('/api/v1/drills?pageSize=200'));
    expect(mine.items.every((d: any) => d.schoolId === tree.schoolB1.id)).toBe(true);
    const town = await ok(c.townA.get('/api/v1/drills?pageSize=200'));
    expect(new Set(town.items.map((d: any) => d.schoolId))).toEqual(new Set([tree.schoolA1.id, tree.schoolA2.id]));
    const all = await ok(c.dept.get('/api/v1/drills?pageSize=200'));
    expect(new Set(all.items.map((d: any) => d.schoolId))).toEqual(new Set([tree.schoolA1.id, tree.schoolA2.id, tree.schoolB1.id]));

    const e0 = await t.database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.objectType, 'drill'), eq(auditEvents.action, 'export')));
    const xlsx = await c.officerB1.get('/api/v1/drills/export');
    expect(xlsx.statusCode).toBe(200);
    const names = await xlsxColumn(xlsx.rawPayload, '学校');
    expect(names.length).toBe(mine.total);
    expect(new Set(names)).toEqual(new Set([tree.schoolB1.name]));
    const townXlsx = await c.townA.get('/api/v1/drills/export?kind=violent_intrusion');
    expect(await xlsxColumn(townXlsx.rawPayload, '演练类型')).toEqual(['防暴力侵害']);
    const e1 = await t.database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.objectType, 'drill'), eq(auditEvents.action, 'export')));
    expect(e1[0].n).toBe(e0[0].n + 2);

    // The compliance table's export: the same filters, in scope, audited.
    const cx = await c.townA.get('/api/v1/compliance/export?ruleCode=drill.monthly');
    expect(cx.statusCode).toBe(200);
    const view = await ok(c.townA.get('/api/v1/compliance?ruleCode=drill.monthly'));
    const schools = await xlsxColumn(cx.rawPayload, '学校');
    expect(schools.length).toBe(view.total);
    expect(schools).not.toContain(tree.schoolB1.name);
    expect(await xlsxColumn(cx.rawPayload, '规则编码')).toEqual(schools.map(() => 'drill.monthly'));
    expect((await c.townA.get(`/api/v1/compliance/export?unitId=${tree.schoolB1.id}`)).statusCode).toBe(404);
    const ce = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'rule_pack'), eq(auditEvents.action, 'export'))).orderBy(asc(auditEvents.id));
    expect(ce.at(-1)?.after).toMatchObject({ compliance: true, filter: { ruleCode: 'drill.monthly' } });
  });

  it('a teacher reads but does not record; a bureau leader reads compliance but changes no rule', async () => {
    expect((await c.teacher.get('/api/v1/drills')).statusCode).toBe(200);
    expect((await drill(c.teacher, tree.schoolA1.id)).statusCode).toBe(403);
    expect((await c.teacher.get('/api/v1/compliance')).statusCode).toBe(403);
    expect((await c.leader.get('/api/v1/compliance')).statusCode).toBe(200);
    expect((await c.leader.patch('/api/v1/rules', { version: 2, changes: [{ code: 'drill.monthly', min: 1 }] })).statusCode).toBe(403);
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
