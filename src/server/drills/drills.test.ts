// The drill ledger through the API (issue 4): list with filters, correct with a version, void
// with a reason, bad input naming the field, nothing half-written, scope and export.
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, drills, files, schoolCalendars } from '../db/schema.js';
import { buildTree, findingOf, ok, startWithTree, xlsxColumn, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'kg' | 'officerB1' | 'townA' | 'dept' | 'bureau' | 'leader' | 'teacher';
let c: Record<Who, Client>;
let people: Record<Who, { id: number; username: string }>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  ({ t, tree, people, c } = await startWithTree(TODAY, (tree) => ({
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

const countRows = async (table: typeof drills | typeof auditEvents) =>
  (await t.database.db.select({ n: count() }).from(table))[0].n;

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
  // The kindergarten's drill of the compliance tests (compliance/compliance.test.ts), which ran
  // before these in one file: the town's and the department's lists span all their schools.
  beforeAll(async () => {
    await ok(drill(c.kg, tree.schoolA2.id, { kind: 'nap_time', heldOn: '2026-05-08', participants: 180 }), 201);
  });

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
