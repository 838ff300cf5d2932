// The runtime as a customer experiences it: an event enters the live campaign, the journey runs
// as persisted steps, the SMS leaves once through the outbox, and waits survive as timer rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { deliveryBatch } from '@/server/channels/delivery-batch';
import { events, journeys, outbox, sentMessages, steps, timers } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { processPendingEvents } from '@/server/runtime/event-processor';
import { dispatchOutbox } from '@/server/runtime/outbox-dispatcher';
import { fireDueTimers } from '@/server/runtime/timer-poller';
import { drainRuntime } from '@/server/runtime/workers';
import { onContactsQueued } from '@/server/runtime/wakeups';
import { customers } from '@/server/db/schema';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';
import { firstSteppedEvent, usageEvent } from './support/events';
import { callerAs } from './support/actors';
import type { FlowGraph } from '@/workflows';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const stepsOf = (customerId: string) =>
  app.rt.db.select().from(steps).where(eq(steps.customerId, customerId)).orderBy(steps.id);

describe('the live demo campaign', () => {
  it('should send one SMS to an eligible customer and persist every step', async () => {
    await ingestEvents(app.rt, [usageEvent('C000001', { eventId: 'rt-1' })]);
    await drainRuntime(app.rt);
    const path = (await stepsOf('C000001')).map((s) => `${s.nodeKind}:${s.outcome}`);
    expect(path).toEqual(['trigger:entered', 'condition:yes', 'sms:contact_requested', 'end:exited', 'sms:sent']);
    const sms = await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, 'C000001'));
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toContain('80%');
    expect(sms[0].body).not.toContain('{{');
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'rt-1'));
    expect(ev.status).toBe('processed');
  });

  it('should not contact a customer who opted out, and record why', async () => {
    await app.rt.db.update(customers).set({ tags: { name: '测试', arpu: 120.0, opted_out: true, plan: 'basic_4g' } }).where(eq(customers.id, 'C000010'));
    await ingestEvents(app.rt, [usageEvent('C000010')]);
    await drainRuntime(app.rt);
    const path = (await stepsOf('C000010')).map((s) => `${s.nodeKind}:${s.outcome}`);
    expect(path).toEqual(['trigger:entered', 'condition:no', 'end:exited']);
    expect(await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, 'C000010'))).toHaveLength(0);
  });

  it('should process a repeated eventId once', async () => {
    const e = usageEvent('C000020', { eventId: 'rt-dup' });
    await app.rt.db.update(customers).set({ tags: { name: '甲', arpu: 99.0, opted_out: false, plan: 'basic_4g' } }).where(eq(customers.id, 'C000020'));
    await ingestEvents(app.rt, [e]);
    await drainRuntime(app.rt);
    await ingestEvents(app.rt, [e, e]);
    await drainRuntime(app.rt);
    const js = await app.rt.db.select().from(journeys).where(eq(journeys.customerId, 'C000020'));
    expect(js).toHaveLength(1);
    expect(await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, 'C000020'))).toHaveLength(1);
  });

  it('should mark an event for an unknown customer as failed, naming the customer', async () => {
    await ingestEvents(app.rt, [usageEvent('NOBODY', { eventId: 'rt-nobody' })]);
    await processPendingEvents(app.rt);
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'rt-nobody'));
    expect(ev.status).toBe('failed');
    expect(ev.error).toMatch(/unknown customer NOBODY/);
  });

  it('should deliver an outbox effect once even if dispatched again', async () => {
    await app.rt.db.update(customers).set({ tags: { name: '丙', arpu: 99.0, opted_out: false, plan: 'basic_4g' } }).where(eq(customers.id, 'C000050'));
    await ingestEvents(app.rt, [usageEvent('C000050', { eventId: 'rt-again' })]);
    await processPendingEvents(app.rt);
    const [row] = await app.rt.db.select().from(outbox).where(and(eq(outbox.customerId, 'C000050'), eq(outbox.status, 'pending')));
    // Simulate a crash after the gateway accepted but before `sent` was committed: the adapter
    // is called twice with the same effect key; the customer still gets one message.
    const adapter = app.rt.channels.get('sms')!;
    const contact = { outboxId: row.id, effectKey: row.effectKey, customerId: row.customerId, channel: 'sms', payload: row.payload };
    await adapter.send(contact, deliveryBatch(app.rt.db));
    await dispatchOutbox(app.rt);
    const sms = await app.rt.db.select().from(sentMessages).where(eq(sentMessages.effectKey, row.effectKey));
    expect(sms).toHaveLength(1);
  });

  it('should wake the outbox as soon as a batch that queued a contact due now commits, while time moves on', async () => {
    await app.rt.db.update(customers).set({ tags: { name: '丁', arpu: 99.0, opted_out: false, plan: 'basic_4g' } }).where(eq(customers.id, 'C000052'));
    let wakeups = 0;
    const stop = onContactsQueued(app.rt, () => wakeups++);
    // Every reading of the clock is a millisecond later, as on a real clock: the contact is
    // stamped after the batch began, and is still due by the time the batch commits.
    const read = app.clock.now.bind(app.clock);
    app.clock.now = () => {
      app.clock.advance(1);
      return read();
    };
    try {
      await ingestEvents(app.rt, [usageEvent('C000052', { eventId: 'rt-wake' })]);
      await processPendingEvents(app.rt);
    } finally {
      app.clock.now = read;
      stop();
    }
    const queued = await app.rt.db.select().from(outbox).where(and(eq(outbox.customerId, 'C000052'), eq(outbox.status, 'pending')));
    expect(queued).toHaveLength(1);
    expect(wakeups).toBe(1);
  });
});

describe('event order', () => {
  it('should hold a customer’s newer event while an older one waits for its retry, and let other customers through', async () => {
    const now = app.rt.clock.now().getTime();
    const at = (ms: number) => new Date(now - 60_000 + ms).toISOString();
    await ingestEvents(app.rt, [
      usageEvent('C000060', { eventId: 'ord-new', occurredAt: at(2000) }),
      usageEvent('C000060', { eventId: 'ord-old', occurredAt: at(1000) }),
      usageEvent('C000061', { eventId: 'ord-other', occurredAt: at(3000) }),
    ]);
    // The older event failed once and waits for its retry.
    await app.rt.db.update(events).set({ nextAttemptAt: new Date(now + 60_000), attempts: 1 }).where(eq(events.eventId, 'ord-old'));
    await processPendingEvents(app.rt);
    const status = async () =>
      Object.fromEntries(
        (await app.rt.db.select().from(events).where(inArray(events.eventId, ['ord-new', 'ord-old', 'ord-other']))).map((e) => [e.eventId, e.status]),
      );
    expect(await status()).toEqual({ 'ord-new': 'pending', 'ord-old': 'pending', 'ord-other': 'processed' });
    app.clock.advance(61_000);
    await processPendingEvents(app.rt);
    expect(await status()).toEqual({ 'ord-new': 'processed', 'ord-old': 'processed', 'ord-other': 'processed' });
    // Stepped in the order they occurred: the older event's journey took the first step.
    expect(await firstSteppedEvent(app.rt.db, 'C000060')).toBe('ord-old');
  });
});

describe('durable waits', () => {
  const waitFlow: FlowGraph = {
    version: 1,
    name: 'wait then sms',
    settings: { reentry: 'every_time', concurrent: false },
    nodes: [
      { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'balance_low', condition: '' } },
      { id: 'w', kind: 'wait', position: { x: 0, y: 100 }, params: { duration: { amount: 2, unit: 'hours' } } },
      { id: 's', kind: 'sms', position: { x: 0, y: 200 }, params: { template: '{{customer.name}}，您的{{customer.plan}}余额不足请充值' } },
      { id: 'e', kind: 'end', position: { x: 0, y: 300 }, params: {} },
    ],
    edges: [
      { id: 'e1', source: 't', sourcePort: 'out', target: 'w' },
      { id: 'e2', source: 'w', sourcePort: 'out', target: 's' },
      { id: 'e3', source: 's', sourcePort: 'out', target: 'e' },
    ],
  };

  it('should fire a wait once, at its due time on the runtime clock, not before', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Low balance reminder', graph: waitFlow });
    const v = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v.id, decision: 'approved' });
    await approver.campaigns.launch({ id: c.id });

    await ingestEvents(app.rt, [
      { eventId: 'bal-1', customerId: 'C000030', type: 'balance_low', occurredAt: '2026-06-01T02:00:00Z', attributes: { balance: 3.5 } },
    ]);
    await drainRuntime(app.rt);
    const [timer] = await app.rt.db.select().from(timers).where(eq(timers.nodeId, 'w'));
    expect(timer.status).toBe('pending');
    expect(timer.dueAt.getTime() - app.clock.now().getTime()).toBe(2 * 3600_000);
    // The waiting journey keeps no copy of the customer's tags; the SMS after the wait uses them
    // as they are then, an enum tag by its name in the message's language.
    const [waiting] = await app.rt.db.select().from(journeys).where(eq(journeys.customerId, 'C000030'));
    expect(waiting.snapshot).toMatchObject({ context: { customerId: 'C000030', trigger: { type: 'balance_low' } } });
    expect((waiting.snapshot as { context: Record<string, unknown> }).context).not.toHaveProperty('customer');
    const [before] = await app.rt.db.select().from(customers).where(eq(customers.id, 'C000030'));
    await app.rt.db.update(customers).set({ tags: { ...before.tags, name: '新名字', plan: 'unlimited_5g' } }).where(eq(customers.id, 'C000030'));

    app.clock.advance(2 * 3600_000 - 1000);
    expect(await fireDueTimers(app.rt)).toBe(0);
    app.clock.advance(1000);
    expect(await fireDueTimers(app.rt)).toBe(1);
    expect(await fireDueTimers(app.rt)).toBe(0);
    await drainRuntime(app.rt);
    const sms = await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, 'C000030'));
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toBe('新名字，您的5G畅享套餐余额不足请充值');
    const [j] = await app.rt.db.select().from(journeys).where(eq(journeys.customerId, 'C000030'));
    expect(j.status).toBe('done');
  });

  it('should fire the waits of many customers due together in one pass, once each, cancel one whose journey moved on and leave a busy customer’s for the next pass', async () => {
    const who = Array.from({ length: 30 }, (_, i) => `C0001${String(i).padStart(2, '0')}`);
    await ingestEvents(
      app.rt,
      who.map((id) => ({ eventId: `bal-many-${id}`, customerId: id, type: 'balance_low', occurredAt: app.clock.now().toISOString(), attributes: { balance: 1 } })),
    );
    await drainRuntime(app.rt);
    const waiting = await app.rt.db.select().from(journeys).where(and(inArray(journeys.customerId, who), eq(journeys.status, 'active')));
    expect(waiting).toHaveLength(who.length);
    // One journey moved on another way meanwhile: its timer must be cancelled, not fired.
    const moved = waiting[0];
    await app.rt.db.update(journeys).set({ revision: moved.revision + 1 }).where(eq(journeys.id, moved.id));
    app.clock.advance(2 * 3600_000);

    if (onPostgres) {
      // A customer held by another worker's transaction is skipped, not waited for.
      const busy = waiting[1].customerId;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = app.rt.db.transaction(async (tx) => {
        await tx.select().from(customers).where(eq(customers.id, busy)).for('update');
        locked();
        await held;
      });
      await isLocked;
      try {
        expect(await fireDueTimers(app.rt)).toBe(who.length - 2);
        const [t] = await app.rt.db.select().from(timers).where(eq(timers.journeyId, waiting[1].id));
        expect(t.status).toBe('pending');
      } finally {
        release();
        await holder;
      }
      expect(await fireDueTimers(app.rt)).toBe(1);
    } else {
      expect(await fireDueTimers(app.rt)).toBe(who.length - 1);
    }
    expect(await fireDueTimers(app.rt)).toBe(0);
    const marks = await app.rt.db.select().from(timers).where(inArray(timers.journeyId, waiting.map((j) => j.id)));
    expect(marks.filter((t) => t.status === 'fired')).toHaveLength(who.length - 1);
    expect(marks.find((t) => t.journeyId === moved.id)?.status).toBe('cancelled');
    const after = await app.rt.db.select().from(journeys).where(inArray(journeys.id, waiting.map((j) => j.id)));
    expect(after.filter((j) => j.status === 'done')).toHaveLength(who.length - 1);
  });
});

describe('a step that fails in the middle', () => {
  it('should leave nothing half-written and keep the event for a retry', async () => {
    await app.rt.db.update(customers).set({ tags: { name: '乙', arpu: 99.0, opted_out: false, plan: 'basic_4g' } }).where(eq(customers.id, 'C000040'));
    const before = (await stepsOf('C000040')).length;
    await ingestEvents(app.rt, [usageEvent('C000040', { eventId: 'rt-crash' })]);
    // Break the outbox insert inside the step: the step rows written before it must roll back.
    await app.rt.db.execute(
      "alter table outbox add constraint crash_test check (channel <> 'sms') not valid",
    );
    expect(await processPendingEvents(app.rt)).toBe(0);
    expect((await stepsOf('C000040')).length).toBe(before);
    expect(await app.rt.db.select().from(journeys).where(eq(journeys.customerId, 'C000040'))).toHaveLength(0);
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'rt-crash'));
    expect(ev.status).toBe('pending');
    expect(ev.attempts).toBe(1);
    expect(ev.error).toMatch(/crash_test/);
    await app.rt.db.execute('alter table outbox drop constraint crash_test');
    app.clock.advance(60_000); // past the retry backoff
    await drainRuntime(app.rt);
    expect((await stepsOf('C000040')).map((s) => s.outcome)).toContain('sent');
  });
});
