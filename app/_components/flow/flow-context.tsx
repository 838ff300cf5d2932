'use client';
import { createContext, useContext } from 'react';
import type { Catalog } from '@/workflows';
import type { FlowIssue } from '@/app/_lib/flow-issue';

/** What every node on a canvas needs besides its own data: problems by node, the catalog. */
export interface FlowUi {
  issuesByNode: ReadonlyMap<string, FlowIssue[]>;
  catalog: Catalog | undefined;
  readOnly: boolean;
  /** Per-node marks drawn over the node: a version comparison or a simulated path. */
  marks?: ReadonlyMap<string, NodeMark>;
  /** Live counts of the running version, drawn on nodes and edges (the designer's Live tab). */
  live?: LiveOverlay;
}

export interface LiveNodeCounts {
  entered: number;
  waiting: number;
  contacted: number;
  suppressed: number;
  converted: number;
}

export interface LiveOverlay {
  nodes: Readonly<Record<string, LiveNodeCounts>>;
  /** Times each output was taken, keyed `<node id>:<port>`. */
  ports: Readonly<Record<string, number>>;
}

export type NodeMark = 'added' | 'removed' | 'changed' | 'path';
export const MARK_COLORS: Record<NodeMark, { border: string; background: string }> = {
  added: { border: '#389e0d', background: '#f6ffed' },
  removed: { border: '#cf1322', background: '#fff1f0' },
  changed: { border: '#d48806', background: '#fffbe6' },
  path: { border: '#0b6bcb', background: '#e6f4ff' },
};

const EMPTY: FlowUi = { issuesByNode: new Map(), catalog: undefined, readOnly: true };
export const FlowUiContext = createContext<FlowUi>(EMPTY);
export const useFlowUi = () => useContext(FlowUiContext);

export function groupIssues(issues: FlowIssue[]): Map<string, FlowIssue[]> {
  const map = new Map<string, FlowIssue[]>();
  for (const issue of issues) {
    if (!issue.nodeId) continue;
    const list = map.get(issue.nodeId);
    if (list) list.push(issue);
    else map.set(issue.nodeId, [issue]);
  }
  return map;
}
