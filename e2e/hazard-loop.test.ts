// The hazard loop in the browser (001 item 24: 检查→反馈→整改→查验→评价; 001: 挂账销号, 签字压责):
// demo.school self-checks on a phone with one failed item, the hazard appears, demo.dept confirms
// it, the school rectifies with a photo, demo.dept accepts and closes it, and the register export has it.
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes } from '../src/server/files/testing.js';
import { dialogSettled, loginAs, newPage, openAs, pickOption, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const phone = { width: 390, height: 844 };

/** Opens a hazard's page and takes one signed step through its dialog. */
async function takeStep(page: Page, hazardId: number, action: string, fill: (page: Page) => Promise<void>) {
  await page.goto(`${server.url}/hazards/${hazardId}`);
  await page.getByTestId(`hazard-action-${action}`).first().click();
  await dialogSettled(page);
  await fill(page);
  // The signed step's answer, so a failure names the server's reason rather than only "the dialog stayed open".
  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/hazards/${hazardId}/transitions`) && r.request().method() === 'POST', { timeout: 30_000 });
  await page.getByTestId('step-submit').click();
  const res = await answered;
  expect(res.status(), `${action}: ${await res.text()}`).toBe(200);
  await expect.poll(() => page.locator('.ant-modal-wrap:visible').count(), { timeout: 15_000 }).toBe(0);
}

async function hazardStatus(page: Page, id: number): Promise<string> {
  const res = await page.request.get(`${server.url}/api/v1/hazards/${id}`);
  return (await res.json()).status;
}

describe('the hazard loop in the browser', () => {
  it('self-check on a phone → hazard → rectified with a photo → accepted and closed by the department → in the register export', { timeout: 300_000 }, async () => {
    // 1. The school's safety officer starts a self-check from the home page, on a phone.
    const school = await newPage(server, phone);
    await loginAs(school.page, server, 'demo.school');
    // One tap on the home page starts it and opens the form (issue 17).
    await school.page.getByTestId('self-check-start').click();
    await expect.poll(() => school.page.getByTestId('fill-page').count(), { timeout: 20_000 }).toBe(1);
    const items = school.page.getByTestId('fill-item');
    const count = await items.count();
    expect(count).toBeGreaterThanOrEqual(50); // ten areas of seed 002, at least five items each

    // Everything passes but the first item, which fails with a location and a note.
    await items.nth(0).getByTestId('choice-fail').click();
    const failed = items.nth(0);
    const note = `端到端：南门保安不足${Date.now() % 100000}`;
    await failed.getByTestId('fill-note').fill(note);
    await failed.getByTestId('fill-location').fill('南门门岗');
    // One item by hand, the rest with 其余全部合格 (issue 17: 75 taps before).
    await items.nth(1).getByTestId('choice-pass').click();
    await school.page.getByTestId('fill-pass-rest').click();
    await school.page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => school.page.getByTestId('fill-progress').textContent()).toContain(`已检查 ${count} / ${count} 项`);
    await school.page.getByTestId('fill-submit').click();
    await expect.poll(() => school.page.getByTestId('submit-confirm').count()).toBe(1);
    expect(await school.page.getByTestId('submit-confirm').textContent()).toContain('南门门岗');
    await school.page.locator('.ant-modal-confirm .ant-btn-primary').click();
    // Wait for the signed submission to be acknowledged: leaving the page earlier can load the
    // register before the hazard is committed.
    await expect.poll(() => school.page.getByText('已提交签字').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    // 2. The hazard appears in the register with the failed item's fields.
    await school.page.goto(`${server.url}/hazards?q=${encodeURIComponent(note)}`);
    const row = school.page.getByTestId('hazard-row').first();
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    const hazardId = Number(await row.getAttribute('data-hazard-id'));
    const code = (await row.getAttribute('data-hazard-code'))!;
    expect(code).toMatch(/^YH-\d{4}-\d{6}$/);
    expect(await hazardStatus(school.page, hazardId)).toBe('reported');

    // 3. The department confirms it and assigns it to the school's safety officer.
    const dept = await newPage(server);
    await loginAs(dept.page, server, 'demo.dept');
    await takeStep(dept.page, hazardId, 'confirm', async (p) => {
      await p.getByTestId('step-measures').fill('与保安公司签订补充协议，上学放学高峰增派 2 名保安');
      // The 15th of next month, picked in the calendar (the field is read-only on phones).
      await p.getByTestId('step-deadline').click();
      const dropdown = p.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
      const month = dropdown.locator('.ant-picker-month-btn');
      await month.waitFor();
      await p.waitForTimeout(400); // the dropdown's opening animation; a click during it closes the picker
      const before = await month.textContent();
      await dropdown.locator('.ant-picker-header-next-btn').click();
      await expect.poll(() => month.textContent()).not.toBe(before);
      await dropdown.locator('td.ant-picker-cell-in-view[title$="-15"]').click();
      await expect.poll(() => p.locator('[data-testid="step-deadline"] input, input[data-testid="step-deadline"]').first().inputValue()).toMatch(/-15$/);
    });
    expect(await hazardStatus(dept.page, hazardId)).toBe('assigned');

    // 4. The school starts and submits the fix with a photo, on the phone.
    await takeStep(school.page, hazardId, 'start', async () => {});
    expect(await hazardStatus(school.page, hazardId)).toBe('rectifying');
    await takeStep(school.page, hazardId, 'submit', async (p) => {
      await p.getByTestId('step-evidence').fill('已增派 2 名保安，附排班表照片');
      await p.locator('.ant-modal input[type=file]').setInputFiles({ name: '排班表.png', mimeType: 'image/png', buffer: pngBytes() });
      await expect.poll(() => p.locator('.ant-modal .ant-upload-list-item-done, .ant-modal .ant-upload-list-item:not(.ant-upload-list-item-uploading)').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    });
    expect(await hazardStatus(school.page, hazardId)).toBe('submitted');

    // 5. The department accepts and closes it; the timeline shows every signer.
    await takeStep(dept.page, hazardId, 'accept', async (p) => {
      await p.getByTestId('step-comment').fill('现场查验，高峰时段门岗 4 人，整改到位');
    });
    await takeStep(dept.page, hazardId, 'close', async () => {});
    expect(await hazardStatus(dept.page, hazardId)).toBe('closed');
    await dept.page.goto(`${server.url}/hazards/${hazardId}`);
    const timeline = dept.page.getByTestId('hazard-timeline');
    await expect.poll(() => timeline.textContent()).toContain('孙卫东');
    const text = await timeline.textContent();
    expect(text).toContain('周安全');
    expect(text).toContain('现场查验，高峰时段门岗 4 人');

    // 6. The register export contains it.
    const res = await dept.page.request.get(`${server.url}/api/v1/hazards/export?q=${encodeURIComponent(code)}`);
    expect(res.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    const codes: string[] = [];
    wb.worksheets[0].eachRow((r, n) => n > 1 && codes.push(String(r.getCell(1).value)));
    expect(codes).toEqual([code]);
    await school.context.close();
    await dept.context.close();
  });

  it('an officer’s video patrol finding becomes a hazard with its screenshot (issue 22)', { timeout: 180_000 }, async () => {
    // demo.town opens 视频巡查, sees a school's video links and starts a patrol of it.
    const town = await newPage(server);
    await openAs(town.page, server, 'demo.town', `/video-patrols`);
    const start = town.page.locator('[data-testid^="video-patrol-start-"]').first();
    await expect.poll(() => start.count(), { timeout: 20_000 }).toBe(1);
    const schoolId = (await start.getAttribute('data-testid'))!.replace('video-patrol-start-', '');
    await expect.poll(() => town.page.getByTestId(`video-links-${schoolId}`).locator('a[target=_blank]').count()).toBeGreaterThan(0);
    await start.click();
    await expect.poll(() => town.page.getByTestId('fill-page').count(), { timeout: 20_000 }).toBe(1);

    // The canteen item fails with a note, a location and a screenshot; the rest pass.
    const canteen = town.page.locator('[data-testid="fill-item"][data-key="vp-canteen-01"]');
    await canteen.getByTestId('choice-fail').click();
    const note = `端到端：后厨人员未戴口罩${Date.now() % 100000}`;
    await canteen.getByTestId('fill-note').fill(note);
    await canteen.getByTestId('fill-location').fill('食堂后厨（视频）');
    await canteen.locator('input[type=file]').setInputFiles({ name: '后厨截图.png', mimeType: 'image/png', buffer: pngBytes() });
    await expect.poll(() => canteen.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await town.page.getByTestId('fill-pass-rest').click();
    await town.page.locator('.ant-popconfirm .ant-btn-primary').click();
    await town.page.getByTestId('fill-submit').click();
    await expect.poll(() => town.page.getByTestId('submit-confirm').count()).toBe(1);
    await town.page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => town.page.getByText('已提交签字').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    // The hazard is in the register, of the source 视频巡查, with the screenshot as evidence.
    await town.page.goto(`${server.url}/hazards?q=${encodeURIComponent(note)}`);
    const row = town.page.getByTestId('hazard-row').first();
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    const hazard = await (await town.page.request.get(`${server.url}/api/v1/hazards/${await row.getAttribute('data-hazard-id')}`)).json();
    expect(hazard).toMatchObject({ source: 'video_patrol', schoolId: Number(schoolId), area: 'food_disease' });
    expect(JSON.stringify(hazard)).toContain('后厨截图.png');
    await town.context.close();
  });

  it('a school schedules its weekly check and today’s occurrence is in its task list (issue 17)', { timeout: 120_000 }, async () => {
    const school = await newPage(server);
    await openAs(school.page, server, 'demo.school', `/inspection-schedules`);
    await school.page.getByTestId('schedule-create').click();
    const title = `食堂每周检查${Date.now() % 100000}`;
    await school.page.getByTestId('schedule-title').fill(title);
    await pickOption(school.page, 'schedule-cadence', '每周');
    const weekday = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'][new Date(Date.now() + 8 * 3600_000).getUTCDay()];
    await pickOption(school.page, 'schedule-weekday', weekday);
    await school.page.getByTestId('schedule-submit').click();
    const row = school.page.getByTestId('schedule-list').locator('tr', { hasText: title });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => row.textContent()).toContain('待检 1');
    // The occurrence is an ordinary planned self-check in 检查任务.
    await school.page.goto(`${server.url}/inspections`);
    await expect.poll(() => school.page.getByTestId('inspections-table').locator('tr', { hasText: title }).count(), { timeout: 20_000 }).toBe(1);
    await school.context.close();
  });
});
