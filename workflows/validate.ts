import type { z } from 'zod';
import type { Catalog } from './catalog';
import { FlowGraph, type FlowEdge, type FlowNode } from './graph';
import { entryOfNode, entryScope } from './entries';
import { getKind, isEntryKind, type KindIssue, type NodeKindDef } from './kinds';
import { checkStructure } from './structure';
import { launchSignoffIds } from './signoffs';
import { templateFields } from './template';
import { nodeIssue, type FlowIssue } from './issues';
import { t, clip, type LocalizedText } from './text';
import { zodIssueText } from './zod-text';

export type { FlowIssue } from './issues';

/**
 * validateFlow: everything that can be known about a flow before it runs. It never throws, for
 * any input; each problem is a FlowIssue naming the node (or edge) and a stable rule code, in
 * words a campaign designer can act on, in English and Simplified Chinese.
 */

export interface ValidationResult {
  ok: boolean;
  /** The parsed graph with each node's params normalised (defaults applied); set when ok. */
  graph?: FlowGraph;
  issues: FlowIssue[];
}

export const MAX_ISSUES = 1000;

function rawNodeAt(input: unknown, index: unknown): { id: string; kind: string } | undefined {
  if (typeof index !== 'number' || !input || typeof input !== 'object') return undefined;
  const nodes = (input as { nodes?: unknown }).nodes;
  const node = Array.isArray(nodes) ? nodes[index] : undefined;
  if (!node || typeof node !== 'object') return undefined;
  const { id, kind } = node as { id?: unknown; kind?: unknown };
  return { id: typeof id === 'string' ? clip(id, 64) : `#${index + 1}`, kind: typeof kind === 'string' ? clip(kind, 40) : '?' };
}

/** Maps schema errors of the whole document to issues, on the node when the path says which. */
function schemaIssues(input: unknown, error: z.ZodError): FlowIssue[] {
  const issues: FlowIssue[] = [];
  for (const issue of error.issues.slice(0, MAX_ISSUES)) {
    const [top, index, field] = issue.path;
    const where = issue.path.map(String).join('.');
    if (top === 'nodes' && typeof index === 'number') {
      const node = rawNodeAt(input, index) ?? { id: `#${index + 1}`, kind: '?' };
      if (field === 'kind') {
        issues.push(
          nodeIssue(node, 'unknown_kind', t(`"${node.kind}" is not a known kind of node.`, `“${node.kind}”不是已知的节点类型。`)),
        );
      } else if (field === 'id') {
        issues.push(
          nodeIssue(node, 'bad_id', t('the node id must start with a letter and use only letters, digits, _ and - (at most 64).', '节点ID须以字母开头，只含字母、数字、_ 和 -（最多64个字符）。')),
        );
      } else {
        const why = zodIssueText(issue);
        issues.push(nodeIssue(node, 'bad_node', t(`"${where}" is not valid: ${why.en}.`, `“${where}”无效：${why.zh}。`)));
      }
    } else if (top === 'edges' && typeof index === 'number') {
      const why = zodIssueText(issue);
      issues.push({
        rule: 'bad_edge',
        message: t(`Connection #${index + 1} is not valid ("${where}": ${why.en}).`, `第${index + 1}条连线无效（“${where}”：${why.zh}）。`),
      });
    } else {
      const why = zodIssueText(issue);
      issues.push({
        rule: 'bad_graph',
        message: t(
          `The flow document is not valid${where ? ` at "${where}"` : ''}: ${why.en}.`,
          `流程文件无效${where ? `（位置“${where}”）` : ''}：${why.zh}。`,
        ),
      });
    }
  }
  return issues;
}

/** The label (from `.meta({ label })`) of the deepest labelled field along a params path. */
function fieldLabel(schema: unknown, path: PropertyKey[]): LocalizedText | undefined {
  type S = { shape?: Record<string, unknown>; unwrap?: () => unknown; meta?: () => unknown; element?: unknown; options?: S[] };
  let current = schema as S | undefined;
  let label: LocalizedText | undefined;
  for (const key of path) {
    while (current && !current.shape && !current.element && typeof current.unwrap === 'function') current = current.unwrap() as S;
    // A union of objects (wait_until's modes): the first variant that has the field.
    if (current && !current.shape && Array.isArray(current.options)) current = current.options.find((o) => o.shape?.[String(key)]) ?? current;
    const next = (typeof key === 'number' ? current?.element : current?.shape?.[String(key)]) as S | undefined;
    if (!next) break;
    const meta = typeof next.meta === 'function' ? (next.meta() as { label?: LocalizedText } | undefined) : undefined;
    if (meta?.label) label = meta.label;
    current = next;
  }
  return label;
}

function paramIssues(node: FlowNode, def: NodeKindDef, error: z.ZodError): FlowIssue[] {
  return error.issues.slice(0, 20).map((issue) => {
    const field = issue.path.map(String).join('.');
    const label = fieldLabel(def.params, issue.path);
    const why = zodIssueText(issue);
    // In a list (switch cases, API attributes), say which item: "no. 2" / "第2项".
    const items = issue.path.filter((k): k is number => typeof k === 'number').map((i) => i + 1);
    const which = items.length ? t(` (no. ${items.join('.')})`, `（第${items.join('.')}项）`) : t('', '');
    return nodeIssue(
      node,
      'bad_params',
      t(
        field ? `the setting "${label?.en ?? field}"${which.en} is not valid: ${why.en}.` : `its settings are not valid: ${why.en}.`,
        field ? `设置“${label?.zh ?? field}”${which.zh}无效：${why.zh}。` : `设置无效：${why.zh}。`,
      ),
      field ? { field } : {},
    );
  });
}

/** Validates a flow against the catalog. Never throws. */
export function validateFlow(input: unknown, catalog: Catalog): ValidationResult {
  try {
    return validateUnsafe(input, catalog);
  } catch (err) {
    // A bug of ours must not take the designer down: report it as an issue on the flow.
    return {
      ok: false,
      issues: [
        {
          rule: 'internal_error',
          message: t(`The flow could not be checked (${clip(String(err), 200)}).`, `无法检查该流程（${clip(String(err), 200)}）。`),
        },
      ],
    };
  }
}

function validateUnsafe(input: unknown, catalog: Catalog): ValidationResult {
  const parsed = FlowGraph.safeParse(input);
  if (!parsed.success) return { ok: false, issues: schemaIssues(input, parsed.error) };
  const graph = parsed.data;
  const issues: FlowIssue[] = [];

  // Ids first: with duplicate node ids nothing below can tell the nodes apart.
  const seen = new Set<string>();
  for (const node of graph.nodes) {
    if (seen.has(node.id)) {
      issues.push(nodeIssue(node, 'duplicate_id', t('another node has the same id.', '另一个节点使用了相同的ID。')));
    }
    seen.add(node.id);
  }
  const seenEdges = new Set<string>();
  for (const edge of graph.edges) {
    if (seenEdges.has(edge.id)) {
      issues.push({ edgeId: edge.id, rule: 'duplicate_id', message: t(`Two connections have the id "${edge.id}".`, `两条连线使用了相同的ID“${edge.id}”。`) });
    }
    seenEdges.add(edge.id);
  }
  if (issues.length) return { ok: false, issues: issues.slice(0, MAX_ISSUES) };

  // Params, parsed by each kind's own schema; defaults applied.
  const nodes: FlowNode[] = [];
  const params = new Map<string, unknown>();
  for (const node of graph.nodes) {
    const def = getKind(node.kind)!;
    const result = def.params.safeParse(node.params);
    if (result.success) {
      params.set(node.id, result.data);
      nodes.push({ ...node, params: result.data as Record<string, unknown> });
    } else {
      issues.push(...paramIssues(node, def, result.error));
      nodes.push(node);
    }
  }

  // What `event.*` means downstream depends on the entry: the trigger's event, the API entry's
  // declared attributes, or nothing for a scheduled audience.
  const first = nodes.find((n) => isEntryKind(n.kind) && params.has(n.id));
  const entry = first ? entryOfNode({ ...first, params: params.get(first.id) as Record<string, unknown> }) : undefined;
  const scope = entryScope(catalog, entry);

  // Launch sign-offs (approvals drawn before the entry) concern the version, not a customer.
  const signoffs = launchSignoffIds(nodes, graph.edges, nodes.find((n) => isEntryKind(n.kind))?.id);

  for (const node of nodes) {
    const def = getKind(node.kind)!;
    if (!params.has(node.id) || !def.validate) continue;
    const own = isEntryKind(node.kind) ? { catalog } : scope;
    let found = def.validate(params.get(node.id), { catalog: own.catalog, nodeId: node.id, eventType: own.eventType });
    if (signoffs.has(node.id)) {
      const note = signoffNoteIssue(String((params.get(node.id) as { note?: unknown }).note ?? ''));
      if (note) found = [...found.filter((i) => !(i.rule === 'bad_template' && i.field === 'note')), note];
    }
    for (const issue of found) {
      const { rule, message, ...extra } = issue;
      issues.push(nodeIssue(node, rule, message, extra));
    }
  }

  issues.push(...checkStructure(nodes, graph.edges as FlowEdge[], params, catalog));
  const capped = issues.length > MAX_ISSUES ? [...issues.slice(0, MAX_ISSUES), tooMany(issues.length)] : issues;
  return capped.length ? { ok: false, issues: capped } : { ok: true, graph: { ...graph, nodes }, issues: [] };
}

/** A launch sign-off's note is read by its approvers once, for every customer: no placeholders. */
function signoffNoteIssue(note: string): KindIssue | undefined {
  if (!/\{\{[^{}]*\}\}/.test(note)) return undefined;
  const example = templateFields(note)[0] ?? 'customer.name';
  return {
    rule: 'bad_template',
    field: 'note',
    message: t(
      `it is a launch sign-off, which approves the whole version before any customer enters, so its note cannot use placeholders such as {{${example}}}.`,
      `它是上线审批，在任何客户进入之前审批整个版本，因此审批说明不能使用 {{${example}}} 之类的占位符。`,
    ),
  };
}

function tooMany(count: number): FlowIssue {
  return {
    rule: 'too_many_issues',
    message: t(`${count - MAX_ISSUES} more problems are not shown.`, `另有 ${count - MAX_ISSUES} 个问题未显示。`),
  };
}
