import { isEntryKind } from '@/workflows';
import type { FlowRfEdge, FlowRfNode } from './graph-convert';

export interface ProposedConnection {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
}

/**
 * Links the canvas refuses while drawing (validateFlow would report them after the fact):
 * to itself, from an output that already leads somewhere, or into an entry from anything but an
 * approval's Approved output (approvals drawn before the entry are its launch sign-offs).
 */
export function canConnect(c: ProposedConnection, nodes: FlowRfNode[], edges: FlowRfEdge[]): boolean {
  if (!c.source || !c.target || !c.sourceHandle) return false;
  if (c.source === c.target) return false;
  const target = nodes.find((n) => n.id === c.target);
  if (!target) return false;
  if (isEntryKind(target.data.kind)) {
    const source = nodes.find((n) => n.id === c.source);
    if (source?.data.kind !== 'approval' || c.sourceHandle !== 'approved') return false;
  }
  return !edges.some((e) => e.source === c.source && e.sourceHandle === c.sourceHandle);
}
