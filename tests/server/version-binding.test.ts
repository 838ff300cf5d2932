// An approval is bound to the exact version: its content hash AND what it references outside the
// graph, frozen at submission (flow_versions.refs): the terms of the offers its nodes name and
// the campaign's allocation. A change to them after submission is not covered by the sign-offs:
// signing is refused, launching is refused, the runtime does not run it, and a raised allocation
// does not count until a version carrying it is approved. Wording is copied into the node, so a
// template edited after approval changes nothing that runs; taking the new text is a new version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, campaigns, flowVersions, journeys, sentMessages } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { renderNotice } from '@/server/services/notifications-delivery';
import type { FlowGraph } from '@/workflows';
import { createCaller } from '@/server/api/root';
import { actorFor, callerAs } from './support/actors';
import { rejection } from './support/errors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const as = (email: string) => callerAs(app, email);

/** trigger -> sms (naming an offer) -> end. */
function offerFlow(eventType: string, template: string, offerId = 'offer_roaming_day'): FlowGraph {
  return {
    version: 1,
    settings: { reentry: 'every_time', concurrent: true },
    nodes: [
      { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType, condition: '' } },
      { id: 's', kind: 'sms', position: { x: 0, y: 100 }, params: { template, offerId } },
      { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
    ],
    edges: [
      { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
      { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
    ],
  };
}

const plan = (id: string, allocation: Record<string, number>, startAt: Date | null = null) => ({ id, objective: '', startAt, endAt: null, priority: 50, allocation, onExhausted: 'pause' as const });

async function setRoamingPrice(priceCny: number) {
  const admin = await as('admin@octoflow.demo');
  await admin.products.saveOffer({ id: 'offer_roaming_day', productId: 'roaming_day_pass', nameZh: '25元漫游日包', nameEn: 'Roaming day pass 25 CNY', priceCny, active: true, validFrom: null, validTo: null });
}

let n = 0;
async function send(customerId: string, type: string) {
  await ingestEvents(app.rt, [{ eventId: `bind-${++n}`, customerId, type, occurredAt: app.clock.now().toISOString(), attributes: {} }]);
  await drainRuntime(app.rt);
}

const sentTo = async (customerId: string) => (await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, customerId))).map((m) => m.body);

describe('an offer changed after submission', () => {
  afterAll(async () => setRoamingPrice(25));

  it('should refuse the sign-off, the launch and the run, naming the offer, until a new version is approved', async () => {
    const designer = await as('designer@octoflow.demo');
    const approver = await as('approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Bound offer', graph: offerFlow('roaming_arrival', '出境了？25元漫游日包') });
    const v1 = await designer.campaigns.submit({ id: c.id });
    const [frozen] = await app.rt.db.select({ refs: flowVersions.refs }).from(flowVersions).where(eq(flowVersions.id, v1.id));
    expect(frozen.refs?.offers).toEqual({ offer_roaming_day: { productId: 'roaming_day_pass', priceCny: 25, nameZh: '25元漫游日包', nameEn: 'Roaming day pass 25 CNY' } });

    // The price changes while the version waits: signing it would cover a price nobody saw.
    await setRoamingPrice(30);
    await expect(approver.campaigns.decide({ versionId: v1.id, decision: 'approved', expectedHash: v1.hash })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/offer offer_roaming_day changed \(.*25 CNY → .*30 CNY\).*Submit a new version/),
    });
    // Back to the submitted terms: the same version can be signed.
    await setRoamingPrice(25);
    await approver.campaigns.decide({ versionId: v1.id, decision: 'approved', expectedHash: v1.hash });

    // Changed between approval and launch: the launch is refused.
    await setRoamingPrice(19);
    // The changes also come as data, which the designer words in the reader's language.
    await expect(approver.campaigns.launch({ id: c.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/offer offer_roaming_day changed/),
      cause: {
        details: {
          refsChanged: [{ en: expect.stringMatching(/^offer offer_roaming_day changed \(.*25 CNY → .*19 CNY\)$/), zh: expect.stringMatching(/^优惠 offer_roaming_day 已变更（.*25 元 → .*19 元）$/) }],
        },
      },
    });
    // And a Chinese-speaking approver is told in Chinese.
    const approverZh = createCaller({ app, actor: await actorFor(app, 'approver@octoflow.demo'), locale: 'zh-CN' });
    expect((await rejection(approverZh.campaigns.launch({ id: c.id }))).message).toMatch(/^版本 1 提交审批后优惠 offer_roaming_day 已变更（.*25 元 → .*19 元）：已有签署不能覆盖将要运行的内容。请提交新版本审批$/);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('approved');

    // Launched with the approved terms, then changed while live: the runtime does not run it.
    await setRoamingPrice(25);
    await approver.campaigns.launch({ id: c.id });
    await send('C000301', 'roaming_arrival');
    expect(await sentTo('C000301')).toEqual(['出境了？25元漫游日包']);
    await setRoamingPrice(19);
    app.rt.flows.invalidate();
    await send('C000302', 'roaming_arrival');
    expect(await app.rt.db.select().from(journeys).where(and(eq(journeys.campaignId, c.id), eq(journeys.customerId, 'C000302')))).toHaveLength(0);

    // The same graph submitted again carries the new price: once signed, it launches and runs.
    const v2 = await designer.campaigns.submit({ id: c.id });
    expect(v2.hash).toBe(v1.hash);
    await (await as('cs-approver@octoflow.demo')).campaigns.decide({ versionId: v2.id, decision: 'approved', expectedHash: v2.hash });
    await approver.campaigns.launch({ id: c.id });
    await send('C000303', 'roaming_arrival');
    expect(await sentTo('C000303')).toEqual(['出境了？25元漫游日包']);
  });
});

describe('the allocation changed after submission', () => {
  it('should refuse the launch, and count a raised figure only once a version carrying it is approved', async () => {
    const designer = await as('designer@octoflow.demo');
    const approver = await as('approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Bound allocation', graph: offerFlow('top_up', '充值成功，送你漫游日包') });
    await designer.campaigns.plan(plan(c.id, { sms: 1 }));
    const v1 = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v1.id, decision: 'approved', expectedHash: v1.hash });

    await designer.campaigns.plan(plan(c.id, { sms: 100 }));
    await expect(approver.campaigns.launch({ id: c.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/the allocation changed \(sms 1 → sms 100\)/),
    });

    // Put back, launched, then raised while live: the approved single SMS is still the limit.
    await designer.campaigns.plan(plan(c.id, { sms: 1 }));
    await approver.campaigns.launch({ id: c.id });
    await designer.campaigns.plan(plan(c.id, { sms: 100 }));
    await send('C000311', 'top_up');
    expect(await sentTo('C000311')).toHaveLength(1);
    await drainRuntime(app.rt);
    const [row] = await app.rt.db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, c.id));
    expect(row.status).toBe('paused');
    const timeline = await designer.campaigns.timeline({ id: c.id });
    expect(timeline.at(-1)).toMatchObject({ to: 'paused', note: { kind: 'allocationUsedUp', exhausted: [{ part: 'sms', used: 1, quota: 1 }] } });

    // A new version carries the raised figure; approved, it launches and the campaign runs on.
    const v2 = await designer.campaigns.submit({ id: c.id });
    await expect(designer.campaigns.launch({ id: c.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await (await as('cs-approver@octoflow.demo')).campaigns.decide({ versionId: v2.id, decision: 'approved', expectedHash: v2.hash });
    await approver.campaigns.launch({ id: c.id });
    await send('C000312', 'top_up');
    await drainRuntime(app.rt);
    expect(await sentTo('C000312')).toHaveLength(1);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('live');
  });
});

describe('wording', () => {
  it('should keep sending the approved copy after its template is edited; taking the new text is a new version to sign', async () => {
    const designer = await as('designer@octoflow.demo');
    const approver = await as('approver@octoflow.demo');
    await designer.wording.save({ id: 'bind.roaming', kind: 'sms', nameZh: '漫游提醒', nameEn: 'Roaming reminder', body: '出境愉快，漫游日包25元' });
    const [tpl] = (await designer.wording.list({ kind: 'sms' })).filter((t) => t.id === 'bind.roaming');
    const c = await designer.campaigns.create({ name: 'Bound wording', graph: offerFlow('inbound_call', tpl.body) });
    const v1 = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v1.id, decision: 'approved', expectedHash: v1.hash });
    await approver.campaigns.launch({ id: c.id });

    await (await as('admin@octoflow.demo')).wording.update({ id: 'bind.roaming', nameZh: '漫游提醒', nameEn: 'Roaming reminder', body: '欢迎回国，漫游日包限时19元' });
    await send('C000321', 'inbound_call');
    expect(await sentTo('C000321')).toEqual(['出境愉快，漫游日包25元']);

    // The designer takes the new text: a different hash, which the first approval does not cover.
    const got = await designer.campaigns.get({ id: c.id });
    await designer.campaigns.saveDraft({ id: c.id, graph: offerFlow('inbound_call', '欢迎回国，漫游日包限时19元'), revision: got.draftRevision });
    const v2 = await designer.campaigns.submit({ id: c.id });
    expect(v2.hash).not.toBe(v1.hash);
    await expect(approver.campaigns.decide({ versionId: v2.id, decision: 'approved', expectedHash: v1.hash })).rejects.toMatchObject({ code: 'CONFLICT' });
    await send('C000322', 'inbound_call');
    expect(await sentTo('C000322')).toEqual(['出境愉快，漫游日包25元']);
  });
});

describe('a scheduled campaign whose window opens', () => {
  const HOUR = 3600_000;
  afterAll(async () => setRoamingPrice(25));

  /** The system's lifecycle moves of the campaign in the audit log, oldest first. */
  const moves = async (campaignId: string) =>
    (await app.rt.db.select().from(auditLog).where(and(eq(auditLog.entityId, campaignId), eq(auditLog.action, 'campaign.move')))).sort((a, b) => a.seq - b.seq);

  it('should not start a version whose offer changed since it was signed, and say why on the timeline and in the audit log', async () => {
    const designer = await as('designer@octoflow.demo');
    const approver = await as('approver@octoflow.demo');
    const start = new Date(app.clock.now().getTime() + 2 * HOUR);
    const c = await designer.campaigns.create({ name: 'Scheduled offer', graph: offerFlow('balance_low', '回国了？漫游日包25元') });
    await designer.campaigns.plan(plan(c.id, {}, start));
    const v1 = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v1.id, decision: 'approved', expectedHash: v1.hash });
    expect(await approver.campaigns.launch({ id: c.id })).toMatchObject({ status: 'scheduled' });

    // The price changes while it waits for its window: at the start it does not go live.
    await setRoamingPrice(30);
    app.clock.advance(2 * HOUR);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('approved');
    const last = (await designer.campaigns.timeline({ id: c.id })).at(-1)!;
    expect(last).toMatchObject({ from: 'scheduled', to: 'approved', actorId: null, versionHash: v1.hash });
    expect(last.note).toMatchObject({ kind: 'notStarted', startAt: expect.any(String), why: { en: expect.stringMatching(/offer offer_roaming_day changed \(.*25 CNY → .*30 CNY\).*Submit a new version/) } });
    const audited = (await moves(c.id)).at(-1)!;
    expect(audited).toMatchObject({ actorId: null, versionHash: v1.hash, detail: { from: 'scheduled', to: 'approved', note: last.note } });
    // Its designer is told in the app (and by email and webhook where configured), with the reason.
    const told = (await designer.notifications.list()).items.filter((x) => x.kind === 'start_refused' && x.campaignId === c.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ versionId: v1.id, detail: { campaignName: 'Scheduled offer', versionNo: 1, reason: expect.stringMatching(/offer offer_roaming_day changed/) } });
    const mail = renderNotice({ ...told[0], createdAt: new Date(told[0].createdAt) }, { id: 'd', email: 'designer@octoflow.demo', name: '李设计', department: 'market' }, 'email', 'https://octoflow.example');
    expect(mail.subject).toBe('[Octoflow] “Scheduled offer” v1 未按窗口期开始：签批后其引用的优惠条款或资源配额已变更 / “Scheduled offer” v1 did not start at its window: what it references changed since it was signed');
    expect(mail.link).toBe(`https://octoflow.example/campaigns/${c.id}/plan`);
    expect(mail.text).toContain(told[0].detail.reason as string);
    expect(mail.text).toContain('because you designed this campaign');
    await send('C000331', 'balance_low');
    expect(await sentTo('C000331')).toEqual([]);
    // Later passes leave it alone (it is no longer scheduled): one refusal, not one per pass.
    await drainRuntime(app.rt);
    expect((await moves(c.id)).filter((m) => (m.detail as { to: string }).to === 'approved')).toHaveLength(2);

    // Launching by hand is refused the same way; with the signed terms back it goes live.
    await expect(approver.campaigns.launch({ id: c.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/offer offer_roaming_day changed/) });
    await setRoamingPrice(25);
    expect(await approver.campaigns.launch({ id: c.id })).toMatchObject({ status: 'live' });
    await send('C000332', 'balance_low');
    expect(await sentTo('C000332')).toEqual(['回国了？漫游日包25元']);
  });

  it('should not start a version whose allocation changed since it was signed', async () => {
    const designer = await as('designer@octoflow.demo');
    const approver = await as('approver@octoflow.demo');
    const start = new Date(app.clock.now().getTime() + 2 * HOUR);
    const c = await designer.campaigns.create({ name: 'Scheduled allocation', graph: offerFlow('contract_expiring', '漫游结束，欢迎回家') });
    await designer.campaigns.plan(plan(c.id, { sms: 10 }, start));
    const v1 = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v1.id, decision: 'approved', expectedHash: v1.hash });
    expect(await approver.campaigns.launch({ id: c.id })).toMatchObject({ status: 'scheduled' });

    await designer.campaigns.plan(plan(c.id, { sms: 5000 }, start));
    app.clock.advance(2 * HOUR);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('approved');
    expect((await designer.campaigns.timeline({ id: c.id })).at(-1)!.note).toMatchObject({ kind: 'notStarted', why: { en: expect.stringMatching(/the allocation changed \(sms 10 → sms 5000\)/) } });
    await send('C000333', 'contract_expiring');
    expect(await sentTo('C000333')).toEqual([]);

    // Unchanged, the same scheduled start goes live as before.
    const later = new Date(app.clock.now().getTime() + 2 * HOUR);
    await designer.campaigns.plan(plan(c.id, { sms: 10 }, later));
    expect(await approver.campaigns.launch({ id: c.id })).toMatchObject({ status: 'scheduled' });
    app.clock.advance(2 * HOUR);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('live');
    expect((await designer.campaigns.timeline({ id: c.id })).at(-1)).toMatchObject({ from: 'scheduled', to: 'live', note: { kind: 'windowStarted', startAt: later.toISOString() } });
    await send('C000334', 'contract_expiring');
    expect(await sentTo('C000334')).toEqual(['漫游结束，欢迎回家']);
  });
});
