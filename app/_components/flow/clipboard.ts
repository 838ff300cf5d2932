import { z } from 'zod';
import { NODE_KINDS, type NodeKind } from '@/workflows';
import { edgeIdFor, IN_HANDLE, nextNodeId, type FlowRfEdge, type FlowRfNode } from './graph-convert';

/**
 * Copy and paste of nodes, within a flow and across flows (and browser tabs): the selection goes
 * to the system clipboard as JSON and to localStorage (for when the clipboard is not available).
 * Pasted nodes get fresh ids, so a paste never collides with what is already on the canvas.
 */

export const CLIPBOARD_KEY = 'octoflow.clipboard';
const FORMAT = 'octoflow/nodes@1';

export const ClipboardPayload = z.object({
  format: z.literal(FORMAT),
  nodes: z
    .array(z.object({ id: z.string(), kind: z.string(), position: z.object({ x: z.number(), y: z.number() }), params: z.record(z.string(), z.unknown()) }))
    .min(1)
    .max(2000),
  edges: z.array(z.object({ source: z.string(), sourcePort: z.string(), target: z.string() })),
});
export type ClipboardPayload = z.infer<typeof ClipboardPayload>;

/** The selected nodes and the links between them. */
export function copySelection(nodes: FlowRfNode[], edges: FlowRfEdge[]): ClipboardPayload | null {
  const picked = nodes.filter((n) => n.selected);
  if (!picked.length) return null;
  const ids = new Set(picked.map((n) => n.id));
  return {
    format: FORMAT,
    nodes: picked.map((n) => ({ id: n.id, kind: n.data.kind, position: n.position, params: structuredClone(n.data.params) })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ source: e.source, sourcePort: e.sourceHandle ?? '', target: e.target })),
  };
}

const isKind = (k: string): k is NodeKind => (NODE_KINDS as readonly string[]).includes(k);

export function parseClipboard(text: string | null | undefined): ClipboardPayload | null {
  if (!text) return null;
  try {
    const parsed = ClipboardPayload.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * New nodes and edges for a paste, with fresh ids, moved by `offset`. Unknown kinds (a clipboard
 * from a newer version) are skipped; a second trigger is kept (validation will name it).
 */
export function pasteNodes(payload: ClipboardPayload, existing: FlowRfNode[], existingEdges: FlowRfEdge[], offset: { x: number; y: number }) {
  const taken = new Set(existing.map((n) => n.id));
  const idMap = new Map<string, string>();
  const nodes: FlowRfNode[] = [];
  for (const n of payload.nodes) {
    if (!isKind(n.kind)) continue;
    const kind = n.kind;
    const id = nextNodeId(kind, taken);
    taken.add(id);
    idMap.set(n.id, id);
    nodes.push({
      id,
      type: kind,
      position: { x: Math.round(n.position.x + offset.x), y: Math.round(n.position.y + offset.y) },
      data: { kind, params: structuredClone(n.params) },
      selected: true,
    });
  }
  const edgeIds = new Set(existingEdges.map((e) => e.id));
  const edges: FlowRfEdge[] = [];
  for (const e of payload.edges) {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    if (!source || !target) continue;
    const id = edgeIdFor(source, e.sourcePort, edgeIds);
    edgeIds.add(id);
    edges.push({ id, source, sourceHandle: e.sourcePort, target, targetHandle: IN_HANDLE });
  }
  return { nodes, edges };
}
