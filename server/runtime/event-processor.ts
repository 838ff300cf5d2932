// Turns committed events into journeys. A batch of events is claimed and processed in ONE
// transaction: the entries it causes (journey rows, steps, outbox, timers) and the events'
// `processed` marks commit together, so a crash re-processes the batch from scratch and nothing
// is half-written. The batch reads what its steps need with one query per table and writes
// with one statement per table (step-store.ts); if anything in it fails, it is rolled back and
// processed again one event at a time, each in its own savepoint, so the failing event is
// retried alone and the others go through.
import { eq, sql } from 'drizzle-orm';
import { evaluateCondition } from '../../workflows';
import type { Tx } from '../db/client';
import { rowFromJson } from '../db/bulk-insert';
import { customers, events } from '../db/schema';
import { advanceJourney, startJourney, type CustomerRow, type StepScope } from './journey';
import type { ContactPolicy } from './contact-policy';
import { settingsOf } from './settings-cache';
import { tryLockCustomer } from './locks';
import { enrolFromEvent } from './entries';
import { API_ENROLMENT } from '../services/catalog';
import { failpoint } from './failpoints';
import { applyTagUpdate, TAGS_UPDATED } from '../services/customer-tags';
import { BatchStore, directStore, type StepStore } from './step-store';
import { contactsQueued } from './wakeups';
import type { Runtime } from './runtime';
import { inJsonList } from '../db/in-list';
import { failureOf, unknownCustomer, type EventFailure } from './event-failure';

type EventRow = typeof events.$inferSelect;

export const MAX_EVENT_ATTEMPTS = 5;
/** Events one batch claims at most. */
export const EVENT_BATCH = 100;

/**
 * Processes up to `limit` pending events, oldest first, in ONE transaction (one commit for the
 * batch instead of one per event). Rows are claimed FOR UPDATE SKIP LOCKED, so workers never
 * share an event; customers are locked FOR UPDATE SKIP LOCKED, and a customer another worker
 * holds keeps their events pending for the next pass. Returns how many events were processed.
 */
export async function processPendingEvents(rt: Runtime, limit = EVENT_BATCH): Promise<number> {
  try {
    return await processBatch(rt, limit);
  } catch (err) {
    if (!(err instanceof BatchFailed)) throw err;
    return processOneByOne(rt, limit);
  }
}

/** Something in the set-based batch failed: it was rolled back, to be redone event by event. */
class BatchFailed extends Error {
  constructor(readonly reason: unknown) {
    super('event batch failed', { cause: reason });
  }
}

interface Claim {
  /** The claimed events that may run now, oldest first. */
  events: EventRow[];
  /** Their customers locked for this transaction (only when asked to lock them). */
  locked: Map<string, CustomerRow>;
  /** Their customers another worker holds: those events wait for the next pass. */
  busy: Set<string>;
}

/**
 * One statement: the due events, oldest first, claimed FOR UPDATE SKIP LOCKED, each with its
 * customer's oldest other pending event (outside this claim), if any; and, with `lockCustomers`,
 * their customers locked FOR UPDATE SKIP LOCKED (no lock-order deadlocks between batches) and
 * which of the rest exist (busy elsewhere) — an unknown customer is neither. One customer's events
 * run in the order they occurred: an event waits while an older one exists outside the claim
 * (held by another worker, or waiting for a retry); inside the batch they run in order anyway.
 */
async function claim(tx: Tx, rt: Runtime, limit: number, lockCustomers = false): Promise<Claim> {
  const customerRows = lockCustomers
    ? sql`union all select 'c', to_json(l), null, null from locked l
          union all select 'x', json_build_object('id', u.id), null, null from ${customers} u
           where u.id in (select customer_id from claimed) and u.id not in (select id from locked)`
    : sql``;
  const result = (await tx.execute(sql`
    with claimed as (
      select * from ${events}
       where status = 'pending' and next_attempt_at <= ${rt.clock.now().toISOString()}::timestamptz
       order by occurred_at, seq
       limit ${limit}
       for update skip locked)
    ${lockCustomers ? sql`, locked as (select * from ${customers} where id in (select customer_id from claimed) for update skip locked)` : sql``}
    select 'e' as k, to_json(c) as row, b.occurred_at as blocker_at, b.seq as blocker_seq
      from claimed c
      left join lateral (
        select e.occurred_at, e.seq from ${events} e
         where e.customer_id = c.customer_id and e.status = 'pending'
           and not exists (select 1 from claimed x where x.event_id = e.event_id)
         order by e.occurred_at, e.seq limit 1) b on true
    ${customerRows}`)) as unknown as { rows: { k: string; row: Record<string, unknown>; blocker_at: Date | string | null; blocker_seq: string | number | null }[] };
  const out: Claim = { events: [], locked: new Map(), busy: new Set() };
  for (const r of result.rows) {
    if (r.k === 'c') {
      const c = rowFromJson(customers, r.row);
      out.locked.set(c.id, c);
    } else if (r.k === 'x') out.busy.add(r.row.id as string);
    else {
      const e = rowFromJson(events, r.row);
      const t = r.blocker_at == null ? -1 : e.occurredAt.getTime() - new Date(r.blocker_at).getTime();
      if (t < 0 || (t === 0 && e.seq < Number(r.blocker_seq))) out.events.push(e);
    }
  }
  out.events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.seq - b.seq);
  return out;
}

async function processBatch(rt: Runtime, limit: number): Promise<number> {
  let due = 0;
  const handled = await rt.db.transaction(async (tx) => {
    const { events: batch, locked: byId, busy } = await claim(tx, rt, limit, true);
    if (batch.length === 0) return 0;
    let done = 0;
    try {
      const now = rt.clock.now();
      const settings = settingsOf(rt);
      const policy = await settings.contactPolicy(tx);
      const store = await BatchStore.open(tx, [...byId.keys()], await rt.flows.liveFlows(tx), now, await settings.products(tx), await settings.offers(tx));
      const processed: string[] = [];
      const noted: { eventId: string; status: string; error: string; detail: EventFailure | null }[] = [];
      for (const ev of batch) {
        if (busy.has(ev.customerId)) continue;
        const customer = byId.get(ev.customerId);
        const outcome = customer ? await stepEvent(store, rt, ev, customer, policy) : unknownCustomer(ev.customerId);
        if (outcome.error) noted.push({ eventId: ev.eventId, status: outcome.status, error: outcome.error, detail: outcome.detail ?? null });
        else processed.push(ev.eventId);
        done++;
      }
      const at = rt.clock.now();
      // The events' processed marks go in the same statement as the rows their steps wrote.
      const marks = processed.length
        ? [sql`update ${events} set status = 'processed', error = null, error_detail = null, attempts = attempts + 1, processed_at = ${at.toISOString()}::timestamptz where ${inJsonList(sql`event_id`, processed)}`]
        : [];
      const created = await store.flush(marks);
      // Due by the time the batch was written (its steps stamp contacts as they run, after `now`).
      due = created.filter((o) => o.nextAttemptAt <= at).length;
      for (const n of noted) {
        await tx
          .update(events)
          .set({ status: n.status, error: n.error, errorDetail: n.detail, attempts: sql`${events.attempts} + 1`, processedAt: at })
          .where(eq(events.eventId, n.eventId));
      }
    } catch (err) {
      throw new BatchFailed(err);
    }
    failpoint('step.before-commit');
    return done;
  });
  if (due > 0) contactsQueued(rt);
  return handled;
}

/**
 * The fallback after a failed batch: one savepoint per event, so an event that fails rolls
 * back alone — everything its step wrote, nothing else — and is retried later with its error
 * kept; after MAX_EVENT_ATTEMPTS it is parked as failed for an operator, so one bad event cannot
 * block the rest.
 */
async function processOneByOne(rt: Runtime, limit: number): Promise<number> {
  const failures: { ev: EventRow; err: unknown }[] = [];
  const handled = await rt.db.transaction(async (tx) => {
    const { events: batch } = await claim(tx, rt, limit);
    if (batch.length === 0) return 0;
    const policy = await settingsOf(rt).contactPolicy(tx);
    let done = 0;
    const held = new Set<string>(); // customers whose earlier event in this batch failed or waits
    for (const ev of batch) {
      if (held.has(ev.customerId)) continue;
      try {
        const processed = await tx.transaction(async (sp) => processEvent(sp, rt, ev, policy));
        if (processed) done++;
        else held.add(ev.customerId);
      } catch (err) {
        held.add(ev.customerId);
        failures.push({ ev, err });
      }
    }
    failpoint('step.before-commit');
    return done;
  });
  for (const f of failures) await recordFailure(rt, f.ev.eventId, f.err);
  if (handled > 0) contactsQueued(rt);
  return handled;
}

async function recordFailure(rt: Runtime, eventId: string, err: unknown): Promise<void> {
  const { error, detail } = failureOf(err);
  const [ev] = await rt.db.select({ attempts: events.attempts }).from(events).where(eq(events.eventId, eventId));
  if (!ev) return;
  const attempts = ev.attempts + 1;
  await rt.db
    .update(events)
    .set({
      attempts,
      error,
      errorDetail: detail,
      status: attempts >= MAX_EVENT_ATTEMPTS ? 'failed' : 'pending',
      nextAttemptAt: new Date(rt.clock.now().getTime() + 1000 * 2 ** attempts),
    })
    .where(eq(events.eventId, eventId));
}

/** One event's step. False when it must wait (its customer is busy in another worker). */
async function processEvent(tx: Tx, rt: Runtime, ev: EventRow, policy: ContactPolicy): Promise<boolean> {
  // The customer's row lock serialises everything that happens to one customer (events, timers,
  // contact reservations) across workers; different customers proceed in parallel. A customer
  // locked by another worker is skipped, not waited for (no lock-order deadlocks between batches).
  const customer = await tryLockCustomer(tx, ev.customerId);
  if (customer === 'busy') return false;
  const outcome = customer ? await stepEvent(directStore(tx), rt, ev, customer, policy) : unknownCustomer(ev.customerId);
  await tx
    .update(events)
    .set({ status: outcome.status, error: outcome.error, errorDetail: outcome.detail ?? null, attempts: sql`${events.attempts} + 1`, processedAt: rt.clock.now() })
    .where(sql`${events.eventId} = ${ev.eventId}`);
  return true;
}

/**
 * What one event does to its (locked) customer: journeys waiting for it move on, then the
 * flows it enters start, highest campaign priority first. Returns the event's new status.
 */
export async function stepEvent(
  store: StepStore,
  rt: Runtime,
  ev: EventRow,
  customer: CustomerRow,
  policy: ContactPolicy,
): Promise<{ status: string; error: string | null; detail?: EventFailure }> {
  // Issue 8 (customer data): a `tags_updated` event carries changed tags; merge them into the
  // customer (checked against the declared tag schema) before anything else in this step, so
  // flows entered or moved on by this and later events see the new values in event order.
  if (ev.type === TAGS_UPDATED) customer.tags = await applyTagUpdate(store.tx, rt.catalog, customer, ev.attributes, rt.clock.now());

  const scope: StepScope = { policy, contactedBy: null };
  const occurredAt = ev.occurredAt.toISOString();

  // First the journeys already waiting for this event (wait-for-event nodes)...
  for (const journey of await store.waitingFor(customer.id, ev.type)) {
    await advanceJourney(store, rt, scope, journey, customer, {
      type: 'octo.event',
      eventType: ev.type,
      attributes: ev.attributes,
      occurredAt,
    });
  }

  // An API enrolment starts a run at the named campaign's API entry.
  if (ev.type === API_ENROLMENT) {
    const refused = await enrolFromEvent(store, rt, scope, customer, ev);
    return { status: 'processed', error: refused ? `not enrolled: ${refused}` : null };
  }

  // ...then new entries, highest campaign priority first (arbitration order).
  const flows = await rt.flows.forEventType(store.tx, ev.type);
  for (const flow of flows) {
    for (const trigger of flow.triggers) {
      if (trigger.eventType !== ev.type) continue;
      const matches =
        !trigger.condition ||
        evaluateCondition(trigger.condition, { customer: customer.tags, event: ev.attributes }, { catalog: rt.catalog, eventType: ev.type });
      if (!matches) continue;
      if (!(await store.mayEnter(flow, customer, rt.clock.now()))) continue;
      await startJourney(store, rt, scope, flow, customer, {
        eventId: ev.eventId,
        type: ev.type,
        occurredAt,
        attributes: ev.attributes,
      });
      break; // one entry per flow per event
    }
  }
  return { status: 'processed', error: null };
}
