// Excel import of the school buses and their drivers (校车, 001 item 14; issue 15 item 5) through
// POST /imports, in the exports' own columns: a good file → every bus and driver in the ledger with
// one import audit event; a bad row → nothing written, each problem named by row and column, with the
// checks the forms make (no lapsed insurance on a bus in service, no past licence for a driver on
// duty, a plate once in the district); another school reads like one that is not there; the drivers'
// export imports again into another school, and the buses' export is refused as plates already there.
import ExcelJS from 'exceljs';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busImportColumns, driverImportColumns } from '../../contracts/imports.js';
import { SCHOOL_NOT_FOUND } from '../../domain/ledger-import-rows.js';
import { busDrivers, schoolBuses } from '../db/schema.js';
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

const countOf = async (table: typeof schoolBuses | typeof busDrivers) => (await t.database.db.select({ n: count() }).from(table))[0].n;
const file = async (columns: readonly string[], rows: Array<Record<string, unknown>>) => ({
  name: '校车.xlsx',
  data: await xlsx(columns, rows.map((r) => columns.map((h) => r[h] ?? null))),
});
const bus = (v: Record<string, unknown> = {}) => ({
  学校: tree.schoolA1.name,
  车牌号: '浙A·10001',
  座位数: 35,
  行驶证号: '330100000001',
  保险到期日: '2027-03-31',
  年审日期: '2026-03-15',
  年审到期日: '2027-03-15',
  开始运营日期: '2024-09-01',
  在用: '是',
  ...v,
});
const driver = (v: Record<string, unknown> = {}) => ({
  学校: tree.schoolA1.name,
  姓名: '陈师傅',
  准驾车型: 'A1',
  驾驶证有效期至: '2030-06-30',
  背景审查日期: '2026-02-20',
  背景审查结果: '无异常',
  体检日期: '2026-02-25',
  在岗: '是',
  ...v,
});

describe('school bus import (001 item 14)', () => {
  it('offers a template of each in the import columns', async () => {
    for (const [kind, columns] of [['school_buses', busImportColumns], ['bus_drivers', driverImportColumns]] as const) {
      const res = (await c.officerA1.get(`/api/v1/imports/template?kind=${kind}`)) as unknown as { statusCode: number; rawPayload: Buffer };
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const headers = wb.worksheets.flatMap((ws) => [(ws.getRow(1).values as unknown[]).slice(1).map(String)]).find((h) => h[0] === '学校');
      expect(headers).toEqual([...columns]);
    }
  });

  it('imports good files of buses and drivers: each in the ledger, one import audit event each', async () => {
    const buses = await runImport(c.officerA1, { kind: 'school_buses' }, await file(busImportColumns, [bus(), bus({ 车牌号: '浙A·10002', 座位数: 19, 年审日期: null, 在用: null })]));
    expect(buses.errors).toEqual([]);
    expect(buses).toMatchObject({ status: 'done', createdCount: 2 });
    const list = (await ok(c.officerA1.get(`/api/v1/school-buses?schoolId=${tree.schoolA1.id}`))).items as Array<Record<string, unknown>>;
    expect(list.map((b) => [b.plate, b.seats, b.reviewedOn, b.reviewDueOn, b.inService]).sort()).toEqual([
      ['浙A·10001', 35, '2026-03-15', '2027-03-15', true],
      ['浙A·10002', 19, null, '2027-03-15', true],
    ]);
    const drivers = await runImport(c.officerA1, { kind: 'bus_drivers' }, await file(driverImportColumns, [driver(), driver({ 姓名: '王师傅', 背景审查日期: null, 背景审查结果: null, 在岗: '否', 驾驶证有效期至: '2026-01-01' })]));
    expect(drivers.errors).toEqual([]);
    const people = (await ok(c.officerA1.get(`/api/v1/bus-drivers?schoolId=${tree.schoolA1.id}`))).items as Array<Record<string, unknown>>;
    expect(people.map((d) => [d.name, d.licenceClass, d.backgroundResult, d.active]).sort()).toEqual([
      ['王师傅', 'A1', null, false],
      ['陈师傅', 'A1', 'clear', true],
    ]);
    for (const [job, objectType] of [[buses, 'school_bus'], [drivers, 'bus_driver']] as const) {
      const events = await ok(c.bureau.get(`/api/v1/audit-events?action=import&objectType=import&objectId=${job.id}`));
      expect(events.total).toBe(1);
      expect(events.items[0].after).toMatchObject({ objectType, createdCount: 2 });
    }
  });

  it('writes no bus when a row is bad, naming its row and column; another school is not found', async () => {
    const before = await countOf(schoolBuses);
    const job = await runImport(
      c.officerA1,
      { kind: 'school_buses' },
      await file(busImportColumns, [
        bus({ 车牌号: '浙A·20001' }),
        bus({ 车牌号: '浙A·20002', 座位数: 0 }),
        bus({ 车牌号: '浙A·20003', 保险到期日: '2026-05-01' }),
        bus({ 车牌号: '浙A·20004', 年审到期日: '2026-03-01' }),
        bus({ 车牌号: '浙A·20005', 年审日期: '2026-06-01', 年审到期日: '2027-06-01' }),
        bus({ 车牌号: '浙A·10001' }),
        bus({ 车牌号: '浙A·20001' }),
        bus({ 车牌号: '浙A·20008', 学校: tree.schoolB1.name }),
        bus({ 车牌号: '浙A·20009', 在用: '也许' }),
      ]),
    );
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([
      { row: 3, column: '座位数', message: '座位数须为正整数' },
      { row: 4, column: '保险到期日', message: '保险已于 2026-05-01 到期，在用校车请登记有效的保险' },
      { row: 5, column: '年审到期日', message: '须晚于年审日期（2026-03-15）' },
      { row: 6, column: '年审日期', message: expect.stringContaining('今天') },
      { row: 7, column: '车牌号', message: '车牌号“浙A·10001”的校车已登记，请勿重复导入' },
      { row: 8, column: '车牌号', message: '与第 2 行重复（同一车牌号）' },
      { row: 9, column: '学校', message: SCHOOL_NOT_FOUND },
      { row: 10, column: '在用', message: '在用只能填“是”或“否”' },
    ]);
    expect(await countOf(schoolBuses)).toBe(before);
  });

  it('writes no driver when a row is bad: a past licence on duty, a result without its day, a check ahead', async () => {
    const before = await countOf(busDrivers);
    const job = await runImport(
      c.officerA1,
      { kind: 'bus_drivers' },
      await file(driverImportColumns, [
        driver({ 姓名: '甲' }),
        driver({ 姓名: '乙', 准驾车型: 'C1' }),
        driver({ 姓名: '丙', 驾驶证有效期至: '2026-05-01' }),
        driver({ 姓名: '丁', 背景审查日期: null }),
        driver({ 姓名: '戊', 体检日期: '2026-05-11' }),
        driver({ 姓名: '己', 背景审查结果: '良好' }),
      ]),
    );
    expect(job.status).toBe('failed');
    expect(job.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, '准驾车型'],
      [4, '驾驶证有效期至'],
      [5, '背景审查日期'],
      [6, '体检日期'],
      [7, '背景审查结果'],
    ]);
    expect(job.errors[1].message).toContain('2026-05-01');
    expect(await countOf(busDrivers)).toBe(before);
  });

  it("imports the drivers' export into another school; the buses' export is refused, its plates being registered", async () => {
    const to = await buildSchool(t.database.db, tree.townA, { name: '校车导入小学' });
    const moved = async (path: string) => {
      const exported = (await c.townA.get(`/api/v1/${path}/export?schoolId=${tree.schoolA1.id}`)) as unknown as { statusCode: number; rawPayload: Buffer };
      expect(exported.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0];
      const schoolCol = (sheet.getRow(1).values as unknown[]).indexOf('学校');
      sheet.eachRow((row, n) => {
        if (n > 1) row.getCell(schoolCol).value = to.name;
      });
      return { name: '导出.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) };
    };
    const drivers = await runImport(c.townA, { kind: 'bus_drivers' }, await moved('bus-drivers'));
    expect(drivers.errors).toEqual([]);
    const shape = async (schoolId: number) =>
      ((await ok(c.townA.get(`/api/v1/bus-drivers?schoolId=${schoolId}`))).items as Array<Record<string, unknown>>)
        .map((d) => [d.name, d.licenceClass, d.licenceExpiresOn, d.backgroundCheckedOn, d.backgroundResult, d.healthCheckedOn, d.active])
        .sort();
    expect(await shape(to.id)).toEqual(await shape(tree.schoolA1.id));
    const buses = await runImport(c.townA, { kind: 'school_buses' }, await moved('school-buses'));
    expect(buses.status).toBe('failed');
    expect(buses.errors.every((e: { column: string }) => e.column === '车牌号')).toBe(true);
  });
});
