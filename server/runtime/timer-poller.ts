// Fires durable waits. A timer row is due when its due time has passed on the runtime clock;
// firing it advances the journey and marks the row in the same transaction, so each timer
// fires exactly once even across restarts. A timer scheduled by an older revision of its
// journey (the journey moved on another way) is cancelled rather than fired.
//
// Due timers are fired in batches, like events (event-processor.ts): one transaction claims up
// to `limit` of them (FOR UPDATE SKIP LOCKED, so workers never share a timer), locks their
// customers (SKIP LOCKED: a customer another worker holds keeps their timers for the next pass),
// reads their journeys and what the steps need with one query per table (step-store.ts), runs
// the steps in due order and writes the results and the timers' marks with one statement per
// table. If anything in the batch fails, it is rolled back and redone one timer at a time.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { claimInIndexOrder } from '../db/queue-claim';
import { approvalTasks, customers, journeys, timers } from '../db/schema';
import { appendAudit } from '../services/audit';
import { lockCustomer } from './locks';
import { closeTimedOutTask } from './approval-tasks';
import { advanceJourney } from './journey';
import type { RunnableFlow } from './live-flows';
import type { Runtime } from './runtime';
import { settingsOf } from './settings-cache';
import { BatchStore } from './step-store';
import { contactsQueued } from './wakeups';

type TimerRow = typeof timers.$inferSelect;

export async function fireDueTimers(rt: Runtime, limit = 200): Promise<number> {
  try {
    return await fireBatch(rt, limit);
  } catch (err) {
    if (!(err instanceof BatchFailed)) throw err;
    return fireOneByOne(rt, limit);
  }
}

class BatchFailed extends Error {
  constructor(readonly reason: unknown) {
    super('timer batch failed', { cause: reason });
  }
}

/** The claim: due timers in index order, FOR UPDATE SKIP LOCKED, with their journeys' customers. */
export function claimDueTimers(tx: Tx, now: Date, limit: number) {
  return tx
    .select({ timer: timers, customerId: journeys.customerId })
    .from(timers)
    .leftJoin(journeys, eq(journeys.id, timers.journeyId))
    .where(and(eq(timers.status, 'pending'), lte(timers.dueAt, now)))
    .orderBy(asc(timers.dueAt), asc(timers.id))
    .limit(limit)
    .for('update', { of: timers, skipLocked: true });
}

async function fireBatch(rt: Runtime, limit: number): Promise<number> {
  let due = 0;
  const fired = await rt.db.transaction(async (tx) => {
    const now = rt.clock.now();
    const claimed = await claimInIndexOrder(tx, () => claimDueTimers(tx, now, limit));
    if (claimed.length === 0) return 0;
    try {
      // One timer per journey per batch: a second one is judged after the first has moved the
      // journey on (it is left pending for the next pass).
      const seen = new Set<string>();
      const batch = claimed.filter(({ timer }) => !seen.has(timer.journeyId) && !!seen.add(timer.journeyId));
      const ids = [...new Set(batch.flatMap((c) => (c.customerId ? [c.customerId] : [])))].sort();
      const locked = ids.length
        ? await tx.select().from(customers).where(inArray(customers.id, ids)).orderBy(asc(customers.id)).for('update', { skipLocked: true })
        : [];
      const byId = new Map(locked.map((c) => [c.id, c]));
      const mine = batch.filter((c) => !c.customerId || byId.has(c.customerId)); // the others wait: their customer is busy
      const journeyIds = mine.filter((c) => c.customerId).map((c) => c.timer.journeyId);
      const journeyRows = journeyIds.length ? await tx.select().from(journeys).where(inArray(journeys.id, journeyIds)) : [];
      const journeyById = new Map(journeyRows.map((j) => [j.id, j]));
      const flows: RunnableFlow[] = [];
      for (const versionId of new Set(journeyRows.map((j) => j.flowVersionId))) flows.push(await rt.flows.byVersionId(tx, versionId));
      const settings = settingsOf(rt);
      const policy = await settings.contactPolicy(tx);
      const store = await BatchStore.open(tx, [...byId.keys()], flows, now, await settings.products(tx), await settings.offers(tx));

      const firedIds: number[] = [];
      const cancelledIds: number[] = [];
      const closed: TimerRow[] = [];
      for (const { timer, customerId } of mine) {
        const journey = journeyById.get(timer.journeyId);
        const customer = customerId ? byId.get(customerId) : undefined;
        if (!journey || !customer || journey.status !== 'active' || journey.revision !== timer.journeyRevision) {
          cancelledIds.push(timer.id);
          continue;
        }
        await advanceJourney(store, rt, { policy, contactedBy: null }, journey, customer, { type: 'octo.timer', nodeId: timer.nodeId });
        firedIds.push(timer.id);
        closed.push(timer);
      }
      await closeTimedOutTasks(tx, closed, rt.clock.now());
      const created = await store.flush();
      const at = rt.clock.now();
      // Due by the time the batch was written (its steps stamp contacts as they run, after `now`).
      due = created.filter((o) => o.nextAttemptAt <= at).length;
      if (firedIds.length) await tx.update(timers).set({ status: 'fired', firedAt: at }).where(inArray(timers.id, firedIds));
      if (cancelledIds.length) await tx.update(timers).set({ status: 'cancelled', firedAt: at }).where(inArray(timers.id, cancelledIds));
      return firedIds.length;
    } catch (err) {
      throw new BatchFailed(err);
    }
  });
  if (due > 0) contactsQueued(rt);
  return fired;
}

/** Open approval tasks waiting on the fired timers' nodes time out: one statement, then their audit entries. */
async function closeTimedOutTasks(tx: Tx, fired: TimerRow[], at: Date): Promise<void> {
  if (fired.length === 0) return;
  const pairs = fired.map((t) => sql`(${t.journeyId}::uuid, ${t.nodeId}::text)`);
  const rows = await tx
    .update(approvalTasks)
    .set({ status: 'timed_out', decidedAt: at })
    .where(and(eq(approvalTasks.status, 'open'), sql`(${approvalTasks.journeyId}, ${approvalTasks.nodeId}) in (${sql.join(pairs, sql`, `)})`))
    .returning({
      id: approvalTasks.id,
      campaignId: approvalTasks.campaignId,
      customerId: approvalTasks.customerId,
      nodeId: approvalTasks.nodeId,
      department: approvalTasks.department,
      dueAt: approvalTasks.dueAt,
    });
  for (const t of rows) {
    await appendAudit(
      tx,
      {
        actor: null,
        action: 'approval_task.timeout',
        entityType: 'approval_task',
        entityId: t.id,
        detail: { campaignId: t.campaignId, customerId: t.customerId, nodeId: t.nodeId, department: t.department, dueAt: t.dueAt },
      },
      at,
    );
  }
}

/** The fallback after a failed batch: one transaction per timer, so a failing one fails alone. */
async function fireOneByOne(rt: Runtime, limit: number): Promise<number> {
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
        const scope = { policy: await settingsOf(rt).contactPolicy(tx), contactedBy: null };
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
  if (fired > 0) contactsQueued(rt);
  return fired;
}
