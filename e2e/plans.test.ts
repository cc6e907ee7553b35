// The work plan in the browser (issue 14): demo.bureau makes next year's plan, imports seed 000's
// task table from Excel (every unit word resolves in the demo district) and publishes it;
// demo.school sees this year's tasks on its home, then reports a task of the new plan done with a
// file; the bureau's matrix shows the school's cell done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTableXlsx } from '../src/server/plans/seed-000-table.js';
import { loginAs, newPage, openAs, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('the work plan in the browser', () => {
  it('bureau imports the task table and publishes; the school reports a task done with a file; the matrix shows it', { timeout: 180_000 }, async () => {
    const year = new Date().getFullYear() + 1;
    const bureau = await newPage(server);
    await openAs(bureau.page, server, 'demo.bureau', `/plans`);
    // The demo's plan of this year is shown first.
    await expect.poll(() => bureau.page.getByTestId('plan-status').textContent(), { timeout: 20_000 }).toBe('已发布');
    await bureau.page.getByTestId('plan-create').click();
    // The demo has this year's plan: the form offers next year, copied from this year's; the import replaces the copied tasks.
    expect(await bureau.page.locator('.ant-modal input.ant-input-number-input').inputValue()).toBe(String(year));
    await bureau.page.getByTestId('plan-title').fill(`${year}年示范区教育系统安全工作要点`);
    await bureau.page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => bureau.page.locator('.ant-modal-footer:visible').count(), { timeout: 20_000 }).toBe(0);
    await bureau.page.goto(`${server.url}/plans?year=${year}&tab=tasks`);
    await expect.poll(() => bureau.page.getByTestId('plan-status').textContent(), { timeout: 20_000 }).toBe('草稿');

    await bureau.page.getByTestId('plan-import').locator('..').locator('input[type=file]').setInputFiles({ name: '任务分解表.xlsx', mimeType: XLSX, buffer: await seedTableXlsx() });
    await expect.poll(() => bureau.page.getByText('任务分解表（41）').count(), { timeout: 20_000 }).toBe(1);
    await bureau.page.getByTestId('plan-resolution').click();
    const publish = bureau.page.getByTestId('plan-publish');
    await expect.poll(() => publish.isEnabled(), { timeout: 20_000 }).toBe(true);
    await publish.click();
    await expect.poll(() => bureau.page.getByTestId('plan-status').textContent(), { timeout: 20_000 }).toBe('已发布');

    // The school: this year's tasks on its home (the demo plan), then a task of the new plan.
    const school = await newPage(server);
    await loginAs(school.page, server, 'demo.school');
    await expect.poll(() => school.page.getByTestId('home-plan-tasks').count(), { timeout: 20_000 }).toBe(1);
    await school.page.goto(`${server.url}/plans?year=${year}&tab=tasks`);
    await school.page.getByText('做好学校元旦、春节放假期间安全维稳工作').click();
    const drawer = school.page.getByTestId('task-units');
    await drawer.locator('[data-testid^="task-unit-report-"]').click();
    await school.page.getByTestId('report-status').getByText('已完成').click();
    await school.page.getByTestId('report-note').fill('放假前完成安全检查并签订家长告知书');
    await school.page.locator('[data-testid="report-files"] input[type=file]').setInputFiles({ name: '检查记录.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => school.page.locator('[data-testid="report-files"] .ant-upload-list-item-done, [data-testid="report-files"] .ant-upload-list-item:not(.ant-upload-list-item-uploading)').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await school.page.getByTestId('report-save').click();
    await expect.poll(() => drawer.getByText('放假前完成安全检查并签订家长告知书').count(), { timeout: 20_000 }).toBe(1);
    expect(await drawer.getByText('检查记录.pdf').count()).toBeGreaterThan(0);

    // The bureau's matrix: the school's cell of task 1 is done.
    await bureau.page.goto(`${server.url}/plans?year=${year}&tab=matrix&quarter=1&status=done`);
    const row = bureau.page.locator('[data-testid="plan-matrix"] tr').filter({ hasText: '示范区实验小学' });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.locator('[data-status="done"]').count()).toBe(1);
    expect(await bureau.page.getByTestId('matrix-chart').count()).toBe(1);
  });
});
