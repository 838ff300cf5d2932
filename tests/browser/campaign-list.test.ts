// Finding a campaign in the list, in a real browser: a designer narrows the demo's campaigns (with
// the demo's history, as `npm start` shows them) by part of the name, by status and by department,
// each option counting what choosing it would show; sorts and pages through them, the server doing
// the work a page at a time. Filter, order and page are in the address, so a reload (or a shared
// link) shows the same list, and a filter that matches nothing offers to clear itself.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { optionsOf, pick } from './support/browser';
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
const header = (name: string) => table().getByRole('columnheader', { name });
const pageButton = (n: number) => page.locator(`.ant-table-wrapper .ant-pagination-item-${n}`);

/** A filter's options as the person sees them when opening it: each label with its count. */
async function optionCounts(select: Locator): Promise<Record<string, number>> {
  await select.click();
  const options = await optionsOf(page, select);
  await options.first().waitFor();
  const texts = await options.allInnerTexts();
  await page.keyboard.press('Escape');
  return Object.fromEntries(texts.map((t) => t.trim().match(/^(.*?)\s*(\d+)$/)!.slice(1)).map(([label, n]) => [label, Number(n)]));
}
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The inputs of the campaigns.list calls in a tRPC request's address (batched with others or not). */
function listInputs(address: string): Record<string, unknown>[] {
  const url = new URL(address);
  if (!url.pathname.startsWith('/api/trpc/')) return [];
  const paths = url.pathname.slice('/api/trpc/'.length).split(',');
  const input = JSON.parse(url.searchParams.get('input') ?? '{}') as Record<string, { json?: Record<string, unknown> }>;
  return paths.flatMap((p, i) => (p === 'campaigns.list' ? [(url.searchParams.has('batch') ? input[i] : input)?.json ?? {}] : []));
}

/**
 * Does `act`, waits for the page to ask the server for the list page it leads to (`asked`: page,
 * size and order) and to show it, and returns the names shown.
 */
async function listedAfter(asked: { page: number; pageSize: number; sort: { field: string; order: string } }, act: () => Promise<unknown>) {
  const response = page.waitForResponse((r) => listInputs(r.url()).some((i) => i.page === asked.page && i.pageSize === asked.pageSize && JSON.stringify(i.sort) === JSON.stringify(asked.sort)));
  await act();
  await response;
  await poll(() => page.locator('.ant-table-wrapper .ant-spin-spinning').count()).toBe(0);
  return names();
}

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
    // Each status counts the campaigns of the search it would show: one is live among them.
    const byStatus = await optionCounts(page.getByTestId('campaigns-status'));
    expect(sum(byStatus)).toBe(withName);
    expect(byStatus['运行中']).toBe(1);

    // Of those, only the live ones.
    await pick(page, page.getByTestId('campaigns-status'), { option: '运行中' });
    await page.waitForURL(/[?&]status=live/);
    await poll(statuses).toEqual(['live']);
    await poll(names).toEqual(['流量80%提醒 · 5GB加油包']);
    // A department counts what it would show under the search and the status chosen.
    await expect(optionCounts(page.getByTestId('campaigns-department')).then(sum)).resolves.toBe(1);

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

  it('should sort and page on the server, and keep the order and the page in the address', async () => {
    await page.goto(`${server.baseUrl}/campaigns`);
    await poll(async () => (await names()).length).toBeGreaterThan(5);
    const all = await names();
    // The demo's campaigns fit on one page of 20; five a page (a size the address can ask for) makes several.
    expect(all.length).toBeLessThan(20);
    const pages = Math.ceil(all.length / 5);
    const byName = { field: 'name', order: 'asc' };
    const latestFirst = { field: 'updatedAt', order: 'desc' };

    expect(await listedAfter({ page: 1, pageSize: 5, sort: latestFirst }, () => page.goto(`${server.baseUrl}/campaigns?pageSize=5`))).toEqual(all.slice(0, 5));
    const ascending = await listedAfter({ page: 1, pageSize: 5, sort: byName }, () => header('名称').click());
    await page.waitForURL(/[?&]sort=name(&|$)/);
    for (let p = 2; p <= pages; p++) {
      ascending.push(...(await listedAfter({ page: p, pageSize: 5, sort: byName }, () => pageButton(p).click())));
      await page.waitForURL(new RegExp(`[?&]page=${p}(&|$)`));
    }
    // Every campaign once, over the pages, in the server's order.
    expect([...ascending].sort()).toEqual([...all].sort());
    const lastPage = ascending.slice((pages - 1) * 5);

    // A reload (or the link shared) shows the same page in the same order.
    expect(await listedAfter({ page: pages, pageSize: 5, sort: byName }, () => page.reload())).toEqual(lastPage);
    await expect(header('名称').getAttribute('aria-sort')).resolves.toBe('ascending');

    // Z to A from the first page: the order runs across the pages, not within one.
    expect(await listedAfter({ page: 1, pageSize: 5, sort: { field: 'name', order: 'desc' } }, () => header('名称').click())).toEqual([...ascending].reverse().slice(0, 5));
    await page.waitForURL(/[?&]sort=-name(&|$)/);
    expect(new URL(page.url()).searchParams.get('page')).toBeNull();

    // Another filter starts again from its first page, in the order chosen.
    await pageButton(2).click();
    await page.waitForURL(/[?&]page=2(&|$)/);
    await search().fill('加油');
    await search().press('Enter');
    await page.waitForURL(/[?&]q=%E5%8A%A0%E6%B2%B9/);
    expect(new URL(page.url()).searchParams.get('page')).toBeNull();
    await poll(names).toEqual([...ascending].reverse().filter((n) => n.includes('加油')));
  });
});
