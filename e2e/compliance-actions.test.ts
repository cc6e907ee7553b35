// Oversight in the browser (issue 4): demo.bureau opens the school with the most missed rules from
// its home page, opens a hazard from a missed finding on the school's card (生成隐患, confirmed in a
// modal), the card links the hazard instead of the button, and the hazard is in 隐患台账 with the
// source 合规检查; the school's 安全日历 opens from the card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, newPage, startServer, type Server } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('acting on a missed finding', () => {
  it('demo.bureau: school card → 生成隐患 → the hazard is in 隐患台账; the card shows it and opens the school’s 安全日历', { timeout: 120_000 }, async () => {
    const { page } = await newPage(server);
    await loginAs(page, server, 'demo.bureau');
    // Home: the schools with the most missed rules; the first opens its card on the board.
    await page.getByTestId('home-compliance-school').first().click();
    await page.waitForURL(/\/compliance\?.*school=\d+/);
    const card = page.getByTestId('school-compliance-card');
    const button = card.getByTestId('finding-open-hazard').first();
    await button.waitFor({ timeout: 20_000 });
    const finding = card.locator('[data-testid="finding"][data-status="missed"]').filter({ has: page.getByTestId('finding-open-hazard') }).first();
    const rule = await finding.getAttribute('data-rule');
    expect(rule).toBeTruthy();

    await finding.getByTestId('finding-open-hazard').click();
    await page.getByTestId('action-note').fill('请在两周内补齐并上传记录');
    await page.getByTestId('action-submit').click();
    const created = page.getByTestId('action-hazard-created');
    await created.waitFor();
    const code = /YH-\d{4}-\d+/.exec((await created.textContent()) ?? '')?.[0];
    expect(code).toBeTruthy();

    // The card now links the open hazard instead of offering a second one.
    const again = card.locator(`[data-testid="finding"][data-rule="${rule}"]`);
    await expect.poll(() => again.getByTestId('finding-hazard-link').textContent(), { timeout: 15_000 }).toContain(code!);
    expect(await again.getByTestId('finding-open-hazard').count()).toBe(0);

    // The school's calendar opens from the card.
    await card.getByTestId('card-due-calendar').click();
    await page.waitForURL(/\/due-calendar\?school=\d+/);
    await page.getByTestId('due-month-list').waitFor();
    await expect.poll(() => page.getByTestId('due-item').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    // The register has it, from 合规检查, naming the rule.
    await page.goto(`${server.url}/hazards?source=compliance`);
    const row = page.locator('.ant-table-row').filter({ hasText: code! });
    await row.waitFor({ timeout: 15_000 });
    await row.getByText(code!).first().click();
    await page.waitForURL(/\/hazards\/\d+/);
    await expect.poll(() => page.locator('body').textContent(), { timeout: 15_000 }).toContain(`规则 ${rule}`);
    expect(await page.locator('body').textContent()).toContain('合规检查');
  });
});
