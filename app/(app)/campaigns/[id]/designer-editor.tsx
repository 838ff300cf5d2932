'use client';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { useEdgesState, useNodesState, useReactFlow, type Connection, type XYPosition } from '@xyflow/react';
import { Alert, App, Badge, Button, Space, Tabs, Typography } from 'antd';
import { AppstoreAddOutlined, ProfileOutlined } from '@ant-design/icons';
import type { inferRouterOutputs } from '@trpc/server';
import { getKind, validateFlow, type Catalog, type FlowGraph, type FlowSettings, type NodeKind } from '@/workflows';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/app/_lib/trpc';
import { useMediaQuery } from '@/app/_lib/use-media-query';
import { AutoFit } from '@/app/_components/flow/auto-fit';
import { CLIPBOARD_KEY, copySelection, parseClipboard, pasteNodes, type ClipboardPayload } from '@/app/_components/flow/clipboard';
import { FlowCanvas } from '@/app/_components/flow/flow-canvas';
import { groupIssues } from '@/app/_components/flow/flow-context';
import { canConnect } from '@/app/_components/flow/connection-rules';
import { edgeIdFor, fromRf, IN_HANDLE, nextNodeId, portsOf, toRf, type FlowRfEdge, type FlowRfNode } from '@/app/_components/flow/graph-convert';
import { useHistory } from '@/app/_components/flow/history';
import { tidyLayout } from '@/app/_components/flow/tidy-layout';
import { CampaignEditingNotice, useCampaignEditing } from './campaign-editing';
import { CanvasTools } from './canvas-tools';
import { DesignerToolbar } from './designer-toolbar';
import { clearBackup, readBackup, type DraftBackup } from './draft-backup';
import { downloadFlow, parseFlowFile } from './flow-file';
import { FlowSettingsPanel } from './flow-settings-panel';
import { FoldToggle, NARROW_DESIGNER, SidePanel } from './folded-panel';
import { IssuesPanel } from './issues-panel';
import { LIVE_REFRESH_MS, LivePanel } from './live-panel';
import { NodePanel } from './node-panel';
import { DRAG_MIME, Palette } from './palette';
import { SaveConflict } from './save-conflict';
import { TryPanel } from './try-panel';
import { useDesignerKeys } from './use-designer-keys';
import { useDraftSave } from './use-draft-save';
import { useStableHandlers } from './use-stable-handlers';
import { VersionsPanel } from './versions-panel';

export type CampaignData = inferRouterOutputs<AppRouter>['campaigns']['get'];

const NODE_W = 220;
const NODE_H = 90;

/** Everything an undo step restores. */
interface Doc {
  nodes: FlowRfNode[];
  edges: FlowRfEdge[];
  settings: FlowSettings;
}

const graphJsonOf = (g: FlowGraph, name: string | undefined) => {
  const rf = toRf(g);
  return JSON.stringify(fromRf(rf.nodes, rf.edges, { name, settings: g.settings }));
};

/**
 * The designer: palette, canvas and side panel over one campaign's draft. React Flow's nodes and
 * edges are the working state; the FlowGraph is derived from them for validation and saving.
 * Every change goes through `record` first, so each one is a step of undo.
 */
export function DesignerEditor({ campaign, catalog }: { campaign: CampaignData; catalog: Catalog }) {
  const t = useTranslations('designer');
  const tt = useTranslations('designerTools');
  const locale = useLocale();
  // Dates in the app's time zone (Asia/Shanghai, from the request config), as on every page.
  const format = useFormatter();
  const { message, modal } = App.useApp();
  // Not this person's to change (role, another department's campaign, or one that has ended):
  // drawn read-only, and nothing is saved.
  const { editable: canEdit, blocked } = useCampaignEditing(campaign);
  const readOnly = !canEdit;
  const flow = useReactFlow<FlowRfNode, FlowRfEdge>();
  const wrapper = useRef<HTMLDivElement>(null);

  const initial = useMemo(() => toRf(campaign.draftGraph), [campaign.draftGraph]);
  const [nodes, setNodes, onNodesChange] = useNodesState<FlowRfNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<FlowRfEdge>(initial.edges);
  const [tab, setTab] = useState('node');
  const [settings, setSettings] = useState(campaign.draftGraph.settings);
  const [layingOut, setLayingOut] = useState(false);
  // On a tablet the palette and the side panel fold away over the canvas (folded-panel.tsx);
  // both fold again when the window crosses the width either way.
  const narrow = useMediaQuery(NARROW_DESIGNER);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [panelOpen, setPanelOpen] = useState(false);
  const [wasNarrow, setWasNarrow] = useState(narrow);
  if (wasNarrow !== narrow) {
    setWasNarrow(narrow);
    setPaletteOpen(false);
    setPanelOpen(false);
  }
  const name = campaign.draftGraph.name;
  const meta = useMemo(() => ({ name, settings }), [name, settings]);

  // What is on the canvas right now (handlers read it; the deferred copies below lag behind).
  const docRef = useRef<Doc>({ nodes, edges, settings });
  docRef.current = { nodes, edges, settings };
  const currentGraph = () => fromRf(docRef.current.nodes, docRef.current.edges, { name, settings: docRef.current.settings });

  // The side panels, validation and saving follow the canvas a moment behind (deferred): a drag
  // changes the nodes every frame, and none of them needs every frame.
  const deferredNodes = useDeferredValue(nodes);
  const deferredEdges = useDeferredValue(edges);
  const graph: FlowGraph = useMemo(() => fromRf(deferredNodes, deferredEdges, meta), [deferredNodes, deferredEdges, meta]);
  const graphJson = useMemo(() => JSON.stringify(graph), [graph]);
  const initialJson = useMemo(() => graphJsonOf(campaign.draftGraph, name), [campaign.draftGraph, name]);
  const draft = useDraftSave({
    campaignId: campaign.id,
    graph,
    graphJson,
    read: currentGraph,
    initialJson,
    initialRevision: campaign.draftRevision,
    enabled: canEdit,
  });

  // Validate on what matters to behaviour, not on every drag frame: positions are left out.
  const behaviourKey = useMemo(
    () => JSON.stringify({ n: graph.nodes.map((n) => [n.id, n.kind, n.params]), e: graph.edges }),
    [graph],
  );
  // Deliberately keyed on behaviourKey rather than graph (which changes while a node is dragged).
  const validation = useMemo(() => validateFlow(graph, catalog), [behaviourKey, catalog]); // graph read via behaviourKey
  // The same problems keep the same identity: while a field is typed the flow is validated
  // after each key, and new-but-equal issues would redraw every step on the canvas.
  const issuesJson = JSON.stringify(validation.issues);
  const issues = useMemo(() => validation.issues, [issuesJson]); // validation read via issuesJson
  // The path of the last "Try it" run, lit up on the canvas.
  const [tryPath, setTryPath] = useState<string[] | null>(null);
  const marks = useMemo(() => (tryPath ? new Map(tryPath.map((id) => [id, 'path' as const])) : undefined), [tryPath]);
  // ---- live counts of the running version (polled while shown) ---------------------------------
  const trpc = useTRPC();
  const isLive = !!campaign.liveVersionId;
  const [showLive, setShowLive] = useState(isLive);
  const liveQuery = useQuery({
    ...trpc.campaigns.liveCounts.queryOptions({ campaignId: campaign.id }),
    enabled: isLive,
    refetchInterval: LIVE_REFRESH_MS,
    retry: false,
  });
  const live = showLive ? liveQuery.data : undefined;
  const issuesByNode = useMemo(() => groupIssues(issues), [issues]);
  const ui = useMemo(() => ({ readOnly, catalog, issuesByNode, marks, live }), [readOnly, catalog, issuesByNode, marks, live]);

  const hasSelection = nodes.some((n) => n.selected) || edges.some((e) => e.selected);
  const selectedNodes = useMemo(() => deferredNodes.filter((n) => n.selected), [deferredNodes]);
  const selected = selectedNodes.length === 1 ? selectedNodes[0] : undefined;
  const trigger = deferredNodes.find((n) => n.data.kind === 'trigger');
  const eventType = typeof trigger?.data.params.eventType === 'string' ? trigger.data.params.eventType : undefined;

  // ---- undo / redo -------------------------------------------------------------------------
  const history = useHistory<Doc>();
  const record = useCallback((key?: string) => history.record(docRef.current, key), [history]);
  const apply = (doc: Doc) => {
    setNodes(doc.nodes);
    setEdges(doc.edges);
    setSettings(doc.settings);
  };
  const undo = () => {
    const doc = history.undo(docRef.current);
    if (doc) apply(doc);
  };
  const redo = () => {
    const doc = history.redo(docRef.current);
    if (doc) apply(doc);
  };

  // ---- recovery of edits a crashed or reloaded tab did not save -------------------------------
  const [backup, setBackup] = useState<DraftBackup | null>(null);
  useEffect(() => {
    if (!canEdit) return;
    const found = readBackup(campaign.id);
    if (found && graphJsonOf(found.graph, name) !== initialJson) setBackup(found);
    else if (found) clearBackup(campaign.id);
    // Only when the designer opens: later changes are this tab's own.
  }, []);
  const recover = () => {
    if (!backup) return;
    record();
    const rf = toRf(backup.graph);
    apply({ nodes: rf.nodes, edges: rf.edges, settings: backup.graph.settings });
    // Edits made on an older revision must meet the conflict review rather than overwrite.
    if (backup.revision !== campaign.draftRevision) draft.rebase(backup.revision);
    setBackup(null);
    requestAnimationFrame(() => flow.fitView({ padding: 0.2, maxZoom: 1.1 }));
  };
  const discardBackup = () => {
    clearBackup(campaign.id);
    setBackup(null);
  };

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
    const current = docRef.current.nodes;
    const sel = current.filter((n) => n.selected);
    const selected = sel.length === 1 ? sel[0] : undefined;
    if (selected) {
      pos = { x: selected.position.x, y: selected.position.y + (selected.measured?.height ?? NODE_H) + 60 };
    } else {
      const rect = wrapper.current?.getBoundingClientRect();
      pos = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2 - NODE_W / 2, y: rect.top + 60 }) : { x: 0, y: 0 };
    }
    const hits = (p: XYPosition) => current.some((n) => Math.abs(n.position.x - p.x) < NODE_W + 20 && Math.abs(n.position.y - p.y) < NODE_H + 20);
    while (hits(pos)) pos = { x: pos.x + NODE_W + 40, y: pos.y };
    return { x: Math.round(pos.x), y: Math.round(pos.y) };
  };

  /** Keeps a just-added node in sight. */
  const reveal = (position: XYPosition) =>
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

  /** The link from the one selected step's first unconnected output to a step being added, if the rules allow it. */
  const followOn = (added: FlowRfNode): Omit<FlowRfEdge, 'id'> & { sourceHandle: string } | undefined => {
    const { nodes: current, edges: links } = docRef.current;
    const selected = current.filter((n) => n.selected);
    if (selected.length !== 1) return undefined;
    const from = selected[0]!;
    const used = new Set(links.filter((e) => e.source === from.id).map((e) => e.sourceHandle));
    const port = portsOf(from.data.kind, from.data.params).find((p) => !used.has(p));
    if (!port) return undefined;
    const c = { source: from.id, sourceHandle: port, target: added.id, targetHandle: IN_HANDLE };
    return canConnect(c, [...current, added], links) ? c : undefined;
  };
  const addNode = (kind: NodeKind, at?: XYPosition) => {
    const def = getKind(kind);
    if (!def || readOnly) return;
    record();
    const id = nextNodeId(kind, docRef.current.nodes.map((n) => n.id));
    const position = at ?? placeNew();
    const node: FlowRfNode = { id, type: kind, position, data: { kind, params: structuredClone(def.defaults) as Record<string, unknown> }, selected: true };
    // Added by a click with one step selected: it follows that step, on its first free output.
    const link = at ? undefined : followOn(node);
    setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
    setEdges((es) => [...es.map((e) => (e.selected ? { ...e, selected: false } : e)), ...(link ? [{ ...link, id: edgeIdFor(link.source, link.sourceHandle, es.map((e) => e.id)) }] : [])]);
    setTab('node');
    reveal(position);
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    const kind = e.dataTransfer.getData(DRAG_MIME);
    if (!kind || !getKind(kind)) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addNode(kind as NodeKind, { x: Math.round(p.x - NODE_W / 2), y: Math.round(p.y - 20) });
    setPaletteOpen(false);
  };

  const onConnect = useCallback(
    (c: Connection) => {
      if (!canConnect(c, docRef.current.nodes, docRef.current.edges)) return;
      record();
      setEdges((es) => {
        if (!canConnect(c, docRef.current.nodes, es)) return es;
        const id = edgeIdFor(c.source, c.sourceHandle ?? '', es.map((e) => e.id));
        return [...es, { id, source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: IN_HANDLE }];
      });
    },
    [record, setEdges],
  );

  // `update` applies to the node's params as they are when React applies it, so changes made
  // before a re-render (a text typed, then an offer picked at once) all stand.
  const updateParams = (id: string, kind: NodeKind, update: (params: Record<string, unknown>) => Record<string, unknown>) => {
    record(`params:${id}`);
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, params: update(n.data.params) } } : n)));
    // A port that disappeared with the settings (a removed branch) takes its connection along.
    // Ports change with clicks (a case added or removed), each rendered before the next.
    const ports = portsOf(kind, update(docRef.current.nodes.find((n) => n.id === id)?.data.params ?? {}));
    setEdges((es) => es.filter((e) => e.source !== id || ports.includes(e.sourceHandle ?? '')));
  };

  const updateSettings = (s: FlowSettings) => {
    record('settings');
    setSettings(s);
  };

  const connectPort = (source: string, port: string, target: string | null) => {
    record();
    setEdges((es) => {
      const rest = es.filter((e) => !(e.source === source && e.sourceHandle === port));
      if (!target) return rest;
      return [...rest, { id: edgeIdFor(source, port, rest.map((e) => e.id)), source, sourceHandle: port, target, targetHandle: IN_HANDLE }];
    });
  };

  const deleteNodes = (ids: Set<string>) => {
    record();
    setNodes((ns) => ns.filter((n) => !ids.has(n.id)));
    setEdges((es) => es.filter((e) => !e.selected && !ids.has(e.source) && !ids.has(e.target)));
  };
  const deleteSelected = () => deleteNodes(new Set(docRef.current.nodes.filter((n) => n.selected).map((n) => n.id)));

  const selectAll = () => {
    setNodes((ns) => ns.map((n) => (n.selected ? n : { ...n, selected: true })));
    setEdges((es) => es.map((e) => (e.selected ? e : { ...e, selected: true })));
  };

  // ---- copy and paste --------------------------------------------------------------------------
  const copy = () => {
    const payload = copySelection(docRef.current.nodes, docRef.current.edges);
    if (!payload) return;
    const text = JSON.stringify(payload);
    try {
      window.localStorage.setItem(CLIPBOARD_KEY, text);
    } catch {
      // the system clipboard below may still work
    }
    navigator.clipboard?.writeText(text).catch(() => undefined);
    message.success(tt('copied', { count: payload.nodes.length }));
  };

  const paste = (payload: ClipboardPayload) => {
    if (readOnly) return;
    const { nodes: current, edges: currentEdges } = docRef.current;
    // The pasted group lands in the middle of what the designer is looking at.
    const minX = Math.min(...payload.nodes.map((n) => n.position.x));
    const minY = Math.min(...payload.nodes.map((n) => n.position.y));
    const rect = wrapper.current?.getBoundingClientRect();
    const at = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 3, y: rect.top + rect.height / 3 }) : { x: minX + 40, y: minY + 40 };
    const added = pasteNodes(payload, current, currentEdges, { x: at.x - minX, y: at.y - minY });
    if (!added.nodes.length) return;
    record();
    setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), ...added.nodes]);
    setEdges((es) => [...es.map((e) => (e.selected ? { ...e, selected: false } : e)), ...added.edges]);
    message.success(tt('pasted', { count: added.nodes.length }));
  };
  const pasteFromStore = () => {
    let text: string | null = null;
    try {
      text = window.localStorage.getItem(CLIPBOARD_KEY);
    } catch {
      text = null;
    }
    const payload = parseClipboard(text);
    if (payload) paste(payload);
    else message.info(tt('clipboardEmpty'));
  };
  const pasteText = (text: string) => {
    const payload = parseClipboard(text);
    if (!payload) return false;
    paste(payload);
    return true;
  };

  // ---- layout, import, export --------------------------------------------------------------
  const layout = async () => {
    if (!docRef.current.nodes.length) return;
    setLayingOut(true);
    try {
      const positions = await tidyLayout(docRef.current.nodes, docRef.current.edges);
      record();
      setNodes((ns) => ns.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)));
      requestAnimationFrame(() => flow.fitView({ padding: 0.15, maxZoom: 1.1, duration: 300 }));
    } catch (err) {
      message.error(tt('layoutFailed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setLayingOut(false);
    }
  };

  const importFlow = (text: string) => {
    const result = parseFlowFile(text);
    if (!result.ok) {
      modal.error({
        title: tt('importFailed'),
        content: (
          <ul data-testid="import-errors" style={{ paddingLeft: 16 }}>
            {result.errors.map((e, i) => (
              <li key={i}>
                {e.path ? <Typography.Text code>{e.path}</Typography.Text> : null}{' '}
                {e.message === 'too_large' ? tt('tooLarge') : e.message.startsWith('not_json:') ? tt('notJson', { message: e.message.slice(9) }) : e.message}
              </li>
            ))}
          </ul>
        ),
      });
      return;
    }
    record();
    const rf = toRf(result.graph);
    apply({ nodes: rf.nodes, edges: rf.edges, settings: result.graph.settings });
    const problems = validateFlow(result.graph, catalog).issues.length;
    message.success(tt('imported', { nodes: rf.nodes.length, problems }));
    requestAnimationFrame(() => flow.fitView({ padding: 0.2, maxZoom: 1.1 }));
  };

  const manualSave = async () => {
    const result = await draft.save();
    if (result.ok) message.success(t('toolbar.saved'));
    return result.ok;
  };

  // Stable identities for the memoised toolbar, palette, tools and side panel.
  const h = useStableHandlers({
    undo,
    redo,
    copy,
    pasteFromStore,
    deleteSelected,
    selectAll,
    save: manualSave,
    // From the palette: a folded palette folds again, the new step in sight.
    addNode: (kind: NodeKind) => {
      addNode(kind);
      setPaletteOpen(false);
    },
    layout: () => void layout(),
    fit: () => flow.fitView({ padding: 0.2, maxZoom: 1.1, duration: 200 }),
    exportFlow: () => downloadFlow(currentGraph(), campaign.name),
    importFlow,
    showIssues: () => {
      setTab('issues');
      setPanelOpen(true);
    },
    dragStart: () => record(),
    beforeDelete: async () => {
      record();
      return true;
    },
    // A click on a step keeps the Live tab open (it lists that step's customers), and opens a
    // folded side panel on its settings.
    nodeClick: () => {
      setTab((current) => (current === 'live' ? current : 'node'));
      setPanelOpen(true);
    },
    togglePalette: () => setPaletteOpen((open) => !open),
    togglePanel: () => setPanelOpen((open) => !open),
    foldPalette: () => setPaletteOpen(false),
    foldPanel: () => setPanelOpen(false),
    updateParams,
    connectPort,
    deleteNodes,
    updateSettings,
    selectNode,
    setTryPath,
  });

  useDesignerKeys(
    { undo, redo, copy, pasteFromStore, pasteText, selectAll, save: () => void (canEdit && manualSave()) },
    !readOnly,
  );

  const toolbar = useMemo(
    () => (
      <DesignerToolbar
        campaign={campaign}
        graph={graph}
        dirty={draft.dirty}
        saving={draft.saving}
        failing={draft.failing}
        revision={draft.saved.revision}
        issueCount={issues.length}
        save={h.save}
        onShowIssues={h.showIssues}
      />
    ),
    [campaign, graph, draft.dirty, draft.saving, draft.failing, draft.saved.revision, issues.length, h],
  );

  const palette = useMemo(
    () =>
      readOnly ? null : (
        <SidePanel id="palette" edge="left" width={180} folded={narrow} open={paletteOpen} onClose={h.foldPalette}>
          {(!narrow || paletteOpen) && <Palette onAdd={h.addNode} />}
        </SidePanel>
      ),
    [readOnly, narrow, paletteOpen, h],
  );

  const tools = useMemo(
    () => (
      <CanvasTools
        readOnly={readOnly}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
        hasSelection={hasSelection}
        layingOut={layingOut}
        onUndo={h.undo}
        onRedo={h.redo}
        onCopy={h.copy}
        onPaste={h.pasteFromStore}
        onDelete={h.deleteSelected}
        onSelectAll={h.selectAll}
        onLayout={h.layout}
        onFit={h.fit}
        onExport={h.exportFlow}
        onImport={h.importFlow}
        leading={
          narrow && !readOnly ? <FoldToggle controls="palette" open={paletteOpen} icon={<AppstoreAddOutlined />} label={t('palette.title')} onToggle={h.togglePalette} /> : undefined
        }
        trailing={narrow ? <FoldToggle controls="side-panel" open={panelOpen} icon={<ProfileOutlined />} label={t('panelToggle')} onToggle={h.togglePanel} /> : undefined}
      />
    ),
    [readOnly, history.canUndo, history.canRedo, hasSelection, layingOut, narrow, paletteOpen, panelOpen, t, h],
  );

  // The side panel follows the deferred graph: it is not drawn again for each frame of a drag.
  const side = useMemo(
    () => (
      <SidePanel id="side-panel" edge="right" width={380} folded={narrow} open={panelOpen} onClose={h.foldPanel} label={t('sidePanel')} style={{ overflowY: 'auto', padding: '0 16px 16px' }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          // Latin tab names are about twice as wide as the Chinese: closer together, all five fit
          // the 380 px panel instead of the last one being cut off.
          tabBarGutter={locale === 'zh-CN' ? undefined : 16}
          items={[
            {
              key: 'node',
              label: t('tabs.node'),
              children: selected ? (
                <NodePanel
                  key={selected.id}
                  node={selected}
                  nodes={deferredNodes}
                  edges={deferredEdges}
                  issues={issuesByNode.get(selected.id) ?? []}
                  catalog={catalog}
                  eventType={eventType}
                  readOnly={readOnly}
                  onParams={(p) => h.updateParams(selected.id, selected.data.kind, p)}
                  onConnectPort={(port, target) => h.connectPort(selected.id, port, target)}
                  onDelete={() => h.deleteNodes(new Set([selected.id]))}
                />
              ) : selectedNodes.length > 1 ? (
                <div data-testid="multi-selection">
                  <Typography.Paragraph>{tt('selectedCount', { count: selectedNodes.length })}</Typography.Paragraph>
                  {!readOnly && (
                    <Space>
                      <Button onClick={h.copy}>{tt('tools.copy')}</Button>
                      <Button danger onClick={h.deleteSelected}>
                        {tt('tools.delete')}
                      </Button>
                    </Space>
                  )}
                </div>
              ) : (
                <>
                  <Typography.Paragraph type="secondary" data-testid="node-panel-empty">
                    {readOnly ? t('selectToView') : t('selectToEdit')}
                  </Typography.Paragraph>
                  <FlowSettingsPanel settings={settings} onChange={h.updateSettings} readOnly={readOnly} />
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
              children: <IssuesPanel issues={issues} onSelect={h.selectNode} />,
            },
            ...(isLive
              ? [
                  {
                    key: 'live',
                    label: <span data-testid="tab-live">{tt('live.tab')}</span>,
                    children: (
                      <LivePanel
                        campaignId={campaign.id}
                        graph={graph}
                        nodeId={selected?.id}
                        live={liveQuery.data}
                        error={liveQuery.error?.message}
                        showOnCanvas={showLive}
                        onShowOnCanvas={setShowLive}
                      />
                    ),
                  },
                ]
              : []),
            {
              key: 'try',
              label: <span data-testid="tab-try">{tt('try.tab')}</span>,
              children: <TryPanel graph={graph} catalog={catalog} eventType={eventType} onPath={h.setTryPath} />,
            },
            {
              key: 'versions',
              label: <span data-testid="tab-versions">{t('tabs.versions')}</span>,
              children: <VersionsPanel campaignId={campaign.id} liveVersionId={campaign.liveVersionId} draft={graph} catalog={catalog} />,
            },
          ]}
        />
      </SidePanel>
    ),
    // Everything the panel shows; its handlers are stable (h).
    [t, tt, locale, tab, selected, selectedNodes.length, deferredNodes, deferredEdges, issuesByNode, catalog, eventType, readOnly, settings, issues, isLive, campaign.id, campaign.liveVersionId, graph, liveQuery.data, liveQuery.error, showLive, narrow, panelOpen, h],
  );

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: 'calc(100vh - 112px)', minHeight: 520 }}>
      {toolbar}
      <CampaignEditingNotice blocked={blocked} department={campaign.department} />
      {backup && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="recover-banner"
          title={tt('recover.title', { at: format.dateTime(new Date(backup.at), { dateStyle: 'short', timeStyle: 'medium' }) })}
          description={backup.revision !== campaign.draftRevision ? tt('recover.older') : undefined}
          action={
            <Space>
              <Button size="small" type="primary" onClick={recover} data-testid="recover-apply">
                {tt('recover.apply')}
              </Button>
              <Button size="small" onClick={discardBackup} data-testid="recover-discard">
                {tt('recover.discard')}
              </Button>
            </Space>
          }
        />
      )}
      {draft.conflict && (
        <SaveConflict
          campaignId={campaign.id}
          mine={graph}
          onReload={() => {
            clearBackup(campaign.id);
            window.location.reload();
          }}
          onOverwrite={async (revision) => {
            const result = await draft.save(revision);
            if (result.ok) message.success(t('toolbar.saved'));
          }}
        />
      )}
      <div style={{ display: 'flex', flex: 1, minHeight: 0, border: '1px solid #f0f0f0', borderRadius: 8, background: '#fff', overflow: 'hidden' }}>
        {!narrow && palette}
        <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          {tools}
          <div style={{ flex: 1, minHeight: 0, position: 'relative', display: 'flex', flexDirection: 'column' }}>
            <div
              ref={wrapper}
              style={{ flex: 1, minHeight: 0 }}
              // A tap on the canvas folds an open palette away, as a tap beside the app's menu does.
              onPointerDown={narrow ? h.foldPalette : undefined}
              data-testid="designer-canvas"
              data-node-count={nodes.length}
              data-live={live ? 'on' : 'off'}
            >
              <FlowCanvas
                nodes={nodes}
                edges={edges}
                ui={ui}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onConnect={onConnect}
                onDragStart={h.dragStart}
                onBeforeDelete={h.beforeDelete}
                onNodeClick={h.nodeClick}
                onDrop={readOnly ? undefined : onDrop}
                ariaLabel={t('canvas')}
              >
                <AutoFit settleMs={1500} />
              </FlowCanvas>
            </div>
            {narrow && palette}
            {narrow && side}
          </div>
        </div>
        {!narrow && side}
      </div>
    </div>
  );
}
