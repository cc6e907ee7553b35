// 突发事件 in the browser (issue 13): demo.school reports an incident from the phone (390 px), known
// two and a half hours ago — past the 一般 first-report deadline of the rule pack (120 minutes) — so
// it is late (迟报) the moment it is sent; the town (东湖街道) and the bureau open it and sign for the
// report; the bureau finds it in the list filtered by 迟报, with the evidence, and signs its
// determination.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, newPage, startServer, type Server } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

/** A Beijing `datetime-local` value this many minutes ago. */
const beijingAgo = (minutes: number) => new Date(Date.now() + 8 * 3600_000 - minutes * 60_000).toISOString().slice(0, 16);

describe('incidents in the browser', () => {
  it('demo.school reports from the phone; the town and the bureau sign for it; the bureau finds it late', { timeout: 180_000 }, async () => {
    const headline = `学生午间追逃撞伤${Date.now() % 10000}`;
    // ---- demo.school on a phone.
    const { page: phone } = await newPage(server, { width: 390, height: 844 });
    await loginAs(phone, server, 'demo.school');
    await phone.getByTestId('home-incident-report').click();
    await phone.getByTestId('incident-headline').fill(headline);
    await phone.getByTestId('incident-occurred').fill(beijingAgo(170));
    await phone.getByTestId('incident-known').fill(beijingAgo(150));
    await phone.getByTestId('incident-place').fill('教学楼一楼大厅');
    await phone.getByTestId('incident-category').getByText('事故灾难').click();
    await phone.getByTestId('incident-subtype').getByText('其他').click();
    await phone.locator('input[data-testid="incident-injured"], [data-testid="incident-injured"] input').first().fill('2');
    await phone.getByTestId('incident-actions').fill('校医现场处置，一名学生送医检查，已通知家长');
    await phone.getByTestId('incident-submit').click();
    await phone.waitForURL(/\/incidents\/\d+$/);
    const url = phone.url();
    await phone.getByTestId('incident-timeline').waitFor();
    expect(await phone.getByTestId('incident-report').first().getAttribute('data-kind')).toBe('first');
    // Known 150 minutes ago, first report now: 30 minutes past the 120 allowed.
    expect(await phone.getByTestId('incident-flags').textContent()).toContain('迟报');
    expect(await phone.getByTestId('incident-flag-evidence').first().textContent()).toMatch(/一般事件首报于 .*超过时限/);
    // Nothing sticks out of the phone's width.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(392);

    // ---- demo.town (东湖街道) receives it.
    const { page: town } = await newPage(server);
    await loginAs(town, server, 'demo.town');
    await town.goto(`${server.url}/incidents`);
    await town.getByTestId('incident-table').getByText(headline).click();
    await town.waitForURL(url.replace(/^.*(\/incidents\/\d+)$/, `${server.url}$1`));
    await town.getByTestId('incident-receive').click();
    await expect.poll(() => town.getByTestId('incident-receipt').count()).toBe(1);
    expect(await town.getByTestId('incident-receipt').first().textContent()).toContain('东湖街道');

    // ---- demo.bureau finds it among the late reports, signs for it and signs its determination.
    const { page: bureau } = await newPage(server);
    await loginAs(bureau, server, 'demo.bureau');
    await bureau.goto(`${server.url}/incidents?flag=late`);
    const row = bureau.getByTestId('incident-table').getByText(headline);
    await row.waitFor();
    await row.click();
    await bureau.getByTestId('incident-receive').click();
    await expect.poll(() => bureau.getByTestId('incident-receipt').count()).toBe(2);
    await bureau.getByTestId('incident-determine').click();
    await bureau.getByTestId('incident-findings').getByText('责任事故').click();
    await bureau.getByTestId('incident-reasons').fill('学校午间看护缺位，首报超时 30 分钟，认定为责任事故');
    await bureau.getByTestId('incident-determine-submit').click();
    await bureau.getByTestId('incident-determinations').waitFor();
    expect(await bureau.getByTestId('incident-determinations').textContent()).toContain('首报超时 30 分钟');
    const flags = await bureau.getByTestId('incident-flags').textContent();
    expect(flags).toContain('迟报');
    expect(flags).toContain('责任事故');

    // The school sees the same on its phone.
    await phone.reload();
    await phone.getByTestId('incident-determinations').waitFor();
    expect(await phone.getByTestId('incident-flags').textContent()).toContain('责任事故');
  });
});
