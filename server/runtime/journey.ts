// One journey step: XState's pure transition on the persisted snapshot, then the new snapshot,
// its step rows, outbox rows and timer rows, written by the caller's transaction so they commit
// together or not at all. Custom actions are data here; nothing is executed in the machine.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { initialTransition, transition, type AnyEventObject } from 'xstate';
import { renderTemplate } from '../../workflows';
import type { Tx } from '../db/client';
import { customers, journeys, outbox, steps, timers } from '../db/schema';
import type { RunnableFlow } from './live-flows';
import type { Runtime } from './runtime';

export type CustomerRow = typeof customers.$inferSelect;
export type JourneyRow = typeof journeys.$inferSelect;

export interface TriggerEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  attributes: Record<string, unknown>;
}

interface PersistedSnapshot {
  value: unknown;
  context: Record<string, unknown>;
  status: string;
}

interface ActionObject {
  type: string;
  params?: Record<string, unknown>;
}

export class StaleJourneyError extends Error {
  constructor(journeyId: string) {
    super(`journey ${journeyId} was changed by another worker; step refused`);
  }
}

export async function startJourney(
  tx: Tx,
  rt: Runtime,
  flow: RunnableFlow,
  customer: CustomerRow,
  trigger: TriggerEvent,
): Promise<string> {
  const journeyId = randomUUID();
  const input = {
    customerId: customer.id,
    customer: customer.tags,
    trigger: { type: trigger.type, attributes: trigger.attributes, occurredAt: trigger.occurredAt },
    visits: {},
  };
  const [snapshot, actions] = initialTransition(flow.machine, input);
  const persisted = persist(snapshot);
  await tx.insert(journeys).values({
    id: journeyId,
    customerId: customer.id,
    campaignId: flow.campaignId,
    flowVersionId: flow.versionId,
    versionHash: flow.hash,
    status: persisted.status === 'done' ? 'done' : 'active',
    snapshot: persisted,
    currentNode: currentNode(persisted),
    revision: 0,
    triggerEventId: trigger.eventId,
    startedAt: rt.clock.now(),
    updatedAt: rt.clock.now(),
  });
  await applyActions(tx, rt, { journeyId, revision: 0, flow, customer, context: persisted.context, actions: actions as ActionObject[] });
  return journeyId;
}

/** Advances a journey by one machine event. Refuses if the journey moved since it was read. */
export async function advanceJourney(
  tx: Tx,
  rt: Runtime,
  journey: JourneyRow,
  customer: CustomerRow,
  event: AnyEventObject,
): Promise<void> {
  const flow = await rt.flows.byVersionId(tx, journey.flowVersionId);
  const saved = journey.snapshot as PersistedSnapshot;
  // Conditions see the customer as they are now, not as they were when the journey started.
  const restored = flow.machine.resolveState({
    value: saved.value as never,
    context: { ...saved.context, customer: customer.tags } as never,
  });
  const [next, actions] = transition(flow.machine, restored, event);
  const persisted = persist(next);
  const revision = journey.revision + 1;
  const updated = await tx
    .update(journeys)
    .set({
      snapshot: persisted,
      status: persisted.status === 'done' ? 'done' : 'active',
      currentNode: currentNode(persisted),
      revision,
      updatedAt: rt.clock.now(),
    })
    .where(and(eq(journeys.id, journey.id), eq(journeys.revision, journey.revision)))
    .returning({ id: journeys.id });
  if (updated.length === 0) throw new StaleJourneyError(journey.id);
  await applyActions(tx, rt, {
    journeyId: journey.id,
    revision,
    flow,
    customer,
    context: persisted.context,
    actions: actions as ActionObject[],
  });
}

function persist(snapshot: { value: unknown; context: unknown; status: string }): PersistedSnapshot {
  return {
    value: snapshot.value,
    context: snapshot.context as Record<string, unknown>,
    status: snapshot.status,
  };
}

function currentNode(s: PersistedSnapshot): string | null {
  return typeof s.value === 'string' ? s.value : JSON.stringify(s.value);
}

async function applyActions(
  tx: Tx,
  rt: Runtime,
  a: {
    journeyId: string;
    revision: number;
    flow: RunnableFlow;
    customer: CustomerRow;
    context: Record<string, unknown>;
    actions: ActionObject[];
  },
): Promise<void> {
  const now = rt.clock.now();
  const base = {
    journeyId: a.journeyId,
    customerId: a.customer.id,
    campaignId: a.flow.campaignId,
    versionHash: a.flow.hash,
  };
  const stepRows: (typeof steps.$inferInsert)[] = [];
  for (const action of a.actions) {
    const p = action.params ?? {};
    switch (action.type) {
      case 'step':
        stepRows.push({
          ...base,
          nodeId: String(p.nodeId),
          nodeKind: String(p.kind),
          outcome: String(p.outcome),
          detail: (p.detail as Record<string, unknown>) ?? {},
          at: now,
        });
        break;
      case 'contact': {
        const nodeId = String(p.nodeId);
        const channel = String(p.channel);
        const trigger = (a.context.trigger ?? {}) as { attributes?: Record<string, unknown> };
        const rendered =
          typeof p.template === 'string'
            ? renderTemplate(p.template, { customer: a.customer.tags, event: trigger.attributes ?? {} })
            : { text: undefined, missing: [] as string[] };
        // A message with a hole in it ("尊敬的，…") is worse than none: hold it back, say why.
        const missing = rendered.missing.length > 0;
        await tx
          .insert(outbox)
          .values({
            // (journey, step revision, node): the same step retried produces the same key.
            effectKey: `${a.journeyId}:${a.revision}:${nodeId}`,
            journeyId: a.journeyId,
            customerId: a.customer.id,
            campaignId: a.flow.campaignId,
            nodeId,
            channel,
            payload: { ...p, address: a.customer.msisdn, text: rendered.text, versionHash: a.flow.hash },
            status: missing ? 'suppressed' : 'pending',
            lastError: missing ? `customer data missing for ${rendered.missing.join(', ')}` : null,
            nextAttemptAt: now,
            createdAt: now,
          })
          .onConflictDoNothing({ target: outbox.effectKey });
        if (missing) {
          stepRows.push({
            ...base,
            nodeId,
            nodeKind: String(p.kind ?? channel),
            outcome: 'suppressed',
            detail: { reason: 'missing_data', fields: rendered.missing },
            at: now,
          });
        }
        break;
      }
      case 'startTimer':
        await tx.insert(timers).values({
          journeyId: a.journeyId,
          nodeId: String(p.nodeId),
          journeyRevision: a.revision,
          dueAt: new Date(now.getTime() + Number(p.delayMs)),
        });
        break;
      default:
        throw new Error(`flow ${a.flow.hash} emitted an action this runtime does not know: ${action.type}`);
    }
  }
  if (stepRows.length) await tx.insert(steps).values(stepRows);
}
