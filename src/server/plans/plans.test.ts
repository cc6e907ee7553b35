// The year's work plan through the API (issue 14) on the demo district: seed 000's task table
// (41 tasks) imports in its own form and every unit word resolves; export gives the form back;
// bad rows are named by row and column and nothing is written; publishing sends the tasks to
// their units; a school reports on its own task (another school's is 404, stale 409); the
// matrix, its filters and export; completion for the assessment; copy last year's plan;
// summaries with deadlines; leaders' patches and their visits.
import ExcelJS from 'exceljs';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../auth/demo-accounts.js';
import { auditEvents, inspections, planTasks, planTaskUnits, units } from '../db/schema.js';
import { loadDemoDistrict } from '../demo/district.js';
import { DEMO_PLAN_SHORT, loadDemoPlans } from '../demo/plans.js';
import { login, ok, refused, type Client } from '../test/factories.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { taskCompletion } from './completion.js';
import { seedTableXlsx, seedTasks } from './seed-000-table.js';

let t: TestContext;
let districtId: number;
let c: Record<'bureau' | 'leader' | 'dept' | 'town' | 'school' | 'kg', Client>;
const TODAY = '2024-05-10';
let planId: number;
const unitId = async (name: string) => (await t.database.db.select({ id: units.id }).from(units).where(and(eq(units.name, name), eq(units.districtId, districtId))))[0].id;

beforeAll(async () => {
  t = await startTestApp();
  t.now.value = new Date(`${TODAY}T02:00:00Z`);
  ({ districtId } = await loadDemoDistrict(t.database.db));
  const who = { bureau: 'demo.bureau', leader: 'demo.leader', dept: 'demo.dept', town: 'demo.town', school: 'demo.school', kg: 'demo.kg' } as const;
  c = Object.fromEntries(await Promise.all(Object.entries(who).map(async ([k, u]) => [k, await login(t.app, u, DEMO_PASSWORD)]))) as typeof c;
});
afterAll(() => t.close());

const importFile = (client: Client, id: number, data: Buffer) => client.upload(`/api/v1/plans/${id}/import`, { name: '任务分解表.xlsx', bytes: data });

async function sheetOf(rows: unknown[][], merges: Array<[number, number, number, number]> = []) {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('任务分解表');
  for (const r of rows) s.addRow(r);
  for (const m of merges) s.mergeCells(...m);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the task table of seed 000', () => {
  it('imports the seed table in its own form: 41 tasks, every unit word resolved in the demo district', async () => {
    const plan = await ok(c.bureau.post('/api/v1/plans', { year: 2024, title: '2024年示范区教育系统安全工作要点', points: '一、压实主体责任，健全校园安全工作机制……' }), 201);
    planId = plan.id;
    expect(plan).toMatchObject({ status: 'draft', taskCount: 0, canManage: true });
    // A draft is the bureau's own.
    await refused(c.school.get(`/api/v1/plans/${planId}`), 404);

    const res = await ok(importFile(c.bureau, planId, await seedTableXlsx()));
    expect(res.imported).toBe(41);
    const tasks = (await ok(c.bureau.get(`/api/v1/plans/${planId}/tasks`))).items;
    expect(tasks).toHaveLength(41);
    const perQuarter = [1, 2, 3, 4].map((q) => tasks.filter((x: any) => x.quarter === q).length);
    expect(perQuarter).toEqual([12, 9, 11, 9]); // 000: 12 tasks in Q1, 9 in Q2, 11 in Q3, 9 in Q4
    const seed = seedTasks();
    expect(tasks.find((x: any) => x.seq === 34)).toMatchObject({ quarter: 4, text: '开展 11.9 全国消防日主题教育活动', unitWords: seed[33].units });
    expect(tasks.find((x: any) => x.seq === 33).quarter).toBe(4); // the cell the page break cut into 第 / 四季度
    expect(tasks.find((x: any) => x.seq === 1)).toMatchObject({ text: '做好学校元旦、春节放假期间安全维稳工作', leadUnitName: '局安办' });

    const r = await ok(c.bureau.get(`/api/v1/plans/${planId}/resolution`));
    expect(r.unresolved).toEqual([]);
    const words = new Map<string, any>(r.tasks.flatMap((x: any) => x.words.map((w: any) => [w.word, w])));
    expect(words.get('基教科(信息化科)')).toMatchObject({ how: 'name', unitNames: ['基教科'] }); // 000 task 31
    expect(words.get('考试中心')).toMatchObject({ how: 'name', unitCount: 1 }); // 000 task 18
    expect(words.get('中小幼')).toMatchObject({ how: 'group', groupLabel: '中小学和幼儿园' });
    const [{ n: schools }] = await t.database.db.select({ n: count() }).from(units).where(and(eq(units.districtId, districtId), eq(units.kind, 'school')));
    expect(words.get('全系统基层单位').unitCount).toBe(schools); // 000 task 40
    // 中小幼 and 其他单位 together are every school (000 tasks 1, 9, 10).
    expect(words.get('中小幼').unitCount + words.get('其他单位').unitCount).toBe(schools);
    expect(words.get('使用校车学校').unitCount).toBeGreaterThan(0);
  });

  it('exports the table in the same form, which imports again unchanged', async () => {
    const res = await c.bureau.get(`/api/v1/plans/${planId}/export`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const s = wb.worksheets[0];
    expect(s.getRow(2).values).toEqual([undefined, '序号', '季度', '工作任务', '责任部门/单位']);
    expect(s.getRow(3).values).toEqual([undefined, 1, '第一季度', '(1) 做好学校元旦、春节放假期间安全维稳工作', '局安办、中小幼、其他单位']);
    const before = (await ok(c.bureau.get(`/api/v1/plans/${planId}/tasks`))).items.map((x: any) => [x.seq, x.quarter, x.text, x.unitWords]);
    await ok(importFile(c.bureau, planId, res.rawPayload));
    const after = (await ok(c.bureau.get(`/api/v1/plans/${planId}/tasks`))).items.map((x: any) => [x.seq, x.quarter, x.text, x.unitWords]);
    expect(after).toEqual(before);
  });

  it('refuses a row without a quarter and units that name nothing, by row and column, and writes nothing', async () => {
    const head = ['序号', '季度', '工作任务', '责任部门/单位'];
    const [tasks0, audits0] = [(await t.database.db.select({ n: count() }).from(planTasks))[0].n, (await t.database.db.select({ n: count() }).from(auditEvents))[0].n];
    const noQuarter = await sheetOf([['任务分解表'], head, [1, '第一季度', '(1) 签订责任书', '局安办、中小幼'], [2, null, '(2) 开学检查', '督导安全中心']]);
    const e1 = await refused(importFile(c.bureau, planId, noQuarter));
    expect(e1.code).toBe('IMPORT_ROWS');
    expect(e1.details).toEqual([{ row: 4, column: '季度', message: '请填写季度' }]);
    expect(e1.message).toBe('第 4 行“季度”：请填写季度');
    const unknown = await sheetOf([head, [1, '第二季度', '检查', '德育处、中小幼'], [2, '第五季度', '检查', '局安办']]);
    const e2 = await refused(importFile(c.bureau, planId, unknown));
    expect(e2.details).toEqual([
      { row: 2, column: '责任部门/单位', message: '“德育处”不是本区的科室、单位或单位类别', word: '德育处' },
      { row: 3, column: '季度', message: '“第五季度”不是季度（可填第一季度…第四季度或月份）' },
    ]);
    const noHeader = await sheetOf([['任务', '单位']]);
    expect((await refused(importFile(c.bureau, planId, noHeader))).message).toContain('没有找到任务分解表的表头');
    expect((await refused(importFile(c.bureau, planId, Buffer.from('not a workbook')))).code).toBe('IMPORT_FILE');
    await refused(importFile(c.school, planId, noQuarter), 403);
    expect([(await t.database.db.select({ n: count() }).from(planTasks))[0].n, (await t.database.db.select({ n: count() }).from(auditEvents))[0].n]).toEqual([tasks0, audits0]);

    // Entered in the app: an unknown word is refused naming the field until the bureau answers it.
    const e3 = await refused(c.bureau.post(`/api/v1/plans/${planId}/tasks`, { quarter: 2, text: '迎接市级督导检查', unitWords: '督导室、中小学' }));
    expect(e3.details[0]).toMatchObject({ field: 'unitWords', words: ['督导室'] });
    const plan = await ok(c.bureau.get(`/api/v1/plans/${planId}`));
    const centre = await unitId('督导安全中心');
    await refused(c.bureau.patch(`/api/v1/plans/${planId}`, { version: plan.version, answers: { 督导室: [999999] } }));
    const answered = await ok(c.bureau.patch(`/api/v1/plans/${planId}`, { version: plan.version, answers: { 督导室: [centre] } }));
    expect((await refused(c.bureau.patch(`/api/v1/plans/${planId}`, { version: plan.version, title: 'x' }), 409)).code).toBe('STALE_VERSION');
    const created = await ok(c.bureau.post(`/api/v1/plans/${planId}/tasks`, { quarter: 2, text: '迎接市级督导检查', unitWords: '督导室、中小学' }), 201);
    const task = (await ok(c.bureau.get(`/api/v1/plans/${planId}/tasks`))).items.find((x: any) => x.id === created.id);
    expect(task).toMatchObject({ seq: 42, leadUnitName: '督导安全中心' });
    await ok(c.bureau.request('DELETE', `/api/v1/plan-tasks/${created.id}?version=1`));
    expect(answered.answers).toEqual({ 督导室: [centre] });
  });
});

describe('publishing, progress and the matrix', () => {
  let taskUnitId: number;
  let fileId: number;

  it('publishes: each unit sees its tasks of the quarter and the earlier ones not done', async () => {
    const plan = await ok(c.bureau.get(`/api/v1/plans/${planId}`));
    const published = await ok(c.bureau.post(`/api/v1/plans/${planId}/publish`, { version: plan.version }));
    expect(published.status).toBe('published');
    expect((await refused(c.bureau.post(`/api/v1/plans/${planId}/publish`, { version: published.version }), 409)).code).toBe('PLAN_PUBLISHED');
    const tasks = (await ok(c.bureau.get(`/api/v1/plans/${planId}/tasks`))).items;
    expect((await refused(c.bureau.patch(`/api/v1/plan-tasks/${tasks[0].id}`, { version: tasks[0].version, text: '改' }), 409)).code).toBe('PLAN_PUBLISHED');

    // 示范区实验小学 is a primary school: 中小幼, 中小学, 小学, 各基层单位 … name it.
    const mine = await ok(c.school.get('/api/v1/plans/mine'));
    expect(mine).toMatchObject({ year: 2024, quarter: 2, planId });
    const seqs = mine.items.map((x: any) => x.seq);
    expect(seqs).toEqual([1, 2, 5, 6, 9, 10, 12, 13, 15, 17, 19, 20, 21]); // Q1 not done (overdue) and Q2
    expect(mine.items.filter((x: any) => x.overdue).map((x: any) => x.seq)).toEqual([1, 2, 5, 6, 9, 10, 12]);
    expect(mine.items.find((x: any) => x.seq === 13)).toMatchObject({ dueOn: '2024-06-30', status: 'not_started', canReport: true, overdue: false });
    // 局安办 leads task 13 (局安办、中小幼): the leading list counts its co-units.
    taskUnitId = mine.items.find((x: any) => x.seq === 13).id;
  });

  it('a school reports its own task done with a file; another school 404; stale 409', async () => {
    const up = await ok(c.school.upload('/api/v1/files', { name: '检查记录.pdf', bytes: Buffer.from('%PDF-1.4\n%test\n'), type: 'application/pdf' }), 201);
    fileId = up.id;
    const done = await ok(c.school.post(`/api/v1/plan-task-units/${taskUnitId}/report`, { version: 1, status: 'done', note: '已完成春季传染病防控检查，整改 2 处', fileIds: [fileId] }));
    expect(done).toMatchObject({ status: 'done', version: 2, reportedByName: '周安全', files: [{ id: fileId, name: '检查记录.pdf' }] });
    expect((await refused(c.school.post(`/api/v1/plan-task-units/${taskUnitId}/report`, { version: 1, status: 'in_progress' }), 409)).code).toBe('STALE_VERSION');
    await refused(c.kg.post(`/api/v1/plan-task-units/${taskUnitId}/report`, { version: 2, status: 'in_progress' }), 404);
    await refused(c.school.post(`/api/v1/plan-task-units/${taskUnitId}/report`, { version: 2, status: 'finished' }));
    // A town officer sees its schools' reports but reports only for its own unit.
    await refused(c.town.post(`/api/v1/plan-task-units/${taskUnitId}/report`, { version: 2, status: 'in_progress' }), 404);
    // The kindergarten sees only its own row of the task; the lead department sees every unit.
    const taskId = done.taskId;
    const kgRows = (await ok(c.kg.get(`/api/v1/plan-tasks/${taskId}/units`))).items;
    expect(kgRows.map((x: any) => x.unitName)).toEqual(['示范区第一幼儿园']);
    const leadRows = (await ok(c.bureau.get(`/api/v1/plan-tasks/${taskId}/units`))).items;
    expect(leadRows[0]).toMatchObject({ unitName: '局安办', lead: true });
    expect(leadRows.find((x: any) => x.unitName === '示范区实验小学')).toMatchObject({ status: 'done', note: '已完成春季传染病防控检查，整改 2 处' });
    const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'plan_task_unit'), eq(auditEvents.objectId, String(taskUnitId))));
    expect(events.map((e) => e.action)).toEqual(['update']);
  });

  it('the matrix: status colours per cell, filters by quarter, unit, town and status, export', async () => {
    const school = await unitId('示范区实验小学');
    const q2done = await ok(c.bureau.get(`/api/v1/plans/${planId}/matrix?quarter=2&status=done`));
    expect(q2done.total).toBe(1);
    expect(q2done.units[0]).toMatchObject({ unitId: school, name: '示范区实验小学', due: 0, done: 0 });
    expect(q2done.tasks.map((x: any) => x.seq)).toEqual([13, 14, 15, 16, 17, 18, 19, 20, 21]);
    const task13 = q2done.tasks[0].id;
    expect(q2done.units[0].cells[task13]).toBe('done');
    const q1 = await ok(c.bureau.get(`/api/v1/plans/${planId}/matrix?quarter=1&unitId=${school}`));
    expect(q1.units[0]).toMatchObject({ due: 7, done: 0, overdue: 7, total: 7 });
    expect(Object.values(q1.units[0].cells)).toEqual(Array(7).fill('overdue'));
    // Departments come first.
    const all = await ok(c.bureau.get(`/api/v1/plans/${planId}/matrix?pageSize=5`));
    expect(all.units[0].kind).toBe('department');
    const town = await unitId('东湖街道');
    const inTown = await ok(c.bureau.get(`/api/v1/plans/${planId}/matrix?townId=${town}&pageSize=100`));
    expect(inTown.units.length).toBe(8);
    // A school sees only its own unit.
    const own = await ok(c.school.get(`/api/v1/plans/${planId}/matrix`));
    expect(own.units.map((u: any) => u.unitId)).toEqual([school]);
    const x = await c.bureau.get(`/api/v1/plans/${planId}/matrix/export?quarter=2&status=done`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(2).getCell(1).value).toBe('示范区实验小学');
    expect(wb.worksheets[0].getRow(2).getCell(5).value).toBe('已完成');
  });

  it('completion for the assessment: due by today, done, overdue per unit', async () => {
    const school = await unitId('示范区实验小学');
    const now = await taskCompletion(t.database.db, districtId, 2024, [school], TODAY);
    expect(now.get(school)).toMatchObject({ due: 7, done: 0, overdue: 7 });
    const july = await taskCompletion(t.database.db, districtId, 2024, [school], '2024-07-01');
    expect(july.get(school)).toMatchObject({ due: 13, done: 1, overdue: 12 });
    expect(july.get(school)!.taskIds).toHaveLength(13);
    expect((await taskCompletion(t.database.db, districtId, 2024, undefined, '2024-03-31')).size).toBe(0);
    expect((await taskCompletion(t.database.db, districtId, 2025, undefined, '2026-01-01')).size).toBe(0);
    const rows = await t.database.db.select({ n: count() }).from(planTaskUnits).where(eq(planTaskUnits.planId, planId));
    const whole = await taskCompletion(t.database.db, districtId, 2024, undefined, '2025-01-01');
    expect([...whole.values()].reduce((s, v) => s + v.due, 0)).toBe(rows[0].n);
  });

  it('copies last year plan as a start for the next', async () => {
    const next = await ok(c.bureau.post('/api/v1/plans', { year: 2025, title: '2025年示范区教育系统安全工作要点', copyFromYear: 2024 }), 201);
    expect(next).toMatchObject({ status: 'draft', taskCount: 41, points: '一、压实主体责任，健全校园安全工作机制……' });
    expect((await refused(c.bureau.post('/api/v1/plans', { year: 2025, title: '重复' }), 409)).code).toBe('PLAN_EXISTS');
    expect((await refused(c.bureau.post('/api/v1/plans', { year: 2026, title: '无源', copyFromYear: 2019 }))).details[0].field).toBe('copyFromYear');
  });
});

describe('summaries and leaders patches', () => {
  it('collects a quarterly summary from the units with a deadline', async () => {
    const s = await ok(c.bureau.post(`/api/v1/plans/${planId}/summaries`, { kind: 'half', title: '上半年安全工作总结', dueOn: '2024-06-30', unitWords: '各基层单位' }), 201);
    const mine = await ok(c.school.get('/api/v1/plans/mine'));
    const owed = mine.summaries.find((x: any) => x.id === s.id);
    expect(owed).toMatchObject({ status: 'pending', late: false });
    await refused(c.kg.post(`/api/v1/plan-summary-returns/${owed.returnId}/submit`, { version: 1, text: '总结' }), 404);
    await ok(c.school.post(`/api/v1/plan-summary-returns/${owed.returnId}/submit`, { version: 1, text: '上半年开展检查 12 次，整改隐患 8 处。' }));
    const list = (await ok(c.bureau.get(`/api/v1/plans/${planId}/summaries`))).items.find((x: any) => x.id === s.id);
    expect(list).toMatchObject({ submitted: 1, late: 0 });
    t.now.value = new Date('2024-07-02T02:00:00Z');
    const later = (await ok(c.bureau.get(`/api/v1/plans/${planId}/summaries`))).items.find((x: any) => x.id === s.id);
    expect(later.late).toBe(later.units - 1);
    t.now.value = new Date(`${TODAY}T02:00:00Z`);
    expect((await refused(c.bureau.post(`/api/v1/plans/${planId}/summaries`, { kind: 'quarter', title: 'x', dueOn: '2024-03-31', unitWords: '德育处' }))).details[0].field).toBe('unitWords');
  });

  it('a leader and a department hold patches; their home shows the schools; visits recorded, one starting a spot check', async () => {
    const [a, b] = [await unitId('示范区实验小学'), await unitId('南山中学')];
    const leaderId = (await ok(c.leader.get('/api/v1/auth/me'))).user?.id ?? (await ok(c.leader.get('/api/v1/auth/me'))).id;
    const p1 = await ok(c.bureau.post('/api/v1/patches', { year: 2024, holderUserId: leaderId, schoolIds: [a, b] }), 201);
    expect(p1.holderName).toBe('钱正明');
    expect(p1.schools.map((s: any) => s.name).sort()).toEqual(['南山中学', '示范区实验小学'].sort());
    const dept = await unitId('安全管理中心');
    const p2 = await ok(c.bureau.post('/api/v1/patches', { year: 2024, holderUnitId: dept, schoolIds: [b] }), 201);
    expect((await refused(c.bureau.post('/api/v1/patches', { year: 2024, holderUnitId: dept, schoolIds: [a] }), 409)).code).toBe('PATCH_EXISTS');
    await refused(c.bureau.post('/api/v1/patches', { year: 2024, holderUnitId: dept, holderUserId: leaderId, schoolIds: [a] }));
    await refused(c.school.post('/api/v1/patches', { year: 2024, holderUnitId: dept, schoolIds: [a] }), 403);

    expect((await ok(c.leader.get('/api/v1/patches/mine'))).items.map((p: any) => p.id)).toEqual([p1.id]);
    expect((await ok(c.dept.get('/api/v1/patches/mine'))).items.map((p: any) => p.id)).toEqual([p2.id]);
    const v1 = await ok(c.leader.post(`/api/v1/patches/${p1.id}/visits`, { schoolId: a, visitedOn: '2024-05-09', note: '查看校门安保与食堂' }), 201);
    expect(v1.inspectionId).toBeNull();
    await refused(c.dept.post(`/api/v1/patches/${p1.id}/visits`, { schoolId: a, visitedOn: '2024-05-09', note: 'x' }), 404);
    expect((await refused(c.dept.post(`/api/v1/patches/${p2.id}/visits`, { schoolId: a, visitedOn: '2024-05-09', note: 'x' }))).details[0].field).toBe('schoolId');
    expect((await refused(c.dept.post(`/api/v1/patches/${p2.id}/visits`, { schoolId: b, visitedOn: '2024-05-11', note: 'x' }))).details[0].field).toBe('visitedOn');
    const v2 = await ok(c.dept.post(`/api/v1/patches/${p2.id}/visits`, { schoolId: b, visitedOn: TODAY, note: '走访并发起消防抽查', startInspection: true }), 201);
    const [insp] = await t.database.db.select().from(inspections).where(eq(inspections.id, v2.inspectionId));
    expect(insp).toMatchObject({ kind: 'spot_check' });
    // A leader's visit starts a spot check too, with the leader as its inspector (领导带队检查).
    const v3 = await ok(c.leader.post(`/api/v1/patches/${p1.id}/visits`, { schoolId: b, visitedOn: TODAY, note: '带队抽查', startInspection: true }), 201);
    expect((await ok(c.leader.get(`/api/v1/inspections/${v3.inspectionId}`))).kind).toBe('spot_check');
    const mine = (await ok(c.leader.get('/api/v1/patches/mine'))).items[0];
    expect(mine.schools.find((s: any) => s.id === a)).toMatchObject({ visits: 1, lastVisitOn: '2024-05-09' });
    expect((await ok(c.leader.get(`/api/v1/patches/${p1.id}/visits`))).items).toHaveLength(2);
    const moved = await ok(c.bureau.patch(`/api/v1/patches/${p2.id}`, { version: 1, schoolIds: [a, b] }));
    expect(moved.schools).toHaveLength(2);
    expect((await refused(c.bureau.patch(`/api/v1/patches/${p2.id}`, { version: 1, schoolIds: [a] }), 409)).code).toBe('STALE_VERSION');
  });
});

describe('the demo plan', () => {
  it('loads a published plan of the year with progress: past quarters done but for a few schools, a summary with late units', async () => {
    await loadDemoPlans(t.database.db, districtId, new Date('2023-08-20T02:00:00Z'));
    const plan = (await ok(c.bureau.get('/api/v1/plans'))).items.find((p: any) => p.year === 2023);
    expect(plan).toMatchObject({ status: 'published', taskCount: 41 });
    t.now.value = new Date('2023-08-20T02:00:00Z');
    try {
      const overdue = await ok(c.bureau.get(`/api/v1/plans/${plan.id}/matrix?status=overdue&pageSize=100`));
      expect(overdue.units.map((u: any) => u.name).sort()).toEqual([...DEMO_PLAN_SHORT].sort());
      const summaries = (await ok(c.bureau.get(`/api/v1/plans/${plan.id}/summaries`))).items;
      const rets = (await ok(c.bureau.get(`/api/v1/plan-summaries/${summaries[0].id}/returns`))).items;
      expect(rets.filter((r: any) => r.late)).toHaveLength(3);
      expect(summaries[0]).toMatchObject({ title: '上半年安全工作总结', late: 3 });
      const leader = (await ok(c.leader.get('/api/v1/patches/mine?year=2023'))).items[0];
      expect(leader.schools).toHaveLength(4);
      expect(leader.schools.filter((s: any) => s.visits > 0)).toHaveLength(2);
    } finally {
      t.now.value = new Date(`${TODAY}T02:00:00Z`);
    }
  });
});
