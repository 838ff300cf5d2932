// Offer choice through the real runtime: a customer visiting a shop gets the first offer, in
// priority order, whose product they may take at that moment (their plan, tenure and what they
// already hold, from the database), the step history says which offer was chosen, and the
// opportunity pushed to the shop names that offer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { campaigns, contactLedger, customers, journeys, offers, outbox, steps, subscriptions } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { processPendingEvents } from '@/server/runtime/event-processor';
import { demoOffers, ensureDemo, loadExample } from '@/server/services/demo';
import { createTestApp, type TestApp } from './support/test-app';
import { contactFlow, launchFlow } from './support/flows';
import { callerAs } from './support/actors';
import type { FlowGraph } from '@/workflows';

let app: TestApp;
let campaignId: string;
const heavy4g = { name: '赵磊', plan: 'basic_4g', tenure_months: 24, data_usage_gb: 18.5, opted_out: false, region: 'hangzhou' };
const ids = ['C000401', 'C000402', 'C000403', 'C000404'];

beforeAll(async () => {
  app = await createTestApp();
  // The demo campaign listens to another event type; pause it all the same.
  await app.rt.db.update(campaigns).set({ status: 'paused' });
  app.clock.set(new Date('2026-06-01T02:00:00Z')); // 10:00 in Shanghai
  await app.rt.db.delete(subscriptions).where(inArray(subscriptions.customerId, ids));
  ({ campaignId } = await launchFlow(app, '营业厅到访优惠择优', loadExample('counter-best-offer')));
});
afterAll(async () => app?.close());

const visit = (customerId: string) => ({
  eventId: `visit-${customerId}`,
  customerId,
  type: 'counter_visit',
  occurredAt: app.clock.now().toISOString(),
  attributes: { shop_id: 'HZ-WL-01' },
});
const history = async (customerId: string) =>
  (await app.rt.db.select().from(steps).where(eq(steps.customerId, customerId)).orderBy(steps.id)).map((s) => `${s.nodeId}:${s.outcome}`);
const pushedOffers = async (customerId: string) =>
  (await app.rt.db.select().from(outbox).where(and(eq(outbox.customerId, customerId), eq(outbox.channel, 'frontline')))).map((o) => o.payload.offerId);

describe('offer choice in a live campaign', () => {
  it('should choose per customer from their plan, tenure and holdings at the moment of the visit', async () => {
    const [upgrader, on5g, holdsBoth, light] = ids;
    await app.rt.db.update(customers).set({ tags: heavy4g }).where(eq(customers.id, upgrader));
    // The upgrade requires a 4G or prepaid plan: this customer already has 5G.
    await app.rt.db.update(customers).set({ tags: { ...heavy4g, plan: 'unlimited_5g' } }).where(eq(customers.id, on5g));
    // Has 5G and already holds the 5 GB pack: neither offer can be taken.
    await app.rt.db.update(customers).set({ tags: { ...heavy4g, plan: 'unlimited_5g' } }).where(eq(customers.id, holdsBoth));
    await app.rt.db.insert(subscriptions).values({ customerId: holdsBoth, productId: 'data_pack_5gb' });
    // Uses little data: no offer's condition holds.
    await app.rt.db.update(customers).set({ tags: { ...heavy4g, data_usage_gb: 1.5 } }).where(eq(customers.id, light));

    await ingestEvents(app.rt, ids.map(visit));
    await processPendingEvents(app.rt);

    expect(await history(upgrader)).toEqual(['visit:entered', 'best_offer:offer_5g_upgrade_half', 'pitch_upgrade:contact_requested', 'ordered:waiting']);
    expect(await pushedOffers(upgrader)).toEqual(['offer_5g_upgrade_half']);

    expect(await history(on5g)).toEqual(['visit:entered', 'best_offer:offer_5gb_10cny', 'pitch_pack:contact_requested', 'ordered:waiting']);
    expect(await pushedOffers(on5g)).toEqual(['offer_5gb_10cny']);

    for (const id of [holdsBoth, light]) {
      expect(await history(id)).toEqual(['visit:entered', 'best_offer:none', 'nothing_to_offer:exited']);
      expect(await pushedOffers(id)).toEqual([]);
    }
    const done = await app.rt.db.select({ status: journeys.status }).from(journeys).where(and(eq(journeys.campaignId, campaignId), eq(journeys.customerId, light)));
    expect(done).toEqual([{ status: 'done' }]);
  });
});

describe('evaluating a campaign that chooses offers', () => {
  // Arrivals: half held out; the treated get the roaming pass when they may take it.
  const graph: FlowGraph = {
    version: 1,
    settings: { reentry: 'every_time', concurrent: false },
    nodes: [
      { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'roaming_arrival', condition: '' } },
      { id: 'hold', kind: 'control_group', position: { x: 0, y: 100 }, params: { percent: 50 } },
      { id: 'best', kind: 'offer_choice', position: { x: 0, y: 200 }, params: { offers: [{ offerId: 'offer_roaming_day' }] } },
      { id: 's', kind: 'sms', position: { x: 0, y: 300 }, params: { template: '漫游日包25元', offerId: 'offer_roaming_day' } },
      { id: 'e', kind: 'end', position: { x: 0, y: 400 }, params: {} },
    ],
    edges: [
      { id: 'e1', source: 't', sourcePort: 'out', target: 'hold' },
      { id: 'e2', source: 'hold', sourcePort: 'control', target: 'e' },
      { id: 'e3', source: 'hold', sourcePort: 'treatment', target: 'best' },
      { id: 'e4', source: 'best', sourcePort: 'offer_roaming_day', target: 's' },
      { id: 'e5', source: 'best', sourcePort: 'none', target: 'e' },
      { id: 'e6', source: 's', sourcePort: 'out', target: 'e' },
    ],
  };

  it("should count as converted only orders for the chosen offers' products, in both arms", async () => {
    const { campaignId: id } = await launchFlow(app, '漫游日包择优', graph, { exclusive: false });
    const arrivals = Array.from({ length: 40 }, (_, i) => `C000${500 + i}`);
    await app.rt.db.delete(subscriptions).where(inArray(subscriptions.customerId, arrivals));
    const at = app.clock.now().toISOString();
    await ingestEvents(app.rt, arrivals.map((c) => ({ eventId: `arr-${c}`, customerId: c, type: 'roaming_arrival', occurredAt: at, attributes: { city: '东京', country: 'JP' } })));
    await processPendingEvents(app.rt);
    const arms = await app.rt.db.select().from(steps).where(and(eq(steps.campaignId, id), eq(steps.nodeKind, 'control_group')));
    const control = arms.filter((r) => r.outcome === 'control').map((r) => r.customerId);
    const treated = arms.filter((r) => r.outcome === 'treatment').map((r) => r.customerId);
    expect(control.length).toBeGreaterThan(3);
    expect(treated.length).toBeGreaterThan(3);

    // Two treated and one held-out customer buy the pass; two held-out customers buy something else.
    app.clock.advance(3600_000);
    const later = app.clock.now().toISOString();
    const order = (c: string, product: string) => ({ eventId: `order-${c}`, customerId: c, type: 'order_placed', occurredAt: later, attributes: { product_id: product } });
    await ingestEvents(app.rt, [order(treated[0], 'roaming_day_pass'), order(treated[1], 'roaming_day_pass'), order(control[0], 'roaming_day_pass'), order(control[1], 'data_pack_5gb'), order(control[2], 'family_plan_add')]);
    await processPendingEvents(app.rt);

    const report = await (await callerAs(app, 'designer@octoflow.demo')).campaigns.evaluation({ id });
    expect(report.lift).toMatchObject({ treatment: { journeys: treated.length, converted: 2 }, control: { journeys: control.length, converted: 1 } });
  });
});

// Offers have an on-sale window (offers table: active, valid from / to), judged at the moment
// of each step: a choice passes over an offer not on sale, a contact naming one is held back.
const offerRow = (id: string) => demoOffers.find((o) => o.id === id)!;
async function setOffer(id: string, change: { active?: boolean; validFrom?: Date | null; validTo?: Date | null }) {
  const admin = await callerAs(app, 'admin@octoflow.demo');
  const { id: offerId, productId, nameZh, nameEn, priceCny } = offerRow(id);
  await admin.products.saveOffer({ id: offerId, productId, nameZh, nameEn, priceCny: priceCny ?? 0, active: true, validFrom: null, validTo: null, ...change });
}
const choiceStep = async (customerId: string) => {
  const [row] = await app.rt.db.select().from(steps).where(and(eq(steps.customerId, customerId), eq(steps.nodeKind, 'offer_choice')));
  return { outcome: row.outcome, skipped: (row.detail as { skipped?: unknown }).skipped ?? [] };
};

describe('why an offer choice passed over the offers above the one it chose', () => {
  it('should record the eligibility rule, the false condition, and an offer withdrawn or past its end date', async () => {
    const [chooses, on5g, light, afterEnd, noneOnSale] = ['C000411', 'C000412', 'C000413', 'C000414', 'C000415'];
    await app.rt.db.delete(subscriptions).where(inArray(subscriptions.customerId, [chooses, on5g, light, afterEnd, noneOnSale]));
    for (const id of [chooses, afterEnd, noneOnSale]) await app.rt.db.update(customers).set({ tags: heavy4g }).where(eq(customers.id, id));
    await app.rt.db.update(customers).set({ tags: { ...heavy4g, plan: 'unlimited_5g' } }).where(eq(customers.id, on5g));
    await app.rt.db.update(customers).set({ tags: { ...heavy4g, data_usage_gb: 1.5 } }).where(eq(customers.id, light));

    await ingestEvents(app.rt, [chooses, on5g, light].map(visit));
    await processPendingEvents(app.rt);
    expect(await choiceStep(chooses)).toEqual({ outcome: 'offer_5g_upgrade_half', skipped: [] });
    expect(await choiceStep(on5g)).toEqual({
      outcome: 'offer_5gb_10cny',
      skipped: [{ offerId: 'offer_5g_upgrade_half', why: 'not_eligible', rule: { en: 'plan Unlimited 5G is not one of 4G basic / Prepaid', zh: '套餐 5G畅享套餐 不在可办理范围（4G基础套餐/预付费）' } }],
    });
    expect(await choiceStep(light)).toEqual({
      outcome: 'none',
      skipped: [
        { offerId: 'offer_5g_upgrade_half', why: 'condition_false', condition: 'customer.data_usage_gb >= 15.0' },
        { offerId: 'offer_5gb_10cny', why: 'condition_false', condition: 'customer.data_usage_gb >= 5.0' },
      ],
    });

    // The upgrade's offer ended an hour ago: the same heavy 4G user now gets the 5 GB pack.
    const ended = new Date(app.clock.now().getTime() - 3600_000);
    await setOffer('offer_5g_upgrade_half', { validFrom: new Date('2026-01-01T00:00:00Z'), validTo: ended });
    await ingestEvents(app.rt, [visit(afterEnd)]);
    await processPendingEvents(app.rt);
    expect(await choiceStep(afterEnd)).toEqual({
      outcome: 'offer_5gb_10cny',
      skipped: [{ offerId: 'offer_5g_upgrade_half', why: 'offer_unavailable', offer: { state: 'expired', validFrom: '2026-01-01T00:00:00.000Z', validTo: ended.toISOString() } }],
    });
    expect(await pushedOffers(afterEnd)).toEqual(['offer_5gb_10cny']);

    // And with the pack withdrawn too, nothing is offered.
    await setOffer('offer_5gb_10cny', { active: false });
    await ingestEvents(app.rt, [visit(noneOnSale)]);
    await processPendingEvents(app.rt);
    expect(await choiceStep(noneOnSale)).toEqual({
      outcome: 'none',
      skipped: [
        { offerId: 'offer_5g_upgrade_half', why: 'offer_unavailable', offer: { state: 'expired', validFrom: '2026-01-01T00:00:00.000Z', validTo: ended.toISOString() } },
        { offerId: 'offer_5gb_10cny', why: 'offer_unavailable', offer: { state: 'inactive', validFrom: null, validTo: null } },
      ],
    });
    expect(await pushedOffers(noneOnSale)).toEqual([]);
    // The customer page reads the reasons from the step history.
    const page = await (await callerAs(app, 'designer@octoflow.demo')).customers.get({ id: noneOnSale });
    expect(page.steps.find((x) => x.nodeKind === 'offer_choice')?.detail).toMatchObject({ skipped: [{ why: 'offer_unavailable' }, { why: 'offer_unavailable' }] });

    await setOffer('offer_5g_upgrade_half', {});
    await setOffer('offer_5gb_10cny', {});
  });
});

describe('a contact naming an offer not on sale', () => {
  it('should be held back as suppressed, saying the offer is not on sale yet, and go out once it is', async () => {
    const customerId = 'C000601';
    const graph = contactFlow('balance_low', '余额不足，25元漫游日包出行无忧');
    graph.nodes[1].params = { ...graph.nodes[1].params, offerId: 'offer_roaming_day' };
    await launchFlow(app, '余额提醒 · 漫游日包', graph);
    const starts = new Date(app.clock.now().getTime() + 86_400_000);
    await setOffer('offer_roaming_day', { validFrom: starts });
    const low = (n: number) => ({ eventId: `low-${n}`, customerId, type: 'balance_low', occurredAt: app.clock.now().toISOString(), attributes: { balance: 3.5 } });

    await ingestEvents(app.rt, [low(1)]);
    await processPendingEvents(app.rt);
    const [step] = await app.rt.db.select().from(steps).where(and(eq(steps.customerId, customerId), eq(steps.nodeId, 's')));
    expect(step.outcome).toBe('suppressed');
    expect(step.detail).toMatchObject({ reason: 'offer_unavailable', offer: { offerId: 'offer_roaming_day', state: 'not_yet', validFrom: starts.toISOString() } });
    const held = await app.rt.db.select().from(outbox).where(eq(outbox.customerId, customerId));
    expect(held).toEqual([expect.objectContaining({ status: 'suppressed', suppressionReason: 'offer_unavailable', lastError: `offer offer_roaming_day is on sale only from ${starts.toISOString()}` })]);
    expect(await app.rt.db.select().from(contactLedger).where(eq(contactLedger.customerId, customerId))).toEqual([]);

    // On sale from now: the next low-balance event's SMS goes out (the workers' cache reloads at the next pass).
    await setOffer('offer_roaming_day', {});
    await ingestEvents(app.rt, [low(2)]);
    await processPendingEvents(app.rt);
    const after = await app.rt.db.select({ status: outbox.status }).from(outbox).where(eq(outbox.customerId, customerId)).orderBy(outbox.id);
    expect(after.map((o) => o.status)).toEqual(['suppressed', expect.stringMatching(/^(pending|sent|delivered)$/)]);
    expect(await app.rt.db.select().from(contactLedger).where(eq(contactLedger.customerId, customerId))).toHaveLength(1);
  });
});

describe('a demo database seeded before the demo offers were', () => {
  it('should get the demo offers at the next start, leaving an offer an administrator changed as it is', async () => {
    await setOffer('offer_roaming_day', { active: false });
    await app.rt.db.delete(offers).where(inArray(offers.id, ['offer_5gb_10cny', 'offer_5g_upgrade_half']));
    expect(await ensureDemo(app)).toBe(false); // already seeded: nothing else is redone
    const rows = await app.rt.db.select({ id: offers.id, active: offers.active }).from(offers).where(inArray(offers.id, demoOffers.map((o) => o.id!)));
    expect(rows.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      { id: 'offer_5g_upgrade_half', active: true },
      { id: 'offer_5gb_10cny', active: true },
      { id: 'offer_roaming_day', active: false },
    ]);
    await setOffer('offer_roaming_day', {});
  });
});
