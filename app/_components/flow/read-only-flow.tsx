'use client';
import { useMemo } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { validateFlow, type Catalog, type FlowGraph } from '@/workflows';
import { AutoFit } from './auto-fit';
import { FlowCanvas } from './flow-canvas';
import { groupIssues } from './flow-context';
import { toRf } from './graph-convert';

/** A flow shown for reading (approvals): same nodes as the designer, nothing editable. */
export function ReadOnlyFlow({ graph, catalog, ariaLabel }: { graph: FlowGraph; catalog: Catalog | undefined; ariaLabel: string }) {
  const { nodes, edges } = useMemo(() => toRf(graph), [graph]);
  const ui = useMemo(
    () => ({ readOnly: true, catalog, issuesByNode: catalog ? groupIssues(validateFlow(graph, catalog).issues) : new Map() }),
    [graph, catalog],
  );
  return (
    <ReactFlowProvider>
      <FlowCanvas nodes={nodes} edges={edges} ui={ui} ariaLabel={ariaLabel}>
        <AutoFit />
      </FlowCanvas>
    </ReactFlowProvider>
  );
}
