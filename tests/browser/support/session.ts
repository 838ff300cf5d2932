// One browser test file's set-up: the real app (`next start` on a fresh embedded database) and
// Debian's Chromium, started before the first test and stopped after the last. When any test of
// the file failed, a full-page screenshot and the end of the server's output are kept, which is
// what a person would look at to find out why. An error the page threw and nobody caught fails
// the file.
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launchBrowser, signIn } from './browser';
import { startServer, type TestServer } from './server';

export interface BrowserSession {
  server: TestServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

export interface SessionOptions {
  /** Added to the default context: 1440×900, zh-CN. */
  context?: BrowserContextOptions;
  /** Set for the server (it inherits the environment) and removed after the file. */
  env?: Record<string, string>;
  /** Signs this demo account in before the first test. */
  signInAs?: string;
  /** Accepts every dialog (leaving a page with unsaved edits asks first; the tests mean to leave). */
  acceptDialogs?: boolean;
}

export function useBrowserSession(name: string, opts: SessionOptions = {}): BrowserSession {
  const session = {} as BrowserSession;
  let failed = false;
  // What the page said went wrong (uncaught errors, React's console errors), shown with a failure.
  const pageErrors: string[] = [];
  beforeAll(async () => {
    Object.assign(process.env, opts.env);
    session.server = await startServer();
    session.browser = await launchBrowser();
    session.context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', ...opts.context });
    session.page = await session.context.newPage();
    session.page.setDefaultTimeout(30_000);
    session.context.on('weberror', (e) => void pageErrors.push(`uncaught: ${e.error().message}`));
    session.context.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
    if (opts.acceptDialogs) {
      session.context.on('page', (p) => p.on('dialog', (d) => void d.accept()));
      session.page.on('dialog', (d) => void d.accept());
    }
    if (opts.signInAs) await signIn(session.page, session.server.baseUrl, opts.signInAs);
  });
  beforeEach((ctx) => {
    ctx.onTestFailed(() => {
      failed = true;
    });
  });
  afterAll(async () => {
    if (failed) {
      const shot = path.join(os.tmpdir(), `octoflow-${name}-failure.png`);
      await session.page?.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      const said = pageErrors.length ? pageErrors.slice(-20).join('\n').slice(-4000) : '(none)';
      console.error(`Screenshot of the failure: ${shot}\nErrors in the page:\n${said}\nServer output:\n${session.server?.logs().slice(-4000)}`);
    }
    await session.context?.close();
    await session.browser?.close();
    await session.server?.stop();
    for (const key of Object.keys(opts.env ?? {})) delete process.env[key];
    // Whatever the tests did, the page never threw: an uncaught error is a broken screen (or a
    // page React had to draw again because the server's HTML did not match, error #418).
    const uncaught = pageErrors.filter((e) => e.startsWith('uncaught: '));
    if (uncaught.length) throw new Error(`the page threw while the tests of ${name} ran:\n${uncaught.join('\n').slice(0, 4000)}`);
  });
  return session;
}
