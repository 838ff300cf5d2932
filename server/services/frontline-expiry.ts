// Frontline work past its due time (an outbound call's deadline, an opportunity's validity, an
// inbound offer's window) with no answer is expired by a worker stage, not left open for ever.
// Each expiry is committed with an `offer_outcome` event (outcome `expired`) in one transaction,
// so a flow waiting on the outcome (wait_event, goal) continues on it exactly once; the event id
// is derived from the task, so a sweep repeated after a crash adds nothing.
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { Catalog } from '../../workflows';
import type { Executor } from '../db/client';
import { frontlineTasks } from '../db/schema';
import type { Clock } from '../runtime/clock';
import { ingestEvents } from '../runtime/event-intake';
import { loadTasks, type TaskView } from './frontline-tasks';

/** Tasks expired per transaction: one sweep never holds many row locks for long. */
export const EXPIRY_BATCH = 500;
/** How far back the workbench lists expired work. */
export const RECENTLY_EXPIRED_MS = 24 * 3_600_000;

interface SweepRuntime {
  db: Executor;
  clock: Clock;
  catalog: Catalog;
}

/** Expires one batch of overdue open or claimed tasks; returns how many (0 = nothing due). */
export async function expireOverdueTasks(rt: SweepRuntime): Promise<number> {
  const now = rt.clock.now();
  return rt.db.transaction(async (tx) => {
    // SKIP LOCKED: an agent recording an outcome holds the row; that answer wins, and two
    // worker processes sweeping at once take different rows.
    const due = await tx
      .select({ id: frontlineTasks.id, customerId: frontlineTasks.customerId, kind: frontlineTasks.kind, offerId: frontlineTasks.offerId, campaignId: frontlineTasks.campaignId, dueAt: frontlineTasks.dueAt })
      .from(frontlineTasks)
      .where(and(inArray(frontlineTasks.status, ['open', 'claimed']), lte(frontlineTasks.dueAt, now)))
      .orderBy(asc(frontlineTasks.dueAt))
      .limit(EXPIRY_BATCH)
      .for('update', { skipLocked: true });
    if (due.length === 0) return 0;
    await tx
      .update(frontlineTasks)
      .set({ status: 'expired', outcome: 'expired', outcomeAt: now })
      .where(inArray(frontlineTasks.id, due.map((t) => t.id)));
    const intake = await ingestEvents(
      { db: tx, clock: rt.clock, catalog: rt.catalog },
      due.map((t) => ({
        eventId: `frontline-${t.id}-expired`,
        customerId: t.customerId,
        type: 'offer_outcome',
        occurredAt: t.dueAt.toISOString(),
        attributes: { task_id: t.id, offer_id: t.offerId ?? '', outcome: 'expired', campaign_id: t.campaignId, channel: t.kind },
      })),
      'frontline',
    );
    if (intake.rejected.length) throw new Error(`the expiry event was refused: ${intake.rejected[0].error}`);
    return due.length;
  });
}

/** Work of this kind (and, for calls, these regions) that expired unanswered in the last day. */
export async function recentlyExpired(db: Executor, catalog: Catalog, now: Date, kind: 'outbound_call' | 'frontline', regions?: string[]): Promise<TaskView[]> {
  const where: SQL[] = [
    eq(frontlineTasks.kind, kind),
    eq(frontlineTasks.status, 'expired'),
    eq(frontlineTasks.outcome, 'expired'),
    gt(frontlineTasks.outcomeAt, new Date(now.getTime() - RECENTLY_EXPIRED_MS)),
  ];
  if (regions) where.push(or(inArray(frontlineTasks.region, regions), isNull(frontlineTasks.region))!);
  return loadTasks(db, catalog, and(...where), { orderBy: [desc(frontlineTasks.dueAt)], limit: 20 });
}
