import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { Catalog } from './catalog';
import { compileFlow, type CompiledFlow } from './compile';
import type { ConditionData, ConditionScope } from './conditions';
import type { FlowGraph } from './graph';
import type { FlowIssue } from './issues';
import { buildMachine, type FlowContext, type FlowEvent } from './machine';
import { explainStep, simulatedOffer } from './reasons';
import { renderTemplate } from './template';
import { t, type LocalizedText } from './text';
import { timerDue, type StartTimerParams } from './timers';
import { validateFlow } from './validate';
import { entryScope, entryTriggerType, explainEntry, type CompiledEntry } from './entries';
import { parseEnrolment } from './enrolment';
import { describeSchedule, nextOccurrence, SCHEDULE_TIMEZONE } from './schedule';
import { localParts } from './timers';
import { signoffSigner } from './signoffs';

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
  /**
   * How the customer enters. A trigger: the event (`type` = its event type, `attributes`, `at`,
   * default `start`). A scheduled audience: `{ type: 'schedule', at? }` — the customer enters
   * with the run at `at`, or with the schedule's first run after `start`. An API entry:
   * `{ type: 'api' (or 'api:<nodeId>'), attributes, at? }` — an explicit enrolment, its
   * attributes checked against the entry's declaration.
   */
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
  /**
   * Approval decisions, delivered at their time; without one an approval times out. A decision
   * for a launch sign-off (an approval drawn before the entry) is the version's: 'rejected' means
   * it never launches; without one the launch sign-off is assumed given (and the path says so).
   */
  decisions?: Array<{ at: string | Date; nodeId: string; decision: 'approved' | 'rejected' }>;
  /**
   * Eligibility answers by product id (and, for offer choice, by offer id, which wins over its
   * product); a product not listed is assumed eligible (and said so).
   */
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

  const entry: CompiledEntry | undefined =
    compiled.entries?.[0] ?? (compiled.triggers[0] ? { kind: 'event', ...compiled.triggers[0] } : undefined);
  if (!entry) return { ...empty, status: 'invalid', message: t('The flow has no start.', '流程没有起点。') };
  const notTriggered = (message: LocalizedText, issues?: FlowIssue[]): SimulationResult => ({
    ...empty,
    status: 'not_triggered',
    hash: compiled.hash,
    message,
    ...(issues ? { issues } : {}),
  });
  // Launch sign-offs hold for the whole version: shown first on the path, in the order they open.
  const signoffSteps: SimulatedStep[] = [];
  const signoffAt = new Date(toMs(input.trigger.at, input.start?.getTime() ?? Date.now())).toISOString();
  for (const s of compiled.signoffs ?? []) {
    const decision = input.decisions?.find((d) => d.nodeId === s.nodeId)?.decision;
    const who = signoffSigner(s);
    if (decision === 'rejected') {
      signoffSteps.push({ nodeId: s.nodeId, kind: 'approval', outcome: 'rejected', at: signoffAt, reason: t(`launch sign-off by ${who.en}: rejected`, `${who.zh}的上线审批：驳回`) });
      return {
        ...notTriggered(t(`The launch sign-off "${s.nodeId}" (${who.en}) was rejected: this version never launches, so no customer enters it.`, `上线审批“${s.nodeId}”（${who.zh}）被驳回：该版本不会上线，没有客户进入。`)),
        path: signoffSteps,
      };
    }
    signoffSteps.push({
      nodeId: s.nodeId,
      kind: 'approval',
      outcome: 'approved',
      at: signoffAt,
      reason:
        decision === 'approved'
          ? t(`launch sign-off by ${who.en}: approved before launch`, `${who.zh}的上线审批：上线前已通过`)
          : t(`launch sign-off by ${who.en}: assumed approved before launch (the version runs only once every launch sign-off is approved)`, `${who.zh}的上线审批：模拟中默认上线前已通过（所有上线审批通过后版本才会运行）`),
    });
  }
  const mismatch = entryMismatch(entry, input.trigger.type);
  if (mismatch) return notTriggered(mismatch);

  const startAt = input.start?.getTime() ?? Date.now();
  let start = toMs(input.trigger.at, startAt);
  let entryNote: LocalizedText | undefined;
  let triggerAttrs: Record<string, unknown> = input.trigger.attributes ?? {};
  if (entry.kind === 'schedule') {
    // A scheduled audience: the customer enters with the run at the given moment, or with the
    // first run after the simulation's start.
    if (input.trigger.at === undefined) {
      const next = nextOccurrence(entry.schedule, new Date(startAt - 1));
      const when = describeSchedule(entry.schedule);
      if (!next) return notTriggered(t(`The scheduled audience runs ${when.en}, before the simulation starts.`, `定时客群的执行时间（${when.zh}）早于模拟开始时间。`));
      start = next.getTime();
    }
    triggerAttrs = {};
    const local = formatChinaTime(start);
    entryNote = t(`entered with the scheduled audience run of ${local} (China time)`, `随 ${local}（北京时间）的定时客群批次进入`);
  } else if (entry.kind === 'api') {
    const parsed = parseEnrolment(entry.attributes, input.trigger.attributes);
    if (!parsed.ok) {
      const issues = parsed.issues.map((i): FlowIssue => ({ nodeId: entry.nodeId, rule: 'bad_enrolment', message: i.message, ...(i.field ? { field: i.field } : {}) }));
      return notTriggered(t(`The enrolment's attributes are not valid: ${issues.map((i) => i.message.en).join(' ')}`, `加入请求的属性无效：${issues.map((i) => i.message.zh).join('')}`), issues);
    }
    triggerAttrs = parsed.attributes;
    entryNote = t('enrolled through the API', '通过 API 加入');
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const scope: ConditionScope = input.catalog ? entryScope(input.catalog, entry) : {};
  // Conditions read the customer as the machine sees it (set_tag updates it along the way).
  const data: ConditionData = { customer: { ...input.customer }, event: triggerAttrs };
  const gate = explainEntry(entry, { customer: data.customer ?? {}, attributes: triggerAttrs }, input.catalog);
  if (!gate.value) {
    const why = gate.error?.message ?? t(`"${entry.condition}" was false.`, `“${entry.condition}”不成立。`);
    const stops = {
      event: t(`The trigger's condition stops this customer: ${why.en}`, `触发条件未通过：${why.zh}`),
      schedule: t(`The customer is not in the scheduled audience: ${why.en}`, `客户不在定时客群中：${why.zh}`),
      api: t(`The API entry's condition stops this customer: ${why.en}`, `API 接入的进入条件未通过：${why.zh}`),
    };
    return notTriggered(stops[entry.kind]);
  }

  const eligibility = input.eligibility ?? {};
  const machine = buildMachine(compiled.machine, {
    catalog: input.catalog,
    eligible: ({ productId }) => eligibility[productId] ?? true,
    offerEligible: ({ offerId }) => simulatedOffer(offerId, scope.catalog ?? input.catalog, eligibility).eligible,
  });
  const context: FlowContext = {
    customerId: input.customerId ?? 'simulated-customer',
    customer: input.customer,
    trigger: { type: entryTriggerType(entry), attributes: triggerAttrs, occurredAt: iso(start) },
    visits: {},
  };
  const path: SimulatedStep[] = [...signoffSteps];
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
          (nodeId === entry.nodeId && outcome === 'entered' ? entryNote : undefined) ??
          explainStep(compiled.machine.states[nodeId], outcome, {
            data,
            customerId: context.customerId,
            catalog: scope.catalog,
            eventType: scope.eventType,
            awaitedEvent: lastEvent,
            eligibility,
          });
        path.push({ nodeId, kind: String(p.kind), outcome, at: iso(now), ...(reason ? { reason } : {}) });
      } else if (action.type === 'contact') {
        const rendered = renderTemplate(String(p.template ?? ''), data, scope);
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
  const journeyDecisions = (input.decisions ?? []).filter((d) => !(compiled.signoffs ?? []).some((s) => s.nodeId === d.nodeId));
  const approvals = journeyDecisions.map((d): FlowEvent => ({ type: 'octo.approval', nodeId: d.nodeId, decision: d.decision }));
  const times = [...(input.events ?? []), ...journeyDecisions].map((e) => toMs(e.at, start));
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

function formatChinaTime(ms: number): string {
  const p = localParts(ms, SCHEDULE_TIMEZONE);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${two(p.m)}-${two(p.d)} ${two(p.hh)}:${two(p.mm)}`;
}

/** Why the simulated start does not fit the flow's entry, or undefined when it does. */
function entryMismatch(entry: CompiledEntry, type: string): LocalizedText | undefined {
  switch (entry.kind) {
    case 'event':
      return type === entry.eventType
        ? undefined
        : t(`The flow starts on "${entry.eventType}", not on "${type}".`, `该流程由“${entry.eventType}”启动，而不是“${type}”。`);
    case 'schedule':
      return type === 'schedule'
        ? undefined
        : t(`The flow starts with a scheduled audience, not on "${type}": simulate it with the trigger type "schedule".`, `该流程由定时客群启动，而不是“${type}”：请用触发类型“schedule”模拟。`);
    case 'api':
      return type === 'api' || type === `api:${entry.nodeId}`
        ? undefined
        : t(`The flow starts by API enrolment, not on "${type}": simulate it with the trigger type "api".`, `该流程通过 API 加入启动，而不是“${type}”：请用触发类型“api”模拟。`);
  }
}
