import { and, eq, like, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitImportColumns, userImportColumns, type ImportJob } from '../../contracts/imports.js';
import { auditEvents, importJobs, units, users } from '../db/schema.js';
import { startTestApp, type TestContext } from '../test/harness.js';
import { buildTree, buildUser, login, type Client } from '../test/factories.js';
import { failInterruptedImports } from './imports.service.js';
import { runImport, upload, waitForJob, xlsx } from './testing.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  tree = await buildTree(t.database.db);
  const a = await buildUser(t.database.db, tree.bureau, ['bureau_admin']);
  admin = await login(t.app, a.username);
});
afterAll(() => t.close());

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

/** A unit row in template column order. */
function unitRow(v: Partial<Record<(typeof unitImportColumns)[number], unknown>>): unknown[] {
  return unitImportColumns.map((c) => v[c] ?? null);
}
const schoolRow = (name: string, parent: string, v: Partial<Record<(typeof unitImportColumns)[number], unknown>> = {}) =>
  unitRow({ 单位名称: name, 单位类型: '学校/机构', 上级单位: parent, 学段: '小学', 办学性质: '公办', 校门数: 2, 学生数: 500, ...v });
const personRow = (username: string, unit: string, roles = '教师', v: Partial<Record<(typeof userImportColumns)[number], unknown>> = {}) =>
  userImportColumns.map((c) => ({ 用户名: username, 姓名: `测试${username}`, 联系电话: null, 所属单位: unit, 角色: roles, ...v })[c] ?? null);

const unitsFile = async (rows: unknown[][]) => ({ name: '单位导入.xlsx', data: await xlsx(unitImportColumns, rows, '单位') });
const usersFile = async (rows: unknown[][]) => ({ name: 'people.xlsx', data: await xlsx(userImportColumns, rows, '人员') });

async function unitNamed(name: string) {
  const [u] = await t.database.db.select().from(units).where(eq(units.name, name));
  return u;
}

describe('template', () => {
  it('downloads the units template with Chinese headers, notes, an example row and a 说明 sheet', async () => {
    const res = await admin.get('/api/v1/imports/template?kind=units');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('单位导入模板.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('单位')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...unitImportColumns]);
    expect(String(sheet.getCell('E1').note ? JSON.stringify(sheet.getCell('E1').note) : '')).toContain('九年一贯制');
    expect(sheet.getCell('B2').value).toBe('学校/机构');
    const notes = wb.getWorksheet('说明')!;
    const text = JSON.stringify(notes.getSheetValues());
    for (const s of ['幼儿园', '十二年一贯制', '校外机构', '公办', '民办', '科室/中心', '镇街', '消防安全与危化品']) expect(text).toContain(s);
  });

  it('downloads the people template with the roles and their unit kinds', async () => {
    const res = await admin.get('/api/v1/imports/template?kind=users');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect((wb.getWorksheet('人员')!.getRow(1).values as unknown[]).slice(1)).toEqual([...userImportColumns]);
    const text = JSON.stringify(wb.getWorksheet('说明')!.getSheetValues());
    expect(text).toContain('局领导、局安全管理员');
    expect(text).toContain('校长（学校/机构）');
  });

  it('refuses an unknown kind', async () => {
    const res = await admin.get('/api/v1/imports/template?kind=schools');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('导入类型');
  });
});

describe('access', () => {
  it('refuses units and people to those without import.run', async () => {
    for (const [unit, role] of [
      [tree.townA, 'town_officer'],
      [tree.schoolA1, 'principal'],
    ] as const) {
      const u = await buildUser(t.database.db, unit, [role]);
      const c = await login(t.app, u.username);
      expect((await c.get('/api/v1/imports/template?kind=units')).statusCode).toBe(403);
      expect((await c.get('/api/v1/imports/template?kind=users')).statusCode).toBe(403);
      // They import the school ledgers (ledger.write), so they see their own imports.
      expect((await c.get('/api/v1/imports')).statusCode).toBe(200);
      const res = await upload(c, { kind: 'units' }, await unitsFile([schoolRow(`无权校${uniq()}`, tree.townA.name)]));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('keeps another district out: its units are not there, its jobs are not found', async () => {
    const other = await buildTree(t.database.db);
    const otherAdmin = await login(t.app, (await buildUser(t.database.db, other.bureau, ['bureau_admin'])).username);
    const job = await runImport(otherAdmin, { kind: 'units' }, await unitsFile([schoolRow(`越界校${uniq()}`, tree.townA.name)]));
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([{ row: 2, column: '上级单位', message: `上级单位“${tree.townA.name}”不存在或无权访问` }]);
    const people = await runImport(otherAdmin, { kind: 'users' }, await usersFile([personRow(`x${uniq()}`, tree.schoolA1.name)]));
    expect(people.errors).toEqual([{ row: 2, column: '所属单位', message: `所属单位“${tree.schoolA1.name}”不存在或无权访问` }]);
    // Jobs are seen only in their own district.
    expect((await admin.get(`/api/v1/imports/${job.id}`)).statusCode).toBe(404);
    expect((await admin.get('/api/v1/imports')).json().items.map((j: ImportJob) => j.id)).not.toContain(job.id);
    expect((await otherAdmin.get('/api/v1/imports')).json().items[0].id).toBe(people.id);
  });
});

describe('importing units', () => {
  it('imports a good file all at once, each unit under its parent, with one audit event', async () => {
    const s = uniq();
    const file = await unitsFile([
      unitRow({ 单位名称: `新镇${s}`, 单位类型: '镇街', 上级单位: tree.bureau.name, 联系电话: '0571-88886666' }),
      schoolRow(`新镇一小${s}`, `新镇${s}`, { 寄宿制: '是', 教职工数: 40, 编码: `X${s}`, 校长: '李校长' }),
      schoolRow(`新镇幼儿园${s}`, `新镇${s}`, { 学段: '幼儿园', 办学性质: '民办', 使用校车: '是' }),
      schoolRow(`甲镇二小${s}`, tree.townA.name),
      unitRow({ 单位名称: `后勤中心${s}`, 单位类型: '科室/中心', 上级单位: tree.bureau.name, 负责安全领域: '食品安全与传染病防控、消防安全与危化品' }),
    ]);
    const res = await upload(admin, { kind: 'units' }, file);
    expect(res.statusCode).toBe(202);
    const started = res.json().job;
    expect(started).toMatchObject({ kind: 'units', fileName: '单位导入.xlsx', status: 'validating', errors: [], createdCount: 0 });
    const job = await waitForJob(admin, started.id);
    expect(job).toMatchObject({ status: 'done', total: 5, processed: 5, createdCount: 5, errors: [] });
    expect(job.finishedAt).not.toBeNull();

    const town = await unitNamed(`新镇${s}`);
    const school = await unitNamed(`新镇一小${s}`);
    expect(town).toMatchObject({ kind: 'town', parentId: tree.bureau.id, path: `${tree.bureau.path}${town.id}/`, contactPhone: '0571-88886666', stage: null });
    expect(school).toMatchObject({
      kind: 'school',
      parentId: town.id,
      path: `${town.path}${school.id}/`,
      stage: 'primary',
      ownership: 'public',
      boarding: true,
      staffCount: 40,
      principalName: '李校长',
      code: `X${s}`,
    });
    expect(await unitNamed(`甲镇二小${s}`)).toMatchObject({ parentId: tree.townA.id });
    expect((await unitNamed(`后勤中心${s}`)).areas).toEqual(['food_disease', 'fire_chemicals']);

    const treeBody = (await admin.get('/api/v1/units/tree')).json();
    const node = (name: string) => treeBody.items.find((n: { name: string }) => n.name === name);
    expect(node(`新镇幼儿园${s}`).parentId).toBe(town.id);
    expect(node(`新镇${s}`).parentId).toBe(tree.bureau.id);
    // The new school is in the tree the town's people see.
    const officer = await login(t.app, (await buildUser(t.database.db, { ...tree.townA, id: town.id, path: town.path }, ['town_officer'])).username);
    expect((await officer.get(`/api/v1/units/${school.id}`)).statusCode).toBe(200);

    const events = (await admin.get(`/api/v1/audit-events?action=import&objectType=import&objectId=${job.id}`)).json();
    expect(events.total).toBe(1);
    expect(events.items[0].after).toMatchObject({ kind: 'units', createdCount: 5, byKind: { town: 1, school: 3, department: 1 } });
  });

  it('imports nothing when one row is bad, and says where and why for each', async () => {
    const s = uniq();
    const before = (await admin.get('/api/v1/units?pageSize=1')).json().total;
    const job = await runImport(
      admin,
      { kind: 'units' },
      await unitsFile([
        schoolRow(`好学校${s}`, tree.townA.name),
        schoolRow(`坏上级${s}`, `不存在的镇${s}`),
        schoolRow(`坏学段${s}`, tree.townA.name, { 学段: '大学' }),
        schoolRow(tree.schoolA1.name, tree.townA.name),
        schoolRow(`好学校${s}`, tree.townB.name),
        schoolRow(`缺字段${s}`, tree.townA.name, { 校门数: null }),
        schoolRow(`坏电话${s}`, tree.townA.name, { 联系电话: '1234' }),
        schoolRow(`错层级${s}`, tree.department.name),
        schoolRow(`另一好校${s}`, tree.townB.name),
      ]),
    );
    expect(job.status).toBe('failed');
    expect(job.processed).toBe(4);
    expect(job.errors).toEqual([
      { row: 3, column: '上级单位', message: `上级单位“不存在的镇${s}”不存在或无权访问` },
      { row: 4, column: '学段', message: expect.stringContaining('学段只能是') },
      { row: 5, column: '单位名称', message: `本区已有名为“${tree.schoolA1.name}”的单位` },
      { row: 6, column: '单位名称', message: '与第 2 行的单位重名' },
      { row: 7, column: '校门数', message: '学校必须填写此项' },
      { row: 8, column: '联系电话', message: '请输入手机号（11 位）或带区号的固定电话' },
      { row: 9, column: '上级单位', message: `学校/机构不能设在科室/中心“${tree.department.name}”之下` },
    ]);
    expect((await admin.get('/api/v1/units?pageSize=1')).json().total).toBe(before);
    expect(await unitNamed(`另一好校${s}`)).toBeUndefined();
  });

  it('writes nothing when the transaction fails part-way', async () => {
    const s = uniq();
    // A trigger makes the 700th row fail, after the first batch of 500 has gone in.
    await t.database.db.execute(sql.raw(`create function refuse_unit() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`));
    await t.database.db.execute(
      sql.raw(`create trigger refuse_unit before insert on units for each row when (new.name = '坏行${s}') execute function refuse_unit()`),
    );
    try {
      const rows = Array.from({ length: 800 }, (_, i) => schoolRow(i === 698 ? `坏行${s}` : `批量${s}第${i}校`, tree.townB.name));
      const job = await runImport(admin, { kind: 'units' }, await unitsFile(rows));
      expect(job).toMatchObject({ status: 'failed', createdCount: 0 });
      expect(job.errors).toEqual([{ row: 0, column: '', message: expect.stringContaining('未导入任何数据') }]);
      expect(await t.database.db.select().from(units).where(like(units.name, `批量${s}%`))).toEqual([]);
      const events = await t.database.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'import'), eq(auditEvents.objectId, String(job.id))));
      expect(events).toEqual([]);
    } finally {
      await t.database.db.execute(sql.raw('drop trigger refuse_unit on units'));
      await t.database.db.execute(sql.raw('drop function refuse_unit()'));
    }
  });

  it('lists the first 500 problems of a very bad file and counts the rest', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => schoolRow(`无上级${uniq()}${i}`, '不存在的上级'));
    const job = await runImport(admin, { kind: 'units' }, await unitsFile(rows));
    expect(job.errors).toHaveLength(501);
    expect(job.errors[500]).toEqual({ row: 502, column: '', message: '另有 100 处问题未列出，请先修改以上问题后重新上传' });
  });

  it('marks jobs cut off by a restart as failed, leaving young ones to the instance running them', async () => {
    const by = (await buildUser(t.database.db, tree.bureau, ['bureau_admin'])).id;
    const job = (createdAt: Date) => ({ districtId: tree.districtId, kind: 'units', fileName: 'x.xlsx', status: 'importing', createdBy: by, createdAt });
    const [old, young] = await t.database.db
      .insert(importJobs)
      .values([job(new Date(Date.now() - 3600_000)), job(new Date())])
      .returning();
    expect(await failInterruptedImports(t.database.db)).toBe(1);
    expect((await admin.get(`/api/v1/imports/${old.id}`)).json().job).toMatchObject({ status: 'failed', errors: [{ row: 0, message: expect.stringContaining('重启') }] });
    expect((await admin.get(`/api/v1/imports/${young.id}`)).json().job.status).toBe('importing');
    await t.database.db.update(importJobs).set({ status: 'failed' }).where(eq(importJobs.id, young.id));
  });

  it('reads its own template back: only the example row is reported', async () => {
    for (const kind of ['units', 'users'] as const) {
      const template = (await admin.get(`/api/v1/imports/template?kind=${kind}`)).rawPayload;
      const job = await runImport(admin, { kind, initialPassword: 'Start#2024ok' }, { name: 't.xlsx', data: template });
      expect(job.status).toBe('failed');
      expect(job.total).toBe(1);
      expect(job.errors).toEqual(
        kind === 'units'
          ? [{ row: 2, column: '上级单位', message: '上级单位“示例镇”不存在或无权访问' }]
          : [{ row: 2, column: '所属单位', message: '所属单位“示例镇中心小学”不存在或无权访问' }],
      );
    }
  });

  it('refuses files that are not .xlsx, and fails files without data or columns', async () => {
    const notXlsx = await upload(admin, { kind: 'units' }, { name: 'a.xlsx', data: Buffer.from('单位名称,单位类型\n') });
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json().error).toMatchObject({ code: 'IMPORT_NOT_XLSX', message: expect.stringContaining('.xlsx') });
    const xls = await upload(admin, { kind: 'units' }, { name: 'a.xls', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) });
    expect(xls.json().error.message).toContain('另存为');
    const corrupt = await runImport(admin, { kind: 'units' }, { name: 'bad.xlsx', data: Buffer.from('PK\x03\x04 not really a zip') });
    expect(corrupt.errors).toEqual([{ row: 0, column: '', message: expect.stringContaining('无法读取文件') }]);

    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('单位');
    const emptyJob = await runImport(admin, { kind: 'units' }, { name: 'empty.xlsx', data: Buffer.from(await empty.xlsx.writeBuffer()) });
    expect(emptyJob).toMatchObject({ status: 'failed', errors: [{ row: 0, message: expect.stringContaining('空') }] });
    const headerOnly = await runImport(admin, { kind: 'units' }, await unitsFile([]));
    expect(headerOnly.errors[0].message).toContain('没有数据行');

    const missing = await runImport(admin, { kind: 'units' }, { name: 'm.xlsx', data: await xlsx(['单位名称', '单位类型', '上级单位'], [['甲', '镇街', '乙']]) });
    expect(missing.status).toBe('failed');
    expect(missing.errors.map((e) => e.column)).toEqual(unitImportColumns.slice(3));
    expect(missing.errors[0]).toEqual({ row: 1, column: '编码', message: '缺少列“编码”，请使用下载的模板' });

    const rows = Array.from({ length: 30_001 }, (_, i) => [`u${i}`]);
    const tooMany = await runImport(admin, { kind: 'users' }, { name: 'big.xlsx', data: await xlsx(['用户名'], rows) });
    expect(tooMany.errors).toEqual([{ row: 0, column: '', message: expect.stringContaining('超过 30000 行') }]);
  }, 60_000);

  it('needs the form fields and the file', async () => {
    const noFile = await upload(admin, { kind: 'units' });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toContain('请选择要上传的 Excel 文件');
    const badKind = await upload(admin, { kind: 'schools' }, await unitsFile([]));
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.message).toContain('导入类型');
    const json = await admin.post('/api/v1/imports', { kind: 'units' });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('IMPORT_NOT_MULTIPART');
  });

  it('answers 413 for a file over the upload limit', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024 + 1024, 0x41);
    big.write('PK\x03\x04', 0, 'latin1');
    const res = await upload(admin, { kind: 'units' }, { name: 'huge.xlsx', data: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('20 MB') });
  });
});

describe('importing people', () => {
  it('gives every account the initial password, to be changed at first login', async () => {
    const s = uniq();
    const job = await runImport(
      admin,
      { kind: 'users', initialPassword: 'Start#2024ok' },
      await usersFile([
        personRow(`zs${s}`, tree.schoolA1.name, '校长、学校安全员', { 联系电话: 13912345678 }),
        personRow(`ls${s}`, tree.townA.name, '镇街人员'),
        personRow(`ww${s}`, tree.department.name, '科室人员、检查人员'),
      ]),
    );
    expect(job).toMatchObject({ status: 'done', createdCount: 3, total: 3, processed: 3 });
    const c = await login(t.app, `zs${s}`, 'Start#2024ok');
    const me = (await c.get('/api/v1/auth/me')).json();
    expect(me.user.mustChangePassword).toBe(true);
    expect(me.roles).toEqual(['principal', 'school_safety_officer']);
    expect(me.unit.id).toBe(tree.schoolA1.id);
    const [row] = await t.database.db.select().from(users).where(eq(users.username, `zs${s}`));
    expect(row.phone).toBe('13912345678');
    const events = (await admin.get(`/api/v1/audit-events?action=import&objectId=${job.id}`)).json();
    expect(events.items[0].after).toMatchObject({ kind: 'users', createdCount: 3, initialPasswordSet: true, byRole: { principal: 1, inspector: 1 } });
  });

  it('creates accounts that cannot log in when no initial password is given', async () => {
    const s = uniq();
    const job = await runImport(admin, { kind: 'users' }, await usersFile([personRow(`np${s}`, tree.schoolB1.name)]));
    expect(job.status).toBe('done');
    const [row] = await t.database.db.select().from(users).where(eq(users.username, `np${s}`));
    expect(row.passwordHash).toBeNull();
    expect(row.mustChangePassword).toBe(true);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `np${s}`, password: '' } });
    expect(res.statusCode).toBe(400);
  });

  it('refuses a weak initial password before starting', async () => {
    const res = await upload(admin, { kind: 'users', initialPassword: 'abc' }, await usersFile([personRow(`wp${uniq()}`, tree.schoolA1.name)]));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('初始密码') });
    expect(res.json().error.details[0]).toMatchObject({ field: 'initialPassword', label: '初始密码' });
  });

  it('imports nothing when one person is bad, and says where and why for each', async () => {
    const s = uniq();
    const existing = await buildUser(t.database.db, tree.schoolA1, ['teacher']);
    const job = await runImport(
      admin,
      { kind: 'users', initialPassword: 'Start#2024ok' },
      await usersFile([
        personRow(`ok${s}`, tree.schoolA1.name),
        personRow(`role${s}`, tree.schoolA1.name, '教师、门卫'),
        personRow(`grant${s}`, tree.townA.name, '校长'),
        personRow(existing.username.toUpperCase(), tree.schoolA1.name),
        personRow(`OK${s}`, tree.schoolA2.name),
        personRow(`tel${s}`, tree.schoolA1.name, '教师', { 联系电话: '12345' }),
        personRow(`unit${s}`, `无此学校${s}`),
        personRow(`ok2${s}`, tree.schoolB1.name),
      ]),
    );
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([
      { row: 3, column: '角色', message: expect.stringContaining('未知角色：门卫') },
      { row: 4, column: '角色', message: '角色“校长”不适用于该类单位' },
      { row: 5, column: '用户名', message: `用户名“${existing.username.toUpperCase()}”已被使用` },
      { row: 6, column: '用户名', message: '与第 2 行的用户名重复' },
      { row: 7, column: '联系电话', message: '请输入手机号（11 位）或带区号的固定电话' },
      { row: 8, column: '所属单位', message: `所属单位“无此学校${s}”不存在或无权访问` },
    ]);
    const [none] = await t.database.db.select().from(users).where(eq(users.username, `ok${s}`));
    expect(none).toBeUndefined();
  });

  it('lists the recent imports of the district with who started them', async () => {
    const list = (await admin.get('/api/v1/imports')).json().items as ImportJob[];
    expect(list.length).toBeGreaterThan(3);
    expect(list.length).toBeLessThanOrEqual(20);
    expect(list[0].actorName).toBeTruthy();
    expect([...list].sort((a, b) => b.id - a.id)).toEqual(list);
  });

  it('documents the import endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of ['/api/v1/imports', '/api/v1/imports/{id}', '/api/v1/imports/template']) expect(Object.keys(doc.paths)).toContain(p);
    expect(doc.paths['/api/v1/imports'].post.tags).toEqual(['imports']);
  });
});
