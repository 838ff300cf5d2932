// SMS over real SMPP to the loopback SMS centre: the message goes out, its delivery receipt lands
// on the journey, a "Y" reply continues a flow waiting for it, and "TD" opts the customer out
// at once (every later contact is suppressed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { campaigns, contactBlocks, customers, smsReplies, steps } from '@/server/db/schema';
import { startSmsGateway, type SmsGateway } from '@/server/channels/smpp/gateway';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { handleReply, recordReceipt, recordSegments } from '@/server/services/sms-events';
import type { FlowGraph } from '@/workflows';
import { createTestApp, type TestApp } from './support/test-app';
import { launchFlow } from './support/flows';

let app: TestApp;
let gateway: SmsGateway;

const offerFlow: FlowGraph = {
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'balance_low', condition: '' } },
    { id: 'offer', kind: 'sms', position: { x: 0, y: 100 }, params: { template: '{{customer.name}}您好，余额不足，回复Y充值50元送5元' } },
    { id: 'reply', kind: 'wait_event', position: { x: 0, y: 200 }, params: { eventType: 'sms_reply', condition: 'event.text == "Y"', timeout: { amount: 1, unit: 'days' } } },
    { id: 'thanks', kind: 'sms', position: { x: 0, y: 300 }, params: { template: '已为您办理，感谢！' } },
    { id: 'done', kind: 'end', position: { x: 0, y: 400 }, params: {} },
    { id: 'gave_up', kind: 'end', position: { x: 200, y: 300 }, params: {} },
  ],
  edges: [
    { id: 'a', source: 't', sourcePort: 'out', target: 'offer' },
    { id: 'b', source: 'offer', sourcePort: 'out', target: 'reply' },
    { id: 'c', source: 'reply', sourcePort: 'event', target: 'thanks' },
    { id: 'd', source: 'reply', sourcePort: 'timeout', target: 'gave_up' },
    { id: 'e', source: 'thanks', sourcePort: 'out', target: 'done' },
  ],
};

const until = async (check: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 100; i++) {
    await drainRuntime(app.rt);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
};
const outcomes = async (customerId: string) =>
  (await app.rt.db.select().from(steps).where(eq(steps.customerId, customerId)).orderBy(steps.id)).map((s) => `${s.nodeId}:${s.outcome}`);

beforeAll(async () => {
  app = await createTestApp();
  gateway = (await startSmsGateway({
    demo: true,
    env: {},
    log: () => {},
    onDeliveryReceipt: (r) => recordReceipt(app.rt, r),
    onMobileOriginated: (m) => handleReply(app.rt, m),
    onSubmitted: ({ contact, messageIds, db }) => recordSegments(db, contact, messageIds),
  }))!;
  app.rt.channels.set('sms', gateway.channel);
  await app.rt.db.update(campaigns).set({ status: 'paused' });
  app.clock.set(new Date('2026-06-01T02:00:00Z'));
  await launchFlow(app, 'Top-up by reply', offerFlow);
  for (const id of ['C000601', 'C000602']) {
    await app.rt.db.update(customers).set({ tags: { name: '客户' + id.slice(-1), arpu: 80.0, opted_out: false } }).where(eq(customers.id, id));
  }
});
afterAll(async () => {
  await gateway?.stop();
  await app?.close();
});

const msisdnOf = async (id: string) => (await app.rt.db.select().from(customers).where(eq(customers.id, id)))[0].msisdn;

describe('SMS replies and receipts over SMPP', () => {
  it('should send over SMPP, record the delivery receipt, and continue the flow on a "Y" reply', async () => {
    await ingestEvents(app.rt, [{ eventId: 'bal-601', customerId: 'C000601', type: 'balance_low', occurredAt: app.clock.now().toISOString(), attributes: { balance: 2 } }]);
    const msisdn = await msisdnOf('C000601');
    await until(async () => gateway.simulator!.messages().some((m) => m.to === msisdn), 'the SMS at the SMS centre');
    expect(gateway.simulator!.messages().find((m) => m.to === msisdn)!.text).toBe('客户1您好，余额不足，回复Y充值50元送5元');
    await until(async () => (await outcomes('C000601')).includes('offer:delivered'), 'the delivery receipt');
    await gateway.simulator!.sendMo(msisdn, 'Y');
    await until(async () => (await outcomes('C000601')).includes('reply:event'), 'the reply to move the journey on');
    await until(async () => gateway.simulator!.messages().filter((m) => m.to === msisdn).length === 2, 'the confirmation SMS');
    expect((await outcomes('C000601')).filter((o) => o.startsWith('thanks:'))).toContain('thanks:sent');
    const [reply] = await app.rt.db.select().from(smsReplies).where(eq(smsReplies.customerId, 'C000601'));
    expect(reply).toMatchObject({ text: 'Y', optOut: false });
  });

  it('should opt the customer out at once on "TD" and suppress every later contact', async () => {
    const msisdn = await msisdnOf('C000602');
    await gateway.simulator!.sendMo(msisdn, 'TD');
    await until(async () => (await app.rt.db.select().from(contactBlocks).where(eq(contactBlocks.customerId, 'C000602'))).length === 1, 'the opt-out');
    await ingestEvents(app.rt, [{ eventId: 'bal-602', customerId: 'C000602', type: 'balance_low', occurredAt: app.clock.now().toISOString(), attributes: { balance: 2 } }]);
    await drainRuntime(app.rt);
    const suppressed = await app.rt.db.select().from(steps).where(and(eq(steps.customerId, 'C000602'), eq(steps.outcome, 'suppressed')));
    expect(suppressed.map((s) => (s.detail as { reason: string }).reason)).toEqual(['opt_out']);
    expect(gateway.simulator!.messages().filter((m) => m.to === msisdn)).toHaveLength(0);
  });
});
