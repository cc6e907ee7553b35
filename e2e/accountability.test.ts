// A notice in the browser (通报, issue 13): the bureau drafts a notice naming 示范区实验小学 with one of
// its hazards behind it, approves (signs) and publishes it; demo.school sees it and replies with its
// rectification and a file; the bureau sees the reply; the school's 前置审核 lists the notice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../src/domain/dates.js';
import { pngBytes } from '../src/server/files/testing.js';
import { input, loginAs, newPage, pickOption, pickUnit, startServer, type Server } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const SCHOOL = '示范区实验小学';

describe('notices in the browser', () => {
  it('the bureau publishes a notice, demo.school replies with a file, the bureau sees it, 前置审核 lists it (001 第27条)', { timeout: 180_000 }, async () => {
    const title = `关于${SCHOOL}消防隐患整改不及时的通报`;
    const bureau = await newPage(server);
    const b = bureau.page;
    await loginAs(b, server, 'demo.bureau');
    await b.goto(`${server.url}/accountability`);
    await b.getByTestId('notice-create').click();
    await input(b, 'notice-title').fill(title);
    await pickUnit(b, 'notice-units', SCHOOL);
    await b.keyboard.press('Escape');
    await b.getByTestId('notice-reason').fill('教学楼灭火器过期未及时更换，整改进度滞后');
    const due = input(b, 'notice-due');
    await due.click();
    await due.fill(addDays(shanghaiDate(new Date()), 7));
    await due.press('Enter');
    await b.getByTestId('notice-add-record').click();
    await pickOption(b, 'notice-record-kind-0', '隐患（');
    await pickOption(b, 'notice-record-0', '灭火器');
    await b.getByTestId('notice-submit').click();
    await b.waitForURL(/\/accountability\/notices\/\d+/, { timeout: 30_000 });
    const noticeUrl = b.url();
    await expect.poll(() => b.getByTestId('notice-status').textContent()).toBe('草稿');

    await b.getByTestId('notice-approve').click();
    await b.getByTestId('notice-step-submit').click();
    await expect.poll(() => b.getByTestId('notice-status').textContent()).toBe('已审核签发');
    await b.getByTestId('notice-publish').click();
    await b.getByTestId('notice-step-submit').click();
    await expect.poll(() => b.getByTestId('notice-status').textContent()).toBe('已发布');
    expect(await b.getByTestId('notice-reply-state').first().textContent()).toBe('待回复');

    // The school finds it under 监管考核 → 通报约谈问责 and replies with a file.
    const school = await newPage(server);
    const s = school.page;
    await loginAs(s, server, 'demo.school');
    const group = s.getByRole('menuitem', { name: '监管考核' });
    await group.waitFor();
    const entry = s.getByRole('menuitem', { name: '通报约谈问责' });
    // The group may open by itself; click it only when its entry is hidden.
    if (!(await entry.isVisible())) await group.click();
    await entry.click();
    await s.getByTestId('notices-table').getByText(title).click();
    await s.waitForURL(/\/accountability\/notices\/\d+/);
    expect(s.url()).toBe(noticeUrl);
    await s.getByTestId('notice-reply').click();
    await s.getByTestId('notice-reply-text').fill('已更换全部过期灭火器，建立月度巡检记录');
    await s.locator('[data-testid="notice-reply-files"] input[type=file]').setInputFiles({ name: '更换记录.png', mimeType: 'image/png', buffer: pngBytes() });
    await expect.poll(() => s.locator('[data-testid="notice-reply-files"] .ant-upload-list-item-done, [data-testid="notice-reply-files"] img').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await s.getByTestId('notice-reply-submit').click();
    await expect.poll(() => s.getByTestId('notice-reply-state').first().textContent()).toBe('已回复');

    // The bureau sees the reply and the file.
    await b.reload();
    await expect.poll(() => b.getByTestId('notice-reply-shown').first().textContent()).toContain('已更换全部过期灭火器');
    expect(await b.getByTestId('notice-reply-state').first().textContent()).toBe('已回复');
    expect(await b.getByTestId('notice-units-table').locator('img, a').count()).toBeGreaterThan(0);

    // 前置审核 for the school this year lists the notice.
    await b.goto(`${server.url}/accountability?tab=award`);
    await pickUnit(b, 'award-unit', SCHOOL);
    await expect.poll(() => b.getByTestId('award-item').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const items = await b.getByTestId('award-item').allTextContents();
    expect(items.some((t) => t.includes('被通报') && t.includes(title))).toBe(true);
  });
});
