// What a paused or ended campaign's journeys may send. Pausing stops new entries and holds every
// contact its journeys already in flight make (a wait that ends, a reply) until the campaign is
// live again; ending it drops them, each recorded as suppressed with the reason `campaign_ended`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { campaigns, outbox, sentMessages } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { defaultContactPolicy, saveContactPolicy } from '@/server/runtime/contact-policy';
import type { FlowGraph } from '@/workflows';
import { callerAs } from './support/actors';
import { suppressionReasons } from './support/events';
import { contactFlow, launchFlow } from './support/flows';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let n = 0;

/** A visit, an hour's wait, then an SMS. */
const followUp = (template: string): FlowGraph => ({
  version: 1,
  settings: { reentry: 'every_time', concurrent: true },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'counter_visit', condition: `event.shop_id == '${template}'` } },
    { id: 'w', kind: 'wait', position: { x: 0, y: 100 }, params: { duration: { amount: 1, unit: 'hours' } } },
    { id: 's', kind: 'sms', position: { x: 0, y: 200 }, params: { template } },
    { id: 'e', kind: 'end', position: { x: 0, y: 300 }, params: {} },
  ],
  edges: [
    { id: 'a', source: 't', sourcePort: 'out', target: 'w' },
    { id: 'b', source: 'w', sourcePort: 'out', target: 's' },
    { id: 'c', source: 's', sourcePort: 'out', target: 'e' },
  ],
});

const visit = (customerId: string, shop: string) =>
  ingestEvents(app.rt, [{ eventId: `paused-${++n}`, customerId, type: 'counter_visit', occurredAt: app.clock.now().toISOString(), attributes: { shop_id: shop } }]);
const smsTo = async (customerId: string, body: string) =>
  (await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, customerId))).filter((m) => m.body === body).length;
const contactStatus = async (campaignId: string, customerId: string) =>
  (await app.rt.db.select({ status: outbox.status }).from(outbox).where(and(eq(outbox.campaignId, campaignId), eq(outbox.customerId, customerId)))).map((r) => r.status);

/**
 * A campaign running followUp(template) with `customerId` in its wait, paused, and the wait ended:
 * the SMS is held. Starts at `day` 10:00 in Shanghai.
 */
async function heldWhilePaused(day: string, name: string, template: string, customerId: string) {
  app.clock.set(new Date(`${day}T02:00:00Z`));
  const { campaignId } = await launchFlow(app, name, followUp(template));
  const designer = await callerAs(app, 'designer@octoflow.demo');
  const approver = await callerAs(app, 'approver@octoflow.demo');
  await visit(customerId, template);
  await drainRuntime(app.rt);
  await approver.campaigns.pause({ id: campaignId });
  app.clock.advance(HOUR + MINUTE);
  await drainRuntime(app.rt);
  expect(await contactStatus(campaignId, customerId)).toEqual(['held']);
  return { campaignId, designer, approver };
}

/** Moves the campaign's window to end `minutes` from now. */
const endIn = (designer: Awaited<ReturnType<typeof callerAs>>, id: string, minutes: number) =>
  designer.campaigns.plan({ id, objective: '', startAt: null, endAt: new Date(app.clock.now().getTime() + minutes * MINUTE), priority: 50, allocation: {}, onExhausted: 'pause' });

describe('contacts of a paused or ended campaign', () => {
  it('should hold what journeys in flight send while the campaign is paused, and send it once when it is live again', async () => {
    const { campaignId, approver } = await heldWhilePaused('2026-06-10', 'Paused follow-up', '暂停后续', 'C000410');
    // The wait ended while paused: the SMS is held, not sent.
    expect(await smsTo('C000410', '暂停后续')).toBe(0);
    // The operator sees it held, not due: the runtime is not behind.
    const admin = await callerAs(app, 'admin@octoflow.demo');
    expect((await admin.operations.backlog()).contacts).toMatchObject({ due: 0, paused: 1 });
    app.clock.advance(HOUR);
    await drainRuntime(app.rt);
    expect(await smsTo('C000410', '暂停后续')).toBe(0);

    await approver.campaigns.launch({ id: campaignId });
    await drainRuntime(app.rt);
    expect(await smsTo('C000410', '暂停后续')).toBe(1);
    expect(await contactStatus(campaignId, 'C000410')).toEqual(['sent']);
    expect((await admin.operations.backlog()).contacts).toMatchObject({ due: 0, paused: 0 });
    await drainRuntime(app.rt);
    expect(await smsTo('C000410', '暂停后续')).toBe(1);
  });

  it('should send a held contact however the campaign is put live again (here by hand in SQL)', async () => {
    const { campaignId } = await heldWhilePaused('2026-06-11', 'Resumed elsewhere', '他处恢复', 'C000411');
    // Put live by hand in SQL (as another process would): the held contact is released by the
    // lifecycle stage, whoever resumed the campaign.
    await app.rt.db.update(campaigns).set({ status: 'live' }).where(eq(campaigns.id, campaignId));
    await drainRuntime(app.rt);
    expect(await smsTo('C000411', '他处恢复')).toBe(1);
  });

  it('should drop the held contacts of a campaign that ends while paused, each recorded with its reason', async () => {
    const { campaignId, designer, approver } = await heldWhilePaused('2026-06-12', 'Ends while paused', '暂停后结束', 'C000412');
    await endIn(designer, campaignId, 10);
    app.clock.advance(11 * MINUTE);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: campaignId })).status).toBe('ended');
    expect(await contactStatus(campaignId, 'C000412')).toEqual(['suppressed']);
    expect(await suppressionReasons(app.rt.db, 'C000412')).toEqual(['campaign_ended']);
    await expect(approver.campaigns.launch({ id: campaignId })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await drainRuntime(app.rt);
    expect(await smsTo('C000412', '暂停后结束')).toBe(0);
  });

  it('should not send a live campaign’s contact that comes due after the campaign ended', async () => {
    app.clock.set(new Date('2026-06-13T02:00:00Z'));
    const { campaignId } = await launchFlow(app, 'Ends before the wait', followUp('结束后到期'));
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await visit('C000413', '结束后到期');
    await drainRuntime(app.rt);
    // The window ends half-way through the customer's wait.
    await endIn(designer, campaignId, 30);
    app.clock.advance(31 * MINUTE);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: campaignId })).status).toBe('ended');

    app.clock.advance(30 * MINUTE);
    await drainRuntime(app.rt);
    expect(await smsTo('C000413', '结束后到期')).toBe(0);
    expect(await suppressionReasons(app.rt.db, 'C000413')).toEqual(['campaign_ended']);
  });

  it('should free a held contact’s place under the caps while paused, and judge it afresh when released', async () => {
    await saveContactPolicy(app.rt.db, { ...defaultContactPolicy, caps: { perDay: 1, perWeek: 5 }, channelCaps: {} });
    try {
      const paused = await heldWhilePaused('2026-06-14', 'Held under the cap', '上限内暂缓', 'C000414');
      const { approver } = paused;
      await launchFlow(app, 'Contacts meanwhile', contactFlow('balance_low', '余额提醒'));

      // The held SMS is not a contact: another campaign may use the day's one contact.
      await ingestEvents(app.rt, [{ eventId: `paused-${++n}`, customerId: 'C000414', type: 'balance_low', occurredAt: app.clock.now().toISOString(), attributes: { balance: 3 } }]);
      await drainRuntime(app.rt);
      expect(await smsTo('C000414', '余额提醒')).toBe(1);

      // Released the same day, it meets the cap the other contact reached.
      await approver.campaigns.launch({ id: paused.campaignId });
      await drainRuntime(app.rt);
      expect(await smsTo('C000414', '上限内暂缓')).toBe(0);
      expect(await contactStatus(paused.campaignId, 'C000414')).toEqual(['suppressed']);
      expect(await suppressionReasons(app.rt.db, 'C000414')).toEqual(['fatigue_cap']);
    } finally {
      await saveContactPolicy(app.rt.db, defaultContactPolicy);
    }
  });

  it('should drop, not send, a contact held longer than the contact policy allows, and send it when the policy sets no limit', async () => {
    expect(defaultContactPolicy.maxHeldHours).toBe(72);
    const stale = await heldWhilePaused('2026-06-16', 'Paused too long', '暂停太久', 'C000415');
    app.clock.advance(72 * HOUR + MINUTE);
    await stale.approver.campaigns.launch({ id: stale.campaignId });
    await drainRuntime(app.rt);
    expect(await smsTo('C000415', '暂停太久')).toBe(0);
    expect(await contactStatus(stale.campaignId, 'C000415')).toEqual(['suppressed']);
    expect(await suppressionReasons(app.rt.db, 'C000415')).toEqual(['held_too_long']);
    const [row] = await app.rt.db.select().from(outbox).where(eq(outbox.campaignId, stale.campaignId));
    expect(row.lastError).toBe('held 72 h while the campaign was paused; the contact policy releases none older than 72 h');

    await saveContactPolicy(app.rt.db, { ...defaultContactPolicy, maxHeldHours: null });
    try {
      const kept = await heldWhilePaused('2026-06-22', 'Paused a week', '暂停一周', 'C000420');
      app.clock.advance(7 * 24 * HOUR);
      await kept.approver.campaigns.launch({ id: kept.campaignId });
      await drainRuntime(app.rt);
      expect(await smsTo('C000420', '暂停一周')).toBe(1);
    } finally {
      await saveContactPolicy(app.rt.db, defaultContactPolicy);
    }
  });
});
