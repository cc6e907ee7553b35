// The school officer's safety ledgers in the browser (issue 4): demo.school records a leadership-team
// safety meeting (000 item 1) and a training (001 item 7) through the drawers and sees both in the
// lists; bad hours are refused with the Chinese message under the field — 0 by the shared schema in
// the form, 30 on one day by the server (at most 24 a day); the year's hours per person grow by the
// new course. A bureau leader (ledger.read only) sees the meeting with no write buttons, and the
// demo school short of insurance cover flagged.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffView } from '../src/contracts/staff.js';
import { DEMO_SHORT_OF_INSURANCE } from '../src/server/demo/school-ledgers.js';
import { pngBytes } from '../src/server/files/testing.js';
import { input, loginAs, newPage, openAs, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const SCHOOL = '示范区实验小学';

/** The error antd shows under the form item holding this test id. */
function fieldError(page: Page, testId: string) {
  return page
    .locator('.ant-drawer-open .ant-form-item')
    .filter({ has: page.locator(`[data-testid="${testId}"]`) })
    .locator('.ant-form-item-explain-error');
}

describe('school ledgers in the browser', () => {
  it('demo.school records a safety meeting and a training through the forms; bad hours show the Chinese message on the field', { timeout: 120_000 }, async () => {
    const { page, context } = await newPage(server);
    await loginAs(page, server, 'demo.school');

    // ---- 安全会议: from the menu, a leadership-team meeting today.
    // The 安全台账 group is open by default.
    await page.locator('.ant-menu').getByText('安全会议', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/meetings');
    await expect.poll(() => page.getByTestId('meeting-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // A school sees its own records: no school column or filter.
    expect(await page.getByTestId('meeting-filter-school').count()).toBe(0);
    await page.getByTestId('meeting-create').click();
    const drawer = page.locator('.ant-drawer-open');
    expect(await drawer.locator('input[disabled]').first().inputValue()).toBe(SCHOOL);
    await drawer.getByText('领导班子安全专题会议', { exact: true }).click();
    await input(page, 'meeting-chair').fill('校长 王海涛');
    await page.getByTestId('meeting-attendees').click();
    for (const name of ['王海涛', '刘文静', '孙立新']) {
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
    }
    const minutes = '研究暑期前校园安全隐患排查，部署防溺水教育和校门值守';
    await page.getByTestId('meeting-minutes').fill(minutes);
    await page.getByTestId('meeting-decisions').fill('总务处一周内完成围墙加固');
    await page.getByTestId('meeting-submit').click();
    await expect.poll(() => page.locator('.ant-drawer-open').count(), { timeout: 15_000 }).toBe(0);
    const meetingRow = page.getByTestId('meeting-row').filter({ hasText: minutes });
    await expect.poll(() => meetingRow.count(), { timeout: 15_000 }).toBe(1);
    const meetingText = await meetingRow.textContent();
    expect(meetingText).toContain('领导班子安全专题会议');
    expect(meetingText).toContain('王海涛、刘文静、孙立新');

    // ---- 安全培训: a teacher of the school, picked from 教职工岗位.
    const staff = (await (await page.request.get(`${server.url}/api/v1/staff?post=teacher`)).json()) as { items: StaffView[] };
    const teacher = staff.items[0];
    expect(teacher?.schoolName).toBe(SCHOOL);
    await page.goto(`${server.url}/trainings`);
    const summary = page.locator(`[data-testid="training-summary-person"][data-name="${teacher.name}"]`);
    await expect.poll(() => summary.count(), { timeout: 15_000 }).toBe(1);
    const hoursOf = async () => Number(/([\d.]+)/.exec((await summary.textContent()) ?? '')?.[1]);
    const before = await hoursOf();

    await page.getByTestId('training-create').click();
    await page.getByTestId('training-staff').click();
    await page.keyboard.type(teacher.name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: teacher.name }).first().click();
    await expect.poll(() => page.getByTestId('training-posts').textContent()).toContain('专任教师');
    const course = '校园防欺凌与心理危机干预专题培训';
    await page.getByTestId('training-course').fill(course);
    await page.getByTestId('training-provider').fill('区教师进修学院');

    // 0 hours: the shared schema's message, under the field, before anything is sent.
    await input(page, 'training-hours').fill('0');
    await page.getByTestId('training-submit').click();
    await expect.poll(() => fieldError(page, 'training-hours').textContent()).toBe('须大于 0');

    // 30 hours on one day: the server's message, under the field; the drawer stays open.
    await input(page, 'training-hours').fill('30');
    await page.getByTestId('training-submit').click();
    await expect.poll(() => fieldError(page, 'training-hours').textContent(), { timeout: 15_000 }).toBe('一天不能超过 24 学时');
    expect(await page.locator('.ant-drawer-open').count()).toBe(1);

    // Corrected, with the certificate.
    await input(page, 'training-hours').fill('2.5');
    await page.locator('[data-testid="training-certificate"] input[type=file]').setInputFiles({ name: '培训证书.png', mimeType: 'image/png', buffer: pngBytes() });
    await expect.poll(() => page.locator('[data-testid="training-certificate"] .ant-upload-list-item-done').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('training-submit').click();
    await expect.poll(() => page.locator('.ant-drawer-open').count(), { timeout: 15_000 }).toBe(0);
    const trainingRow = page.getByTestId('training-row').filter({ hasText: course });
    await expect.poll(() => trainingRow.count(), { timeout: 15_000 }).toBe(1);
    const trainingText = await trainingRow.textContent();
    expect(trainingText).toContain(teacher.name);
    expect(trainingText).toContain('2.5 学时');
    expect(await trainingRow.getByTestId('file-thumb').count()).toBe(1);
    // The year's hours of that person grew by the course.
    await expect.poll(hoursOf, { timeout: 15_000 }).toBe(before + 2.5);

    // Filtered by the person (kept in the address), the list shows their trainings only.
    await page.goto(`${server.url}/trainings?staffId=${teacher.id}`);
    await expect.poll(() => page.getByTestId('training-row').filter({ hasText: course }).count(), { timeout: 15_000 }).toBe(1);
    const names = await page.getByTestId('training-row').evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent ?? ''));
    expect(names.every((n) => n.startsWith(teacher.name))).toBe(true);
    await context.close();

    // ---- demo.leader reads the district's meetings: the school is named, nothing to change.
    const leader = await newPage(server);
    await openAs(leader.page, server, 'demo.leader', `/meetings?level=leadership_team`);
    const seen = leader.page.getByTestId('meeting-row').filter({ hasText: minutes });
    await expect.poll(() => seen.count(), { timeout: 15_000 }).toBe(1);
    expect(await seen.textContent()).toContain(SCHOOL);
    expect(await leader.page.getByTestId('meeting-create').count()).toBe(0);
    expect(await leader.page.getByTestId('meeting-edit').count()).toBe(0);

    // 校方责任险: the demo school whose policy leaves 40 students out is flagged (001 item 26).
    const units = (await (await leader.page.request.get(`${server.url}/api/v1/units?kind=school&q=${encodeURIComponent(DEMO_SHORT_OF_INSURANCE)}`)).json()) as { items: Array<{ id: number; name: string }> };
    const short = units.items.find((u) => u.name === DEMO_SHORT_OF_INSURANCE)!;
    await leader.page.goto(`${server.url}/insurance-policies?schoolId=${short.id}`);
    await expect.poll(() => leader.page.getByTestId('insurance-short').first().textContent(), { timeout: 15_000 }).toBe('少保 40 人');
    expect(await leader.page.getByTestId('insurance-create').count()).toBe(0);
    await leader.context.close();
  });

  it('demo.school records a building appraised D and in use; the 隐患台账 shows it as 重大 (001 第18条)', { timeout: 60_000 }, async () => {
    const { page, context } = await newPage(server);
    await loginAs(page, server, 'demo.school');
    await page.locator('.ant-menu').getByText('校舍与施工', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/buildings');
    await page.getByTestId('building-create').click();
    const name = `E2E危房${Date.now() % 100000}`;
    await input(page, 'building-name').fill(name);
    const choose = async (testId: string, option: string) => {
      await page.getByTestId(testId).click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
    };
    await choose('building-use', '教学用房');
    await input(page, 'building-year').fill('1985');
    await choose('building-structure', '砖混结构');
    await input(page, 'building-floors').fill('3');
    await input(page, 'building-area').fill('1200');
    await choose('building-grade', 'D级');
    await input(page, 'building-appraised-on').fill(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
    await input(page, 'building-appraised-on').press('Enter');
    await input(page, 'building-appraised-by').fill('市房屋安全鉴定所');
    await page.getByTestId('building-submit').click();
    const row = page.getByTestId('building-row').filter({ hasText: name });
    await expect.poll(() => row.getByTestId('building-hazard').count(), { timeout: 15_000 }).toBe(1);
    await page.goto(`${server.url}/hazards?q=${encodeURIComponent(name)}`);
    const hazard = page.getByTestId('hazard-row').filter({ hasText: name });
    await expect.poll(() => hazard.count(), { timeout: 15_000 }).toBe(1);
    expect(await hazard.textContent()).toContain('重大');
    await context.close();
  });
});
