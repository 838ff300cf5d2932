// Single sign-on in a real browser (issue 6): the sign-in page offers "Sign in with <provider>"
// in both languages; a person clicks it, signs in on the provider's own login and consent pages
// (a real OpenID provider on loopback) and lands in Octoflow with the role their groups map to.
// The refusals come back to the sign-in page with a message, not a crash: an unmapped user, a
// forged state, the provider down. Password sign-in keeps working beside it.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signIn, signOut, docScreenshot } from './support/browser';
import { startServer, type TestServer } from './support/server';
import { createTestProvider, freePort, type TestProvider } from '../server/support/oidc-provider';


let server: TestServer;
let provider: TestProvider;
let browser: Browser;
let failed = false;

beforeAll(async () => {
  const providerPort = await freePort();
  const clientSecret = `browser-test-secret-${randomUUID()}`;
  // The provider is configured but not up when the app starts: the app must cope, and pick it
  // up once it answers (as after a provider outage).
  Object.assign(process.env, {
    OCTOFLOW_OIDC_ISSUER: `http://127.0.0.1:${providerPort}`,
    OCTOFLOW_OIDC_CLIENT_ID: 'octoflow-test',
    OCTOFLOW_OIDC_CLIENT_SECRET: clientSecret,
    OCTOFLOW_OIDC_NAME: 'Staff SSO',
    OCTOFLOW_OIDC_SCOPES: 'openid profile email groups',
    OCTOFLOW_OIDC_ROLE_MAP: JSON.stringify({ 'octoflow-market-approvers': { role: 'approver', department: 'market' } }),
  });
  server = await startServer();
  provider = await createTestProvider({
    port: providerPort,
    redirectUri: `${server.baseUrl}/api/auth/callback/oidc`,
    clientSecret,
    people: {
      alice: { email: 'alice@operator.example', name: 'Alice Approver', groups: ['staff', 'octoflow-market-approvers'] },
      bob: { email: 'bob@operator.example', name: 'Bob Unmapped', groups: ['staff'] },
    },
  });
  await provider.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  if (failed) console.error(`Server output:\n${server?.logs().slice(-4000)}`);
  await browser?.close();
  await provider?.stop().catch(() => undefined);
  await server?.stop();
});

async function newPage(locale: 'zh-CN' | 'en'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale });
  await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: server.baseUrl }]);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { context, page };
}

/** On the provider's own pages: the login form, then the consent page. */
async function signInAtProvider(page: Page, login: string) {
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
  await page.locator('button[type="submit"]').click();
}

async function guard<T>(fn: () => Promise<T>, page: Page, name: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    failed = true;
    const shot = path.join(os.tmpdir(), `octoflow-sso-${name}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    console.error(`Screenshot of the failure: ${shot}`);
    throw err;
  }
}

describe('single sign-on in the browser', () => {
  it('should sign a mapped user in through the provider and land with the mapped role (Chinese)', async () => {
    const { context, page } = await newPage('zh-CN');
    await guard(async () => {
      await page.goto(`${server.baseUrl}/sign-in`);
      const button = page.getByTestId('sso-sign-in');
      await expect.poll(() => button.textContent()).toBe('使用 Staff SSO 登录');
      await docScreenshot(page, 'sign-in-sso.png');
      await button.click();
      await signInAtProvider(page, 'alice');
      await page.waitForURL(`${server.baseUrl}/campaigns`);
      const who = page.getByTestId('current-user');
      await expect.poll(() => who.textContent()).toBe('Alice Approver 审批人');
      await signOut(page);
    }, page, 'mapped');
    await context.close();
  });

  it('should bring a person who opened a link signed out back to that page after signing in through the provider', async () => {
    const { context, page } = await newPage('zh-CN');
    await guard(async () => {
      await page.goto(`${server.baseUrl}/approvals`);
      await page.waitForURL(`${server.baseUrl}/sign-in?next=%2Fapprovals`);
      await page.getByTestId('sso-sign-in').click();
      await signInAtProvider(page, 'alice');
      await page.waitForURL(`${server.baseUrl}/approvals`);
      await page.getByTestId('approvals-table').waitFor();
    }, page, 'deep-link');
    await context.close();
  });

  it('should send an unmapped user back to the sign-in page saying an administrator must assign a role (English)', async () => {
    const { context, page } = await newPage('en');
    await guard(async () => {
      await page.goto(`${server.baseUrl}/sign-in`);
      await page.getByRole('button', { name: 'Sign in with Staff SSO' }).click();
      await signInAtProvider(page, 'bob');
      await page.waitForURL(/\/sign-in\?error=SSO_NO_ROLE/);
      const alert = page.getByTestId('sso-error');
      await expect.poll(() => alert.textContent()).toContain('your account has no role in Octoflow yet');
      await page.goto(`${server.baseUrl}/campaigns`);
      await page.waitForURL(/\/sign-in/);
    }, page, 'unmapped');
    await context.close();
  });

  it('should refuse a callback with a forged state, with a message', async () => {
    const { context, page } = await newPage('zh-CN');
    await guard(async () => {
      await page.goto(`${server.baseUrl}/api/auth/callback/oidc?code=stolen-code&state=forged-state`);
      await page.waitForURL(/\/sign-in\?error=state_/);
      const alert = page.getByTestId('sso-error');
      await expect.poll(() => alert.textContent()).toContain('此次登录无法与本浏览器发起的登录对应');
    }, page, 'state');
    await context.close();
  });

  it('should say the provider cannot be reached when it is down, and keep password sign-in working', async () => {
    const { context, page } = await newPage('en');
    await guard(async () => {
      await provider.stop();
      try {
        await page.goto(`${server.baseUrl}/sign-in`);
        await page.getByTestId('sso-sign-in').click();
        const alert = page.getByTestId('sso-error');
        await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain('Staff SSO cannot be reached right now');
        expect(page.url()).toBe(`${server.baseUrl}/sign-in`);
      } finally {
        await provider.start();
      }
      await signIn(page, server.baseUrl, 'designer@octoflow.demo');
      await expect.poll(() => page.getByTestId('current-user').textContent()).toContain('Designer');
    }, page, 'down');
    await context.close();
  });
});
