// Delivers outbox effects through channel adapters.
//
// 1. Claim: a short transaction leases due rows to this worker (FOR UPDATE SKIP LOCKED, so
//    workers never take the same row; a lease left by a dead worker expires and is re-claimed).
// 2. Deliver: per row, a transaction that holds the customer's row (FOR SHARE, so an opt-out
//    committing meanwhile waits for us and nothing is sent after it commits), re-checks the lease
//    (fencing: a worker whose lease was taken over has its late result refused), re-checks
//    opt-outs, hands the effect to the adapter and records the outcome.
// Adapters are idempotent on the effect key: a crash between delivery and commit re-delivers
// the same key, which the receiver deduplicates. Transient failures retry with exponential
// backoff; permanent ones and the last attempt go to `dead`, where operators see them.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { contactBlocks, customers, outbox, steps } from '../db/schema';
import type { Tx } from '../db/client';
import type { DeliveryResult } from '../channels/types';
import type { Runtime } from './runtime';
import { stepForEffect } from './outbox-steps';
import { failpoint } from './failpoints';

export const MAX_ATTEMPTS = 8;
export const DELIVERY_CONCURRENCY = 6;

export const workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export function backoffMs(attempt: number): number {
  return Math.min(30 * 60_000, 1_000 * 2 ** attempt);
}

type OutboxRow = typeof outbox.$inferSelect;

export async function claimOutbox(rt: Runtime, limit: number, owner = workerId): Promise<OutboxRow[]> {
  const now = rt.clock.now();
  return rt.db.transaction(async (tx) => {
    const due = await tx
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
    if (due.length === 0) return [];
    return tx
      .update(outbox)
      .set({ status: 'sending', leaseOwner: owner, leaseUntil: new Date(now.getTime() + rt.leaseMs) })
      .where(inArray(outbox.id, due.map((d) => d.id)))
      .returning();
  });
}

export async function dispatchOutbox(rt: Runtime, limit = 200, owner = workerId): Promise<number> {
  const claimed = await claimOutbox(rt, limit, owner);
  // Deliveries wait on the network, so several run at once on PostgreSQL (each holds its own
  // connection); PGlite has one connection, so there they go one by one.
  const parallel = rt.dbKind === 'postgres' ? DELIVERY_CONCURRENCY : 1;
  let delivered = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, claimed.length) }, async () => {
      while (next < claimed.length) {
        const row = claimed[next++];
        if (await deliver(rt, row, owner)) delivered++;
      }
    }),
  );
  return delivered;
}

async function deliver(rt: Runtime, row: OutboxRow, owner: string): Promise<boolean> {
  return rt.db.transaction(async (tx) => {
    await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, row.customerId)).for('share');
    const [mine] = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending'), eq(outbox.leaseOwner, owner)))
      .for('update');
    if (!mine) return false; // fenced: our lease expired and another worker owns it now
    const [blocked] = await tx
      .select({ reason: contactBlocks.reason })
      .from(contactBlocks)
      .where(and(eq(contactBlocks.customerId, row.customerId), inArray(contactBlocks.channel, ['*', row.channel])));
    if (blocked) {
      await finish(tx, rt, row, { status: 'suppressed', suppressionReason: blocked.reason === 'dnd' ? 'dnd' : 'opt_out', lastError: `${blocked.reason} before sending` }, 'suppressed');
      return false;
    }
    const adapter = rt.channels.get(row.channel);
    failpoint('dispatch.before-send');
    const result: DeliveryResult = adapter
      ? await adapter
          .send({ outboxId: row.id, effectKey: row.effectKey, customerId: row.customerId, channel: row.channel, payload: row.payload, at: rt.clock.now() }, tx)
          .catch((err: unknown) => ({ ok: false as const, permanent: false, error: err instanceof Error ? err.message : String(err) }))
      : { ok: false as const, permanent: true, error: `no channel adapter for ${row.channel}` };
    if (result.ok) failpoint('dispatch.after-send');
    const at = rt.clock.now();
    if (result.ok) {
      await finish(tx, rt, row, { status: 'sent', sentAt: at, attempts: row.attempts + 1, providerRef: result.providerRef ?? null }, 'sent');
      return true;
    }
    const attempts = row.attempts + 1;
    const dead = result.permanent || attempts >= MAX_ATTEMPTS;
    await finish(
      tx,
      rt,
      row,
      {
        status: dead ? 'dead' : 'pending',
        attempts,
        lastError: result.error.slice(0, 2000),
        nextAttemptAt: new Date(at.getTime() + backoffMs(attempts)),
      },
      dead ? 'failed' : null,
    );
    return false;
  });
}

async function finish(
  tx: Tx,
  rt: Runtime,
  row: OutboxRow,
  set: Partial<typeof outbox.$inferInsert>,
  stepOutcome: string | null,
) {
  await tx
    .update(outbox)
    .set({ ...set, leaseOwner: null, leaseUntil: null })
    .where(eq(outbox.id, row.id));
  if (!stepOutcome) return;
  const detail = { channel: row.channel, providerRef: set.providerRef ?? null, error: set.lastError ?? null, reason: set.suppressionReason ?? null };
  await tx.insert(steps).values(stepForEffect(row, stepOutcome, detail, rt.clock.now()));
}

/** Counts per status, for operators (and tests). */
export async function outboxCounts(rt: Runtime) {
  return rt.db.select({ status: outbox.status, n: sql<number>`count(*)`.mapWith(Number) }).from(outbox).groupBy(outbox.status);
}
