// Entries other than touchpoint events: API enrolments (a partner or upstream system enrols a
// customer; recorded as an `api_enrolment` event so it runs in order with the customer's other
// events) and scheduled audiences (a condition over tags evaluated at each moment of a
// schedule: the batch entry of the old way of working, drawn in the same language).
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { apiEventType, entryAdmits, nextOccurrence, type CompiledEntry } from '../../workflows';
import type { Tx } from '../db/client';
import { customers, scheduleRuns } from '../db/schema';
import { settingsOf } from './settings-cache';
import { startJourney, type CustomerRow, type StepScope } from './journey';
import type { RunnableFlow } from './live-flows';
import type { Runtime } from './runtime';
import { BatchStore, storeOf, type StepStore } from './step-store';

type EventLike = { eventId: string; occurredAt: Date; attributes: Record<string, unknown> };

/** Starts the enrolled customer's run at the campaign's API entry. Returns why not, or null. */
export async function enrolFromEvent(
  at: Tx | StepStore,
  rt: Runtime,
  scope: StepScope,
  customer: CustomerRow,
  ev: EventLike,
): Promise<string | null> {
  const campaignId = String(ev.attributes.campaign_id ?? '');
  const nodeId = String(ev.attributes.entry_node_id ?? '');
  const attributes = (ev.attributes.attributes ?? {}) as Record<string, unknown>;
  const store = storeOf(at);
  const flow = (await rt.flows.liveFlows(store.tx)).find((f) => f.campaignId === campaignId);
  if (!flow) return `campaign ${campaignId} is not live`;
  const entry = flow.entries.find((e): e is Extract<CompiledEntry, { kind: 'api' }> => e.kind === 'api' && e.nodeId === nodeId);
  if (!entry) return `campaign ${campaignId} has no API entry ${nodeId}`;
  if (!entryAdmits(entry, { customer: customer.tags, attributes }, rt.catalog)) return 'the entry condition does not admit this customer';
  if (!(await store.mayEnter(flow, customer, rt.clock.now()))) return 'the flow re-entry rule keeps this customer out';
  await startJourney(store, rt, scope, flow, customer, {
    eventId: ev.eventId,
    type: apiEventType(nodeId),
    occurredAt: ev.occurredAt.toISOString(),
    attributes,
  });
  return null;
}

const CHUNK = 500;

/** The latest moment of the schedule in (after, now]; only the latest runs after downtime. */
export function latestDueMoment(entry: Extract<CompiledEntry, { kind: 'schedule' }>, after: Date, now: Date): Date | null {
  let due: Date | null = null;
  let cursor = after;
  for (let i = 0; i < 10_000; i++) {
    const next = nextOccurrence(entry.schedule, cursor);
    if (!next || next > now) break;
    due = next;
    cursor = next;
  }
  return due;
}

/**
 * Opens the due run of every live scheduled audience (once per version and moment) and works
 * through open runs a chunk of customers at a time, each chunk one transaction that also moves
 * the run's cursor. Returns how many customers were examined.
 */
export async function runSchedules(rt: Runtime): Promise<number> {
  const now = rt.clock.now();
  const flows = (await rt.flows.liveFlows(rt.db)).filter((f) => f.entries.some((e) => e.kind === 'schedule'));
  for (const flow of flows) {
    const entry = flow.entries.find((e): e is Extract<CompiledEntry, { kind: 'schedule' }> => e.kind === 'schedule')!;
    const [last] = await rt.db
      .select({ moment: scheduleRuns.moment })
      .from(scheduleRuns)
      .where(eq(scheduleRuns.flowVersionId, flow.versionId))
      .orderBy(desc(scheduleRuns.moment))
      .limit(1);
    const after = last?.moment ?? flow.liveSince;
    if (!after) continue;
    const due = latestDueMoment(entry, after, now);
    if (due) {
      await rt.db
        .insert(scheduleRuns)
        .values({ flowVersionId: flow.versionId, moment: due, startedAt: now })
        .onConflictDoNothing();
    }
  }
  const open = await rt.db.select().from(scheduleRuns).where(eq(scheduleRuns.status, 'running')).orderBy(asc(scheduleRuns.moment));
  let examined = 0;
  for (const run of open) {
    const flow = await rt.flows.byVersionId(rt.db, run.flowVersionId);
    examined += await runChunk(rt, flow, run);
  }
  return examined;
}

async function runChunk(rt: Runtime, flow: RunnableFlow, run: typeof scheduleRuns.$inferSelect): Promise<number> {
  const entry = flow.entries.find((e): e is Extract<CompiledEntry, { kind: 'schedule' }> => e.kind === 'schedule');
  return rt.db.transaction(async (tx) => {
    // Re-read under lock: another worker may have moved this run on.
    const [current] = await tx
      .select()
      .from(scheduleRuns)
      .where(and(eq(scheduleRuns.flowVersionId, run.flowVersionId), eq(scheduleRuns.moment, run.moment), eq(scheduleRuns.status, 'running')))
      .for('update', { skipLocked: true });
    if (!current) return 0;
    // Customers in id order, locked as we go (the same order everywhere, so no deadlocks).
    const chunk = await tx
      .select()
      .from(customers)
      .where(gt(customers.id, current.cursor))
      .orderBy(asc(customers.id))
      .limit(CHUNK)
      .for('update');
    const settings = settingsOf(rt);
    const policy = await settings.contactPolicy(tx);
    let entered = 0;
    if (entry) {
      // The chunk's customers are locked: what their steps read is loaded once for all of them,
      // what they write goes out in one statement per table (step-store.ts).
      const admitted = chunk.filter((customer) => entryAdmits(entry, { customer: customer.tags }, rt.catalog));
      const store = await BatchStore.open(tx, admitted.map((c) => c.id), [flow], rt.clock.now(), await settings.products(tx), await settings.offers(tx));
      for (const customer of admitted) {
        if (!(await store.mayEnter(flow, customer, rt.clock.now()))) continue;
        await startJourney(store, rt, { policy, contactedBy: null }, flow, customer, {
          eventId: `schedule:${flow.versionId}:${run.moment.toISOString()}`,
          type: 'schedule',
          occurredAt: run.moment.toISOString(),
          attributes: {},
        });
        entered++;
      }
      await store.flush();
    }
    const finished = !entry || chunk.length < CHUNK;
    await tx
      .update(scheduleRuns)
      .set({
        cursor: chunk.length ? chunk[chunk.length - 1].id : current.cursor,
        examined: sql`${scheduleRuns.examined} + ${chunk.length}`,
        entered: sql`${scheduleRuns.entered} + ${entered}`,
        status: finished ? 'done' : 'running',
        finishedAt: finished ? rt.clock.now() : null,
      })
      .where(and(eq(scheduleRuns.flowVersionId, run.flowVersionId), eq(scheduleRuns.moment, run.moment)));
    return Math.max(chunk.length, 1);
  });
}
