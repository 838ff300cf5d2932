// Delivers outbox effects through channel adapters, a batch per transaction:
//
// 1. Claim: one statement takes due rows FOR UPDATE SKIP LOCKED (workers never take the same
//    row) with their customers FOR SHARE (an opt-out committing meanwhile waits for us, so
//    nothing is sent after it commits). The transaction is the lease: a worker that dies or
//    stalls past it has its session ended by the server and its late commit refused (fencing).
// 2. Deliver: re-checks opt-outs (read after the locks), hands the effects to the adapters
//    (several at once, their database work queued one query at a time on the transaction, which
//    is one connection) and records the outcomes and their steps with one statement.
// Adapters are idempotent on the effect key: a crash between delivery and commit re-delivers
// the same key, which the receiver deduplicates. Transient failures retry with exponential
// backoff; permanent ones and the last attempt go to `dead`, where operators see them.
import { inArray, sql } from 'drizzle-orm';
import { contactBlocks, contactLedger, customers, outbox, steps } from '../db/schema';
import { inJsonList } from '../db/in-list';
import type { Tx } from '../db/client';
import { bulkWrite, rowFromJson } from '../db/bulk-insert';
import { claimInIndexOrder } from '../db/queue-claim';
import { deliveryBatch } from '../channels/delivery-batch';
import type { DeliveryResult, OutgoingContact } from '../channels/types';
import type { Runtime } from './runtime';
import { stepForEffect } from './outbox-steps';
import { failpoint } from './failpoints';
import { contactsQueued } from './wakeups';

export const MAX_ATTEMPTS = 8;
/** Deliveries in flight at once in one batch (they wait on the network, not on the database). */
export const DELIVERY_CONCURRENCY = 16;
/** Rows delivered (and their customers held) by one transaction. */
const DELIVERY_BATCH = 50;
/** Rows one dispatchOutbox call handles at most (in batches of DELIVERY_BATCH). */
export const OUTBOX_PASS = 200;


export function backoffMs(attempt: number): number {
  return Math.min(30 * 60_000, 1_000 * 2 ** attempt);
}

type OutboxRow = typeof outbox.$inferSelect;

/**
 * Delivers due outbox rows, DELIVERY_BATCH per transaction, until `limit` rows were handled or
 * none are due. Returns how many rows were handled (sent, suppressed, retried or dead).
 */
export async function dispatchOutbox(rt: Runtime, limit = OUTBOX_PASS): Promise<number> {
  let handled = 0;
  while (handled < limit) {
    const want = Math.min(DELIVERY_BATCH, limit - handled);
    const n = await deliverDue(rt, want);
    handled += n;
    if (n < want) break;
  }
  return handled;
}

interface Outcome {
  row: OutboxRow;
  status: 'sent' | 'suppressed' | 'pending' | 'dead' | 'held';
  attempts?: number;
  sentAt?: Date;
  providerRef?: string | null;
  lastError?: string;
  suppressionReason?: string;
  nextAttemptAt?: Date;
  step: string | null;
}

/** The claim: due rows in index order, FOR UPDATE SKIP LOCKED, their customers FOR SHARE. */
export function claimStatement(now: string, limit: number) {
  return sql`
      select to_json(o) as row from ${outbox} o join ${customers} c on c.id = o.customer_id
       where o.status = 'pending' and o.next_attempt_at <= ${now}::timestamptz
       order by o.next_attempt_at, o.id
       limit ${limit}
       for update of o skip locked
       for share of c`;
}

async function deliverDue(rt: Runtime, limit: number): Promise<number> {
  return rt.db.transaction(async (tx) => {
    // Claim: due rows FOR UPDATE SKIP LOCKED (workers never share one), with their customers
    // FOR SHARE (an opt-out committing meanwhile waits for us, so nothing is sent after it
    // commits). The transaction is the lease: a worker that dies or stalls past the lease has
    // its session ended by the server (idle_in_transaction_session_timeout), its locks released
    // and its late commit refused; the rows are claimed again and the adapters' effect keys make
    // the re-delivery idempotent. (Rows an older release left 'sending' are made pending again by
    // releaseExpiredLeases once their lease passed; an OR here made this a scan of the outbox.)
    const now = rt.clock.now().toISOString();
    const claimed = (await claimInIndexOrder(tx, () => tx.execute(claimStatement(now, limit)))) as unknown as { rows: { row: Record<string, unknown> }[] };
    const mine = claimed.rows.map((r) => rowFromJson(outbox, r.row));
    if (mine.length === 0) return 0;
    // A full batch: more may be due. Another loop takes them meanwhile (deliveries wait on the
    // network, so loops overlap), rather than this one after its sends.
    if (mine.length === limit) contactsQueued(rt);
    // Read after the locks are held (a new snapshot): an opt-out committed before them is seen.
    const blocks = await tx
      .select({ customerId: contactBlocks.customerId, channel: contactBlocks.channel, reason: contactBlocks.reason })
      .from(contactBlocks)
      .where(inArray(contactBlocks.customerId, [...new Set(mine.map((r) => r.customerId))]));
    const blockOf = (row: OutboxRow) => blocks.find((b) => b.customerId === row.customerId && (b.channel === '*' || b.channel === row.channel));
    // A paused campaign's contacts wait (held, released when it is live again); an ended one's
    // are not made (held-contacts.ts). From memory: the pause is heard within milliseconds.
    const stopped = await rt.flows.stoppedCampaigns(tx);
    const contactOf = (row: OutboxRow): OutgoingContact => ({ outboxId: row.id, effectKey: row.effectKey, customerId: row.customerId, channel: row.channel, payload: row.payload });
    // The sends run concurrently; their database work queues on this transaction, one query at a
    // time, and what the whole batch needs (partner endpoints) is loaded once (channels/types.ts).
    const batch = deliveryBatch(tx, mine.filter((row) => !blockOf(row) && !stopped.has(row.campaignId)).map(contactOf));
    const outcomes: Outcome[] = [];
    let next = 0;
    const one = async (row: OutboxRow) => {
      const campaign = stopped.get(row.campaignId);
      if (campaign === 'paused') {
        outcomes.push({ row, status: 'held', step: null });
        return;
      }
      if (campaign === 'ended') {
        outcomes.push({ row, status: 'suppressed', suppressionReason: 'campaign_ended', lastError: 'campaign ended before sending', step: 'suppressed' });
        return;
      }
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
    return outcomes.length;
  });
}

/** The outcomes of a batch: one UPDATE for the outbox rows (leases released), one INSERT for the steps. */
async function record(tx: Tx, rt: Runtime, outcomes: Outcome[]) {
  if (outcomes.length === 0) return;
  const rows = outcomes.map(
    (o) =>
      sql`(${o.row.id}::bigint, ${o.status}::text, ${o.attempts ?? null}::int, ${o.sentAt?.toISOString() ?? null}::timestamptz, ${o.providerRef ?? null}::text, ${o.lastError ?? null}::text, ${o.suppressionReason ?? null}::text, ${o.nextAttemptAt?.toISOString() ?? null}::timestamptz)`,
  );
  const update = sql`
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
    where o.id = v.id`;
  const now = rt.clock.now();
  const stepRows = outcomes
    .filter((o) => o.step)
    .map((o) =>
      stepForEffect(o.row, o.step!, { channel: o.row.channel, providerRef: o.providerRef ?? null, error: o.lastError ?? null, reason: o.suppressionReason ?? null }, now),
    );
  // A contact held for a paused campaign, or dropped for an ended one, was not made: its
  // reservation leaves the ledger (a held one reserves again when it is released).
  const unmade = outcomes.filter((o) => o.status === 'held' || o.suppressionReason === 'campaign_ended').map((o) => o.row.effectKey);
  const unreserve = unmade.length ? [sql`delete from ${contactLedger} where ${inJsonList(sql`effect_key`, unmade)}`] : [];
  // The outcomes and their steps in one statement.
  await bulkWrite(tx, [{ table: steps, rows: stepRows }], [update, ...unreserve]);
}

/**
 * Rows a worker of an earlier release leased ('sending' with lease_until) and never recorded are
 * due again once the lease passed: made pending here (a partial index finds them; normally none),
 * then claimed like any other row. Returns how many were released.
 */
export async function releaseExpiredLeases(rt: Runtime): Promise<number> {
  const released = await rt.db
    .update(outbox)
    .set({ status: 'pending', leaseOwner: null, leaseUntil: null })
    .where(sql`${outbox.status} = 'sending' and ${outbox.leaseUntil} < ${rt.clock.now().toISOString()}::timestamptz`)
    .returning({ id: outbox.id });
  return released.length;
}

/** Counts per status, for operators (and tests). */
export async function outboxCounts(rt: Runtime) {
  return rt.db.select({ status: outbox.status, n: sql<number>`count(*)`.mapWith(Number) }).from(outbox).groupBy(outbox.status);
}
