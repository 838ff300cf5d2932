'use client';
import { useCallback, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  type IsValidConnection,
  type OnBeforeDelete,
  type OnConnect,
  type OnEdgesChange,
  type OnNodesChange,
  type NodeTypes,
  type ReactFlowProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './flow-canvas.css';
import { useLocale, useTranslations } from 'next-intl';
import { getKind, NODE_KINDS, type Catalog } from '@/workflows';
import { pickText } from '@/app/_lib/localized';
import { canConnect } from './connection-rules';
import { LARGE_FLOW, openingView } from './opening-view';
import { FlowUiContext, type FlowUi } from './flow-context';
import { FlowNode } from './flow-node';
import { CATEGORY_VISUALS } from './kind-visuals';
import { portLabel, portsOf, type FlowRfEdge, type FlowRfNode } from './graph-convert';

const MINIMAP_COLOR: Record<string, string> = Object.fromEntries(
  NODE_KINDS.map((kind) => [kind, CATEGORY_VISUALS[getKind(kind)?.category ?? 'data'].color]),
);

/** The words on an edge: its port's label, with the share for an A/B split branch. */
function edgeLabel(source: FlowRfNode, port: string, locale: string, catalog: Catalog | undefined): string {
  const text = portLabel(source.data.kind, source.data.params, port, catalog);
  const label = typeof text === 'string' ? text : pickText(text, locale);
  if (source.data.kind === 'split') {
    const branches = source.data.params.branches;
    const branch = Array.isArray(branches) ? (branches as { name?: unknown; percent?: unknown }[]).find((b) => b.name === port) : undefined;
    if (typeof branch?.percent === 'number') return `${label} ${branch.percent}%`;
  }
  return label;
}

/**
 * The nodes' data as one value that keeps its identity while only positions change (a drag
 * replaces the node objects every frame but keeps their `data`).
 */
function useSameData(nodes: FlowRfNode[]): FlowRfNode['data'][] {
  const ref = useRef<FlowRfNode['data'][]>([]);
  const prev = ref.current;
  if (prev.length !== nodes.length || nodes.some((n, i) => n.data !== prev[i])) ref.current = nodes.map((n) => n.data);
  return ref.current;
}

// Defined once at module level: React Flow remounts every node when nodeTypes changes identity.
const nodeTypes: NodeTypes = Object.fromEntries(NODE_KINDS.map((kind) => [kind, FlowNode]));
// Props React Flow copies into its store whenever their identity changes: kept constant, so a
// render of the canvas (every frame of a drag) does not also update the store for them.
const EDGE_OPTIONS = { markerEnd: { type: MarkerType.ArrowClosed }, style: { strokeWidth: 1.5 } };
const MULTI_KEYS = ['Shift', 'Meta', 'Control'];
const DELETE_KEYS = ['Backspace', 'Delete'];
const MINIMAP_STYLE = { width: 160, height: 100 };
const LIVE_LABEL = { fill: '#0b6bcb', fontWeight: 600 };
const minimapColor = (n: { data: unknown }) => MINIMAP_COLOR[String((n.data as FlowRfNode['data']).kind)] ?? '#bfbfbf';

export interface FlowCanvasProps {
  nodes: FlowRfNode[];
  edges: FlowRfEdge[];
  ui: FlowUi;
  onNodesChange?: OnNodesChange<FlowRfNode>;
  onEdgesChange?: OnEdgesChange<FlowRfEdge>;
  onConnect?: OnConnect;
  onNodeClick?: (nodeId: string) => void;
  onDrop?: (event: DragEvent<HTMLDivElement>) => void;
  /** Called as a drag of one or more nodes starts (the designer records an undo step). */
  onDragStart?: () => void;
  onBeforeDelete?: OnBeforeDelete<FlowRfNode, FlowRfEdge>;
  /** Fit the flow when first shown (off when the parent restores a viewport). */
  fitOnLoad?: boolean;
  ariaLabel: string;
  children?: ReactNode;
}

/**
 * The flow canvas, for the designer (editable) and for approvers (ui.readOnly). The parent owns
 * the nodes and edges; this component only draws them and reports the user's changes.
 */
export function FlowCanvas({
  nodes,
  edges,
  ui,
  onNodesChange,
  onEdgesChange,
  onConnect,
  onNodeClick,
  onDrop,
  onDragStart,
  onBeforeDelete,
  fitOnLoad = true,
  ariaLabel,
  children,
}: FlowCanvasProps) {
  const locale = useLocale();
  const t = useTranslations('flow.controls');
  const readOnly = ui.readOnly;
  // React Flow's own labels (zoom buttons, keyboard help, handles) in the reader's language; kept
  // in one object per language, since React Flow copies it into its store when it changes.
  const ariaLabels = useMemo<ReactFlowProps['ariaLabelConfig']>(
    () => ({
      'controls.ariaLabel': t('panel'),
      'controls.zoomIn.ariaLabel': t('zoomIn'),
      'controls.zoomOut.ariaLabel': t('zoomOut'),
      'controls.fitView.ariaLabel': t('fitView'),
      'controls.interactive.ariaLabel': t('interactive'),
      'handle.ariaLabel': t('handle'),
      // React Flow shows "default" when keyboard moves are off and "keyboardDisabled" when they are on.
      'node.a11yDescription.default': t('nodeHelp'),
      'node.a11yDescription.keyboardDisabled': t('nodeHelpArrows'),
      'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }) => t('moved', { direction, x, y }),
      'edge.a11yDescription.default': t('edgeHelp'),
    }),
    [t],
  );
  // Decided once, on the nodes the canvas opens with.
  const [opening] = useState(() => openingView(nodes));

  // Stable callbacks reading the latest graph and handlers (see EDGE_OPTIONS).
  const latest = useRef({ nodes, edges, onDragStart, onNodeClick });
  latest.current = { nodes, edges, onDragStart, onNodeClick };
  const isValidConnection: IsValidConnection<FlowRfEdge> = useCallback((c) => canConnect(c, latest.current.nodes, latest.current.edges), []);
  const dragStart = useCallback(() => latest.current.onDragStart?.(), []);
  const nodeClick = useCallback((_: unknown, node: FlowRfNode) => latest.current.onNodeClick?.(node.id), []);
  const live = ui.live;

  // Branch labels on edges leaving multi-output nodes (yes/no, A 50%, timeout…), so a flow reads
  // without hovering. Keyed on what labels depend on, not on positions, so a drag stays cheap.
  const labelKey = useSameData(nodes);
  const labelledEdges = useMemo(() => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return edges.map((e) => {
      const source = byId.get(e.source);
      if (!source || !e.sourceHandle || e.label !== undefined) return e;
      const branch = portsOf(source.data.kind, source.data.params).length >= 2 || e.sourceHandle !== 'out';
      // On a live flow each edge also says how often it was taken.
      const taken = live ? (live.ports[`${e.source}:${e.sourceHandle}`] ?? 0) : undefined;
      if (!branch && taken === undefined) return e;
      const words = branch ? edgeLabel(source, e.sourceHandle, locale, ui.catalog) : '';
      const label = taken === undefined ? words : words ? `${words} · ${taken}` : String(taken);
      return { ...e, label, labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 4, ...(taken !== undefined ? { labelStyle: LIVE_LABEL } : {}) };
    });
    // labelKey stands for the nodes' data: positions do not change labels.
  }, [labelKey, edges, locale, live, ui.catalog]);

  return (
    <FlowUiContext.Provider value={ui}>
      <div className="octo-flow" style={{ width: '100%', height: '100%' }} onDragOver={(e) => onDrop && e.preventDefault()} onDrop={onDrop} aria-label={ariaLabel} role="group">
        <ReactFlow<FlowRfNode, FlowRfEdge>
          nodes={nodes}
          edges={labelledEdges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onNodeDragStart={onDragStart ? dragStart : undefined}
          onSelectionDragStart={onDragStart ? dragStart : undefined}
          onBeforeDelete={onBeforeDelete}
          onNodeClick={onNodeClick ? nodeClick : undefined}
          isValidConnection={isValidConnection}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          elementsSelectable
          deleteKeyCode={readOnly ? null : DELETE_KEYS}
          defaultEdgeOptions={EDGE_OPTIONS}
          multiSelectionKeyCode={MULTI_KEYS}
          selectionKeyCode="Shift"
          selectionOnDrag={false}
          fitView={fitOnLoad}
          fitViewOptions={opening}
          minZoom={0.1}
          onlyRenderVisibleElements={nodes.length > LARGE_FLOW}
          ariaLabelConfig={ariaLabels}
        >
          <Background gap={16} />
          <Controls showInteractive={false} />
          <MiniMap pannable zoomable style={MINIMAP_STYLE} ariaLabel={ariaLabel} nodeColor={minimapColor} data-testid="minimap" />
          {children}
        </ReactFlow>
      </div>
    </FlowUiContext.Provider>
  );
}
