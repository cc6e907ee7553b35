// 危险化学品 in the browser on a phone (issue 15 item 4; 003: 采购、保存、使用、处置全程可追溯): the lab
// technician of 东湖中学 (demo.lab) issues 150 mL of ethanol to a class and takes 50 mL back; the
// balance, computed by the server from the movements, follows each step; an issue larger than the
// balance is refused with the reason under the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { input, newPage, openAs, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('hazardous chemicals in the browser', () => {
  it('a lab technician issues and returns ethanol on a phone and the balance follows', { timeout: 120_000 }, async () => {
    const { page, context } = await newPage(server, { width: 390, height: 844 });
    await openAs(page, server, 'demo.lab', `/chemicals?q=无水乙醇`);
    const row = page.getByTestId('chemicals-row').first();
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    const balance = async () => Number(await row.getByTestId('chemical-balance').getAttribute('data-balance'));
    const before = await balance();
    expect(before).toBeGreaterThan(150);

    // 领用: 150 mL to a class.
    await row.getByTestId('chemical-move').click();
    await expect.poll(() => page.getByTestId('movement-balance').textContent()).toContain(`当前结存 ${before} mL`);
    await input(page, 'movement-quantity').fill('150');
    await input(page, 'movement-recipient').fill('陈老师');
    await input(page, 'movement-class').fill('初三（2）班');
    await page.getByTestId('movement-submit').click();
    await expect.poll(() => page.locator('.ant-drawer-open').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(balance, { timeout: 15_000 }).toBe(before - 150);

    // More than the balance: refused, the reason under the quantity, nothing changes.
    await row.getByTestId('chemical-move').click();
    await input(page, 'movement-quantity').fill(String(before));
    await input(page, 'movement-recipient').fill('陈老师');
    await input(page, 'movement-class').fill('初三（2）班');
    await page.getByTestId('movement-submit').click();
    await expect.poll(() => page.locator('.ant-drawer-open .ant-form-item-explain-error').first().textContent(), { timeout: 15_000 }).toContain('领用数量超过当时结存');

    // 归还: 50 mL of that issue come back.
    await page.getByTestId('movement-kind').getByText('归还').click();
    await input(page, 'movement-quantity').fill('50');
    await page.getByTestId('movement-issue').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '陈老师' }).first().click();
    await expect.poll(() => page.getByTestId('movement-issue').textContent()).toContain('陈老师');
    await page.getByTestId('movement-submit').click();
    await expect.poll(() => page.locator('.ant-drawer-open').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(balance, { timeout: 15_000 }).toBe(before - 100);
    expect(await row.getByTestId('chemical-balance').textContent()).toContain('领用未还');

    // The movements tab lists both, newest first.
    await page.goto(`${server.url}/chemicals?tab=movements&kind=return`);
    await expect.poll(() => page.getByTestId('movements-row').first().textContent(), { timeout: 20_000 }).toContain('50 mL');
    await context.close();
  });
});
