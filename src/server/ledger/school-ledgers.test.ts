// The staff posts, training, safety meeting and school liability insurance ledgers through the API
// (issue 4): each rule of 001 第7条, 000 第1条 and 001 第26条 turns from missed to met in /compliance
// once the record is kept; create, list, correct with a version, void, export; bad input naming the
// field; scope; stale versions; nothing half-written.
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, files, insurancePolicies, safetyMeetings, staffMembers, trainings } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, signedInUsers, xlsxColumn, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher';
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
    officerB1: [tree.schoolB1, ['school_safety_officer']],
    kg: [tree.schoolA2, ['principal']],
    townA: [tree.townA, ['town_officer']],
    dept: [tree.department, ['department_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
    teacher: [tree.schoolA1, ['teacher'], { displayName: '李老师' }],
  }));
});
afterAll(() => t.close());

const rows = async (table: typeof trainings | typeof safetyMeetings | typeof insurancePolicies | typeof staffMembers | typeof auditEvents) =>
  (await t.database.db.select({ n: count() }).from(table))[0].n;

const staff = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/staff', { schoolId, name: '王校长', posts: [{ post: 'principal', since: '2025-03-01' }], ...over });
const training = (client: Client, staffId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/trainings', { staffId, course: '中小学校长安全管理专题培训', hours: 8, startsOn: '2026-04-20', provider: '区教师进修学院', ...over });
const meeting = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/meetings', {
    schoolId,
    meetingOn: '2026-03-16',
    level: 'leadership_team',
    chair: '王校长',
    attendees: ['王校长', '张副校长', '刘主任'],
    minutes: '研究部署春季开学校园安全工作',
    decisions: '开展消防设施全面检查',
    ...over,
  });
const policy = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/insurance-policies', { schoolId, policyNo: `P${Math.random().toString().slice(2, 12)}`, insurer: '中国人民财产保险', startsOn: '2025-09-01', endsOn: '2026-08-31', studentsCovered: 800, ...over });

describe('training (001 第7条)', () => {
  it('a principal appointed a year ago without 40 hours is missed; the training makes it met', async () => {
    // The school's staff: a principal appointed 2025-03-01 (appointment training due by 2026-03-01).
    const p = await ok(staff(c.officerA1, tree.schoolA1.id), 201);
    expect(p).toMatchObject({ name: '王校长', posts: [{ post: 'principal', since: '2025-03-01' }], leftOn: null, version: 1, userId: null });
    const before = await findingOf(c.officerA1, tree.schoolA1.id, 'training.new_principal');
    expect(before).toMatchObject({ status: 'missed', value: 0, target: 1, ledger: 'trainings' });
    expect(before.explanation).toContain('王校长 0 学时');
    expect(before.explanation).toContain('001 第7条');

    // 40 hours over five days, a year before the deadline, with the certificate.
    const [cert] = await t.database.db
      .insert(files)
      .values({ districtId: tree.districtId, unitId: tree.schoolA1.id, unitPath: tree.schoolA1.path, name: '结业证书.pdf', mime: 'application/pdf', size: 10, sha256: 'c'.repeat(64), storageKey: `test/${Math.random()}`, uploadedBy: people.officerA1.id })
      .returning();
    const tr = await ok(training(c.officerA1, p.id, { hours: 40, startsOn: '2025-06-02', endsOn: '2025-06-06', certificateFileId: cert.id }), 201);
    expect(tr).toMatchObject({ staffId: p.id, staffName: '王校长', posts: ['principal'], hours: 40, endsOn: '2025-06-06', certificate: { id: cert.id, name: '结业证书.pdf' }, status: 'recorded', version: 1, schoolId: tree.schoolA1.id });
    const after = await findingOf(c.officerA1, tree.schoolA1.id, 'training.new_principal');
    expect(after).toMatchObject({ status: 'met', value: 1, target: 1, recordIds: [tr.id] });
    expect(after.explanation).toContain('001 第7条');
    expect((await findingOf(c.bureau, tree.schoolA1.id, 'training.new_principal')).status).toBe('met');
  });

  it('a teacher short of 10 hours last year is missed, named; topping up makes it met; a voided training stops counting', async () => {
    // A user of the school, registered as a head teacher: the name comes from the account.
    const s = await ok(staff(c.officerA1, tree.schoolA1.id, { name: null, userId: people.teacher.id, posts: [{ post: 'head_teacher', since: '2019-09-01' }] }), 201);
    expect(s).toMatchObject({ userId: people.teacher.id, name: '李老师' });
    // The same account twice is refused.
    expect((await refused(staff(c.officerA1, tree.schoolA1.id, { userId: people.teacher.id }), 409)).code).toBe('STAFF_EXISTS');

    const six = await ok(training(c.officerA1, s.id, { course: '班主任安全知识培训', hours: 6, startsOn: '2025-10-11' }), 201);
    const before = await findingOf(c.officerA1, tree.schoolA1.id, 'training.teacher_yearly');
    expect(before).toMatchObject({ status: 'missed', period: { key: '2025' }, value: 0, target: 1 });
    expect(before.explanation).toContain('李老师 6 学时');
    expect(before.explanation).toContain('001 第7条');

    const four = await ok(training(c.officerA1, s.id, { course: '防溺水专题', hours: 4, startsOn: '2025-12-01' }), 201);
    const after = await findingOf(c.officerA1, tree.schoolA1.id, 'training.teacher_yearly');
    // 2026 is not due yet and 2025 reached 10 hours.
    expect(after).toMatchObject({ status: 'met', period: { key: '2026' } });

    // List, filter by person and post, correct, void.
    const list = await ok(c.officerA1.get(`/api/v1/trainings?staffId=${s.id}`));
    expect(list.items.map((x: any) => x.id)).toEqual([four.id, six.id]);
    expect((await ok(c.townA.get('/api/v1/trainings?post=head_teacher'))).total).toBe(2);
    expect((await ok(c.officerA1.get('/api/v1/trainings?from=2025-11-01&to=2025-12-31'))).items.map((x: any) => x.id)).toEqual([four.id]);
    const fixed = await ok(c.officerA1.patch(`/api/v1/trainings/${four.id}`, { version: 1, hours: 3.5, provider: '区红十字会' }));
    expect(fixed).toMatchObject({ version: 2, hours: 3.5, provider: '区红十字会', startsOn: '2025-12-01', endsOn: '2025-12-01' });
    expect((await refused(c.officerA1.patch(`/api/v1/trainings/${four.id}`, { version: 1, hours: 4 }), 409)).code).toBe('STALE_VERSION');
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'training.teacher_yearly')).status).toBe('missed');
    await ok(c.officerA1.patch(`/api/v1/trainings/${four.id}`, { version: 2, hours: 4 }));
    const voided = await ok(c.officerA1.post(`/api/v1/trainings/${four.id}/void`, { version: 3, voidReason: '重复登记' }));
    expect(voided).toMatchObject({ status: 'voided', voidReason: '重复登记', version: 4 });
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'training.teacher_yearly')).status).toBe('missed');
    expect((await refused(c.officerA1.patch(`/api/v1/trainings/${four.id}`, { version: 4, hours: 4 }))).code).toBe('RECORD_VOIDED');
    expect((await ok(c.officerA1.get(`/api/v1/trainings?staffId=${s.id}&status=voided`))).total).toBe(1);
    await ok(training(c.officerA1, s.id, { course: '防溺水专题', hours: 4, startsOn: '2025-12-02' }), 201);
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'training.teacher_yearly')).status).toBe('met');

    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'training'), eq(auditEvents.objectId, String(four.id)))).orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'update', 'void']);

    // A person who left is no longer judged; the departure is versioned.
    const left = await ok(c.officerA1.patch(`/api/v1/staff/${s.id}`, { version: 1, leftOn: '2026-02-01' }));
    expect(left).toMatchObject({ version: 2, leftOn: '2026-02-01' });
    expect((await ok(c.officerA1.get(`/api/v1/staff?schoolId=${tree.schoolA1.id}`))).items.map((x: any) => x.id)).not.toContain(s.id);
    expect((await ok(c.officerA1.get(`/api/v1/staff?schoolId=${tree.schoolA1.id}&all=true`))).items.map((x: any) => x.id)).toContain(s.id);
    expect((await findingOf(c.officerA1, tree.schoolA1.id, 'training.teacher_yearly')).status).toBe('not_applicable');
    expect((await refused(training(c.officerA1, s.id, { startsOn: '2026-03-01' }))).message).toBe('人员：该人员已于 2026-02-01 离岗');
    await ok(c.officerA1.patch(`/api/v1/staff/${s.id}`, { version: 2, leftOn: null }));
  });

  it('refuses hours negative, zero or over 24 a day, a course ending before it starts or in the future, and people outside the unit', async () => {
    const [n, e] = [await rows(trainings), await rows(auditEvents)];
    const s = await ok(staff(c.officerB1, tree.schoolB1.id, { name: '赵老师', posts: [{ post: 'teacher', since: '2020-09-01' }] }), 201);
    expect((await refused(training(c.officerB1, s.id, { hours: -2 }))).message).toBe('学时：须大于 0');
    expect((await refused(training(c.officerB1, s.id, { hours: 0 }))).message).toBe('学时：须大于 0');
    expect((await refused(training(c.officerB1, s.id, { hours: 25 }))).message).toBe('学时：一天不能超过 24 学时');
    expect((await refused(training(c.officerB1, s.id, { hours: 49, startsOn: '2026-04-01', endsOn: '2026-04-02' }))).message).toBe('学时：每天不能超过 24 学时（2 天最多 48 学时）');
    expect((await refused(training(c.officerB1, s.id, { startsOn: '2026-04-02', endsOn: '2026-04-01' }))).message).toBe('结束日期：不能早于开始日期');
    expect((await refused(training(c.officerB1, s.id, { startsOn: '2026-05-11' }))).message).toBe('开始日期：不能晚于今天');
    expect((await refused(training(c.officerB1, s.id, { course: ' ' }))).message).toBe('培训课程：请填写培训课程');
    expect((await refused(training(c.officerB1, s.id, { hours: 1.25 }))).message).toBe('学时：最多保留 1 位小数');
    const two = await ok(training(c.officerB1, s.id, { hours: 48, startsOn: '2026-04-01', endsOn: '2026-04-02' }), 201);
    // Patching a one-day course to 30 hours is refused the same way.
    const one = await ok(training(c.officerB1, s.id, { hours: 2 }), 201);
    expect((await refused(c.officerB1.patch(`/api/v1/trainings/${one.id}`, { version: 1, hours: 30 }))).message).toBe('学时：一天不能超过 24 学时');

    // A person of another school: not found for a school, refused naming the field for the bureau.
    const a1Staff = (await ok(c.officerA1.get(`/api/v1/staff?schoolId=${tree.schoolA1.id}`))).items[0];
    expect((await refused(training(c.officerB1, a1Staff.id), 404)).code).toBe('NOT_FOUND');
    expect((await refused(staff(c.officerB1, tree.schoolB1.id, { userId: people.teacher.id }), 404)).code).toBe('NOT_FOUND');
    expect((await refused(staff(c.bureau, tree.schoolB1.id, { userId: people.teacher.id }))).message).toBe('用户账号：不是该学校的人员');
    expect((await refused(staff(c.officerB1, tree.schoolB1.id, { posts: [{ post: 'principal' }, { post: 'principal' }] }))).message).toBe('岗位：第 2 个岗位重复');
    expect((await refused(staff(c.officerB1, tree.schoolB1.id, { posts: [{ post: 'janitor' }] }))).message).toMatch(/^岗位：/);
    expect((await refused(staff(c.officerB1, tree.schoolB1.id, { name: null }))).message).toBe('姓名：请填写姓名或选择用户账号');
    expect(await rows(trainings)).toBe(n + 2);
    expect(await rows(auditEvents)).toBe(e + 3); // the staff member and the two trainings
    expect(two.hours).toBe(48);
  });
});

describe('safety meetings (000 第1条)', () => {
  it('no leadership-team meeting last quarter and none of the leader in charge last month is missed; recording them makes both met', async () => {
    const q0 = await findingOf(c.kg, tree.schoolA2.id, 'meeting.leadership_quarterly');
    expect(q0).toMatchObject({ status: 'missed', period: { key: '2026-Q1' }, value: 0, ledger: 'meetings' });
    expect(q0.explanation).toContain('000 第1条');
    const m0 = await findingOf(c.kg, tree.schoolA2.id, 'meeting.leader_monthly');
    expect(m0).toMatchObject({ status: 'missed', period: { key: '2026-04' }, value: 0 });

    const team = await ok(meeting(c.kg, tree.schoolA2.id), 201);
    expect(team).toMatchObject({ level: 'leadership_team', chair: '王校长', attendees: ['王校长', '张副校长', '刘主任'], status: 'recorded', version: 1 });
    expect(await findingOf(c.kg, tree.schoolA2.id, 'meeting.leadership_quarterly')).toMatchObject({ status: 'met', period: { key: '2026-Q2' } });
    // A March meeting is no April meeting.
    expect((await findingOf(c.kg, tree.schoolA2.id, 'meeting.leader_monthly')).status).toBe('missed');
    const leader = await ok(meeting(c.kg, tree.schoolA2.id, { meetingOn: '2026-04-20', level: 'leader_in_charge', chair: '张副校长' }), 201);
    const m1 = await findingOf(c.kg, tree.schoolA2.id, 'meeting.leader_monthly');
    expect(m1).toMatchObject({ status: 'met', period: { key: '2026-05' } });
    expect(m1.explanation).toContain('000 第1条');

    // Correct, stale, void, list by level and month.
    const fixed = await ok(c.kg.patch(`/api/v1/meetings/${leader.id}`, { version: 1, decisions: null, attendees: ['张副校长', '各班主任'] }));
    expect(fixed).toMatchObject({ version: 2, decisions: null, attendees: ['张副校长', '各班主任'] });
    expect((await refused(c.kg.patch(`/api/v1/meetings/${leader.id}`, { version: 1, chair: 'x' }), 409)).code).toBe('STALE_VERSION');
    expect((await ok(c.kg.get('/api/v1/meetings?level=leader_in_charge&from=2026-04-01&to=2026-04-30'))).items.map((x: any) => x.id)).toEqual([leader.id]);
    await ok(c.kg.post(`/api/v1/meetings/${leader.id}/void`, { version: 2, voidReason: '会议未实际召开' }));
    expect((await findingOf(c.kg, tree.schoolA2.id, 'meeting.leader_monthly')).status).toBe('missed');
    expect((await refused(c.kg.post(`/api/v1/meetings/${leader.id}/void`, { version: 3, voidReason: '再次' }))).code).toBe('RECORD_VOIDED');
    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'safety_meeting'), eq(auditEvents.objectId, String(leader.id)))).orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'void']);
  });

  it('refuses a meeting in the future, an unknown level, no attendees, no minutes — and writes nothing', async () => {
    const [n, e] = [await rows(safetyMeetings), await rows(auditEvents)];
    expect((await refused(meeting(c.kg, tree.schoolA2.id, { meetingOn: '2026-05-11' }))).message).toBe('会议日期：不能晚于今天');
    expect((await refused(meeting(c.kg, tree.schoolA2.id, { level: 'staff_meeting' }))).message).toBe('会议类别：请选择会议类别');
    expect((await refused(meeting(c.kg, tree.schoolA2.id, { attendees: [] }))).message).toBe('参会人员：请至少填写一名参会人员');
    expect((await refused(meeting(c.kg, tree.schoolA2.id, { minutes: '' }))).message).toBe('会议纪要：请填写会议纪要');
    expect((await refused(meeting(c.townA, tree.townA.id))).message).toBe('学校：请选择学校');
    expect([await rows(safetyMeetings), await rows(auditEvents)]).toEqual([n, e]);
  });
});

describe('school liability insurance (001 第26条)', () => {
  it('no policy is missed; under-coverage is missed; full cover for the school year is met', async () => {
    const f0 = await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage');
    expect(f0).toMatchObject({ status: 'missed', ledger: 'insurance_policies' });
    expect(f0.explanation).toContain('未办理校方责任保险');
    expect(f0.explanation).toContain('001 第26条');

    // 500 of the school's 800 students: under-covered.
    const p = await ok(policy(c.officerB1, tree.schoolB1.id, { policyNo: 'PZHB2025310100001', studentsCovered: 500 }), 201);
    expect(p).toMatchObject({ policyNo: 'PZHB2025310100001', insurer: '中国人民财产保险', startsOn: '2025-09-01', endsOn: '2026-08-31', studentsCovered: 500, version: 1 });
    const f1 = await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage');
    expect(f1).toMatchObject({ status: 'missed', value: 500, target: 800 });
    expect(f1.explanation).toContain('500/800');

    const full = await ok(c.officerB1.patch(`/api/v1/insurance-policies/${p.id}`, { version: 1, studentsCovered: 800 }));
    expect(full.version).toBe(2);
    const f2 = await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage');
    expect(f2).toMatchObject({ status: 'met', value: 800, target: 800, recordIds: [p.id] });
    expect(f2.explanation).toContain('001 第26条');

    // A policy that ends early leaves the rest of the school year uncovered: a lapse ahead.
    await ok(c.officerB1.patch(`/api/v1/insurance-policies/${p.id}`, { version: 2, endsOn: '2026-05-31' }));
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage')).status).toBe('due_soon');
    expect((await refused(c.officerB1.patch(`/api/v1/insurance-policies/${p.id}`, { version: 2, endsOn: '2026-08-31' }), 409)).code).toBe('STALE_VERSION');
    const renewal = await ok(policy(c.officerB1, tree.schoolB1.id, { startsOn: '2026-06-01', endsOn: '2027-05-31' }), 201);
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage')).status).toBe('met');
    await ok(c.officerB1.post(`/api/v1/insurance-policies/${renewal.id}/void`, { version: 1, voidReason: '保单录入错误' }));
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'insurance.coverage')).status).toBe('due_soon');
    expect((await ok(c.officerB1.get('/api/v1/insurance-policies?from=2026-06-01'))).total).toBe(0);
    expect((await ok(c.officerB1.get('/api/v1/insurance-policies?from=2026-05-01&insurer=人民'))).items.map((x: any) => x.id)).toEqual([p.id]);
    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'insurance_policy'), eq(auditEvents.objectId, String(p.id)))).orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'update']);
  });

  it('refuses a period ending before it starts naming the field, a policy number twice, nobody covered — and writes nothing', async () => {
    const [n, e] = [await rows(insurancePolicies), await rows(auditEvents)];
    const back = await refused(policy(c.officerB1, tree.schoolB1.id, { startsOn: '2026-09-01', endsOn: '2026-08-31' }));
    expect(back.message).toBe('结束日期：不能早于开始日期');
    expect(back.details[0].field).toBe('endsOn');
    expect((await refused(policy(c.officerB1, tree.schoolB1.id, { policyNo: 'PZHB2025310100001' }), 409)).code).toBe('POLICY_EXISTS');
    expect((await refused(policy(c.officerB1, tree.schoolB1.id, { studentsCovered: 0 }))).message).toBe('承保学生数：至少 1 人');
    expect((await refused(policy(c.officerB1, tree.schoolB1.id, { insurer: '' }))).message).toBe('保险公司：请填写保险公司');
    expect((await refused(policy(c.officerB1, tree.schoolB1.id, { endsOn: '2026-02-30' }))).message).toBe('结束日期：日期无效');
    const [mine] = await t.database.db.select().from(insurancePolicies).where(eq(insurancePolicies.schoolId, tree.schoolB1.id)).limit(1);
    expect((await refused(c.officerB1.patch(`/api/v1/insurance-policies/${mine.id}`, { version: mine.version, startsOn: '2026-09-01' }))).message).toBe('结束日期：不能早于开始日期');
    expect([await rows(insurancePolicies), await rows(auditEvents)]).toEqual([n, e]);
  });
});

describe('scope, exports, permissions, nothing half-written', () => {
  it('outside one’s scope a record is not found: by id, patch, void, list filter and export, for every ledger', async () => {
    const a1Staff = await ok(staff(c.officerA1, tree.schoolA1.id, { name: '孙老师', posts: [{ post: 'teacher', since: '2021-09-01' }] }), 201);
    const tr = await ok(training(c.officerA1, a1Staff.id, { hours: 2 }), 201);
    const mt = await ok(meeting(c.officerA1, tree.schoolA1.id), 201);
    const po = await ok(policy(c.officerA1, tree.schoolA1.id), 201);
    for (const [path, id] of [['trainings', tr.id], ['meetings', mt.id], ['insurance-policies', po.id]] as const) {
      expect((await c.officerB1.get(`/api/v1/${path}/${id}`)).statusCode).toBe(404);
      expect((await c.officerB1.patch(`/api/v1/${path}/${id}`, { version: 1 })).statusCode).toBe(404);
      expect((await c.officerB1.post(`/api/v1/${path}/${id}/void`, { version: 1, voidReason: 'x' })).statusCode).toBe(404);
      expect((await c.officerB1.get(`/api/v1/${path}?schoolId=${tree.schoolA1.id}`)).statusCode).toBe(404);
      expect((await c.officerB1.get(`/api/v1/${path}?townId=${tree.townA.id}`)).statusCode).toBe(404);
      expect((await c.officerB1.get(`/api/v1/${path}/export?schoolId=${tree.schoolA1.id}`)).statusCode).toBe(404);
      // The same id is visible to the town and the department.
      expect((await c.townA.get(`/api/v1/${path}/${id}`)).statusCode).toBe(200);
      expect((await c.dept.get(`/api/v1/${path}/${id}`)).statusCode).toBe(200);
      const mine = await ok(c.officerB1.get(`/api/v1/${path}?pageSize=200`));
      expect(mine.items.every((x: any) => x.schoolId === tree.schoolB1.id)).toBe(true);
    }
    expect((await c.officerB1.get(`/api/v1/staff/${a1Staff.id}`)).statusCode).toBe(404);
    expect((await c.officerB1.get(`/api/v1/trainings?staffId=${a1Staff.id}`)).statusCode).toBe(404);
    expect((await c.officerB1.patch(`/api/v1/staff/${a1Staff.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect((await meeting(c.officerB1, tree.schoolA1.id)).statusCode).toBe(404);
    expect((await policy(c.officerB1, tree.schoolA1.id)).statusCode).toBe(404);
    expect((await staff(c.officerB1, tree.schoolA1.id)).statusCode).toBe(404);
  });

  it('exports each ledger in the caller’s scope, audited', async () => {
    await ok(meeting(c.officerB1, tree.schoolB1.id, { meetingOn: '2026-05-06', level: 'leader_in_charge' }), 201);
    const before = await t.database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'export'));
    for (const [path, header] of [['trainings', '学校'], ['meetings', '学校'], ['insurance-policies', '学校'], ['staff', '学校']] as const) {
      const own = await ok(c.officerB1.get(`/api/v1/${path}?pageSize=200`));
      const x = await c.officerB1.get(`/api/v1/${path}/export`);
      expect(x.statusCode).toBe(200);
      const names = await xlsxColumn(x.rawPayload, header);
      expect(names.length).toBe(own.total);
      expect(new Set(names)).toEqual(new Set([tree.schoolB1.name]));
      const town = await ok(c.townA.get(`/api/v1/${path}?pageSize=200`));
      const tx = await c.townA.get(`/api/v1/${path}/export`);
      const townNames = await xlsxColumn(tx.rawPayload, header);
      expect(townNames.length).toBe(town.total);
      expect(townNames.every((s) => s === tree.schoolA1.name || s === tree.schoolA2.name)).toBe(true);
    }
    expect(await xlsxColumn((await c.townA.get('/api/v1/trainings/export')).rawPayload, '学时')).toContain('40');
    expect(await xlsxColumn((await c.townA.get('/api/v1/meetings/export?level=leadership_team')).rawPayload, '会议类别')).toEqual(expect.arrayContaining(['领导班子安全专题会议']));
    expect(await xlsxColumn((await c.bureau.get(`/api/v1/insurance-policies/export?schoolId=${tree.schoolB1.id}`)).rawPayload, '保单号')).toContain('PZHB2025310100001');
    const after = await t.database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'export'));
    expect(after[0].n).toBe(before[0].n + 11);
    const types = await t.database.db.select({ o: auditEvents.objectType }).from(auditEvents).where(eq(auditEvents.action, 'export'));
    expect(new Set(types.map((r) => r.o))).toEqual(new Set(['training', 'safety_meeting', 'insurance_policy', 'staff_member']));
  });

  it('a teacher reads but records nothing', async () => {
    expect((await c.teacher.get('/api/v1/trainings')).statusCode).toBe(200);
    expect((await meeting(c.teacher, tree.schoolA1.id)).statusCode).toBe(403);
    expect((await policy(c.teacher, tree.schoolA1.id)).statusCode).toBe(403);
    expect((await staff(c.teacher, tree.schoolA1.id)).statusCode).toBe(403);
  });

  it('a record with a file of another school leaves no row and no audit event', async () => {
    const [f] = await t.database.db
      .insert(files)
      .values({ districtId: tree.districtId, unitId: tree.schoolA1.id, unitPath: tree.schoolA1.path, name: '纪要.pdf', mime: 'application/pdf', size: 10, sha256: 'd'.repeat(64), storageKey: `test/${Math.random()}`, uploadedBy: people.officerA1.id })
      .returning();
    const s = (await ok(c.officerB1.get(`/api/v1/staff?schoolId=${tree.schoolB1.id}`))).items[0];
    const counts = async () => [await rows(trainings), await rows(safetyMeetings), await rows(insurancePolicies), await rows(auditEvents)];
    const before = await counts();
    expect((await training(c.officerB1, s.id, { certificateFileId: f.id })).statusCode).toBe(404);
    expect((await training(c.officerB1, s.id, { fileIds: [f.id] })).statusCode).toBe(404);
    expect((await meeting(c.officerB1, tree.schoolB1.id, { fileIds: [f.id] })).statusCode).toBe(404);
    expect((await policy(c.officerB1, tree.schoolB1.id, { fileIds: [f.id] })).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('compliance judges the three ledgers: none of their rules is pending', async () => {
    const body = await ok(c.bureau.get('/api/v1/compliance?pageSize=1000'));
    const pending = body.pendingLedgers.map((p: any) => p.ledger);
    for (const l of ['drills', 'trainings', 'meetings', 'insurance_policies']) expect(pending).not.toContain(l);
    const judged = body.evaluatedRules.map((r: any) => r.code);
    expect(judged).toEqual(expect.arrayContaining(['training.new_principal', 'training.safety_head_yearly', 'training.teacher_yearly', 'training.safety_manager_pre_post', 'meeting.leadership_quarterly', 'meeting.leader_monthly', 'insurance.coverage']));
    const rules = await ok(c.bureau.get('/api/v1/rules'));
    expect(rules.rules.find((r: any) => r.code === 'insurance.coverage')).toMatchObject({ ledger: 'insurance_policies', ledgerStored: true });
  });
});
