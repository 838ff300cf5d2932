// The operator's view of what the runtime could not do on its own (issue 4): events refused at
// intake (dead letters: a bad shape, an undeclared type, an attribute of the wrong type), events
// whose processing failed on every attempt (parked as failed), and contacts whose delivery failed
// for good (the outbox's dead rows). Each can be inspected and sent again: a dead letter replayed,
// corrected or as it was, or discarded; a failed event or delivery retried. Every action is audited.
import { and, count, desc, eq, isNotNull, isNull, or } from 'drizzle-orm';
import { campaigns, customers, deadLetters, events, outbox } from '../db/schema';
import { loadContactPolicy, sendableAt } from '../runtime/contact-policy';
import { replayDeadLetter } from '../runtime/event-intake';
import type { Runtime } from '../runtime/runtime';
import { contactsQueued } from '../runtime/wakeups';
import { appendAudit, inTransaction, type AuditActor } from './audit';
import { ServiceError } from './errors';

/** Rows one list returns at most (newest first); the counts say how many there are in all. */
export const OPERATIONS_PAGE = 200;

/** A refused event nobody has replayed or discarded yet. */
const openLetter = and(isNull(deadLetters.replayedAt), isNull(deadLetters.discardedAt));

export async function operationsSummary(rt: Runtime) {
  const [[letters], [failed], [dead]] = await Promise.all([
    rt.db.select({ n: count() }).from(deadLetters).where(openLetter),
    rt.db.select({ n: count() }).from(events).where(eq(events.status, 'failed')),
    rt.db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'dead')),
  ]);
  return { deadLetters: letters.n, failedEvents: failed.n, failedDeliveries: dead.n };
}

/** Refused events: the open ones, or the closed ones (replayed or discarded). */
export async function listDeadLetters(rt: Runtime, closed = false) {
  return rt.db
    .select()
    .from(deadLetters)
    .where(closed ? or(isNotNull(deadLetters.replayedAt), isNotNull(deadLetters.discardedAt)) : openLetter)
    .orderBy(desc(deadLetters.receivedAt), desc(deadLetters.id))
    .limit(OPERATIONS_PAGE);
}

/** Replays a dead letter (corrected, or as it was); the outcome says what intake made of it. */
export async function replayLetter(rt: Runtime, actor: AuditActor, id: number, corrected?: unknown) {
  const result = await replayDeadLetter(rt, id, corrected);
  if (result.letter) throw new ServiceError(result.letter === 'missing' ? 'NOT_FOUND' : 'CONFLICT', result.error!);
  await appendAudit(rt.db, {
    actor,
    action: 'dead_letter.replay',
    entityType: 'dead_letter',
    entityId: String(id),
    detail: { corrected: corrected !== undefined, accepted: result.ok, duplicate: result.duplicate ?? false, error: result.error ?? null },
  });
  return result;
}

/** Closes a refused event without replaying it (junk, a test, superseded by a later event). */
export async function discardLetter(rt: Runtime, actor: NonNullable<AuditActor> & { email: string }, id: number) {
  await inTransaction(rt.db, async (tx) => {
    const [letter] = await tx.select().from(deadLetters).where(eq(deadLetters.id, id)).for('update');
    if (!letter) throw new ServiceError('NOT_FOUND', `dead letter ${id} not found`);
    if (letter.replayedAt || letter.discardedAt) throw new ServiceError('CONFLICT', `dead letter ${id} was already ${letter.replayedAt ? 'replayed' : 'discarded'}`);
    await tx.update(deadLetters).set({ discardedAt: rt.clock.now(), discardedBy: actor.email }).where(eq(deadLetters.id, id));
    await appendAudit(tx, { actor, action: 'dead_letter.discard', entityType: 'dead_letter', entityId: String(id), detail: { eventId: letter.eventId, error: letter.error } });
  });
}

/** Events parked as failed: their processing failed on every attempt (the last error kept). */
export async function listFailedEvents(rt: Runtime) {
  return rt.db
    .select({
      eventId: events.eventId,
      customerId: events.customerId,
      type: events.type,
      occurredAt: events.occurredAt,
      receivedAt: events.receivedAt,
      attempts: events.attempts,
      error: events.error,
      attributes: events.attributes,
    })
    .from(events)
    .where(eq(events.status, 'failed'))
    .orderBy(desc(events.receivedAt))
    .limit(OPERATIONS_PAGE);
}

/** Puts a failed event back in the queue with fresh attempts (after the cause was fixed). */
export async function retryEvent(rt: Runtime, actor: AuditActor, eventId: string) {
  await inTransaction(rt.db, async (tx) => {
    const [row] = await tx
      .update(events)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: rt.clock.now(), processedAt: null })
      .where(and(eq(events.eventId, eventId), eq(events.status, 'failed')))
      .returning({ eventId: events.eventId, error: events.error });
    if (!row) throw new ServiceError('NOT_FOUND', `event ${eventId} is not a failed event`);
    await appendAudit(tx, { actor, action: 'event.retry', entityType: 'event', entityId: eventId, detail: { lastError: row.error } });
  });
}

/** Contacts whose delivery failed for good, with their campaign. */
export async function listFailedDeliveries(rt: Runtime) {
  return rt.db
    .select({
      id: outbox.id,
      customerId: outbox.customerId,
      campaignId: outbox.campaignId,
      campaignName: campaigns.name,
      nodeId: outbox.nodeId,
      channel: outbox.channel,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .leftJoin(campaigns, eq(campaigns.id, outbox.campaignId))
    .where(eq(outbox.status, 'dead'))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(OPERATIONS_PAGE);
}

/**
 * Sends a failed contact again, with fresh attempts and the same effect key (a partner that did
 * receive it deduplicates). Inside the customer's quiet hours it waits for them to end, as any
 * contact does; the dispatcher re-checks opt-outs and do-not-disturb before sending.
 */
export async function retryDelivery(rt: Runtime, actor: AuditActor, id: number) {
  await inTransaction(rt.db, async (tx) => {
    const [dead] = await tx
      .select({ channel: outbox.channel, tags: customers.tags })
      .from(outbox)
      .leftJoin(customers, eq(customers.id, outbox.customerId))
      .where(and(eq(outbox.id, id), eq(outbox.status, 'dead')))
      .for('update', { of: outbox });
    if (!dead) throw new ServiceError('NOT_FOUND', `delivery ${id} is not a failed delivery`);
    const at = sendableAt(await loadContactPolicy(tx), dead.channel, dead.tags ?? {}, rt.clock.now());
    const [row] = await tx
      .update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: at })
      .where(eq(outbox.id, id))
      .returning({ id: outbox.id, customerId: outbox.customerId, channel: outbox.channel, lastError: outbox.lastError });
    await appendAudit(tx, {
      actor,
      action: 'delivery.retry',
      entityType: 'outbox',
      entityId: String(id),
      detail: { customerId: row.customerId, channel: row.channel, lastError: row.lastError, sendAt: at.toISOString() },
    });
  });
  contactsQueued(rt);
}
