// Fires durable waits. A timer row is due when its due time has passed on the runtime clock;
// firing it advances the journey and marks the row in the same transaction, so each timer
// fires exactly once even across restarts. A timer scheduled by an older revision of its
// journey (the journey moved on another way) is cancelled rather than fired.
import { and, asc, eq, lte } from 'drizzle-orm';
import { journeys, timers } from '../db/schema';
import { loadContactPolicy } from './contact-policy';
import { lockCustomer } from './locks';
import { closeTimedOutTask } from './approval-tasks';
import { advanceJourney } from './journey';
import type { Runtime } from './runtime';

export async function fireDueTimers(rt: Runtime, limit = 200): Promise<number> {
  const now = rt.clock.now();
  const due = await rt.db
    .select({ id: timers.id })
    .from(timers)
    .where(and(eq(timers.status, 'pending'), lte(timers.dueAt, now)))
    .orderBy(asc(timers.dueAt))
    .limit(limit);
  let fired = 0;
  for (const { id } of due) {
    const ok = await rt.db.transaction(async (tx) => {
      const [timer] = await tx
        .select()
        .from(timers)
        .where(and(eq(timers.id, id), eq(timers.status, 'pending')))
        .for('update', { skipLocked: true });
      if (!timer) return false;
      const [owner] = await tx.select({ customerId: journeys.customerId }).from(journeys).where(eq(journeys.id, timer.journeyId));
      const customer = owner ? await lockCustomer(tx, owner.customerId) : null;
      const [journey] = await tx.select().from(journeys).where(eq(journeys.id, timer.journeyId));
      const current = journey && customer && journey.status === 'active' && journey.revision === timer.journeyRevision;
      if (current) {
        const scope = { policy: await loadContactPolicy(tx), contactedBy: null };
        await advanceJourney(tx, rt, scope, journey, customer, { type: 'octo.timer', nodeId: timer.nodeId });
        await closeTimedOutTask(tx, journey.id, timer.nodeId, rt.clock.now());
      }
      await tx
        .update(timers)
        .set({ status: current ? 'fired' : 'cancelled', firedAt: rt.clock.now() })
        .where(eq(timers.id, timer.id));
      return current;
    });
    if (ok) fired++;
  }
  return fired;
}
