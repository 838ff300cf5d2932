import type { Catalog } from './catalog';
import type { FlowEdge, FlowNode } from './graph';
import { getKind, isEntryKind } from './kinds';
import { t } from './text';
import { nodeIssue, nodeName, type FlowIssue } from './issues';
import { reach } from './reach';
import { launchSignoffIds, SIGNOFF_PORT } from './signoffs';

/**
 * Static verification of the graph's shape: exactly one entry (trigger, scheduled audience or API
 * entry), every connection valid, every
 * output port connected, every node reachable, no loop that could spin without waiting, and a
 * way out (an end) from everywhere. Iterative algorithms only: graphs reach 10,000 nodes.
 *
 * Launch sign-offs (signoffs.ts) are the one thing allowed before the entry: approval nodes whose
 * Approved output leads, through other launch sign-offs, into it. Nothing else may lead into the
 * entry or into a launch sign-off, so no contact can happen before the version is signed off; a
 * launch sign-off's "rejected" and "timeout" outputs stay unconnected (a rejection sends the
 * version back to its designer, an unanswered sign-off is escalated; no customer passes there).
 */

export function checkStructure(nodes: FlowNode[], edges: FlowEdge[], params: Map<string, unknown>, catalog?: Catalog): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));

  // Rule codes keep their historical names (no_trigger, …): the designer and saved issues use them.
  const entries = nodes.filter((n) => isEntryKind(n.kind));
  if (entries.length === 0) {
    issues.push({
      rule: 'no_trigger',
      message: t(
        'The flow has no start: add a trigger (an event), a scheduled audience or an API entry to say how customers enter it.',
        '流程没有起点：请添加触发器（事件）、定时客群或 API 接入，说明客户如何进入流程。',
      ),
    });
  }
  for (const extra of entries.slice(1)) {
    const first = nodeName(entries[0]);
    issues.push(
      nodeIssue(
        extra,
        'multiple_triggers',
        t(`a flow has exactly one start, and ${first.en} is already it. Make a second flow for another way in.`, `一个流程只能有一个起点，${first.zh}已是起点。其他进入方式请另建流程。`),
      ),
    );
  }

  // Ports each node offers (unknown when its params are invalid: those edges are not judged).
  const ports = new Map<string, string[]>();
  for (const node of nodes) {
    if (params.has(node.id)) ports.set(node.id, getKind(node.kind)!.outputs(params.get(node.id)));
  }

  const signoffs = launchSignoffIds(nodes, edges, entries[0]?.id);
  // An offer choice's outputs are named by their offer: say the offer's name.
  const offerName = (node: FlowNode, port: string) => (node.kind === 'offer_choice' ? catalog?.offers.find((o) => o.id === port)?.label : undefined);
  const portLabel = (node: FlowNode, port: string) => getKind(node.kind)?.portLabels?.[port] ?? offerName(node, port) ?? t(port, port);
  // Connections into a launch sign-off from anything but another one's Approved output.
  const intoSignoff: Array<{ source: FlowNode; target: FlowNode; edge: FlowEdge }> = [];

  const out = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const incoming = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const used = new Set<string>();
  // A node with invalid params has unknown ports: the exit check below cannot judge it.
  let broken = ports.size !== nodes.length;
  for (const edge of edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) {
      broken = true;
      const missing = !source ? edge.source : edge.target;
      issues.push({
        edgeId: edge.id,
        nodeId: source?.id,
        rule: 'dangling_edge',
        message: t(`A connection leads to or from "${missing}", which is not a node of this flow.`, `有一条连线连接到不存在的节点“${missing}”。`),
      });
      continue;
    }
    const offered = ports.get(source.id);
    if (offered && !offered.includes(edge.sourcePort)) {
      broken = true;
      issues.push(nodeIssue(source, 'unknown_port', t(`it has no output "${edge.sourcePort}".`, `没有名为“${edge.sourcePort}”的出口。`), { edgeId: edge.id }));
      continue;
    }
    const portKey = `${source.id}\u0000${edge.sourcePort}`;
    if (used.has(portKey)) {
      broken = true;
      issues.push(nodeIssue(source, 'port_multiple_edges', t(`its output "${edge.sourcePort}" is connected more than once; an output leads to exactly one next step.`, `出口“${edge.sourcePort}”连接了多次；每个出口只能连到一个下一步。`), { edgeId: edge.id }));
      continue;
    }
    used.add(portKey);
    const fromSignoff = signoffs.has(source.id);
    if (fromSignoff && edge.sourcePort !== SIGNOFF_PORT) {
      const label = portLabel(source, edge.sourcePort);
      issues.push(
        nodeIssue(
          source,
          'signoff_output_connected',
          t(
            `it is a launch sign-off (drawn before the start), so its output "${label.en}" must stay unconnected: a rejected launch sign-off sends the version back to its designer, one left unanswered is escalated to the head office, and no customer ever passes here.`,
            `它是上线审批（画在起点之前），出口“${label.zh}”不能连线：上线审批被驳回时版本退回设计人员，超时未审批则上报总部，客户不会经过这里。`,
          ),
          { edgeId: edge.id, field: edge.sourcePort },
        ),
      );
    } else if (isEntryKind(target.kind) && !(fromSignoff && target.id === entries[0].id)) {
      issues.push(
        nodeIssue(
          target,
          'trigger_has_input',
          t(
            'it is where the flow starts: nothing may lead into it but the "Approved" output of a launch sign-off (an approval drawn before the start).',
            '这是流程的起点：除上线审批（画在起点之前的审批）的“通过”出口外，不能有连线指向它。',
          ),
          { edgeId: edge.id },
        ),
      );
    } else if (signoffs.has(target.id) && !fromSignoff) {
      intoSignoff.push({ source, target, edge });
    }
    out.get(source.id)!.push(target.id);
    incoming.get(target.id)!.push(source.id);
  }

  for (const [id, offered] of ports) {
    // A launch sign-off leads on only when approved; no customer takes its other outputs.
    if (signoffs.has(id)) continue;
    for (const port of offered) {
      if (!used.has(`${id}\u0000${port}`)) {
        broken = true;
        const label = portLabel(byId.get(id)!, port);
        issues.push(nodeIssue(byId.get(id)!, 'port_unconnected', t(`its output "${label.en}" is not connected to a next step.`, `出口“${label.zh}”没有连接下一步。`), { field: port }));
      }
    }
  }

  const reachable = entries.length ? reach([entries[0].id], out) : new Set<string>();
  if (entries.length) {
    // Nodes told they come before a launch sign-off: "unreachable" would only repeat it.
    const beforeSignoff = new Set<string>();
    for (const { source, target, edge } of intoSignoff) {
      beforeSignoff.add(source.id);
      if (getKind(source.kind)?.category === 'contact' && !reachable.has(source.id)) {
        issues.push(contactBeforeSignoff(source, target));
        continue;
      }
      const name = nodeName(target);
      const label = portLabel(source, edge.sourcePort);
      issues.push(
        nodeIssue(
          source,
          'leads_into_signoff',
          t(
            `its output "${label.en}" leads into the launch sign-off ${name.en}. Only the "Approved" output of another launch sign-off may lead there: launch sign-offs are given before the start, and customers never pass them.`,
            `出口“${label.zh}”连到了上线审批${name.zh}。只有另一个上线审批的“通过”出口可以连到这里：上线审批在起点之前完成，客户不会经过。`,
          ),
          { edgeId: edge.id },
        ),
      );
    }
    // Contacts further upstream, no customer's path (e.g. SMS -> wait -> sign-off -> start).
    const upstream = reach([...beforeSignoff], incoming);
    for (const node of nodes) {
      if (!upstream.has(node.id) || beforeSignoff.has(node.id) || reachable.has(node.id) || signoffs.has(node.id)) continue;
      if (getKind(node.kind)?.category !== 'contact') continue;
      const signoff = firstSignoffAfter(node.id, out, signoffs);
      if (signoff) {
        beforeSignoff.add(node.id);
        issues.push(contactBeforeSignoff(node, byId.get(signoff)!));
      }
    }
    for (const node of nodes) {
      if (reachable.has(node.id) || signoffs.has(node.id) || beforeSignoff.has(node.id)) continue;
      issues.push(
        nodeIssue(
          node,
          'unreachable',
          node.kind === 'approval'
            ? t(
                'no path from the start of the flow leads here, and its "Approved" output does not lead to the start either: it is neither a step of the journey nor a launch sign-off.',
                '从流程起点出发没有路径到达这里，它的“通过”出口也没有连到起点：它既不是旅程中的步骤，也不是上线审批。',
              )
            : t('no path from the start of the flow leads here, so no customer can ever arrive.', '从流程起点出发没有路径到达这里，客户永远不会进入该节点。'),
        ),
      );
    }
  }

  for (const component of loops(nodes, out)) {
    // Time and people nodes pace a loop: each round waits for a timer, an event or a person.
    const waits = component.some((id) => ['time', 'people'].includes(getKind(byId.get(id)!.kind)!.category));
    if (!waits) {
      const first = byId.get(component[0])!;
      const names = component.slice(0, 5).map((id) => nodeName(byId.get(id)!));
      const more = component.length > 5 ? ' …' : '';
      issues.push(
        nodeIssue(first, 'cycle_without_wait', t(`it is in a loop without any wait (${names.map((n) => n.en).join(' → ')}${more}); a customer would go round forever. Add a wait inside the loop.`, `处于一个没有等待的循环中（${names.map((n) => n.zh).join(' → ')}${more}），客户会无限循环。请在循环中加入等待。`)),
      );
    }
  }

  // Only judged when every output is connected: otherwise the unconnected outputs explain it.
  if (!broken) {
    const exits = nodes.filter((n) => ports.get(n.id)?.length === 0).map((n) => n.id);
    const canExit = reach(exits, incoming);
    for (const node of nodes) {
      if (reachable.has(node.id) && !canExit.has(node.id)) {
        issues.push(nodeIssue(node, 'no_exit', t('no path from here reaches an end, so customers are trapped in the flow.', '从这里出发没有路径能到达结束节点，客户将无法离开流程。')));
      }
    }
  }
  return issues;
}

function contactBeforeSignoff(contact: FlowNode, signoff: FlowNode): FlowIssue {
  const name = nodeName(signoff);
  return nodeIssue(
    contact,
    'contact_before_signoff',
    t(
      `it comes before the launch sign-off ${name.en}: no customer may be contacted before the version is signed off. Put contacts after the start.`,
      `它位于上线审批${name.zh}之前：版本审批通过前不得联系任何客户。请把触达放在起点之后。`,
    ),
  );
}

/** The first launch sign-off reached from `start` (breadth first, so the nearest), if any. */
function firstSignoffAfter(start: string, out: Map<string, string[]>, signoffs: Set<string>): string | undefined {
  const seen = new Set([start]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const n of out.get(queue[i]) ?? []) {
      if (signoffs.has(n)) return n;
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return undefined;
}

/** Strongly connected components that contain a cycle (Tarjan's algorithm, iterative). */
export function loops(nodes: Array<{ id: string }>, out: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root.id)) continue;
    const work: Array<{ id: string; i: number }> = [{ id: root.id, i: 0 }];
    index.set(root.id, counter);
    low.set(root.id, counter++);
    stack.push(root.id);
    onStack.add(root.id);
    while (work.length) {
      const frame = work[work.length - 1];
      const succ = out.get(frame.id) ?? [];
      if (frame.i < succ.length) {
        const w = succ[frame.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ id: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.id);
        const selfLoop = (out.get(frame.id) ?? []).includes(frame.id);
        if (component.length > 1 || selfLoop) result.push(component.sort());
      }
    }
  }
  return result;
}
