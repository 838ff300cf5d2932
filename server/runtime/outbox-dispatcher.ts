// Delivers outbox effects through channel adapters.
//
// 1. Claim: one statement leases due rows to this worker (FOR UPDATE SKIP LOCKED, so workers
//    never take the same row; a lease left by a dead worker expires and is re-claimed).
// 2. Deliver: a batch of claimed rows in one transaction that holds their customers' rows
//    (FOR SHARE, so an opt-out committing meanwhile waits for us and nothing is sent after it
//    commits), re-checks the leases (fencing: a worker whose lease was taken over has its late
//    result refused), re-checks opt-outs, hands the effects to the adapters (several at once,
//    their database work queued one query at a time on the transaction, which is one connection)
//    and records the outcomes with one statement each for the outbox and the steps.
// Adapters are idempotent on the effect key: a crash between delivery and commit re-delivers
// the same key, which the receiver deduplicates. Transient failures retry with exponential
// backoff; permanent ones and the last attempt go to `dead`, where operators see them.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { contactBlocks, customers, outbox, steps } from '../db/schema';
import type { Tx } from '../db/client';
import { bulkInsert } from '../db/bulk-insert';
import { deliveryBatch } from '../channels/delivery-batch';
import type { DeliveryResult, OutgoingContact } from '../channels/types';
import type { Runtime } from './runtime';
import { stepForEffect } from './outbox-steps';
import { failpoint } from './failpoints';

export const MAX_ATTEMPTS = 8;
/** Deliveries in flight at once in one batch (they wait on the network, not on the database). */
export const DELIVERY_CONCURRENCY = 16;
/** Rows delivered (and their customers held) by one transaction. */
const DELIVERY_BATCH = 50;

export const workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export function backoffMs(attempt: number): number {
  return Math.min(30 * 60_000, 1_000 * 2 ** attempt);
}

type OutboxRow = typeof outbox.$inferSelect;

export async function claimOutbox(rt: Runtime, limit: number, owner = workerId): Promise<OutboxRow[]> {
  const now = rt.clock.now();
  const due = rt.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      or(
        and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)),
        and(eq(outbox.status, 'sending'), lt(outbox.leaseUntil, now)),
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  return rt.db
    .update(outbox)
    .set({ status: 'sending', leaseOwner: owner, leaseUntil: new Date(now.getTime() + rt.leaseMs) })
    .where(inArray(outbox.id, due))
    .returning();
}

export async function dispatchOutbox(rt: Runtime, limit = 200, owner = workerId): Promise<number> {
  const claimed = await claimOutbox(rt, limit, owner);
  let delivered = 0;
  for (let i = 0; i < claimed.length; i += DELIVERY_BATCH) delivered += await deliver(rt, claimed.slice(i, i + DELIVERY_BATCH), owner);
  return delivered;
}

interface Outcome {
  row: OutboxRow;
  status: 'sent' | 'suppressed' | 'pending' | 'dead';
  attempts?: number;
  sentAt?: Date;
  providerRef?: string | null;
  lastError?: string;
  suppressionReason?: string;
  nextAttemptAt?: Date;
  step: string | null;
}

async function deliver(rt: Runtime, claimed: OutboxRow[], owner: string): Promise<number> {
  return rt.db.transaction(async (tx) => {
    const customerIds = [...new Set(claimed.map((r) => r.customerId))].sort();
    await tx.select({ id: customers.id }).from(customers).where(inArray(customers.id, customerIds)).orderBy(asc(customers.id)).for('share');
    // Fencing: only rows still leased to us; another worker took over the others.
    const mine = await tx
      .select()
      .from(outbox)
      .where(and(inArray(outbox.id, claimed.map((r) => r.id)), eq(outbox.status, 'sending'), eq(outbox.leaseOwner, owner)))
      .orderBy(asc(outbox.id))
      .for('update');
    if (mine.length === 0) return 0;
    const blocks = await tx
      .select({ customerId: contactBlocks.customerId, channel: contactBlocks.channel, reason: contactBlocks.reason })
      .from(contactBlocks)
      .where(inArray(contactBlocks.customerId, [...new Set(mine.map((r) => r.customerId))]));
    const blockOf = (row: OutboxRow) => blocks.find((b) => b.customerId === row.customerId && (b.channel === '*' || b.channel === row.channel));
    const contactOf = (row: OutboxRow): OutgoingContact => ({ outboxId: row.id, effectKey: row.effectKey, customerId: row.customerId, channel: row.channel, payload: row.payload });
    // The sends run concurrently; their database work queues on this transaction, one query at a
    // time, and what the whole batch needs (partner endpoints) is loaded once (channels/types.ts).
    const batch = deliveryBatch(tx, mine.filter((row) => !blockOf(row)).map(contactOf));
    const outcomes: Outcome[] = [];
    let next = 0;
    const one = async (row: OutboxRow) => {
      const blocked = blockOf(row);
      if (blocked) {
        const reason = blocked.reason === 'dnd' ? 'dnd' : 'opt_out';
        outcomes.push({ row, status: 'suppressed', suppressionReason: reason, lastError: `${blocked.reason} before sending`, step: 'suppressed' });
        return;
      }
      const adapter = rt.channels.get(row.channel);
      failpoint('dispatch.before-send');
      const result: DeliveryResult = adapter
        ? await adapter
            .send({ ...contactOf(row), at: rt.clock.now() }, batch)
            .catch((err: unknown) => ({ ok: false as const, permanent: false, error: err instanceof Error ? err.message : String(err) }))
        : { ok: false as const, permanent: true, error: `no channel adapter for ${row.channel}` };
      if (result.ok) failpoint('dispatch.after-send');
      const done = rt.clock.now();
      const attempts = row.attempts + 1;
      if (result.ok) {
        outcomes.push({ row, status: 'sent', sentAt: done, attempts, providerRef: result.providerRef ?? null, step: 'sent' });
        return;
      }
      const dead = result.permanent || attempts >= MAX_ATTEMPTS;
      outcomes.push({
        row,
        status: dead ? 'dead' : 'pending',
        attempts,
        lastError: result.error.slice(0, 2000),
        nextAttemptAt: new Date(done.getTime() + backoffMs(attempts)),
        step: dead ? 'failed' : null,
      });
    };
    await Promise.all(
      Array.from({ length: Math.min(DELIVERY_CONCURRENCY, mine.length) }, async () => {
        while (next < mine.length) await one(mine[next++]);
      }),
    );
    await record(tx, rt, outcomes);
    return outcomes.filter((o) => o.status === 'sent').length;
  });
}

/** The outcomes of a batch: one UPDATE for the outbox rows (leases released), one INSERT for the steps. */
async function record(tx: Tx, rt: Runtime, outcomes: Outcome[]) {
  if (outcomes.length === 0) return;
  const rows = outcomes.map(
    (o) =>
      sql`(${o.row.id}::bigint, ${o.status}::text, ${o.attempts ?? null}::int, ${o.sentAt?.toISOString() ?? null}::timestamptz, ${o.providerRef ?? null}::text, ${o.lastError ?? null}::text, ${o.suppressionReason ?? null}::text, ${o.nextAttemptAt?.toISOString() ?? null}::timestamptz)`,
  );
  await tx.execute(sql`
    update ${outbox} o set
      status = v.status,
      attempts = coalesce(v.attempts, o.attempts),
      sent_at = coalesce(v.sent_at, o.sent_at),
      provider_ref = case when v.status = 'sent' then v.provider_ref else o.provider_ref end,
      last_error = coalesce(v.last_error, o.last_error),
      suppression_reason = coalesce(v.suppression_reason, o.suppression_reason),
      next_attempt_at = coalesce(v.next_attempt_at, o.next_attempt_at),
      lease_owner = null,
      lease_until = null
    from (values ${sql.join(rows, sql`, `)}) as v(id, status, attempts, sent_at, provider_ref, last_error, suppression_reason, next_attempt_at)
    where o.id = v.id`);
  const now = rt.clock.now();
  const stepRows = outcomes
    .filter((o) => o.step)
    .map((o) =>
      stepForEffect(o.row, o.step!, { channel: o.row.channel, providerRef: o.providerRef ?? null, error: o.lastError ?? null, reason: o.suppressionReason ?? null }, now),
    );
  await bulkInsert(tx, steps, stepRows);
}

/** Counts per status, for operators (and tests). */
export async function outboxCounts(rt: Runtime) {
  return rt.db.select({ status: outbox.status, n: sql<number>`count(*)`.mapWith(Number) }).from(outbox).groupBy(outbox.status);
}
