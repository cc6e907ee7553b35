// Fire-safety standardisation through the API (issue 21; 000 第5条, 001 第13条): the standard in
// versions, a school's self-assessment and the district's signed acceptance, failed items into the
// hazard register, the fire patrol staff, the share accepted by town and type with its export, the
// rule on the compliance board — each role in its scope, bad input naming the field and writing nothing.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, fireAssessments, fireAssessmentSteps, hazards, staffMembers, users } from '../db/schema.js';
import { DEFAULT_FIRE_STANDARD, standardKeys } from '../../domain/fire-standard.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, xlsxColumn, type Client, type PersonSpec } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher' | 'inspector';
let c: Record<Who, Client>;

const TODAY = '2026-05-10';
const keys = standardKeys(DEFAULT_FIRE_STANDARD.sections);
const allMeet = () => keys.map((key) => ({ key, result: 'meets' }));
const count_ = async (table: typeof fireAssessments | typeof auditEvents | typeof hazards) => (await t.database.db.select({ n: count() }).from(table))[0].n;

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree(TODAY, (tr) => ({ ...ledgerPeople(tr), inspector: [tr.department, ['inspector']] as PersonSpec })));
});
afterAll(() => t.close());

describe('the standard (000 第5条, 001 第13条): versions the bureau revises', () => {
  it('every role reads the default as version 1; only the bureau revises, with a reason, stale is 409, bad content names the item', async () => {
    const s = await ok(c.officerA1.get('/api/v1/fire-standard/standard'));
    expect(s).toMatchObject({ currentVersion: 1, mayEdit: false, current: { number: 1, name: '学校消防安全标准化管理标准', createdByName: '系统' } });
    expect(s.current.itemCount).toBe(keys.length);
    expect((await ok(c.townA.get('/api/v1/fire-standard/standard'))).currentVersion).toBe(1);
    await refused(c.teacher.get('/api/v1/fire-standard/standard'), 403);
    const b = await ok(c.bureau.get('/api/v1/fire-standard/standard'));
    expect(b.mayEdit).toBe(true);
    const sections = structuredClone(b.current.sections);
    sections[2].items.push({ key: 'fac-05', text: '厨房灶台安装自动灭火装置', method: '现场查看', standard: '', source: '001 第13条' });
    await refused(c.officerA1.put('/api/v1/fire-standard/standard', { version: b.version, name: b.current.name, sections, reason: '补充' }), 403);
    const bad = structuredClone(sections);
    bad[0].items[1].key = bad[0].items[0].key;
    const e = await refused(c.bureau.put('/api/v1/fire-standard/standard', { version: b.version, name: b.current.name, sections: bad, reason: '补充' }));
    expect(e.details[0].field).toBe('sections.0.items.1.key');
    expect((await refused(c.bureau.put('/api/v1/fire-standard/standard', { version: b.version, name: b.current.name, sections, reason: ' ' }))).message).toBe('修改原因：请填写修订原因');
    const v2 = await ok(c.bureau.put('/api/v1/fire-standard/standard', { version: b.version, name: b.current.name, sections, reason: '补充厨房自动灭火装置' }));
    expect(v2).toMatchObject({ currentVersion: 2, current: { number: 2, reason: '补充厨房自动灭火装置', itemCount: keys.length + 1 } });
    expect(v2.versions.map((v: any) => v.number)).toEqual([2, 1]);
    expect((await refused(c.bureau.put('/api/v1/fire-standard/standard', { version: b.version, name: b.current.name, sections, reason: '再改' }), 409)).code).toBe('STALE_VERSION');
    expect((await ok(c.officerA1.get('/api/v1/fire-standard/standard/versions/1'))).itemCount).toBe(keys.length);
  });
});

describe('self-assessment and acceptance (自评 → 达标验收)', () => {
  let a: any;
  it('a school starts one assessment against the current version; a second is 409; another school’s is 404; the town sees it', async () => {
    a = await ok(c.officerA1.post('/api/v1/fire-standard/assessments', { schoolId: tree.schoolA1.id }), 201);
    expect(a).toMatchObject({ status: 'draft', standardNumber: 2, answered: 0, actions: ['edit', 'submit'] });
    expect(a.steps.map((s: any) => s.action)).toEqual(['create']);
    expect((await refused(c.officerA1.post('/api/v1/fire-standard/assessments', { schoolId: tree.schoolA1.id }), 409)).code).toBe('ASSESSMENT_OPEN');
    await refused(c.officerA1.post('/api/v1/fire-standard/assessments', { schoolId: tree.schoolB1.id }), 404);
    await refused(c.officerB1.get(`/api/v1/fire-standard/assessments/${a.id}`), 404);
    await refused(c.townA.post('/api/v1/fire-standard/assessments', { schoolId: tree.schoolA1.id }), 403);
    expect((await ok(c.townA.get(`/api/v1/fire-standard/assessments/${a.id}`))).schoolId).toBe(tree.schoolA1.id);
    expect((await ok(c.officerB1.get('/api/v1/fire-standard/assessments'))).total).toBe(0);
  });

  it('answers are saved with a version; a 不符合 needs a note; submitting asks every item; bad input writes nothing', async () => {
    const [n, e] = [await count_(fireAssessments), await count_(auditEvents)];
    const answers = [...allMeet(), { key: 'fac-05', result: 'na' }].map((x) => (x.key === 'fac-03' ? { key: 'fac-03', result: 'fails', note: '食堂燃气管道上方堆放杂物（占压）' } : x));
    const noNote = answers.map((x) => (x.key === 'fac-03' ? { key: 'fac-03', result: 'fails' } : x));
    const e1 = await refused(c.officerA1.patch(`/api/v1/fire-standard/assessments/${a.id}`, { version: a.version, answers: noNote }));
    expect(e1.message).toBe('备注：不符合的条目请写明存在的问题');
    expect(e1.details[0].field).toMatch(/^answers\.\d+\.note$/);
    expect((await refused(c.officerA1.patch(`/api/v1/fire-standard/assessments/${a.id}`, { version: a.version, answers: [{ key: 'org-01', result: 'maybe' }] }))).details[0].field).toBe('answers.0.result');
    const part = await ok(c.officerA1.patch(`/api/v1/fire-standard/assessments/${a.id}`, { version: a.version, answers: answers.slice(0, 3) }));
    expect(part).toMatchObject({ answered: 3, version: 2 });
    expect((await refused(c.officerA1.post(`/api/v1/fire-standard/assessments/${a.id}/submit`, { version: 2 }))).message).toMatch(/^自评条目：还有 \d+ 项未自评/);
    expect([await count_(fireAssessments), await count_(auditEvents)]).toEqual([n, e + 1]);
    const full = await ok(c.officerA1.patch(`/api/v1/fire-standard/assessments/${a.id}`, { version: 2, answers, note: '自评发现 1 项不符合' }));
    expect(full).toMatchObject({ answered: keys.length + 1, failing: 1 });
    expect((await refused(c.officerA1.patch(`/api/v1/fire-standard/assessments/${a.id}`, { version: 2, answers }), 409)).code).toBe('STALE_VERSION');
    a = await ok(c.officerA1.post(`/api/v1/fire-standard/assessments/${a.id}/submit`, { version: full.version, comment: '请区教育局验收' }));
    expect(a).toMatchObject({ status: 'submitted', submittedOn: TODAY, actions: ['hazard'] });
    expect((await refused(c.officerA1.patch(`/api/v1/fire-standard/assessments/${a.id}`, { version: a.version, answers }), 409)).code).toBe('INVALID_STATE');
  });

  it('the town and the school cannot accept; 达标 with a failing item, a future day are refused naming the field; 不达标 is signed and its items become hazards', async () => {
    await refused(c.townA.post(`/api/v1/fire-standard/assessments/${a.id}/accept`, { version: a.version, result: 'pass', acceptedOn: TODAY, comment: '同意' }), 403);
    await refused(c.kg.post(`/api/v1/fire-standard/assessments/${a.id}/accept`, { version: a.version, result: 'pass', acceptedOn: TODAY, comment: '同意' }), 403);
    const h0 = await count_(hazards);
    const e1 = await refused(c.dept.post(`/api/v1/fire-standard/assessments/${a.id}/accept`, { version: a.version, result: 'pass', acceptedOn: TODAY, comment: '达标', failedKeys: ['fac-03'] }));
    expect(e1.details[0].field).toBe('failedKeys');
    expect((await refused(c.dept.post(`/api/v1/fire-standard/assessments/${a.id}/accept`, { version: a.version, result: 'fail', acceptedOn: '2026-05-11', comment: '不达标', failedKeys: ['fac-03'] }))).message).toBe('验收日期：验收日期不能晚于今天');
    expect((await refused(c.dept.post(`/api/v1/fire-standard/assessments/${a.id}/accept`, { version: a.version, result: 'fail', acceptedOn: TODAY, comment: '' }))).message).toBe('意见：请填写验收意见');
    expect(await count_(hazards)).toBe(h0);
    const done = await ok(c.inspector.post(`/api/v1/fire-standard/assessments/${a.id}/accept`, { version: a.version, result: 'fail', acceptedOn: TODAY, comment: '燃气管道占压、疏散通道堆放杂物，限期整改后重新验收', failedKeys: ['fac-03', 'evac-01'] }));
    expect(done).toMatchObject({ status: 'failed', result: 'fail', acceptedOn: TODAY, acceptedUnitName: tree.department.name, failedKeys: ['fac-03', 'evac-01'] });
    expect(done.steps.map((s: any) => [s.action, s.comment])).toEqual([
      ['create', null],
      ['submit', '请区教育局验收'],
      ['fail', '燃气管道占压、疏散通道堆放杂物，限期整改后重新验收'],
    ]);
    expect(done.hazards.map((h: any) => h.itemKey)).toEqual(['fac-03', 'evac-01']);
    const reg = await ok(c.officerA1.get(`/api/v1/hazards?source=fire_standard&schoolId=${tree.schoolA1.id}`));
    expect(reg.total).toBe(2);
    expect(reg.items.map((h: any) => h.description).join()).toContain('食堂燃气管道上方堆放杂物（占压）');
    expect(reg.items[0]).toMatchObject({ area: 'fire_chemicals', status: 'reported', grade: 'general' });
    // The same item again in one step: the open hazard is named.
    expect((await refused(c.officerA1.post(`/api/v1/fire-standard/assessments/${a.id}/hazards`, { key: 'fac-03' }), 409)).code).toBe('HAZARD_EXISTS');
    expect((await refused(c.officerA1.post(`/api/v1/fire-standard/assessments/${a.id}/hazards`, { key: 'org-01' }))).details[0].field).toBe('key');
    expect((await refused(c.dept.post(`/api/v1/fire-standard/assessments/${a.id}/accept`, { version: done.version, result: 'pass', acceptedOn: TODAY, comment: '达标' }), 409)).code).toBe('INVALID_STATE');
    // The signed steps cannot be rewritten.
    await expect(t.database.db.update(fireAssessmentSteps).set({ comment: '改' }).where(eq(fireAssessmentSteps.assessmentId, a.id))).rejects.toThrow();
    const f = await findingOf(c.officerA1, tree.schoolA1.id, 'fire.standard_accepted');
    expect(f.status).toBe('met');
    expect(f.explanation).toContain('验收不达标（2026-05-10）');
    expect(f.explanation).toContain('000 第5条');
  });

  it('after rectifying, a new assessment accepted 达标 meets the rule; the audit trail has every step', async () => {
    const b = await ok(c.officerA1.post('/api/v1/fire-standard/assessments', { schoolId: tree.schoolA1.id }), 201);
    const filled = await ok(c.officerA1.patch(`/api/v1/fire-standard/assessments/${b.id}`, { version: b.version, answers: [...allMeet(), { key: 'fac-05', result: 'meets' }] }));
    const sub = await ok(c.officerA1.post(`/api/v1/fire-standard/assessments/${b.id}/submit`, { version: filled.version }));
    const acc = await ok(c.bureau.post(`/api/v1/fire-standard/assessments/${b.id}/accept`, { version: sub.version, result: 'pass', acceptedOn: TODAY, comment: '整改到位，验收达标' }));
    expect(acc).toMatchObject({ status: 'accepted', result: 'pass', acceptedByName: expect.any(String), hazards: [] });
    const f = await findingOf(c.bureau, tree.schoolA1.id, 'fire.standard_accepted');
    expect(f).toMatchObject({ status: 'met', recordIds: [b.id] });
    const events = await t.database.db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.objectType, 'fire_assessment'), eq(auditEvents.objectId, String(b.id))));
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'update', 'update']);
  });
});

describe('fire patrol staff (消防巡查人员, 001 第13条) and the share accepted', () => {
  it('the school names its staff; another school’s staff is refused naming staffId; twice is 409; stale is 409; the town sees them', async () => {
    const [me] = await t.database.db.select().from(users).limit(1);
    const staff = async (schoolId: number, path: string, name: string) =>
      (await t.database.db.insert(staffMembers).values({ districtId: tree.districtId, schoolId, schoolPath: path, name, posts: [], createdBy: me.id, createdByName: '测试' }).returning())[0];
    const wang = await staff(tree.schoolA1.id, tree.schoolA1.path, '王建国');
    const other = await staff(tree.schoolA2.id, tree.schoolA2.path, '李梅');
    const p = await ok(c.officerA1.post('/api/v1/fire-standard/patrol-staff', { schoolId: tree.schoolA1.id, staffId: wang.id, patrolArea: '教学楼、宿舍楼', namedOn: '2026-03-01' }), 201);
    expect(p).toMatchObject({ staffName: '王建国', patrolArea: '教学楼、宿舍楼', version: 1 });
    expect((await refused(c.officerA1.post('/api/v1/fire-standard/patrol-staff', { schoolId: tree.schoolA1.id, staffId: wang.id, patrolArea: '食堂', namedOn: '2026-03-01' }), 409)).code).toBe('PATROL_EXISTS');
    await refused(c.officerA1.post('/api/v1/fire-standard/patrol-staff', { schoolId: tree.schoolA1.id, staffId: other.id, patrolArea: '食堂', namedOn: '2026-03-01' }), 404);
    expect((await refused(c.kg.post('/api/v1/fire-standard/patrol-staff', { schoolId: tree.schoolA1.id, staffId: wang.id, patrolArea: '食堂', namedOn: '2026-03-01' }), 404)).code).toBe('NOT_FOUND');
    expect((await refused(c.officerA1.post('/api/v1/fire-standard/patrol-staff', { schoolId: tree.schoolA1.id, staffId: wang.id, patrolArea: '', namedOn: '2026-03-01' }))).message).toBe('巡查区域：请填写巡查区域');
    expect((await refused(c.officerA1.post('/api/v1/fire-standard/patrol-staff', { schoolId: tree.schoolA1.id, staffId: wang.id, patrolArea: '食堂', namedOn: '2026-05-11' }))).message).toBe('指定日期：不能晚于今天');
    await ok(c.officerA1.patch(`/api/v1/fire-standard/patrol-staff/${p.id}`, { version: 1, patrolArea: '教学楼、宿舍楼、食堂' }));
    expect((await refused(c.officerA1.patch(`/api/v1/fire-standard/patrol-staff/${p.id}`, { version: 1, patrolArea: '食堂' }), 409)).code).toBe('STALE_VERSION');
    expect((await ok(c.townA.get('/api/v1/fire-standard/patrol-staff'))).items.map((x: any) => x.patrolArea)).toEqual(['教学楼、宿舍楼、食堂']);
    expect((await ok(c.officerB1.get('/api/v1/fire-standard/patrol-staff'))).items).toEqual([]);
    await refused(c.officerB1.post(`/api/v1/fire-standard/patrol-staff/${p.id}/remove`, { version: 2 }), 404);
  });

  it('the summary counts accepted schools by town and type in the caller’s scope, lists those not accepted, and exports them', async () => {
    const s = await ok(c.bureau.get('/api/v1/fire-standard/summary'));
    expect(s).toMatchObject({ schools: 4, accepted: 1, dueOn: '2026-12-31' });
    const townA = s.byTown.find((g: any) => g.label === tree.townA.name);
    expect(townA).toMatchObject({ schools: 2, accepted: 1 });
    expect(s.byStage.find((g: any) => g.key === 'primary')).toMatchObject({ schools: 2, accepted: 1 });
    expect(s.notAccepted.map((r: any) => r.schoolId).sort()).toEqual([tree.schoolA2.id, tree.schoolB1.id, tree.direct.id].sort());
    const mine = await ok(c.townA.get('/api/v1/fire-standard/summary'));
    expect(mine).toMatchObject({ schools: 2, accepted: 1 });
    expect((await ok(c.officerA1.get('/api/v1/fire-standard/summary'))).byTown).toEqual([expect.objectContaining({ schools: 1, accepted: 1 })]);
    await refused(c.officerA1.get(`/api/v1/fire-standard/summary?townId=${tree.townB.id}`), 404);
    const res = await c.townA.get('/api/v1/fire-standard/acceptances/export');
    expect(res.statusCode).toBe(200);
    expect(await xlsxColumn(res.rawPayload, '达标情况')).toEqual(['已达标', '未自评']);
    expect(await xlsxColumn(res.rawPayload, '消防巡查人员（人）')).toEqual(['1', '0']);
  });
});
