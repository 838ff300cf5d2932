// The frontline workbench in a real browser at a tablet's size (1024x768): a call-centre agent
// serves a caller whose offer arrives through the public event API and records the answer (the
// flow converts); two agents claiming outbound calls at the same moment get different calls;
// a shop clerk converts an opportunity and exports the month's commission statement; a call left
// unanswered past its deadline is shown to the agent as expired and not offered again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser';
import { startServer, type TestServer } from './support/server';

const DEMO_API_KEY = 'octo_demo_key_change_me';
const PASSWORD = 'octoflow-demo';
const TABLET = { width: 1024, height: 768 };
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 250 });

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let finished = false;
/** The call agent1 claims in the "two agents" test and never answers. */
let unanswered: string | null = null;
const run = Date.now().toString(36);
/** The server's clock (OCTOFLOW_CLOCK_START, then running in real time), in ms. */
const serverNow = () => server.clockStart.getTime() + (Date.now() - server.startedAt);

/** Signs in through better-auth's HTTP API and returns the session cookie. */
async function session(email: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.baseUrl },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** Calls a tRPC procedure over HTTP as the signed-in user (superjson wire format, plain JSON input). */
async function trpc<T>(cookie: string, proc: string, input: unknown, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const url = `${server.baseUrl}/api/trpc/${proc}`;
  const res =
    kind === 'query'
      ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { cookie } })
      : await fetch(url, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: server.baseUrl }, body: JSON.stringify({ json: input }) });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!res.ok || !body.result) throw new Error(`${proc} failed: ${res.status} ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}

const node = (id: string, kind: string, y: number, params: Record<string, unknown>) => ({ id, kind, position: { x: 0, y }, params });
const edge = (source: string, sourcePort: string, target: string) => ({ id: `${source}-${sourcePort}`, source, sourcePort, target });

/** Creates, submits, approves and launches a campaign through the same API the UI uses. */
async function launch(designer: string, approver: string, name: string, graph: unknown) {
  const c = await trpc<{ id: string }>(designer, 'campaigns.create', { name, graph });
  const v = await trpc<{ id: string }>(designer, 'campaigns.submit', { id: c.id });
  await trpc(approver, 'campaigns.decide', { versionId: v.id, decision: 'approved', comment: 'E2E' });
  await trpc(approver, 'campaigns.launch', { id: c.id });
}

async function postEvent(customerId: string, type: string, attributes: Record<string, unknown>) {
  const res = await fetch(`${server.baseUrl}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ eventId: `wb-${run}-${customerId}-${type}`, customerId, type, occurredAt: new Date(server.clockStart).toISOString(), attributes }),
  });
  expect(res.status).toBe(202);
}

async function page(email: string, locale: 'zh-CN' | 'en', timezoneId = 'Asia/Shanghai'): Promise<Page> {
  const context = await browser.newContext({ viewport: TABLET, locale, timezoneId, acceptDownloads: true });
  contexts.push(context);
  const p = await context.newPage();
  p.setDefaultTimeout(30_000);
  await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: server.baseUrl }]);
  // Frontline staff land on their workbench, not on the campaigns the shared helper waits for.
  await p.goto(`${server.baseUrl}/sign-in`);
  await p.getByTestId('sign-in-email').fill(email);
  await p.getByTestId('sign-in-password').fill(PASSWORD);
  await p.getByTestId('sign-in-submit').click();
  await p.waitForURL(/\/workbench\/(inbound|shop)$/);
  return p;
}

interface Customer {
  id: string;
  msisdn: string;
  tags: Record<string, unknown>;
}
let callers: Customer[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const designer = await session('designer@octoflow.demo');
  const approver = await session('approver@octoflow.demo');
  // Exclusive and high priority: these campaigns, not the demo's, serve the test's events.
  await launch(designer, approver, `E2E来电加油包 ${run}`, {
    version: 1,
    settings: { reentry: 'every_time', concurrent: true },
    nodes: [
      node('t', 'trigger', 0, { eventType: 'inbound_call', condition: '' }),
      node('offer', 'inbound_offer', 120, { offerId: 'offer_5gb_10cny', script: '{{customer.name}}您好，E2E：10元5GB加油包，当月有效。', validForHours: 72 }),
      node('lead', 'frontline_opportunity', 240, { description: 'E2E：请向{{customer.name}}推荐5GB加油包', offerId: 'offer_5gb_10cny', commissionCny: 25, validForDays: 7, shopScope: 'home_region' }),
      node('goal', 'goal', 360, { eventType: 'order_placed', condition: "event.product_id == 'data_pack_5gb'", window: { amount: 7, unit: 'days' } }),
      node('won', 'end', 480, {}),
      node('lost', 'end', 480, {}),
    ],
    edges: [edge('t', 'out', 'offer'), edge('offer', 'out', 'lead'), edge('lead', 'out', 'goal'), edge('goal', 'converted', 'won'), edge('goal', 'not_converted', 'lost')],
  });
  await launch(designer, approver, `E2E续约外呼 ${run}`, {
    version: 1,
    settings: { reentry: 'every_time', concurrent: true },
    nodes: [
      node('t', 'trigger', 0, { eventType: 'contract_expiring', condition: '' }),
      node('call', 'outbound_call', 120, { script: '{{customer.name}}您好，E2E续约外呼。', priority: 'high', deadlineHours: 72 }),
      node('e', 'end', 240, {}),
    ],
    edges: [edge('t', 'out', 'call'), edge('call', 'out', 'e')],
  });
  // Hangzhou customers who take marketing and do not hold the 5 GB pack yet (every tenth does).
  const { rows: list } = await trpc<{ rows: Customer[] }>(designer, 'customers.list', { search: 'C0001', pageSize: 100 }, 'query');
  callers = list.filter((c) => c.tags.region === 'hangzhou' && c.tags.opted_out === false && Number(c.id.slice(1)) % 10 !== 0);
  expect(callers.length).toBeGreaterThanOrEqual(4);
}, 600_000);

afterAll(async () => {
  if (!finished) console.error(`Server output:\n${server?.logs().slice(-4000)}`);
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('frontline workbench', () => {
  it('should show an agent the offer a live flow makes for a caller, record the acceptance and convert the goal', async () => {
    const agent = await page('agent1@octoflow.demo', 'zh-CN');
    await agent.getByTestId('nav-workbench').waitFor(); // the side menu has the workbench
    // One main landmark, the page's content (screen readers jump to it).
    expect(await agent.getByRole('main').count()).toBe(1);
    expect(await agent.locator('main').count()).toBe(1);
    const caller = callers[0];
    // Keyboard only: type the number the switch shows, with spaces, and press Enter.
    await agent.getByLabel('来电号码').fill(`${caller.msisdn.slice(0, 3)} ${caller.msisdn.slice(3, 7)} ${caller.msisdn.slice(7)}`);
    await agent.keyboard.press('Enter');
    await expect.poll(() => agent.getByTestId('customer-card').textContent()).toContain(caller.id);
    await agent.getByTestId('no-offers').waitFor();

    await postEvent(caller.id, 'inbound_call', { reason: 'bill' });
    const card = agent.getByTestId('task-card');
    await card.waitFor();
    await poll(() => card.getByTestId('task-script').textContent()).toContain('E2E：10元5GB加油包');
    expect(await card.getByTestId('task-offer').textContent()).toBe('10元5GB加油包');
    expect(await card.getByTestId('task-why').textContent()).toContain('客服热线呼入');
    await card.getByTestId('task-eligible').waitFor();
    await agent.screenshot({ path: path.join(os.tmpdir(), 'octoflow-workbench-inbound.png') });

    await card.getByTestId('outcome-accepted').focus();
    await agent.keyboard.press('Enter');
    await agent.getByText('已接受：订单已提交，营销流程继续。').waitFor();
    await agent.getByTestId('no-offers').waitFor();
    await poll(async () => {
      const res = await fetch(`${server.baseUrl}/api/v1/customers/${caller.id}/steps`, { headers: { authorization: `Bearer ${DEMO_API_KEY}` } });
      const body = (await res.json()) as { steps: { nodeKind: string; outcome: string }[] };
      return body.steps.map((s) => `${s.nodeKind}:${s.outcome}`);
    }).toContain('goal:converted');
  });

  it('should give two agents who press "next call" at the same moment two different calls', async () => {
    await postEvent(callers[1].id, 'contract_expiring', { days_left: 9 });
    await postEvent(callers[2].id, 'contract_expiring', { days_left: 9 });
    const [a, b] = await Promise.all([page('agent1@octoflow.demo', 'zh-CN'), page('agent2@octoflow.demo', 'en')]);
    await Promise.all([a.goto(`${server.baseUrl}/workbench/outbound`), b.goto(`${server.baseUrl}/workbench/outbound`)]);
    await poll(async () => Number(await a.getByTestId('queue-waiting').locator('.ant-statistic-content-value').textContent())).toBeGreaterThanOrEqual(2);
    await Promise.all([a.getByTestId('claim-next').click(), b.getByTestId('claim-next').click()]);
    const idOf = async (p: Page) => {
      await p.getByTestId('current-call').waitFor();
      return p.getByTestId('task-card').getAttribute('data-task-id');
    };
    const [ida, idb] = await Promise.all([idOf(a), idOf(b)]);
    expect(ida).toBeTruthy();
    expect(idb).toBeTruthy();
    expect(ida).not.toBe(idb);
    unanswered = ida;
    await b.getByTestId('outcome-declined').click();
    await b.getByText('Declined: recorded.').waitFor();
    await b.getByTestId('claim-next').waitFor();
  });

  it('should let a shop clerk convert a pushed opportunity and export the commission statement', async () => {
    const customer = callers[3];
    await postEvent(customer.id, 'inbound_call', { reason: 'visit' });
    const clerk = await page('clerk@octoflow.demo', 'en');
    await clerk.goto(`${server.baseUrl}/workbench/shop`);
    const card = clerk.locator(`[data-testid="task-card"][data-customer-id="${customer.id}"]`);
    await card.waitFor();
    expect(await clerk.locator('main').count()).toBe(1);
    // The shop's other opportunities (the demo's, the first test's caller's) declined: one is left,
    // and the header counts it in the singular.
    const others = clerk.locator(`[data-testid="task-card"]:not([data-customer-id="${customer.id}"])`);
    while ((await others.count()) > 0) {
      const id = await others.first().getAttribute('data-task-id');
      await others.first().getByTestId('outcome-declined').click();
      await clerk.locator(`[data-testid="task-card"][data-task-id="${id}"]`).waitFor({ state: 'detached' });
    }
    await poll(() => clerk.getByTestId('shop-name').innerText()).toMatch(/ · 1 opportunity$/);
    expect(await card.getByTestId('task-commission').textContent()).toBe('¥25.00');
    await card.getByTestId('outcome-accepted').click();
    await clerk.getByText('Accepted: the order is placed and the campaign continues.').waitFor();
    await card.waitFor({ state: 'detached' });
    await poll(() => clerk.getByTestId('shop-name').innerText()).toMatch(/ · 0 opportunities$/);

    await clerk.getByTestId('workbench-tab-commission').click();
    await clerk.waitForURL(/\/workbench\/commission$/);
    const lines = clerk.getByTestId('statement-lines');
    await poll(() => lines.textContent()).toContain(customer.id);
    expect(await clerk.getByTestId('statement-total').textContent()).toContain('25.00');
    // The shop by its name in the reader's language, its id beside it for finance.
    expect(await clerk.getByTestId('statement-scope').textContent()).toBe('Shop Hangzhou Wulin own shop (HZ-WL-01)');
    const line = lines.locator('tr', { hasText: customer.id });
    expect(await line.getByTestId('statement-shop').innerText()).toBe('Hangzhou Wulin own shop HZ-WL-01');
    expect(await clerk.getByTestId('statement-shop').allInnerTexts()).not.toContain('HZ-WL-01');
    const [download] = await Promise.all([clerk.waitForEvent('download'), clerk.getByTestId('statement-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^commission-\d{4}-\d{2}-HZ-WL-01\.csv$/);
    const file = path.join(os.tmpdir(), `octoflow-${run}.csv`);
    await download.saveAs(file);
    const csv = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe('Month,Converted at,Staff,Shop,Team,Customer,Customer name,Campaign,Offer,Commission (CNY)');
    expect(rows.find((r) => r.includes(customer.id))).toMatch(/HZ-WL-01 Hangzhou Wulin own shop,.*offer_5gb_10cny,25\.00$/);
    expect(rows.at(-1)).toBe('Total,,,,,,,,1,25.00');
  });

  it('should let an agent pick when to call back, and give the call back to that agent when it is due', async () => {
    // Any call of the queue (the demo's seeded calls and the earlier test's) will do. The tablet
    // is set to another time zone: the picker still works in China time, as the card shows it.
    const agent = await page('agent2@octoflow.demo', 'zh-CN', 'Europe/Berlin');
    await agent.goto(`${server.baseUrl}/workbench/outbound`);
    await agent.getByTestId('claim-next').click();
    await agent.getByTestId('current-call').waitFor();
    const taskId = await agent.getByTestId('task-card').getAttribute('data-task-id');

    await agent.getByTestId('outcome-call_back').click();
    const picker = agent.getByTestId('call-back-picker');
    await picker.waitFor();
    // A time a minute or two ahead on the server's clock (the page counts from it too), typed as
    // an agent would, in China Standard Time.
    const at = new Date(Math.ceil((serverNow() + 70_000) / 60_000) * 60_000);
    const typed = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at);
    const input = agent.locator('#call-back-at');
    await input.click();
    // The calendar speaks Chinese: 2026年 12月, not 2026年 Dec.
    await poll(() => agent.locator('.ant-picker-dropdown:visible .ant-picker-header-view').first().innerText()).toMatch(/^\d{4}年\s*\d{1,2}月$/);
    await input.fill(typed);
    await input.press('Enter');
    await picker.getByText('我本人回电').click();
    await agent.screenshot({ path: path.join(os.tmpdir(), 'octoflow-workbench-call-back.png') });
    await agent.getByTestId('call-back-confirm').click();
    await agent.getByText('稍后再联系：该推荐保持有效。').waitFor();
    await agent.getByTestId('claim-next').waitFor();
    await poll(() => agent.getByTestId('my-call-back').textContent()).toContain(typed.slice(11));
    expect(Number(await agent.getByTestId('queue-later').locator('.ant-statistic-content-value').textContent())).toBeGreaterThanOrEqual(1);

    // When it is due, the agent's next call is this one.
    await new Promise((r) => setTimeout(r, Math.max(0, at.getTime() - serverNow()) + 3_000));
    await agent.getByTestId('claim-next').click();
    await agent.getByTestId('current-call').waitFor();
    expect(await agent.getByTestId('task-card').getAttribute('data-task-id')).toBe(taskId);
    await agent.getByTestId('task-called-back').waitFor();
  }, 300_000);

  it('should show an agent the call they left unanswered past its deadline as expired, and not offer it again', async () => {
    expect(unanswered).toBeTruthy();
    const agent = await page('agent1@octoflow.demo', 'zh-CN');
    await agent.goto(`${server.baseUrl}/workbench/outbound`);
    await agent.getByTestId('current-call').waitFor();
    expect(await agent.getByTestId('task-card').getAttribute('data-task-id')).toBe(unanswered);

    // The test campaign's calls must be made within 72 hours: the server comes back 74 hours on.
    await server.restart({ clockStart: new Date(serverNow() + 74 * 3_600_000) });
    await agent.reload();
    // The workers expire overdue work on their next pass; the page refreshes its queue by itself.
    const expired = agent.getByTestId('expired-list');
    await expect.poll(() => expired.isVisible(), { timeout: 120_000, interval: 1_000 }).toBe(true);
    expect(await agent.getByTestId('current-call').count()).toBe(0);
    await poll(() => expired.locator('.ant-collapse-header').innerText()).toMatch(/^近24小时内逾期未处理（[1-9]\d*）$/);
    await expired.locator('.ant-collapse-header').click();
    const item = expired.locator(`[data-testid="expired-task"][data-task-id="${unanswered}"]`);
    await item.waitFor();
    expect(await item.getByTestId('expired-tag').innerText()).toBe('已逾期');
    // Not actionable: no answer buttons on it.
    expect(await item.locator('[data-testid^="outcome-"]').count()).toBe(0);
    await agent.screenshot({ path: path.join(os.tmpdir(), 'octoflow-workbench-expired.png') });

    // Every call of the queue was due within 72 hours: nothing is left to claim, the expired call
    // included. "Next call" cannot be pressed and says why, on hover and to a screen reader.
    const claim = agent.getByTestId('claim-next');
    await poll(async () => Number(await agent.getByTestId('queue-waiting').locator('.ant-statistic-content-value').textContent())).toBe(0);
    await poll(() => claim.isDisabled()).toBe(true);
    const reason = await claim.getAttribute('aria-describedby');
    expect(await agent.locator(`[id="${reason}"]`).innerText()).toBe('您的班组暂无待外呼任务。');
    await claim.hover({ force: true });
    await poll(() => agent.getByRole('tooltip').innerText()).toBe('您的班组暂无待外呼任务。');
    finished = true;
  }, 300_000);
});
