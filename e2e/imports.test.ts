import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { input, loginAs, newPage, startServer, type Server } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

/** The server's own template, filled with these rows (each row as header → value). */
async function filledTemplate(page: import('playwright-core').Page, kind: 'units' | 'users', rows: Array<Record<string, string | number>>) {
  const res = await page.request.get(`${server.url}/api/v1/imports/template?kind=${kind}`);
  expect(res.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
  const sheet = wb.worksheets.find((s) => s.name !== '说明')!;
  const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  // Drop the template's example row, then add ours.
  if (sheet.rowCount > 1) sheet.spliceRows(2, sheet.rowCount - 1);
  for (const r of rows) sheet.addRow(headers.map((h) => r[h] ?? null).slice(1));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('importing from Excel in the browser', () => {
  it('demo.bureau imports two schools with a progress bar; a bad file imports nothing and names row, column and reason', async () => {
    const { page, context } = await newPage(server);
    await loginAs(page, server, 'demo.bureau');
    await expect.poll(() => page.getByTestId('header-user').count()).toBe(1);
    await page.goto(`${server.url}/imports`);

    const school = (n: number) => ({ 单位名称: `导入测试小学${n}`, 单位类型: '学校/机构', 上级单位: '南山镇', 学段: '小学', 办学性质: '公办', 寄宿制: '否', 使用校车: '是', 农村学校: '是', 校门数: 2, 学生数: 600 + n });
    const good = await filledTemplate(page, 'units', [school(1), school(2)]);
    await page.getByTestId('import-card-units').locator('input[type=file]').setInputFiles({ name: '单位导入.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: good });
    await expect.poll(() => page.getByTestId('import-done').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('import-done').textContent()).toContain('新建 2 个单位');

    const bad = await filledTemplate(page, 'units', [school(3), { ...school(4), 上级单位: '不存在的镇' }]);
    await page.getByTestId('import-card-units').locator('input[type=file]').setInputFiles({ name: '有错的单位.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bad });
    await expect.poll(() => page.getByTestId('import-failed').count(), { timeout: 30_000 }).toBe(1);
    const errors = await page.getByTestId('import-errors').textContent();
    expect(errors).toContain('上级单位');
    expect(errors).toContain('3');

    // The good file's schools are there; nothing of the bad file is.
    await page.goto(`${server.url}/units`);
    await input(page, 'unit-search').fill('导入测试小学');
    await input(page, 'unit-search').press('Enter');
    await expect.poll(() => page.getByTestId('units-table').locator('tbody tr.ant-table-row').count()).toBe(2);
    expect(await page.getByTestId('units-table').textContent()).not.toContain('导入测试小学3');
    await context.close();
  });
});
