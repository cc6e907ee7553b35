// The risk list in the browser (issue 13; 003, 004): demo.school's safety officer identifies a risk,
// the colour follows from likelihood × severity as it is chosen, records a review (signed, in the
// risk's steps); the bureau's four-colour matrix counts it in the school's town.
import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riskPoints, units } from '../src/server/db/schema.js';
import { input, newPage, openAs, pickOption, type Server, startServer } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

async function redInTown(name: string) {
  const db = server.database.db;
  const [town] = await db.select().from(units).where(eq(units.name, name));
  const [{ n }] = await db.select({ n: count() }).from(riskPoints).where(and(like(riskPoints.schoolPath, `${town.path}%`), eq(riskPoints.level, 'red'), eq(riskPoints.status, 'active')));
  return n;
}

describe('the risk list in the browser', () => {
  it('a school safety officer adds a risk, its colour follows likelihood × severity, records a review; the bureau’s matrix counts it', { timeout: 120_000 }, async () => {
    const before = await redInTown('东湖街道');
    const { page } = await newPage(server);
    await openAs(page, server, 'demo.school', `/risks`);
    await page.getByTestId('risk-create').click();
    await pickOption(page, 'risk-area', '消防安全与危化品');
    await input(page, 'risk-place').fill('科学实验室');
    await input(page, 'risk-name').fill('酒精灯使用不当引发火灾');
    await pickOption(page, 'risk-severity', '5 特别严重');
    // Severity alone gives no colour; with likelihood 4 the score 20 is red (the pack's bands).
    expect(await page.getByTestId('risk-level-preview').textContent()).toContain('选择后自动计算');
    await pickOption(page, 'risk-likelihood', '4 很可能');
    await expect.poll(() => page.getByTestId('risk-level-preview').textContent()).toContain('重大风险');
    await page.getByTestId('risk-controls').fill('实验前检查酒精灯；教师全程看护；配备灭火毯');
    await pickOption(page, 'risk-owner', '周安全');
    await page.getByTestId('risk-save').click();

    // The new risk heads the list (red first) and opens with its first signed step.
    const row = page.getByTestId('risk-open').filter({ hasText: '酒精灯使用不当引发火灾' });
    await row.first().click();
    const detail = page.getByTestId('risk-detail');
    await expect.poll(() => detail.textContent(), { timeout: 15_000 }).toContain('重大风险');
    expect(await detail.textContent()).toContain('可能性 4 × 严重性 5 = 20');
    expect(await page.getByTestId('risk-steps').textContent()).toContain('辨识登记');

    await page.getByTestId('risk-action-review').click();
    await page.getByTestId('risk-step-note').fill('已更换防风罩，学生操作规范培训完成');
    await page.getByRole('button', { name: '签字确认' }).click();
    await expect.poll(() => page.getByTestId('risk-steps').textContent(), { timeout: 15_000 }).toContain('按期复核');
    expect(await page.getByTestId('risk-steps').textContent()).toContain('已更换防风罩');
    expect(await redInTown('东湖街道')).toBe(before + 1);

    // The bureau's four-colour matrix: 东湖街道's red count includes it.
    const bureau = await newPage(server);
    await openAs(bureau.page, server, 'demo.bureau', `/risks?tab=matrix`);
    const townRow = bureau.page.locator('[data-testid="risk-matrix-table"] tr').filter({ hasText: '东湖街道' });
    await expect.poll(() => townRow.locator('[data-testid="risk-matrix-red"]').textContent(), { timeout: 20_000 }).toBe(String(before + 1));
    expect(await bureau.page.getByTestId('risk-matrix-chart').locator('canvas').count()).toBe(1);
  });
});
