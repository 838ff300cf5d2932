import type { ELK as ElkApi, ElkNode } from 'elkjs/lib/elk-api';
import { portsOf, type FlowRfEdge, type FlowRfNode } from './graph-convert';

/**
 * Tidy layout with ELK's layered algorithm, top to bottom, output ports kept in their order (so
 * "yes" stays left of "no"). ELK is 1.5 MB and takes up to a second on 300 nodes, so it is
 * imported on first use and runs in one Web Worker reused for every layout.
 */

let elk: Promise<ElkApi> | null = null;

function getElk(): Promise<ElkApi> {
  elk ??= import('elkjs/lib/elk-api').then((m) => {
    // A CommonJS module: the constructor is the default export, or its `default` when interop wraps it twice.
    const ELK = (m.default as unknown as { default?: typeof m.default }).default ?? m.default;
    return new ELK({ workerFactory: () => new Worker(new URL('./elk.worker.ts', import.meta.url)) });
  });
  return elk;
}

const NODE_W = 220;
const NODE_H = 90;

export async function tidyLayout(nodes: FlowRfNode[], edges: FlowRfEdge[]): Promise<Map<string, { x: number; y: number }>> {
  const engine = await getElk();
  const ids = new Set(nodes.map((n) => n.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '50',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.semiInteractive': 'true',
      'elk.separateConnectedComponents': 'true',
    },
    children: nodes.map((n) => {
      const width = n.measured?.width ?? NODE_W;
      const ports = portsOf(n.data.kind, n.data.params);
      return {
        id: n.id,
        width,
        height: n.measured?.height ?? NODE_H,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: [
          { id: `${n.id}::in`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'NORTH' } },
          ...ports.map((p, i) => ({
            id: `${n.id}::${p}`,
            width: 1,
            height: 1,
            layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.index': String(ports.length - i) },
          })),
        ],
      };
    }),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [`${e.source}::${e.sourceHandle ?? ''}`], targets: [`${e.target}::in`] })),
  };
  // A port an edge names but the node no longer has would make ELK throw: drop such edges.
  const portIds = new Set(graph.children!.flatMap((c) => c.ports!.map((p) => p.id)));
  graph.edges = graph.edges!.filter((e) => portIds.has(e.sources[0]!) && portIds.has(e.targets[0]!));
  const out = await engine.layout(graph);
  return new Map((out.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}
