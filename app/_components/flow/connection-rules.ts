import type { FlowRfEdge, FlowRfNode } from './graph-convert';

export interface ProposedConnection {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
}

/**
 * Links the canvas refuses while drawing (validateFlow would report them after the fact):
 * to itself, into a trigger, or from an output that already leads somewhere.
 */
export function canConnect(c: ProposedConnection, nodes: FlowRfNode[], edges: FlowRfEdge[]): boolean {
  if (!c.source || !c.target || !c.sourceHandle) return false;
  if (c.source === c.target) return false;
  const target = nodes.find((n) => n.id === c.target);
  if (!target || target.data.kind === 'trigger') return false;
  return !edges.some((e) => e.source === c.source && e.sourceHandle === c.sourceHandle);
}
