// Processing on intake (on PostgreSQL, a process that runs the event workers: a web process with
// in-process workers, and worker processes' NATS intake): the events one group-commit statement
// accepts are processed in the SAME transaction that records them. An accepted event then costs
// one transaction, not two (the intake's INSERT, then a worker's claim, processing and processed
// mark), its row is written once (as processed), and its contacts are queued by the time the
// caller hears 202.
//
// The worker's guarantees hold, because it is the worker's code on the worker's terms:
// - customers are locked FOR UPDATE SKIP LOCKED; one another transaction holds keeps its events
//   pending for the workers, as does a customer with an older event still pending (one customer's
//   events run in the order they occurred);
// - an eventId already recorded is a duplicate and is not processed; one recorded by a concurrent
//   transaction after our check makes the insert skip it, and then the whole transaction is
//   rolled back (its steps must not stand) and the caller records the group plainly;
// - anything that fails rolls everything back, and the caller records the events as pending for
//   the workers, whose one-by-one fallback retries each and records its error. Nothing accepted
//   is lost and nothing half-written stands.
import { sql } from 'drizzle-orm';
import { bulkInsert, rowFromJson } from '../db/bulk-insert';
import { inJsonList } from '../db/in-list';
import { customers, events } from '../db/schema';
import { stepEvent } from './event-processor';
import { unknownCustomer, type EventFailure } from './event-failure';
import { failpoint } from './failpoints';
import type { CustomerRow } from './journey';
import type { Runtime } from './runtime';
import { settingsOf } from './settings-cache';
import { BatchStore } from './step-store';
import { contactsQueued } from './wakeups';

export type EventInsert = Pick<typeof events.$inferInsert, 'receivedAt' | 'nextAttemptAt'> &
  Pick<typeof events.$inferSelect, 'eventId' | 'customerId' | 'type' | 'occurredAt' | 'attributes'>;

export interface RecordedEvents {
  /** The eventIds this statement recorded; the others were duplicates. */
  inserted: Set<string>;
  /** The recorded events left pending for the workers. */
  queued: Set<string>;
}

/** A concurrent transaction recorded one of the events after this one checked: redo plainly. */
export class RecordedConcurrently extends Error {
  constructor(eventId: string) {
    super(`event ${eventId} was recorded by a concurrent transaction`);
  }
}

/** Records `rows` (distinct eventIds) and processes the ones that may run now, in one transaction. */
export async function recordAndProcess(rt: Runtime, rows: EventInsert[]): Promise<RecordedEvents> {
  let due = 0;
  const recorded = await rt.db.transaction(async (tx) => {
    const customerIds = [...new Set(rows.map((r) => r.customerId))];
    const eventIds = rows.map((r) => r.eventId);
    // One statement: the customers locked (skipping those another transaction holds), which of the
    // rest exist (busy), which eventIds are already recorded, and which customers have an event
    // still pending (ours must wait behind it).
    const found = (await tx.execute(sql`
      with locked as (select * from ${customers} where ${inJsonList(sql`id`, customerIds)} for update skip locked)
      select 'c' as k, to_json(l) as row from locked l
      union all select 'x', json_build_object('id', u.id) from ${customers} u
       where ${inJsonList(sql`u.id`, customerIds)} and u.id not in (select id from locked)
      union all select 'd', json_build_object('id', e.event_id) from ${events} e where ${inJsonList(sql`e.event_id`, eventIds)}
      union all select 'p', json_build_object('id', p.customer_id)
        from (select distinct customer_id from ${events}
               where ${inJsonList(sql`customer_id`, customerIds)} and status = 'pending') p`)) as unknown as {
      rows: { k: string; row: Record<string, unknown> }[];
    };
    const locked = new Map<string, CustomerRow>();
    const held = new Set<string>();
    const known = new Set<string>();
    for (const r of found.rows) {
      if (r.k === 'c') {
        const c = rowFromJson(customers, r.row);
        locked.set(c.id, c);
      } else if (r.k === 'd') known.add(r.row.id as string);
      else held.add(r.row.id as string);
    }
    const fresh = rows.filter((r) => !known.has(r.eventId));
    if (fresh.length === 0) return { inserted: new Set<string>(), queued: new Set<string>() };
    // In the order they occurred (stable: arrival order among equals, as seq would give).
    const runnable = fresh.filter((r) => !held.has(r.customerId)).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());

    if (runnable.length === 0) {
      const inserted = new Set((await bulkInsert(tx, events, fresh, { onConflictDoNothing: ['event_id'], returning: ['event_id'] })).map((e) => e.event_id as string));
      return { inserted, queued: inserted };
    }

    const now = rt.clock.now();
    const settings = settingsOf(rt);
    const policy = await settings.contactPolicy(tx);
    const runIds = [...new Set(runnable.map((r) => r.customerId))].filter((id) => locked.has(id));
    const store = await BatchStore.open(tx, runIds, await rt.flows.liveFlows(tx), now, await settings.products(tx), await settings.offers(tx));
    const outcomes = new Map<string, { status: string; error: string | null; detail?: EventFailure }>();
    for (const r of runnable) {
      const customer = locked.get(r.customerId);
      const ev = { ...r, seq: 0, status: 'pending', error: null, errorDetail: null, attempts: 0, nextAttemptAt: now, receivedAt: r.receivedAt ?? now, processedAt: null };
      outcomes.set(r.eventId, customer ? await stepEvent(store, rt, ev, customer, policy) : unknownCustomer(r.customerId));
    }
    const at = rt.clock.now();
    // The events go in the statement that writes their steps, already marked with their outcome.
    const { outbox, written } = await store.flushWith([
      {
        table: events,
        rows: fresh.map((r) => {
          const o = outcomes.get(r.eventId);
          // Run here once when it has an outcome: that is its first attempt.
          return { ...r, status: o?.status ?? 'pending', error: o?.error ?? null, errorDetail: o?.detail ?? null, attempts: o ? 1 : 0, processedAt: o ? at : null };
        }),
        onConflictDoNothing: ['event_id'],
        returning: ['event_id'],
        as: 'events',
      },
    ]);
    const inserted = new Set(written.events.map((e) => e.event_id as string));
    for (const id of outcomes.keys()) if (!inserted.has(id)) throw new RecordedConcurrently(id);
    // Due by the time the batch was written (its steps stamp contacts as they run, after `now`).
    due = outbox.filter((o) => o.nextAttemptAt <= at).length;
    failpoint('step.before-commit');
    return { inserted, queued: new Set(fresh.filter((r) => !outcomes.has(r.eventId) && inserted.has(r.eventId)).map((r) => r.eventId)) };
  });
  if (due > 0) contactsQueued(rt);
  return recorded;
}
