// The users and roles page in a real browser: an administrator finds an approver, gives them a
// job title, sees where each role came from, and is told in Chinese why they cannot take the
// last administrator's role away. A designer reaching the page gets 403.
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signIn } from './support/browser';
import { startServer, type TestServer } from './support/server';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let finished = 0;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await signIn(page, server.baseUrl, 'admin@octoflow.demo');
});

afterAll(async () => {
  if (finished < 3) {
    const shot = path.join(os.tmpdir(), 'octoflow-users-failure.png');
    await page?.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    console.error(`Screenshot of the failure: ${shot}\nServer output:\n${server?.logs().slice(-4000)}`);
  }
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const rowOf = (email: string) => page.getByTestId(`user-${email}`);

describe('users and roles page', () => {
  it('should list the accounts with their roles and where they came from, and give an approver a job title', async () => {
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('nav-admin-users').click();
    await page.waitForURL(/\/admin\/users$/);
    const row = rowOf('cs-approver@octoflow.demo');
    await row.waitFor();
    expect(await row.getByTestId('user-role').textContent()).toBe('审批人 · 客服部');
    expect(await row.getByTestId('user-source').textContent()).toBe('初始账号');
    expect(await row.getByTestId('user-titles').textContent()).toBe('话术审核');

    await row.getByTestId('edit-cs-approver@octoflow.demo').click();
    const titles = page.getByTestId('access-titles').locator('input');
    await titles.fill('客服经理');
    await titles.press('Enter');
    await page.getByTestId('save-access').click();
    await poll(() => row.getByTestId('user-titles').textContent()).toBe('话术审核客服经理');
    expect(await row.getByTestId('user-source').textContent()).toBe('管理员设置');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-users.png') });

    // Kept after a reload: it is stored, not just shown.
    await page.reload();
    await poll(() => rowOf('cs-approver@octoflow.demo').getByTestId('user-titles').textContent()).toBe('话术审核客服经理');
    finished++;
  });

  it('should refuse to take away the only administrator’s role, saying why', async () => {
    await rowOf('admin@octoflow.demo').getByTestId('edit-admin@octoflow.demo').click();
    await page.getByTestId('access-role').click();
    await page.locator('.ant-select-item-option', { hasText: '设计人员' }).click();
    await page.getByTestId('save-access').click();
    await poll(() => page.getByTestId('access-error').textContent()).toContain('是唯一的管理员');
    await page.getByRole('button', { name: /^取\s*消$/ }).click();
    await page.reload();
    expect(await rowOf('admin@octoflow.demo').getByTestId('user-role').textContent()).toMatch(/^管理员/);
    finished++;
  });

  it('should show a designer 403 on the page', async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const p = await other.newPage();
    await signIn(p, server.baseUrl, 'designer@octoflow.demo');
    await p.goto(`${server.baseUrl}/admin/users`);
    await p.getByText('403').first().waitFor();
    expect(await p.getByTestId('users-table').count()).toBe(0);
    await other.close();
    finished++;
  });
});
