// The yearly assessment in the browser (issue 14; 001 items 22 and 27, 004): demo.bureau computes
// the year's scores from the demo's records, opens a school's score down to the records behind a
// figure, and downloads the year-end report as a Word document.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, openAs, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('the yearly assessment in the browser', () => {
  it('the bureau computes the assessment, opens a school’s score down to its records and exports the year-end report', { timeout: 180_000 }, async () => {
    const { page } = await newPage(server);
    await openAs(page, server, 'demo.bureau', `/assessment`);
    const status = page.getByTestId('run-status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('未计算');

    await page.getByTestId('compute').click();
    await expect.poll(() => status.textContent(), { timeout: 90_000 }).toBe('已计算（未发布）');
    const units = page.getByTestId('score-unit');
    await expect.poll(() => units.count(), { timeout: 20_000 }).toBeGreaterThan(10);

    // The first school on the list (highest score): its score, and the records behind a figure.
    const name = (await units.first().textContent())!;
    await units.first().click();
    await expect.poll(() => page.locator('.ant-drawer-title').textContent()).toContain(name);
    await expect.poll(() => page.getByTestId('final-score').textContent()).toMatch(/^\d+(\.\d)?$/);
    // Training coverage (001 item 7): the school's staff, each trained this year or not.
    const indicators = page.getByTestId('indicator-list');
    await indicators.getByText('安全培训覆盖率').click();
    const rows = indicators.locator('.ant-collapse-item-active .ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await rows.first().textContent()).toMatch(/教职工/);
    // Reporting discipline and the task table are read from incidents and the work plan.
    expect(await indicators.textContent()).toContain('工作要点任务完成');
    await page.keyboard.press('Escape');

    // The year-end report (004) as .docx.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('year-report').click()]);
    expect(download.suggestedFilename()).toMatch(/年度校园安全评估报告\.docx$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const JSZip = (await import('jszip')).default;
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml).toContain('年度安全绩效考核结果');
    expect(xml).toContain(name);
  });
});
