// Staff entry checks through the API (issue 15 item 7; 001 第11条: 准入查询, outsourced guards, drivers
// and cleaners included): the result is clear / not clear / pending with its day, nothing more;
// nobody on post without a clear check, else the rule is missed naming the person; bad input names the field.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffImportColumns } from '../../contracts/imports.js';
import { SCHOOL_NOT_FOUND } from '../../domain/ledger-import-rows.js';
import { runImport, xlsx } from '../imports/testing.js';
import { buildSchool, buildTree, findingOf, ok, refused, startWithTree, ledgerPeople, xlsxColumn, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let c: Record<'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher', Client>;

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree('2026-05-10', ledgerPeople));
});
afterAll(() => t.close());

describe('staff entry checks (001 第11条)', () => {
  it('an outsourced guard without a check is missed; pending still missed; clear meets it', async () => {
    const teacher = await ok(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '钱老师', posts: [{ post: 'teacher' }], entryCheckOn: '2026-03-01', entryCheckResult: 'clear' }), 201);
    expect(teacher).toMatchObject({ outsourcedKind: null, entryCheckResult: 'clear', entryCheckOn: '2026-03-01' });
    const guard = await ok(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '孙保安', posts: [{ post: 'guard' }], outsourcedKind: 'guard', employer: '平安保安服务公司' }), 201);
    const f0 = await findingOf(c.officerB1, tree.schoolB1.id, 'staff.entry_check');
    expect(f0).toMatchObject({ status: 'missed', value: 1, target: 2, ledger: 'staff_checks' });
    expect(f0.explanation).toContain('未查询：孙保安');
    expect(f0.explanation).toContain('001 第11条');
    const pending = await ok(c.officerB1.patch(`/api/v1/staff/${guard.id}`, { version: 1, entryCheckOn: '2026-05-09', entryCheckResult: 'pending' }));
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'staff.entry_check')).explanation).toContain('查询结果未回：孙保安');
    await ok(c.officerB1.patch(`/api/v1/staff/${guard.id}`, { version: pending.version, entryCheckResult: 'clear' }));
    expect((await findingOf(c.officerB1, tree.schoolB1.id, 'staff.entry_check')).status).toBe('met');
  });

  it('refuses a result without its day, a day without a result, a future day, an unknown result — naming the field', async () => {
    const base = { schoolId: tree.schoolB1.id, name: '周保洁', posts: [{ post: 'teacher' }], outsourcedKind: 'cleaner' };
    expect((await refused(c.officerB1.post('/api/v1/staff', { ...base, entryCheckResult: 'clear' }))).details[0].field).toBe('entryCheckOn');
    expect((await refused(c.officerB1.post('/api/v1/staff', { ...base, entryCheckOn: '2026-05-01' }))).details[0].field).toBe('entryCheckResult');
    expect((await refused(c.officerB1.post('/api/v1/staff', { ...base, entryCheckOn: '2026-05-11', entryCheckResult: 'clear' }))).message).toBe('准入查询日期：不能晚于今天');
    expect((await refused(c.officerB1.post('/api/v1/staff', { ...base, entryCheckOn: '2026-05-01', entryCheckResult: 'ok' }))).message).toContain('准入查询结果');
  });

  it('lists and exports by kind of person and by entry check (准入查询), in scope', async () => {
    const school = tree.schoolA1.id;
    const mk = (name: string, extra: object) => ok(c.officerA1.post('/api/v1/staff', { schoolId: school, name, posts: [{ post: 'teacher' }], ...extra }), 201);
    await mk('甲老师', { entryCheckOn: '2026-04-01', entryCheckResult: 'clear' });
    await mk('乙司机', { outsourcedKind: 'driver', employer: '顺达客运公司', entryCheckOn: '2026-05-02', entryCheckResult: 'pending' });
    await mk('丙保洁', { outsourcedKind: 'cleaner' });
    const names = async (q: string) => ((await ok(c.officerA1.get(`/api/v1/staff?schoolId=${school}&${q}`))).items as Array<{ name: string }>).map((x) => x.name).sort();
    expect(await names('entryCheck=none')).toEqual(['丙保洁']);
    expect(await names('entryCheck=pending')).toEqual(['乙司机']);
    expect(await names('entryCheck=clear')).toEqual(['甲老师']);
    expect(await names('entryCheck=not_clear')).toEqual([]);
    expect(await names('outsourcedKind=own')).toEqual(['甲老师']);
    expect(await names('outsourcedKind=driver')).toEqual(['乙司机']);
    expect((await refused(c.officerA1.get(`/api/v1/staff?entryCheck=done`))).details[0].field).toBe('entryCheck');
    // The bureau across the district by stage (issue 15 Oversight): schoolA2 is a kindergarten.
    await ok(c.kg.post('/api/v1/staff', { schoolId: tree.schoolA2.id, name: '丁保育员', posts: [{ post: 'teacher' }] }), 201);
    const stageNames = async (stage: string) => ((await ok(c.bureau.get(`/api/v1/staff?stage=${stage}&pageSize=100`))).items as Array<{ name: string }>).map((x) => x.name);
    expect(await stageNames('kindergarten')).toEqual(['丁保育员']);
    expect(await stageNames('primary')).not.toContain('丁保育员');
    expect((await refused(c.bureau.get(`/api/v1/staff?stage=college`))).details[0].field).toBe('stage');
    // Another school's officer does not see them under any filter.
    expect((await ok(c.officerB1.get(`/api/v1/staff?entryCheck=none&outsourcedKind=cleaner`))).items.map((x: { name: string }) => x.name)).not.toContain('丙保洁');
    const xlsx = (await c.officerA1.get(`/api/v1/staff/export?schoolId=${school}&outsourcedKind=driver`)) as unknown as { rawPayload: Buffer };
    expect(await xlsxColumn(xlsx.rawPayload, '准入查询结果')).toEqual(['查询中']);
    expect(await xlsxColumn(xlsx.rawPayload, '人员类别')).toEqual(['外包校车司机']);
    expect(await xlsxColumn(xlsx.rawPayload, '外包单位')).toEqual(['顺达客运公司']);
  });

  it("an outsourced driver or cleaner may hold no post; the school's own staff may not", async () => {
    const cleaner = await ok(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '吴保洁', posts: [], outsourcedKind: 'cleaner', entryCheckOn: '2026-05-01', entryCheckResult: 'clear' }), 201);
    expect(cleaner.posts).toEqual([]);
    expect((await refused(c.officerB1.post('/api/v1/staff', { schoolId: tree.schoolB1.id, name: '郑老师', posts: [] }))).details[0]).toMatchObject({ field: 'posts', message: '请至少填写一个岗位' });
    // Made one of the school's own staff, the cleaner would need a post.
    expect((await refused(c.officerB1.patch(`/api/v1/staff/${cleaner.id}`, { version: cleaner.version, outsourcedKind: null }))).details[0].field).toBe('posts');
  });
});

/** The rows of an export's first sheet, each a record by header. */
async function sheetRows(body: Buffer): Promise<Array<Record<string, string>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Array<Record<string, string>> = [];
  sheet.eachRow((row, n) => {
    if (n > 1) out.push(Object.fromEntries(headers.map((h, i) => [h, String(row.getCell(i + 1).value ?? '')])));
  });
  return out;
}

describe('staff import with outsourced staff and entry checks (001 第11条)', () => {
  it('imports what the export gives: export → import into a fresh school → the same rows', async () => {
    const from = await buildSchool(t.database.db, tree.townA, { name: '准入导出小学' });
    const to = await buildSchool(t.database.db, tree.townA, { name: '准入导入小学' });
    const mk = (name: string, extra: object) => ok(c.townA.post('/api/v1/staff', { schoolId: from.id, name, posts: [{ post: 'teacher' }], ...extra }), 201);
    await mk('赵老师', { posts: [{ post: 'head_teacher', since: '2024-09-01' }, { post: 'teacher' }], entryCheckOn: '2024-08-20', entryCheckResult: 'clear' });
    await mk('钱保安', { posts: [{ post: 'guard', since: '2025-03-01' }], outsourcedKind: 'guard', employer: '平安保安服务公司', entryCheckOn: '2025-02-20', entryCheckResult: 'not_clear' });
    await mk('孙司机', { posts: [], outsourcedKind: 'driver', employer: '顺达客运公司', entryCheckOn: '2026-05-08', entryCheckResult: 'pending' });
    await mk('李保洁', { posts: [], outsourcedKind: 'cleaner', employer: '洁美保洁公司' });
    const left = await mk('周老师', {});
    await ok(c.townA.patch(`/api/v1/staff/${left.id}`, { version: left.version, leftOn: '2026-01-31' }));

    const exported = (await c.townA.get(`/api/v1/staff/export?schoolId=${from.id}&all=true`)) as unknown as { statusCode: number; rawPayload: Buffer };
    expect(exported.statusCode).toBe(200);
    const rows = await sheetRows(exported.rawPayload);
    expect(rows).toHaveLength(5);
    const moved: Array<Record<string, string>> = rows.map((r) => ({ ...r, 学校: to.name }));
    const headers = Object.keys(rows[0]);
    const job = await runImport(c.townA, { kind: 'staff' }, { name: '教职工岗位.xlsx', data: await xlsx(headers, moved.map((r) => headers.map((h) => r[h] || null))) });
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({ status: 'done', createdCount: 5 });

    const again = await sheetRows(((await c.townA.get(`/api/v1/staff/export?schoolId=${to.id}&all=true`)) as unknown as { rawPayload: Buffer }).rawPayload);
    const byName = (list: Array<Record<string, string>>) => [...list].sort((a, b) => a['姓名'].localeCompare(b['姓名']));
    expect(byName(again)).toEqual(byName(moved));
    // The import writes what the form writes: the entry check and the employer read back through the API.
    const driver = (await ok(c.townA.get(`/api/v1/staff?schoolId=${to.id}&outsourcedKind=driver`))).items[0];
    expect(driver).toMatchObject({ name: '孙司机', posts: [], employer: '顺达客运公司', entryCheckOn: '2026-05-08', entryCheckResult: 'pending' });
  });

  it('writes nothing with a result word not in the list, a day in the future, a result without its day, an unknown kind of person, another school', async () => {
    const row = (v: Record<string, unknown>) => {
      const cells: Record<string, unknown> = { 学校: tree.schoolA1.name, 姓名: '王保安', 人员类别: '外包保安', ...v };
      return staffImportColumns.map((h) => cells[h] ?? null);
    };
    const job = await runImport(c.officerA1, { kind: 'staff' }, {
      name: '教职工.xlsx',
      data: await xlsx(staffImportColumns, [
        row({ 姓名: '合格保安', 准入查询日期: '2026-05-01', 准入查询结果: '无违法犯罪记录' }),
        row({ 姓名: '甲', 准入查询日期: '2026-05-01', 准入查询结果: '通过' }),
        row({ 姓名: '乙', 准入查询日期: '2026-05-11', 准入查询结果: '查询中' }),
        row({ 姓名: '丙', 准入查询结果: '有记录' }),
        row({ 姓名: '丁', 人员类别: '外包厨师' }),
        row({ 姓名: '戊', 人员类别: '本校教职工' }),
        row({ 学校: tree.schoolB1.name, 姓名: '己' }),
      ]),
    });
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([
      { row: 3, column: '准入查询结果', message: '准入查询结果只能是：无违法犯罪记录、有记录、查询中、未查询' },
      { row: 4, column: '准入查询日期', message: '不能晚于今天' },
      { row: 5, column: '准入查询日期', message: '填写了查询结果，请同时填写查询日期' },
      { row: 6, column: '人员类别', message: '人员类别只能是：本校教职工、外包保安、外包校车司机、外包保洁、其他外包人员' },
      { row: 7, column: '岗位及任职日期', message: '请填写岗位' },
      { row: 8, column: '学校', message: SCHOOL_NOT_FOUND },
    ]);
    expect((await ok(c.officerA1.get(`/api/v1/staff?schoolId=${tree.schoolA1.id}&q=合格保安`))).total).toBe(0);
  });
});
