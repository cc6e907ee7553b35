import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { input, loginAs, newPage, startServer, type Server } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

/** The server's own template, filled with these rows (each row as header → value). */
async function filledTemplate(page: import('playwright-core').Page, kind: string, rows: Array<Record<string, string | number>>) {
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
    await expect.poll(() => page.getByTestId('units-table').locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByTestId('units-table').textContent()).not.toContain('导入测试小学3');
    await context.close();
  });

  it('demo.school imports drills from the drill ledger: a school outside its scope stops the file, then a good file shows in the ledger, and its problem is reported as a hazard', async () => {
    const { page, context } = await newPage(server);
    await loginAs(page, server, 'demo.school');
    await expect.poll(() => page.getByTestId('header-user').count()).toBe(1);
    await page.goto(`${server.url}/drills`);
    await page.getByTestId('drill-import').click();
    await expect.poll(() => page.url()).toContain('/imports?kind=drills');

    // Three days ago in Shanghai: a drill may not be in the future.
    const day = new Date(Date.now() + 8 * 3600_000 - 3 * 86_400_000).toISOString().slice(0, 10);
    const drill = (v: Record<string, string | number> = {}) => ({ 学校: '示范区实验小学', 演练日期: day, 演练类型: '防地震', 参加人数: 1357, 发现的问题: '导入测试：二楼西侧楼梯拥挤', ...v });
    const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const card = page.getByTestId('import-card-ledgers');
    const bad = await filledTemplate(page, 'drills', [drill(), drill({ 学校: '示范区第一幼儿园' })]);
    await card.locator('input[type=file]').setInputFiles({ name: '演练.xlsx', mimeType: xlsxType, buffer: bad });
    await expect.poll(() => page.getByTestId('import-failed').count(), { timeout: 30_000 }).toBe(1);
    const errors = await page.getByTestId('import-errors').textContent();
    expect(errors).toContain('学校不存在或不在您的管辖范围内');
    expect(errors).toContain('3');

    const good = await filledTemplate(page, 'drills', [drill()]);
    await card.locator('input[type=file]').setInputFiles({ name: '演练.xlsx', mimeType: xlsxType, buffer: good });
    await expect.poll(() => page.getByTestId('import-done').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('import-done').textContent()).toContain('新建 1 条演练记录');

    await page.getByTestId('import-done').getByRole('link').click();
    await expect.poll(() => page.getByTestId('drill-table').textContent()).toContain('1357 人');
    // Only the good file's drill: the bad file wrote nothing.
    expect(await page.getByTestId('drill-row').filter({ hasText: '1357 人' }).count()).toBe(1);

    // The drill's problem becomes a hazard of the loop (000 item 17): school, day and problem come from the drill.
    await page.getByTestId('drill-row').filter({ hasText: '1357 人' }).getByTestId('drill-report-hazard').click();
    await expect.poll(() => page.getByTestId('hazard-report-description').inputValue()).toContain('二楼西侧楼梯拥挤');
    await page.getByTestId('hazard-report-location').fill('教学楼二楼西侧楼梯');
    await page.getByTestId('hazard-report-submit').click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/hazards\/\d+$/);
    await expect.poll(() => page.locator('body').textContent(), { timeout: 15_000 }).toContain('应急演练');
    await context.close();
  });
});
