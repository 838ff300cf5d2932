import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { Catalog } from './catalog';
import { compileFlow, type CompiledFlow } from './compile';
import { explainCondition, type ConditionData } from './conditions';
import type { FlowGraph } from './graph';
import type { FlowIssue } from './issues';
import { buildMachine, type FlowContext, type FlowEvent } from './machine';
import { explainStep } from './reasons';
import { renderTemplate } from './template';
import { t, type LocalizedText } from './text';
import { timerDue, type StartTimerParams } from './timers';
import { validateFlow } from './validate';

/**
 * Runs one customer through a flow on a virtual clock, with the SAME compiled machine and
 * buildMachine as the runtime, through xstate's pure transitions. Timers fire at their due time
 * without waiting. The global contact policy is not applied here: contacts are what the flow
 * asks for, before the policy decides.
 */

export interface SimulatedEvent {
  at: string | Date;
  type: string;
  attributes?: Record<string, unknown>;
}

export interface SimulateInput {
  customer: Record<string, unknown>;
  customerId?: string;
  /** The event that starts the flow; its time defaults to `start`. */
  trigger: { type: string; attributes?: Record<string, unknown>; at?: string | Date };
  /** Later events of the same customer, in any order. */
  events?: SimulatedEvent[];
  start?: Date;
  /** Types conditions (int fields) and, for a graph, validates it first. */
  catalog?: Catalog;
  /** Stop when the clock would pass this moment (status 'waiting'). */
  until?: Date;
  /** Safety net against endless loops; default 10,000 transitions. */
  maxSteps?: number;
  /** Approval decisions, delivered at their time; without one an approval times out. */
  decisions?: Array<{ at: string | Date; nodeId: string; decision: 'approved' | 'rejected' }>;
  /** Eligibility answers by product id; a product not listed is assumed eligible (and said so). */
  eligibility?: Record<string, boolean>;
}

export interface SimulatedStep {
  nodeId: string;
  kind: string;
  outcome: string;
  at: string;
  reason?: LocalizedText;
}

export interface SimulatedContact {
  nodeId: string;
  channel: string;
  text: string;
  offerId?: string;
  at: string;
  /** Placeholders the customer or event had no value for (rendered empty). */
  missing: string[];
}

export type SimulationStatus = 'done' | 'waiting' | 'not_triggered' | 'step_limit' | 'invalid';

export interface SimulationResult {
  status: SimulationStatus;
  path: SimulatedStep[];
  contacts: SimulatedContact[];
  /** States the customer is still in when the simulation stops. */
  activeNodes: string[];
  message?: LocalizedText;
  issues?: FlowIssue[];
  hash?: string;
}

interface Timer {
  nodeId: string;
  due: number;
  seq: number;
}

function toMs(at: string | Date | undefined, fallback: number): number {
  if (at === undefined) return fallback;
  const ms = at instanceof Date ? at.getTime() : Date.parse(at);
  return Number.isFinite(ms) ? ms : fallback;
}

function activeNodes(snapshot: AnyMachineSnapshot): string[] {
  const value: unknown = snapshot.value;
  if (typeof value === 'string') return [value];
  return value && typeof value === 'object' ? Object.keys(value) : [];
}

export function simulateFlow(flow: FlowGraph | CompiledFlow, input: SimulateInput): SimulationResult {
  const empty = { path: [], contacts: [], activeNodes: [] };
  let compiled: CompiledFlow;
  if ('machine' in flow) {
    compiled = flow;
  } else {
    let graph: FlowGraph = flow;
    if (input.catalog) {
      const checked = validateFlow(flow, input.catalog);
      if (!checked.ok || !checked.graph) {
        return { ...empty, status: 'invalid', issues: checked.issues, message: t('The flow has problems; fix them before simulating.', '流程存在问题，请先修正再模拟。') };
      }
      graph = checked.graph;
    }
    try {
      compiled = compileFlow(graph);
    } catch (err) {
      return { ...empty, status: 'invalid', message: t(`The flow cannot be compiled: ${String(err)}`, `流程无法编译：${String(err)}`) };
    }
  }

  const start = toMs(input.trigger.at, input.start?.getTime() ?? Date.now());
  const iso = (ms: number) => new Date(ms).toISOString();
  const triggerAttrs = input.trigger.attributes ?? {};
  const entry = compiled.triggers[0];
  if (!entry || entry.eventType !== input.trigger.type) {
    return {
      ...empty,
      status: 'not_triggered',
      hash: compiled.hash,
      message: t(`The flow starts on "${entry?.eventType}", not on "${input.trigger.type}".`, `该流程由“${entry?.eventType}”启动，而不是“${input.trigger.type}”。`),
    };
  }
  // Conditions read the customer as the machine sees it (set_tag updates it along the way).
  const data: ConditionData = { customer: { ...input.customer }, event: triggerAttrs };
  const gate = explainCondition(entry.condition, data, { catalog: input.catalog, eventType: entry.eventType });
  if (!gate.value) {
    const why = gate.error?.message ?? t(`"${entry.condition}" was false.`, `“${entry.condition}”不成立。`);
    return { ...empty, status: 'not_triggered', hash: compiled.hash, message: t(`The trigger's condition stops this customer: ${why.en}`, `触发条件未通过：${why.zh}`) };
  }

  const eligibility = input.eligibility ?? {};
  const machine = buildMachine(compiled.machine, {
    catalog: input.catalog,
    eligible: ({ productId }) => eligibility[productId] ?? true,
  });
  const context: FlowContext = {
    customerId: input.customerId ?? 'simulated-customer',
    customer: input.customer,
    trigger: { type: input.trigger.type, attributes: triggerAttrs, occurredAt: iso(start) },
    visits: {},
  };
  const path: SimulatedStep[] = [];
  const contacts: SimulatedContact[] = [];
  let timers: Timer[] = [];
  const notes = new Map<string, LocalizedText>();
  // The event being delivered, while its transition's steps are explained.
  let lastEvent: { eventType: string; attributes: Record<string, unknown> } | undefined;
  let seq = 0;
  let now = start;

  const run = (actions: Array<{ type: string; params?: unknown }>) => {
    for (const action of actions) {
      const p = (action.params ?? {}) as Record<string, unknown>;
      if (action.type === 'setTag') {
        data.customer = { ...data.customer, [String(p.tag)]: p.value };
      } else if (action.type === 'step') {
        const nodeId = String(p.nodeId);
        const outcome = String(p.outcome);
        const reason =
          (outcome === 'elapsed' ? notes.get(nodeId) : undefined) ??
          explainStep(compiled.machine.states[nodeId], outcome, {
            data,
            customerId: context.customerId,
            catalog: input.catalog,
            eventType: entry.eventType,
            awaitedEvent: lastEvent,
            eligibility,
          });
        path.push({ nodeId, kind: String(p.kind), outcome, at: iso(now), ...(reason ? { reason } : {}) });
      } else if (action.type === 'contact') {
        const rendered = renderTemplate(String(p.template ?? ''), data);
        contacts.push({
          nodeId: String(p.nodeId),
          channel: String(p.channel),
          text: rendered.text,
          ...(typeof p.offerId === 'string' ? { offerId: p.offerId } : {}),
          at: iso(now),
          missing: rendered.missing,
        });
      } else if (action.type === 'startTimer') {
        const due = timerDue(p as unknown as StartTimerParams, new Date(now), data.customer);
        const nodeId = String(p.nodeId);
        if (due.note) notes.set(nodeId, due.note);
        else notes.delete(nodeId);
        // A node has at most one pending timer: re-entering it (a loop) replaces the old one.
        timers = timers.filter((tm) => tm.nodeId !== nodeId);
        timers.push({ nodeId, due: due.at.getTime(), seq: seq++ });
      }
    }
  };

  let [snapshot, actions] = initialTransition(machine, context);
  run(actions);
  const touchpoints = (input.events ?? []).map((e): FlowEvent => ({ type: 'octo.event', eventType: e.type, attributes: e.attributes ?? {}, occurredAt: '' }));
  const approvals = (input.decisions ?? []).map((d): FlowEvent => ({ type: 'octo.approval', nodeId: d.nodeId, decision: d.decision }));
  const times = [...(input.events ?? []), ...(input.decisions ?? [])].map((e) => toMs(e.at, start));
  const pending = [...touchpoints, ...approvals]
    .map((send, i) => ({ send, ms: times[i], i }))
    .filter((e) => e.ms >= start)
    .sort((a, b) => a.ms - b.ms || a.i - b.i);
  const maxSteps = input.maxSteps ?? 10_000;
  const horizon = input.until?.getTime() ?? Infinity;
  let steps = 0;

  while (snapshot.status === 'active') {
    if (steps++ >= maxSteps) {
      return { status: 'step_limit', path, contacts, activeNodes: activeNodes(snapshot), hash: compiled.hash, message: t(`Stopped after ${maxSteps} steps; the flow may loop.`, `已在 ${maxSteps} 步后停止；流程可能存在循环。`) };
    }
    timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    const timer = timers[0];
    const event = pending[0];
    // On a tie the customer's event goes first: it happened within the wait, not after it.
    const useEvent = event !== undefined && (timer === undefined || event.ms <= timer.due);
    const nextAt = useEvent ? event.ms : timer?.due;
    if (nextAt === undefined || nextAt > horizon) break;
    now = nextAt;
    let send: FlowEvent;
    if (useEvent) {
      pending.shift();
      send = event.send.type === 'octo.event' ? { ...event.send, occurredAt: iso(event.ms) } : event.send;
    } else {
      timers.shift();
      send = { type: 'octo.timer', nodeId: timer!.nodeId };
    }
    [snapshot, actions] = transition(machine, snapshot, send);
    lastEvent = send.type === 'octo.event' ? send : undefined;
    run(actions);
    lastEvent = undefined;
    // A state that was left no longer owns its timers (the runtime deletes such timer rows too).
    const active = new Set(activeNodes(snapshot));
    timers = timers.filter((tm) => active.has(tm.nodeId));
  }

  const status: SimulationStatus = snapshot.status === 'done' ? 'done' : 'waiting';
  return { status, path, contacts, activeNodes: status === 'done' ? [] : activeNodes(snapshot), hash: compiled.hash };
}
