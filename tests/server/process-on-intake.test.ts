// Processing on intake (server/runtime/process-on-intake.ts): where a process runs the event
// workers, an accepted event is processed in the transaction that records it, so its contact is
// queued by the time the caller hears back, with the workers' guarantees: once per eventId,
// one customer's events in the order they occurred, nothing half-written when a step fails.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { customers, events, journeys, outbox, sentMessages, steps } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { processPendingEvents } from '@/server/runtime/event-processor';
import { drainRuntime } from '@/server/runtime/workers';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';
import { firstSteppedEvent, usageEvent } from './support/events';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await drainRuntime(app.rt); // the demo's own events
});
afterAll(async () => app?.close());
beforeEach(() => {
  app.rt.processOnIntake = true;
});

const eligible = (id: string) =>
  app.rt.db.update(customers).set({ tags: { name: '甲', arpu: 99.0, opted_out: false, plan: 'basic_4g' } }).where(eq(customers.id, id));
const pathOf = async (customerId: string) =>
  (await app.rt.db.select().from(steps).where(eq(steps.customerId, customerId)).orderBy(steps.id)).map((s) => `${s.nodeKind}:${s.outcome}`);
const eventStatus = async (ids: string[]) =>
  Object.fromEntries((await app.rt.db.select().from(events).where(inArray(events.eventId, ids))).map((e) => [e.eventId, e.status]));

describe('processing on intake', () => {
  it('should have stepped the journey and queued the contact when the event is accepted, leaving nothing for the workers', async () => {
    await eligible('C000101');
    const result = await ingestEvents(app.rt, [usageEvent('C000101', { eventId: 'poi-1' })]);
    expect(result).toEqual({ accepted: 1, duplicates: 0, rejected: [], queued: 0 });
    expect(await eventStatus(['poi-1'])).toEqual({ 'poi-1': 'processed' });
    expect(await pathOf('C000101')).toEqual(['trigger:entered', 'condition:yes', 'sms:contact_requested', 'end:exited']);
    expect(await app.rt.db.select().from(outbox).where(eq(outbox.customerId, 'C000101'))).toHaveLength(1);
    expect(await processPendingEvents(app.rt)).toBe(0);
    await drainRuntime(app.rt);
    expect(await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, 'C000101'))).toHaveLength(1);
  });

  it('should process a repeated eventId once, within one call and across calls', async () => {
    await eligible('C000102');
    const e = usageEvent('C000102', { eventId: 'poi-dup' });
    expect(await ingestEvents(app.rt, [e, e])).toMatchObject({ accepted: 1, duplicates: 1, queued: 0 });
    expect(await ingestEvents(app.rt, [e])).toMatchObject({ accepted: 0, duplicates: 1, queued: 0 });
    await drainRuntime(app.rt);
    expect(await app.rt.db.select().from(journeys).where(eq(journeys.customerId, 'C000102'))).toHaveLength(1);
    expect(await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, 'C000102'))).toHaveLength(1);
  });

  it('should leave a customer’s event for the workers while an older one of theirs is pending, and then run both in order', async () => {
    await eligible('C000103');
    const now = app.rt.clock.now().getTime();
    const at = (ms: number) => new Date(now - 60_000 + ms).toISOString();
    // An older event recorded by a process that does not process on intake, waiting for a retry.
    app.rt.processOnIntake = false;
    await ingestEvents(app.rt, [usageEvent('C000103', { eventId: 'poi-old', occurredAt: at(1000) })]);
    await app.rt.db.update(events).set({ nextAttemptAt: new Date(now + 30_000), attempts: 1 }).where(eq(events.eventId, 'poi-old'));
    app.rt.processOnIntake = true;
    const result = await ingestEvents(app.rt, [
      usageEvent('C000103', { eventId: 'poi-new', occurredAt: at(2000) }),
      usageEvent('C000104', { eventId: 'poi-other', occurredAt: at(3000) }),
    ]);
    expect(result).toMatchObject({ accepted: 2, queued: 1 });
    expect(await eventStatus(['poi-old', 'poi-new', 'poi-other'])).toEqual({ 'poi-old': 'pending', 'poi-new': 'pending', 'poi-other': 'processed' });
    expect(await pathOf('C000103')).toEqual([]);
    app.clock.advance(31_000);
    await processPendingEvents(app.rt);
    expect(await eventStatus(['poi-old', 'poi-new'])).toEqual({ 'poi-old': 'processed', 'poi-new': 'processed' });
    expect(await firstSteppedEvent(app.rt.db, 'C000103')).toBe('poi-old');
  });

  it('should mark an event for an unknown customer as failed, naming the customer', async () => {
    expect(await ingestEvents(app.rt, [usageEvent('NOBODY-2', { eventId: 'poi-nobody' })])).toMatchObject({ accepted: 1, queued: 0 });
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'poi-nobody'));
    expect(ev.status).toBe('failed');
    expect(ev.error).toMatch(/unknown customer NOBODY-2/);
  });

  it('should accept an event whose step fails with nothing half-written, and leave it to the workers’ retry', async () => {
    await eligible('C000105');
    await app.rt.db.execute("alter table outbox add constraint crash_intake check (channel <> 'sms') not valid");
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const result = await ingestEvents(app.rt, [usageEvent('C000105', { eventId: 'poi-crash' }), usageEvent('C000106', { eventId: 'poi-crash-2' })]);
      expect(result).toMatchObject({ accepted: 2, queued: 2 });
      // The operator's log says the events went the slow way, and why.
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/processing on intake failed.*crash_intake/));
      expect(await pathOf('C000105')).toEqual([]);
      expect(await app.rt.db.select().from(journeys).where(eq(journeys.customerId, 'C000105'))).toHaveLength(0);
      expect(await eventStatus(['poi-crash', 'poi-crash-2'])).toEqual({ 'poi-crash': 'pending', 'poi-crash-2': 'pending' });
      // The workers retry each alone and keep the error on the event.
      await processPendingEvents(app.rt);
      const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'poi-crash'));
      expect(ev.error).toMatch(/crash_intake/);
      expect(ev.attempts).toBe(1);
    } finally {
      warn.mockRestore();
      await app.rt.db.execute('alter table outbox drop constraint crash_intake');
    }
    app.clock.advance(60_000);
    await drainRuntime(app.rt);
    expect(await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, 'C000105'))).toHaveLength(1);
  });
});

describe.runIf(onPostgres)('processing on intake beside other transactions on PostgreSQL', () => {
  let other: pg.Client;
  beforeAll(async () => {
    other = new pg.Client({ connectionString: app.databaseUrl });
    await other.connect();
  });
  afterAll(async () => other?.end());

  const waitingForLock = async () => {
    for (;;) {
      const { rows } = await other.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      if (rows[0].n > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('should leave the event of a customer another transaction holds for the workers', async () => {
    await eligible('C000107');
    await other.query('begin');
    await other.query(`select id from customers where id = 'C000107' for update`);
    try {
      expect(await ingestEvents(app.rt, [usageEvent('C000107', { eventId: 'poi-busy' })])).toMatchObject({ accepted: 1, queued: 1 });
      expect(await eventStatus(['poi-busy'])).toEqual({ 'poi-busy': 'pending' });
    } finally {
      await other.query('commit');
    }
    await processPendingEvents(app.rt);
    expect(await eventStatus(['poi-busy'])).toEqual({ 'poi-busy': 'processed' });
    expect(await pathOf('C000107')).toContain('sms:contact_requested');
  });

  it('should roll back its steps when a concurrent transaction records the same eventId first, and count a duplicate', async () => {
    await eligible('C000108');
    await other.query('begin');
    await other.query(
      `insert into events(event_id, customer_id, type, occurred_at, attributes, next_attempt_at)
       values ('poi-race', 'C000108', 'data_usage_80pct', $1, '{"pct": 80, "plan_gb": 20}', $1)`,
      [app.rt.clock.now()],
    );
    const intake = ingestEvents(app.rt, [usageEvent('C000108', { eventId: 'poi-race' })]);
    await waitingForLock(); // our insert waits for the other transaction's row
    await other.query('commit');
    expect(await intake).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await app.rt.db.select().from(journeys).where(eq(journeys.customerId, 'C000108'))).toHaveLength(0);
    // The row the other transaction recorded is processed once, by the workers.
    await drainRuntime(app.rt);
    expect(await app.rt.db.select().from(journeys).where(eq(journeys.customerId, 'C000108'))).toHaveLength(1);
    expect(await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, 'C000108'))).toHaveLength(1);
  });
});
