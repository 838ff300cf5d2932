// Frontline work past its due time (an outbound call's deadline, an opportunity's validity, an
// inbound offer's window) with no answer is expired by a worker stage, not left open for ever;
// so is work whose offer is no longer on sale (ended, withdrawn or not started: the offers
// table), which the workbench already stops showing (frontline-tasks.ts offerOnSale).
// Off-sale work is looked for by offer, not by task: the sweep runs several times a second and
// a scan of every open task for a rare withdrawal would be most of its cost (70–250 ms with 225,000
// open tasks on PostgreSQL). An offer off sale is swept until nothing is left for it, then not
// again while its row stays as it is (no new work is made for an offer off sale).
// Open work of a campaign that has ended is withdrawn the same way, found by campaign through its
// own index: the campaign's window is over, so no one should be asked to call, offer or visit for
// it, and a journey waiting on the outcome goes on at once instead of at the work's due time.
// Work a staff member has already claimed (a call in progress) is theirs to finish.
// Each expiry is committed with an `offer_outcome` event (outcome `expired`) in one transaction,
// so a flow waiting on the outcome (wait_event, goal) continues on it exactly once; the event id
// is derived from the task, so a sweep repeated after a crash adds nothing.
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { Catalog } from '../../workflows';
import type { Executor } from '../db/client';
import { frontlineTasks, offers } from '../db/schema';
import type { Clock } from '../runtime/clock';
import type { FlowIndex } from '../runtime/live-flows';
import { ingestEvents } from '../runtime/event-intake';
import { campaignLive, loadTasks, type TaskView } from './frontline-tasks';
import { offerValidAt } from './product-catalogue';

/** Tasks expired per transaction: one sweep never holds many row locks for long. */
export const EXPIRY_BATCH = 500;
/** How far back the workbench lists expired work. */
export const RECENTLY_EXPIRED_MS = 24 * 3_600_000;

/**
 * Per database: the offers off sale whose open work has been swept, with the state of their row
 * then (active, validity, last change). A changed row is looked at again.
 */
const sweptOffers = new WeakMap<object, Map<string, string>>();
/** Per database: the ended campaigns whose open work has been withdrawn (an ended campaign stays so). */
const sweptCampaigns = new WeakMap<object, Set<string>>();
const ENDED_PER_SWEEP = 1_000;
const offerState = (o: { active: boolean; validFrom: Date | null; validTo: Date | null; updatedAt: Date }) =>
  `${o.active}|${o.validFrom?.getTime()}|${o.validTo?.getTime()}|${o.updatedAt.getTime()}`;

interface SweepRuntime {
  db: Executor;
  clock: Clock;
  catalog: Catalog;
  flows: FlowIndex;
}

const WITHDRAWN_OFFER = 'withdrawn: the offer is no longer on sale';
const WITHDRAWN_CAMPAIGN = 'withdrawn: the campaign has ended';

/**
 * Expires one batch of open or claimed tasks that are overdue or whose offer is no longer on
 * sale, and of open tasks whose campaign has ended; returns how many (0 = nothing due).
 */
export async function expireOverdueTasks(rt: SweepRuntime): Promise<number> {
  const now = rt.clock.now();
  const swept = sweptOffers.get(rt.db) ?? sweptOffers.set(rt.db, new Map()).get(rt.db)!;
  const sweptEnded = sweptCampaigns.get(rt.db) ?? sweptCampaigns.set(rt.db, new Set()).get(rt.db)!;
  // Which campaigns have ended comes from the live-flow index in memory (no query per sweep).
  // A bounded list per sweep (after a restart every campaign in the history is looked at once).
  const endedCampaigns = [...(await rt.flows.stoppedCampaigns(rt.db))]
    .filter(([id, s]) => s === 'ended' && !sweptEnded.has(id))
    .slice(0, ENDED_PER_SWEEP)
    .map(([id]) => id);
  let sweeping: { id: string; state: string }[] = [];
  let exhausted = false;
  let endedExhausted = false;
  const count = await rt.db.transaction(async (tx) => {
    // SKIP LOCKED: an agent recording an outcome holds the row; that answer wins, and two
    // worker processes sweeping at once take different rows.
    // Oldest first where it matters (overdue work); a withdrawal takes all of its work anyway, in
    // no order (a sort would read all of a big campaign's open work for each batch).
    const pick = (where: SQL | undefined, limit: number, ordered = true) =>
      tx
        .select({ id: frontlineTasks.id, customerId: frontlineTasks.customerId, kind: frontlineTasks.kind, offerId: frontlineTasks.offerId, campaignId: frontlineTasks.campaignId, dueAt: frontlineTasks.dueAt })
        .from(frontlineTasks)
        .where(and(inArray(frontlineTasks.status, ['open', 'claimed']), where))
        .orderBy(...(ordered ? [asc(frontlineTasks.dueAt)] : []))
        .limit(limit)
        .for('update', { skipLocked: true });
    const overdue = await pick(lte(frontlineTasks.dueAt, now), EXPIRY_BATCH);
    // Open work naming an offer that went off sale since it was last swept (the offers table is small).
    let offSale: typeof overdue = [];
    if (overdue.length < EXPIRY_BATCH) {
      const rows = await tx.select({ id: offers.id, active: offers.active, validFrom: offers.validFrom, validTo: offers.validTo, updatedAt: offers.updatedAt }).from(offers);
      sweeping = rows.filter((o) => !offerValidAt(o, now)).map((o) => ({ id: o.id, state: offerState(o) })).filter((o) => swept.get(o.id) !== o.state);
      if (sweeping.length) {
        const limit = EXPIRY_BATCH - overdue.length;
        offSale = await pick(and(gt(frontlineTasks.dueAt, now), inArray(frontlineTasks.offerId, sweeping.map((o) => o.id))), limit);
        exhausted = offSale.length < limit;
      }
    }
    // Open work of campaigns that ended since they were last swept (claimed work is left to finish).
    let ended: typeof overdue = [];
    const room = EXPIRY_BATCH - overdue.length - offSale.length;
    if (room > 0 && endedCampaigns.length) {
      // The ids as a list of values the planner sees (not one JSON parameter), so it reads the
      // open-work-by-campaign index instead of every open task by due time.
      const rows = await pick(and(eq(frontlineTasks.status, 'open'), gt(frontlineTasks.dueAt, now), inArray(frontlineTasks.campaignId, endedCampaigns)), room, false);
      endedExhausted = rows.length < room;
      const taken = new Set(offSale.map((t) => t.id));
      ended = rows.filter((t) => !taken.has(t.id));
    }
    const due = [...overdue.map((t) => ({ ...t, at: t.dueAt })), ...[...offSale, ...ended].map((t) => ({ ...t, at: now }))];
    if (due.length === 0) return 0;
    for (const [list, note] of [[overdue, null], [offSale, WITHDRAWN_OFFER], [ended, WITHDRAWN_CAMPAIGN]] as const) {
      if (list.length) await tx.update(frontlineTasks).set({ status: 'expired', outcome: 'expired', outcomeAt: now, note }).where(inArray(frontlineTasks.id, list.map((t) => t.id)));
    }
    const intake = await ingestEvents(
      { db: tx, clock: rt.clock, catalog: rt.catalog },
      due.map((t) => ({
        eventId: `frontline-${t.id}-expired`,
        customerId: t.customerId,
        type: 'offer_outcome',
        occurredAt: t.at.toISOString(),
        attributes: { task_id: t.id, offer_id: t.offerId ?? '', outcome: 'expired', campaign_id: t.campaignId, channel: t.kind },
      })),
      'frontline',
    );
    if (intake.rejected.length) throw new Error(`the expiry event was refused: ${intake.rejected[0].error}`);
    return due.length;
  });
  // Committed, and nothing more was waiting on these offers: not looked for again while unchanged.
  if (exhausted) for (const o of sweeping) swept.set(o.id, o.state);
  if (endedExhausted) for (const id of endedCampaigns) sweptEnded.add(id);
  return count;
}

/** Work of this kind (and, for calls, these regions) that expired unanswered in the last day. */
export async function recentlyExpired(db: Executor, catalog: Catalog, now: Date, kind: 'outbound_call' | 'frontline', regions?: string[]): Promise<TaskView[]> {
  const where: SQL[] = [
    eq(frontlineTasks.kind, kind),
    eq(frontlineTasks.status, 'expired'),
    eq(frontlineTasks.outcome, 'expired'),
    gt(frontlineTasks.outcomeAt, new Date(now.getTime() - RECENTLY_EXPIRED_MS)),
    // Ran out of time: work withdrawn because its offer ended is not staff's to follow up, nor
    // work of a campaign that is paused or has ended.
    lte(frontlineTasks.dueAt, frontlineTasks.outcomeAt),
    await campaignLive(db),
  ];
  if (regions) where.push(or(inArray(frontlineTasks.region, regions), isNull(frontlineTasks.region))!);
  return loadTasks(db, catalog, and(...where), { orderBy: [desc(frontlineTasks.dueAt)], limit: 20 });
}
