// Turns committed events into journeys. Each event is handled in its own transaction: the
// entries it causes (journey rows, steps, outbox, timers) and its `processed` mark commit
// together, so a crash re-processes the event from scratch and nothing is half-written.
import { and, asc, eq, inArray, lte, notInArray, sql } from 'drizzle-orm';
import { evaluateCondition } from '../../workflows';
import type { Tx } from '../db/client';
import { events, journeys } from '../db/schema';
import { advanceJourney, startJourney, type StepScope } from './journey';
import { loadContactPolicy, type ContactPolicy } from './contact-policy';
import { tryLockCustomer } from './locks';
import { mayEnter } from './reentry';
import { enrolFromEvent } from './entries';
import { API_ENROLMENT } from '../services/catalog';
import { failpoint } from './failpoints';
import { applyTagUpdate, TAGS_UPDATED } from '../services/customer-tags';
import type { Runtime } from './runtime';

type EventRow = typeof events.$inferSelect;

export const MAX_EVENT_ATTEMPTS = 5;

/**
 * Processes up to `limit` pending events, oldest first, in ONE transaction (one commit for the
 * batch instead of one per event) with a savepoint per event: an event that fails rolls back
 * alone — everything its step wrote, nothing else — and is retried later with its error kept;
 * after MAX_EVENT_ATTEMPTS it is parked as failed for an operator, so one bad event cannot
 * block the rest. Rows are claimed FOR UPDATE SKIP LOCKED, so workers never share an event.
 * Returns how many events were processed.
 */
export async function processPendingEvents(rt: Runtime, limit = 100): Promise<number> {
  const failures: { ev: EventRow; err: unknown }[] = [];
  const handled = await rt.db.transaction(async (tx) => {
    const claimed = await tx
      .select()
      .from(events)
      .where(and(eq(events.status, 'pending'), lte(events.nextAttemptAt, rt.clock.now())))
      .orderBy(asc(events.occurredAt), asc(events.seq))
      .limit(limit)
      .for('update', { skipLocked: true });
    // One customer's events run in the order they occurred: an event waits while the customer
    // has an older pending event outside this batch (held by another worker, or waiting for a
    // retry). Inside the batch they are processed in order anyway.
    const batch = await inCustomerOrder(tx, claimed);
    if (batch.length === 0) return 0;
    const policy = await loadContactPolicy(tx);
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
  return handled;
}

async function inCustomerOrder(tx: Tx, claimed: EventRow[]): Promise<EventRow[]> {
  if (claimed.length === 0) return claimed;
  const blockers = await tx
    .selectDistinctOn([events.customerId], { customerId: events.customerId, occurredAt: events.occurredAt, seq: events.seq })
    .from(events)
    .where(
      and(
        inArray(events.customerId, [...new Set(claimed.map((e) => e.customerId))]),
        eq(events.status, 'pending'),
        notInArray(events.eventId, claimed.map((e) => e.eventId)),
      ),
    )
    .orderBy(events.customerId, asc(events.occurredAt), asc(events.seq));
  const first = new Map(blockers.map((b) => [b.customerId, b]));
  return claimed.filter((e) => {
    const b = first.get(e.customerId);
    if (!b) return true;
    const t = e.occurredAt.getTime() - b.occurredAt.getTime();
    return t < 0 || (t === 0 && e.seq < b.seq);
  });
}

async function recordFailure(rt: Runtime, eventId: string, err: unknown): Promise<void> {
  // drizzle wraps driver errors as "Failed query: <sql>"; the cause says what went wrong.
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null;
  const message = cause ?? (err instanceof Error ? err.message : String(err));
  const [ev] = await rt.db.select({ attempts: events.attempts }).from(events).where(eq(events.eventId, eventId));
  if (!ev) return;
  const attempts = ev.attempts + 1;
  await rt.db
    .update(events)
    .set({
      attempts,
      error: message.slice(0, 2000),
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
  if (!customer) {
    await markEvent(tx, rt, ev, 'failed', `unknown customer ${ev.customerId}`);
    return true;
  }
  // Issue 8 (customer data): a `tags_updated` event carries changed tags; merge them into the
  // customer (checked against the declared tag schema) before anything else in this step, so
  // flows entered or moved on by this and later events see the new values in event order.
  if (ev.type === TAGS_UPDATED) customer.tags = await applyTagUpdate(tx, rt.catalog, customer, ev.attributes, rt.clock.now());

  const scope: StepScope = { policy, contactedBy: null };
  const occurredAt = ev.occurredAt.toISOString();

  // First the journeys already waiting for this event (wait-for-event nodes)...
  const waiting = await tx
    .select()
    .from(journeys)
    .where(and(eq(journeys.customerId, customer.id), eq(journeys.status, 'active'), sql`${ev.type} = any(${journeys.waitingFor})`))
    .orderBy(asc(journeys.startedAt));
  for (const journey of waiting) {
    await advanceJourney(tx, rt, scope, journey, customer, {
      type: 'octo.event',
      eventType: ev.type,
      attributes: ev.attributes,
      occurredAt,
    });
  }

  // An API enrolment starts a run at the named campaign's API entry.
  if (ev.type === API_ENROLMENT) {
    const refused = await enrolFromEvent(tx, rt, scope, customer, ev);
    await markEvent(tx, rt, ev, 'processed', refused ? `not enrolled: ${refused}` : null);
    return true;
  }

  // ...then new entries, highest campaign priority first (arbitration order).
  const flows = await rt.flows.forEventType(tx, ev.type);
  for (const flow of flows) {
    for (const trigger of flow.triggers) {
      if (trigger.eventType !== ev.type) continue;
      const matches =
        !trigger.condition ||
        evaluateCondition(trigger.condition, { customer: customer.tags, event: ev.attributes }, { catalog: rt.catalog, eventType: ev.type });
      if (!matches) continue;
      if (!(await mayEnter(tx, rt, flow, customer))) continue;
      await startJourney(tx, rt, scope, flow, customer, {
        eventId: ev.eventId,
        type: ev.type,
        occurredAt,
        attributes: ev.attributes,
      });
      break; // one entry per flow per event
    }
  }
  await markEvent(tx, rt, ev, 'processed', null);
  return true;
}


async function markEvent(tx: Tx, rt: Runtime, ev: EventRow, status: string, error: string | null) {
  await tx
    .update(events)
    .set({ status, error, processedAt: rt.clock.now() })
    .where(sql`${events.eventId} = ${ev.eventId}`);
}
