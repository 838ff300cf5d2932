// One journey step: XState's pure transition on the persisted snapshot, then the new snapshot,
// its step rows, outbox rows and timer rows, written by the caller's transaction so they commit
// together or not at all. Custom actions are data here; nothing is executed in the machine.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { awaiting, renderTemplate, startMachine, stepMachine, timerDue, type FlowEvent, type StartTimerParams } from '../../workflows';
import { offerUnavailable, withEligibility, type EligibilityData, type OfferMoment } from './eligibility';
import { skippedOffers } from './offer-choice';
import type { Tx } from '../db/client';
import { customers, journeys, steps } from '../db/schema';
import type { ContactPolicy } from './contact-policy';
import { storeOf, type StepStore } from './step-store';
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

/**
 * What the steps caused by one event (or one timer) share: the contact policy read once, and
 * arbitration between campaigns that want to contact the same customer for the same event.
 */
export interface StepScope {
  policy: ContactPolicy;
  /** The campaign that already contacted the customer in this scope, if any. */
  contactedBy: { campaignId: string; exclusive: boolean } | null;
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

/**
 * Starts a journey. `at` is a transaction (every write right away) or a step store (the event
 * processor's batch, which writes once for all its events).
 */
export async function startJourney(
  at: Tx | StepStore,
  rt: Runtime,
  scope: StepScope,
  flow: RunnableFlow,
  customer: CustomerRow,
  trigger: TriggerEvent,
): Promise<string> {
  const store = storeOf(at);
  const journeyId = randomUUID();
  const input = {
    customerId: customer.id,
    customer: customer.tags,
    trigger: { type: trigger.type, attributes: trigger.attributes, occurredAt: trigger.occurredAt },
    visits: {},
  };
  const elig = await store.eligibility(customer.id, flow.productIds);
  const offers = await offersAt(store, rt, flow);
  const [snapshot, actions] = withEligibility(customer.id, elig, () => startMachine(flow.machine, input), offers);
  const persisted = persist(snapshot);
  const now = rt.clock.now();
  await store.insertJourney({
    id: journeyId,
    customerId: customer.id,
    campaignId: flow.campaignId,
    flowVersionId: flow.versionId,
    versionHash: flow.hash,
    status: persisted.status === 'done' ? 'done' : 'active',
    snapshot: persisted,
    currentNode: currentNode(persisted),
    waitingFor: waitingFor(flow, persisted),
    revision: 0,
    triggerEventId: trigger.eventId,
    startedAt: now,
    updatedAt: now,
  });
  await applyActions(store, rt, scope, { journeyId, revision: 0, flow, customer, context: persisted.context, actions, elig, offers });
  return journeyId;
}

/** The offers table at the step's moment, for flows that name offers. */
async function offersAt(store: StepStore, rt: Runtime, flow: RunnableFlow): Promise<OfferMoment | null> {
  return flow.offerIds.length ? { offers: await store.offers(), now: rt.clock.now() } : null;
}

/** Advances a journey by one machine event. Refuses if the journey moved since it was read. */
export async function advanceJourney(
  at: Tx | StepStore,
  rt: Runtime,
  scope: StepScope,
  journey: JourneyRow,
  customer: CustomerRow,
  event: FlowEvent,
): Promise<void> {
  const store = storeOf(at);
  const flow = await rt.flows.byVersionId(store.tx, journey.flowVersionId);
  const saved = journey.snapshot as PersistedSnapshot;
  // Conditions see the customer as they are now, not as they were when the journey started.
  const restored = flow.machine.resolveState({
    value: saved.value as never,
    context: { ...saved.context, customer: customer.tags } as never,
  });
  const elig = await store.eligibility(customer.id, flow.productIds);
  const offers = await offersAt(store, rt, flow);
  const [next, actions] = withEligibility(customer.id, elig, () => stepMachine(flow.machine, restored, event), offers);
  const persisted = persist(next);
  const revision = journey.revision + 1;
  const updated = await store.updateJourney(journey.id, journey.revision, {
    snapshot: persisted,
    status: persisted.status === 'done' ? 'done' : 'active',
    currentNode: currentNode(persisted),
    waitingFor: waitingFor(flow, persisted),
    revision,
    updatedAt: rt.clock.now(),
  });
  if (!updated) throw new StaleJourneyError(journey.id);
  await applyActions(store, rt, scope, {
    journeyId: journey.id,
    revision,
    flow,
    customer,
    context: persisted.context,
    actions,
    elig,
    offers,
  });
}

/**
 * What a journey row keeps of the machine: its state and context, without the customer's tags.
 * Every step restores them from the customers table as they are then (advanceJourney), so a copy
 * per journey would only be dead weight in each row and a second place holding personal data.
 */
function persist(snapshot: { value: unknown; context: unknown; status: string }): PersistedSnapshot {
  const { customer: _tags, ...context } = snapshot.context as Record<string, unknown>;
  return { value: snapshot.value, context, status: snapshot.status };
}

function currentNode(s: PersistedSnapshot): string | null {
  return typeof s.value === 'string' ? s.value : JSON.stringify(s.value);
}

/** The event types the journey now waits for (wait-for-event, goal), so events can find it. */
function waitingFor(flow: RunnableFlow, s: PersistedSnapshot): string[] | null {
  if (s.status === 'done') return null;
  const a = awaiting(flow.machineJson, s.value);
  return a && a.eventTypes.length ? a.eventTypes : null;
}

interface ApplyInput {
  journeyId: string;
  revision: number;
  flow: RunnableFlow;
  customer: CustomerRow;
  context: Record<string, unknown>;
  actions: readonly unknown[];
  elig: EligibilityData | null;
  offers: OfferMoment | null;
}

async function applyActions(store: StepStore, rt: Runtime, scope: StepScope, a: ApplyInput): Promise<void> {
  const now = rt.clock.now();
  const base = {
    journeyId: a.journeyId,
    customerId: a.customer.id,
    campaignId: a.flow.campaignId,
    versionHash: a.flow.hash,
  };
  const stepRows: (typeof steps.$inferInsert)[] = [];
  for (const raw of a.actions) {
    const action = raw as ActionObject;
    const p = action.params ?? {};
    switch (action.type) {
      case 'step': {
        let detail = (p.detail as Record<string, unknown>) ?? {};
        if (p.kind === 'offer_choice') {
          // Why each offer ranked above the one chosen was passed over (the tags as the guard saw them).
          const trigger = (a.context.trigger ?? {}) as { type?: string; attributes?: Record<string, unknown> };
          const skipped = skippedOffers(String(p.nodeId), String(p.outcome), {
            graph: a.flow.graph,
            elig: a.elig,
            offers: a.offers,
            customer: a.customer.tags,
            trigger,
            catalog: rt.catalog,
          });
          if (skipped.length) detail = { ...detail, skipped };
        }
        stepRows.push({
          ...base,
          nodeId: String(p.nodeId),
          nodeKind: String(p.kind),
          outcome: String(p.outcome),
          detail,
          at: now,
        });
        break;
      }
      case 'contact': {
        const suppressed = await contact(store, rt, scope, a, p, now);
        if (suppressed) {
          stepRows.push({
            ...base,
            nodeId: String(p.nodeId),
            nodeKind: String(p.kind ?? p.channel),
            outcome: 'suppressed',
            detail: suppressed,
            at: now,
          });
        }
        break;
      }
      case 'startTimer': {
        const due = timerDue(p as unknown as StartTimerParams, now, a.customer.tags);
        // One pending timer per node: a loop straight back into the same wait replaces it.
        await store.startTimer({ journeyId: a.journeyId, nodeId: String(p.nodeId), journeyRevision: a.revision, dueAt: due.at });
        break;
      }
      case 'setTag': {
        // Persisted on the customer; the machine already sees it (assignTag) for later nodes.
        const tag = String(p.tag);
        a.customer.tags = { ...a.customer.tags, [tag]: p.value };
        await store.tx
          .update(customers)
          .set({ tags: sql`${customers.tags} || ${JSON.stringify({ [tag]: p.value })}::jsonb`, updatedAt: now })
          .where(eq(customers.id, a.customer.id));
        break;
      }
      case 'requestApproval': {
        const trigger = (a.context.trigger ?? {}) as { type?: string; attributes?: Record<string, unknown> };
        const timer = a.actions.find(
          (x) => (x as ActionObject).type === 'startTimer' && (x as ActionObject).params?.nodeId === p.nodeId,
        ) as ActionObject | undefined;
        await store.insertApprovalTask({
          journeyId: a.journeyId,
          nodeId: String(p.nodeId),
          journeyRevision: a.revision,
          customerId: a.customer.id,
          campaignId: a.flow.campaignId,
          department: String(p.department),
          role: typeof p.role === 'string' ? p.role : null,
          note: typeof p.note === 'string' ? p.note : '',
          // Frozen: the approver signs what was asked, whatever the customer's tags become.
          request: typeof p.note === 'string' ? renderTemplate(p.note, { customer: a.customer.tags, event: trigger.attributes ?? {} }, { catalog: rt.catalog, eventType: trigger.type }).text : '',
          dueAt: timer ? timerDue(timer.params as unknown as StartTimerParams, now, a.customer.tags).at : null,
          createdAt: now,
        });
        break;
      }
      default:
        throw new Error(`flow ${a.flow.hash} emitted an action this runtime does not know: ${action.type}`);
    }
  }
  await store.insertSteps(stepRows);
}

/**
 * A contact the flow asks for: arbitration, the global contact policy, then an outbox row.
 * Returns the suppression (reason and detail) when no contact is made.
 */
async function contact(
  store: StepStore,
  rt: Runtime,
  scope: StepScope,
  a: ApplyInput,
  p: Record<string, unknown>,
  now: Date,
): Promise<Record<string, unknown> | null> {
  const nodeId = String(p.nodeId);
  const channel = String(p.channel);
  // (journey, step revision, node): the same step retried produces the same key.
  const effectKey = `${a.journeyId}:${a.revision}:${nodeId}`;
  const trigger = (a.context.trigger ?? {}) as { type?: string; attributes?: Record<string, unknown> };
  const rendered =
    typeof p.template === 'string'
      ? renderTemplate(p.template, { customer: a.customer.tags, event: trigger.attributes ?? {} }, { catalog: rt.catalog, eventType: trigger.type })
      : { text: undefined, missing: [] as string[] };

  let suppression: { reason: string; detail: string; offer?: Record<string, unknown> } | null = null;
  const other = scope.contactedBy;
  // The offer a contact names must be on sale at the moment of contact (offers table): never
  // pitch a withdrawn, not-yet-started or ended offer, whatever the flow was approved with.
  const offerId = typeof p.offerId === 'string' && p.offerId !== '' ? p.offerId : null;
  const gone = offerId ? offerUnavailable(offerId, a.offers?.offers.get(offerId), now) : null;
  if (offerId && gone) {
    const { detail, ...offer } = gone;
    suppression = { reason: 'offer_unavailable', detail, offer: { offerId, ...offer } };
  } else if (other && other.campaignId !== a.flow.campaignId && (other.exclusive || a.flow.exclusive)) {
    suppression = { reason: 'lost_arbitration', detail: `campaign ${other.campaignId} contacts this customer for this event` };
  } else if (rendered.missing.length > 0) {
    // A message with a hole in it ("尊敬的，…") is worse than none: hold it back, say why.
    suppression = { reason: 'missing_data', detail: `customer data missing for ${rendered.missing.join(', ')}` };
  }
  let sendAt = now;
  if (!suppression) {
    const decision = await store.reserveContact(scope.policy, {
      customerId: a.customer.id,
      tags: a.customer.tags,
      channel,
      campaignId: a.flow.campaignId,
      effectKey,
      quietHoursMode: a.flow.quietHoursMode,
      now,
    });
    if (decision.ok) {
      sendAt = decision.sendAt;
      scope.contactedBy ??= { campaignId: a.flow.campaignId, exclusive: a.flow.exclusive };
    } else {
      suppression = { reason: decision.reason, detail: decision.detail };
    }
  }
  await store.insertOutbox({
      effectKey,
      journeyId: a.journeyId,
      customerId: a.customer.id,
      campaignId: a.flow.campaignId,
      nodeId,
      channel,
      payload: {
        ...p,
        customerId: a.customer.id,
        campaignId: a.flow.campaignId,
        journeyId: a.journeyId,
        address: a.customer.msisdn,
        text: rendered.text,
        // A partner receives only the tags the flow lists (webhook nodes' includeTags).
        ...(Array.isArray(p.includeTags) ? { tags: pickTags(a.customer.tags, p.includeTags) } : {}),
        versionHash: a.flow.hash,
      },
      status: suppression ? 'suppressed' : 'pending',
      suppressionReason: suppression?.reason ?? null,
      lastError: suppression?.detail ?? null,
      nextAttemptAt: sendAt,
      createdAt: now,
    });
  return suppression;
}

function pickTags(tags: Record<string, unknown>, names: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) if (typeof n === 'string' && Object.prototype.hasOwnProperty.call(tags, n)) out[n] = tags[n];
  return out;
}
