// The app on a phone (390 px): the menu lies over the page and closes after a choice, and the
// ledger pages a school keeps on a phone do not scroll sideways; a wide page's tags stay in their
// columns (issue 17).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { input, loginAs, newPage, openAs, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('on a phone', () => {
  it('opens the menu over the page, closes it on a choice, and the duty and letter pages fit the width', async () => {
    const { page, context } = await newPage(server, { width: 390, height: 844 });
    await loginAs(page, server, 'demo.school');
    await page.getByTestId('menu-toggle').waitFor();
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    const contentWidth = async () => (await page.locator('.app-content').boundingBox())?.width ?? 0;
    expect(await contentWidth()).toBeGreaterThan(360);

    for (const [entry, path, title] of [
      ['值班带班', '/duty-rosters', '值班带班'],
      ['安全责任书', '/responsibility-letters', '安全责任书'],
    ] as const) {
      await page.getByTestId('menu-toggle').click();
      const drawer = page.getByTestId('menu-drawer');
      await drawer.getByRole('menuitem', { name: entry }).click();
      await page.waitForURL((u) => u.pathname.startsWith(path));
      await drawer.waitFor({ state: 'hidden' });
      await page.getByRole('heading', { name: title }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await contentWidth()).toBeGreaterThan(360);
      expect(await sideways(page), `${entry} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await context.close();
  });

  it('keeps the 角色权限 scope tag inside its column and the register key columns in view at 1440 px (issue 17)', async () => {
    const { page, context } = await newPage(server, { width: 1440, height: 900 });
    await openAs(page, server, 'demo.bureau', `/roles`);
    const tags = page.getByTestId('role-scope');
    await tags.first().waitFor();
    for (const tag of await tags.all()) {
      const cell = tag.locator('xpath=ancestor::td[1]');
      const [t, c] = [await tag.boundingBox(), await cell.boundingBox()];
      expect(t!.x + t!.width).toBeLessThanOrEqual(c!.x + c!.width);
    }
    // The register shows 等级, 状态 and 整改时限 without scrolling sideways at 1440 px.
    await page.goto(`${server.url}/hazards`);
    await page.getByTestId('hazard-row').first().waitFor();
    for (const name of ['等级', '状态', '整改时限']) {
      const box = await page.locator('.ant-table-thead th').filter({ hasText: new RegExp(`^${name}$`) }).first().boundingBox();
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(1440);
    }
    await context.close();
  });

  it("lists the inspector's inspections on the home page and leads from 开始检查 into the form (issue 17)", async () => {
    const { page, context } = await newPage(server, { width: 390, height: 844 });
    await loginAs(page, server, 'demo.inspector');
    const item = page.getByTestId('home-inspection-item').filter({ hasText: '秋冬季消防安全抽查' });
    await item.click();
    await page.getByTestId('inspection-start').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    const fill = page.getByTestId('inspection-fill').filter({ hasText: '示范区实验小学' });
    await fill.click();
    await expect.poll(() => page.getByTestId('fill-page').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('fill-item').count()).toBeGreaterThan(10);
    await context.close();
  });

  it('a school downloads its QR label sheet, and a scanned label opens the place with its checklist items and 在此上报隐患 (issue 17)', async () => {
    const { page, context } = await newPage(server, { width: 390, height: 844 });
    await loginAs(page, server, 'demo.school');
    await page.goto(`${server.url}/labels`);
    const names = page.getByTestId('label-name');
    await expect.poll(() => names.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('labels-sheet').click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    // The first label is a building's (printed first): scanned, it opens the building.
    const first = names.first();
    const name = (await first.textContent())!;
    await page.goto(`${server.url}/q/${await first.getAttribute('data-code')}`);
    await expect.poll(() => page.getByTestId('scan-name').textContent(), { timeout: 20_000 }).toBe(name);
    expect(await page.getByTestId('scan-page').locator('.ant-list-item').count()).toBeGreaterThan(0);
    await page.getByTestId('scan-report-hazard').click();
    await expect.poll(() => input(page, 'hazard-report-location').inputValue()).toBe(name);
    await context.close();
  });
});
