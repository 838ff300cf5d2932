// The contact policy page in a real browser: an administrator lowers the SMS cap per day and moves
// the quiet hours, saves, and finds them after a reload; a contradiction is refused with the field
// named, in Chinese, and nothing is saved; a designer reads the same policy and cannot change it.
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { docScreenshot, signIn } from './support/browser';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let browser: Browser;
let page: Page;

const session = useBrowserSession('contact-policy', { signInAs: 'admin@octoflow.demo' });
beforeAll(() => {
  ({ server, browser, page } = session);
});

/** The input of a field: the element with the test id when it is one, else the input inside it. */
const input = (p: Page, testId: string) => p.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

async function setTime(p: Page, testId: string, hhmm: string) {
  const field = input(p, testId);
  await field.click();
  await field.fill(hhmm);
  await field.press('Enter');
  await poll(() => field.inputValue()).toBe(hhmm);
}

describe('contact policy page', () => {
  it('should let an administrator change the SMS cap per day and the quiet hours, and keep them', async () => {
    await page.getByTestId('nav-admin').click();
    expect(await page.getByTestId('nav-admin-contact-policy').getAttribute('href')).toBe('/admin/contact-policy');
    await page.goto(`${server.baseUrl}/admin/contact-policy`);
    await page.getByTestId('policy-form').waitFor();
    await poll(() => page.getByTestId('policy-last-saved').textContent()).toBe('尚未保存：当前使用下列默认值。');
    const smsPerDay = input(page, 'channel-cap-sms-perDay');
    await poll(() => smsPerDay.inputValue()).toBe('2');
    expect(await input(page, 'quiet-start').inputValue()).toBe('21:00');
    // Channels by the names the dashboards use.
    await page.getByTestId('channel-caps').getByText('短信', { exact: true }).first().waitFor();
    await page.getByTestId('channel-caps').getByText('外呼', { exact: true }).first().waitFor();

    await smsPerDay.fill('1');
    await setTime(page, 'quiet-start', '22:30');
    await setTime(page, 'quiet-end', '07:00');
    // Enter took the times typed without saving: one save, by the button.
    expect(await page.locator('.ant-message-notice').count()).toBe(0);
    await page.getByTestId('policy-save').click();
    await page.getByText('触达策略已保存，对下一次触达即时生效。').waitFor();
    expect(await page.locator('.ant-message-notice').count()).toBe(1);
    await poll(() => page.getByTestId('policy-last-saved').textContent()).toMatch(/^最近由 admin@octoflow\.demo 于 .+ 保存。$/);

    await page.reload();
    await page.getByTestId('policy-form').waitFor();
    await poll(() => input(page, 'channel-cap-sms-perDay').inputValue()).toBe('1');
    expect(await input(page, 'quiet-start').inputValue()).toBe('22:30');
    expect(await input(page, 'quiet-end').inputValue()).toBe('07:00');
    expect(await input(page, 'channel-cap-outbound_call-perDay').inputValue()).toBe('1');
    await docScreenshot(page, 'contact-policy.png', { fullPage: true });
  });

  it('should refuse a per-7-days cap below the per-day cap, naming the field, and save nothing', async () => {
    await input(page, 'cap-per-day').fill('5');
    await input(page, 'cap-per-week').fill('2');
    await page.getByTestId('policy-save').click();
    // The field says what is wrong; the banner points to it, without the field's path in the API.
    const perWeekItem = page.locator('.ant-form-item').filter({ has: input(page, 'cap-per-week') });
    await poll(() => perWeekItem.locator('.ant-form-item-explain-error').textContent()).toBe('每 7 天上限（2）低于每日上限（5）');
    expect(await page.getByTestId('policy-error').textContent()).toBe('未保存：请更正下面标出的字段。');
    // Correcting a field retires the banner; the form's own rules take over.
    await input(page, 'cap-per-day').fill('');
    await page.getByTestId('policy-save').click();
    await poll(() => page.getByTestId('policy-error').count()).toBe(0);

    await page.reload();
    await page.getByTestId('policy-form').waitFor();
    await poll(() => input(page, 'cap-per-day').inputValue()).toBe('3');
    expect(await input(page, 'cap-per-week').inputValue()).toBe('7');
  });

  it('should not let a save from a page opened earlier overwrite a later one, and load the later one on request', async () => {
    // Opened first (this page) and second (another tab); the second saves first.
    const other = await page.context().newPage();
    try {
      await other.goto(`${server.baseUrl}/admin/contact-policy`);
      await poll(() => input(other, 'cap-per-day').inputValue()).toBe('3');
      await input(other, 'cap-per-day').fill('2');
      await other.getByTestId('policy-save').click();
      await other.getByText('触达策略已保存，对下一次触达即时生效。').waitFor();
    } finally {
      await other.close();
    }

    await setTime(page, 'quiet-end', '06:00');
    await page.getByTestId('policy-save').click();
    await poll(() => page.getByTestId('policy-error').textContent()).toBe(
      '未保存：您打开后触达策略已被 admin@octoflow.demo 保存：请刷新查看对方的修改，再重新修改重新加载',
    );
    await page.getByTestId('policy-error').getByRole('button').click();
    await poll(() => input(page, 'cap-per-day').inputValue()).toBe('2');
    expect(await input(page, 'quiet-end').inputValue()).toBe('07:00');
    expect(await page.getByTestId('policy-error').count()).toBe(0);

    // Made again on what is saved now, it goes in beside the other change.
    await setTime(page, 'quiet-end', '06:00');
    await page.getByTestId('policy-save').click();
    await poll(() => page.getByTestId('policy-last-saved').textContent()).toMatch(/^最近由 admin@octoflow\.demo/);
    await page.reload();
    await poll(() => input(page, 'quiet-end').inputValue()).toBe('06:00');
    expect(await input(page, 'cap-per-day').inputValue()).toBe('2');
  });

  it('should show a designer the same policy, read-only', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const p = await context.newPage();
    try {
      await signIn(p, server.baseUrl, 'designer@octoflow.demo');
      expect(await p.getByTestId('nav-admin-contact-policy').getAttribute('href')).toBe('/admin/contact-policy');
      expect(await p.getByTestId('nav-admin').count()).toBe(0);
      await p.goto(`${server.baseUrl}/admin/contact-policy`);
      await p.getByTestId('policy-read-only').waitFor();
      await poll(() => input(p, 'channel-cap-sms-perDay').inputValue()).toBe('1');
      expect(await input(p, 'quiet-start').inputValue()).toBe('22:30');
      for (const id of ['cap-per-day', 'channel-cap-sms-perDay', 'quiet-start', 'max-held-hours']) {
        expect(await input(p, id).isDisabled(), id).toBe(true);
      }
      expect(await p.getByTestId('quiet-enabled').isDisabled()).toBe(true);
      expect(await p.getByTestId('policy-save').count()).toBe(0);
      expect(await p.getByTestId('channel-cap-add').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
