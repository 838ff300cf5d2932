'use client';
import { useMemo, type DragEvent, type ReactNode } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  type IsValidConnection,
  type OnConnect,
  type OnEdgesChange,
  type OnNodesChange,
  type NodeTypes,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useLocale } from 'next-intl';
import { NODE_KINDS } from '@/workflows';
import { pickText } from '@/app/_lib/localized';
import { canConnect } from './connection-rules';
import { FlowUiContext, type FlowUi } from './flow-context';
import { FlowNode } from './flow-node';
import { portLabel, portsOf, type FlowRfEdge, type FlowRfNode } from './graph-convert';

// Defined once at module level: React Flow remounts every node when nodeTypes changes identity.
const nodeTypes: NodeTypes = Object.fromEntries(NODE_KINDS.map((kind) => [kind, FlowNode]));

export interface FlowCanvasProps {
  nodes: FlowRfNode[];
  edges: FlowRfEdge[];
  ui: FlowUi;
  onNodesChange?: OnNodesChange<FlowRfNode>;
  onEdgesChange?: OnEdgesChange<FlowRfEdge>;
  onConnect?: OnConnect;
  onNodeClick?: (nodeId: string) => void;
  onDrop?: (event: DragEvent<HTMLDivElement>) => void;
  ariaLabel: string;
  children?: ReactNode;
}

/**
 * The flow canvas, for the designer (editable) and for approvers (ui.readOnly). The parent owns
 * the nodes and edges; this component only draws them and reports the user's changes.
 */
export function FlowCanvas({ nodes, edges, ui, onNodesChange, onEdgesChange, onConnect, onNodeClick, onDrop, ariaLabel, children }: FlowCanvasProps) {
  const locale = useLocale();
  const readOnly = ui.readOnly;

  const isValidConnection: IsValidConnection<FlowRfEdge> = (c) => canConnect(c, nodes, edges);

  // Branch labels on edges leaving multi-output nodes, so a read-only flow reads without hovering.
  const labelledEdges = useMemo(() => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return edges.map((e) => {
      const source = byId.get(e.source);
      if (!source || !e.sourceHandle || portsOf(source.data.kind, source.data.params).length < 2) return e;
      const text = portLabel(source.data.kind, source.data.params, e.sourceHandle);
      return { ...e, label: typeof text === 'string' ? text : pickText(text, locale) };
    });
  }, [nodes, edges, locale]);

  return (
    <FlowUiContext.Provider value={ui}>
      <div style={{ width: '100%', height: '100%' }} onDragOver={(e) => onDrop && e.preventDefault()} onDrop={onDrop} aria-label={ariaLabel} role="group">
        <ReactFlow<FlowRfNode, FlowRfEdge>
          nodes={nodes}
          edges={labelledEdges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onNodeClick={onNodeClick ? (_, node) => onNodeClick(node.id) : undefined}
          isValidConnection={isValidConnection}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          elementsSelectable
          deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
          defaultEdgeOptions={{ markerEnd: { type: MarkerType.ArrowClosed }, style: { strokeWidth: 1.5 } }}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1.1 }}
          minZoom={0.2}
        >
          <Background gap={16} />
          <Controls showInteractive={false} />
          <MiniMap pannable zoomable style={{ width: 140, height: 90 }} />
          {children}
        </ReactFlow>
      </div>
    </FlowUiContext.Provider>
  );
}
