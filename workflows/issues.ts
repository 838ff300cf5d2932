import { getKind } from './kinds';
import { t, type LocalizedText } from './text';

/** A problem in a flow, as shown to the campaign designer next to the node it concerns. */
export interface FlowIssue {
  nodeId?: string;
  edgeId?: string;
  /** Stable code, e.g. 'no_trigger', 'port_unconnected', 'bad_condition'. */
  rule: string;
  message: LocalizedText;
  /** The params field at fault, and a character range inside it (conditions). */
  field?: string;
  start?: number;
  end?: number;
}

/** How a node is named in messages: its kind's label and its id. */
export function nodeName(node: { id: string; kind: string }): LocalizedText {
  const def = getKind(node.kind);
  const label = def?.label ?? t(node.kind, node.kind);
  return t(`${label.en} node "${node.id}"`, `${label.zh}节点“${node.id}”`);
}

export function nodeIssue(node: { id: string; kind: string }, rule: string, what: LocalizedText, extra: Partial<FlowIssue> = {}): FlowIssue {
  const name = nodeName(node);
  return { nodeId: node.id, rule, message: t(`${name.en}: ${what.en}`, `${name.zh}：${what.zh}`), ...extra };
}

