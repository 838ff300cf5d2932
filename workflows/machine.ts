import { assign, setup } from 'xstate';
import { z } from 'zod';
import { ApiAttribute, catalogWithApiEntry } from './enrolment';
import type { Catalog } from './catalog';
import type { MachineConfigJson } from './compile';
import { bucketOf } from './bucket';
import { evaluateCondition } from './conditions';

/**
 * Turns a compiled machine config (plain JSON) into an XState machine with the flow language's
 * guards. Actions are named no-ops here: with xstate's pure `initialTransition` / `transition`
 * they come back as data ([snapshot, actions]) and the caller (runtime or simulator) executes
 * them: `step` records a step, `contact` goes through the global contact policy, `startTimer`
 * writes a durable timer that later comes back as `{ type: 'octo.timer', nodeId }`, `setTag`
 * persists a tag. `assignTag` is the one built-in (assign) action: it runs inside the transition.
 */

export interface FlowContext {
  customerId: string;
  /** The customer's tags, refreshed by the runtime before each transition. */
  customer: Record<string, unknown>;
  /**
   * How the run started: the event type and its attributes (trigger); `'schedule'` with `{}` (a
   * scheduled audience's run, occurredAt = the scheduled moment); `'api:<nodeId>'` with the
   * enrolment's attributes (API entry). `event.*` in conditions and templates reads `attributes`.
   */
  trigger: { type: string; attributes: Record<string, unknown>; occurredAt: string };
  visits: Record<string, number>;
}

export type FlowInput = FlowContext;

export type TimerEvent = { type: 'octo.timer'; nodeId: string };
export type TouchpointEvent = {
  type: 'octo.event';
  eventType: string;
  attributes: Record<string, unknown>;
  occurredAt: string;
};
export type ApprovalEvent = { type: 'octo.approval'; nodeId: string; decision: 'approved' | 'rejected'; by?: string };
export type FlowEvent = TimerEvent | TouchpointEvent | ApprovalEvent;

export interface BuildOptions {
  /** Types `customer.*` / `event.*` for conditions (int fields become BigInt, etc.). */
  catalog?: Catalog;
  /**
   * Real-time product eligibility, answered synchronously (resolve CompiledFlow.products before
   * the transition). Without it every customer is ineligible: never offer what was not checked.
   */
  eligible?: (args: { customerId: string; customer: Record<string, unknown>; productId: string }) => boolean;
  /**
   * May the customer take this offer now (offer choice)? By default: the catalog's offer, its
   * product checked with `eligible` (an offer without a product only needs its condition); an
   * offer the catalog does not know is never taken. The simulator answers it itself.
   */
  offerEligible?: (args: { customerId: string; customer: Record<string, unknown>; offerId: string }) => boolean;
}

/**
 * xstate's initialTransition first builds a throwaway actor WITHOUT input (createInertActorScope),
 * which runs eventless transitions — and so our guards — on an empty context. Guards therefore
 * answer false for a context that is not a run's, and never reach the runtime's hooks.
 */
function isRun(context: FlowContext | undefined): context is FlowContext {
  return typeof context?.customerId === 'string' && !!context.customer && typeof context.customer === 'object';
}

/**
 * The catalog conditions are typed with: for a flow entered through an API entry, plus the entry's
 * declared attributes as the event type `api:<nodeId>` (carried in the entry state's `meta`).
 */
function runCatalog(config: MachineConfigJson, catalog: Catalog | undefined): Catalog | undefined {
  const meta = config.states[config.initial]?.meta as { apiAttributes?: unknown } | undefined;
  const parsed = z.array(ApiAttribute).safeParse(meta?.apiAttributes);
  return catalog && meta?.apiAttributes !== undefined && parsed.success ? catalogWithApiEntry(catalog, config.initial, parsed.data) : catalog;
}

export function buildMachine(config: MachineConfigJson, opts: BuildOptions = {}) {
  const { eligible } = opts;
  const catalog = runCatalog(config, opts.catalog);
  const offerEligible =
    opts.offerEligible ??
    ((args: { customerId: string; customer: Record<string, unknown>; offerId: string }) => {
      const offer = catalog?.offers.find((o) => o.id === args.offerId);
      if (!offer) return false;
      return offer.productId === undefined || eligible?.({ customerId: args.customerId, customer: args.customer, productId: offer.productId }) === true;
    });
  const flowSetup = setup({
    types: {
      context: {} as FlowContext,
      events: {} as FlowEvent,
      input: {} as FlowInput,
    },
    guards: {
      cond: ({ context }, params: { expr: string }) =>
        isRun(context) &&
        evaluateCondition(
          params.expr,
          { customer: context.customer, event: context.trigger?.attributes },
          { catalog, eventType: context.trigger?.type },
        ),
      timerFor: ({ event }, params: { nodeId: string }) => event.type === 'octo.timer' && event.nodeId === params.nodeId,
      eventMatches: ({ context, event }, params: { eventType: string; expr: string }) =>
        isRun(context) &&
        event.type === 'octo.event' &&
        event.eventType === params.eventType &&
        evaluateCondition(params.expr, { customer: context.customer, event: event.attributes }, { catalog, eventType: params.eventType }),
      approvalFor: ({ event }, params: { nodeId: string; decision: string }) =>
        event.type === 'octo.approval' && event.nodeId === params.nodeId && event.decision === params.decision,
      eligible: ({ context }, params: { productId: string }) => {
        if (!isRun(context)) return false;
        try {
          return eligible?.({ customerId: context.customerId, customer: context.customer, productId: params.productId }) === true;
        } catch {
          return false;
        }
      },
      offer: ({ context }, params: { offerId: string; expr: string }) => {
        if (!isRun(context)) return false;
        try {
          if (!offerEligible({ customerId: context.customerId, customer: context.customer, offerId: params.offerId })) return false;
        } catch {
          return false;
        }
        return evaluateCondition(params.expr, { customer: context.customer, event: context.trigger?.attributes }, { catalog, eventType: context.trigger?.type });
      },
      bucket: ({ context }, params: { nodeId: string; from: number; to: number }) => {
        if (!isRun(context)) return false;
        const b = bucketOf(String(context.customerId), params.nodeId);
        return b >= params.from && b < params.to;
      },
    },
    actions: {
      step: () => {},
      contact: () => {},
      startTimer: () => {},
      setTag: () => {},
      requestApproval: () => {},
      assignTag: assign(({ context }, params: { tag: string; value: unknown }) => ({
        customer: { ...(context?.customer ?? {}), [params.tag]: params.value },
      })),
    },
  });
  // The config is the compiler's output (compile.ts), checked there; xstate resolves the named
  // guards and actions in it against the implementations above.
  type Config = Parameters<typeof flowSetup.createMachine>[0];
  const machine = flowSetup.createMachine({
    ...(config as unknown as Config),
    context: ({ input }) => input ?? ({} as FlowContext),
  });
  return machine;
}

export type FlowMachine = ReturnType<typeof buildMachine>;
