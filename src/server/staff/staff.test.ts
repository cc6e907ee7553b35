// The staff posts and training ledgers through the API (issue 4): each rule of 001 第7条 turns from
// missed to met in /compliance once the training is kept; create, list, correct with a version,
// void; a person who left is no longer judged; bad input naming the field; people outside the unit.
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, files, trainings } from '../db/schema.js';
import { buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';
import { readLedgers, type ReadScope } from '../compliance/ledger-readers.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher';
let c: Record<Who, Client>;
let people: Record<Who, { id: number; username: string }>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, people, c } = await startWithTree(TODAY, ledgerPeople));
});
afterAll(() => t.close());

const rows = async (table: typeof trainings | typeof auditEvents) =>
  (await t.database.db.select({ n: count() }).from(table))[0].n;

const staff = (client: Client, schoolId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/staff', { schoolId, name: '王校长', posts: [{ post: 'principal', since: '2025-03-01' }], ...over });
const training = (client: Client, staffId: number, over: Record<string, unknown> = {}) =>
  client.post('/api/v1/trainings', { staffId, course: '中小学校长安全管理专题培训', hours: 8, startsOn: '2026-04-20', provider: '区教师进修学院', ...over });

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

describe('the evaluation reads the staff once', () => {
  it('judging the entry checks beside the training rules gives the same staff as reading them alone', async () => {
    await ok(staff(c.officerB1, tree.schoolB1.id, { name: '赵主任', posts: [{ post: 'vice_principal', since: '2024-09-01' }] }), 201);
    await ok(staff(c.officerB1, tree.schoolB1.id, { name: '孙保安', posts: [{ post: 'guard' }], outsourcedKind: 'guard', employer: '平安保安服务公司' }), 201);
    const scope: ReadScope = { db: t.database.db, districtId: tree.districtId, asOf: TODAY, training: { windows: [], newInPost: null }, dutyPeriods: [], schools: (m) => and(eq(m.districtId, tree.districtId), eq(m.schoolId, tree.schoolB1.id))! };
    const alone = await readLedgers(scope, ['trainings']);
    const both = await readLedgers(scope, ['trainings', 'staff_checks']);
    const byId = (a: { id: unknown }, b: { id: unknown }) => Number(a.id) - Number(b.id);
    expect(alone.staff.length).toBeGreaterThanOrEqual(2);
    expect([...both.staff].sort(byId)).toEqual([...alone.staff].sort(byId));
    const checksAlone = await readLedgers(scope, ['staff_checks']);
    expect(both.records.ledgersB?.staffChecks).toEqual(checksAlone.records.ledgersB?.staffChecks);
  });
});
