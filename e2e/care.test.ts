// Students of concern in the browser (issue 16; 001 第20条 "一对一"落实包靠措施): the principal opens
// a student's file and assigns a carer; the carer, on a phone, finds the student on the home page (masked,
// 我包靠的学生), opens the file with a purpose and records a follow-up; the bureau sees the count of
// students of concern rise and never a name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { input, loginAs, newPage, openAs, pickOption, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const NAME = '刘一凡';
const phone = { width: 390, height: 844 };

describe('students of concern in the browser', () => {
  it('the principal assigns a carer, the carer records a follow-up on a phone, the bureau sees the count rise and no name', { timeout: 180_000 }, async () => {
    // The bureau's counts before.
    const bureau = await newPage(server);
    await openAs(bureau.page, server, 'demo.bureau', `/care/screenings`);
    const total = bureau.page.getByTestId('care-total-open');
    await expect.poll(() => total.getAttribute('data-value'), { timeout: 20_000 }).toBe('6');

    // The principal: a new file for a student with 陈思远 as the carer.
    const principal = await newPage(server);
    const p = principal.page;
    await openAs(p, server, 'demo.principal', `/care/records`);
    await expect.poll(() => p.getByTestId('care-masked-name').allTextContents(), { timeout: 20_000 }).toContain('张*明');
    expect(await p.content()).not.toContain('张晓明');
    await p.getByTestId('care-create').click();
    await input(p, 'care-name').fill(NAME);
    await pickOption(p, 'care-grade', '4年级');
    await input(p, 'care-class').fill('3班');
    await p.locator('.ant-drawer-open .ant-checkbox-wrapper', { hasText: '心理异常' }).click();
    await pickOption(p, 'care-carers', '陈思远');
    await p.keyboard.press('Escape');
    await p.getByTestId('care-save').click();
    await expect.poll(() => p.getByTestId('care-student-name').textContent(), { timeout: 15_000 }).toBe(NAME);
    expect(await p.getByTestId('care-carers-shown').textContent()).toBe('陈思远');

    // The carer on a phone: the home lists 刘*凡 among their students (masked); opening asks why;
    // the follow-up is recorded.
    const carer = await newPage(server, phone);
    const m = carer.page;
    await loginAs(m, server, 'demo.carer');
    const item = m.getByTestId('home-care-item').filter({ hasText: '刘*凡' });
    await item.waitFor({ timeout: 20_000 });
    expect(await m.content()).not.toContain(NAME);
    await item.click();
    await pickOption(m, 'care-purpose', '随访记录');
    await m.getByTestId('care-purpose-open').click();
    await expect.poll(() => m.getByTestId('care-student-name').textContent(), { timeout: 15_000 }).toBe(NAME);
    await m.getByTestId('care-follow-up').click();
    await m.getByTestId('care-follow-up-note').fill('课间谈心，愿意和同学一起参加兴趣小组');
    await m.getByTestId('care-follow-up-save').click();
    await expect.poll(() => m.getByTestId('care-follow-up-item').count(), { timeout: 15_000 }).toBe(1);
    expect(await m.getByTestId('care-follow-up-item').textContent()).toContain('陈思远');
    // Large enough to touch on the phone.
    const box = await m.getByTestId('care-follow-up').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(40);

    // The bureau: one more student of concern, no name anywhere on the page.
    await bureau.page.reload();
    await expect.poll(() => total.getAttribute('data-value'), { timeout: 20_000 }).toBe('7');
    const text = await bureau.page.content();
    for (const name of [NAME, '张晓明', '李雨桐']) expect(text).not.toContain(name);
    expect((await bureau.page.request.get(`${server.url}/api/v1/care/records`)).status()).toBe(404);
    for (const ctx of [bureau, principal, carer]) await ctx.context.close();
  });
  it('a committee member reports a bullying case and signs its determination on a phone; the bureau sees the count, never a name', { timeout: 180_000 }, async () => {
    // 林心语 (demo.care) is a member of 示范区实验小学's committee (issue 22; 001 第10条).
    const member = await newPage(server, phone);
    const m = member.page;
    await openAs(m, server, 'demo.care', `/bullying`);
    await m.getByTestId('bullying-new-case').click();
    await input(m, 'bullying-reporter').fill('班主任报告');
    await input(m, 'bullying-place').fill('教学楼走廊');
    await m.getByTestId('bullying-summary').fill('课间被同学推倒并抢走文具');
    await pickOption(m, 'bullying-targets', '张*明');
    await m.keyboard.press('Escape');
    await m.getByTestId('bullying-case-save').click();
    // The new case opens at once: the reading asks why, then the determination is signed.
    await pickOption(m, 'bullying-purpose', '认定');
    await expect.poll(() => m.getByTestId('bullying-case-status').textContent(), { timeout: 20_000 }).toBe('调查中');
    await m.getByTestId('bullying-action-determine').click();
    await m.getByTestId('bullying-is-bullying').getByText('构成欺凌', { exact: true }).click();
    await m.getByTestId('bullying-reasons').fill('故意推倒并抢夺财物，造成伤害');
    await m.getByTestId('bullying-step-determine').click();
    await expect.poll(() => m.getByTestId('bullying-case-status').textContent(), { timeout: 20_000 }).toBe('已认定');
    const box = await m.getByTestId('bullying-action-handle').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(40);

    // The bureau: counts only; two cases determined as bullying at the school now, no name on the page.
    const bureau = await newPage(server);
    await loginAs(bureau.page, server, 'demo.bureau');
    const summary = await (await bureau.page.request.get(`${server.url}/api/v1/bullying/summary`)).json();
    expect(summary.items.find((r: { schoolName: string }) => r.schoolName === '示范区实验小学').bullying).toBe(2);
    await bureau.page.goto(`${server.url}/bullying`);
    await bureau.page.getByRole('tab', { name: '统计' }).click();
    await expect.poll(() => bureau.page.locator('.ant-table-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const text = await bureau.page.content();
    for (const name of ['张晓明', '张*明', '李雨桐']) expect(text).not.toContain(name);
    for (const ctx of [member, bureau]) await ctx.context.close();
  });

  it('a school sends a letter to families; a guardian confirms it on a phone without an account and the class teacher’s count moves (issue 22)', { timeout: 180_000 }, async () => {
    // The school's officer sends a drowning letter to one class: the form starts from the topic's opening lines.
    const officer = await newPage(server);
    const o = officer.page;
    await openAs(o, server, 'demo.school', `/family-letters`);
    await o.getByTestId('letter-create').click();
    await expect.poll(() => o.getByTestId('letter-title').inputValue()).toContain('防溺水');
    await o.getByTestId('letter-class-name-0').fill('六年级3班');
    await input(o, 'letter-class-pupils-0').fill('36');
    await o.getByTestId('letter-submit').click();
    await o.getByText('已发送，共生成 36 份回执单').waitFor();

    // The class teacher 陈思远 (demo.carer) follows 三年级2班 of this winter's letter: four seats left.
    const teacher = await newPage(server);
    const t = teacher.page;
    await openAs(t, server, 'demo.carer', `/family-letters?state=open`);
    await t.getByTestId('letter-open').filter({ hasText: '冬季安全' }).click();
    await t.getByTestId('letter-class-open').click();
    await expect.poll(() => t.getByTestId('letter-missing-count').textContent(), { timeout: 20_000 }).toBe('4');
    // The printed slips carry each seat's link; the first seat still waiting is handed to its guardian.
    const [print] = await Promise.all([teacher.context.waitForEvent('page'), t.getByTestId('letter-print').click()]);
    const seat = await t.getByTestId('letter-seat-missing').first().getAttribute('data-seat');
    const slip = print.locator(`[data-testid="letter-print-slip"][data-seat="${seat}"]`);
    await slip.locator('img').waitFor();
    const link = (await slip.innerText()).match(/https?:\/\/\S+\/l\/[0-9a-f]{32}/)![0];

    // The guardian: a phone, no account, no cookie.
    const guardian = await newPage(server, phone);
    const g = guardian.page;
    await g.goto(link);
    await g.getByText('冬季安全致家长的一封信').first().waitFor();
    await g.getByTestId('letter-link-relationship').getByText('母亲').click();
    await g.getByTestId('letter-link-agreed').click();
    await g.getByTestId('letter-link-confirm').click();
    await g.getByTestId('letter-link-done').waitFor();
    expect(await g.context().cookies()).toEqual([]);

    await t.reload();
    await t.getByTestId('letter-open').filter({ hasText: '冬季安全' }).click();
    await t.getByTestId('letter-class-open').click();
    await expect.poll(() => t.getByTestId('letter-missing-count').textContent(), { timeout: 20_000 }).toBe('3');
    for (const ctx of [officer, teacher, guardian]) await ctx.context.close();
  });
});
