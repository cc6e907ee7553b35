// The security profile ledger (人防、物防、技防, 002 areas 8 and 9) through the API: a school records
// its guards per gate and time slot, alarms, video and perimeter alarm; each save is a new record
// and the latest (by recorded day, then id) counts; bad input names the gate and slot; scope; the
// export; and the guard, alarm and video rules judged on /compliance.
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, securityProfiles } from '../db/schema.js';
import { buildSchool, buildTree, ok, refused, signedInUsers, xlsxColumn, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let junior: Awaited<ReturnType<typeof buildSchool>>;
type Who = 'officerA1' | 'officerB1' | 'officerDirect' | 'kg' | 'townA' | 'bureau' | 'teacher';
let c: Record<Who, Client>;

const TODAY = '2026-05-10';
const at = (day: string) => new Date(`${day}T02:00:00Z`);

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = at(TODAY);
  const db = t.database.db;
  tree = await buildTree(db);
  // A day junior school of town A: neither the peak rule (primary and kindergarten) nor the boarding one.
  junior = await buildSchool(db, tree.townA, { stage: 'junior', gateCount: 1 });
  ({ c } = await signedInUsers(t.app, db, {
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    officerDirect: [tree.direct, ['school_safety_officer']],
    kg: [tree.schoolA2, ['principal']],
    townA: [tree.townA, ['town_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
    teacher: [tree.schoolA1, ['teacher']],
  }));
});
afterAll(() => t.close());

type Guards = { school_hours: number; arrival_peak: number; dismissal_peak: number; night: number };
const gate = (name: string, g: Partial<Guards> = {}) => ({ name, guards: { school_hours: 2, arrival_peak: 4, dismissal_peak: 4, night: 1, ...g } });
/** A profile meeting every rule at a two-gate school. */
const good = (schoolId: number, over: Record<string, unknown> = {}) => ({
  schoolId,
  recordedOn: '2026-05-06',
  gates: [gate('东门'), gate('西门')],
  alarms: { installed: 4, working: 4, lastTestedOn: '2026-02-20' },
  video: { retentionDays: 30, linkedToBureau: true },
  perimeterAlarm: { installed: true, armed24h: true },
  ...over,
});
const record = (client: Client, body: Record<string, unknown>) => client.post('/api/v1/security-profiles', body);

const findingOf = async (unitId: number, ruleCode: string) => {
  const body = await ok(c.bureau.get(`/api/v1/compliance?unitId=${unitId}&ruleCode=${ruleCode}`));
  return body.items[0] as { status: string; value: number | null; target: number | null; explanation: string; recordIds: number[]; ledger: string } | undefined;
};
const profileRows = async () => (await t.database.db.select({ n: count() }).from(securityProfiles))[0].n;
const schoolRow = async (client: Client, schoolId: number) => {
  const body = await ok(client.get(`/api/v1/security-profiles?schoolId=${schoolId}`));
  expect(body.items).toHaveLength(1);
  return body.items[0];
};

describe('recording profiles: each save is kept, the latest counts', () => {
  it('a school records its profile, a correction is a new record, the latest by day then id counts, the history keeps them all', async () => {
    const before = await schoolRow(c.officerA1, tree.schoolA1.id);
    expect(before).toMatchObject({ state: 'missing', profile: null, recordCount: 0, gateCount: 2 });
    expect(before.findings.find((f: any) => f.ruleCode === 'guards.school_hours')).toMatchObject({ status: 'missed', explanation: expect.stringContaining('尚未登记') });

    const p1 = await ok(record(c.officerA1, good(tree.schoolA1.id, { recordedOn: '2026-04-01', note: '开学前核对' })), 201);
    expect(p1).toMatchObject({ schoolId: tree.schoolA1.id, recordedOn: '2026-04-01', gates: [gate('东门'), gate('西门')], alarms: { installed: 4, working: 4, lastTestedOn: '2026-02-20' }, note: '开学前核对' });
    const [event] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, 'security_profile')).orderBy(asc(auditEvents.id));
    expect(event).toMatchObject({ action: 'create', objectId: String(p1.id) });
    expect((event.after as any).gates).toEqual([gate('东门'), gate('西门')]);

    // A later day with one guard at the east gate: it counts.
    const p2 = await ok(record(c.officerA1, good(tree.schoolA1.id, { recordedOn: '2026-05-01', gates: [gate('东门', { school_hours: 1 }), gate('西门')] })), 201);
    let row = await schoolRow(c.officerA1, tree.schoolA1.id);
    expect(row).toMatchObject({ state: 'short', profile: { id: p2.id }, recordCount: 2 });
    // An earlier day recorded afterwards does not replace it.
    const p3 = await ok(record(c.officerA1, good(tree.schoolA1.id, { recordedOn: '2026-03-01' })), 201);
    row = await schoolRow(c.townA, tree.schoolA1.id);
    expect(row.profile.id).toBe(p2.id);
    expect((await findingOf(tree.schoolA1.id, 'guards.school_hours'))).toMatchObject({ status: 'missed', recordIds: [p2.id] });
    // The correction on the same day, recorded later, does.
    const p4 = await ok(record(c.officerA1, good(tree.schoolA1.id, { recordedOn: '2026-05-01' })), 201);
    row = await schoolRow(c.bureau, tree.schoolA1.id);
    expect(row).toMatchObject({ state: 'ok', profile: { id: p4.id }, recordCount: 4 });
    expect(row.findings.every((f: any) => f.status === 'met')).toBe(true);
    expect(await findingOf(tree.schoolA1.id, 'guards.school_hours')).toMatchObject({ status: 'met', recordIds: [p4.id], ledger: 'security_profiles' });

    const history = await ok(c.officerA1.get(`/api/v1/security-profiles/history?schoolId=${tree.schoolA1.id}`));
    expect(history.items.map((p: any) => p.id)).toEqual([p4.id, p2.id, p1.id, p3.id]);
    expect(history.total).toBe(4);
    expect(await ok(c.townA.get(`/api/v1/security-profiles/${p1.id}`))).toMatchObject({ id: p1.id, recordedOn: '2026-04-01', schoolName: tree.schoolA1.name });
    // Nothing changes a kept profile.
    expect((await c.officerA1.patch(`/api/v1/security-profiles/${p1.id}`, { note: 'x' })).statusCode).toBe(404);
  });

  it('bad input is refused naming the gate and slot, nothing is written', async () => {
    const rowsBefore = await profileRows();
    const id = tree.schoolB1.id;
    let e = await refused(record(c.officerB1, good(id, { gates: [gate('东门', { night: -1 })] })));
    expect(e.message).toBe('第1个校门 夜间保安人数：不能为负数');
    expect(e.details[0]).toMatchObject({ field: 'gates.0.guards.night', label: '第1个校门 夜间保安人数' });
    e = await refused(record(c.officerB1, good(id, { gates: [gate('东门'), gate('北门', { arrival_peak: 1.5 })] })));
    expect(e.message).toBe('第2个校门 上学高峰保安人数：须为整数');
    e = await refused(record(c.officerB1, good(id, { gates: [gate('东门', { school_hours: 51 })] })));
    expect(e.message).toBe('第1个校门 学生在校期间保安人数：不能超过 50 人');
    e = await refused(record(c.officerB1, good(id, { gates: [gate('东门'), gate(' 东门 ')] })));
    expect(e.details[0]).toMatchObject({ field: 'gates.1.name', message: '与第1个校门重名' });
    e = await refused(record(c.officerB1, good(id, { gates: [] })));
    expect(e.message).toBe('校门：请至少登记 1 个校门');
    e = await refused(record(c.officerB1, good(id, { gates: [{ name: '东门' }] })));
    expect(e.details[0].field).toBe('gates.0.guards');
    // 002 area 9: more working alarms than installed cannot be.
    e = await refused(record(c.officerB1, good(id, { alarms: { installed: 2, working: 3 } })));
    expect(e.message).toBe('完好的报警装置数量：不能多于安装数量（2 台）');
    expect(e.details[0].field).toBe('alarms.working');
    e = await refused(record(c.officerB1, good(id, { alarms: { installed: -1, working: 0 } })));
    expect(e.details[0]).toMatchObject({ field: 'alarms.installed', message: '不能为负数' });
    e = await refused(record(c.officerB1, good(id, { video: { retentionDays: 5000, linkedToBureau: true } })));
    expect(e.message).toBe('视频图像保存天数：不能超过 3650 天');
    e = await refused(record(c.officerB1, good(id, { perimeterAlarm: { installed: false, armed24h: true } })));
    expect(e.details[0].field).toBe('perimeterAlarm.armed24h');
    // Days: not after today (checked with the clock), a test not after the record.
    e = await refused(record(c.officerB1, good(id, { recordedOn: '2026-05-11' })));
    expect(e.message).toBe('登记日期：不能晚于今天');
    expect(e.details[0].field).toBe('recordedOn');
    e = await refused(record(c.officerB1, good(id, { recordedOn: '2026-05-01', alarms: { installed: 2, working: 2, lastTestedOn: '2026-05-03' } })));
    expect(e.message).toBe('报警装置最近测试日期：不能晚于登记日期');
    e = await refused(record(c.officerB1, good(id, { recordedOn: '2026-02-30' })));
    expect(e.details[0].field).toBe('recordedOn');
    // A role without ledger.write.
    expect((await refused(record(c.teacher, good(tree.schoolA1.id)), 403)).code).toBe('FORBIDDEN');
    expect(await profileRows()).toBe(rowsBefore);
  });
});

describe('scope', () => {
  it('another school, town or filter out of scope is 404, by id, history, list filter, export and create', async () => {
    const mine = await ok(record(c.officerA1, good(tree.schoolA1.id)), 201);
    expect((await refused(c.officerB1.get(`/api/v1/security-profiles/${mine.id}`), 404)).code).toBe('NOT_FOUND');
    await refused(c.officerB1.get(`/api/v1/security-profiles/history?schoolId=${tree.schoolA1.id}`), 404);
    await refused(c.officerB1.get(`/api/v1/security-profiles?schoolId=${tree.schoolA1.id}`), 404);
    await refused(c.officerB1.get(`/api/v1/security-profiles?townId=${tree.townA.id}`), 404);
    await refused(c.officerB1.get(`/api/v1/security-profiles/export?schoolId=${tree.schoolA1.id}`), 404);
    await refused(record(c.officerB1, good(tree.schoolA1.id)), 404);
    await refused(c.townA.get(`/api/v1/security-profiles?schoolId=${tree.schoolB1.id}`), 404);
    // A school sees itself only; a town its schools; the bureau every school.
    const own = await ok(c.officerB1.get('/api/v1/security-profiles'));
    expect(own.items.map((i: any) => i.schoolId)).toEqual([tree.schoolB1.id]);
    const town = await ok(c.townA.get('/api/v1/security-profiles'));
    expect(town.items.map((i: any) => i.schoolId).sort()).toEqual([tree.schoolA1.id, tree.schoolA2.id, junior.id].sort());
    const all = await ok(c.bureau.get('/api/v1/security-profiles?pageSize=200'));
    expect(all.total).toBe(5);
    // The flag for schools without a profile.
    const missing = await ok(c.bureau.get('/api/v1/security-profiles?state=missing'));
    expect(missing.items.every((i: any) => i.profile === null && i.state === 'missing')).toBe(true);
    expect(missing.items.map((i: any) => i.schoolId)).not.toContain(tree.schoolA1.id);
    expect(missing.total).toBe(all.summary.missing);
    // A town officer records for a school of its town (ledger.write), not for another town's.
    await ok(record(c.townA, good(junior.id, { gates: [gate('正门')] })), 201);
    await refused(record(c.townA, good(tree.schoolB1.id)), 404);
  });

  it('the export has one row per gate of each latest profile in scope, audited', async () => {
    const res = await c.townA.get(`/api/v1/security-profiles/export?townId=${tree.townA.id}`);
    expect(res.statusCode).toBe(200);
    const schools = await xlsxColumn(res.rawPayload, '学校');
    const gates = await xlsxColumn(res.rawPayload, '校门');
    // schoolA1: two gates; junior: one; the kindergarten has none yet (one 未登记 row).
    expect(schools.filter((s) => s === tree.schoolA1.name)).toHaveLength(2);
    expect(gates.filter((g) => g === '东门' || g === '西门' || g === '正门')).toHaveLength(3);
    expect(schools).not.toContain(tree.schoolB1.name);
    const states = await xlsxColumn(res.rawPayload, '登记状态');
    expect(states).toContain('未登记');
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.objectType, 'security_profile'));
    expect(events.some((e) => e.action === 'export')).toBe(true);
  });
});

describe('the rules judged on /compliance', () => {
  it('002 area 8: each gate needs at least 2 guards while students are in school; a gate the profile leaves out counts as unguarded', async () => {
    const id = tree.schoolB1.id;
    expect(await findingOf(id, 'guards.school_hours')).toMatchObject({ status: 'missed', value: null });
    await ok(record(c.officerB1, good(id, { gates: [gate('东门', { school_hours: 1 }), gate('西门')] })), 201);
    let f = await findingOf(id, 'guards.school_hours');
    expect(f).toMatchObject({ status: 'missed', value: 1, target: 2 });
    expect(f!.explanation).toContain('东门 1 名');
    expect(f!.explanation).toContain('002');
    // The school has 2 gates on record: listing only one leaves the other unguarded.
    await ok(record(c.officerB1, good(id, { gates: [gate('东门')] })), 201);
    f = await findingOf(id, 'guards.school_hours');
    expect(f).toMatchObject({ status: 'missed', value: 0 });
    expect(f!.explanation).toContain('未登记门岗1');
    await ok(record(c.officerB1, good(id)), 201);
    expect(await findingOf(id, 'guards.school_hours')).toMatchObject({ status: 'met', value: 2, target: 2 });
  });

  it('002 area 8: at least 1 guard at night where no students board (the boarding rule does not apply)', async () => {
    const id = junior.id;
    await ok(record(c.townA, good(id, { gates: [gate('正门', { night: 0 })] })), 201);
    expect(await findingOf(id, 'guards.night_day_school')).toMatchObject({ status: 'missed', value: 0, target: 1 });
    expect(await findingOf(id, 'guards.night_boarding')).toBeUndefined();
    // The list shows the same shortfall.
    const row = await schoolRow(c.townA, id);
    expect(row.state).toBe('short');
    expect(row.findings.find((f: any) => f.ruleCode === 'guards.night_day_school')).toMatchObject({ status: 'missed', value: 0, target: 1 });
    await ok(record(c.townA, good(id, { gates: [gate('正门', { night: 1 })] })), 201);
    expect(await findingOf(id, 'guards.night_day_school')).toMatchObject({ status: 'met', value: 1 });
  });

  it('002 area 8: boarding schools double the night guards (at least 2), the day-school rule does not apply', async () => {
    const id = tree.direct.id;
    await ok(record(c.officerDirect, good(id, { gates: [gate('东门', { night: 1 }), gate('西门', { night: 0 })] })), 201);
    expect(await findingOf(id, 'guards.night_boarding')).toMatchObject({ status: 'missed', value: 1, target: 2 });
    expect(await findingOf(id, 'guards.night_day_school')).toBeUndefined();
    await ok(record(c.officerDirect, good(id, { gates: [gate('东门', { night: 1 }), gate('西门', { night: 1 })] })), 201);
    expect(await findingOf(id, 'guards.night_boarding')).toMatchObject({ status: 'met', value: 2 });
  });

  it('002 area 8: primary schools and kindergartens add 2 guards at arrival and dismissal peaks (4 a gate); a senior school is not judged on peaks', async () => {
    const id = tree.schoolA2.id; // the kindergarten, 2 gates
    await ok(record(c.kg, good(id, { gates: [gate('东门', { dismissal_peak: 3 }), gate('西门')] })), 201);
    const f = await findingOf(id, 'guards.peak_primary_kindergarten');
    expect(f).toMatchObject({ status: 'missed', value: 3, target: 4 });
    expect(f!.explanation).toContain('东门 3 名');
    await ok(record(c.kg, good(id)), 201);
    expect(await findingOf(id, 'guards.peak_primary_kindergarten')).toMatchObject({ status: 'met', value: 4 });
    // The senior boarding school is not a primary school or kindergarten.
    expect(await findingOf(tree.direct.id, 'guards.peak_primary_kindergarten')).toBeUndefined();
    expect((await schoolRow(c.bureau, tree.direct.id)).findings.map((x: any) => x.ruleCode)).not.toContain('guards.peak_primary_kindergarten');
  });

  it('002 area 9: one-key alarms 100% working, video kept at least 30 days, linked to the bureau, perimeter armed 24 h', async () => {
    const id = junior.id;
    await ok(record(c.townA, good(id, { gates: [gate('正门')], alarms: { installed: 4, working: 3, lastTestedOn: '2026-05-02' }, video: { retentionDays: 29, linkedToBureau: false }, perimeterAlarm: { installed: true, armed24h: false } })), 201);
    const alarm = await findingOf(id, 'alarms.one_key_working');
    expect(alarm).toMatchObject({ status: 'missed', value: 0.75, target: 1 });
    expect(alarm!.explanation).toContain('4 台中 3 台完好');
    expect(await findingOf(id, 'video.retention')).toMatchObject({ status: 'missed', value: 29, target: 30 });
    expect((await findingOf(id, 'video.linked_to_bureau'))!.status).toBe('missed');
    expect((await findingOf(id, 'perimeter.armed_24h'))!.status).toBe('missed');
    const row = await schoolRow(c.bureau, id);
    expect(row.findings.filter((f: any) => f.status === 'missed').map((f: any) => f.ruleCode).sort()).toEqual(['alarms.one_key_working', 'perimeter.armed_24h', 'video.linked_to_bureau', 'video.retention']);

    await ok(record(c.townA, good(id, { gates: [gate('正门')] })), 201);
    expect(await findingOf(id, 'alarms.one_key_working')).toMatchObject({ status: 'met', value: 1 });
    expect(await findingOf(id, 'video.retention')).toMatchObject({ status: 'met', value: 30 });
    expect((await findingOf(id, 'perimeter.armed_24h'))!.status).toBe('met');
    expect((await schoolRow(c.bureau, id)).state).toBe('ok');
    // The rules say their ledger is kept now.
    const rules = await ok(c.bureau.get('/api/v1/rules'));
    expect(rules.rules.filter((r: any) => r.ledger === 'security_profiles').every((r: any) => r.ledgerStored)).toBe(true);
  });
});
