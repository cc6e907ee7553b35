// End-to-end tests drive Debian Chromium (playwright-core) against the real server: built web UI,
// real HTTP, the demo district on a fresh embedded database.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject, onTestFailed } from 'vitest';
import { buildApp, type App } from '../src/server/app.js';
import { loadAuditKey, setAuditKey } from '../src/server/audit/key.js';
import { loadCareKeys, setCareSealer } from '../src/server/care/key.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite, type Database } from '../src/server/db/client.js';
import { webDir } from '../src/server/web.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const DEMO_PASSWORD = 'Demo@12345';
const resultsDir = path.resolve(import.meta.dirname, '../test-results');

export interface Server {
  url: string;
  app: App;
  database: Database;
  browser: Browser;
  close(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  // A copy of the run's demo district (e2e/global-setup.ts), so each file starts from the same state.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'anxiao-e2e-'));
  cpSync(inject('e2eTemplateDir'), dataDir, { recursive: true });
  const database = await openPglite(path.join(dataDir, 'pglite'));
  const config = { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), demo: true };
  setAuditKey(loadAuditKey(config, { create: false }).key);
  setCareSealer(loadCareKeys(config).sealer);
  const app = await buildApp({ database, config, webDir, logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    url: address,
    app,
    database,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh browser context and page; on a failed test a screenshot is kept under test-results/. */
export async function newPage(
  server: Server,
  viewport = { width: 1366, height: 860 },
  // The app's service worker precaches the whole built app (issue 17's offline work) in every new
  // context: blocked unless a journey is about working offline, so the others do not pay for it.
  serviceWorkers: 'allow' | 'block' = 'block',
): Promise<{ page: Page; context: BrowserContext }> {
  // reducedMotion: the app then turns antd's animations off (App.tsx), so a click never lands on a
  // dialog or dropdown still moving, and no step waits out an animation.
  const context = await server.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async ({ task }) => {
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${task.name.replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    console.log(`screenshot of the failure: ${file}`);
  });
  return { page, context };
}

/** Logs in through the login page; unless the password is expected to fail, waits until the app has left it. */
export async function loginAs(page: Page, server: Server, username: string, password = DEMO_PASSWORD, expectFailure = false) {
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  if (!expectFailure) await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
}

/**
 * Signs in through the API and opens a page: a journey that starts on some page other than the
 * home does not load (and wait for) the home page first. The login page itself is walked by
 * platform.test.ts and by the journeys that use loginAs.
 */
export async function openAs(page: Page, server: Server, username: string, to: string) {
  const res = await page.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password: DEMO_PASSWORD } });
  expect(res.status(), `${username} signs in`).toBe(200);
  await page.goto(`${server.url}${to}`);
}

/** Opens an antd Select (by its test id) and picks the option with this text. */
export async function pickOption(page: Page, testId: string, text: string) {
  const select = page.getByTestId(testId);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
  // Only an option on screen can be chosen; never wait on one that is not there (the dropdown closed).
  const selected = async () => (await option.isVisible()) && ((await option.getAttribute('class', { timeout: 1_000 })) ?? '').includes('ant-select-item-option-selected');
  // A select whose options follow another field (a person's roles follow the unit's kind) may
  // re-render the option under the click: a multiple select keeps its dropdown open, so check that
  // the option took and click again if not (never a second click on a chosen one, which would undo it).
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (!(await option.isVisible())) await select.click();
    if (attempt > 1 && (await selected())) return;
    // The dropdown may close under the click while it is still moving (seen on a loaded CI machine):
    // give the click a few seconds, then open the select again rather than waiting out the step.
    try {
      await option.click({ timeout: 5_000 });
    } catch (err) {
      if (attempt === 3) throw err;
      continue;
    }
    await page.waitForTimeout(150);
    // A single select closes on its choice.
    if (!(await option.isVisible()) || (await selected())) return;
  }
}

/** Opens an antd TreeSelect (by its test id), searches for the unit and picks it. */
export async function pickUnit(page: Page, testId: string, name: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(name);
  await page.locator(`.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper[title="${name}"]`).click();
}

/** The text input behind a test id, whether antd put the id on the input or on a wrapper around it. */
export function input(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

/**
 * Waits until no dialog on the page is still in antd's zoom motion: a click on a dialog's button
 * during its opening motion was lost on a loaded CI machine and the dialog stayed open.
 */
export async function dialogSettled(page: Page) {
  await expect
    .poll(() => page.locator('.ant-modal').evaluateAll((els) => els.some((el) => /\bant-zoom-/.test(el.className))), { timeout: 10_000 })
    .toBe(false);
}
