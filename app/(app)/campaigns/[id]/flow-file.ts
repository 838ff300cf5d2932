import { FlowGraph } from '@/workflows';

/**
 * Flows as JSON files: export writes the FlowGraph as saved; import parses it at the boundary
 * and names every problem by its place in the file ("nodes[2].kind: …"), never a bare "invalid".
 */

export function downloadFlow(graph: FlowGraph, fileName: string) {
  const blob = new Blob([`${JSON.stringify(graph, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName.replace(/[\\/:*?"<>|]+/g, '_') || 'flow'}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type ImportResult = { ok: true; graph: FlowGraph } | { ok: false; errors: { path: string; message: string }[] };

const MAX_BYTES = 5 * 1024 * 1024;

export function parseFlowFile(text: string): ImportResult {
  if (text.length > MAX_BYTES) return { ok: false, errors: [{ path: '', message: 'too_large' }] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `not_json:${err instanceof Error ? err.message : String(err)}` }] };
  }
  const parsed = FlowGraph.safeParse(json);
  if (parsed.success) return { ok: true, graph: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.slice(0, 20).map((i) => ({
      path: i.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), ''),
      message: i.message,
    })),
  };
}
