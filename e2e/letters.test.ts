// The responsibility letter in the browser (000 item 1: 签约率 100%): demo.school's school is the one
// unit of the demo that has not signed the bureau's letter; demo.school signs it in the app and the
// page shows it signed, and the bureau's sign rate counts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, openAs, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('responsibility letters in the browser', () => {
  it('demo.school signs the bureau letter in the app; the page shows it signed (000 第1条)', { timeout: 120_000 }, async () => {
    const { page } = await newPage(server);
    await openAs(page, server, 'demo.school', `/responsibility-letters`);
    const own = page.getByTestId('letter-own-status');
    await expect.poll(() => own.getAttribute('data-signed'), { timeout: 20_000 }).toBe('0');
    expect(await own.textContent()).toContain('未签');
    // The school's own line counts: 0 of 1 before signing.
    expect(await page.getByTestId('bureau-letter-rate').getAttribute('data-signed')).toBe('0');

    await page.getByTestId('letter-sign').click();
    await page.getByTestId('letter-sign-confirm').click();
    await expect.poll(() => own.getAttribute('data-signed'), { timeout: 15_000 }).toBe('1');
    const text = await own.textContent();
    expect(text).toContain('已签');
    expect(text).toContain('周安全');
    expect(text).toContain('系统内确认签署');
    expect(await page.getByTestId('bureau-letter-rate').getAttribute('data-signed')).toBe('1');
    expect(await page.getByTestId('letter-sign').count()).toBe(0);
    // The school's own staff letter is there with its table.
    expect(await page.getByTestId('staff-letter').locator('[data-testid="signer-row"]').count()).toBeGreaterThan(0);

    // The bureau's page: every unit has signed now.
    const bureau = await newPage(server);
    await openAs(bureau.page, server, 'demo.bureau', `/responsibility-letters`);
    const rate = bureau.page.getByTestId('bureau-letter-rate');
    await expect.poll(() => rate.getAttribute('data-total'), { timeout: 20_000 }).not.toBeNull();
    expect(await rate.getAttribute('data-signed')).toBe(await rate.getAttribute('data-total'));
    expect(await bureau.page.getByTestId('letter-town-summary').textContent()).not.toContain('示范区实验小学');
  });
});
