// The SMPP channel behind the real outbox dispatcher: a campaign SMS reaches the SMSC
// simulator once, and a worker that died after the SMSC accepted (before `sent` was committed)
// does not make the customer get a second SMS when the row is dispatched again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { deliveryBatch } from '@/server/channels/delivery-batch';
import { customers, outbox } from '@/server/db/schema';
import { createSmppChannel, type SmppChannel } from '@/server/channels/smpp/adapter';
import { startSmscSimulator, type SmscSimulator } from '@/server/channels/smpp/simulator';
import { ingestEvents } from '@/server/runtime/event-intake';
import { processPendingEvents } from '@/server/runtime/event-processor';
import { dispatchOutbox } from '@/server/runtime/outbox-dispatcher';
import { drainRuntime } from '@/server/runtime/workers';
import { createTestApp, type TestApp } from './support/test-app';
import { usageEvent } from './support/events';

let app: TestApp;
let sim: SmscSimulator;
let sms: SmppChannel;

beforeAll(async () => {
  sim = await startSmscSimulator({ systemId: 'octoflow', password: 'pw', receiptDelayMs: 10 });
  sms = createSmppChannel({ host: '127.0.0.1', port: sim.port, systemId: 'octoflow', password: 'pw', log: () => undefined });
  await sms.start();
  app = await createTestApp({ channels: [sms] });
});
afterAll(async () => {
  await app?.close();
  await sms?.stop();
  await sim?.close();
});

const sentTo = async (customerId: string) => {
  const [c] = await app.rt.db.select().from(customers).where(eq(customers.id, customerId));
  return sim.messages().filter((m) => m.to === c.msisdn);
};

describe('campaign SMS over SMPP', () => {
  it('should deliver the campaign SMS to the SMSC once, with its message id as provider_ref', async () => {
    await ingestEvents(app.rt, [usageEvent('C000001')]);
    await drainRuntime(app.rt);
    const messages = await sentTo('C000001');
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toContain('80%');
    expect(messages[0].dataCoding).toBe(8);
    const [row] = await app.rt.db.select().from(outbox).where(eq(outbox.customerId, 'C000001'));
    expect(row).toMatchObject({ status: 'sent', providerRef: messages[0].messageIds.join(',') });
    expect(messages[0].effectKey).toBe(row.effectKey);
  });

  it('should send one SMS when a worker died after the SMSC accepted and before `sent` was committed', async () => {
    await app.rt.db.update(customers).set({ tags: { name: '丙', arpu: 99.0, opted_out: false, plan: 'basic_4g' } }).where(eq(customers.id, 'C000050'));
    await ingestEvents(app.rt, [usageEvent('C000050')]);
    await processPendingEvents(app.rt);
    const [row] = await app.rt.db.select().from(outbox).where(and(eq(outbox.customerId, 'C000050'), eq(outbox.status, 'pending')));
    const contact = { outboxId: row.id, effectKey: row.effectKey, customerId: row.customerId, channel: 'sms', payload: row.payload };
    const beforeCrash = await sms.send(contact, deliveryBatch(app.rt.db));
    await dispatchOutbox(app.rt);
    expect(await sentTo('C000050')).toHaveLength(1);
    const [after] = await app.rt.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(after.status).toBe('sent');
    expect(beforeCrash).toEqual({ ok: true, providerRef: after.providerRef });
  });

  it('should send a row an earlier release left leased once, only after its lease ran out', async () => {
    await app.rt.db.update(customers).set({ tags: { name: '丁', arpu: 99.0, opted_out: false, plan: 'basic_4g' } }).where(eq(customers.id, 'C000051'));
    await ingestEvents(app.rt, [usageEvent('C000051')]);
    await processPendingEvents(app.rt);
    const [row] = await app.rt.db.select().from(outbox).where(and(eq(outbox.customerId, 'C000051'), eq(outbox.status, 'pending')));
    // An older worker leased it (status 'sending' with a lease) and stopped.
    const leaseUntil = new Date(app.rt.clock.now().getTime() + 60_000);
    await app.rt.db.update(outbox).set({ status: 'sending', leaseOwner: 'old-worker', leaseUntil }).where(eq(outbox.id, row.id));
    await drainRuntime(app.rt);
    expect(await sentTo('C000051')).toHaveLength(0);
    await app.rt.db.update(outbox).set({ leaseUntil: new Date(app.rt.clock.now().getTime() - 1_000) }).where(eq(outbox.id, row.id));
    await drainRuntime(app.rt);
    expect(await sentTo('C000051')).toHaveLength(1);
    const [after] = await app.rt.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(after).toMatchObject({ status: 'sent', leaseOwner: null, leaseUntil: null });
  });
});
