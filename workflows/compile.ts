import { canonicalize, canonicalJson, sha256Hex } from './canonical';
import type { FlowGraph, FlowNode, FlowSettings } from './graph';
import { entryOfNode, type CompiledEntry } from './entries';
import { getKind, isEntryKind, type ActionJson, type StateJson } from './kinds';
import { compileSignoffs, launchSignoffIds, type CompiledSignoff } from './signoffs';

/**
 * Compiles a VALID flow (see validateFlow) into a plain-JSON XState v5 machine config.
 * The runtime and the simulator both run it through buildMachine (machine.ts). The mapping of
 * each kind to states, events and actions is documented in docs/flow-language.md.
 */

/**
 * Bump when the compiled output for the same graph changes; it is part of the hash.
 * 1.1.0 added entries; 1.2.0 launch sign-offs (`signoffs`, and no machine states for them).
 * The offer choice kind (guard `offer`) needed no bump: it adds states only to graphs that use it,
 * which no earlier compiler accepted, so every existing graph compiles to the same bytes and hash.
 */
export const COMPILER_VERSION = '1.2.0';

/** An event entry, in the shape the runtime's event path reads (see `entries` for every kind). */
export interface CompiledTrigger {
  nodeId: string;
  eventType: string;
  /** CEL condition on the event; '' means always. The runtime checks it before starting a run. */
  condition: string;
}

export interface MachineConfigJson {
  id: 'flow';
  initial: string;
  states: Record<string, StateJson>;
}

export interface CompiledFlow {
  compilerVersion: string;
  /** sha256 hex of the canonical graph (positions excluded) and the compiler version. */
  hash: string;
  settings: FlowSettings;
  /** The event entries only (none when the flow starts by schedule or API). */
  triggers: CompiledTrigger[];
  /** Every entry with its kind: event, schedule or api (a valid flow has exactly one). */
  entries: CompiledEntry[];
  /** Products whose eligibility the `eligible` guard may ask about, sorted. */
  products: string[];
  /**
   * The launch sign-offs (approvals drawn before the entry) in the order they open; [] when none
   * is drawn. They hold for the whole version: the runtime starts no run before all are approved.
   * The hash covers them (they are part of the graph); the machine has no state for them.
   */
  signoffs: CompiledSignoff[];
  machine: MachineConfigJson;
}

export class FlowCompileError extends Error {
  constructor(
    message: string,
    readonly nodeId?: string,
  ) {
    super(message);
    this.name = 'FlowCompileError';
  }
}

/** Params parsed by each kind's schema, so defaults are applied and the hash sees them. */
function normalise(graph: FlowGraph): FlowNode[] {
  return graph.nodes.map((node) => {
    const def = getKind(node.kind);
    if (!def) throw new FlowCompileError(`unknown kind "${node.kind}"`, node.id);
    const parsed = def.params.safeParse(node.params);
    if (!parsed.success) throw new FlowCompileError(`invalid params on node "${node.id}"`, node.id);
    return { ...node, params: parsed.data as Record<string, unknown> };
  });
}

/** What identifies a flow's behaviour: everything but layout, in a stable order. */
export function behaviourOf(graph: FlowGraph, nodes: FlowNode[] = graph.nodes): unknown {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    version: graph.version,
    name: graph.name,
    settings: graph.settings,
    nodes: nodes.map(({ id, kind, params }) => ({ id, kind, params })).sort(byId),
    edges: [...graph.edges].sort(byId),
  };
}

export function hashFlow(graph: FlowGraph): string {
  return sha256Hex(canonicalJson({ compilerVersion: COMPILER_VERSION, graph: behaviourOf(graph, normalise(graph)) }));
}

export function compileFlow(graph: FlowGraph): CompiledFlow {
  const nodes = normalise(graph);
  const targets = new Map<string, string>();
  for (const edge of graph.edges) targets.set(`${edge.source}\u0000${edge.sourcePort}`, edge.target);

  const starts = nodes.filter((n) => isEntryKind(n.kind));
  if (starts.length !== 1) throw new FlowCompileError('a flow needs exactly one entry (trigger, scheduled audience or API entry)');
  const start = starts[0];
  const entry = entryOfNode(start);
  if (!entry) throw new FlowCompileError(`the entry "${start.id}" has no valid schedule`, start.id);

  // Launch sign-offs are given once for the version, before any customer: not states of the machine.
  const signoffIds = launchSignoffIds(nodes, graph.edges, start.id);
  const states: Record<string, StateJson> = {};
  for (const node of [...nodes].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (signoffIds.has(node.id)) continue;
    const def = getKind(node.kind)!;
    const step = (outcome: string): ActionJson => ({ type: 'step', params: { nodeId: node.id, kind: node.kind, outcome } });
    const next = (port: string): string => {
      const target = targets.get(`${node.id}\u0000${port}`);
      if (target === undefined) throw new FlowCompileError(`output "${port}" of node "${node.id}" is not connected`, node.id);
      if (signoffIds.has(target)) throw new FlowCompileError(`output "${port}" of node "${node.id}" leads into the launch sign-off "${target}"`, node.id);
      return target;
    };
    states[node.id] = def.compile({ id: node.id, params: node.params }, { nodeId: node.id, next, step });
  }

  return {
    compilerVersion: COMPILER_VERSION,
    hash: sha256Hex(canonicalJson({ compilerVersion: COMPILER_VERSION, graph: behaviourOf(graph, nodes) })),
    settings: canonicalize(graph.settings) as FlowSettings,
    triggers: entry.kind === 'event' ? [{ nodeId: entry.nodeId, eventType: entry.eventType, condition: entry.condition }] : [],
    entries: [canonicalize(entry) as CompiledEntry],
    products: [...new Set(nodes.filter((n) => n.kind === 'eligibility').map((n) => String(n.params.productId)))].sort(),
    signoffs: canonicalize(compileSignoffs(nodes, graph.edges, start.id)) as CompiledSignoff[],
    machine: canonicalize({ id: 'flow', initial: start.id, states }) as MachineConfigJson,
  };
}
