import type { FlowGraph } from '@/workflows';

/**
 * What changed between two flows, node by node (matched by id, as the runtime matches them):
 * added, removed, changed (kind, settings or outgoing links) or unchanged. Positions alone do not
 * count as a change: moving a box does not change what customers get.
 */
export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface NodeDiff {
  id: string;
  status: DiffStatus;
  kind: string;
  before?: FlowGraph['nodes'][number];
  after?: FlowGraph['nodes'][number];
  /** Top-level settings whose values differ (for a changed node). */
  changedParams: string[];
  /** Output ports whose target differs. */
  changedLinks: string[];
}

const stable = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

function links(graph: FlowGraph, id: string): Map<string, string> {
  return new Map(graph.edges.filter((e) => e.source === id).map((e) => [e.sourcePort, e.target]));
}

export function diffGraphs(before: FlowGraph, after: FlowGraph): NodeDiff[] {
  const a = new Map(before.nodes.map((n) => [n.id, n]));
  const b = new Map(after.nodes.map((n) => [n.id, n]));
  const out: NodeDiff[] = [];
  for (const n of after.nodes) {
    const old = a.get(n.id);
    if (!old) {
      out.push({ id: n.id, status: 'added', kind: n.kind, after: n, changedParams: [], changedLinks: [] });
      continue;
    }
    const keys = new Set([...Object.keys(old.params), ...Object.keys(n.params)]);
    const changedParams = [...keys].filter((k) => stable(old.params[k]) !== stable(n.params[k]));
    const la = links(before, n.id);
    const lb = links(after, n.id);
    const changedLinks = [...new Set([...la.keys(), ...lb.keys()])].filter((p) => la.get(p) !== lb.get(p));
    const changed = old.kind !== n.kind || changedParams.length > 0 || changedLinks.length > 0;
    out.push({ id: n.id, status: changed ? 'changed' : 'unchanged', kind: n.kind, before: old, after: n, changedParams, changedLinks });
  }
  for (const n of before.nodes) {
    if (!b.has(n.id)) out.push({ id: n.id, status: 'removed', kind: n.kind, before: n, changedParams: [], changedLinks: [] });
  }
  return out;
}

/**
 * One graph to draw the comparison on: the newer flow plus the removed nodes (at their old
 * places) and removed links, so nothing that went away is invisible.
 */
export function mergedForDiff(before: FlowGraph, after: FlowGraph): FlowGraph {
  const ids = new Set(after.nodes.map((n) => n.id));
  const edgeKeys = new Set(after.edges.map((e) => `${e.source}\u0000${e.sourcePort}\u0000${e.target}`));
  return {
    ...after,
    nodes: [...after.nodes, ...before.nodes.filter((n) => !ids.has(n.id))],
    edges: [
      ...after.edges,
      ...before.edges.filter((e) => !edgeKeys.has(`${e.source}\u0000${e.sourcePort}\u0000${e.target}`)).map((e) => ({ ...e, id: `removed:${e.id}` })),
    ],
  };
}
