import type { FlowEdge, FlowNode } from './graph';
import { Duration, durationMs } from './kinds/duration';
import { reach } from './reach';
import { t, type LocalizedText } from './text';

/**
 * Launch sign-offs: approval nodes drawn BEFORE the entry. They approve the whole flow version
 * before any customer enters it, and no customer ever passes through them:
 *
 *   market ──approved──▶ head_office ──approved──▶ [entry]     serial: head office after market
 *   market ──approved──▶ [entry] ◀──approved── customer_service   parallel: both at once
 *
 * A launch sign-off is an approval node whose "approved" output leads, through other launch
 * sign-offs only, into the flow's entry. Each output has exactly one connection, so the sign-offs
 * form a tree whose root is the entry: a sign-off opens once every sign-off leading into it is
 * approved (`after`), and the version may run once all are. The rules (structure.ts) and the
 * compiled list (compile.ts) both come from `launchSignoffIds`: one definition.
 */

/** The output of a launch sign-off that leads on; its "rejected" and "timeout" stay unconnected. */
export const SIGNOFF_PORT = 'approved';

/** One launch sign-off step of a compiled flow (CompiledFlow.signoffs), plain JSON. */
export interface CompiledSignoff {
  /** The approval node's id: the step's stable name in approvals and notifications. */
  nodeId: string;
  /** The department whose approvers sign it (market, customer_service, it_support, head_office). */
  department: string;
  /** The approver's role within the department, when the node names one. */
  role: string | null;
  /** What the approvers are asked to check. */
  note: string;
  /** How long it may stay open before it is escalated (the node's "give up after"), in ms. */
  timeoutMs: number;
  /** Sign-offs that must be approved before this one opens (their Approved output leads here), sorted. */
  after: string[];
  /** Where its Approved output leads: the next sign-off, or the entry node. */
  next: string;
}

type NodeRef = Pick<FlowNode, 'id' | 'kind'>;
type EdgeRef = Pick<FlowEdge, 'source' | 'sourcePort' | 'target'>;

/**
 * The ids of the launch sign-offs: approval nodes whose Approved output leads, through other
 * launch sign-offs only, into the entry `entryId`. Iterative (graphs reach 10,000 nodes).
 */
export function launchSignoffIds(nodes: readonly NodeRef[], edges: readonly EdgeRef[], entryId: string | undefined): Set<string> {
  if (entryId === undefined) return new Set();
  const approvals = new Set(nodes.filter((n) => n.kind === 'approval').map((n) => n.id));
  const approvedInto = new Map<string, string[]>();
  for (const e of edges) {
    if (e.sourcePort !== SIGNOFF_PORT || !approvals.has(e.source)) continue;
    const list = approvedInto.get(e.target);
    if (list) list.push(e.source);
    else approvedInto.set(e.target, [e.source]);
  }
  const ids = reach([entryId], approvedInto);
  ids.delete(entryId);
  return ids;
}

/**
 * The launch sign-off steps of a VALID graph whose nodes carry parsed params, in the order they
 * open: a step comes after every step in its `after`, and steps that open together are ordered
 * by id (deterministic whatever the order of the nodes).
 */
export function compileSignoffs(nodes: readonly FlowNode[], edges: readonly EdgeRef[], entryId: string): CompiledSignoff[] {
  const ids = launchSignoffIds(nodes, edges, entryId);
  if (ids.size === 0) return [];
  const byId = new Map(nodes.filter((n) => ids.has(n.id)).map((n) => [n.id, n]));
  const after = new Map<string, string[]>([...ids].map((id) => [id, []]));
  const next = new Map<string, string>();
  for (const e of edges) {
    if (e.sourcePort !== SIGNOFF_PORT || !ids.has(e.source)) continue;
    next.set(e.source, e.target);
    after.get(e.target)?.push(e.source);
  }
  // Kahn's algorithm; the sign-offs form a tree, so every step is emitted exactly once.
  const waiting = new Map([...after].map(([id, list]) => [id, list.length]));
  const ready = [...ids].filter((id) => waiting.get(id) === 0).sort();
  const steps: CompiledSignoff[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    const node = byId.get(id)!;
    const p = node.params as { department: string; role?: string; note: string; timeout: Duration };
    steps.push({
      nodeId: id,
      department: p.department,
      role: p.role ? p.role : null,
      note: p.note,
      timeoutMs: durationMs(p.timeout),
      after: [...after.get(id)!].sort(),
      next: next.get(id)!,
    });
    const target = next.get(id)!;
    if (ids.has(target)) {
      const left = waiting.get(target)! - 1;
      waiting.set(target, left);
      if (left === 0) {
        ready.push(target);
        ready.sort();
      }
    }
  }
  return steps;
}

const DEPARTMENT_NAMES: Record<string, LocalizedText> = {
  market: t('Market', '市场部'),
  customer_service: t('Customer service', '客服部'),
  it_support: t('IT support', 'IT支撑部'),
  head_office: t('Head office', '省公司'),
  channels: t('Channels', '渠道部'),
};

/** A department's name in words (its code when it has none). */
export function departmentName(department: string): LocalizedText {
  return DEPARTMENT_NAMES[department] ?? t(department, department);
}

/** Who signs a launch sign-off, in words: "Market (营销经理)". */
export function signoffSigner(s: Pick<CompiledSignoff, 'department' | 'role'>): LocalizedText {
  const dept = departmentName(s.department);
  return s.role ? t(`${dept.en} (${s.role})`, `${dept.zh}（${s.role}）`) : dept;
}
