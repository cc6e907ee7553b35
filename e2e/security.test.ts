// 人防物防技防 in the browser (002 area 8: 学生在校期间每个门岗至少2名保安员): demo.school records a
// new profile, prefilled from its latest, with one guard at the east gate in school hours; the page
// shows the cell short in red and the rule missed, and the school's compliance card agrees. Then it
// registers an IoT device and sees its key once (issue 17).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { input, newPage, openAs, pickOption, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const RULE = 'guards.school_hours';

describe('security profiles in the browser', () => {
  it('demo.school records 1 guard at the east gate in school hours: the page highlights it and the compliance card shows the rule missed (002 area 8); then an IoT device key is shown once', { timeout: 180_000 }, async () => {
    const { page, context } = await newPage(server);
    await openAs(page, server, 'demo.school', `/security-profiles`);
    const card = page.getByTestId('school-profile');
    // The demo profile meets every rule.
    await expect.poll(() => card.getByTestId('profile-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('ok');
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(2);

    // A new profile, prefilled from the latest: one guard at the east gate while students are in school.
    await page.getByTestId('profile-create').click();
    const guards = input(page, 'gate-0-school_hours');
    await expect.poll(() => guards.inputValue()).toBe('2');
    expect(await input(page, 'gate-0-name').inputValue()).toBe('东门');
    await guards.fill('1');
    await page.getByTestId('profile-submit').click();
    await expect.poll(() => page.locator('.ant-drawer-open').count(), { timeout: 15_000 }).toBe(0);

    // The page: short, the east gate's cell in red, the rule missed with the seed cited; the history keeps all three.
    await expect.poll(() => card.getByTestId('profile-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('short');
    const cell = card.locator('[data-testid="gate-row"][data-gate="东门"] [data-testid="gate-school_hours"]');
    expect(await cell.getAttribute('data-short')).toBe('true');
    expect(await cell.textContent()).toBe('1 人');
    expect(await card.locator('[data-testid="gate-row"][data-gate="西门"] [data-testid="gate-school_hours"]').getAttribute('data-short')).toBe('false');
    const finding = card.locator(`[data-testid="profile-finding"][data-rule="${RULE}"]`);
    expect(await finding.getAttribute('data-status')).toBe('missed');
    expect(await finding.textContent()).toContain('东门 1 名');
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(3);

    // The school's compliance card on its home page agrees.
    await page.goto(`${server.url}/`);
    const onCard = page.locator(`[data-testid="school-compliance-card"] [data-testid="finding"][data-rule="${RULE}"]`);
    await expect.poll(() => onCard.getAttribute('data-status'), { timeout: 20_000 }).toBe('missed');
    expect(await onCard.getByTestId('finding-explanation').textContent()).toContain('002');

    // 物联网监测 (issue 17): the school registers a smoke detector; its key is shown once, then on no page.
    await page.goto(`${server.url}/iot`);
    await page.getByTestId('iot-device-create').click();
    await pickOption(page, 'iot-device-kind', '烟感探测器');
    await input(page, 'iot-device-name').fill('食堂烟感-01');
    await input(page, 'iot-device-place').fill('食堂后厨');
    await page.getByTestId('iot-device-submit').click();
    const key = page.getByTestId('iot-key-value');
    await expect.poll(() => key.count(), { timeout: 15_000 }).toBe(1);
    const shown = (await key.textContent())!;
    expect(shown).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await page.getByTestId('iot-key-modal').textContent()).toContain('密钥只显示这一次');
    await page.getByTestId('iot-key-close').click();
    await expect.poll(() => key.count()).toBe(0);
    const row = page.getByTestId('iot-device-row').filter({ hasText: '食堂烟感-01' });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByTestId('iot-device-open').click();
    await expect.poll(() => page.locator('.ant-drawer-open').textContent()).toContain('设备尚未上报事件');
    expect(await page.content()).not.toContain(shown);
    await context.close();
  });
});
