// Excel import of the school ledgers (issue 4): drills, staff, trainings, meetings, insurance, duty and security
// through POST /imports. A good file → every record in its ledger's list; one bad row → nothing
// written and each problem named by row and column; a school outside the importer's scope reads
// like one that is not there; ledger.write is what it takes; an exported file imports again.
import { and, count, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  drillImportColumns,
  dutyImportColumns,
  insuranceImportColumns,
  meetingImportColumns,
  securityImportColumns,
  staffImportColumns,
  trainingImportColumns,
  type ImportJob,
} from '../../contracts/imports.js';
import { ROSTER_NOT_FOUND, SCHOOL_NOT_FOUND } from '../../domain/ledger-import-rows.js';
import { drills, dutyEntries, insurancePolicies, safetyMeetings, securityProfiles, staffMembers, trainings } from '../db/schema.js';
import { buildTree, ok, signedInUsers, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { runImport, upload, xlsx } from './testing.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
type Who = 'officerA1' | 'townA' | 'bureau' | 'teacher' | 'dept';
let c: Record<Who, Client>;

const TODAY = '2026-05-10';

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = new Date(`${TODAY}T02:00:00Z`);
  const db = t.database.db;
  tree = await buildTree(db);
  ({ c } = await signedInUsers(t.app, db, {
    officerA1: [tree.schoolA1, ['school_safety_officer']],
    townA: [tree.townA, ['town_officer']],
    bureau: [tree.bureau, ['bureau_admin']],
    teacher: [tree.schoolA1, ['teacher']],
    dept: [tree.department, ['department_officer']],
  }));
});
afterAll(() => t.close());

/** A row in the columns' order from a record keyed by header. */
const rowOf = (columns: readonly string[], v: Record<string, unknown>) => columns.map((col) => v[col] ?? null);
const file = async (columns: readonly string[], rows: Array<Record<string, unknown>>, extra: string[] = []) => ({
  name: '台账.xlsx',
  data: await xlsx([...columns, ...extra], rows.map((r) => rowOf([...columns, ...extra], r))),
});

async function countOf(table: typeof drills | typeof staffMembers | typeof trainings | typeof safetyMeetings | typeof insurancePolicies | typeof dutyEntries | typeof securityProfiles) {
  const [{ n }] = await t.database.db.select({ n: count() }).from(table);
  return n;
}

async function importEvent(jobId: number) {
  const events = (await c.bureau.get(`/api/v1/audit-events?action=import&objectType=import&objectId=${jobId}`)).json();
  expect(events.total).toBe(1);
  return events.items[0].after;
}

describe('access', () => {
  it('lets a school officer and a town import ledgers, not units; refuses people without ledger.write', async () => {
    // A school officer holds ledger.write, not import.run.
    expect((await c.officerA1.get('/api/v1/imports/template?kind=drills')).statusCode).toBe(200);
    expect((await c.officerA1.get('/api/v1/imports/template?kind=units')).statusCode).toBe(403);
    expect((await c.officerA1.get('/api/v1/imports')).statusCode).toBe(200);
    const units = await upload(c.officerA1, { kind: 'units' }, await file(['单位名称'], [{ 单位名称: 'x' }]));
    expect(units.statusCode).toBe(403);
    for (const who of ['teacher', 'dept'] as const) {
      expect((await c[who].get('/api/v1/imports/template?kind=drills')).statusCode).toBe(403);
      expect((await c[who].get('/api/v1/imports')).statusCode).toBe(403);
      const res = await upload(c[who], { kind: 'drills' }, await file(drillImportColumns, []));
      expect(res.statusCode).toBe(403);
    }
  });

  it('shows a ledger importer only their own jobs', async () => {
    const job = await runImport(c.townA, { kind: 'meetings' }, await file(meetingImportColumns, [{ 学校: '无此学校' }]));
    expect((await c.townA.get(`/api/v1/imports/${job.id}`)).statusCode).toBe(200);
    expect((await c.officerA1.get(`/api/v1/imports/${job.id}`)).statusCode).toBe(404);
    expect((await c.officerA1.get('/api/v1/imports')).json().items.map((j: ImportJob) => j.id)).not.toContain(job.id);
    // The bureau's administrator sees the district's imports.
    expect((await c.bureau.get(`/api/v1/imports/${job.id}`)).statusCode).toBe(200);
  });

  it('downloads each ledger template with its export columns, notes and a 说明 sheet', async () => {
    const expected = { drills: drillImportColumns, staff: staffImportColumns, trainings: trainingImportColumns, meetings: meetingImportColumns, insurance: insuranceImportColumns };
    for (const [kind, columns] of Object.entries(expected)) {
      const res = await c.townA.get(`/api/v1/imports/template?kind=${kind}`);
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual([...columns]);
      expect(JSON.stringify(wb.getWorksheet('说明')!.getSheetValues())).toContain('已作废');
    }
  });
});

describe('drills', () => {
  const good = (v: Record<string, unknown> = {}) => ({ 学校: tree.schoolA1.name, 演练日期: '2026-04-20', 演练类型: '防火灾', 参加人数: 600, '疏散用时（秒）': 150, ...v });

  it('imports a good file: every drill in the ledger list, one import audit event', async () => {
    const when = new Date(Date.UTC(2026, 3, 21)); // an Excel date cell
    const job = await runImport(
      c.townA,
      { kind: 'drills' },
      await file(drillImportColumns, [good({ 发现的问题: '三楼疏散慢' }), good({ 学校: tree.schoolA2.name, 演练日期: when, 演练类型: '幼儿园午睡时段', 参加人数: '120' })]),
    );
    expect(job).toMatchObject({ status: 'done', createdCount: 2, total: 2, processed: 2, errors: [] });
    const list = (await c.townA.get(`/api/v1/drills?townId=${tree.townA.id}&from=2026-04-20&to=2026-04-21`)).json();
    expect(list.items.map((d: { schoolId: number; heldOn: string; kind: string; participants: number; createdByName: string }) => [d.schoolId, d.heldOn, d.kind, d.participants])).toEqual([
      [tree.schoolA2.id, '2026-04-21', 'nap_time', 120],
      [tree.schoolA1.id, '2026-04-20', 'fire', 600],
    ]);
    expect(list.items[1].problems).toBe('三楼疏散慢');
    const after = await importEvent(job.id);
    expect(after).toMatchObject({ kind: 'drills', objectType: 'drill', createdCount: 2, schoolCount: 2 });
    expect(after.ids.flat()).toEqual(expect.arrayContaining([list.items[0].id]));
  });

  it('writes nothing when a row is bad: a future drill (the create rule), an unknown kind, a school outside scope', async () => {
    const before = await countOf(drills);
    const job = await runImport(
      c.townA,
      { kind: 'drills' },
      await file(drillImportColumns, [
        good(),
        good({ 演练日期: '2026-05-11' }),
        good({ 演练类型: '防海啸', 参加人数: 0 }),
        good({ 学校: tree.schoolB1.name }),
        good({ 学校: '无此学校' }),
      ]),
    );
    expect(job).toMatchObject({ status: 'failed', createdCount: 0 });
    expect(job.errors).toEqual([
      { row: 3, column: '演练日期', message: '不能晚于今天' },
      { row: 4, column: '演练类型', message: expect.stringContaining('演练类型只能是') },
      { row: 4, column: '参加人数', message: '至少 1 人' },
      { row: 5, column: '学校', message: SCHOOL_NOT_FOUND },
      { row: 6, column: '学校', message: SCHOOL_NOT_FOUND },
    ]);
    expect(await countOf(drills)).toBe(before);
  });

  it('writes nothing when the transaction fails after the first batch', async () => {
    // A trigger refuses the 600th drill, after the first 500 have gone in.
    const db = t.database.db;
    await db.execute(sql.raw(`create function refuse_drill() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`));
    await db.execute(sql.raw(`create trigger refuse_drill before insert on drills for each row when (new.participants = 777) execute function refuse_drill()`));
    try {
      const before = await countOf(drills);
      const rows = Array.from({ length: 650 }, (_, i) => good({ 参加人数: i === 598 ? 777 : 100 + i }));
      const job = await runImport(c.bureau, { kind: 'drills' }, await file(drillImportColumns, rows));
      expect(job).toMatchObject({ status: 'failed', createdCount: 0, errors: [{ row: 0, column: '', message: expect.stringContaining('未导入任何数据') }] });
      expect(await countOf(drills)).toBe(before);
      expect((await c.bureau.get(`/api/v1/audit-events?action=import&objectType=import&objectId=${job.id}`)).json().total).toBe(0);
    } finally {
      await db.execute(sql.raw('drop trigger refuse_drill on drills'));
      await db.execute(sql.raw('drop function refuse_drill()'));
    }
  });

  it('imports its own export again, refusing voided rows', async () => {
    const exported = await c.officerA1.get(`/api/v1/drills/export?schoolId=${tree.schoolA1.id}`);
    expect(exported.statusCode).toBe(200);
    const before = (await c.officerA1.get(`/api/v1/drills?schoolId=${tree.schoolA1.id}`)).json().total;
    expect(before).toBeGreaterThan(0);
    const job = await runImport(c.officerA1, { kind: 'drills' }, { name: '应急疏散演练台账.xlsx', data: exported.rawPayload });
    expect(job).toMatchObject({ status: 'done', createdCount: before });
    expect((await c.officerA1.get(`/api/v1/drills?schoolId=${tree.schoolA1.id}`)).json().total).toBe(2 * before);

    const voided = await runImport(c.officerA1, { kind: 'drills' }, await file(drillImportColumns, [{ ...good(), 状态: '已作废' }], ['状态']));
    expect(voided.errors).toEqual([{ row: 2, column: '状态', message: '已作废的记录不导入，请删除此行' }]);
  });
});

describe('staff and trainings', () => {
  it('imports staff, then their trainings by school and name; both appear in their lists', async () => {
    const staffJob = await runImport(
      c.officerA1,
      { kind: 'staff' },
      await file(staffImportColumns, [
        { 学校: tree.schoolA1.name, 姓名: '周安全', 岗位及任职日期: '分管安全副校（园）长（2025-09-01）' },
        { 学校: tree.schoolA1.name, 姓名: '吴老师', 岗位及任职日期: '班主任、专任教师' },
      ]),
    );
    expect(staffJob.errors).toEqual([]);
    expect(staffJob).toMatchObject({ status: 'done', createdCount: 2 });
    const staff = (await c.officerA1.get(`/api/v1/staff?schoolId=${tree.schoolA1.id}`)).json().items;
    expect(staff.map((s: { name: string; posts: unknown; userId: number | null }) => [s.name, s.posts, s.userId])).toEqual(
      expect.arrayContaining([
        ['周安全', [{ post: 'safety_vice_principal', since: '2025-09-01' }], null],
        ['吴老师', [{ post: 'head_teacher', since: null }, { post: 'teacher', since: null }], null],
      ]),
    );
    expect((await importEvent(staffJob.id)).objectType).toBe('staff_member');

    // The same people again: refused, a name is kept once per school.
    const again = await runImport(c.officerA1, { kind: 'staff' }, await file(staffImportColumns, [{ 学校: tree.schoolA1.name, 姓名: '周安全', 岗位及任职日期: '班主任' }]));
    expect(again.errors).toEqual([{ row: 2, column: '姓名', message: '本校已登记姓名为“周安全”的人员，请勿重复导入' }]);

    const training = (v: Record<string, unknown>) => ({ 学校: tree.schoolA1.name, 姓名: '周安全', 培训课程: '安全管理干部培训', 学时: 8, 开始日期: '2026-03-02', 培训机构: '区进修学校', ...v });
    const job = await runImport(
      c.townA,
      { kind: 'trainings' },
      await file(trainingImportColumns, [training({ 学时: 12, 结束日期: '2026-03-03' }), training({ 姓名: '吴老师', 学时: '2.5' })]),
    );
    expect(job).toMatchObject({ status: 'done', createdCount: 2 });
    const list = (await c.townA.get(`/api/v1/trainings?schoolId=${tree.schoolA1.id}`)).json().items;
    expect(list.map((x: { staffName: string; hours: number; startsOn: string; endsOn: string }) => [x.staffName, x.hours, x.startsOn, x.endsOn])).toEqual(
      expect.arrayContaining([
        ['周安全', 12, '2026-03-02', '2026-03-03'],
        ['吴老师', 2.5, '2026-03-02', '2026-03-02'],
      ]),
    );
  });

  it('writes no training when one names an unknown person or goes past 24 hours a day (001 item 7)', async () => {
    const before = await countOf(trainings);
    const training = (v: Record<string, unknown>) => ({ 学校: tree.schoolA1.name, 姓名: '周安全', 培训课程: '消防培训', 学时: 4, 开始日期: '2026-04-01', 培训机构: '消防站', ...v });
    const job = await runImport(
      c.townA,
      { kind: 'trainings' },
      await file(trainingImportColumns, [
        training({}),
        training({ 姓名: '不存在的人' }),
        training({ 学时: 25 }),
        training({ 开始日期: '2026-06-01' }),
        training({ 学校: tree.schoolB1.name }),
      ]),
    );
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([
      { row: 3, column: '姓名', message: '本校没有登记姓名为“不存在的人”的教职工，请先在教职工岗位中登记或导入' },
      { row: 4, column: '学时', message: '一天不能超过 24 学时' },
      { row: 5, column: '开始日期', message: '不能晚于今天' },
      { row: 6, column: '学校', message: SCHOOL_NOT_FOUND },
    ]);
    expect(await countOf(trainings)).toBe(before);
  });

  it("does not find another school's staff for a school officer", async () => {
    await runImport(c.bureau, { kind: 'staff' }, await file(staffImportColumns, [{ 学校: tree.schoolB1.name, 姓名: '郑保安', 岗位及任职日期: '保安' }]));
    const job = await runImport(
      c.officerA1,
      { kind: 'trainings' },
      await file(trainingImportColumns, [{ 学校: tree.schoolB1.name, 姓名: '郑保安', 培训课程: '保安培训', 学时: 4, 开始日期: '2026-04-01', 培训机构: '保安公司' }]),
    );
    expect(job.errors).toEqual([{ row: 2, column: '学校', message: SCHOOL_NOT_FOUND }]);
  });
});

describe('meetings', () => {
  const good = (v: Record<string, unknown> = {}) => ({
    学校: tree.schoolA1.name,
    会议日期: '2026-04-07',
    会议类别: '领导班子安全专题会议',
    主持人: '王校长',
    参会人员: '王校长、周安全、吴老师',
    会议纪要: '部署春季安全工作',
    ...v,
  });

  it('imports meetings into the ledger list', async () => {
    const job = await runImport(c.officerA1, { kind: 'meetings' }, await file(meetingImportColumns, [good(), good({ 会议日期: '2026-04-28', 会议类别: '分管领导安全专题会议', 议定事项: '五一前检查' })]));
    expect(job).toMatchObject({ status: 'done', createdCount: 2 });
    const list = (await c.officerA1.get(`/api/v1/meetings?schoolId=${tree.schoolA1.id}&from=2026-04-01&to=2026-04-30`)).json().items;
    expect(list.map((m: { meetingOn: string; level: string; attendees: string[]; decisions: string | null }) => [m.meetingOn, m.level, m.attendees.length, m.decisions])).toEqual([
      ['2026-04-28', 'leader_in_charge', 3, '五一前检查'],
      ['2026-04-07', 'leadership_team', 3, null],
    ]);
  });

  it('writes nothing with a future meeting or a missing column', async () => {
    const before = await countOf(safetyMeetings);
    const job = await runImport(c.officerA1, { kind: 'meetings' }, await file(meetingImportColumns, [good(), good({ 会议日期: '2026-05-11', 主持人: null })]));
    expect(job.errors).toEqual([
      { row: 3, column: '会议日期', message: '不能晚于今天' },
      { row: 3, column: '主持人', message: '请填写主持人' },
    ]);
    const missing = await runImport(c.officerA1, { kind: 'meetings' }, await file(meetingImportColumns.slice(0, 5), [good()]));
    expect(missing.errors.map((e) => [e.row, e.column])).toEqual([
      [1, '会议纪要'],
      [1, '议定事项'],
    ]);
    expect(await countOf(safetyMeetings)).toBe(before);
  });
});

describe('insurance', () => {
  const good = (v: Record<string, unknown> = {}) => ({ 学校: tree.schoolA2.name, 保单号: 'IMP-001', 保险公司: '示例保险', 开始日期: '2025-09-01', 结束日期: '2026-08-31', 承保学生数: 300, ...v });

  it('imports policies; a number already recorded, a period ending before it starts or a school out of scope stops the file', async () => {
    const job = await runImport(c.townA, { kind: 'insurance' }, await file(insuranceImportColumns, [good(), good({ 学校: tree.schoolA1.name, 保单号: 'IMP-002' })]));
    expect(job).toMatchObject({ status: 'done', createdCount: 2 });
    const list = (await c.townA.get(`/api/v1/insurance-policies?townId=${tree.townA.id}`)).json().items;
    expect(list.map((p: { policyNo: string }) => p.policyNo).sort()).toEqual(['IMP-001', 'IMP-002']);

    const before = await countOf(insurancePolicies);
    const bad = await runImport(
      c.townA,
      { kind: 'insurance' },
      await file(insuranceImportColumns, [
        good({ 保单号: 'IMP-003' }),
        good({ 保单号: 'IMP-001' }),
        good({ 保单号: 'IMP-004', 结束日期: '2025-08-31' }),
        good({ 保单号: 'IMP-005', 学校: tree.schoolB1.name }),
        good({ 保单号: 'IMP-003' }),
      ]),
    );
    expect(bad.errors).toEqual([
      { row: 3, column: '保单号', message: '保单号“IMP-001”已登记' },
      { row: 4, column: '结束日期', message: '不能早于开始日期' },
      { row: 5, column: '学校', message: SCHOOL_NOT_FOUND },
      { row: 6, column: '保单号', message: '与第 2 行的保单号重复' },
    ]);
    expect(await countOf(insurancePolicies)).toBe(before);
    const [{ n }] = await t.database.db.select({ n: count() }).from(insurancePolicies).where(and(eq(insurancePolicies.policyNo, 'IMP-003')));
    expect(n).toBe(0);
  });
});

describe('templates', () => {
  it('reads each ledger template back: only its example row is reported, and its school first', async () => {
    for (const kind of ['drills', 'staff', 'trainings', 'meetings', 'insurance', 'duty', 'security']) {
      const template = (await c.townA.get(`/api/v1/imports/template?kind=${kind}`)).rawPayload;
      const job = await runImport(c.townA, { kind }, { name: 't.xlsx', data: template });
      expect(job).toMatchObject({ status: 'failed', total: 1 });
      expect(job.errors[0]).toEqual({ row: 2, column: '学校', message: SCHOOL_NOT_FOUND });
      expect(job.errors.every((e) => e.row === 2)).toBe(true);
    }
  });
});

describe('duty entries', () => {
  let rosterId: number;
  const good = (v: Record<string, unknown> = {}) => ({
    学校: tree.schoolA1.name,
    值班日期: '2026-05-01',
    值班角色: '带班领导',
    姓名: '周校长',
    联系电话: null,
    '值班时长（小时）': 24,
    值班表: '五一值班表',
    ...v,
  });

  beforeAll(async () => {
    rosterId = (await ok(c.officerA1.post('/api/v1/duty-rosters', { schoolId: tree.schoolA1.id, title: '五一值班表', startsOn: '2026-05-01', endsOn: '2026-05-05', phone: '021-5555' }), 201)).id;
    await ok(c.officerA1.post('/api/v1/staff', { schoolId: tree.schoolA1.id, name: '周校长', posts: [{ post: 'principal', since: null }] }), 201);
    // Another school's roster of the same title: rows of school A1 never land in it.
    await ok(c.bureau.post('/api/v1/duty-rosters', { schoolId: tree.schoolB1.id, title: '五一值班表', startsOn: '2026-05-01', endsOn: '2026-05-05' }), 201);
  });

  it('imports entries into the roster holding the day (000 item 4): seen through GET /duty-rosters/:id, the staff member linked by name', async () => {
    const job = await runImport(
      c.officerA1,
      { kind: 'duty' },
      await file(dutyImportColumns, [good(), good({ 值班角色: '值班人员', 姓名: '门卫老陈', '值班时长（小时）': '12', 联系电话: '139-0000' }), good({ 值班日期: '2026-05-02' })]),
    );
    expect(job).toMatchObject({ status: 'done', createdCount: 3, errors: [] });
    const roster = await ok(c.officerA1.get(`/api/v1/duty-rosters/${rosterId}`));
    const day1 = roster.dayList.find((d: { date: string }) => d.date === '2026-05-01');
    expect(day1.leader).toMatchObject({ personName: '周校长', hours: 24, phone: '021-5555', confirmedAt: null });
    expect(day1.leader.staffId).toEqual(expect.any(Number));
    expect(day1.staff).toMatchObject({ personName: '门卫老陈', staffId: null, userId: null, hours: 12, phone: '139-0000' });
    expect(roster.dayList.find((d: { date: string }) => d.date === '2026-05-02').leader).toMatchObject({ personName: '周校长' });
    const after = await importEvent(job.id);
    expect(after).toMatchObject({ kind: 'duty', objectType: 'duty_entry', createdCount: 3, schoolCount: 1 });
  });

  it('writes nothing with a day already covered, a day twice in the file, hours over 24, no such roster or a school out of scope', async () => {
    const before = await countOf(dutyEntries);
    const job = await runImport(
      c.officerA1,
      { kind: 'duty' },
      await file(dutyImportColumns, [
        good({ 值班日期: '2026-05-03' }),
        good({ 值班日期: '2026-05-01' }),
        good({ 值班日期: '2026-05-04', '值班时长（小时）': 25 }),
        good({ 值班日期: '2026-05-06' }),
        good({ 值班日期: '2026-05-03', 姓名: '李老师' }),
        good({ 学校: tree.schoolB1.name }),
        good({ 值班日期: '2026-05-05', 值班表: '暑假值班表' }),
      ]),
    );
    expect(job).toMatchObject({ status: 'failed', createdCount: 0 });
    expect(job.errors).toEqual([
      { row: 3, column: '值班日期', message: '2026-05-01 已安排带班领导周校长，同一天同一角色只能安排一人' },
      { row: 4, column: '值班时长（小时）', message: '值班时长每天不能超过 24 小时' },
      { row: 5, column: '值班表', message: ROSTER_NOT_FOUND },
      { row: 6, column: '值班日期', message: '2026-05-03 的带班领导与第 2 行重复，同一天同一角色只能安排一人' },
      { row: 7, column: '学校', message: SCHOOL_NOT_FOUND },
      { row: 8, column: '值班表', message: ROSTER_NOT_FOUND },
    ]);
    expect(await countOf(dutyEntries)).toBe(before);
    const roster = await ok(c.officerA1.get(`/api/v1/duty-rosters/${rosterId}`));
    expect(roster.dayList.find((d: { date: string }) => d.date === '2026-05-03').leader).toBeNull();
  });
});

describe('security profiles', () => {
  const gate = (name: string, v: Record<string, unknown> = {}) => ({
    学校: tree.schoolA2.name,
    登记日期: '2026-05-06',
    校门名称: name,
    在校期间保安人数: 1,
    上学高峰保安人数: 2,
    放学高峰保安人数: 2,
    夜间保安人数: 1,
    一键报警装置数: 3,
    正常数: 3,
    最近测试日期: '2026-05-01',
    视频保存天数: 90,
    视频接入区平台: '是',
    周界报警: '是',
    周界报警24小时布防: '是',
    ...v,
  });

  it('imports one profile per school and day, a gate a row (002 areas 8 and 9): seen through GET /security-profiles', async () => {
    const job = await runImport(c.townA, { kind: 'security' }, await file(securityImportColumns, [gate('南门'), gate('北门', { 夜间保安人数: 0 })]));
    expect(job).toMatchObject({ status: 'done', createdCount: 1, total: 2, errors: [] });
    const list = await ok(c.townA.get(`/api/v1/security-profiles?schoolId=${tree.schoolA2.id}`));
    expect(list.items[0]).toMatchObject({ schoolId: tree.schoolA2.id, recordCount: 1 });
    expect(list.items[0].profile).toMatchObject({
      recordedOn: '2026-05-06',
      gates: [
        { name: '南门', guards: { school_hours: 1, arrival_peak: 2, dismissal_peak: 2, night: 1 } },
        { name: '北门', guards: { school_hours: 1, arrival_peak: 2, dismissal_peak: 2, night: 0 } },
      ],
      alarms: { installed: 3, working: 3, lastTestedOn: '2026-05-01' },
      video: { retentionDays: 90, linkedToBureau: true },
      perimeterAlarm: { installed: true, armed24h: true },
    });
    expect(await importEvent(job.id)).toMatchObject({ kind: 'security', objectType: 'security_profile', createdCount: 1, schoolCount: 1 });
  });

  it('writes nothing when the rows of a profile disagree, a rule of the profile fails or a school is out of scope', async () => {
    const before = await countOf(securityProfiles);
    const job = await runImport(
      c.townA,
      { kind: 'security' },
      await file(securityImportColumns, [
        gate('南门', { 学校: tree.schoolA1.name }),
        gate('南门', { 学校: tree.schoolA1.name, 视频保存天数: 30 }),
        gate('东门', { 正常数: 4 }),
        gate('西门', { 学校: tree.schoolB1.name }),
        gate('北门', { 登记日期: '2026-05-11', 周界报警: '否' }),
      ]),
    );
    expect(job).toMatchObject({ status: 'failed', createdCount: 0 });
    expect(job.errors).toEqual([
      { row: 3, column: '校门名称', message: '与第 2 行的校门重名（同一学校同一登记日期）' },
      { row: 3, column: '视频保存天数', message: '与第 2 行不一致：同一学校同一登记日期的各行，此列须相同' },
      { row: 4, column: '正常数', message: '不能多于安装数量（3 台）' },
      { row: 5, column: '学校', message: SCHOOL_NOT_FOUND },
      { row: 6, column: '登记日期', message: '不能晚于今天' },
      { row: 6, column: '周界报警24小时布防', message: '未安装周界入侵报警系统时不能设防' },
    ]);
    expect(await countOf(securityProfiles)).toBe(before);
  });
});
