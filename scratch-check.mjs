import { chromium } from 'playwright-core';
const base = 'http://localhost:3456';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
async function as(user) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(`${base}/login`);
  await page.getByTestId('login-username').fill(user);
  await page.getByTestId('login-password').fill('Demo@12345');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30000 });
  return page;
}
const bureau = await as('demo.bureau');
await bureau.goto(`${base}/opinion`);
await bureau.getByTestId('opinion-open').first().click();
await bureau.getByTestId('opinion-link-open').click();
await bureau.getByTestId('opinion-link-dispute').click();
await bureau.waitForTimeout(1500);
await bureau.screenshot({ path: '/tmp/shots/6-opinion-link.png' });
await bureau.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
await bureau.getByTestId('opinion-action-submit').click();
await bureau.getByText('关联已保存').waitFor();
await bureau.screenshot({ path: '/tmp/shots/7-opinion-linked.png' });
await browser.close();
