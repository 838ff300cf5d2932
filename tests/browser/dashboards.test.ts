// The executive dashboards in a real browser, on a fresh install with its demo history: the
// main dashboard in both languages, filtering, drilling down from a figure to a customer, and
// exporting a table as CSV.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '@/server/services/demo';
import { chooseOption, docScreenshot } from './support/browser';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 250 });

let server: TestServer;
let page: Page;

const kpi = async (id: string) => (await page.getByTestId(`kpi-${id}`).locator('.ant-statistic-content').innerText()).trim();
const chartDrawn = (id: string) => page.getByTestId(`chart-${id}`).locator('svg').first().waitFor();
/** The cells of a table column, by its heading. */
const column = async (table: Locator, heading: string) => {
  const headings = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
  const i = headings.indexOf(heading);
  expect(i, `column ${heading} in ${headings.join(', ')}`).toBeGreaterThanOrEqual(0);
  return (await table.locator(`tbody tr.ant-table-row td:nth-child(${i + 1})`).allInnerTexts()).map((c) => c.trim());
};
/** The region (city) value labels the server's catalog has, as the page reads them. */
const regionLabels = async (): Promise<Record<string, { zh: string; en: string }> | undefined> => {
  const res = await page.request.get(`${server.baseUrl}/api/trpc/session.catalog`);
  const body = (await res.json()) as { result: { data: { json: { tags: { name: string; valueLabels?: Record<string, { zh: string; en: string }> }[] } } } };
  return body.result.data.json.tags.find((t) => t.name === 'region')?.valueLabels;
};
/**
 * Every bar of a chart has its category's label drawn beside it (whole, or cut with an ellipsis),
 * and no two labels overlap.
 */
const expectEveryCategoryLabelled = async (id: string, names: string[]) => {
  const texts = page.getByTestId(`chart-${id}`).locator('svg text');
  const drawn: { text: string; box: { x: number; y: number; width: number; height: number } }[] = [];
  for (const el of await texts.all()) drawn.push({ text: (await el.textContent()) ?? '', box: (await el.boundingBox())! });
  const labels = names.map((name) => {
    const label = drawn.find((d) => d.text === name || (d.text.endsWith('…') && d.text.length > 4 && name.startsWith(d.text.slice(0, -1))));
    expect(label, `a label for ${name} among ${drawn.map((d) => d.text).join(' | ')}`).toBeDefined();
    return label!.box;
  });
  const overlap = (a: (typeof labels)[number], b: (typeof labels)[number]) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i], labels[j]), `${names[i]} / ${names[j]}`).toBe(false);
};


// The server inherits this: a fresh install with the generated dashboard history.
const session = useBrowserSession('dashboards', { context: { viewport: { width: 1440, height: 1000 }, acceptDownloads: true, reducedMotion: 'reduce' }, env: { OCTOFLOW_DEMO_HISTORY: 'on' }, signInAs: 'executive@octoflow.demo' });
beforeAll(() => {
  ({ server, page } = session);
});

describe('dashboards', () => {
  it('should show an executive three months of the loop in Chinese, from the side menu', async () => {
    await page.getByTestId('nav-dashboards').click();
    await page.waitForURL(/\/dashboards/);
    await page.getByRole('heading', { name: '驾驶舱', level: 2 }).waitFor();
    await chartDrawn('trend');
    await chartDrawn('channels');
    await poll(() => kpi('entered')).toMatch(/^[1-9][\d,]{4,}$/);
    // Every campaign's bars are named, however long the name.
    await chartDrawn('campaigns');
    const campaignNames = (await column(page.getByTestId('table-campaigns-numbers'), '营销案')).slice(0, 10);
    expect(campaignNames.length).toBeGreaterThan(3);
    await expectEveryCategoryLabelled('campaigns', campaignNames);
    expect(await kpi('revenue')).toMatch(/[1-9]/);
    // Every chart's numbers are in a table too.
    await expect(page.getByTestId('table-channels-numbers').locator('table th').first().innerText()).resolves.toBe('渠道');
    await expect(page.getByTestId('card-budget').innerText()).resolves.toContain('尚未在资源分配中设置预算');
    await docScreenshot(page, 'dashboard-zh.png');

    await page.getByTestId('tab-loop').click();
    await chartDrawn('stages');
    await chartDrawn('cycle-trend');
    await expect(page.getByTestId('table-waiting-now').innerText()).resolves.toContain('流量加油包 · 夜间版');
  });

  it('should narrow every figure to a department and keep the filter in the address', async () => {
    await page.getByTestId('tab-execution').click();
    await chartDrawn('trend');
    const all = Number((await kpi('entered')).replace(/,/g, ''));
    await chooseOption(page, 'filter-department', '客服');
    await page.waitForURL(/department=customer_service/);
    await poll(async () => Number((await kpi('entered')).replace(/,/g, ''))).toBeLessThan(all);
    const cs = Number((await kpi('entered')).replace(/,/g, ''));
    expect(cs).toBeGreaterThan(0);
    // Every campaign left in the table belongs to customer service.
    const departments = await page.getByTestId('table-campaigns-numbers').locator('tbody tr.ant-table-row td:nth-child(2)').allInnerTexts();
    expect(new Set(departments.filter(Boolean))).toEqual(new Set(['客服部']));
    await page.reload();
    await poll(async () => Number((await kpi('entered')).replace(/,/g, ''))).toBe(cs);
    await page.getByTestId('filter-reset').click();
    await poll(async () => Number((await kpi('entered')).replace(/,/g, ''))).toBe(all);
  });

  it('should open a shared link with a range too long and an unknown channel, applying the rest and saying what it left out', async () => {
    await page.goto(`${server.baseUrl}/dashboards?tab=execution&department=customer_service`);
    await chartDrawn('trend');
    await poll(() => kpi('entered')).toMatch(/^[1-9]/);
    const cs = await kpi('entered');
    const notice = page.getByTestId('dashboards-url-notice');
    expect(await notice.count()).toBe(0);

    await page.goto(`${server.baseUrl}/dashboards?tab=execution&department=customer_service&from=2024-01-01&to=2026-12-01&channel=fax`);
    await poll(() => notice.innerText()).toContain('日期范围 2024-01-01 – 2026-12-01 超过 800 天，现显示最近 30 天。');
    expect(await notice.innerText()).toContain('渠道“fax”无效，已忽略。');
    // The page, with the department applied over the last 30 days, and no refusal from the server.
    await page.getByRole('heading', { name: '驾驶舱', level: 2 }).waitFor();
    await chartDrawn('trend');
    await poll(() => kpi('entered')).toBe(cs);
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    // The next change of filter drops what could not be applied, and the notice with it.
    await page.getByTestId('filter-reset').click();
    await page.waitForURL((u) => !u.searchParams.has('channel') && !u.searchParams.has('from'));
    await notice.waitFor({ state: 'detached' });

    // A department no campaign belongs to (a typo in a hand-edited link): left out once the page
    // knows the departments, so the figures are everyone's, not empty.
    const everyone = await (async () => {
      await page.goto(`${server.baseUrl}/dashboards?tab=execution`);
      await chartDrawn('trend');
      await poll(() => kpi('entered')).toMatch(/^[1-9]/);
      return kpi('entered');
    })();
    await page.goto(`${server.baseUrl}/dashboards?tab=execution&department=custmer_service`);
    await poll(() => notice.innerText()).toContain('部门“custmer_service”不存在或没有任何数据，已忽略。');
    await chartDrawn('trend');
    await poll(() => kpi('entered')).toBe(everyone);
    expect(await page.locator('.ant-alert-error').count()).toBe(0);

    // In English: a range that ends before it starts.
    await page.goto(`${server.baseUrl}/dashboards?tab=execution&from=2026-06-30&to=2026-06-01`);
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { name: 'Dashboards', level: 2 }).waitFor();
    await poll(() => notice.innerText()).toContain('The date range 2026-06-30 – 2026-06-01 ends before it starts; showing the last 30 days.');
    await chartDrawn('trend');
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByRole('heading', { name: '驾驶舱', level: 2 }).waitFor();
  });

  it('should lead from a figure to the campaign, its flow nodes and a customer', async () => {
    // The last days of each campaign are kept as real steps: look at the last week.
    const day = (ago: number) => new Date(Date.now() + 8 * 3_600_000 - ago * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${server.baseUrl}/dashboards?tab=execution&from=${day(7)}&to=${day(0)}`);
    await chartDrawn('trend');
    await page.getByTestId('kpi-sent').locator('button').click();
    const drawer = page.getByTestId('drill-drawer');
    await drawer.getByTestId('drill-campaign').first().click();
    await drawer.getByTestId('drill-open-designer').waitFor();
    expect(await drawer.getByTestId('drill-open-designer').getAttribute('href')).toMatch(/^\/campaigns\/[0-9a-f-]{36}$/);
    await drawer.locator('[data-testid^="node-"][data-testid$="-sent"]').first().click();
    const customer = drawer.getByTestId('drill-customer').first();
    await customer.waitFor();
    const id = await customer.innerText();
    expect(id).toMatch(/^C\d{6}$/);
    await customer.click();
    await page.waitForURL(new RegExp(`/customers/${id}$`));
  });

  it('should lead from where sign-offs wait longest to the sign-offs behind an approver', async () => {
    const day = (ago: number) => new Date(Date.now() + 8 * 3_600_000 - ago * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${server.baseUrl}/dashboards?tab=loop&from=${day(120)}&to=${day(0)}`);
    await chartDrawn('approval-waits');
    const card = page.getByTestId('card-approval-waits');
    await card.getByText('图表数据').click();
    const first = card.getByTestId('table-approval-waits-numbers').locator('tbody tr.ant-table-row').first();
    await first.waitFor();
    const approver = (await first.locator('td').nth(1).innerText()).trim();
    const decisions = Number(await first.locator('td').nth(2).innerText());
    expect(decisions).toBeGreaterThan(0);
    await first.click();
    const drawer = page.getByTestId('drill-drawer');
    await poll(() => drawer.locator('.ant-drawer-title').innerText()).toContain(approver);
    const table = drawer.getByTestId('table-drill-campaigns');
    expect((await table.locator('thead th').allInnerTexts()).map((h) => h.trim())).toContain('等待时长 · 决定时间');
    // One row per sign-off of that approver, each leading to its campaign.
    await poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(Math.min(decisions, 10));
    expect(await table.locator('tbody tr.ant-table-row a').first().getAttribute('href')).toMatch(/^\/campaigns\/[0-9a-f-]{36}$/);
    await page.keyboard.press('Escape');
  });

  it('should export a table as CSV with the figures shown', async () => {
    await page.goto(`${server.baseUrl}/dashboards?tab=execution`);
    await chartDrawn('channels');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-channels').click()]);
    expect(download.suggestedFilename()).toMatch(/^octoflow-channels-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const file = path.join(os.tmpdir(), `dash-${Date.now()}.csv`);
    await download.saveAs(file);
    const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('渠道,请求,触达次数,被拦截,失败,成功,成功率');
    const sms = lines.find((l) => l.startsWith('短信,'))!;
    const sent = Number(sms.split(',')[2]);
    expect(sent).toBeGreaterThan(0);
    // The same number the table shows.
    const row = page.getByTestId('table-channels-numbers').locator('tbody tr', { hasText: '短信' }).first();
    expect(Number((await row.locator('td').nth(2).innerText()).replace(/,/g, ''))).toBe(sent);
  });

  it('should show complaints beside the opt-outs as the experience signal, with the per-10,000 rate and what they were about', async () => {
    await page.goto(`${server.baseUrl}/dashboards?tab=execution`);
    await chartDrawn('trend');
    const card = page.getByTestId('card-complaints');
    const optOuts = page.getByTestId('card-opt-outs');
    await card.scrollIntoViewIfNeeded();
    const figure = (title: string) => card.locator('.ant-statistic', { hasText: title }).locator('.ant-statistic-content').innerText();
    // The demo history has complaints: a count, their rate per 10,000 contacts, and a table of them.
    await poll(() => figure('投诉')).toMatch(/^[1-9][\d,]*$/);
    expect(await figure('万投比（每万次触达）')).toMatch(/^\d+(\.\d+)?$/);
    expect(Number(await figure('万投比（每万次触达）'))).toBeGreaterThan(0);
    expect((await card.locator('table th').allInnerTexts()).map((h) => h.trim())).toEqual(['投诉类别', '渠道', '投诉来源', '数量']);
    const categories = await card.locator('tbody tr.ant-table-row td:first-child').allInnerTexts();
    expect(categories.length).toBeGreaterThan(0);
    expect(categories.some((c) => ['营销打扰', '优惠条款', '计费', '网络', '服务', '其他'].includes(c))).toBe(true);
    // Next to the opt-outs: the same row, complaints on the left, opt-outs on the right.
    expect(Number((await kpi('opt-outs')).replace(/,/g, ''))).toBeGreaterThan(0);
    expect(await optOuts.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    // Where the opt-outs came from, in words (the demo's come from the hotline and SMS replies).
    const sources = await column(optOuts.getByTestId('table-opt-outs'), '来源');
    expect(new Set(sources)).toEqual(new Set(['客服热线', '短信回复']));
    const [a, b] = [await card.boundingBox(), await optOuts.boundingBox()];
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
    expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
    // The two cards side by side (boxes are in the viewport's coordinates, as the clip is).
    await docScreenshot(page, 'dashboard-experience.png', {
      clip: { x: a!.x, y: Math.min(a!.y, b!.y), width: b!.x + b!.width - a!.x, height: Math.max(a!.height, b!.height) },
    });
    // The opt-outs lead to the customers who opted out.
    await page.getByTestId('kpi-opt-outs').locator('button').click();
    const drawer = page.getByTestId('drill-drawer');
    const customer = drawer.getByTestId('table-drill-opt-outs').getByTestId('drill-customer').first();
    await customer.waitFor();
    expect(await customer.innerText()).toMatch(/^C\d{6}$/);
    expect(await drawer.getByTestId('table-drill-opt-outs').locator('tbody tr.ant-table-row').count()).toBe(Math.min(Number((await kpi('opt-outs')).replace(/,/g, '')), 15));
    await page.keyboard.press('Escape');
  });

  it('should lead from events received, the latency, complaints and the success rate to the lists behind them, and on to the flow with its counts', async () => {
    const day = (ago: number) => new Date(Date.now() + 8 * 3_600_000 - ago * 86_400_000).toISOString().slice(0, 10);
    const url = `${server.baseUrl}/dashboards?tab=execution&from=${day(1)}&to=${day(0)}`;
    const now = () => new Date(server.clockStart.getTime() + (Date.now() - server.startedAt)).toISOString();
    const post = async (events: unknown[]) => {
      const res = await fetch(`${server.baseUrl}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(events),
      });
      expect(res.status, await res.clone().text()).toBe(202);
    };
    // Five customers reach 80% of their data: the live demo campaign texts them an offer.
    const upsell = ['C000311', 'C000312', 'C000313', 'C000314', 'C000315'];
    await post(upsell.map((customerId) => ({ eventId: randomUUID(), customerId, type: 'data_usage_80pct', occurredAt: now(), attributes: { pct: 80, plan_gb: 30 } })));
    const drawer = page.getByTestId('drill-drawer');
    const close = async () => {
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
    };

    // Events received -> the events behind the figure, each leading to its customer.
    await page.goto(url);
    await chartDrawn('trend');
    await page.getByTestId('kpi-events').locator('button').click();
    const events = drawer.getByTestId('table-drill-events');
    await poll(() => events.getByTestId('drill-customer').allInnerTexts()).toEqual(expect.arrayContaining([upsell[0]]));
    // Named as the catalog names the event type, with its processing status in words.
    const upsellRow = await events.locator('tbody tr', { hasText: upsell[0] }).first().innerText();
    expect(upsellRow).toContain('流量使用达80%');
    expect(upsellRow).not.toContain('data_usage_80pct');
    await poll(() => column(events, '状态')).not.toContain('processed');
    expect((await column(events, '状态')).every((s) => ['待处理', '已处理', '处理失败'].includes(s))).toBe(true);
    expect((await column(events, '事件类型')).some((s) => /^[a-z0-9_]+$/.test(s))).toBe(false);
    await close();

    // Event -> contact latency: once the contacts are rolled up, it leads to the slowest contacts.
    const slowest = drawer.getByTestId('table-drill-slowest');
    const slowCustomers = async () => {
      await page.goto(url);
      await chartDrawn('trend');
      await page.getByTestId('kpi-latency').locator('button').click();
      await slowest.waitFor();
      await poll(() => drawer.locator('.ant-spin-spinning').count()).toBe(0);
      return (await slowest.getByTestId('drill-customer').allInnerTexts()).filter((c) => upsell.includes(c));
    };
    await poll(slowCustomers).not.toEqual([]);
    const contacted = (await slowest.getByTestId('drill-customer').allInnerTexts()).filter((c) => upsell.includes(c));
    expect(await kpi('latency')).toMatch(/\d ms$/);
    expect(await slowest.locator('tbody tr', { hasText: contacted[0] }).innerText()).toMatch(/\d+ ms/);
    // ... and on to the campaign's flow with its node counts, then the customers behind a count.
    await slowest.locator('tbody tr', { hasText: contacted[0] }).getByTestId('drill-open-flow').click();
    await drawer.getByTestId('drill-open-designer').waitFor();
    await drawer.locator('[data-testid^="node-"][data-testid$="-sent"]').first().click();
    await drawer.getByTestId('table-drill-customers').getByTestId('drill-customer').first().waitFor();
    await drawer.getByTestId('drill-back').click();
    await slowest.waitFor();
    await close();

    // A complaint about that text -> the customer who complained, credited to the campaign.
    await post([{ eventId: randomUUID(), customerId: contacted[0], type: 'complaint', occurredAt: now(), attributes: { category: 'marketing_contact', channel: 'sms', source: 'hotline' } }]);
    await page.getByTestId('complaints-customers').click();
    const complaints = drawer.getByTestId('table-drill-complaints');
    const row = complaints.locator('tbody tr', { hasText: contacted[0] });
    await row.waitFor();
    expect(await row.innerText()).toContain('营销打扰');
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await docScreenshot(page.locator('.ant-drawer-content-wrapper').filter({ has: page.getByTestId('table-drill-complaints') }), 'dashboard-complaint-customers.png');
    await row.getByTestId('drill-customer').click();
    await page.waitForURL(new RegExp(`/customers/${contacted[0]}$`));
    await page.goBack();
    await chartDrawn('trend');
    await page.getByTestId('complaints-customers').click();
    await complaints.locator('tbody tr', { hasText: contacted[0] }).getByTestId('drill-open-flow').click();
    await drawer.getByTestId('drill-open-designer').waitFor();
    await close();

    // Success rate -> contacts and successes per channel and campaign -> a campaign's flow.
    await page.getByTestId('kpi-success-rate').locator('button').click();
    const channels = drawer.getByTestId('table-drill-success-channels');
    await channels.locator('tbody tr', { hasText: '短信' }).waitFor();
    await drawer.getByTestId('table-drill-success-campaigns').getByTestId('drill-campaign').first().click();
    await drawer.getByTestId('drill-open-designer').waitFor();
    expect(await drawer.locator('[data-testid^="node-"]').count()).toBeGreaterThan(0);
    await close();
  });

  it('should lead from a frontline figure to its tasks and on to the campaign flow with its node counts', async () => {
    const day = (ago: number) => new Date(Date.now() + 8 * 3_600_000 - ago * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${server.baseUrl}/dashboards?tab=frontline&from=${day(120)}&to=${day(0)}`);
    await poll(() => kpi('pushed')).toMatch(/^[1-9]/);
    await page.getByTestId('kpi-pushed').locator('button').click();
    const drawer = page.getByTestId('drill-drawer');
    const tasks = drawer.getByTestId('table-drill-tasks');
    await tasks.getByTestId('drill-open-flow').first().waitFor();
    // Statuses and outcomes in words (the outcome as the workbench's buttons say it), never codes.
    const statuses = await column(tasks, '状态');
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((v) => ['待处理', '处理中', '已记录结果', '已过期'].includes(v)), statuses.join()).toBe(true);
    const outcomes = (await column(tasks, '结果')).filter(Boolean);
    expect(outcomes.every((v) => ['接受办理', '拒绝', '稍后再联系', '不再推荐'].includes(v)), outcomes.join()).toBe(true);
    expect(outcomes).not.toContain('accepted');
    // Who recorded it: a shop or a call-centre team, by name, never by code.
    const workers = (await column(tasks, '营业厅 / 班组')).filter((v) => v !== '—');
    expect(workers.length).toBeGreaterThan(0);
    const named = /(自营厅|代理店|客服中心|外呼二组)$/;
    expect(workers.every((v) => v.split(' · ').every((w) => named.test(w))), workers.join()).toBe(true);
    expect(workers.some((v) => /客服中心|外呼二组/.test(v))).toBe(true);
    // Cities by name, in the list and on the chart behind it, once the catalog names them.
    const cities = await regionLabels();
    if (cities) {
      const names = new Set(Object.values(cities).map((c) => c.zh));
      expect((await column(tasks, '地市')).every((v) => names.has(v) || v === '—')).toBe(true);
    }
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    if (cities) {
      const charted = await column(page.getByTestId('table-frontline-regions-numbers'), '地市');
      expect(charted.length).toBeGreaterThan(0);
      expect(charted.every((v) => Object.values(cities).some((c) => c.zh === v))).toBe(true);
      await expectEveryCategoryLabelled('frontline-regions', charted);
    }
    // The shops and teams chart and its table name them too.
    const shops = (await column(page.getByTestId('table-frontline-shops-numbers'), '营业厅')).filter((v) => v !== '—');
    expect(shops.length).toBeGreaterThan(0);
    expect(shops.every((v) => /(自营厅|代理店)$/.test(v)), shops.join()).toBe(true);
    expect((await column(page.getByTestId('table-frontline-shops-numbers'), '班组')).some((v) => /客服中心|外呼二组/.test(v))).toBe(true);
    await page.getByTestId('kpi-pushed').locator('button').click();
    await tasks.getByTestId('drill-open-flow').first().click();
    // The same flow-with-counts view as the other drills, not the designer.
    await drawer.getByTestId('drill-open-designer').waitFor();
    expect(page.url()).toContain('/dashboards');
    expect(await drawer.locator('[data-testid^="node-"]').count()).toBeGreaterThan(0);
    await drawer.getByTestId('drill-back').click();
    await tasks.waitFor();
    await page.keyboard.press('Escape');
    // Back where the next test expects to be.
    await page.goto(`${server.baseUrl}/dashboards?tab=execution`);
    await chartDrawn('trend');
  });

  it('should read in English and keep the live view updating', async () => {
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('heading', { name: 'Dashboards', level: 2 }).waitFor();
    await chartDrawn('trend');
    await expect(page.getByTestId('table-channels-numbers').locator('table th').first().innerText()).resolves.toBe('Channel');
    await chartDrawn('campaigns');
    await expectEveryCategoryLabelled('campaigns', (await column(page.getByTestId('table-campaigns-numbers'), 'Campaign')).slice(0, 10));
    // The complaints table fits its card: the count column is in view, no sideways scrolling.
    const complaintsCard = page.getByTestId('card-complaints');
    const [cardBox, countBox] = [await complaintsCard.boundingBox(), await complaintsCard.locator('thead th', { hasText: 'Count' }).boundingBox()];
    expect(countBox!.x + countBox!.width).toBeLessThanOrEqual(cardBox!.x + cardBox!.width);
    expect(await complaintsCard.locator('.ant-table-content, .ant-table-body').first().evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
    expect(await column(page.getByTestId('table-opt-outs'), 'Source')).toContain('Service hotline');
    await docScreenshot(page, 'dashboard-en.png');
    await page.getByTestId('tab-live').click();
    // Server-sent events: the "updated" line changes without a reload.
    await poll(() => page.getByTestId('live-status').innerText()).toMatch(/^Updated /);
    const first = await page.getByTestId('live-status').innerText();
    await poll(() => page.getByTestId('live-status').innerText()).not.toBe(first);
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByRole('heading', { name: '驾驶舱', level: 2 }).waitFor();
  });

  it('should count events in the live strip as they arrive, without a reload', async () => {
    await page.goto(`${server.baseUrl}/dashboards?tab=live`);
    await poll(() => page.getByTestId('live-status').innerText()).toMatch(/^更新于/);
    const rate = async () => Number((await kpi('events-per-second')).replace(/,/g, ''));
    const before = await rate();
    await page.evaluate(() => ((window as unknown as { notReloaded?: boolean }).notReloaded = true));
    // An upstream system sends 30 touchpoint events (a top-up each) through the public API.
    const occurredAt = new Date(server.clockStart.getTime() + (Date.now() - server.startedAt)).toISOString();
    const res = await fetch(`${server.baseUrl}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        Array.from({ length: 30 }, (_, i) => ({ eventId: randomUUID(), customerId: `C0002${String(i).padStart(2, '0')}`, type: 'top_up', occurredAt, attributes: { amount: 50 } })),
      ),
    });
    expect(res.status, await res.clone().text()).toBe(202);
    // 30 more events over the last five minutes: at least 0.1 a second more, pushed to the page.
    await poll(rate).toBeGreaterThanOrEqual(before + 0.09);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });
});
