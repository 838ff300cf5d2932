// Debian's Chromium driven by playwright-core: never downloads a browser.
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page, type PageScreenshotOptions } from 'playwright-core';
import { expect } from 'vitest';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const DEMO_PASSWORD = 'octoflow-demo';

const SCREENSHOTS = path.resolve(__dirname, '../../../docs/screenshots');

/**
 * A picture for docs/screenshots, of the page or of one element. Animations are run to their end
 * first: a dialog or drawer still opening on a loaded machine was caught half-faded and half slid
 * in, with the page showing through it.
 */
export function docScreenshot(target: Page | Locator, name: string, options: Pick<PageScreenshotOptions, 'fullPage' | 'clip'> = {}) {
  return target.screenshot({ path: path.join(SCREENSHOTS, name), animations: 'disabled', ...options });
}

/**
 * Signs a demo account in. The server allows 10 sign-ins in 10 seconds from one address (a guard
 * against password guessing, server/auth/auth.ts); a file that switches accounts quickly can
 * reach it, and is then told to wait, as a person would be: it waits out the window and tries again.
 */
export async function signIn(page: Page, baseUrl: string, email: string) {
  for (let attempt = 1; ; attempt++) {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByTestId('sign-in-email').fill(email);
    await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    const limited = page.getByTestId('sign-in-error').filter({ hasText: /尝试次数过多|Too many/i });
    // Both waits settle (the one that loses times out later, handled), so nothing is left unhandled.
    const outcome = await Promise.race([
      page.waitForURL(/\/campaigns$/).then(() => 'in' as const, (e: Error) => e),
      limited.waitFor().then(() => 'limited' as const, (e: Error) => e),
    ]);
    if (outcome === 'in') return;
    if (outcome instanceof Error) throw outcome;
    if (attempt === 3) throw new Error(`signing in as ${email} was still refused as too many attempts after waiting twice`);
    await page.waitForTimeout(10_500);
  }
}

export async function signOut(page: Page) {
  await page.getByTestId('sign-out').click();
  await page.waitForURL(/\/sign-in$/);
}

/** Draws a connection by dragging from one handle to another, as a person would with the mouse. */
export async function dragBetween(page: Page, fromTestId: string, toTestId: string) {
  const from = await page.getByTestId(fromTestId).boundingBox();
  const to = await page.getByTestId(toTestId).boundingBox();
  if (!from || !to) throw new Error(`handle ${from ? toTestId : fromTestId} is not visible`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
  await page.mouse.up();
}

/** The input of an antd Select: the locator itself when it is one (`#id`), else the first inside it. */
async function inputOf(select: Locator): Promise<Locator> {
  return (await select.evaluate((el) => el.tagName)) === 'INPUT' ? select : select.locator('input').first();
}

/**
 * The options of this open antd Select's own dropdown, found through its input's aria-controls.
 * `.ant-select-dropdown:visible` would also match another select's dropdown that is still closing,
 * and a click there picks the wrong thing.
 */
export async function optionsOf(page: Page, select: Locator): Promise<Locator> {
  const input = await inputOf(select);
  await expect.poll(() => input.getAttribute('aria-controls')).toBeTruthy();
  const list = await input.getAttribute('aria-controls');
  return page.locator(`.ant-select-dropdown:has([id="${list}"]) .ant-select-item-option`);
}

/**
 * Opens an antd Select as a person would (typing `search` into it when given) and clicks, in its
 * own dropdown, the first option showing `option` (the first option at all when not given).
 */
export async function pick(page: Page, select: Locator, { option, search }: { option?: string | RegExp; search?: string }): Promise<void> {
  const input = await inputOf(select);
  // A search box may be zero-width until typed into: clicked without the visibility check.
  if (search === undefined) await (input === select ? select.click({ force: true }) : select.click());
  else {
    await input.click({ force: true });
    await input.fill(search);
  }
  const options = await optionsOf(page, select);
  const target = (option === undefined ? options : options.filter({ hasText: option })).first();
  await target.click();
  // On a loaded machine a click while the list is still opening can be lost: the list stays open
  // with nothing chosen. It took when the option is marked selected or the list has closed.
  const took = async () =>
    !(await target.isVisible()) || /ant-select-item-option-selected/.test((await target.getAttribute('class', { timeout: 1_000 }).catch(() => '')) ?? '');
  for (let attempt = 1; attempt < 3; attempt++) {
    const ok = await expect
      .poll(took, { timeout: 3_000 })
      .toBe(true)
      .then(
        () => true,
        () => false,
      );
    if (ok) return;
    await target.click();
  }
  // The last click must have taken too: a pick that never took fails here, by name.
  await expect.poll(took, { timeout: 3_000, message: `option ${option ?? '(first)'} was not chosen` }).toBe(true);
}

/** Picks an option of an antd Select by typing into its search box (the control's id) and pressing Enter. */
export async function chooseOption(page: Page, inputId: string, search: string) {
  const input = page.locator(`#${inputId}`);
  await input.click({ force: true });
  await input.fill(search);
  await (await optionsOf(page, input)).first().waitFor();
  await page.keyboard.press('Enter');
}
