import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importColumns } from '../../contracts/imports.js';
import { buildTemplate, readSheet } from './workbook.js';
import { withSheetBody } from './testing.js';
import { inflateZip, storedZip, ZipTooLarge, zipDirectory } from './zip.js';
import type { RoleTable } from '../../domain/roles.js';

const noRoles: RoleTable = new Map();

/** The template opened and saved again by ExcelJS, the way a script (or our e2e test) fills it. */
async function refilled(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildTemplate('units', noRoles)) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('单位')!;
  sheet.spliceRows(2, sheet.rowCount - 1);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('reading an import file', () => {
  it('reads the blank template: its headers and the example row', async () => {
    const read = await readSheet(await buildTemplate('units', noRoles));
    expect(read.headers).toEqual([...importColumns.units]);
    expect(read.rows).toHaveLength(1);
    expect(read.rows[0]!.row).toBe(2);
  });

  it('reads a file ExcelJS saved with the workbook part after the sheets, skipping the notes sheet', async () => {
    const read = await readSheet(await refilled([['甲小学', '学校/机构', '南山镇'], ['乙小学', '学校/机构', '北湖镇']]));
    expect(read.headers).toEqual([...importColumns.units]);
    expect(read.rows.map((r) => [r.row, r.cells['单位名称'], r.cells['上级单位']])).toEqual([
      [2, '甲小学', '南山镇'],
      [3, '乙小学', '北湖镇'],
    ]);
  });

  it('refuses a file that has only the notes sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildTemplate('units', noRoles)) as unknown as ArrayBuffer);
    wb.removeWorksheet(wb.getWorksheet('单位')!.id);
    await expect(readSheet(Buffer.from(await wb.xlsx.writeBuffer()))).rejects.toThrow('文件中没有工作表');
  });

  it('counts rows past the limit and refuses the file, naming the limit', async () => {
    await expect(readSheet(await refilled([['甲'], ['乙'], ['丙']]), 2)).rejects.toThrow('数据超过 2 行');
  });

  it('reads the zip directory, and refuses a cut-off file', async () => {
    const file = await buildTemplate('units', noRoles);
    expect(zipDirectory(file).reduce((n, e) => n + e.declaredSize, 0)).toBeGreaterThan(file.length);
    expect(() => zipDirectory(file.subarray(0, file.length - 30))).toThrow();
    await expect(readSheet(file.subarray(0, file.length - 30))).rejects.toThrow('无法读取文件内容');
  });

  it('stops inflating a zip as soon as it passes the limit, whatever its headers declare', async () => {
    const base = await refilled([['甲小学']]);
    // 256 MiB of rows, the sheet declaring 2 KB.
    const bomb = await withSheetBody(base, '<row><c><v>1</v></c></row>', (256 * 1024 * 1024) / 26, 2048);
    const limit = 8 * 1024 * 1024;
    const err = await inflateZip(bomb, limit).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipTooLarge);
    // At most the limit and one zlib chunk came out.
    expect((err as ZipTooLarge).inflated).toBeLessThanOrEqual(limit + 64 * 1024);
    await expect(readSheet(bomb, { maxUnzippedBytes: limit })).rejects.toThrow('文件解压后过大（超过 8 MB）');
  });

  it('refuses a file whose parts are not the size they declare, and packs honest parts again unchanged', async () => {
    const base = await refilled([['甲小学']]);
    const liar = await withSheetBody(base, '<row><c><v>1</v></c></row>', 10, 2048);
    await expect(readSheet(liar)).rejects.toThrow('无法读取文件内容');
    const parts = await inflateZip(base, 64 * 1024 * 1024);
    expect(await inflateZip(storedZip(parts), 64 * 1024 * 1024)).toEqual(parts);
  });

  it('counts the rows of every sheet and the cells of all sheets before building the workbook, naming the limits', async () => {
    const file = await refilled([['甲小学', '学校/机构'], ['乙小学', '学校/机构'], ['丙小学', '学校/机构']]);
    // The template's notes sheet has rows and cells of its own.
    await expect(readSheet(file, { maxSheetRows: 3 })).rejects.toThrow('工作表超过 3 行（含空行），每个文件最多 30000 行数据');
    await expect(readSheet(file, { maxCells: 20 })).rejects.toThrow('文件中的单元格超过 20 个');
    expect((await readSheet(file, { maxSheetRows: 100, maxCells: 1000 })).rows).toHaveLength(3);
  });
});
