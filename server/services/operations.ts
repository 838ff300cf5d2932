// The operator's view of what the runtime could not do on its own (issue 4): events refused at
// intake (dead letters: a bad shape, an undeclared type, an attribute of the wrong type), events
// whose processing failed on every attempt (parked as failed), and contacts whose delivery failed
// for good (the outbox's dead rows). Each can be inspected and sent again: a dead letter replayed,
// corrected or as it was, or discarded; a failed event or delivery retried. Every action is audited.
import { and, asc, count, desc, eq, gt, ilike, isNotNull, isNull, lte, min, or, sql, type SQL } from 'drizzle-orm';
import type { PgSelect, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { containsPattern } from '../db/like';
import { campaigns, customers, deadLetters, events, outbox, timers } from '../db/schema';
import { loadContactPolicy, sendableAt } from '../runtime/contact-policy';
import { replayDeadLetter } from '../runtime/event-intake';
import type { Runtime } from '../runtime/runtime';
import { contactsQueued } from '../runtime/wakeups';
import { failureMessage } from '../runtime/event-failure';
import { requeueWhenSendable } from '../runtime/held-contacts';
import { appendAudit, inTransaction, type AuditActor } from './audit';
import { ServiceError } from './errors';
import { t, textIn } from '../../workflows';

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

/**
 * Whether the runtime is keeping up: what waits for it now and since when. Events received and not
 * yet processed; contacts due to be sent (and those held for later: quiet hours, a retry's back-off,
 * a scheduled send; and those held while their campaign is paused); waits whose time has come (and journeys waiting on a timer). After a crash or an
 * outage the operator watches these drain; normally each is near zero and seconds old. Each is one
 * indexed query over the pending rows (partial indexes), so it stays cheap while nothing is behind.
 */
export async function runtimeBacklog(rt: Runtime) {
  const now = rt.clock.now();
  const pendingOutbox = eq(outbox.status, 'pending');
  const pendingTimers = eq(timers.status, 'pending');
  const [[ev], [due], [later], [paused], [timersDue], [timersLater]] = await Promise.all([
    rt.db.select({ n: count(), oldest: min(events.receivedAt) }).from(events).where(eq(events.status, 'pending')),
    rt.db.select({ n: count(), oldest: min(outbox.nextAttemptAt) }).from(outbox).where(and(pendingOutbox, lte(outbox.nextAttemptAt, now))),
    rt.db.select({ n: count() }).from(outbox).where(and(pendingOutbox, gt(outbox.nextAttemptAt, now))),
    rt.db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'held')),
    rt.db.select({ n: count(), oldest: min(timers.dueAt) }).from(timers).where(and(pendingTimers, lte(timers.dueAt, now))),
    rt.db.select({ n: count() }).from(timers).where(and(pendingTimers, gt(timers.dueAt, now))),
  ]);
  return {
    at: now,
    events: { waiting: ev.n, oldest: ev.oldest },
    contacts: { due: due.n, oldestDue: due.oldest, later: later.n, paused: paused.n },
    timers: { due: timersDue.n, oldestDue: timersDue.oldest, later: timersLater.n },
  };
}

/**
 * Which refused events an operator means: of one event type (as the payload names it), from one
 * source (http, nats, replay), and/or whose eventId, customer or error contains the search text.
 * After an upstream feed sent thousands with the same fault, this is how the operator finds them
 * and, once the cause is fixed (the event type declared, the feed corrected), replays them at once.
 */
export const DeadLetterFilter = z.object({
  type: z.string().trim().min(1).max(100).optional(),
  source: z.string().trim().min(1).max(50).optional(),
  search: z.string().trim().min(1).max(200).optional(),
});
export type DeadLetterFilter = z.infer<typeof DeadLetterFilter>;

/** Which page of a list, and how long a page is (1-based). */
const Paging = z.object({ page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) });

/**
 * One page of a list (its query made `$dynamic()`, already ordered) and how many rows of `table`
 * match the same condition in all, read at once.
 */
async function pageOf<Q extends PgSelect>(rt: Runtime, rows: Q, table: PgTable, where: SQL | undefined, q: z.infer<typeof Paging>) {
  const [page, [{ n }]] = await Promise.all([rows.limit(q.pageSize).offset((q.page - 1) * q.pageSize), rt.db.select({ n: count() }).from(table).where(where)]);
  return { rows: page as Awaited<Q>, total: n };
}

export const DeadLetterQuery = DeadLetterFilter.extend({ closed: z.boolean().default(false) }).extend(Paging.shape);
export type DeadLetterQuery = z.input<typeof DeadLetterQuery>;

const closedLetter = or(isNotNull(deadLetters.replayedAt), isNotNull(deadLetters.discardedAt));
const letterType = sql<string | null>`${deadLetters.payload}->>'type'`;

function lettersWhere(closed: boolean, f: DeadLetterFilter): SQL | undefined {
  return and(
    closed ? closedLetter : openLetter,
    f.type ? eq(letterType, f.type) : undefined,
    f.source ? eq(deadLetters.source, f.source) : undefined,
    f.search
      ? or(ilike(deadLetters.eventId, containsPattern(f.search)), eq(sql`${deadLetters.payload}->>'customerId'`, f.search), ilike(deadLetters.error, containsPattern(f.search)))
      : undefined,
  );
}

/**
 * One page of refused events (newest first), open or closed, narrowed by the filter; `total` counts
 * them all. `message` is why it was refused in the reader's language (`error` stays the English one,
 * which the search matches).
 */
export async function listDeadLetters(rt: Runtime, query: DeadLetterQuery = {}, locale?: 'zh-CN' | 'en') {
  const q = DeadLetterQuery.parse(query);
  const where = lettersWhere(q.closed, q);
  const rows = rt.db.select().from(deadLetters).where(where).orderBy(desc(deadLetters.receivedAt), desc(deadLetters.id)).$dynamic();
  const page = await pageOf(rt, rows, deadLetters, where, q);
  return { ...page, rows: page.rows.map(({ errorDetail, ...r }) => ({ ...r, message: failureMessage(errorDetail, r.error, locale) })) };
}

/** The event types and sources among the open (or closed) refused events, most frequent first, for the filter's choices. */
export async function deadLetterFacets(rt: Runtime, closed = false) {
  const state = closed ? closedLetter : openLetter;
  const n = count();
  const [types, sources] = await Promise.all([
    rt.db.select({ value: letterType, count: n }).from(deadLetters).where(and(state, isNotNull(letterType))).groupBy(letterType).orderBy(desc(n)).limit(100),
    rt.db.select({ value: deadLetters.source, count: n }).from(deadLetters).where(state).groupBy(deadLetters.source).orderBy(desc(n)),
  ]);
  return { types: types as { value: string; count: number }[], sources };
}

/** Open letters one bulk replay call takes at most; the caller goes on from `lastId` while `remaining` > 0. */
export const BULK_REPLAY_BATCH = 200;

export interface BulkReplayOutcome {
  /** Letters this call replayed (each in its own transaction, oldest first). */
  replayed: number;
  /** Accepted into intake as new events. */
  accepted: number;
  /** Accepted, but intake had the eventId already (the upstream system's retry got through meanwhile). */
  duplicates: number;
  /** Refused again: still open, with the new error recorded on the letter. */
  refused: number;
  /** Replayed or discarded by someone else meanwhile. */
  skipped: number;
  /** The most frequent reasons the refused ones were refused (in the reader's language), with how many each. */
  errors: { error: string; count: number }[];
  /** The last letter this call reached: pass it as `afterId` to go on. */
  lastId: number | null;
  /** Open letters matching the filter after `lastId`, still to go. */
  remaining: number;
}

/**
 * Replays, as they were, the open refused events the filter matches, oldest first, each exactly as
 * a single replay would (locked, checked against the event types as they are now, recorded in one
 * transaction). One call takes at most `BULK_REPLAY_BATCH`; letters refused again stay open and,
 * because the next call starts after `lastId`, are not tried twice in one run. Audited once per call.
 */
export async function replayLetters(rt: Runtime, actor: AuditActor, filter: DeadLetterFilter, afterId = 0, locale?: 'zh-CN' | 'en'): Promise<BulkReplayOutcome> {
  const where = and(lettersWhere(false, filter), gt(deadLetters.id, afterId));
  const ids = (await rt.db.select({ id: deadLetters.id }).from(deadLetters).where(where).orderBy(asc(deadLetters.id)).limit(BULK_REPLAY_BATCH)).map((r) => r.id);
  const out: BulkReplayOutcome = { replayed: 0, accepted: 0, duplicates: 0, refused: 0, skipped: 0, errors: [], lastId: ids.at(-1) ?? null, remaining: 0 };
  const errors = new Map<string, number>();
  for (const id of ids) {
    const r = await replayDeadLetter(rt, id);
    if (r.letter) {
      out.skipped++;
      continue;
    }
    out.replayed++;
    if (r.ok) out[r.duplicate ? 'duplicates' : 'accepted']++;
    else {
      out.refused++;
      const reason = textIn(r.problem!, locale);
      errors.set(reason, (errors.get(reason) ?? 0) + 1);
    }
  }
  out.errors = [...errors].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([error, n]) => ({ error, count: n }));
  if (out.lastId !== null) [{ n: out.remaining }] = await rt.db.select({ n: count() }).from(deadLetters).where(and(lettersWhere(false, filter), gt(deadLetters.id, out.lastId)));
  if (ids.length > 0) {
    const { errors: _reasons, ...counts } = out;
    await appendAudit(rt.db, { actor, action: 'dead_letter.replay_bulk', entityType: 'dead_letter', entityId: 'bulk', detail: { filter, ...counts } });
  }
  return out;
}

/** Discards every open refused event the filter matches (one statement), audited once with the count. */
export async function discardLetters(rt: Runtime, actor: NonNullable<AuditActor> & { email: string }, filter: DeadLetterFilter) {
  return inTransaction(rt.db, async (tx) => {
    const rows = await tx
      .update(deadLetters)
      .set({ discardedAt: rt.clock.now(), discardedBy: actor.email })
      .where(lettersWhere(false, filter))
      .returning({ id: deadLetters.id });
    if (rows.length > 0) await appendAudit(tx, { actor, action: 'dead_letter.discard_bulk', entityType: 'dead_letter', entityId: 'bulk', detail: { filter, discarded: rows.length } });
    return { discarded: rows.length };
  });
}

/**
 * Replays a dead letter (corrected, or as it was); the outcome says what intake made of it. The
 * replay and its audit entry commit together: no replay goes unrecorded if the process dies.
 */
export async function replayLetter(rt: Runtime, actor: AuditActor, id: number, corrected?: unknown, locale?: 'zh-CN' | 'en') {
  return inTransaction(rt.db, async (tx) => {
    const { problem, ...result } = await replayDeadLetter({ db: tx, clock: rt.clock, catalog: rt.catalog }, id, corrected);
    if (result.letter) throw new ServiceError(result.letter === 'missing' ? 'NOT_FOUND' : 'CONFLICT', problem!);
    await appendAudit(tx, {
      actor,
      action: 'dead_letter.replay',
      entityType: 'dead_letter',
      entityId: String(id),
      detail: { corrected: corrected !== undefined, accepted: result.ok, duplicate: result.duplicate ?? false, error: result.error ?? null },
    });
    // `error` in the reader's language; the audit entry keeps the English.
    return problem ? { ...result, error: textIn(problem, locale) } : result;
  });
}

/** Closes a refused event without replaying it (junk, a test, superseded by a later event). */
export async function discardLetter(rt: Runtime, actor: NonNullable<AuditActor> & { email: string }, id: number) {
  await inTransaction(rt.db, async (tx) => {
    const [letter] = await tx.select().from(deadLetters).where(eq(deadLetters.id, id)).for('update');
    if (!letter) throw new ServiceError('NOT_FOUND', t(`dead letter ${id} not found`, `找不到拒收事件 ${id}`));
    if (letter.replayedAt || letter.discardedAt) throw new ServiceError('CONFLICT', letter.replayedAt ? t(`dead letter ${id} was already replayed`, `拒收事件 ${id} 已被重放`) : t(`dead letter ${id} was already discarded`, `拒收事件 ${id} 已被丢弃`));
    await tx.update(deadLetters).set({ discardedAt: rt.clock.now(), discardedBy: actor.email }).where(eq(deadLetters.id, id));
    await appendAudit(tx, { actor, action: 'dead_letter.discard', entityType: 'dead_letter', entityId: String(id), detail: { eventId: letter.eventId, error: letter.error } });
  });
}

/** Which failed events an operator means: of one type, and/or whose eventId or error contains the search text, or of that customer. */
export const FailedEventFilter = z.object({
  type: z.string().trim().min(1).max(100).optional(),
  search: z.string().trim().min(1).max(200).optional(),
});
export type FailedEventFilter = z.infer<typeof FailedEventFilter>;
export const FailedEventQuery = FailedEventFilter.extend(Paging.shape);
export type FailedEventQuery = z.input<typeof FailedEventQuery>;

function failedEventsWhere(f: FailedEventFilter): SQL | undefined {
  return and(
    eq(events.status, 'failed'),
    f.type ? eq(events.type, f.type) : undefined,
    f.search ? or(ilike(events.eventId, containsPattern(f.search)), eq(events.customerId, f.search), ilike(events.error, containsPattern(f.search))) : undefined,
  );
}

/**
 * Events parked as failed (their processing failed on every attempt; the last error kept): a page,
 * newest first, with the total. `message` is the last error in the reader's language (`error` stays
 * the English one, which the search matches).
 */
export async function listFailedEvents(rt: Runtime, query: FailedEventQuery = {}, locale?: 'zh-CN' | 'en') {
  const q = FailedEventQuery.parse(query);
  const where = failedEventsWhere(q);
  const rows = rt.db
    .select({
      eventId: events.eventId,
      customerId: events.customerId,
      type: events.type,
      occurredAt: events.occurredAt,
      receivedAt: events.receivedAt,
      attempts: events.attempts,
      error: events.error,
      errorDetail: events.errorDetail,
      attributes: events.attributes,
    })
    .from(events)
    .where(where)
    .orderBy(desc(events.receivedAt), desc(events.seq))
    .$dynamic();
  const page = await pageOf(rt, rows, events, where, q);
  return { ...page, rows: page.rows.map(({ errorDetail, ...r }) => ({ ...r, message: failureMessage(errorDetail, r.error, locale) })) };
}

/** The event types among the failed events, most frequent first. */
export async function failedEventFacets(rt: Runtime) {
  const n = count();
  const types = await rt.db.select({ value: events.type, count: n }).from(events).where(eq(events.status, 'failed')).groupBy(events.type).orderBy(desc(n)).limit(100);
  return { types };
}

/** Puts every failed event the filter matches back in the queue with fresh attempts (one statement), audited once. */
export async function retryEvents(rt: Runtime, actor: AuditActor, filter: FailedEventFilter) {
  return inTransaction(rt.db, async (tx) => {
    const rows = await tx
      .update(events)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: rt.clock.now(), processedAt: null })
      .where(failedEventsWhere(filter))
      .returning({ eventId: events.eventId });
    if (rows.length > 0) await appendAudit(tx, { actor, action: 'event.retry_bulk', entityType: 'event', entityId: 'bulk', detail: { filter, retried: rows.length } });
    return { retried: rows.length };
  });
}

/** Puts a failed event back in the queue with fresh attempts (after the cause was fixed). */
export async function retryEvent(rt: Runtime, actor: AuditActor, eventId: string) {
  await inTransaction(rt.db, async (tx) => {
    const [row] = await tx
      .update(events)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: rt.clock.now(), processedAt: null })
      .where(and(eq(events.eventId, eventId), eq(events.status, 'failed')))
      .returning({ eventId: events.eventId, error: events.error });
    if (!row) throw new ServiceError('NOT_FOUND', t(`event ${eventId} is not a failed event`, `事件 ${eventId} 不是处理失败的事件`));
    await appendAudit(tx, { actor, action: 'event.retry', entityType: 'event', entityId: eventId, detail: { lastError: row.error } });
  });
}

/** Which failed deliveries an operator means: of one channel, of one campaign, and/or of that customer or whose last error contains the search text. */
export const FailedDeliveryFilter = z.object({
  channel: z.string().trim().min(1).max(50).optional(),
  campaignId: z.uuid().optional(),
  search: z.string().trim().min(1).max(200).optional(),
});
export type FailedDeliveryFilter = z.infer<typeof FailedDeliveryFilter>;
export const FailedDeliveryQuery = FailedDeliveryFilter.extend(Paging.shape);
export type FailedDeliveryQuery = z.input<typeof FailedDeliveryQuery>;

function failedDeliveriesWhere(f: FailedDeliveryFilter): SQL | undefined {
  return and(
    eq(outbox.status, 'dead'),
    f.channel ? eq(outbox.channel, f.channel) : undefined,
    f.campaignId ? eq(outbox.campaignId, f.campaignId) : undefined,
    f.search ? or(eq(outbox.customerId, f.search), ilike(outbox.lastError, containsPattern(f.search))) : undefined,
  );
}

/** Contacts whose delivery failed for good, with their campaign: a page, newest first, with the total. */
export async function listFailedDeliveries(rt: Runtime, query: FailedDeliveryQuery = {}) {
  const q = FailedDeliveryQuery.parse(query);
  const where = failedDeliveriesWhere(q);
  const rows = rt.db
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
    .where(where)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .$dynamic();
  return pageOf(rt, rows, outbox, where, q);
}

/** The channels and campaigns among the failed deliveries, most frequent first. */
export async function failedDeliveryFacets(rt: Runtime) {
  const n = count();
  const dead = eq(outbox.status, 'dead');
  const [channels, byCampaign] = await Promise.all([
    rt.db.select({ value: outbox.channel, count: n }).from(outbox).where(dead).groupBy(outbox.channel).orderBy(desc(n)),
    rt.db
      .select({ value: outbox.campaignId, name: campaigns.name, count: n })
      .from(outbox)
      .leftJoin(campaigns, eq(campaigns.id, outbox.campaignId))
      .where(dead)
      .groupBy(outbox.campaignId, campaigns.name)
      .orderBy(desc(n))
      .limit(100),
  ]);
  return { channels, campaigns: byCampaign };
}

/** Failed deliveries one bulk retry takes at most (a partner's day-long outage is retried in a few calls). */
export const BULK_RETRY_DELIVERIES = 5_000;

/**
 * Sends again every failed delivery the filter matches, as `retryDelivery` does one: fresh attempts,
 * the same effect key, held until the customer's quiet hours end (`held` counts those), opt-outs
 * re-checked at send. At most `BULK_RETRY_DELIVERIES` per call, oldest first; `remaining` says how
 * many are left. Audited once per call.
 */
export async function retryDeliveries(rt: Runtime, actor: AuditActor, filter: FailedDeliveryFilter) {
  const outcome = await inTransaction(rt.db, async (tx) => {
    const dead = await tx
      .select({ id: outbox.id, channel: outbox.channel, tags: customers.tags })
      .from(outbox)
      .leftJoin(customers, eq(customers.id, outbox.customerId))
      .where(failedDeliveriesWhere(filter))
      .orderBy(asc(outbox.id))
      .limit(BULK_RETRY_DELIVERIES)
      .for('update', { of: outbox, skipLocked: true });
    // Most go now; those inside their quiet hours wait for the hour their window opens.
    const held = await requeueWhenSendable(tx, dead, rt.clock.now(), { attempts: 0 });
    const [{ n: remaining }] = await tx.select({ n: count() }).from(outbox).where(failedDeliveriesWhere(filter));
    const result = { retried: dead.length, held, remaining };
    if (dead.length > 0) await appendAudit(tx, { actor, action: 'delivery.retry_bulk', entityType: 'outbox', entityId: 'bulk', detail: { filter, ...result } });
    return result;
  });
  if (outcome.retried > 0) contactsQueued(rt);
  return outcome;
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
    if (!dead) throw new ServiceError('NOT_FOUND', t(`delivery ${id} is not a failed delivery`, `触达 ${id} 不是发送失败的触达`));
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
