import { setup, type AnyStateMachine } from 'xstate';
import type { Catalog } from './catalog';
import type { MachineConfigJson } from './compile';
import { bucketOf } from './bucket';
import { evaluateCondition } from './conditions';

/**
 * Turns a compiled machine config (plain JSON) into an XState machine with the flow language's
 * guards. Actions are named no-ops here: with xstate's pure `initialTransition` / `transition`
 * they come back as data ([snapshot, actions]) and the caller (runtime or simulator) executes
 * them: `step` records a step, `contact` goes through the global contact policy, `startTimer`
 * writes a durable timer that later comes back as `{ type: 'octo.timer', nodeId }`.
 */

export interface FlowContext {
  customerId: string;
  /** The customer's tags, refreshed by the runtime before each transition. */
  customer: Record<string, unknown>;
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
export type FlowEvent = TimerEvent | TouchpointEvent;

export interface BuildOptions {
  /** Types `customer.*` / `event.*` for conditions (int fields become BigInt, etc.). */
  catalog?: Catalog;
}

export function buildMachine(config: MachineConfigJson, opts: BuildOptions = {}) {
  const { catalog } = opts;
  const flowSetup = setup({
    types: {
      context: {} as FlowContext,
      events: {} as FlowEvent,
      input: {} as FlowInput,
    },
    guards: {
      cond: ({ context }, params: { expr: string }) =>
        evaluateCondition(
          params.expr,
          { customer: context.customer, event: context.trigger?.attributes },
          { catalog, eventType: context.trigger?.type },
        ),
      timerFor: ({ event }, params: { nodeId: string }) => event.type === 'octo.timer' && event.nodeId === params.nodeId,
      eventMatches: ({ context, event }, params: { eventType: string; expr: string }) =>
        event.type === 'octo.event' &&
        event.eventType === params.eventType &&
        evaluateCondition(params.expr, { customer: context.customer, event: event.attributes }, { catalog, eventType: params.eventType }),
      bucket: ({ context }, params: { nodeId: string; from: number; to: number }) => {
        const b = bucketOf(String(context.customerId), params.nodeId);
        return b >= params.from && b < params.to;
      },
    },
    actions: {
      step: () => {},
      contact: () => {},
      startTimer: () => {},
    },
  });
  // The config is the compiler's output (compile.ts), checked there; xstate resolves the named
  // guards and actions in it against the implementations above.
  type Config = Parameters<typeof flowSetup.createMachine>[0];
  const machine = flowSetup.createMachine({
    ...(config as unknown as Config),
    context: ({ input }) => input,
  });
  return machine as AnyStateMachine;
}
