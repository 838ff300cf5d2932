'use client';
import { createContext, useContext } from 'react';
import type { Catalog } from '@/workflows';
import type { FlowIssue } from '@/app/_lib/flow-issue';

/** What every node on a canvas needs besides its own data: problems by node, the catalog. */
export interface FlowUi {
  issuesByNode: ReadonlyMap<string, FlowIssue[]>;
  catalog: Catalog | undefined;
  readOnly: boolean;
}

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
