// The approval journey of issue 6 in a real browser, each approver in their own inbox:
// - the market and customer service sign a campaign off in parallel, then the head office in
//   series; it can be launched only after the last sign-off, and each approver reads the impact
//   dossier (forecast, changes since the last approved version) with the request, in Chinese and
//   in English;
// - separation of duties through the UI (one person, two sign-offs of the same version) and
//   directly through the API (the author; the second sign-off): refused;
// - an approve racing an edit: the decision binds to the version on screen, never to the edit;
// - a per-customer approval nobody decides: its timeout branch runs when the due time passes
//   (the server restarted with its clock past the due time);
// - the audit log: every sign-off recorded, the chain verified, and an entry changed in the
//   database behind the app's back found by the verifier.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signIn, signOut } from './support/browser';
import type { TestServer } from './support/server';
import { callApi } from './support/public-api';
import { useBrowserSession } from './support/session';
import { approval, approveInInbox, createAndSubmit as submitForSignoff, inboxRow, openInbox as openApprovalInbox, openReview as openReviewOf, signoffGraph } from './support/signoffs';
import { trpc, trpcCall } from './support/trpc';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let page: Page;
const session = useBrowserSession('approval-journey');
beforeAll(() => {
  ({ server, page } = session);
});
// Each test signs its people in itself: start signed out even when the one before stopped midway.
beforeEach(async () => {
  await page.context().clearCookies();
});

const suffix = Date.now().toString(36);
const JOURNEY = `两部门并行后总部 ${suffix}`;
const TWICE = `同一人两次会签 ${suffix}`;
const RACE = `审批与修改赛跑 ${suffix}`;
const TIMEOUT = `逐客审批超时 ${suffix}`;

/** A tRPC call as whoever `p` is signed in as: the status and the result or the error. */
const call = (p: Page, name: string, input: unknown, method: 'post' | 'get' = 'post') => trpcCall(p, server.baseUrl, name, input, method);
const rpc = <T>(name: string, input: unknown, method: 'post' | 'get' = 'post', p: Page = page) => trpc<T>(p, server.baseUrl, name, input, method);
const graph = signoffGraph;
const createAndSubmit = (name: string, g: unknown, p: Page = page) => submitForSignoff(p, server.baseUrl, name, g);
const row = (name: string) => inboxRow(page, name);
const openInbox = () => openApprovalInbox(page);
const openReview = (name: string) => openReviewOf(page, name);
const approve = (name: string) => approveInInbox(page, name);

const status = async (id: string) => (await rpc<{ status: string }>('campaigns.get', { id }, 'get')).status;

describe('two departments in parallel, then the head office', () => {
  it('should go live only after the last sign-off, each given from the approver’s own inbox with the impact dossier', async () => {
    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    const { id } = await createAndSubmit(
      JOURNEY,
      graph([approval('mkt', 'market', 0), approval('cs', 'customer_service', 0), approval('ho', 'head_office', 150)], [['mkt', 'ho'], ['cs', 'ho'], ['ho', 't']]),
    );
    const tooEarly = await call(page, 'campaigns.launch', { id });
    expect(tooEarly.error?.message).toMatch(/没有可运行的已审批版本$/);
    await signOut(page);

    // The head office sees nothing until both departments have signed.
    await signIn(page, server.baseUrl, 'ho-approver@octoflow.demo');
    await openInbox();
    await poll(() => page.getByTestId('approvals-table').getByRole('row').filter({ hasText: JOURNEY }).count()).toBe(0);
    await signOut(page);

    // Customer service reads the dossier with the request, then signs.
    await signIn(page, server.baseUrl, 'cs-approver@octoflow.demo');
    await openInbox();
    const drawer = await openReview(JOURNEY);
    const dossier = drawer.getByTestId('dossier');
    await dossier.getByText('影响评估').waitFor();
    await dossier.getByTestId('dossier-first').waitFor();
    await dossier.getByTestId('dossier-sample').waitFor();
    expect(await dossier.getByTestId('dossier-customers').innerText()).toMatch(/^\d+$/);
    expect(await dossier.getByText('预测（按最近7天的真实事件模拟）').count()).toBe(1);
    await drawer.getByTestId('review-comment').fill('客服侧无异议');
    await drawer.getByTestId('review-approve').click();
    await poll(() => row(JOURNEY).count()).toBe(0);
    await signOut(page);

    // The market signs in parallel; the head office's step still waits.
    await signIn(page, server.baseUrl, 'approver@octoflow.demo');
    await openInbox();
    await poll(() => row(JOURNEY).getByTestId('signoff-cs').getAttribute('data-state')).toBe('approved');
    expect(await row(JOURNEY).getByTestId('signoff-ho').getAttribute('data-state')).toBe('blocked');
    await approve(JOURNEY);
    expect(await status(id)).toBe('in_approval');
    expect((await call(page, 'campaigns.launch', { id })).error?.message).toMatch(/没有可运行的已审批版本$/);
    await signOut(page);

    // The head office, last, reads the dossier in English, signs, and the campaign can go live.
    await signIn(page, server.baseUrl, 'ho-approver@octoflow.demo');
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByTestId('nav-approvals').getByText('Approvals').waitFor();
    await openInbox();
    await poll(() => row(JOURNEY).getByTestId('signoff-mkt').getAttribute('data-state')).toBe('approved');
    const hoDrawer = await openReview(JOURNEY);
    await hoDrawer.getByTestId('dossier').getByText('Impact dossier').waitFor();
    await hoDrawer.getByTestId('dossier').getByText('Forecast (simulated over the last 7 days of real events)').waitFor();
    await hoDrawer.getByTestId('review-approve').click();
    await poll(() => row(JOURNEY).count()).toBe(0);
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByTestId('nav-approvals').getByText('审批').waitFor();
    expect(await status(id)).toBe('approved');
    await rpc('campaigns.launch', { id });
    expect(await status(id)).toBe('live');
    await signOut(page);
  });
});

describe('separation of duties', () => {
  it('should refuse one person’s second sign-off of the same version in the inbox, and the author and the second sign-off through the API', async () => {
    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    const twice = await createAndSubmit(TWICE, graph([approval('a1', 'market', 0), approval('a2', 'market', 150)], [['a1', 'a2'], ['a2', 't']]));
    await signOut(page);

    await signIn(page, server.baseUrl, 'approver@octoflow.demo');
    await openInbox();
    let drawer = await openReview(TWICE);
    await drawer.getByTestId('review-approve').click();
    await page.locator('.ant-message').getByText('已通过。').waitFor();
    // The market's second step is open now: the inbox still lists the version, says this person
    // signed, and the server refuses the click.
    await poll(() => row(TWICE).getByTestId('signoff-a1').getAttribute('data-state')).toBe('approved');
    drawer = await openReview(TWICE);
    await drawer.getByTestId('review-signed').waitFor();
    await drawer.getByTestId('review-approve').click();
    await page.locator('.ant-message').getByText('职责分离：您已审批过此版本，下一步审批须由其他人完成').waitFor();
    await drawer.getByRole('button', { name: '关闭', exact: true }).click();

    // Straight through the API: the same refusal, nothing recorded.
    const second = await call(page, 'campaigns.decide', { versionId: twice.versionId, decision: 'approved', expectedHash: twice.hash, stepId: 'a2' });
    expect(second.status).toBe(403);
    expect(second.error?.message).toBe('职责分离：您已审批过此版本，下一步审批须由其他人完成');
    await signOut(page);

    // The author (an administrator, who may stand in for any approver) calling the API directly.
    await signIn(page, server.baseUrl, 'admin@octoflow.demo');
    const own = await createAndSubmit(`自审 API ${suffix}`, graph([], []));
    const mine = await call(page, 'campaigns.decide', { versionId: own.versionId, decision: 'approved', expectedHash: own.hash });
    expect(mine.status).toBe(403);
    expect(mine.error?.message).toBe('职责分离：版本的作者不能审批自己的版本');
    // Another department's approver gives the second market step of TWICE instead: allowed for an
    // administrator who did not sign before, and the version is approved.
    const other = await call(page, 'campaigns.decide', { versionId: twice.versionId, decision: 'approved', expectedHash: twice.hash, stepId: 'a2' });
    expect(other.status, JSON.stringify(other.error)).toBe(200);
    expect(await status(twice.id)).toBe('approved');
    await signOut(page);
  });
});

describe('an approve racing an edit', () => {
  it('should bind the decision to the version on screen: a later draft edit is not approved, a newer version is not decided', async () => {
    const designerContext = await session.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const designer = await designerContext.newPage();
    await signIn(designer, server.baseUrl, 'designer@octoflow.demo');
    const v1 = await createAndSubmit(RACE, graph([], [], '原文案：充值送5元'), designer);

    await signIn(page, server.baseUrl, 'approver@octoflow.demo');
    await openInbox();
    let drawer = await openReview(RACE);
    await drawer.getByTestId('node-s').waitFor();

    // While the approver reads v1, the designer edits the draft (not submitted) ...
    const got = await rpc<{ draftRevision: number }>('campaigns.get', { id: v1.id }, 'get', designer);
    await rpc('campaigns.saveDraft', { id: v1.id, graph: graph([], [], '改后文案：充值送50元'), revision: got.draftRevision }, 'post', designer);
    // ... the approver approves what is on screen: v1, whose text is the original.
    await drawer.getByTestId('review-comment').fill('按原文案通过');
    await drawer.getByTestId('review-approve').click();
    await poll(() => row(RACE).count()).toBe(0);
    const versions = await rpc<{ id: string; status: string; hash: string }[]>('campaigns.versions', { id: v1.id }, 'get');
    expect(versions.map((v) => [v.id, v.status, v.hash])).toEqual([[v1.versionId, 'approved', v1.hash]]);
    const approved = await rpc<{ graph: { nodes: { id: string; params: { template?: string } }[] } }>('campaigns.getVersion', { versionId: v1.versionId }, 'get');
    expect(approved.graph.nodes.find((n) => n.id === 's')!.params.template).toBe('原文案：充值送5元');

    // The designer submits the edit as v2, and then v3 while the approver has v2 open: approving
    // v2 is refused (it was replaced), and nothing is recorded on v2 or v3.
    const v2 = await rpc<{ id: string; hash: string }>('campaigns.submit', { id: v1.id }, 'post', designer);
    await openInbox();
    await poll(() => row(RACE).count()).toBe(1);
    drawer = await openReview(RACE);
    await drawer.getByTestId('node-s').waitFor();
    const again = await rpc<{ draftRevision: number }>('campaigns.get', { id: v1.id }, 'get', designer);
    await rpc('campaigns.saveDraft', { id: v1.id, graph: graph([], [], '第三版文案：充值送20元'), revision: again.draftRevision }, 'post', designer);
    const v3 = await rpc<{ id: string; hash: string }>('campaigns.submit', { id: v1.id }, 'post', designer);
    await drawer.getByTestId('review-approve').click();
    await page.locator('.ant-message').getByText('版本 2 已被新版本取代，不在待审批状态').waitFor();
    const after = await rpc<{ id: string; status: string }[]>('campaigns.versions', { id: v1.id }, 'get');
    expect(after.map((v) => [v.id, v.status])).toEqual([
      [v3.id, 'submitted'],
      [v2.id, 'superseded'],
      [v1.versionId, 'approved'],
    ]);
    // An approval aimed at v2's hash never lands on v3.
    const stale = await call(page, 'campaigns.decide', { versionId: v3.id, decision: 'approved', expectedHash: v2.hash });
    expect(stale.status).toBe(409);
    await drawer.getByRole('button', { name: '关闭', exact: true }).click();
    await signOut(page);
    await designerContext.close();
  });
});


/** contract expiring -> approval (market, 1 hour) -> approved: gift SMS; rejected: end; timeout: an apology SMS. */
const timeoutFlow = {
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'contract_expiring', condition: '' } },
    { id: 'ok', kind: 'approval', position: { x: 0, y: 100 }, params: { department: 'market', note: '合约剩{{event.days_left}}天，是否赠送话费', timeout: { amount: 1, unit: 'hours' } } },
    { id: 'gift', kind: 'sms', position: { x: 0, y: 200 }, params: { template: '续约赠送100元话费' } },
    { id: 'late', kind: 'sms', position: { x: 300, y: 200 }, params: { template: '感谢您的支持，续约请到营业厅办理' } },
    { id: 'done', kind: 'end', position: { x: 0, y: 300 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 'ok' },
    { id: 'e2', source: 'ok', sourcePort: 'approved', target: 'gift' },
    { id: 'e3', source: 'gift', sourcePort: 'out', target: 'done' },
    { id: 'e4', source: 'ok', sourcePort: 'rejected', target: 'done' },
    { id: 'e5', source: 'ok', sourcePort: 'timeout', target: 'late' },
    { id: 'e6', source: 'late', sourcePort: 'out', target: 'done' },
  ],
};

const api = (method: string, route: string, body?: unknown) => callApi(server.baseUrl, method, route, body);

const serverNow = () => new Date(server.clockStart.getTime() + (Date.now() - server.startedAt));

describe('a per-customer approval nobody decides', () => {
  it('should take the timeout branch when its due time passes, and leave the inbox', async () => {
    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    const { id, versionId, hash } = await createAndSubmit(TIMEOUT, timeoutFlow);
    await signOut(page);
    await signIn(page, server.baseUrl, 'approver@octoflow.demo');
    await rpc('campaigns.decide', { versionId, decision: 'approved', expectedHash: hash });
    await rpc('campaigns.launch', { id });

    const sent = await api('POST', '/api/v1/events', { eventId: randomUUID(), customerId: 'C000779', type: 'contract_expiring', occurredAt: serverNow().toISOString(), attributes: { days_left: 9 } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    await openInbox();
    const task = page.getByTestId('customer-tasks-table').getByRole('row').filter({ hasText: 'C000779' });
    await poll(() => task.count()).toBe(1);
    expect(await task.getByTestId('task-request').innerText()).toBe('合约剩9天，是否赠送话费');

    // Nobody decides: two hours later (the server restarted with its clock moved on) the timer
    // fires, the journey takes the timeout branch and the task leaves the inbox.
    await server.restart({ clockStart: new Date(serverNow().getTime() + 2 * 3600_000) });
    await poll(async () => {
      const { body } = await api('GET', '/api/v1/customers/C000779/steps');
      return ((body.steps ?? []) as { campaignId: string; nodeId: string; outcome: string }[]).filter((s) => s.campaignId === id).map((s) => `${s.nodeId}:${s.outcome}`);
    }).toEqual(expect.arrayContaining(['ok:waiting', 'ok:timeout', 'late:contact_requested']));
    await page.goto(`${server.baseUrl}/approvals`);
    await page.getByTestId('customer-tasks-table').waitFor();
    await poll(() => task.count()).toBe(0);
    const { body } = await api('GET', '/api/v1/customers/C000779/steps');
    expect(((body.steps ?? []) as { campaignId: string; nodeId: string }[]).filter((s) => s.campaignId === id && s.nodeId === 'gift')).toHaveLength(0);
  });
});

describe('the audit of the journey', () => {
  it('should show every sign-off in the audit log, verify the chain, and find the entry an intruder changed in the database', async () => {
    await signIn(page, server.baseUrl, 'admin@octoflow.demo');
    await page.goto(`${server.baseUrl}/audit`);
    await page.getByTestId('audit-action').fill('approval.decide');
    await page.getByTestId('audit-search').click();
    const signed = page.getByTestId('audit-table').getByRole('row').filter({ hasText: '客服侧无异议' });
    await poll(() => signed.count()).toBe(1);
    expect(await signed.innerText()).toContain('cs-approver@octoflow.demo');
    await page.getByTestId('audit-verify').click();
    await poll(() => page.getByTestId('audit-verify-result').getAttribute('data-ok')).toBe('true');

    // With the server stopped, the customer service's comment is rewritten in the table itself.
    const seq = Number((await signed.getByRole('cell').first().innerText()).trim());
    await server.restart({
      whileStopped: async () => {
        const { PGlite } = await import('@electric-sql/pglite');
        const db = await PGlite.create({ dataDir: server.dataDir });
        const changed = await db.query(`update audit_log set detail = jsonb_set(detail, '{comment}', '"同意（已改）"') where seq = $1`, [seq]);
        expect(changed.affectedRows).toBe(1);
        await db.close();
      },
    });
    await page.goto(`${server.baseUrl}/audit`);
    await page.getByTestId('audit-verify').click();
    await poll(() => page.getByTestId('audit-verify-result').getAttribute('data-ok')).toBe('false');
    const broken = await page.getByTestId('audit-verify-result').innerText();
    expect(broken).toContain(`第 ${seq} 条`);
    expect(broken).toContain('内容与哈希不符');
    expect(broken).toContain('approval.decide');
  });
});
