// The quarterly kindergarten drill in the browser (001 item 6: 幼儿园每季度至少开展1次应急疏散演练):
// demo.kg's card shows it missed (due soon in a quarter's last two weeks), the drill is recorded
// through the form with a photo, the card turns to met, and demo.bureau's compliance board agrees;
// then the bureau raises the threshold to 2 (a new rule pack version) and one drill falls short again.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingStatusLabels, type FindingStatus } from '../src/contracts/rules.js';
import { daysBetween, shanghaiDate } from '../src/domain/dates.js';
import { quarterOf } from '../src/domain/rules/periods.js';
import { pngBytes } from '../src/server/files/testing.js';
import { input, loginAs, newPage, openAs, pickOption, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const KG = '示范区第一幼儿园';
const RULE = 'drill.quarterly_kindergarten';

/** Before the drill: missed (the last quarter had none), or due soon in the last 14 days of a quarter. */
function expectedBefore(): FindingStatus {
  const today = shanghaiDate(new Date());
  return daysBetween(today, quarterOf(today).endsOn) <= 14 ? 'due_soon' : 'missed';
}

async function homeFinding(page: Page) {
  await page.goto(`${server.url}/`);
  const f = page.locator(`[data-testid="school-compliance-card"] [data-testid="finding"][data-rule="${RULE}"]`);
  await expect.poll(() => f.count(), { timeout: 20_000 }).toBe(1);
  return f;
}

async function bureauCell(page: Page) {
  await page.goto(`${server.url}/compliance?ruleCode=${RULE}`);
  const row = page.locator(`[data-testid="matrix-row"][data-unit="${KG}"]`);
  await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
  return row.locator(`[data-testid="matrix-cell"][data-rule="${RULE}"]`);
}

describe('compliance in the browser', () => {
  it("demo.kg's quarterly drill: missed on its card and the bureau's board → recorded through the form → met on both → short again when the bureau raises the threshold", { timeout: 300_000 }, async () => {
    const before = expectedBefore();

    // 1. demo.kg's home page: the card shows the quarterly drill not met, with the seed cited.
    const kg = await newPage(server);
    await loginAs(kg.page, server, 'demo.kg');
    let finding = await homeFinding(kg.page);
    await expect.poll(() => finding.getAttribute('data-status')).toBe(before);
    expect(await finding.getByTestId('finding-status').textContent()).toBe(findingStatusLabels[before]);
    const explanation = await finding.getByTestId('finding-explanation').textContent();
    expect(explanation).toContain('应急疏散演练 0 次');
    expect(explanation).toContain('001');
    // Every ledger of the rule pack is kept: nothing is left waiting for its ledger.
    expect(await kg.page.getByTestId('compliance-pending').count()).toBe(0);

    // 2. The bureau's board agrees before the drill.
    const bureau = await newPage(server);
    await loginAs(bureau.page, server, 'demo.bureau');
    let cell = await bureauCell(bureau.page);
    await expect.poll(() => cell.getAttribute('data-status')).toBe(before);
    // The cell's sentence (sent once per page and named by index, issue 19) is its tooltip.
    await cell.hover();
    await expect.poll(() => bureau.page.getByRole('tooltip').filter({ hasText: '应急疏散演练 0 次' }).count(), { timeout: 10_000 }).toBe(1);

    // 3. demo.kg records today's drill from the card, through the drawer, with a photo.
    await kg.page.getByTestId('home-record-drill').click();
    await kg.page.waitForURL((u) => u.pathname === '/drills');
    await expect.poll(() => kg.page.getByTestId('drill-submit').isVisible(), { timeout: 15_000 }).toBe(true);
    await pickOption(kg.page, 'drill-kind', '防火灾');
    await pickOption(kg.page, 'drill-plan', '火灾');
    await input(kg.page, 'drill-participants').fill('396');
    await input(kg.page, 'drill-evacuation').fill('165');
    await input(kg.page, 'drill-observers').fill('东湖消防救援站');
    await kg.page.getByTestId('drill-problems').fill('小班午睡室疏散稍慢，已调整疏散顺序');
    await kg.page.locator('[data-testid="drill-photos"] input[type=file]').setInputFiles({ name: '演练现场.png', mimeType: 'image/png', buffer: pngBytes() });
    await expect.poll(() => kg.page.locator('[data-testid="drill-photos"] .ant-upload-list-item-done').count(), { timeout: 15_000 }).toBe(1);
    await kg.page.getByTestId('drill-submit').click();
    await expect.poll(() => kg.page.locator('.ant-drawer-open').count(), { timeout: 15_000 }).toBe(0);
    const row = kg.page.getByTestId('drill-row').filter({ hasText: '东湖消防救援站' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.textContent()).toContain('396 人');
    expect(await row.getByTestId('file-thumb').count()).toBe(1);
    // The drill names the fire plan it exercised (issue 21).
    const saved = await kg.page.evaluate(async () => (await fetch('/api/v1/drills?pageSize=20')).json());
    expect(saved.items.find((d: { observers: string | null }) => d.observers === '东湖消防救援站').emergencyPlanId).toEqual(expect.any(Number));

    // 4. The card turns to met, counting that drill.
    finding = await homeFinding(kg.page);
    await expect.poll(() => finding.getAttribute('data-status'), { timeout: 15_000 }).toBe('met');
    expect(await finding.getByTestId('finding-status').textContent()).toBe(findingStatusLabels.met);
    await expect.poll(() => finding.getByTestId('finding-records').textContent()).toContain(`${shanghaiDate(new Date())} 防火灾`);

    // 5. The bureau's board agrees: the matrix cell, the findings list, and the school's card.
    cell = await bureauCell(bureau.page);
    await expect.poll(() => cell.getAttribute('data-status'), { timeout: 15_000 }).toBe('met');
    await bureau.page.goto(`${server.url}/compliance?view=list&ruleCode=${RULE}&status=met`);
    await expect.poll(() => bureau.page.locator(`[data-testid="finding-row"][data-unit="${KG}"]`).count(), { timeout: 15_000 }).toBe(1);
    await bureau.page.locator(`[data-testid="finding-row"][data-unit="${KG}"] [data-testid="compliance-school"]`).click();
    const card = bureau.page.locator(`.ant-drawer-open [data-testid="finding"][data-rule="${RULE}"]`);
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('met');
    // The counted drill is named once the school's drills have loaded (until then by its record number).
    await expect.poll(() => card.getByTestId('finding-records').textContent(), { timeout: 15_000 }).toContain('防火灾');

    // The board's export has the same filters (the kindergarten's row says met).
    const href = await bureau.page.getByTestId('compliance-export').getAttribute('href');
    expect(href).toContain(`ruleCode=${RULE}`);
    const board = await bureau.page.request.get(`${server.url}${href}`);
    expect(board.status()).toBe(200);
    expect(board.headers()['content-type']).toContain('spreadsheetml');

    // The bureau's drill export has the new drill (scoped, same filters as the table).
    const res = await bureau.page.request.get(`${server.url}/api/v1/drills/export?kind=fire`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('spreadsheetml');

    // 6. 规则配置: the bureau raises the kindergartens' threshold to 2 a quarter (a new version, with
    // a reason); one drill no longer meets it, and the board says so.
    await bureau.page.goto(`${server.url}/rules`);
    const rule = bureau.page.locator(`[data-testid="rule-row"][data-rule="${RULE}"]`);
    await expect.poll(() => rule.count(), { timeout: 15_000 }).toBe(1);
    expect(await rule.getByTestId('rule-threshold').textContent()).toBe('至少 1 次');
    await rule.getByTestId('rule-edit').click();
    await input(bureau.page, 'rule-min').fill('2');
    await bureau.page.getByTestId('rule-reason').fill('本区要求幼儿园每季度两次演练');
    await bureau.page.locator('.ant-modal .ant-btn-primary').click();
    await expect.poll(() => rule.getByTestId('rule-threshold').textContent(), { timeout: 15_000 }).toBe('至少 2 次');
    expect(await bureau.page.getByTestId('rule-version').textContent()).toContain('第 2 版');
    cell = await bureauCell(bureau.page);
    await expect.poll(() => cell.getAttribute('data-status'), { timeout: 15_000 }).toBe(before);

    await kg.context.close();
    await bureau.context.close();
  });
  it('校历: the bureau renames a holiday of this school year and declares a key period (003)', { timeout: 120_000 }, async () => {
    const { page, context } = await newPage(server);
    await openAs(page, server, 'demo.bureau', `/school-calendars`);
    await expect.poll(() => page.getByText('国庆节', { exact: true }).count(), { timeout: 20_000 }).toBe(1);
    await page.getByRole('button', { name: '修改' }).first().click();
    const name = page.locator('.ant-drawer-open input[placeholder="如：国庆节"]').first();
    await expect.poll(() => name.inputValue(), { timeout: 10_000 }).toBe('国庆节');
    await name.fill('国庆节假期');
    await page.getByTestId('calendar-submit').click();
    await expect.poll(() => page.getByText('国庆节假期', { exact: true }).count(), { timeout: 15_000 }).toBe(1);

    await page.getByRole('button', { name: '设定重点时段' }).click();
    await page.locator('.ant-modal input[placeholder="如：春节及全国两会期间"]').fill('元旦春节期间');
    await page.locator('.ant-modal .ant-picker-range input').first().click();
    await page.keyboard.type('2026-12-30');
    await page.keyboard.press('Enter');
    await page.keyboard.type('2027-01-03');
    await page.keyboard.press('Enter');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => page.getByText('元旦春节期间', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    const kps = await (await page.request.get(`${server.url}/api/v1/key-periods`)).json();
    expect(kps.items).toEqual(expect.arrayContaining([expect.objectContaining({ name: '元旦春节期间', startsOn: '2026-12-30', endsOn: '2027-01-03' })]));
    await context.close();
  });
});
