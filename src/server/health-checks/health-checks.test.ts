// The daily health checks through the API (issue 15 item 8; 001 第16条): a day counts once both the
// morning and the noon check are recorded; the counts must add up and each absence for illness is
// followed up by name; three students of a class with fever in a day notify the school doctor and
// the bureau once (疑似聚集性疫情); a class's session is recorded once.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthChecks, notifications, staffMembers } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, type Client, type PersonSpec } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'bureau' | 'teacher' | 'doctor';
let c: Record<Who, Client>;
let people: Record<Who, { id: number }>;

const TODAY = '2026-05-13';

beforeAll(async () => {
  ({ t, tree, c, people } = await startWithTree(TODAY, (tr) => {
    const p = ledgerPeople(tr);
    return { officerA1: p.officerA1, officerB1: p.officerB1, bureau: p.bureau, teacher: p.teacher, doctor: [tr.schoolA1, ['teacher'], { displayName: '校医陈红' }] as PersonSpec };
  }));
  await t.database.db.insert(staffMembers).values({ districtId: tree.districtId, schoolId: tree.schoolA1.id, schoolPath: tree.schoolA1.path, userId: people.doctor.id, name: '陈红', posts: [{ post: 'school_doctor', since: '2020-09-01' }], createdBy: people.officerA1.id, createdByName: '安全员' });
});
afterAll(() => t.close());

const checkOf = (client: Client, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/health-checks', { schoolId: tree.schoolA1.id, checkedOn: TODAY, session: 'morning', className: '三年级二班', checkerName: '李老师', enrolled: 45, absent: 1, absentIll: 1, symptoms: { cough: 1 }, illCases: [{ student: '王小明', symptom: 'fever', followUp: '家长告知发热38.5℃，已就医，居家观察' }], ...over });
const outbreaks = async (userId: number) => (await t.database.db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, 'outbreak_signal'))))[0].n;

describe('daily health checks (001 第16条)', () => {
  it('a day counts once both the morning and the noon check are in; teachers record them', async () => {
    const before = await findingOf(c.officerA1, tree.schoolA1.id, 'health.daily_checks');
    expect(before).toMatchObject({ status: 'missed', value: 0 });
    const m = await ok(checkOf(c.teacher), 201);
    expect(m).toMatchObject({ session: 'morning', absentIll: 1, illCases: [{ student: '王小明', symptom: 'fever' }], createdByName: '李老师' });
    // A morning check alone does not make the day.
    expect(await findingOf(c.officerA1, tree.schoolA1.id, 'health.daily_checks')).toMatchObject({ status: 'missed', value: 0, target: 9 });
    await ok(checkOf(c.teacher, { session: 'noon', absent: 1, absentIll: 1 }), 201);
    expect(await findingOf(c.officerA1, tree.schoolA1.id, 'health.daily_checks')).toMatchObject({ status: 'missed', value: 1, target: 9 });
    expect((await refused(checkOf(c.teacher), 409)).code).toBe('DUPLICATE');
  });

  it('refuses counts that do not add up and an illness absence without its follow-up, naming the field', async () => {
    expect((await refused(checkOf(c.teacher, { className: '一年级一班', absent: 46 }))).message).toBe('缺勤人数：不能多于应到人数（45 人）');
    expect((await refused(checkOf(c.teacher, { className: '一年级一班', absentIll: 2 }))).message).toBe('因病缺勤人数：不能多于缺勤人数（1 人）');
    const noFollow = await refused(checkOf(c.teacher, { className: '一年级一班', illCases: [] }));
    expect(noFollow.details[0].field).toBe('illCases');
    expect((await refused(checkOf(c.teacher, { className: '一年级一班', enrolled: -3 }))).message).toBe('应到人数：不能为负数');
    expect((await refused(checkOf(c.teacher, { className: '一年级一班', symptoms: { fever: 60 } }))).message).toBe('症状人数：发热人数不能多于实到人数（44 人）');
  });

  it('three with fever in one class on a day notify the school doctor and the bureau once (疑似聚集性疫情)', async () => {
    expect([await outbreaks(people.doctor.id), await outbreaks(people.bureau.id)]).toEqual([0, 0]);
    const x = await ok(checkOf(c.teacher, { className: '四年级一班', symptoms: { fever: 2 } }), 201);
    expect(await outbreaks(people.doctor.id)).toBe(1); // 2 present with fever + 1 absent with fever
    expect(await outbreaks(people.bureau.id)).toBe(1);
    expect(await outbreaks(people.officerB1.id)).toBe(0);
    await ok(c.teacher.patch(`/api/v1/health-checks/${x.id}`, { version: 1, note: '已报告校医' }));
    expect(await outbreaks(people.doctor.id)).toBe(1);
    const signals = await ok(c.bureau.get('/api/v1/health-checks/signals'));
    expect(signals.items).toEqual([expect.objectContaining({ schoolId: tree.schoolA1.id, symptom: 'fever', scope: 'class', className: '四年级一班', cases: 3 })]);
    expect((await ok(c.officerB1.get('/api/v1/health-checks/signals'))).items).toEqual([]);
  });

  it('scope: another school is 404; the bureau filters by town and stage', async () => {
    const [one] = await t.database.db.select().from(healthChecks).limit(1);
    await refused(c.officerB1.get(`/api/v1/health-checks/${one.id}`), 404);
    expect((await ok(c.bureau.get(`/api/v1/health-checks?townId=${tree.townA.id}&stage=primary&ill=true`))).total).toBe(3);
    expect((await ok(c.bureau.get('/api/v1/health-checks?stage=kindergarten'))).total).toBe(0);
  });

  it('the thresholds are a section of the rule pack: the bureau lowers the class count in a new version and two cases flag (001 第16条)', async () => {
    const before = await ok(c.bureau.get('/api/v1/health-checks/outbreak-thresholds'));
    expect(before).toMatchObject({ classCases: 3, schoolCases: 5, schoolDays: 3, sources: [expect.objectContaining({ seed: '001', item: '第16条' })] });
    expect(before.notes.join()).toContain('学校和托幼机构传染病疫情报告工作规范');
    const rulesBefore = await ok(c.bureau.get('/api/v1/rules'));
    const body = { version: before.packVersion, classCases: 2, reason: '本区流感高发季提前预警' };
    await refused(c.officerA1.patch('/api/v1/health-checks/outbreak-thresholds', body), 403);
    expect((await refused(c.bureau.patch('/api/v1/health-checks/outbreak-thresholds', { ...body, classCases: 1 }))).details[0].field).toBe('classCases');
    expect((await refused(c.bureau.patch('/api/v1/health-checks/outbreak-thresholds', { ...body, schoolCases: 1 }))).details[0].field).toBe('schoolCases');
    expect((await refused(c.bureau.patch('/api/v1/health-checks/outbreak-thresholds', { ...body, classCases: 8, schoolCases: 6 }))).message).toBe('全校累计同一症状人数：全校累计人数不能少于单个班级人数（8 人）');
    expect((await refused(c.bureau.patch('/api/v1/health-checks/outbreak-thresholds', { ...body, schoolDays: 15 }))).details[0].field).toBe('schoolDays');
    expect((await refused(c.bureau.patch('/api/v1/health-checks/outbreak-thresholds', { version: before.packVersion, classCases: 2 }))).details[0].field).toBe('reason');
    const after = await ok(c.bureau.patch('/api/v1/health-checks/outbreak-thresholds', body));
    expect(after).toMatchObject({ packVersion: before.packVersion + 1, classCases: 2, schoolCases: 5, schoolDays: 3 });
    await refused(c.bureau.patch('/api/v1/health-checks/outbreak-thresholds', body), 409);
    const rulesAfter = await ok(c.bureau.get('/api/v1/rules'));
    expect(rulesAfter.currentVersion).toBe(before.packVersion + 1);
    expect(rulesAfter.rules).toEqual(rulesBefore.rules);
    // A threshold change of a rule keeps the section.
    await ok(c.bureau.patch('/api/v1/rules', { version: rulesAfter.currentVersion, changes: [{ code: 'health.daily_checks', dueSoonDays: 1 }] }));
    expect((await ok(c.bureau.get('/api/v1/health-checks/outbreak-thresholds'))).classCases).toBe(2);
    const was = await outbreaks(people.doctor.id);
    await ok(checkOf(c.teacher, { className: '五年级三班', symptoms: { diarrhea: 2 }, illCases: [{ student: '赵小红', symptom: 'cough', followUp: '咳嗽，居家休息' }] }), 201);
    expect(await outbreaks(people.doctor.id)).toBe(was + 1);
    const signals = await ok(c.bureau.get('/api/v1/health-checks/signals'));
    expect(signals.items).toContainEqual(expect.objectContaining({ symptom: 'diarrhea', scope: 'class', className: '五年级三班', cases: 2 }));
  });
});
