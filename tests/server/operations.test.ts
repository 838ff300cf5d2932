// Operations (issue 4): what the runtime could not do on its own waits for an operator, who sees
// why and sends it again: a refused event replayed (corrected or not), a failed event retried once
// its cause is fixed, a failed delivery retried once the partner is back, each audited.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { batchResolver, secretFrom, withPartnerEndpoints } from '@/server/channels/partner-endpoints';
import { recordingSms } from '@/server/channels/recording-sms';
import { taskQueueChannels } from '@/server/channels/task-queue';
import { createWebhookChannel } from '@/server/channels/webhook';
import { auditLog, customers, events, outbox, steps } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { processPendingEvents } from '@/server/runtime/event-processor';
import { dispatchOutbox } from '@/server/runtime/outbox-dispatcher';
import { fireDueTimers } from '@/server/runtime/timer-poller';
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
    const [letter] = (await admin.operations.deadLetters({})).rows;
    expect(letter).toMatchObject({ eventId: 'ops-1', source: 'http', error: expect.stringMatching(/^attributes\.pct: expected a whole number/) });

    // As it was: still refused, naming the field; the letter stays open with that error.
    expect(await admin.operations.replayDeadLetter({ id: letter.id })).toEqual({ ok: false, error: expect.stringMatching(/^attributes\.pct/) });
    expect((await rejection(admin.operations.replayDeadLetter({ id: letter.id, payload: null as never }))).message).toMatch(/^payload: /);
    const corrected = { ...(letter.payload as Record<string, unknown>), attributes: { pct: 80 } };
    expect(await admin.operations.replayDeadLetter({ id: letter.id, payload: corrected })).toEqual({ ok: true, duplicate: false });
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'ops-1'));
    expect(ev.attributes).toEqual({ pct: 80 });
    expect(await admin.operations.deadLetters({})).toEqual({ rows: [], total: 0 });
    expect((await admin.operations.deadLetters({ closed: true })).rows.map((l) => l.id)).toEqual([letter.id]);
    expect((await rejection(admin.operations.replayDeadLetter({ id: letter.id }))).code).toBe('CONFLICT');
    expect((await rejection(admin.operations.replayDeadLetter({ id: 999_999 }))).code).toBe('NOT_FOUND');
    expect(await audited('dead_letter')).toEqual([`dead_letter.replay ${letter.id} admin@octoflow.demo`, `dead_letter.replay ${letter.id} admin@octoflow.demo`]);
    expect((await admin.operations.summary()).deadLetters).toBe(0);
  });

  it('should replay a letter once when two operators replay it at the same moment', async () => {
    await ingestEvents(app.rt, [{ eventId: 'ops-1b', customerId: 'C000001', type: 'data_usage_80pct', occurredAt: at, attributes: { pct: 'x' } }]);
    const [letter] = (await admin.operations.deadLetters({})).rows;
    const payload = { ...(letter.payload as Record<string, unknown>), attributes: { pct: 81 } };
    const outcomes = await Promise.allSettled([admin.operations.replayDeadLetter({ id: letter.id, payload }), admin.operations.replayDeadLetter({ id: letter.id, payload })]);
    expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value)).toEqual([{ ok: true, duplicate: false }]);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o.reason as Error).message)).toEqual([`dead letter ${letter.id} was already replayed`]);
  });

  it('should close a refused event an operator discards, so it can no longer be replayed', async () => {
    await ingestEvents(app.rt, [{ eventId: 'ops-junk', customerId: 'C000001', type: 'no_such_type', occurredAt: at }]);
    const [letter] = (await admin.operations.deadLetters({})).rows.filter((l) => l.eventId === 'ops-junk');
    await admin.operations.discardDeadLetter({ id: letter.id });
    expect((await admin.operations.deadLetters({})).rows.map((l) => l.eventId)).not.toContain('ops-junk');
    const [closed] = (await admin.operations.deadLetters({ closed: true })).rows.filter((l) => l.id === letter.id);
    expect(closed).toMatchObject({ discardedBy: 'admin@octoflow.demo', replayedAt: null, discardedAt: expect.any(Date) });
    expect((await rejection(admin.operations.replayDeadLetter({ id: letter.id }))).message).toBe(`dead letter ${letter.id} was discarded by admin@octoflow.demo`);
    expect((await rejection(admin.operations.discardDeadLetter({ id: letter.id }))).message).toBe(`dead letter ${letter.id} was already discarded`);
    expect(await audited('dead_letter')).toContain(`dead_letter.discard ${letter.id} admin@octoflow.demo`);
  });

  it('should find refused events by type, source or search, a page at a time, newest first', async () => {
    // An upstream feed starts sending a type nobody declared yet, for many customers.
    const roaming = Array.from({ length: 25 }, (_, i) => ({ eventId: `roam-${i}`, customerId: `C0000${10 + i}`, type: 'roaming_started', occurredAt: at, attributes: { country: 'TH' } }));
    for (const e of roaming) await ingestEvents(app.rt, [e]);
    await ingestEvents(app.rt, [{ eventId: 'other-50%', customerId: 'C000050', type: 'data_usage_80pct', occurredAt: at, attributes: { pct: 'high' } }], 'nats');

    const first = await admin.operations.deadLetters({ type: 'roaming_started' });
    expect(first.total).toBe(25);
    expect(first.rows.map((l) => l.eventId)).toEqual(Array.from({ length: 20 }, (_, i) => `roam-${24 - i}`));
    const second = await admin.operations.deadLetters({ type: 'roaming_started', page: 2 });
    expect(second.rows.map((l) => l.eventId)).toEqual(['roam-4', 'roam-3', 'roam-2', 'roam-1', 'roam-0']);

    const facets = await admin.operations.deadLetterFacets({});
    expect(facets.types[0]).toEqual({ value: 'roaming_started', count: 25 });
    expect(facets.types).toContainEqual({ value: 'data_usage_80pct', count: 1 });
    expect(facets.sources).toEqual(expect.arrayContaining([{ value: 'http', count: 25 }, { value: 'nats', count: 1 }]));

    expect((await admin.operations.deadLetters({ source: 'nats' })).rows.map((l) => l.eventId)).toEqual(['other-50%']);
    // By customer (exact), by part of the eventId, by words of the error; % is a character, not a wildcard.
    expect((await admin.operations.deadLetters({ search: 'C000017' })).rows.map((l) => l.eventId)).toEqual(['roam-7']);
    expect((await admin.operations.deadLetters({ search: 'roam-2' })).total).toBe(6); // roam-2, roam-20..24
    expect((await admin.operations.deadLetters({ search: 'attributes.pct' })).rows.map((l) => l.eventId)).toEqual(['other-50%']);
    expect((await admin.operations.deadLetters({ search: '50%' })).rows.map((l) => l.eventId)).toEqual(['other-50%']);
    expect((await admin.operations.deadLetters({ search: '%' })).rows.map((l) => l.eventId)).toEqual(['other-50%']);
    expect((await rejection(admin.operations.deadLetters({ pageSize: 1000 }))).message).toMatch(/^pageSize: /);
  });

  it('should replay every refused event of a type once the type is declared, each once, in batches', async () => {
    // 230 more of them: more than one call takes (BULK_REPLAY_BATCH), 255 in all.
    const more = Array.from({ length: 230 }, (_, i) => ({ eventId: `roam-b${i}`, customerId: `C000${String(100 + i).padStart(3, '0')}`, type: 'roaming_started', occurredAt: at, attributes: { country: 'JP' } }));
    await ingestEvents(app.rt, more);
    // One of them will still be wrong once the type is declared: country must be text.
    await ingestEvents(app.rt, [{ eventId: 'roam-bad', customerId: 'C000099', type: 'roaming_started', occurredAt: at, attributes: { country: 7 } }]);
    expect((await admin.operations.deadLetters({ type: 'roaming_started' })).total).toBe(256);

    // Before the type is declared a bulk replay accepts nothing and leaves every letter open.
    const early = await admin.operations.replayDeadLetters({ filter: { type: 'roaming_started', search: 'roam-1' } });
    expect(early).toMatchObject({ accepted: 0, refused: early.replayed, remaining: 0, errors: [{ error: expect.stringMatching(/unknown event type "roaming_started"/), count: early.replayed }] });

    await admin.customerData.saveEventType({ type: 'roaming_started', labelZh: '开始漫游', labelEn: 'Roaming started', attributes: [{ name: 'country', type: 'string', labelZh: '国家', labelEn: 'Country' }] });
    const runs = [];
    let afterId = 0;
    for (;;) {
      const r = await admin.operations.replayDeadLetters({ filter: { type: 'roaming_started' }, afterId });
      runs.push(r);
      if (r.remaining === 0) break;
      afterId = r.lastId!;
    }
    expect(runs.map((r) => r.replayed)).toEqual([200, 56]);
    expect(runs.reduce((n, r) => n + r.accepted, 0)).toBe(255);
    expect(runs.reduce((n, r) => n + r.refused, 0)).toBe(1);
    expect(runs[1].errors).toEqual([{ error: expect.stringMatching(/^attributes\.country: /), count: 1 }]);

    // Every event entered intake exactly once; only the one still wrong stays open, with its new error.
    const [{ n }] = await app.rt.db.select({ n: sql<number>`count(*)::int` }).from(events).where(sql`${events.eventId} like 'roam-%'`);
    expect(n).toBe(255);
    const open = await admin.operations.deadLetters({ type: 'roaming_started' });
    expect(open.rows.map((l) => [l.eventId, l.error.split(':')[0]])).toEqual([['roam-bad', 'attributes.country']]);
    // Again: only that one is tried, and refused again; nothing is taken in twice.
    expect(await admin.operations.replayDeadLetters({ filter: { type: 'roaming_started' } })).toMatchObject({ replayed: 1, accepted: 0, refused: 1, remaining: 0 });
    const bulk = (await app.rt.db.select().from(auditLog).where(eq(auditLog.action, 'dead_letter.replay_bulk'))).map((a) => a.detail);
    expect(bulk.slice(1, 3)).toEqual([
      expect.objectContaining({ filter: { type: 'roaming_started' }, replayed: 200, accepted: 200 }),
      expect.objectContaining({ filter: { type: 'roaming_started' }, replayed: 56, accepted: 55, refused: 1 }),
    ]);
  });

  it('should discard every open refused event a filter matches, and no other', async () => {
    await ingestEvents(app.rt, [
      { eventId: 'probe-1', customerId: 'C000001', type: 'load_probe', occurredAt: at },
      { eventId: 'probe-2', customerId: 'C000002', type: 'load_probe', occurredAt: at },
    ]);
    const before = (await admin.operations.summary()).deadLetters;
    expect(await admin.operations.discardDeadLetters({ filter: { type: 'load_probe' } })).toEqual({ discarded: 2 });
    expect((await admin.operations.summary()).deadLetters).toBe(before - 2);
    expect((await admin.operations.deadLetters({ closed: true, type: 'load_probe' })).rows.map((l) => [l.eventId, l.discardedBy])).toEqual([
      ['probe-2', 'admin@octoflow.demo'],
      ['probe-1', 'admin@octoflow.demo'],
    ]);
    // Nothing left to discard: nothing written, nothing audited.
    expect(await admin.operations.discardDeadLetters({ filter: { type: 'load_probe' } })).toEqual({ discarded: 0 });
    const audits = await app.rt.db.select().from(auditLog).where(eq(auditLog.action, 'dead_letter.discard_bulk'));
    expect(audits.map((a) => a.detail)).toEqual([{ filter: { type: 'load_probe' }, discarded: 2 }]);
    expect((await rejection(admin.operations.discardDeadLetters({ filter: { type: '' } }))).message).toMatch(/^filter\.type: /);
  });

  it('should list an event whose processing failed and run it again once the cause is fixed', async () => {
    await ingestEvents(app.rt, [{ eventId: 'ops-2', customerId: 'C_NEW_1', type: 'counter_visit', occurredAt: at, attributes: { shop_id: 'HZ-01' } }]);
    await drainRuntime(app.rt);
    const failed = (await admin.operations.failedEvents({})).rows;
    expect(failed).toEqual([expect.objectContaining({ eventId: 'ops-2', customerId: 'C_NEW_1', error: 'unknown customer C_NEW_1' })]);
    expect((await admin.operations.summary()).failedEvents).toBe(1);

    // The customer arrives with the next import; the operator retries the event.
    await app.rt.db.insert(customers).values({ id: 'C_NEW_1', msisdn: '8613900000001', name: 'New', tags: {} });
    await admin.operations.retryEvent({ eventId: 'ops-2' });
    await drainRuntime(app.rt);
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'ops-2'));
    expect(ev).toMatchObject({ status: 'processed', error: null });
    expect(await admin.operations.failedEvents({})).toEqual({ rows: [], total: 0 });
    expect((await rejection(admin.operations.retryEvent({ eventId: 'ops-2' }))).message).toMatch(/ops-2 is not a failed event/);
    expect(await audited('event')).toEqual(['event.retry ops-2 admin@octoflow.demo']);
  });

  it('should run again every failed event of a type at once, once their customers have arrived', async () => {
    const late = [1, 2, 3].map((i) => ({ eventId: `ops-late-${i}`, customerId: `C_LATE_${i}`, type: 'counter_visit', occurredAt: at, attributes: { shop_id: 'HZ-01' } }));
    await ingestEvents(app.rt, [...late, { eventId: 'ops-late-x', customerId: 'C_LATE_X', type: 'data_usage_80pct', occurredAt: at, attributes: { pct: 80 } }]);
    await drainRuntime(app.rt);
    expect((await admin.operations.failedEvents({ type: 'counter_visit' })).total).toBe(3);
    expect((await admin.operations.failedEvents({ search: 'C_LATE_2' })).rows.map((e) => e.eventId)).toEqual(['ops-late-2']);
    expect((await admin.operations.failedEvents({ search: 'unknown customer C_LATE' })).total).toBe(4);
    expect((await admin.operations.failedEventFacets()).types).toEqual(expect.arrayContaining([{ value: 'counter_visit', count: 3 }, { value: 'data_usage_80pct', count: 1 }]));

    await app.rt.db.insert(customers).values(late.map((e, i) => ({ id: e.customerId, msisdn: `861390000010${i}`, name: 'Late', tags: {} })));
    expect(await admin.operations.retryEvents({ filter: { type: 'counter_visit' } })).toEqual({ retried: 3 });
    await drainRuntime(app.rt);
    const statuses = await app.rt.db.select({ id: events.eventId, status: events.status }).from(events).where(sql`${events.eventId} like 'ops-late-%'`).orderBy(events.eventId);
    expect(statuses.map((e) => `${e.id} ${e.status}`)).toEqual(['ops-late-1 processed', 'ops-late-2 processed', 'ops-late-3 processed', 'ops-late-x failed']);
    expect(await admin.operations.retryEvents({ filter: { type: 'counter_visit' } })).toEqual({ retried: 0 });
    const audits = await app.rt.db.select().from(auditLog).where(eq(auditLog.action, 'event.retry_bulk'));
    expect(audits.map((a) => a.detail)).toEqual([{ filter: { type: 'counter_visit' }, retried: 3 }]);
  });

  it('should tell a Chinese-speaking operator in Chinese why an event failed, and that it was tried', async () => {
    await ingestEvents(app.rt, [{ eventId: 'ops-zh-1', customerId: 'C_NOBODY_ZH', type: 'counter_visit', occurredAt: at, attributes: { shop_id: 'HZ-01' } }]);
    await drainRuntime(app.rt);
    const zh = await callerAs(app, 'admin@octoflow.demo', 'zh-CN');
    const [failed] = (await zh.operations.failedEvents({ search: 'C_NOBODY_ZH' })).rows;
    expect(failed).toMatchObject({ eventId: 'ops-zh-1', attempts: 1, message: expect.stringMatching(/^未知客户 C_NOBODY_ZH（/) });
    // An English reader reads it in English; the search still finds the English message.
    const [en] = (await admin.operations.failedEvents({ search: 'unknown customer C_NOBODY_ZH' })).rows;
    expect(en).toMatchObject({ eventId: 'ops-zh-1', attempts: 1, message: 'unknown customer C_NOBODY_ZH' });
    // A row that failed before reasons were kept as codes shows its stored message.
    await app.rt.db.update(events).set({ errorDetail: null }).where(eq(events.eventId, 'ops-zh-1'));
    expect((await zh.operations.failedEvents({ search: 'C_NOBODY_ZH' })).rows[0].message).toBe('unknown customer C_NOBODY_ZH');
    // Retried and failing again: tried once more since the retry.
    await admin.operations.retryEvent({ eventId: 'ops-zh-1' });
    await drainRuntime(app.rt);
    expect((await zh.operations.failedEvents({ search: 'C_NOBODY_ZH' })).rows).toEqual([expect.objectContaining({ attempts: 1, message: expect.stringMatching(/^未知客户/) })]);
    await app.rt.db.delete(events).where(eq(events.eventId, 'ops-zh-1'));
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

    const [dead] = (await admin.operations.failedDeliveries({})).rows;
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
    expect(await admin.operations.failedDeliveries({})).toEqual({ rows: [], total: 0 });
    expect((await rejection(admin.operations.retryDelivery({ id: dead.id }))).code).toBe('NOT_FOUND');
    expect(await audited('outbox')).toEqual([`delivery.retry ${dead.id} admin@octoflow.demo`]);
  });

  it("should hold a retried delivery until the customer's quiet hours end", async () => {
    partner.broken = true;
    await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` }).where(eq(customers.id, 'C000008'));
    app.clock.set(new Date('2026-06-02T02:00:00Z')); // 10:00 in Shanghai
    await ingestEvents(app.rt, [{ eventId: 'ops-4', customerId: 'C000008', type: 'roaming_arrival', occurredAt: app.clock.now().toISOString(), attributes: { city: 'OPS-TEST', country: 'CN' } }]);
    await drainRuntime(app.rt);
    const [dead] = (await admin.operations.failedDeliveries({})).rows;
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

  it('should send every failed delivery of a campaign again after a partner outage, holding those in quiet hours', async () => {
    partner.broken = true;
    const ids = ['C000011', 'C000012', 'C000013'];
    await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` }).where(inArray(customers.id, ids));
    app.clock.set(new Date('2026-06-04T02:00:00Z')); // 10:00 in Shanghai
    await ingestEvents(app.rt, ids.map((c, i) => ({ eventId: `ops-out-${i}`, customerId: c, type: 'roaming_arrival', occurredAt: app.clock.now().toISOString(), attributes: { city: 'OPS-TEST', country: 'CN' } })));
    await drainRuntime(app.rt);
    const facets = await admin.operations.failedDeliveryFacets();
    expect(facets.channels).toEqual([{ value: 'webhook', count: 3 }]);
    expect(facets.campaigns).toEqual([{ value: expect.any(String), name: 'Ops webhook', count: 3 }]);
    const campaignId = facets.campaigns[0].value;
    const page = await admin.operations.failedDeliveries({ campaignId, pageSize: 2 });
    expect([page.rows.length, page.total]).toEqual([2, 3]);
    expect((await admin.operations.failedDeliveries({ search: 'C000012' })).rows.map((d) => d.customerId)).toEqual(['C000012']);
    expect((await admin.operations.failedDeliveries({ search: 'unknown offer' })).total).toBe(3);
    expect((await rejection(admin.operations.retryDeliveries({ filter: { campaignId: 'not-a-campaign' } }))).message).toMatch(/^filter\.campaignId: /);

    // The partner is back at 22:30 in Shanghai: the two customers there wait for 08:00; the one
    // who now lives in London (15:30) gets it at once.
    await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"timezone": "Europe/London"}'::jsonb` }).where(eq(customers.id, 'C000013'));
    partner.broken = false;
    const before = partner.received.length;
    app.clock.set(new Date('2026-06-04T14:30:00Z'));
    expect(await admin.operations.retryDeliveries({ filter: { campaignId } })).toEqual({ retried: 3, held: 2, remaining: 0 });
    await drainRuntime(app.rt);
    const bodies = () => partner.received.slice(before).map((r) => JSON.parse(r.body).customerId as string);
    expect(bodies()).toEqual(['C000013']);
    app.clock.set(new Date('2026-06-05T00:00:01Z'));
    await drainRuntime(app.rt);
    expect(bodies().sort()).toEqual(ids);
    // Each with its own effect key, once.
    expect(new Set(partner.received.slice(before).map((r) => r.key)).size).toBe(3);
    expect(await admin.operations.failedDeliveries({ campaignId })).toEqual({ rows: [], total: 0 });
    const audits = await app.rt.db.select().from(auditLog).where(eq(auditLog.action, 'delivery.retry_bulk'));
    expect(audits.map((a) => a.detail)).toEqual([{ filter: { campaignId }, retried: 3, held: 2, remaining: 0 }]);
  });

  it('should show what waits for the runtime and since when, and see it drain stage by stage', async () => {
    await launchFlow(app, 'Ops wait', {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'counter_visit', condition: "event.shop_id == 'OPS-WAIT'" } },
        { id: 'w', kind: 'wait', position: { x: 0, y: 100 }, params: { duration: { amount: 30, unit: 'minutes' } } },
        { id: 's', kind: 'sms', position: { x: 0, y: 200 }, params: { template: '欢迎再次光临' } },
        { id: 'e', kind: 'end', position: { x: 0, y: 300 }, params: {} },
      ],
      edges: [
        { id: 'a', source: 't', sourcePort: 'out', target: 'w' },
        { id: 'b', source: 'w', sourcePort: 'out', target: 's' },
        { id: 'c', source: 's', sourcePort: 'out', target: 'e' },
      ],
    });
    app.clock.set(new Date('2026-06-10T02:00:00Z')); // 10:00 in Shanghai
    await drainRuntime(app.rt);
    const start = await admin.operations.backlog();
    expect(start).toMatchObject({ events: { waiting: 0, oldest: null }, contacts: { due: 0, oldestDue: null }, timers: { due: 0, oldestDue: null } });

    const ids = ['C000020', 'C000021'];
    await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` }).where(inArray(customers.id, ids));
    await ingestEvents(app.rt, ids.map((c, i) => ({ eventId: `ops-wait-${i}`, customerId: c, type: 'counter_visit', occurredAt: app.clock.now().toISOString(), attributes: { shop_id: 'OPS-WAIT' } })));
    // Received, not yet processed.
    expect((await admin.operations.backlog()).events).toEqual({ waiting: 2, oldest: new Date('2026-06-10T02:00:00Z') });

    await processPendingEvents(app.rt);
    const waiting = await admin.operations.backlog();
    expect(waiting.events).toEqual({ waiting: 0, oldest: null });
    expect(waiting.timers).toEqual({ due: 0, oldestDue: null, later: start.timers.later + 2 });

    // Half an hour and a minute later, with no worker running: both waits are due, since a minute.
    app.clock.set(new Date('2026-06-10T02:31:00Z'));
    const due = await admin.operations.backlog();
    expect(due.timers).toEqual({ due: 2, oldestDue: new Date('2026-06-10T02:30:00Z'), later: start.timers.later });

    await fireDueTimers(app.rt);
    const sending = await admin.operations.backlog();
    expect(sending.timers.due).toBe(0);
    expect(sending.contacts).toEqual({ due: 2, oldestDue: new Date('2026-06-10T02:31:00Z'), later: start.contacts.later, paused: 0 });

    await dispatchOutbox(app.rt);
    expect((await admin.operations.backlog()).contacts).toEqual({ due: 0, oldestDue: null, later: start.contacts.later, paused: 0 });
  });

  it('should be for administrators only', async () => {
    for (const email of ['designer@octoflow.demo', 'approver@octoflow.demo', 'executive@octoflow.demo', 'clerk@octoflow.demo']) {
      const caller = await callerAs(app, email);
      expect((await rejection(caller.operations.summary())).code).toBe('FORBIDDEN');
      expect((await rejection(caller.operations.backlog())).code).toBe('FORBIDDEN');
      expect((await rejection(caller.operations.retryDelivery({ id: 1 }))).code).toBe('FORBIDDEN');
      expect((await rejection(caller.operations.replayDeadLetters({ filter: {} }))).code).toBe('FORBIDDEN');
      expect((await rejection(caller.operations.discardDeadLetters({ filter: {} }))).code).toBe('FORBIDDEN');
      expect((await rejection(caller.operations.retryDeliveries({ filter: {} }))).code).toBe('FORBIDDEN');
      expect((await rejection(caller.operations.retryEvents({ filter: {} }))).code).toBe('FORBIDDEN');
    }
  });
});
