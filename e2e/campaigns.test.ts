// Campaigns in the browser (002 闵行区校园安全专项整治): demo.bureau creates a campaign from the 002
// preset, moved so that today falls in its special rectification phase (专项整治阶段, 周报机制), sees
// it in the list and its progress; demo.dept (安全管理中心) opens this week's weekly return, drafted
// from the week's data, and submits it (002 attachment 4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate, weekStart } from '../src/domain/dates.js';
import { input, loginAs, newPage, openAs, pickOption, type Server, startServer } from './harness.js';

let server: Server;
/** The campaign the first test creates; the second sorts its hazards (the tests run in order). */
let campaignId = 0;
beforeAll(async () => {
  server = await startServer();
}, 300_000);
afterAll(() => server?.close());

describe('campaigns in the browser', () => {
  it('demo.bureau creates a campaign from the 002 preset; demo.dept submits this week’s return', { timeout: 300_000 }, async () => {
    const today = shanghaiDate(new Date());
    // 002: 集中排查 3/1–3/31, 专项整治 4/1–5/31. Starting 40 days ago puts today in 专项整治.
    const start = addDays(today, -40);
    const name = `端到端专项整治${Date.now() % 100000}`;

    // 1. The bureau opens 专项整治 from the menu and starts a new campaign: the 002 preset is filled in.
    const bureau = await newPage(server);
    await loginAs(bureau.page, server, 'demo.bureau');
    await bureau.page.getByRole('menuitem', { name: '专项整治' }).click();
    await bureau.page.getByTestId('campaign-create').click();
    const nameInput = input(bureau.page, 'campaign-name');
    await expect.poll(() => nameInput.inputValue(), { timeout: 20_000 }).toContain('校园安全专项整治');
    await expect.poll(() => bureau.page.getByTestId('campaign-phase-row').count()).toBe(3);
    await expect.poll(() => bureau.page.getByTestId('campaign-area-row').count()).toBe(10);

    // Move the preset to start 40 days ago: every phase moves with it.
    const startInput = input(bureau.page, 'campaign-preset-start');
    await startInput.click();
    await startInput.fill(start);
    await startInput.press('Enter');
    await expect.poll(() => input(bureau.page, 'campaign-starts-on').inputValue()).toBe(start);
    const phaseStarts = bureau.page.locator('input[data-testid="campaign-phase-start"], [data-testid="campaign-phase-start"] input');
    expect(await phaseStarts.nth(1).inputValue()).toBe(addDays(start, 31));

    await nameInput.fill(name);
    await bureau.page.getByTestId('campaign-submit').click();
    await bureau.page.waitForURL(/\/campaigns\/\d+/, { timeout: 30_000 });
    const id = Number(/\/campaigns\/(\d+)/.exec(bureau.page.url())![1]);
    campaignId = id;

    // 2. Its page: today's phase is 专项整治, the progress tab shows the leading group's figures.
    await expect.poll(() => bureau.page.getByTestId('campaign-current-phase').textContent(), { timeout: 20_000 }).toContain('专项整治');
    const schools = bureau.page.getByTestId('figure-schools');
    await expect.poll(() => schools.textContent(), { timeout: 20_000 }).toMatch(/覆盖学校\s*[1-9]\d*/);
    expect(await bureau.page.getByTestId('self-check-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await bureau.page.getByTestId('campaign-register-link').getAttribute('href')).toBe(`/hazards?campaignId=${id}`);

    // 3. The list shows it with its phase.
    await bureau.page.getByRole('menuitem', { name: '专项整治' }).click();
    const row = bureau.page.locator(`[data-testid="campaign-row"][data-campaign-id="${id}"]`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    if (process.env.SHOTS) await bureau.page.screenshot({ path: 'test-results/campaign-list.png', fullPage: true });
    expect(await row.textContent()).toContain(name);
    expect(await row.textContent()).toContain('专项整治');

    // 4. The safety centre's officer finds this week's return waiting on the home page (UX.md),
    //    opens it from there and submits it.
    const dept = await newPage(server);
    await loginAs(dept.page, server, 'demo.dept');
    // This week's is 待报送; last week's, if the phase had begun, is listed too as 未报.
    const waiting = dept.page.getByTestId('home-weekly-returns').locator('.ant-list-item').filter({ hasText: name }).filter({ hasText: '待报送' });
    await expect.poll(() => waiting.count(), { timeout: 30_000 }).toBe(1);
    await waiting.getByRole('link', { name: '填报' }).click();
    const drawer = dept.page.getByTestId('weekly-drawer');
    await expect.poll(() => drawer.count(), { timeout: 20_000 }).toBe(1);
    expect(await dept.page.getByTestId('weekly-figures').textContent()).toContain('本周新增');
    // The progress text is drafted from the week's figures.
    await expect.poll(() => dept.page.getByTestId('weekly-progress').inputValue()).toContain('本周');
    await dept.page.getByTestId('weekly-next-steps').fill('督促各校完成门岗保安配备整改，开展回头看');
    await dept.page.getByTestId('weekly-submit').click();
    await dept.page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => dept.page.getByText('周报已提交').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    // The grid shows it submitted; the API agrees.
    const week = weekStart(today);
    const cell = dept.page.locator(`[data-testid="weekly-cell"][data-week="${week}"]`).first();
    await expect.poll(() => cell.locator('[data-testid="weekly-status"]').getAttribute('data-status'), { timeout: 20_000 }).toBe('submitted');
    const res = await dept.page.request.get(`${server.url}/api/v1/campaigns/${id}/weekly-returns?week=${week}`);
    const body = await res.json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0].status).toBe('submitted');
    expect(body.items[0].nextSteps).toContain('门岗保安');

    if (process.env.SHOTS) {
      for (const tab of ['progress', 'phases', 'weekly', 'summary']) {
        await bureau.page.goto(`${server.url}/campaigns/${id}?tab=${tab}`);
        await bureau.page.waitForLoadState('networkidle');
        await bureau.page.waitForTimeout(1500);
        await bureau.page.screenshot({ path: `test-results/campaign-${tab}.png`, fullPage: true });
      }
      await dept.page.screenshot({ path: 'test-results/campaign-dept-weekly.png', fullPage: true });
    }
    await bureau.context.close();
    await dept.context.close();

    // 5. On a phone the page does not run off the screen, on any tab.
    const phone = await newPage(server, { width: 390, height: 844 });
    await loginAs(phone.page, server, 'demo.bureau');
    for (const tab of ['progress', 'phases', 'weekly', 'summary']) {
      await phone.page.goto(`${server.url}/campaigns/${id}?tab=${tab}`);
      await expect.poll(() => phone.page.getByTestId('campaign-header').count(), { timeout: 20_000 }).toBe(1);
      await phone.page.waitForLoadState('networkidle');
      if (process.env.SHOTS) await phone.page.screenshot({ path: `test-results/campaign-phone-${tab}.png`, fullPage: true });
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(392);
    }
    await phone.page.goto(`${server.url}/campaigns`);
    await expect.poll(() => phone.page.locator(`[data-testid="campaign-row"][data-campaign-id="${id}"]`).count(), { timeout: 20_000 }).toBe(1);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(392);
    await phone.context.close();
  });

  it('demo.bureau sorts the campaign’s hazards into the three classes and draws a seeded sample (002 总结评估)', { timeout: 300_000 }, async () => {
    expect(campaignId).toBeGreaterThan(0);
    const today = shanghaiDate(new Date());
    const { page, context } = await newPage(server);
    await loginAs(page, server, 'demo.bureau');
    // Two hazards of the campaign, reported through the API (the register's own tests cover the form).
    const me = await (await page.request.get(`${server.url}/api/v1/auth/me`)).json();
    const headers = { 'x-csrf-token': me.csrfToken };
    const schools = await (await page.request.get(`${server.url}/api/v1/units?kind=school&pageSize=1`)).json();
    const codes: string[] = [];
    for (const description of ['北门门岗上学时段仅 1 名保安', '围墙周界报警系统东段失效']) {
      const res = await page.request.post(`${server.url}/api/v1/hazards`, {
        headers,
        data: { schoolId: schools.items[0].id, area: 'guards', location: '北门', description, foundOn: today, campaignId },
      });
      expect(res.status()).toBe(201);
      codes.push((await res.json()).code);
    }

    // The bureau edits the campaign: the drawer shows what was saved; a new name is kept.
    await page.goto(`${server.url}/campaigns/${campaignId}?tab=phases`);
    await page.getByTestId('campaign-edit').click();
    const nameInput = input(page, 'campaign-name');
    await expect.poll(() => nameInput.inputValue(), { timeout: 20_000 }).toContain('端到端专项整治');
    expect(await page.getByTestId('campaign-area-row').count()).toBe(10);
    const renamed = `${await nameInput.inputValue()}（修订）`;
    await nameInput.fill(renamed);
    await page.getByTestId('campaign-submit').click();
    await expect.poll(() => page.locator('.page-header h4').textContent(), { timeout: 20_000 }).toBe(renamed);

    await page.goto(`${server.url}/campaigns/${campaignId}?tab=summary`);
    const unclassified = page.getByTestId('summary-unclassified-table');
    await expect.poll(() => unclassified.locator('tbody tr.ant-table-row').count(), { timeout: 20_000 }).toBe(2);

    // The first is hard to resolve soon and goes to the coordination list with 法制科; a reported
    // hazard cannot be "resolved" (its fix was never accepted).
    await unclassified.locator('tr', { hasText: codes[0] }).getByTestId('summary-classify').click();
    expect(await input(page, 'classify-resolved').isDisabled()).toBe(true);
    await input(page, 'classify-hard').check();
    await pickOption(page, 'classify-department', '法制科');
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    expect(await page.locator('.ant-modal:visible').textContent()).toContain('法制科');
    await page.locator('.ant-modal-footer .ant-btn-primary:visible').click();
    await expect.poll(() => page.getByTestId('summary-coordination').textContent(), { timeout: 20_000 }).toContain(codes[0]);
    expect(await page.getByTestId('summary-coordination').textContent()).toContain('法制科');

    // The second is being resolved, committed for a day next month.
    await unclassified.locator('tr', { hasText: codes[1] }).getByTestId('summary-classify').click();
    await input(page, 'classify-resolving').check();
    const committed = page.locator('input[data-testid="classify-committed-on"], [data-testid="classify-committed-on"] input').first();
    await committed.click();
    await committed.fill(addDays(today, 30));
    await committed.press('Enter'); // confirms the date, and with it the dialog's form
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => unclassified.locator('tbody tr.ant-table-row').count(), { timeout: 20_000 }).toBe(0);

    // A sample of all of the first two classes, from a given seed: the seed is recorded and a
    // follow-up inspection (回头看) is created for the sampled hazard.
    await input(page, 'sample-ratio').fill('100');
    await page.getByTestId('sample-seed-input').fill('e2e-2022-minhang');
    await page.getByTestId('sample-draw').click();
    const samples = page.getByTestId('sample-table');
    await expect.poll(() => samples.textContent(), { timeout: 30_000 }).toContain('e2e-2022-minhang');
    expect(await samples.textContent()).toContain(codes[1]);
    expect(await samples.textContent()).not.toContain(codes[0]);
    const followUp = samples.getByTestId('sample-follow-up').first();
    expect(await followUp.getAttribute('href')).toMatch(/^\/inspections\/\d+$/);

    // The summary export is a spreadsheet.
    const xlsx = await page.request.get(`${server.url}/api/v1/campaigns/${campaignId}/summary/export`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    await context.close();
  });

  it('demo.school sees the campaigns that include it, without create, weekly returns or classify', { timeout: 120_000 }, async () => {
    const { page, context } = await newPage(server, { width: 390, height: 844 });
    await openAs(page, server, 'demo.school', `/campaigns`);
    const row = page.locator(`[data-testid="campaign-row"][data-campaign-id="${campaignId}"]`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('campaign-create').count()).toBe(0);
    await row.click();
    await expect.poll(() => page.getByTestId('campaign-header').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('figure-schools').textContent(), { timeout: 20_000 }).toContain('1');
    expect(await page.getByRole('tab', { name: '周报' }).count()).toBe(0);
    expect(await page.getByTestId('campaign-edit').count()).toBe(0);
    await page.getByRole('tab', { name: '总结评估' }).click();
    await expect.poll(() => page.getByTestId('campaign-summary').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('summary-classify').count()).toBe(0);
    expect(await page.getByTestId('sample-draw').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(392);
    await context.close();
  });
});
