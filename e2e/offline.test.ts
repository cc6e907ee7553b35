// An inspection on a phone with no signal (issue 17): opened online, then filled with a failed item
// and its photo, signed and submitted offline; the page reloaded offline still holds the app and
// the queued work; back online the outbox drains and the hazard is registered exactly once. Then a
// school's rectifications signed offline, one of them changed meanwhile by the principal: the
// conflict shows both versions and 用我的版本重新提交 sends it once (放弃我的: outbox-rules.test.ts).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../src/domain/dates.js';
import { hazards } from '../src/server/db/schema.js';
import { jpegBytes } from '../src/server/files/testing.js';
import { login, ok, type Client } from '../src/server/test/factories.js';
import { DEMO_PASSWORD, loginAs, newPage, startServer, type Server } from './harness.js';

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


it('rectifies two hazards offline with photos; the one changed meanwhile is a conflict, resent by choice, each signed once', async () => {
  const school = await login(server.app, 'demo.school', DEMO_PASSWORD);
  const principal = await login(server.app, 'demo.principal', DEMO_PASSWORD);
  const today = shanghaiDate(new Date());
  // Two hazards of the school under rectification, walked there through the API.
  const rectifying = async (location: string) => {
    let h = await ok(school.post('/api/v1/hazards', { schoolId: (await ok(school.get('/api/v1/auth/me'))).unit.id, area: 'fire_chemicals', location, description: '灭火器压力不足', foundOn: today }), 201);
    h = await ok(principal.post(`/api/v1/hazards/${h.id}/transitions`, { action: 'confirm', version: h.version, measures: '更换灭火器', deadline: addDays(today, 10) }));
    return ok(school.post(`/api/v1/hazards/${h.id}/transitions`, { action: 'start', version: h.version }));
  };
  const [a, b] = [await rectifying('一楼走廊'), await rectifying('二楼走廊')];

  const { page, context } = await newPage(server, { width: 390, height: 844 }, 'allow');
  await loginAs(page, server, 'demo.school');
  // Each opened once online: the phone keeps it.
  for (const h of [b, a]) {
    await page.goto(`${server.url}/hazards/${h.id}`);
    await page.getByTestId('hazard-action-submit').waitFor();
  }
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));

  await context.setOffline(true);
  const rectifyOffline = async (evidence: string) => {
    await page.getByTestId('hazard-action-submit').click();
    await page.getByTestId('step-evidence').fill(evidence);
    await page.getByTestId('step-photos').locator('input[type=file]').setInputFiles({ name: '整改后.jpg', mimeType: 'image/jpeg', buffer: jpegBytes() });
    await page.getByTestId('step-photos').locator('.ant-upload-list-item').first().waitFor();
    await page.getByTestId('step-submit').click();
    await page.getByTestId('hazard-queued').waitFor();
  };
  await rectifyOffline('一楼已更换 2 具灭火器');
  await page.goto(`${server.url}/hazards/${b.id}`);
  await rectifyOffline('二楼已更换 3 具灭火器');
  const outbox = page.getByTestId('outbox-button');
  await expect.poll(() => outbox.textContent()).toContain('2 项待同步');

  // Signing out warns that the work stays on this phone for this account; the person stays.
  await page.getByTestId('logout').click();
  await page.getByText('还有 2 项待同步，退出后这些记录将保留在本机，下次以同一账号登录后继续同步。').waitFor();
  await page.getByRole('button', { name: '取 消' }).or(page.getByRole('button', { name: '取消' })).click();

  // Meanwhile the principal asks for more time on the second hazard: its version moves on.
  const current = await ok(principal.get(`/api/v1/hazards/${b.id}`));
  await ok(principal.post(`/api/v1/hazards/${b.id}/transitions`, { action: 'request_extension', version: current.version, comment: '灭火器缺货', requestedDeadline: addDays(today, 20) }));

  await context.setOffline(false);
  await expect.poll(() => outbox.textContent(), { timeout: 30_000 }).toContain('1 项待同步');
  await outbox.click();
  const conflict = page.getByTestId('outbox-conflict');
  await expect.poll(() => conflict.textContent()).toContain('二楼已更换 3 具灭火器');
  expect(await conflict.textContent()).toContain('申请延期');
  expect(await conflict.textContent()).toContain('灭火器缺货');
  await page.getByTestId('outbox-mine').click();
  await outbox.waitFor({ state: 'detached', timeout: 30_000 });

  const submitted = async (c: Client, id: number) => {
    const h = await ok(c.get(`/api/v1/hazards/${id}`));
    expect(h.status).toBe('submitted');
    const steps = h.steps.filter((s: { action: string }) => s.action === 'submit');
    expect(steps).toHaveLength(1);
    expect(steps[0].files).toHaveLength(1);
    return { h, step: steps[0] };
  };
  expect((await submitted(school, a.id)).step.data.evidence).toBe('一楼已更换 2 具灭火器');
  const second = await submitted(school, b.id);
  expect(second.step.data.evidence).toBe('二楼已更换 3 具灭火器');
  expect(second.h.steps.map((s: { action: string }) => s.action)).toEqual(['report', 'confirm', 'start', 'request_extension', 'submit']);
  await context.close();
});
