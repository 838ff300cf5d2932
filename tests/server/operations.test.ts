// Operations (issue 4): what the runtime could not do on its own waits for an operator, who sees
// why and sends it again: a refused event replayed (corrected or not), a failed event retried once
// its cause is fixed, a failed delivery retried once the partner is back, each audited.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { batchResolver, secretFrom, withPartnerEndpoints } from '@/server/channels/partner-endpoints';
import { recordingSms } from '@/server/channels/recording-sms';
import { taskQueueChannels } from '@/server/channels/task-queue';
import { createWebhookChannel } from '@/server/channels/webhook';
import { auditLog, customers, events, outbox, steps } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { resolveEndpoints } from '@/server/services/partner-endpoints';
import { callerAs } from './support/actors';
import { launchFlow } from './support/flows';
import { createTestApp, type TestApp } from './support/test-app';
import { rejection } from './support/errors';

let app: TestApp;
let admin: Awaited<ReturnType<typeof callerAs>>;
/** The partner answers 400 (a permanent failure) while it is broken. */
const partner = { broken: true, received: [] as { key: string; body: string }[], url: '', close: async () => {} };

beforeAll(async () => {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (partner.broken) {
        res.writeHead(400).end('unknown offer');
        return;
      }
      partner.received.push({ key: String(req.headers['idempotency-key']), body: Buffer.concat(chunks).toString('utf8') });
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  partner.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  partner.close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  // The webhook channel as server/app.ts builds it: endpoints and secrets from the database.
  const resolve = batchResolver(async (db, ids) =>
    app ? resolveEndpoints(db, app.secrets, ids) : new Map(ids.map((id) => [id, { error: `endpointId: partner endpoint "${id}" is not configured` }])),
  );
  const webhook = createWebhookChannel({ allowHosts: ['127.0.0.1'], allowPrivate: true, timeoutMs: 2_000, secretFor: secretFrom(resolve) });
  app = await createTestApp({ channels: [recordingSms, ...taskQueueChannels(() => app.clock.now()), withPartnerEndpoints(webhook, resolve)] });
  Object.assign(app.env, { OCTOFLOW_WEBHOOK_ALLOW_HOSTS: '127.0.0.1', OCTOFLOW_WEBHOOK_ALLOW_PRIVATE: 'on' });
  admin = await callerAs(app, 'admin@octoflow.demo');
});
afterAll(async () => {
  await partner.close();
  await app?.close();
});

const at = '2026-06-01T02:00:00Z';
const audited = async (entityType: string) =>
  (await app.rt.db.select().from(auditLog).where(eq(auditLog.entityType, entityType))).map((a) => `${a.action} ${a.entityId} ${a.actorEmail}`);

describe('operations', () => {
  it('should list a refused event with its error and replay it once corrected', async () => {
    await ingestEvents(app.rt, [{ eventId: 'ops-1', customerId: 'C000001', type: 'data_usage_80pct', occurredAt: at, attributes: { pct: '80' } }]);
    expect((await admin.operations.summary()).deadLetters).toBe(1);
    const [letter] = await admin.operations.deadLetters({});
    expect(letter).toMatchObject({ eventId: 'ops-1', source: 'http', error: expect.stringMatching(/^attributes\.pct: expected a whole number/) });

    // As it was: still refused, naming the field; the letter stays open with that error.
    expect(await admin.operations.replayDeadLetter({ id: letter.id })).toEqual({ ok: false, error: expect.stringMatching(/^attributes\.pct/) });
    expect((await rejection(admin.operations.replayDeadLetter({ id: letter.id, payload: null as never }))).message).toMatch(/^payload: /);
    const corrected = { ...(letter.payload as Record<string, unknown>), attributes: { pct: 80 } };
    expect(await admin.operations.replayDeadLetter({ id: letter.id, payload: corrected })).toEqual({ ok: true, duplicate: false });
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'ops-1'));
    expect(ev.attributes).toEqual({ pct: 80 });
    expect(await admin.operations.deadLetters({})).toEqual([]);
    expect((await admin.operations.deadLetters({ closed: true })).map((l) => l.id)).toEqual([letter.id]);
    expect((await rejection(admin.operations.replayDeadLetter({ id: letter.id }))).code).toBe('CONFLICT');
    expect((await rejection(admin.operations.replayDeadLetter({ id: 999_999 }))).code).toBe('NOT_FOUND');
    expect(await audited('dead_letter')).toEqual([`dead_letter.replay ${letter.id} admin@octoflow.demo`, `dead_letter.replay ${letter.id} admin@octoflow.demo`]);
    expect((await admin.operations.summary()).deadLetters).toBe(0);
  });

  it('should replay a letter once when two operators replay it at the same moment', async () => {
    await ingestEvents(app.rt, [{ eventId: 'ops-1b', customerId: 'C000001', type: 'data_usage_80pct', occurredAt: at, attributes: { pct: 'x' } }]);
    const [letter] = await admin.operations.deadLetters({});
    const payload = { ...(letter.payload as Record<string, unknown>), attributes: { pct: 81 } };
    const outcomes = await Promise.allSettled([admin.operations.replayDeadLetter({ id: letter.id, payload }), admin.operations.replayDeadLetter({ id: letter.id, payload })]);
    expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value)).toEqual([{ ok: true, duplicate: false }]);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o.reason as Error).message)).toEqual([`dead letter ${letter.id} was already replayed`]);
  });

  it('should close a refused event an operator discards, so it can no longer be replayed', async () => {
    await ingestEvents(app.rt, [{ eventId: 'ops-junk', customerId: 'C000001', type: 'no_such_type', occurredAt: at }]);
    const [letter] = (await admin.operations.deadLetters({})).filter((l) => l.eventId === 'ops-junk');
    await admin.operations.discardDeadLetter({ id: letter.id });
    expect((await admin.operations.deadLetters({})).map((l) => l.eventId)).not.toContain('ops-junk');
    const [closed] = (await admin.operations.deadLetters({ closed: true })).filter((l) => l.id === letter.id);
    expect(closed).toMatchObject({ discardedBy: 'admin@octoflow.demo', replayedAt: null, discardedAt: expect.any(Date) });
    expect((await rejection(admin.operations.replayDeadLetter({ id: letter.id }))).message).toBe(`dead letter ${letter.id} was discarded by admin@octoflow.demo`);
    expect((await rejection(admin.operations.discardDeadLetter({ id: letter.id }))).message).toBe(`dead letter ${letter.id} was already discarded`);
    expect(await audited('dead_letter')).toContain(`dead_letter.discard ${letter.id} admin@octoflow.demo`);
  });

  it('should list an event whose processing failed and run it again once the cause is fixed', async () => {
    await ingestEvents(app.rt, [{ eventId: 'ops-2', customerId: 'C_NEW_1', type: 'counter_visit', occurredAt: at, attributes: { shop_id: 'HZ-01' } }]);
    await drainRuntime(app.rt);
    const failed = await admin.operations.failedEvents();
    expect(failed).toEqual([expect.objectContaining({ eventId: 'ops-2', customerId: 'C_NEW_1', error: 'unknown customer C_NEW_1' })]);
    expect((await admin.operations.summary()).failedEvents).toBe(1);

    // The customer arrives with the next import; the operator retries the event.
    await app.rt.db.insert(customers).values({ id: 'C_NEW_1', msisdn: '8613900000001', name: 'New', tags: {} });
    await admin.operations.retryEvent({ eventId: 'ops-2' });
    await drainRuntime(app.rt);
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'ops-2'));
    expect(ev).toMatchObject({ status: 'processed', error: null });
    expect(await admin.operations.failedEvents()).toEqual([]);
    expect((await rejection(admin.operations.retryEvent({ eventId: 'ops-2' }))).message).toMatch(/ops-2 is not a failed event/);
    expect(await audited('event')).toEqual(['event.retry ops-2 admin@octoflow.demo']);
  });

  it('should list a delivery that failed for good and send it again, with the same idempotency key', async () => {
    await admin.partnerEndpoints.create({ id: 'ops_partner', nameZh: '运维测试伙伴', nameEn: 'Ops partner', url: `${partner.url}/hooks` });
    await launchFlow(app, 'Ops webhook', {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'roaming_arrival', condition: "event.city == 'OPS-TEST'" } },
        { id: 'w', kind: 'webhook', position: { x: 0, y: 100 }, params: { endpointId: 'ops_partner', eventName: 'traveller.arrived', includeTags: [] } },
        { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
      ],
      edges: [
        { id: 'a', source: 't', sourcePort: 'out', target: 'w' },
        { id: 'b', source: 'w', sourcePort: 'out', target: 'e' },
      ],
    });
    await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` }).where(eq(customers.id, 'C000007'));
    await ingestEvents(app.rt, [{ eventId: 'ops-3', customerId: 'C000007', type: 'roaming_arrival', occurredAt: app.clock.now().toISOString(), attributes: { city: 'OPS-TEST', country: 'CN' } }]);
    await drainRuntime(app.rt);

    const [dead] = await admin.operations.failedDeliveries();
    expect(dead).toMatchObject({ customerId: 'C000007', campaignName: 'Ops webhook', channel: 'webhook', nodeId: 'w', attempts: 1, lastError: expect.stringMatching(/400/) });
    expect((await admin.operations.summary()).failedDeliveries).toBe(1);

    partner.broken = false;
    await admin.operations.retryDelivery({ id: dead.id });
    await drainRuntime(app.rt);
    const [row] = await app.rt.db.select().from(outbox).where(eq(outbox.id, dead.id));
    expect(row.status).toBe('sent');
    expect(partner.received.map((r) => r.key)).toEqual([row.effectKey]);
    expect(JSON.parse(partner.received[0].body)).toMatchObject({ customerId: 'C000007' });
    const outcomes = await app.rt.db.select({ outcome: steps.outcome }).from(steps).where(and(eq(steps.journeyId, row.journeyId), eq(steps.nodeId, 'w')));
    expect(outcomes.map((o) => o.outcome)).toEqual(expect.arrayContaining(['failed', 'sent']));
    expect(await admin.operations.failedDeliveries()).toEqual([]);
    expect((await rejection(admin.operations.retryDelivery({ id: dead.id }))).code).toBe('NOT_FOUND');
    expect(await audited('outbox')).toEqual([`delivery.retry ${dead.id} admin@octoflow.demo`]);
  });

  it("should hold a retried delivery until the customer's quiet hours end", async () => {
    partner.broken = true;
    await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` }).where(eq(customers.id, 'C000008'));
    app.clock.set(new Date('2026-06-02T02:00:00Z')); // 10:00 in Shanghai
    await ingestEvents(app.rt, [{ eventId: 'ops-4', customerId: 'C000008', type: 'roaming_arrival', occurredAt: app.clock.now().toISOString(), attributes: { city: 'OPS-TEST', country: 'CN' } }]);
    await drainRuntime(app.rt);
    const [dead] = await admin.operations.failedDeliveries();
    expect(dead.customerId).toBe('C000008');

    partner.broken = false;
    const before = partner.received.length;
    app.clock.set(new Date('2026-06-02T15:00:00Z')); // 23:00 in Shanghai
    await admin.operations.retryDelivery({ id: dead.id });
    await drainRuntime(app.rt);
    const [held] = await app.rt.db.select().from(outbox).where(eq(outbox.id, dead.id));
    expect(held).toMatchObject({ status: 'pending', nextAttemptAt: new Date('2026-06-03T00:00:00Z') }); // 08:00 local
    expect(partner.received).toHaveLength(before);
    app.clock.set(new Date('2026-06-03T00:00:01Z'));
    await drainRuntime(app.rt);
    expect(partner.received).toHaveLength(before + 1);
  });

  it('should be for administrators only', async () => {
    for (const email of ['designer@octoflow.demo', 'approver@octoflow.demo', 'executive@octoflow.demo', 'clerk@octoflow.demo']) {
      const caller = await callerAs(app, email);
      expect((await rejection(caller.operations.summary())).code).toBe('FORBIDDEN');
      expect((await rejection(caller.operations.retryDelivery({ id: 1 }))).code).toBe('FORBIDDEN');
    }
  });
});
