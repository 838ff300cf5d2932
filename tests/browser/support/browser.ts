// Debian's Chromium driven by playwright-core: never downloads a browser.
import { chromium, type Browser, type Page } from 'playwright-core';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const DEMO_PASSWORD = 'octoflow-demo';

export async function signIn(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.waitForURL(/\/campaigns$/);
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

/** Picks an option of an antd Select by typing into its search box (the control's id). */
export async function chooseOption(page: Page, inputId: string, search: string) {
  const input = page.locator(`#${inputId}`);
  await input.click({ force: true });
  await input.fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
  await page.keyboard.press('Enter');
}
