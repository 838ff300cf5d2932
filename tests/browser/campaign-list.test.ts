// Finding a campaign in the list, in a real browser: a designer narrows the demo's campaigns (with
// the demo's history, as `npm start` shows them) by part of the name, by status and by department;
// the filter is in the address, so a reload (or a shared link) shows the same list, and a filter
// that matches nothing offers to clear itself.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { pick } from './support/browser';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let page: Page;
const session = useBrowserSession('campaign-list', { env: { OCTOFLOW_DEMO_HISTORY: 'on' }, signInAs: 'designer@octoflow.demo' });
beforeAll(() => {
  ({ server, page } = session);
});

const table = () => page.getByTestId('campaigns-table');
const names = () => table().locator('tbody tr td:first-child a').allInnerTexts();
const statuses = () => table().getByTestId('status-tag').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
const search = () => page.getByRole('textbox', { name: '按名称搜索' });

describe('the campaign list', () => {
  it('should narrow the list by name, status and department, and keep the filter in the address', async () => {
    await page.goto(`${server.baseUrl}/campaigns`);
    await poll(async () => (await names()).length).toBeGreaterThan(5);
    const all = await names();
    expect(all).toContain('流量80%提醒 · 5GB加油包');
    expect(all).toContain('家庭副卡 · 暑期推荐');

    await search().fill('加油');
    await search().press('Enter');
    await page.waitForURL(/[?&]q=%E5%8A%A0%E6%B2%B9/);
    await poll(names).toEqual(all.filter((n) => n.includes('加油')));
    const withName = all.filter((n) => n.includes('加油')).length;
    await expect(page.getByTestId('campaigns-count').innerText()).resolves.toBe(`共 ${all.length} 个，显示 ${withName} 个`);

    // Of those, only the live ones.
    await pick(page, page.getByTestId('campaigns-status'), { option: '运行中' });
    await page.waitForURL(/[?&]status=live/);
    await poll(statuses).toEqual(['live']);
    await poll(names).toEqual(['流量80%提醒 · 5GB加油包']);

    // The address is the filter: a reload shows the same list and the same search.
    await page.reload();
    await poll(names).toEqual(['流量80%提醒 · 5GB加油包']);
    await expect(search().inputValue()).resolves.toBe('加油');
    await expect(page.getByTestId('campaigns-status').innerText()).resolves.toContain('运行中');

    // Clearing goes back to every campaign.
    await page.getByTestId('campaigns-reset').click();
    await poll(names).toEqual(all);
    expect(new URL(page.url()).search).toBe('');
    await expect(search().inputValue()).resolves.toBe('');
  });

  it('should filter by department, and offer to clear a filter that matches nothing', async () => {
    await page.goto(`${server.baseUrl}/campaigns?department=channels`);
    await poll(names).toEqual(['家庭副卡 · 暑期推荐', '来电情景 · 升级与加油包']);
    await expect(page.getByTestId('campaigns-department').innerText()).resolves.toContain('渠道部');

    // A link to a department without campaigns still names it.
    await page.goto(`${server.baseUrl}/campaigns?department=it_support`);
    await table().getByText('没有符合筛选条件的营销活动。').waitFor();
    await expect(page.getByTestId('campaigns-department').innerText()).resolves.toContain('IT支撑部');
    await page.goto(`${server.baseUrl}/campaigns?department=channels`);
    await poll(names).toEqual(['家庭副卡 · 暑期推荐', '来电情景 · 升级与加油包']);

    await search().fill('没有这个活动');
    await search().press('Enter');
    await poll(names).toEqual([]);
    const empty = table().getByText('没有符合筛选条件的营销活动。');
    await empty.waitFor();
    await table().getByRole('button', { name: '清除筛选' }).click();
    await poll(async () => (await names()).length).toBeGreaterThan(5);
    expect(new URL(page.url()).search).toBe('');
  });
});
