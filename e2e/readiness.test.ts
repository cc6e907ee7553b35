// Readiness in the browser (issue 21), one chained journey: demo.bureau issues a typhoon warning to
// every school (000 item 10); demo.school on a 390 px phone signs for it from its home page and reports
// what it did with a photo; the bureau's live view, polling, shows the receipt and the report arrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes } from '../src/server/files/testing.js';
import { loginAs, newPage, openAs, pickOption, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
}, 120_000);
afterAll(() => server?.close());

describe('readiness', () => {
  it('a typhoon warning: issued by the bureau, signed and reported by a school on a phone, seen moving on the bureau’s chart', { timeout: 240_000 }, async () => {
    const title = `台风“海葵”橙色预警 ${Date.now() % 100000}`;
    // ---- demo.bureau issues it to all schools.
    const { page: b } = await newPage(server);
    await openAs(b, server, 'demo.bureau', `/warnings`);
    await b.getByTestId('warning-issue').click();
    await pickOption(b, 'warning-kind', '台风');
    await b.locator('.ant-drawer-open').getByText('橙色预警', { exact: true }).click();
    await b.getByTestId('warning-title').fill(title);
    await b.getByText('转移危棚简屋内人员').click();
    await b.getByText('暂停户外活动').click();
    await b.getByTestId('warning-issue-submit').click();
    await b.waitForURL(/\/warnings\/\d+$/);
    const warningPath = new URL(b.url()).pathname;
    await b.getByTestId('warning-chart').waitFor();
    const figure = (id: string) => b.getByTestId(id).locator('.ant-statistic-content-value').textContent();
    await expect.poll(() => figure('warning-signed-count')).toBe('0');
    expect(await figure('warning-reported-count')).toBe('0');

    // ---- demo.school on a phone: the warning is at the top of its home; one tap signs.
    const { page: phone } = await newPage(server, { width: 390, height: 844 });
    await loginAs(phone, server, 'demo.school');
    await phone.getByTestId('home-hazards').waitFor();
    const card = phone.getByTestId('home-warnings').locator('.ant-alert').filter({ hasText: title });
    await card.getByTestId('home-warning-sign').click();
    await phone.waitForURL(`${server.url}${warningPath}`);
    await phone.getByTestId('warning-report-submit').waitFor();
    // The first required action with a photo from the camera; the others as they are (done).
    await phone.locator('[data-testid="warning-photo-0"] input[type=file]').setInputFiles({ name: '危棚巡查.png', mimeType: 'image/png', buffer: pngBytes() });
    await phone.locator('[data-testid="warning-photo-0"] .ant-upload-list-item-done, [data-testid="warning-photo-0"] .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();
    await phone.getByTestId('warning-report-submit').click();
    await phone.getByTestId('warning-reported').waitFor();
    expect(await phone.getByTestId('warning-receipt').textContent()).toContain('转移危棚简屋内人员');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(392);

    // ---- the bureau's live view moves without a reload (it polls every few seconds).
    await expect.poll(() => figure('warning-signed-count'), { timeout: 20_000 }).toBe('1');
    await expect.poll(() => figure('warning-reported-count'), { timeout: 20_000 }).toBe('1');
  });
});
