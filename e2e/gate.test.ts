// 门卫来访 on a phone (issue 15 item 2; 002 第7项 四个一律): demo.guard, on a 390 px wide screen,
// registers a visitor brought in by a teacher with the ID number checked (shown masked), registers a
// vehicle refused with its reason, then records the visitor leaving; the server keeps the number masked.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateRecords } from '../src/server/db/schema.js';
import { input, newPage, openAs, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const ID = '11010519491231002X';

describe('the gate log on a phone', () => {
  it('a guard registers a visitor and a refused vehicle, then the visitor leaves (002 第7项)', { timeout: 180_000 }, async () => {
    const { page, context } = await newPage(server, { width: 390, height: 844 });
    await openAs(page, server, 'demo.guard', `/gate-records`);

    // The visitor, brought in by a teacher, the ID checked.
    await page.getByTestId('gate-new-visitor').click();
    await input(page, 'gate-visitor-name').fill('欧阳丽华');
    await input(page, 'gate-id-number').fill(ID);
    await input(page, 'gate-purpose').fill('给孩子送药');
    await input(page, 'gate-host').fill('三年级二班班主任');
    await input(page, 'gate-escort').fill('李老师');
    await page.getByTestId('gate-submit').click();
    await expect.poll(() => page.locator('.ant-drawer-open').count(), { timeout: 15_000 }).toBe(0);
    const card = page.getByTestId('gate-card').filter({ hasText: '欧阳丽华' });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await card.textContent()).toContain('110105********002X');
    expect(await card.textContent()).not.toContain(ID);

    // A vehicle refused: without a reason the form asks for one.
    await page.getByTestId('gate-new-vehicle').click();
    await input(page, 'gate-plate').fill('沪A12345');
    await page.getByTestId('gate-admitted').getByText('拒绝进入').click();
    await page.getByTestId('gate-submit').click();
    await expect.poll(() => page.locator('.ant-drawer-open .ant-form-item-explain-error').filter({ hasText: '请写明拒绝理由' }).count()).toBe(1);
    await page.getByTestId('gate-refusal-reason').fill('无关车辆，未预约');
    await page.getByTestId('gate-submit').click();
    await expect.poll(() => page.locator('.ant-drawer-open').count(), { timeout: 15_000 }).toBe(0);

    // The visitor leaves.
    await card.getByTestId('gate-leave').click();
    await expect.poll(() => page.getByTestId('gate-card').filter({ hasText: '欧阳丽华' }).count(), { timeout: 15_000 }).toBe(0);

    // Today's log on the phone: the refused vehicle tagged, the visitor with both times.
    await page.getByText('今日登记').click();
    const car = page.getByTestId('gate-card').filter({ hasText: '沪A12345' });
    await expect.poll(() => car.count(), { timeout: 15_000 }).toBe(1);
    expect(await car.textContent()).toContain('拒绝进入');
    expect(await car.textContent()).toContain('无关车辆，未预约');
    const visit = page.getByTestId('gate-card').filter({ hasText: '欧阳丽华' });
    expect(await visit.textContent()).toContain('离开');

    const rows = await server.database.db.select().from(gateRecords).where(eq(gateRecords.visitorName, '欧阳丽华'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ idNumberMasked: '110105********002X', escortName: '李老师', admitted: true });
    expect(rows[0].leftAt).not.toBeNull();
    await context.close();
  });
});
