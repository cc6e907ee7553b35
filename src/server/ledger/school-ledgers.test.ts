// The four school ledgers kept through the shared frame (staff posts, training, safety meetings,
// insurance; issue 4), across ledgers: scope by id, patch, void, list filter and export; exports
// audited; a teacher records nothing; nothing half-written; compliance judges them all.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, files, insurancePolicies, safetyMeetings, trainings } from '../db/schema.js';
import { buildTree, ok, startWithTree, ledgerPeople, xlsxColumn, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

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

const rows = async (table: typeof trainings | typeof safetyMeetings | typeof insurancePolicies | typeof auditEvents) =>
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

describe('scope, exports, permissions, nothing half-written', () => {
  // The records the tests of each ledger (staff/, meetings/, insurance/) had made before these when
  // they shared one file: a principal of A1 with his 40 hours of training, a teacher of B1 with a
  // training, and B1's policy.
  beforeAll(async () => {
    const p = await ok(staff(c.officerA1, tree.schoolA1.id), 201);
    await ok(training(c.officerA1, p.id, { hours: 40, startsOn: '2025-06-02', endsOn: '2025-06-06' }), 201);
    const s = await ok(staff(c.officerB1, tree.schoolB1.id, { name: '赵老师', posts: [{ post: 'teacher', since: '2020-09-01' }] }), 201);
    await ok(training(c.officerB1, s.id, { hours: 2 }), 201);
    await ok(policy(c.officerB1, tree.schoolB1.id, { policyNo: 'PZHB2025310100001', studentsCovered: 800 }), 201);
  });

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
