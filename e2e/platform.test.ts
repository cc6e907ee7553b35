import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { input, loginAs, newPage, pickOption, pickUnit, startServer, type Server } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('in the browser', () => {
  it('a failed login shows a Chinese message', async () => {
    const { page, context } = await newPage(server);
    await loginAs(page, server, 'demo.school', 'Wrong@00000', true);
    await expect.poll(() => page.getByText('用户名或密码错误').count()).toBeGreaterThan(0);
    expect(page.url()).toContain('/login');
    await context.close();
  });

  it('the login page lists the demo accounts in demo mode', async () => {
    const { page, context } = await newPage(server);
    await page.goto(`${server.url}/login`);
    await expect.poll(() => page.getByText('demo.bureau').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('demo.school sees its school and nothing else', async () => {
    const { page, context } = await newPage(server);
    await loginAs(page, server, 'demo.school');
    await expect.poll(() => page.getByTestId('header-unit').textContent()).toBe('示范区实验小学');
    const path = await page.getByTestId('home-unit-path').textContent();
    expect(path).toContain('示范区教育局');
    expect(path).toContain('东湖街道');
    expect(path).toContain('示范区实验小学');
    // The menu offers no administration the role cannot do.
    expect(await page.getByText('审计日志').count()).toBe(0);
    await page.goto(`${server.url}/units`);
    const table = page.getByTestId('units-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBe(1);
    expect(await table.textContent()).toContain('示范区实验小学');
    const tree = await page.getByTestId('unit-tree').textContent();
    expect(tree).toContain('示范区实验小学');
    expect(tree).not.toContain('东湖第二小学');
    expect(tree).not.toContain('示范区教育局');
    await context.close();
  });

  it('demo.bureau creates a school and a person, and sees both in the audit page', async () => {
    const { page, context } = await newPage(server);
    await loginAs(page, server, 'demo.bureau');
    await expect.poll(() => page.getByTestId('header-user').textContent()).toContain('赵安平');

    const school = `端到端测试小学${Date.now() % 100000}`;
    await page.goto(`${server.url}/units`);
    await page.getByTestId('unit-create').click();
    await pickUnit(page, 'unit-parent', '东湖街道');
    await pickOption(page, 'unit-kind', '学校/机构');
    await page.getByTestId('unit-name').fill(school);
    await pickOption(page, 'unit-stage', '小学');
    await pickOption(page, 'unit-ownership', '公办');
    await input(page, 'unit-gates').fill('2');
    await input(page, 'unit-students').fill('960');
    await page.getByTestId('unit-submit').click();
    await input(page, 'unit-search').fill(school);
    await input(page, 'unit-search').press('Enter');
    await expect.poll(() => page.getByTestId('units-table').textContent()).toContain(school);

    const username = `e2e.teacher${Date.now() % 100000}`;
    await page.goto(`${server.url}/users`);
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-username').fill(username);
    await page.getByTestId('user-display-name').fill('端到端教师');
    await pickUnit(page, 'user-unit', school);
    await pickOption(page, 'user-roles', '教师');
    await page.getByTestId('user-submit').click();
    const otp = await page.getByTestId('otp-value').textContent();
    expect(otp?.trim()).toMatch(/^\S{12}$/);
    await page.getByTestId('otp-close').click();

    await page.goto(`${server.url}/audit`);
    const audit = page.getByTestId('audit-table');
    await expect.poll(() => audit.locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    const rows = audit.locator('tbody tr.ant-table-row');
    // Newest first: the person, then the school.
    expect(await rows.nth(0).textContent()).toMatch(/新建.*人员/);
    expect(await rows.nth(1).textContent()).toMatch(/新建.*单位/);
    // The events' details name what was created.
    await rows.nth(0).locator('.ant-table-row-expand-icon').click();
    await rows.nth(1).locator('.ant-table-row-expand-icon').click();
    // Each expanded row renders on its own: wait for both.
    await expect.poll(() => audit.textContent()).toContain(username);
    await expect.poll(() => audit.textContent()).toContain(school);
    await context.close();
  });

  it('demo.bureau adds a webhook channel, sends a test message, and sees it sent in the log (issue 17)', async () => {
    // A fake receiver: records what arrives and answers 200.
    const received: string[] = [];
    const hook = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        received.push(raw);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done));
    try {
      const { page, context } = await newPage(server);
      await loginAs(page, server, 'demo.bureau');
      await page.goto(`${server.url}/system/messages`);
      await page.getByTestId('channel-new').click();
      await pickUnit(page, 'channel-unit', '示范区教育局');
      await pickOption(page, 'channel-kind', '通用 Webhook');
      await input(page, 'channel-name').fill('端到端 Webhook');
      await input(page, 'channel-url').fill(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`);
      await input(page, 'channel-secret').fill('e2e-webhook-secret');
      await page.getByTestId('channel-save').click();
      const row = page.locator('tr.ant-table-row').filter({ hasText: '端到端 Webhook' }).first();
      await row.getByTestId('channel-test').click();
      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
      expect(JSON.parse(received[0])).toMatchObject({ kind: '测试消息' });
      const log = page.getByTestId('message-attempts').locator('tbody tr.ant-table-row').first();
      await expect.poll(() => log.textContent(), { timeout: 15_000 }).toMatch(/测试消息.*端到端 Webhook.*成功/);
      await context.close();
    } finally {
      hook.closeAllConnections();
      await new Promise((done) => hook.close(done));
    }
  });
});

