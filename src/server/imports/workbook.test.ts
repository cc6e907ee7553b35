import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importColumns } from '../../contracts/imports.js';
import { buildTemplate, declaredUnzippedSize, readSheet } from './workbook.js';
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

  it('reads the unpacked size from the zip directory, and refuses a cut-off file', async () => {
    const file = await buildTemplate('units', noRoles);
    expect(declaredUnzippedSize(file)).toBeGreaterThan(file.length);
    expect(declaredUnzippedSize(file.subarray(0, file.length - 30))).toBeNull();
    await expect(readSheet(file.subarray(0, file.length - 30))).rejects.toThrow('无法读取文件内容');
  });
});
