// Octoflow on a phone (390 px wide): the side menu folds away behind a menu button in the header
// and opens over the page, closing when a page is chosen; the header's items fit side by side.
// On a desktop the menu stays open beside the page, with no menu button. On a tablet in landscape
// (1024 px) the designer's palette and side panel fold away the same way, leaving the canvas the
// width; from 1280 px they stand beside it.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './support/server';
import { pick } from './support/browser';
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

describe('a tablet in landscape', () => {
  const TABLET = { width: 1024, height: 768 };
  const canvas = () => page.getByTestId('designer-canvas');
  const nodeCount = async () => Number(await canvas().getAttribute('data-node-count'));
  const width = async (testId: string) => (await page.getByTestId(testId).boundingBox())?.width ?? 0;

  it('should fold the designer’s palette and side panel away, leaving the canvas the width, and add steps from the palette', async () => {
    await page.setViewportSize(TABLET);
    await page.goto(`${server.baseUrl}/campaigns`);
    await page.getByTestId('new-campaign').click();
    await page.getByTestId('new-campaign-name').fill(`平板设计 ${Date.now().toString(36)}`);
    await pick(page, page.locator('#new-campaign-template'), { search: '流量80%' });
    await page.getByTestId('new-campaign-create').click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await page.getByTestId('node-check_value').waitFor();

    // The canvas has the width; the palette and the side panel wait behind their buttons.
    expect(await width('designer-canvas')).toBeGreaterThanOrEqual(TABLET.width * 0.7);
    expect(await page.getByTestId('palette').count()).toBe(0);
    expect(await page.getByTestId('side-panel-panel').isVisible()).toBe(false);
    const toggle = page.getByTestId('palette-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');

    // Opened, the palette lies over the canvas at its left edge; a click adds the step and folds it.
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('palette').waitFor();
    const canvasBox = (await canvas().boundingBox())!;
    const paletteBox = (await page.getByTestId('palette-panel').boundingBox())!;
    expect(paletteBox.x).toBeLessThan(canvasBox.x + 4);
    expect(await width('designer-canvas')).toBeGreaterThanOrEqual(TABLET.width * 0.7);
    const before = await nodeCount();
    await page.getByTestId('palette-wait').click();
    await poll(nodeCount).toBe(before + 1);
    await page.getByTestId('node-wait_1').waitFor();
    await poll(() => page.getByTestId('palette').count()).toBe(0);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');

    // A step dragged from the open palette onto the canvas beside it lands where it is dropped.
    await toggle.click();
    await page.getByTestId('palette-end').dragTo(canvas(), { targetPosition: { x: canvasBox.width - 150, y: canvasBox.height - 120 } });
    await poll(nodeCount).toBe(before + 2);
    await poll(() => page.getByTestId('palette').count()).toBe(0);

    // A click on a step opens the side panel on its settings, over the canvas at its right edge.
    await page.getByTestId('node-wait_1').click();
    await poll(() => page.getByTestId('side-panel-panel').isVisible()).toBe(true);
    expect(await page.getByTestId('side-panel-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await width('designer-canvas')).toBeGreaterThanOrEqual(TABLET.width * 0.7);
    await page.getByTestId('side-panel-toggle').click();
    await poll(() => page.getByTestId('side-panel-panel').isVisible()).toBe(false);
  });

  it('should keep the palette and the side panel beside the canvas from 1280 px', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await poll(() => page.getByTestId('palette').isVisible()).toBe(true);
    expect(await page.getByTestId('palette-toggle').count()).toBe(0);
    expect(await page.getByTestId('side-panel-toggle').count()).toBe(0);
    // The palette, then the canvas, then the side panel, side by side.
    const palette = (await page.getByTestId('palette').boundingBox())!;
    const canvasBox = (await page.getByTestId('designer-canvas').boundingBox())!;
    expect(canvasBox.x).toBeGreaterThanOrEqual(palette.x + palette.width - 1);
    expect(await page.getByRole('complementary', { name: '节点设置、问题和版本' }).isVisible()).toBe(true);
  });
});
