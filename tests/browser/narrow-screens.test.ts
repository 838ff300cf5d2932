// Octoflow on a phone (390 px wide): the side menu folds away behind a menu button in the header
// and opens over the page, closing when a page is chosen; the header's items fit side by side.
// On a desktop the menu stays open beside the page, with no menu button.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let page: Page;

/** A link of the side menu (a page may have a link of the same name, e.g. back to its list). */
const menuLink = (testId: string) => page.getByTestId('side-menu').getByTestId(testId);
const PHONE = { width: 390, height: 844 };
const session = useBrowserSession('narrow-screens', { context: { viewport: PHONE }, signInAs: 'designer@octoflow.demo' });
beforeAll(() => {
  ({ server, page } = session);
});

describe('a phone-sized screen', () => {
  it('should fold the side menu behind a button, open it over the page, and close it when a page is chosen', async () => {
    await page.goto(`${server.baseUrl}/campaigns`);
    const toggle = page.getByTestId('menu-toggle');
    await toggle.waitFor();
    // The menu is there, folded away.
    expect(await menuLink('nav-customers').count()).toBe(1);
    await poll(() => menuLink('nav-customers').isVisible()).toBe(false);
    // The page's content starts at the screen's left edge, not beside a menu.
    await poll(async () => (await page.locator('main').boundingBox())!.x).toBeLessThan(20);

    // The header's items sit side by side inside the screen.
    const boxes = await Promise.all(['menu-toggle', 'language-switch', 'current-user', 'sign-out'].map(async (id) => (await page.getByTestId(id).boundingBox())!));
    for (let i = 1; i < boxes.length; i++) expect(boxes[i].x, `header item ${i} overlaps the one before`).toBeGreaterThanOrEqual(boxes[i - 1].x + boxes[i - 1].width - 1);
    expect(boxes.at(-1)!.x + boxes.at(-1)!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.getByTestId('sign-out').getAttribute('aria-label')).toBe('退出登录');

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await menuLink('nav-customers').click();
    await page.waitForURL(/\/customers$/);
    await poll(() => menuLink('nav-customers').isVisible()).toBe(false);

    // A tap beside the open menu closes it too.
    await toggle.click();
    await menuLink('nav-campaigns').waitFor();
    await page.getByTestId('menu-backdrop').click({ position: { x: PHONE.width - 20, y: PHONE.height / 2 } });
    await poll(() => menuLink('nav-campaigns').isVisible()).toBe(false);
  });

  it('should keep the menu open beside the page on a desktop', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await poll(() => menuLink('nav-campaigns').isVisible()).toBe(true);
    expect(await page.getByTestId('menu-toggle').count()).toBe(0);
    // (The menu slides open.)
    await poll(async () => (await page.locator('main').boundingBox())!.x).toBeGreaterThanOrEqual(200);
    expect(await page.getByTestId('current-user').innerText()).toContain('设计');
  });
});
