'use client';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useEdgesState, useNodesState, useReactFlow, type Connection, type XYPosition } from '@xyflow/react';
import { Badge, Tabs, Typography } from 'antd';
import type { inferRouterOutputs } from '@trpc/server';
import { getKind, validateFlow, type Catalog, type FlowGraph, type NodeKind } from '@/workflows';
import type { AppRouter } from '@/server/api/root';
import { useCan } from '@/app/_lib/actor';
import { AutoFit } from '@/app/_components/flow/auto-fit';
import { FlowCanvas } from '@/app/_components/flow/flow-canvas';
import { groupIssues } from '@/app/_components/flow/flow-context';
import { canConnect } from '@/app/_components/flow/connection-rules';
import { edgeIdFor, fromRf, IN_HANDLE, nextNodeId, portsOf, toRf, type FlowRfEdge, type FlowRfNode } from '@/app/_components/flow/graph-convert';
import { DesignerToolbar } from './designer-toolbar';
import { FlowSettingsPanel } from './flow-settings-panel';
import { IssuesPanel } from './issues-panel';
import { NodePanel } from './node-panel';
import { DRAG_MIME, Palette } from './palette';
import { VersionsPanel } from './versions-panel';

export type CampaignData = inferRouterOutputs<AppRouter>['campaigns']['get'];

const NODE_W = 220;
const NODE_H = 90;

/**
 * The designer: palette, canvas and side panel over one campaign's draft. React Flow's nodes and
 * edges are the working state; the FlowGraph is derived from them for validation and saving.
 */
export function DesignerEditor({ campaign, catalog }: { campaign: CampaignData; catalog: Catalog }) {
  const t = useTranslations('designer');
  const canEdit = useCan('campaign.edit');
  const readOnly = !canEdit;
  const flow = useReactFlow<FlowRfNode, FlowRfEdge>();
  const wrapper = useRef<HTMLDivElement>(null);

  const initial = useMemo(() => toRf(campaign.draftGraph), [campaign.draftGraph]);
  const [nodes, setNodes, onNodesChange] = useNodesState<FlowRfNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<FlowRfEdge>(initial.edges);
  const [tab, setTab] = useState('node');
  const [settings, setSettings] = useState(campaign.draftGraph.settings);
  const meta = useMemo(() => ({ name: campaign.draftGraph.name, settings }), [campaign.draftGraph.name, settings]);

  const graph: FlowGraph = useMemo(() => fromRf(nodes, edges, meta), [nodes, edges, meta]);
  const graphJson = useMemo(() => JSON.stringify(graph), [graph]);
  const [saved, setSaved] = useState(() => ({
    json: JSON.stringify(fromRf(initial.nodes, initial.edges, { name: campaign.draftGraph.name, settings: campaign.draftGraph.settings })),
    revision: campaign.draftRevision,
  }));
  const dirty = graphJson !== saved.json;

  // Validate on what matters to behaviour, not on every drag frame: positions are left out.
  const behaviourKey = useMemo(
    () => JSON.stringify({ n: graph.nodes.map((n) => [n.id, n.kind, n.params]), e: graph.edges }),
    [graph],
  );
  // Deliberately keyed on behaviourKey rather than graph (which changes while a node is dragged).
  const validation = useMemo(() => validateFlow(graph, catalog), [behaviourKey, catalog]); // graph read via behaviourKey
  const issues = validation.issues;
  const ui = useMemo(() => ({ readOnly, catalog, issuesByNode: groupIssues(issues) }), [readOnly, catalog, issues]);

  const selected = nodes.find((n) => n.selected);
  const trigger = nodes.find((n) => n.data.kind === 'trigger');
  const eventType = typeof trigger?.data.params.eventType === 'string' ? trigger.data.params.eventType : undefined;

  // Unsaved work is not lost to a closed tab.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const selectNode = useCallback(
    (id: string) => {
      setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === id })));
      setTab('node');
      const node = flow.getNode(id);
      if (node) flow.setCenter(node.position.x + NODE_W / 2, node.position.y + NODE_H / 2, { zoom: Math.max(flow.getZoom(), 0.9), duration: 300 });
    },
    [flow, setNodes],
  );

  /** Where a clicked palette item lands: under the selected node, else mid-screen; never on top of another. */
  const placeNew = (): XYPosition => {
    let pos: XYPosition;
    if (selected) {
      pos = { x: selected.position.x, y: selected.position.y + (selected.measured?.height ?? NODE_H) + 60 };
    } else {
      const rect = wrapper.current?.getBoundingClientRect();
      pos = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2 - NODE_W / 2, y: rect.top + 60 }) : { x: 0, y: 0 };
    }
    const hits = (p: XYPosition) => nodes.some((n) => Math.abs(n.position.x - p.x) < NODE_W + 20 && Math.abs(n.position.y - p.y) < NODE_H + 20);
    while (hits(pos)) pos = { x: pos.x + NODE_W + 40, y: pos.y };
    return { x: Math.round(pos.x), y: Math.round(pos.y) };
  };

  const addNode = (kind: NodeKind, at?: XYPosition) => {
    const def = getKind(kind);
    if (!def || readOnly) return;
    const id = nextNodeId(kind, nodes.map((n) => n.id));
    const position = at ?? placeNew();
    const node: FlowRfNode = { id, type: kind, position, data: { kind, params: structuredClone(def.defaults) as Record<string, unknown> }, selected: true };
    setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
    setEdges((es) => es.map((e) => (e.selected ? { ...e, selected: false } : e)));
    setTab('node');
    // Keep the new node in sight.
    requestAnimationFrame(() => {
      const rect = wrapper.current?.getBoundingClientRect();
      if (!rect) return;
      const { x, y, zoom } = flow.getViewport();
      const sx = position.x * zoom + x;
      const sy = position.y * zoom + y;
      if (sx < 0 || sy < 0 || sx + NODE_W * zoom > rect.width || sy + NODE_H * zoom > rect.height) {
        flow.fitView({ padding: 0.2, maxZoom: 1.1, duration: 200 });
      }
    });
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    const kind = e.dataTransfer.getData(DRAG_MIME);
    if (!kind || !getKind(kind)) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addNode(kind as NodeKind, { x: Math.round(p.x - NODE_W / 2), y: Math.round(p.y - 20) });
  };

  const onConnect = useCallback(
    (c: Connection) => {
      setEdges((es) => {
        if (!canConnect(c, nodes, es)) return es;
        const id = edgeIdFor(c.source, c.sourceHandle ?? '', es.map((e) => e.id));
        return [...es, { id, source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: IN_HANDLE }];
      });
    },
    [nodes, setEdges],
  );

  const updateParams = (id: string, kind: NodeKind, params: Record<string, unknown>) => {
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, params } } : n)));
    // A port that disappeared with the settings (a removed branch) takes its connection along.
    const ports = portsOf(kind, params);
    setEdges((es) => es.filter((e) => e.source !== id || ports.includes(e.sourceHandle ?? '')));
  };

  const connectPort = (source: string, port: string, target: string | null) => {
    setEdges((es) => {
      const rest = es.filter((e) => !(e.source === source && e.sourceHandle === port));
      if (!target) return rest;
      return [...rest, { id: edgeIdFor(source, port, rest.map((e) => e.id)), source, sourceHandle: port, target, targetHandle: IN_HANDLE }];
    });
  };

  const deleteNode = (id: string) => {
    setNodes((ns) => ns.filter((n) => n.id !== id));
    setEdges((es) => es.filter((e) => e.source !== id && e.target !== id));
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: 'calc(100vh - 112px)', minHeight: 520 }}>
      <DesignerToolbar
        campaign={campaign}
        graph={graph}
        dirty={dirty}
        revision={saved.revision}
        issueCount={issues.length}
        onSaved={(revision) => setSaved({ json: graphJson, revision })}
        onShowIssues={() => setTab('issues')}
      />
      <div style={{ display: 'flex', flex: 1, minHeight: 0, border: '1px solid #f0f0f0', borderRadius: 8, background: '#fff', overflow: 'hidden' }}>
        {!readOnly && (
          <aside style={{ width: 180, borderRight: '1px solid #f0f0f0', flexShrink: 0 }}>
            <Palette onAdd={(kind) => addNode(kind)} />
          </aside>
        )}
        <div ref={wrapper} style={{ flex: 1, minWidth: 0 }} data-testid="designer-canvas">
          <FlowCanvas
            nodes={nodes}
            edges={edges}
            ui={ui}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onNodeClick={() => setTab('node')}
            onDrop={readOnly ? undefined : onDrop}
            ariaLabel={t('canvas')}
          >
            <AutoFit settleMs={1500} />
          </FlowCanvas>
        </div>
        <aside style={{ width: 380, borderLeft: '1px solid #f0f0f0', flexShrink: 0, overflowY: 'auto', padding: '0 16px 16px' }} aria-label={t('sidePanel')}>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'node',
                label: t('tabs.node'),
                children: selected ? (
                  <NodePanel
                    key={selected.id}
                    node={selected}
                    nodes={nodes}
                    edges={edges}
                    issues={ui.issuesByNode.get(selected.id) ?? []}
                    catalog={catalog}
                    eventType={eventType}
                    readOnly={readOnly}
                    onParams={(p) => updateParams(selected.id, selected.data.kind, p)}
                    onConnectPort={(port, target) => connectPort(selected.id, port, target)}
                    onDelete={() => deleteNode(selected.id)}
                  />
                ) : (
                  <>
                    <Typography.Paragraph type="secondary" data-testid="node-panel-empty">
                      {readOnly ? t('selectToView') : t('selectToEdit')}
                    </Typography.Paragraph>
                    <FlowSettingsPanel settings={settings} onChange={setSettings} readOnly={readOnly} />
                  </>
                ),
              },
              {
                key: 'issues',
                label: (
                  <span data-testid="tab-issues">
                    {t('tabs.issues')} <Badge count={issues.length} size="small" showZero color={issues.length ? '#ff4d4f' : '#52c41a'} data-testid="issue-count" />
                  </span>
                ),
                children: <IssuesPanel issues={issues} onSelect={selectNode} />,
              },
              { key: 'versions', label: t('tabs.versions'), children: <VersionsPanel campaignId={campaign.id} liveVersionId={campaign.liveVersionId} /> },
            ]}
          />
        </aside>
      </div>
    </div>
  );
}
