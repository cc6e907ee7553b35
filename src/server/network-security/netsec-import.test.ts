// Excel import of the network security registry (网络系统与网站, issue 15 item 6; 000 第8条) through
// POST /imports, in the export's own columns: a good file → every system in the registry with one
// import audit event; a bad row → nothing written, each problem named by row and column; another
// school reads like one that is not there; the export imports again into another school.
import ExcelJS from 'exceljs';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netsecSystemImportColumns } from '../../contracts/imports.js';
import { SCHOOL_NOT_FOUND } from '../../domain/ledger-import-rows.js';
import { netsecSystems } from '../db/schema.js';
import { runImport, xlsx } from '../imports/testing.js';
import { buildSchool, buildTree, ok, startWithTree, ledgerPeople, type Client } from '../test/factories.js';
import type { TestContext } from '../test/harness.js';

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let c: Record<'officerA1' | 'officerB1' | 'kg' | 'townA' | 'dept' | 'bureau' | 'teacher', Client>;

beforeAll(async () => {
  ({ t, tree, c } = await startWithTree('2026-05-10', ledgerPeople));
});
afterAll(() => t.close());

const systemCount = async () => (await t.database.db.select({ n: count() }).from(netsecSystems))[0].n;
const file = async (rows: Array<Record<string, unknown>>) => ({
  name: '网络系统与网站.xlsx',
  data: await xlsx(
    netsecSystemImportColumns,
    rows.map((r) => netsecSystemImportColumns.map((h) => r[h] ?? null)),
  ),
});
const system = (v: Record<string, unknown> = {}) => ({ 学校: tree.schoolA1.name, 类别: '网站', 名称: '学校门户网站', 网址或入口: 'https://www.a1.example.cn', 责任人: '刘老师', 等保级别: 2, 备案号: '浙ICP备00000001号', ...v });

describe('network security registry import (000 第8条)', () => {
  it('imports a good file: every system in the registry, one import audit event', async () => {
    const job = await runImport(c.officerA1, { kind: 'netsec_systems' }, await file([system(), system({ 类别: '公众号', 名称: '学校微信公众号', 网址或入口: null, 等保级别: null, 备案号: null })]));
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({ status: 'done', createdCount: 2 });
    const list = (await ok(c.officerA1.get(`/api/v1/netsec-systems?schoolId=${tree.schoolA1.id}`))).items as Array<Record<string, unknown>>;
    expect(list.map((s) => [s.kind, s.name, s.address, s.responsiblePerson, s.protectionLevel, s.filingNo]).sort()).toEqual(
      [
        ['public_account', '学校微信公众号', null, '刘老师', null, null],
        ['website', '学校门户网站', 'https://www.a1.example.cn', '刘老师', 2, '浙ICP备00000001号'],
      ].sort(),
    );
    const events = await ok(c.bureau.get(`/api/v1/audit-events?action=import&objectType=import&objectId=${job.id}`));
    expect(events.total).toBe(1);
    expect(events.items[0].after).toMatchObject({ kind: 'netsec_systems', objectType: 'netsec_system', createdCount: 2 });
  });

  it('writes nothing when a row is bad, naming its row and column; another school is not found', async () => {
    const before = await systemCount();
    const job = await runImport(
      c.officerA1,
      { kind: 'netsec_systems' },
      await file([
        system({ 名称: '教务管理系统', 类别: '信息系统' }),
        system({ 名称: '排课系统', 类别: '小程序' }),
        system({ 名称: '选课系统', 类别: '信息系统', 等保级别: 6 }),
        system({ 名称: '门禁系统', 类别: '信息系统', 责任人: null }),
        system({ 名称: '学校门户网站' }),
        system({ 名称: '教务管理系统', 类别: '信息系统' }),
        system({ 学校: tree.schoolB1.name, 名称: '乙校网站' }),
        system({ 学校: '不存在的学校', 名称: '丙校网站' }),
      ]),
    );
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([
      { row: 3, column: '类别', message: '类别只能是：网站、公众号、移动应用、信息系统' },
      { row: 4, column: '等保级别', message: '等保级别应为 1–5' },
      { row: 5, column: '责任人', message: '请填写责任人' },
      { row: 6, column: '名称', message: '本校已登记名为“学校门户网站”的系统或网站，请勿重复导入' },
      { row: 7, column: '名称', message: '与第 2 行重复（同一学校同名）' },
      { row: 8, column: '学校', message: SCHOOL_NOT_FOUND },
      { row: 9, column: '学校', message: SCHOOL_NOT_FOUND },
    ]);
    expect(await systemCount()).toBe(before);
  });

  it("imports the registry's export into another school: the same rows", async () => {
    const to = await buildSchool(t.database.db, tree.townA, { name: '网安导入小学' });
    const exported = (await c.townA.get(`/api/v1/netsec-systems/export?schoolId=${tree.schoolA1.id}`)) as unknown as { statusCode: number; rawPayload: Buffer };
    expect(exported.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const schoolCol = (sheet.getRow(1).values as unknown[]).indexOf('学校');
    sheet.eachRow((row, n) => {
      if (n > 1) row.getCell(schoolCol).value = to.name;
    });
    const job = await runImport(c.townA, { kind: 'netsec_systems' }, { name: '网络系统与网站台账.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(job.errors).toEqual([]);
    const shape = async (schoolId: number) =>
      ((await ok(c.townA.get(`/api/v1/netsec-systems?schoolId=${schoolId}`))).items as Array<Record<string, unknown>>).map((s) => [s.kind, s.name, s.address, s.responsiblePerson, s.protectionLevel, s.filingNo]).sort();
    expect(await shape(to.id)).toEqual(await shape(tree.schoolA1.id));
    expect(job.createdCount).toBe(2);
  });
});
