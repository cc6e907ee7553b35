import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, newPage, startServer, type Server } from './harness.js';

const CAMPAIGN = '校园安全风险隐患排查表（专项整治）';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('checklist templates in the browser', () => {
  it('demo.bureau copies the built-in form, edits the copy and saves it as version 2; version 1 stays readable', async () => {
    const { page, context } = await newPage(server);
    await loginAs(page, server, 'demo.bureau');
    await page.getByRole('menuitem', { name: '检查表模板' }).click();
    const table = page.getByTestId('checklists-table');
    await expect.poll(() => table.textContent()).toContain(CAMPAIGN);
    expect(await table.textContent()).toContain('内置');

    // The built-in form: ten areas, read-only.
    await table.getByText(CAMPAIGN).click();
    await expect.poll(() => page.getByTestId('checklist-section').count()).toBe(10);
    expect(await page.locator('.ant-drawer').textContent()).toContain('每个门岗至少 2 名保安员在岗');
    expect(await page.locator('.ant-drawer').getByTestId('checklist-edit').count()).toBe(0);

    // Copy it under a new name: the editor opens.
    await page.locator('.ant-drawer').getByTestId('checklist-copy').click();
    const name = `本区排查表${Date.now() % 100000}`;
    await page.getByTestId('checklist-copy-name').fill(name);
    await page.getByRole('button', { name: '复制并编辑' }).click();
    await page.waitForTimeout(3000); console.log('URL', page.url());
    await expect.poll(() => page.getByTestId('checklist-edit-section').count()).toBe(10);

    // Change the first item, add one to the guards section, save.
    const first = page.getByTestId('checklist-edit-item').first().locator('textarea').first();
    await first.fill('学校与区教育局签订 2024 年度安全生产责任书');
    const guards = page.getByTestId('checklist-edit-section').nth(7);
    await guards.getByTestId('checklist-add-item').click();
    await guards.getByTestId('checklist-edit-item').last().locator('textarea').first().fill('保安员着装规范、佩戴上岗证');
    await page.getByTestId('checklist-save').click();
    await expect.poll(() => page.getByText('已保存为第 2 版').count()).toBeGreaterThan(0);

    // Back on the list with the template open: version 2 current, version 1 kept.
    const drawer = page.locator('.ant-drawer');
    await expect.poll(() => drawer.textContent()).toContain('保安员着装规范、佩戴上岗证');
    expect(await drawer.textContent()).toContain('第 2 版');
    await drawer.getByTestId('checklist-version').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '第 1 版' }).click();
    await expect.poll(() => drawer.textContent()).toContain('正在查看历史版本第 1 版');
    expect(await drawer.textContent()).not.toContain('保安员着装规范、佩戴上岗证');
    await context.close();
  });

  it('demo.school reads the templates and is offered no copy or edit', async () => {
    const { page, context } = await newPage(server);
    await loginAs(page, server, 'demo.school');
    await page.getByRole('menuitem', { name: '检查表模板' }).click();
    const table = page.getByTestId('checklists-table');
    await expect.poll(() => table.textContent()).toContain(CAMPAIGN);
    expect(await table.getByText('复制').count()).toBe(0);
    expect(await table.getByText('编辑').count()).toBe(0);
    await context.close();
  });
});
