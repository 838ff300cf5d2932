// Offer choice through the real runtime: a customer visiting a shop gets the first offer, in
// priority order, whose product they may take at that moment (their plan, tenure and what they
// already hold, from the database), the step history says which offer was chosen, and the
// opportunity pushed to the shop names that offer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { campaigns, customers, journeys, outbox, steps, subscriptions } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { processPendingEvents } from '@/server/runtime/event-processor';
import { loadExample } from '@/server/services/demo';
import { createTestApp, type TestApp } from './support/test-app';
import { launchFlow } from './support/flows';

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
