// Delivers outbox effects through channel adapters. Adapters are idempotent on the effect key,
// so a crash between delivery and the `sent` mark re-delivers harmlessly. Transient failures
// retry with exponential backoff; permanent ones (and exhausted retries) go to `dead`, where
// operators see them.
import { and, asc, eq, lte } from 'drizzle-orm';
import { outbox, steps } from '../db/schema';
import type { Runtime } from './runtime';

export const MAX_ATTEMPTS = 8;

export function backoffMs(attempt: number): number {
  return Math.min(60_000 * 30, 1_000 * 2 ** attempt);
}

export async function dispatchOutbox(rt: Runtime, limit = 200): Promise<number> {
  const now = rt.clock.now();
  const due = await rt.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.id))
    .limit(limit);
  let delivered = 0;
  for (const row of due) {
    const adapter = rt.channels.get(row.channel);
    const result = adapter
      ? await adapter
          .send(
            {
              outboxId: row.id,
              effectKey: row.effectKey,
              customerId: row.customerId,
              channel: row.channel,
              payload: row.payload,
            },
            rt.db,
          )
          .catch((err: unknown) => ({ ok: false as const, permanent: false, error: String(err) }))
      : { ok: false as const, permanent: true, error: `no adapter for channel ${row.channel}` };
    await rt.db.transaction(async (tx) => {
      const at = rt.clock.now();
      if (result.ok) {
        const marked = await tx
          .update(outbox)
          .set({ status: 'sent', sentAt: at, attempts: row.attempts + 1, providerRef: result.providerRef ?? null })
          .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')))
          .returning({ id: outbox.id });
        if (marked.length) {
          await tx.insert(steps).values({
            journeyId: row.journeyId,
            customerId: row.customerId,
            campaignId: row.campaignId,
            versionHash: String(row.payload.versionHash ?? ''),
            nodeId: row.nodeId,
            nodeKind: String(row.payload.kind ?? row.channel),
            outcome: 'sent',
            detail: { channel: row.channel, providerRef: result.providerRef ?? null },
            at,
          });
        }
        return;
      }
      const attempts = row.attempts + 1;
      const dead = result.permanent || attempts >= MAX_ATTEMPTS;
      await tx
        .update(outbox)
        .set({
          status: dead ? 'dead' : 'pending',
          attempts,
          lastError: result.error,
          nextAttemptAt: new Date(at.getTime() + backoffMs(attempts)),
        })
        .where(eq(outbox.id, row.id));
    });
    if (result.ok) delivered++;
  }
  return delivered;
}
