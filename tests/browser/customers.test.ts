// The customers pages in a real browser: an enum tag's value reads as the tag schema labels it
// (套餐 5G畅享套餐, not `unlimited_5g`) on the list and on a customer's page, in Chinese and English,
// and a label an administrator gives a value in the tag's dialog shows there at once. The list
// pages through every customer from the server and says how many match.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let page: Page;

const session = useBrowserSession('customers', { signInAs: 'admin@octoflow.demo' });
beforeAll(() => {
  ({ server, page } = session);
});

/** The value shown for a tag on the customer's page, by the tag's name. */
const tagOnPage = (tag: string): Locator => page.getByTestId('customer-tags').locator(`[data-tag="${tag}"]`);

describe('customer tag values', () => {
  it('should show the demo customer’s plan, tier, city and channel as people read them', async () => {
    await page.goto(`${server.baseUrl}/customers/C000001`);
    await poll(() => tagOnPage('plan').innerText()).toBe('5G畅享套餐');
    expect(await tagOnPage('value_tier').innerText()).toBe('金卡');
    expect(await tagOnPage('region').innerText()).toBe('杭州');
    expect(await tagOnPage('channel_preference').innerText()).toBe('营业厅');
    // The code is still there for whoever needs it (on hover).
    expect(await tagOnPage('plan').getAttribute('title')).toBe('unlimited_5g');
    expect(await page.getByTestId('customer-tags').innerText()).not.toMatch(/unlimited_5g|hangzhou|\bgold\b/);

    await page.goto(`${server.baseUrl}/customers`);
    await page.getByTestId('customer-search').locator('input').fill('C000001');
    await page.getByTestId('customer-search').locator('input').press('Enter');
    const row = page.getByTestId('customers-table').locator('tbody tr', { hasText: 'C000001' });
    await poll(() => row.locator('[data-tag="plan"]').innerText()).toBe('5G畅享套餐');
    expect(await row.locator('[data-tag="value_tier"]').innerText()).toBe('金卡');
  });

  it('should show them in English after the language switch', async () => {
    await page.goto(`${server.baseUrl}/customers/C000001`);
    await page.getByTestId('language-switch').getByText('English').click();
    await poll(() => tagOnPage('plan').innerText()).toBe('Unlimited 5G');
    expect(await tagOnPage('value_tier').innerText()).toBe('Gold');
    expect(await tagOnPage('region').innerText()).toBe('Hangzhou');
    await page.getByTestId('language-switch').getByText('中文').click();
    await poll(() => tagOnPage('plan').innerText()).toBe('5G畅享套餐');
  });

  it('should show the label an administrator gives a value in the tag’s dialog', async () => {
    await page.goto(`${server.baseUrl}/admin/tags`);
    await page.getByTestId('edit-tag-plan').click();
    const zh = page.getByTestId('tag-value-label-unlimited_5g-zh');
    await poll(() => zh.inputValue()).toBe('5G畅享套餐');
    expect(await page.getByTestId('tag-value-label-unlimited_5g-en').inputValue()).toBe('Unlimited 5G');
    await zh.fill('  5G畅享 299元  ');
    await page.getByRole('button', { name: /^保\s*存$/ }).last().click();
    // The list shows each value with its label.
    const planRow = page.getByTestId('tags-table').locator('tr', { has: page.getByTestId('edit-tag-plan') });
    await poll(() => planRow.innerText()).toContain('unlimited_5g · 5G畅享 299元');

    await page.goto(`${server.baseUrl}/customers/C000001`);
    await poll(() => tagOnPage('plan').innerText()).toBe('5G畅享 299元');
  });
});

describe('customer list', () => {
  it('should page through every customer from the server, saying how many there are', async () => {
    await page.goto(`${server.baseUrl}/customers`);
    const table = page.getByTestId('customers-table');
    const total = page.locator('.ant-pagination-total-text');
    await poll(() => total.innerText()).toMatch(/^共 [\d,]+ 位客户$/);
    const n = Number((await total.innerText()).replace(/\D/g, ''));
    // The list used to stop at 50 customers without a word.
    expect(n).toBeGreaterThan(50);
    const last = Math.ceil(n / 20);
    await page.locator(`.ant-pagination-item-${last}`).click();
    await poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(n - (last - 1) * 20);
  });
});
