// The global contact policy as a customer would notice it: no more contacts than the caps
// allow across all campaigns, nothing in quiet hours, nothing after an opt-out, one winner when
// campaigns compete for the same moment — and every suppression recorded with its reason.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, campaigns, contactLedger, customers, outbox, sentMessages } from '@/server/db/schema';
import { saveContactPolicy, defaultContactPolicy, quietUntil } from '@/server/runtime/contact-policy';
import { ingestEvents } from '@/server/runtime/event-intake';
import { processPendingEvents } from '@/server/runtime/event-processor';
import { drainRuntime } from '@/server/runtime/workers';
import { blockContact } from '@/server/services/opt-out';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';
import { contactFlow, launchFlow } from './support/flows';
import { callerAs } from './support/actors';
import { suppressionReasons } from './support/events';

let app: TestApp;
let n = 0;
const event = (customerId: string, type: string, attributes: Record<string, unknown> = {}) => ({
  eventId: `cp-${++n}`,
  customerId,
  type,
  occurredAt: app.clock.now().toISOString(),
  attributes,
});
const sent = async (customerId: string) =>
  (await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, customerId))).map((m) => m.body);
const suppressions = (customerId: string) => suppressionReasons(app.rt.db, customerId);

beforeAll(async () => {
  app = await createTestApp();
  // The demo campaign listens to data_usage_80pct; these tests use their own event types.
  await app.rt.db.update(campaigns).set({ status: 'paused' });
  app.clock.set(new Date('2026-06-01T02:00:00Z')); // 10:00 in Shanghai
  // The customers used here have not opted out (the demo data opts out 8% at random).
  await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` }).where(sql`${customers.id} between 'C000200' and 'C000300'`);
  await launchFlow(app, 'Balance reminder', contactFlow('balance_low', '余额提醒'), { priority: 40 });
});
afterAll(async () => app?.close());
beforeEach(async () => {
  await saveContactPolicy(app.rt.db, { ...defaultContactPolicy, quietHours: { start: '21:00', end: '08:00' } });
});

describe('fatigue caps', () => {
  it('should stop at the SMS cap per day and record a suppression for every further attempt', async () => {
    const id = 'C000201';
    for (let i = 0; i < 4; i++) await ingestEvents(app.rt, [event(id, 'balance_low', { balance: 1 })]);
    await drainRuntime(app.rt);
    expect(await sent(id)).toHaveLength(2); // channel cap sms perDay = 2
    expect(await suppressions(id)).toEqual(['fatigue_cap', 'fatigue_cap']);
    const [row] = await app.rt.db.select().from(outbox).where(and(eq(outbox.customerId, id), eq(outbox.status, 'suppressed'))).limit(1);
    expect(row.lastError).toMatch(/sms contacts today \(cap 2\)/);
  });

  it('should count contacts across campaigns, and open again the next local day', async () => {
    const id = 'C000202';
    await saveContactPolicy(app.rt.db, { ...defaultContactPolicy, caps: { perDay: 1, perWeek: 5 }, channelCaps: {} });
    await ingestEvents(app.rt, [event(id, 'balance_low', { balance: 1 })]);
    await drainRuntime(app.rt);
    await ingestEvents(app.rt, [event(id, 'balance_low', { balance: 1 })]);
    await drainRuntime(app.rt);
    expect(await sent(id)).toHaveLength(1);
    app.clock.advance(24 * 3600_000);
    await ingestEvents(app.rt, [event(id, 'balance_low', { balance: 1 })]);
    await drainRuntime(app.rt);
    expect(await sent(id)).toHaveLength(2);
  });
});

describe('quiet hours', () => {
  it('should know when the overnight window ends in the customer local time', () => {
    const q = { start: '21:00', end: '08:00' };
    expect(quietUntil(new Date('2026-06-01T14:30:00Z'), q, 'Asia/Shanghai')?.toISOString()).toBe('2026-06-02T00:00:00.000Z');
    expect(quietUntil(new Date('2026-06-01T18:00:00Z'), q, 'Asia/Shanghai')?.toISOString()).toBe('2026-06-02T00:00:00.000Z');
    expect(quietUntil(new Date('2026-06-01T02:00:00Z'), q, 'Asia/Shanghai')).toBeNull();
  });

  it('should hold a message until the window opens when the campaign says hold', async () => {
    const id = 'C000203';
    app.clock.set(new Date('2026-06-03T14:00:00Z')); // 22:00 in Shanghai
    await ingestEvents(app.rt, [event(id, 'balance_low', { balance: 1 })]);
    await drainRuntime(app.rt);
    expect(await sent(id)).toHaveLength(0);
    const [queued] = await app.rt.db.select().from(outbox).where(eq(outbox.customerId, id));
    expect(queued.status).toBe('pending');
    expect(queued.nextAttemptAt.toISOString()).toBe('2026-06-04T00:00:00.000Z'); // 08:00 local
    app.clock.set(new Date('2026-06-04T00:00:01Z'));
    await drainRuntime(app.rt);
    expect(await sent(id)).toHaveLength(1);
  });

  it('should drop it, with the reason, when the campaign says drop', async () => {
    const id = 'C000204';
    await launchFlow(app, 'Roaming (drop at night)', contactFlow('roaming_arrival', '欢迎'), { quietHoursMode: 'drop' });
    app.clock.set(new Date('2026-06-05T15:00:00Z')); // 23:00 in Shanghai
    await ingestEvents(app.rt, [event(id, 'roaming_arrival', { city: '北京', country: 'CN' })]);
    await drainRuntime(app.rt);
    expect(await sent(id)).toHaveLength(0);
    expect(await suppressions(id)).toEqual(['quiet_hours']);
    app.clock.set(new Date('2026-06-06T02:00:00Z'));
  });
});

describe('opt-out and do-not-disturb', () => {
  it('should not contact a customer on the do-not-disturb list', async () => {
    const id = 'C000205';
    await blockContact(app.rt.db, { customerId: id, channel: '*', reason: 'dnd', source: 'test' });
    await ingestEvents(app.rt, [event(id, 'balance_low', { balance: 1 })]);
    await drainRuntime(app.rt);
    expect(await sent(id)).toHaveLength(0);
    expect(await suppressions(id)).toEqual(['dnd']);
  });

  it('should send nothing queued before an opt-out that commits before the send', async () => {
    const id = 'C000206';
    await ingestEvents(app.rt, [event(id, 'balance_low', { balance: 1 })]);
    await processPendingEvents(app.rt); // the SMS is queued, not yet sent
    const { suppressedQueued } = await blockContact(app.rt.db, { customerId: id, channel: 'sms', reason: 'opt_out', source: 'sms STOP' });
    expect(suppressedQueued).toBe(1);
    await drainRuntime(app.rt);
    expect(await sent(id)).toHaveLength(0);
  });
});

describe('arbitration', () => {
  it('should let the higher-priority campaign contact and record the other as lost arbitration', async () => {
    await launchFlow(app, 'Retention (high)', contactFlow('contract_expiring', '续约优惠'), { priority: 90 });
    await launchFlow(app, 'Upgrade (low)', contactFlow('contract_expiring', '升级5G'), { priority: 10 });
    const id = 'C000207';
    await ingestEvents(app.rt, [event(id, 'contract_expiring', { days_left: 20 })]);
    await drainRuntime(app.rt);
    expect(await sent(id)).toEqual(['续约优惠']);
    expect(await suppressions(id)).toEqual(['lost_arbitration']);
  });

  it('should let non-exclusive campaigns both contact', async () => {
    await launchFlow(app, 'Shop A', contactFlow('counter_visit', '到店礼A', 'sms'), { priority: 30, exclusive: false });
    await launchFlow(app, 'Shop B', contactFlow('counter_visit', '到店礼B', 'sms'), { priority: 20, exclusive: false });
    const id = 'C000208';
    await ingestEvents(app.rt, [event(id, 'counter_visit', { shop_id: 'HZ-1' })]);
    await drainRuntime(app.rt);
    expect((await sent(id)).sort()).toEqual(['到店礼A', '到店礼B']);
  });
});

describe('contact rules set in the campaign plan', () => {
  const planOf = async (designer: Awaited<ReturnType<typeof callerAs>>, id: string, rules: { exclusive?: boolean; quietHoursMode?: 'hold' | 'drop' }) => {
    const c = await designer.campaigns.get({ id });
    await designer.campaigns.plan({ id, objective: c.objective, startAt: c.startAt, endAt: c.endAt, priority: c.priority, allocation: c.allocation, onExhausted: c.onExhausted === 'request' ? 'request' : 'pause', ...rules });
  };

  it('should make two campaigns contact side by side once a designer makes them non-exclusive, from the next event', async () => {
    const a = await launchFlow(app, 'Top-up A', contactFlow('top_up', '充值礼A'), { priority: 60 });
    const b = await launchFlow(app, 'Top-up B', contactFlow('top_up', '充值礼B'), { priority: 50 });
    await ingestEvents(app.rt, [event('C000209', 'top_up', { amount: 50 })]);
    await drainRuntime(app.rt);
    expect(await sent('C000209')).toEqual(['充值礼A']);
    expect(await suppressions('C000209')).toEqual(['lost_arbitration']);

    const designer = await callerAs(app, 'designer@octoflow.demo');
    await planOf(designer, a.campaignId, { exclusive: false });
    await planOf(designer, b.campaignId, { exclusive: false });
    expect((await designer.campaigns.get({ id: a.campaignId })).exclusive).toBe(false);
    await ingestEvents(app.rt, [event('C000210', 'top_up', { amount: 50 })]);
    await drainRuntime(app.rt);
    expect((await sent('C000210')).sort()).toEqual(['充值礼A', '充值礼B']);
    const [audit] = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.entityId, a.campaignId), eq(auditLog.action, 'campaign.plan')));
    expect(audit.detail).toMatchObject({ before: { exclusive: true }, after: { exclusive: false } });
  });

  it('should drop contacts in quiet hours once the plan says drop, and keep the rules when a plan leaves them out', async () => {
    const c = await launchFlow(app, 'Order thanks', contactFlow('order_placed', '感谢订购'), { quietHoursMode: 'hold' });
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await planOf(designer, c.campaignId, { quietHoursMode: 'drop' });
    await planOf(designer, c.campaignId, {}); // an older client that sends no contact rules
    expect(await designer.campaigns.get({ id: c.campaignId })).toMatchObject({ quietHoursMode: 'drop', exclusive: true });
    app.clock.set(new Date('2026-06-07T15:00:00Z')); // 23:00 in Shanghai
    await ingestEvents(app.rt, [event('C000211', 'order_placed', { product_id: 'data_pack_5gb' })]);
    await drainRuntime(app.rt);
    expect(await sent('C000211')).toHaveLength(0);
    expect(await suppressions('C000211')).toEqual(['quiet_hours']);
    app.clock.set(new Date('2026-06-08T02:00:00Z'));
  });
});

describe.runIf(onPostgres)('concurrency on PostgreSQL', () => {
  it('should never exceed a cap of 3 a day under 1,000 concurrent events for one customer', async () => {
    const id = 'C000300';
    await saveContactPolicy(app.rt.db, { ...defaultContactPolicy, caps: { perDay: 3, perWeek: 10 }, channelCaps: {}, quietHours: null });
    const batch = Array.from({ length: 1000 }, () => event(id, 'balance_low', { balance: 1 }));
    await ingestEvents(app.rt, batch);
    // Eight workers at once, each on its own connections of the pool.
    await Promise.all(Array.from({ length: 8 }, async () => {
      while ((await processPendingEvents(app.rt, 50)) > 0) {
        /* keep going */
      }
    }));
    await drainRuntime(app.rt);
    const ledger = await app.rt.db.select().from(contactLedger).where(eq(contactLedger.customerId, id));
    expect(ledger).toHaveLength(3);
    expect(await sent(id)).toHaveLength(3);
    expect(await suppressions(id)).toHaveLength(997);
  }, 180_000);
});
