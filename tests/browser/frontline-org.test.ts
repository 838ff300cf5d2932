// The frontline organisation page in a real browser, in Chinese: an administrator adds a shop (an
// id already taken is refused under the id field), deactivates another, gives a clerk the new shop
// on the users page (whose picker offers it and no longer the deactivated one), and the clerk's
// workbench then shows the new shop. Taking the shops' city off the tag region is refused in the tag's dialog.
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { optionsOf, pick, signIn } from './support/browser';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let browser: Browser;
let page: Page;

const session = useBrowserSession('frontline-org', { signInAs: 'admin@octoflow.demo' });
beforeAll(() => {
  ({ server, browser, page } = session);
});

describe('frontline organisation page', () => {
  it('should list the shops with their names, refuse a taken id under its field and add a shop', async () => {
    // The administration menu offers the page; the test opens it by its address (a client-side
    // navigation through the menu has hung past the timeout on a loaded CI machine).
    await page.getByTestId('nav-admin').click();
    expect(await page.getByTestId('nav-admin-frontline-org').getAttribute('href')).toBe('/admin/frontline-org');
    await page.goto(`${server.baseUrl}/admin/frontline-org`);
    const wulin = page.getByTestId('shop-HZ-WL-01');
    await wulin.waitFor();
    expect(await wulin.getByTestId('org-name').textContent()).toBe('杭州武林自营厅');
    expect(await wulin.getByTestId('org-status').textContent()).toBe('启用');
    expect(await page.getByTestId('tab-shops').textContent()).toBe('营业厅（9）');

    await page.getByTestId('add-shop').click();
    await page.getByTestId('shop-id').fill('HZ-WL-01');
    await page.getByTestId('shop-name-zh').fill('宁波鄞州自营厅');
    await page.getByTestId('shop-name-en').fill('Ningbo Yinzhou own shop');
    await pick(page, page.getByTestId('shop-region'), { option: '宁波' });
    await page.getByTestId('save-shop').click();
    // Said under the id field, in Chinese.
    await poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['营业厅 HZ-WL-01 已存在：请换一个编号，或在列表中编辑该营业厅']);
    await page.getByTestId('shop-id').fill('NB-YZ-08');
    await page.getByTestId('save-shop').click();
    const added = page.getByTestId('shop-NB-YZ-08');
    await added.waitFor();
    expect(await added.getByTestId('org-name').textContent()).toBe('宁波鄞州自营厅');
    expect(await added.textContent()).toContain('宁波');
    await poll(() => page.getByTestId('tab-shops').textContent()).toBe('营业厅（10）');
  });

  it('should deactivate a shop, keeping it listed as deactivated', async () => {
    const shaoxing = page.getByTestId('shop-SX-YC-01');
    await shaoxing.getByTestId('deactivate-shop-SX-YC-01').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /^停\s*用$/ }).click();
    await poll(() => shaoxing.getByTestId('org-status').textContent()).toBe('已停用');
    expect(await shaoxing.getByTestId('reactivate-shop-SX-YC-01').count()).toBe(1);
  });

  it('should offer the new shop, and not the deactivated one, when assigning a clerk, and show it on the clerk’s workbench', async () => {
    await page.goto(`${server.baseUrl}/admin/users`);
    const row = page.getByTestId('user-partner@octoflow.demo');
    await row.waitFor();
    await poll(() => row.getByTestId('user-workplace').textContent()).toBe('杭州西溪代理店');
    await row.getByTestId('edit-partner@octoflow.demo').click();
    // Searched by id, as a person would among many shops: the new one is offered, the deactivated one not.
    const picker = page.getByTestId('access-shop');
    const search = picker.locator('input').first();
    await picker.click();
    await search.fill('NB-YZ');
    const offered = await optionsOf(page, picker);
    await poll(() => offered.allTextContents()).toEqual(['宁波鄞州自营厅 (NB-YZ-08)']);
    await search.fill('SX-YC');
    await poll(() => offered.count()).toBe(0);
    await search.fill('NB-YZ');
    await poll(() => offered.count()).toBe(1);
    await offered.first().click();
    await page.getByTestId('save-access').click();
    await poll(() => row.getByTestId('user-workplace').textContent()).toBe('宁波鄞州自营厅');

    // The clerk's next request works for the new shop.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const clerk = await context.newPage();
    await signIn(clerk, server.baseUrl, 'partner@octoflow.demo');
    await clerk.goto(`${server.baseUrl}/workbench/shop`);
    await poll(() => clerk.getByTestId('shop-name').innerText()).toMatch(/^NB-YZ-08 宁波鄞州自营厅 · 宁波/);
    await context.close();
  });

  it('should refuse taking a city off the tag region while shops serve it, saying so in the tag’s dialog', async () => {
    await page.goto(`${server.baseUrl}/admin/tags`);
    await page.getByTestId('edit-tag-region').click();
    const values = page.getByTestId('tag-values');
    const ningbo = page.locator('.ant-modal .ant-select-selection-item[title="ningbo"]');
    await ningbo.waitFor();
    await ningbo.locator('.ant-select-selection-item-remove').click();
    await poll(() => ningbo.count()).toBe(0);
    await page.locator('.ant-modal').getByRole('button', { name: /^保\s*存$/ }).click();
    // Refused under the values, naming the city and what serves it; the dialog stays open to put it back.
    const error = page.locator('.ant-modal .ant-form-item-explain-error');
    await poll(() => error.allTextContents()).toEqual([expect.stringMatching(/^不能删除城市 ningbo：.*营业厅 .*（NB-.*正服务该城市。请先在“系统管理 → 一线组织”中/)]);
    expect(await values.isVisible()).toBe(true);
    await page.locator('.ant-modal').getByRole('button', { name: /^取\s*消$/ }).click();
    // Nothing changed: the city is still a value of the tag.
    await page.reload();
    const regionRow = page.getByTestId('tags-table').locator('tr', { has: page.getByTestId('edit-tag-region') });
    await poll(() => regionRow.innerText()).toContain('ningbo');
  });
});
