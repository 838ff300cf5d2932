// Where a canvas opens (and re-fits while its size settles).
import type { FitViewOptions } from '@xyflow/react';
import { getKind } from '@/workflows';
import type { FlowRfNode } from './graph-convert';

/** Fitting a flow whole. */
export const FIT_OPTIONS: FitViewOptions<FlowRfNode> = { padding: 0.2, maxZoom: 1.1 };
/** A flow with more nodes draws only those in view, and opens on its entry rather than whole. */
export const LARGE_FLOW = 120;
/** How many nodes around the entry a large flow opens on. */
const OPENING_NODES = 24;

/**
 * Where the canvas opens. A small flow is fitted whole. A large one opens on its entry and the
 * nodes nearest it, at a zoom where a node can still be read: fitted whole, 300 nodes are specks
 * and every one of them is drawn (and redrawn on each drag frame); the minimap and the fit button
 * show the whole flow on demand.
 */
export function openingView(nodes: FlowRfNode[]): FitViewOptions<FlowRfNode> {
  if (nodes.length <= LARGE_FLOW) return FIT_OPTIONS;
  const entry = nodes.find((n) => getKind(n.data.kind)?.category === 'entry') ?? nodes[0]!;
  const distance = (n: FlowRfNode) => (n.position.x - entry.position.x) ** 2 + (n.position.y - entry.position.y) ** 2;
  const near = [...nodes].sort((a, b) => distance(a) - distance(b)).slice(0, OPENING_NODES);
  return { padding: 0.2, maxZoom: 1.1, minZoom: 0.5, nodes: near.map((n) => ({ id: n.id })) };
}
