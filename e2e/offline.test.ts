// An inspection on a phone with no signal (issue 17): opened online, then filled with a failed item
// and its photo, signed and submitted offline; the page reloaded offline still holds the app and
// the queued work; back online the outbox drains and the hazard is registered exactly once.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hazards } from '../src/server/db/schema.js';
import { jpegBytes } from '../src/server/files/testing.js';
import { loginAs, newPage, startServer, type Server } from './harness.js';

let server: Server;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

it('fills, photographs, signs and submits offline; syncs once back online', async () => {
  const { page, context } = await newPage(server, { width: 390, height: 844 }, 'allow');
  await loginAs(page, server, 'demo.inspector');
  await page.getByTestId('home-inspection-item').filter({ hasText: '秋冬季消防安全抽查' }).click();
  await page.getByTestId('inspection-start').click();
  await page.locator('.ant-popconfirm .ant-btn-primary').click();
  await page.getByTestId('inspection-fill').filter({ hasText: '示范区实验小学' }).click();
  await page.getByTestId('fill-page').waitFor();
  const [, inspectionId, targetId] = /\/inspections\/(\d+)\/targets\/(\d+)\/fill/.exec(page.url())!.map(Number);
  // The app shell is precached once the service worker is active.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));

  await context.setOffline(true);
  const first = page.getByTestId('fill-item').first();
  await first.getByTestId('choice-fail').click();
  await first.getByTestId('fill-photos').locator('input[type=file]').setInputFiles({ name: '配电间.jpg', mimeType: 'image/jpeg', buffer: jpegBytes() });
  await first.locator('.ant-upload-list-item-done, .ant-upload-list-item').first().waitFor();
  await first.getByTestId('fill-location').fill('地下室配电间');
  await page.getByTestId('fill-pass-rest').click();
  await page.locator('.ant-popconfirm .ant-btn-primary').click();
  await page.getByTestId('fill-submit').click();
  await page.getByRole('button', { name: '确认提交并签字' }).click();
  await page.getByTestId('fill-queued').waitFor();
  const outbox = page.getByTestId('outbox-button');
  await expect.poll(() => outbox.textContent()).toMatch(/\d+ 项待同步/);
  const waiting = await outbox.textContent();

  // Reloaded with no network: the shell from the service worker, the form and the queue from the phone.
  await page.reload();
  await page.getByTestId('fill-queued').waitFor();
  expect(await outbox.textContent()).toBe(waiting);

  await context.setOffline(false);
  await outbox.waitFor({ state: 'detached', timeout: 30_000 });
  const detail = await page.evaluate(async (id) => (await fetch(`/api/v1/inspections/${id}`)).json(), inspectionId);
  const target = detail.targets.find((t: { id: number }) => t.id === targetId);
  expect(target.status).toBe('submitted');
  const made = target.results.filter((r: { hazardId: number | null }) => r.hazardId);
  expect(made).toHaveLength(1);
  const hazard = await page.evaluate(async (id) => (await fetch(`/api/v1/hazards/${id}`)).json(), made[0].hazardId);
  expect(hazard.location).toBe('地下室配电间');
  expect(hazard.files).toHaveLength(1);
  expect(await server.database.db.select({ id: hazards.id }).from(hazards).where(eq(hazards.inspectionTargetId, targetId))).toHaveLength(1);
  await context.close();
});
