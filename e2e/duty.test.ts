// 值班带班 in the browser (003: a leader and a staff member on 24-hour duty every day of a key
// period): demo.school's key-period roster has its last day without a staff member, flagged red;
// the school arranges its safety officer for that day and the day turns covered; then the safety
// officer confirms today's duty from the home page (only the person on duty confirms).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY_PERIOD } from '../src/server/demo/duty.js';
import { newPage, openAs, pickOption, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('duty rosters in the browser', () => {
  it('demo.school fills the uncovered day of the key-period roster and sees it covered; confirms its own duty from the home page', { timeout: 120_000 }, async () => {
    const { page } = await newPage(server);
    await openAs(page, server, 'demo.school', `/duty-rosters`);
    await page.getByTestId('duty-table').getByText(`${DEMO_KEY_PERIOD}24小时值班带班`).click();
    await page.waitForURL(/\/duty-rosters\/\d+$/);

    // One day without a staff member, flagged red.
    const open = page.locator('[data-testid="duty-day"][data-covered="false"]');
    await expect.poll(() => open.count()).toBe(1);
    expect(await page.getByTestId('duty-uncovered').textContent()).toContain('1 天未落实');
    const day = await open.getAttribute('data-day');
    expect(await open.getByTestId('duty-day-state').textContent()).toContain('缺值班人员');

    // Arrange the safety officer (周安全) for 24 hours on that day.
    await open.getByTestId('duty-arrange-staff').click();
    await pickOption(page, 'duty-arrange-person', '周安全');
    await page.getByTestId('duty-arrange-submit').click();
    const filled = page.locator(`[data-testid="duty-day"][data-day="${day}"]`);
    await expect.poll(() => filled.getAttribute('data-covered')).toBe('true');
    expect(await filled.getByTestId('duty-cell-staff').textContent()).toContain('周安全');
    expect(await page.getByTestId('duty-uncovered').textContent()).toContain('每天均已落实');

    // The person on duty confirms today's duty from the home page.
    await page.goto(`${server.url}/`);
    const confirm = page.getByTestId('home-duty-confirm').first();
    await confirm.waitFor();
    const before = await page.getByTestId('home-duty-confirm').count();
    await confirm.click();
    await expect.poll(() => page.getByTestId('home-duty-confirm').count()).toBe(before - 1);
  });
});
