import type { Edge, Node } from '@xyflow/react';
import { getKind, type Catalog, type FlowGraph, type LocalizedText, type NodeKind } from '@/workflows';

/**
 * The bridge between the saved FlowGraph (workflows/graph.ts) and React Flow's nodes and edges.
 * A React Flow node's `type` is the node kind; an edge's `sourceHandle` is the output port.
 */

export interface FlowNodeData extends Record<string, unknown> {
  kind: NodeKind;
  params: Record<string, unknown>;
}
export type FlowRfNode = Node<FlowNodeData, NodeKind>;
export type FlowRfEdge = Edge;

/** The target handle every node but a trigger has. */
export const IN_HANDLE = 'in';

export function toRf(graph: FlowGraph): { nodes: FlowRfNode[]; edges: FlowRfEdge[] } {
  return {
    nodes: graph.nodes.map((n) => ({ id: n.id, type: n.kind, position: n.position, data: { kind: n.kind, params: n.params } })),
    edges: graph.edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourcePort, target: e.target, targetHandle: IN_HANDLE })),
  };
}

export function fromRf(nodes: FlowRfNode[], edges: FlowRfEdge[], base: Pick<FlowGraph, 'name' | 'settings'>): FlowGraph {
  return {
    version: 1,
    ...(base.name !== undefined ? { name: base.name } : {}),
    settings: base.settings,
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      params: n.data.params,
    })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, sourcePort: e.sourceHandle ?? '', target: e.target })),
  };
}

/** The output ports of a node; a node whose params do not parse yet gets its kind's default ports. */
export function portsOf(kind: string, params: Record<string, unknown>): string[] {
  const def = getKind(kind);
  if (!def) return [];
  const parsed = def.params.safeParse(params);
  try {
    return def.outputs(parsed.success ? parsed.data : def.defaults);
  } catch {
    return def.outputs(def.defaults);
  }
}

/**
 * The label of an output port: the kind's fixed port label (yes/no…), else the label the designer
 * gave a user-named branch (switch cases, split branches), else the catalog's name of the offer a
 * branch is named after (offer choice), else the port name.
 */
export function portLabel(kind: string, params: Record<string, unknown>, port: string, catalog?: Catalog): LocalizedText | string {
  const fixed = getKind(kind)?.portLabels?.[port];
  if (fixed) return fixed;
  for (const value of Object.values(params)) {
    if (!Array.isArray(value)) continue;
    for (const item of value) {
      if (!item || typeof item !== 'object') continue;
      if ((item as { name?: unknown }).name === port) {
        const label = (item as { label?: unknown }).label;
        if (typeof label === 'string' && label.trim()) return label;
      }
      if ((item as { offerId?: unknown }).offerId === port) {
        const offer = catalog?.offers.find((o) => o.id === port);
        if (offer) return offer.label;
      }
    }
  }
  return port;
}

/** A fresh node id for a kind: `sms_1`, `sms_2`… (ids must start with a letter). */
export function nextNodeId(kind: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) {
    const id = `${kind}_${i}`;
    if (!used.has(id)) return id;
  }
}

export function edgeIdFor(source: string, port: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = `e_${source}_${port}`;
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}
