// Launch sign-offs by several departments, in a real browser: two departments sign a campaign
// off in parallel, two others in series (the second sees it only after the first), each from
// their own inbox; and an administrator who wrote a version is refused when trying to sign it.
// Then a per-customer approval inside a running journey: the market's approver finds the
// customer in the inbox with the request, the offer and the due time, and approves it with a
// comment; the customer's journey goes on along the approved branch.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, signOut } from './support/browser';
import type { TestServer } from './support/server';
import { callApi } from './support/public-api';
import { useBrowserSession } from './support/session';
import { approval, approveInInbox, createAndSubmit as submitForSignoff, inboxRow, openInbox as openApprovalInbox, signoffGraph } from './support/signoffs';
import { trpc } from './support/trpc';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let page: Page;

const session = useBrowserSession('approvals');
beforeAll(() => {
  ({ server, page } = session);
});

const suffix = Date.now().toString(36);
const PARALLEL = `并行会签 ${suffix}`;
const SERIAL = `串行会签 ${suffix}`;
const OWN = `自审测试 ${suffix}`;
const REJECTED = `驳回通知 ${suffix}`;

/** A tRPC call with the signed-in user's session cookie (set-up the UI would take minutes for). */
const rpc = <T = unknown>(name: string, input: unknown) => trpc<T>(page, server.baseUrl, name, input);
const graph = (signoffs: ReturnType<typeof approval>[], links: [string, string][]) => signoffGraph(signoffs, links);
const createAndSubmit = async (name: string, g: unknown) => (await submitForSignoff(page, server.baseUrl, name, g)).id;
const row = (name: string) => inboxRow(page, name);
const openInbox = () => openApprovalInbox(page);
const approve = (name: string) => approveInInbox(page, name);

describe('multi-department launch sign-offs', () => {
  it('should collect parallel and serial sign-offs from each department’s inbox', async () => {
    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    const parallelId = await createAndSubmit(PARALLEL, graph([approval('mkt', 'market', 0), approval('cs', 'customer_service', 100)], [['mkt', 't'], ['cs', 't']]));
    await createAndSubmit(SERIAL, graph([approval('mkt', 'market', 0), approval('it', 'it_support', 100)], [['mkt', 'it'], ['it', 't']]));
    await signOut(page);

    // Customer service sees the parallel campaign at once (and its bell says so), not the serial one.
    await signIn(page, server.baseUrl, 'cs-approver@octoflow.demo');
    await poll(async () => Number(await page.getByTestId('notification-count').getAttribute('data-count'))).toBeGreaterThan(0);
    await openInbox();
    await row(PARALLEL).waitFor();
    expect(await row(SERIAL).count()).toBe(0);
    await approve(PARALLEL);
    await signOut(page);

    // IT support is second in the serial chain: nothing for it until the market has signed.
    await signIn(page, server.baseUrl, 'it-approver@octoflow.demo');
    await openInbox();
    await poll(() => page.getByTestId('approvals-table').getByRole('row').filter({ hasText: suffix }).count()).toBe(0);
    await signOut(page);

    // The market signs both; the parallel one shows customer service's sign-off as done.
    await signIn(page, server.baseUrl, 'approver@octoflow.demo');
    await openInbox();
    await poll(() => row(PARALLEL).getByTestId('signoff-cs').getAttribute('data-state')).toBe('approved');
    await approve(PARALLEL);
    await approve(SERIAL);
    await signOut(page);

    await signIn(page, server.baseUrl, 'it-approver@octoflow.demo');
    await openInbox();
    await poll(() => row(SERIAL).getByTestId('signoff-mkt').getAttribute('data-state')).toBe('approved');
    await approve(SERIAL);
    await signOut(page);

    // The designer sees the parallel campaign approved, with who moved it, on its plan page.
    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    await page.goto(`${server.baseUrl}/campaigns/${parallelId}/plan`);
    await poll(() => page.getByTestId('plan-status').locator('[data-status]').getAttribute('data-status')).toBe('approved');
    await poll(() => page.getByTestId('lifecycle-move').filter({ has: page.locator('[data-status="approved"]') }).innerText()).toContain('王审批');
    await signOut(page);
  });

  it('should tell the designer why their version was rejected, in the bell and the Versions tab', async () => {
    const reason = '请把ARPU门槛调整为60元';
    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    const id = await createAndSubmit(REJECTED, graph([], []));
    await signOut(page);
    await signIn(page, server.baseUrl, 'approver@octoflow.demo');
    await openInbox();
    await row(REJECTED).getByRole('button').click();
    const drawer = page.getByTestId('review-drawer');
    await drawer.getByTestId('review-my-step').waitFor();
    await drawer.getByTestId('review-comment').fill(reason);
    await drawer.getByTestId('review-reject').click();
    await poll(() => row(REJECTED).count()).toBe(0);
    await signOut(page);

    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    await page.getByTestId('notification-bell').click();
    const notice = page.getByTestId('notification-version_rejected').filter({ hasText: REJECTED });
    await poll(() => notice.innerText()).toContain(reason);
    expect(await notice.innerText()).toContain('王审批');
    await notice.click();
    await page.waitForURL(`${server.baseUrl}/campaigns/${id}`);
    await page.getByTestId('tab-versions').click();
    await poll(() => page.getByTestId('version-rejection-1').innerText()).toContain(reason);
    // The hash stays on one line in the 380 px side panel.
    const hash = (await page.getByTestId('version-hash').first().boundingBox())!;
    expect(hash.height).toBeLessThan(30);
    await signOut(page);
  });

  it('should refuse an administrator signing off a version they wrote', async () => {
    await signIn(page, server.baseUrl, 'admin@octoflow.demo');
    await createAndSubmit(OWN, graph([], []));
    await openInbox();
    await row(OWN).getByRole('button').click();
    const drawer = page.getByTestId('review-drawer');
    await drawer.getByTestId('review-authored').waitFor();
    await drawer.getByTestId('review-approve').click();
    await page.locator('.ant-message').getByText('职责分离：版本的作者不能审批自己的版本').waitFor();
    await drawer.getByRole('button', { name: '关闭', exact: true }).click();
    expect(await row(OWN).count()).toBe(1);
  });
});

const RENEWAL = `续约审批 ${suffix}`;

/** contract expiring -> approval (market, 1 day) -> approved: SMS with the upgrade offer; rejected and timeout: end. */
const renewal = {
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'contract_expiring', condition: '' } },
    { id: 'ok', kind: 'approval', position: { x: 0, y: 100 }, params: { department: 'market', note: '合约剩{{event.days_left}}天，续约赠送100元话费', timeout: { amount: 1, unit: 'days' } } },
    { id: 'gift', kind: 'sms', position: { x: 0, y: 200 }, params: { template: '续约赠送100元话费', offerId: 'offer_5g_upgrade_half' } },
    { id: 'done', kind: 'end', position: { x: 0, y: 300 }, params: {} },
    { id: 'no', kind: 'end', position: { x: 200, y: 200 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 'ok' },
    { id: 'e2', source: 'ok', sourcePort: 'approved', target: 'gift' },
    { id: 'e3', source: 'gift', sourcePort: 'out', target: 'done' },
    { id: 'e4', source: 'ok', sourcePort: 'rejected', target: 'no' },
    { id: 'e5', source: 'ok', sourcePort: 'timeout', target: 'no' },
  ],
};

const api = (method: string, route: string, body?: unknown) => callApi(server.baseUrl, method, route, body);

describe('per-customer approvals in a journey', () => {
  it('should let the market’s approver approve a customer’s request from the inbox and continue the journey', async () => {
    await signOut(page);
    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    const { id } = await rpc<{ id: string }>('campaigns.create', { name: RENEWAL, graph: renewal });
    const version = await rpc<{ id: string }>('campaigns.submit', { id });
    await signOut(page);
    await signIn(page, server.baseUrl, 'approver@octoflow.demo');
    await rpc('campaigns.decide', { versionId: version.id, decision: 'approved' });
    await rpc('campaigns.launch', { id });

    // A customer's contract is about to expire: the journey stops at the approval node.
    const occurredAt = new Date(server.clockStart.getTime() + (Date.now() - server.startedAt)).toISOString();
    const sent = await api('POST', '/api/v1/events', { eventId: randomUUID(), customerId: 'C000777', type: 'contract_expiring', occurredAt, attributes: { days_left: 12 } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);

    await openInbox();
    const task = page.getByTestId('customer-tasks-table').getByRole('row').filter({ hasText: 'C000777' });
    await poll(() => task.count()).toBe(1);
    await expect.poll(() => task.innerText()).toContain(RENEWAL);
    expect(await task.getByTestId('task-request').innerText()).toBe('合约剩12天，续约赠送100元话费');
    expect(await task.getByTestId('task-offer').innerText()).toContain('升级5G套餐前3月半价');
    // The bell says customers wait for the department.
    await poll(async () => Number(await page.getByTestId('notification-count').getAttribute('data-count'))).toBeGreaterThan(0);

    await task.getByRole('button').click();
    const drawer = page.getByTestId('task-drawer');
    await drawer.getByTestId('task-drawer-request').waitFor();
    // A rejection needs a reason: refused in the form, nothing sent.
    await drawer.getByTestId('task-reject').click();
    await drawer.getByText('请说明驳回原因。').waitFor();
    await drawer.getByTestId('task-comment').fill('老客户，同意赠送');
    await drawer.getByTestId('task-approve').click();
    await page.locator('.ant-message').getByText('已通过').waitFor();
    await poll(() => task.count()).toBe(0);

    // The customer's journey went on along the approved branch.
    await poll(async () => {
      const { body } = await api('GET', '/api/v1/customers/C000777/steps');
      return (body.steps as { campaignId: string; nodeId: string; outcome: string }[]).filter((s) => s.campaignId === id).map((s) => `${s.nodeId}:${s.outcome}`);
    }).toEqual(expect.arrayContaining(['ok:waiting', 'ok:approved', 'gift:contact_requested']));
  });
});
