import { z } from 'zod';
import type { NodeKindDef } from './define';
import { condition } from './condition';
import { controlGroup } from './control-group';
import { end } from './end';
import { sms } from './sms';
import { split } from './split';
import { switchKind } from './switch';
import { trigger } from './trigger';
import { wait } from './wait';
import { waitEvent } from './wait-event';
import { waitUntil } from './wait-until';

/** The registry of node kinds. Adding a kind: one file in this folder and one line here. */
export const nodeKinds = {
  trigger,
  condition,
  switch: switchKind,
  split,
  control_group: controlGroup,
  wait,
  wait_until: waitUntil,
  wait_event: waitEvent,
  sms,
  end,
};

export type NodeKind = keyof typeof nodeKinds;
export const NODE_KINDS = Object.keys(nodeKinds) as [NodeKind, ...NodeKind[]];
export const NodeKind = z.enum(NODE_KINDS);

/** The kind's definition with its params type erased, or undefined for an unknown kind. */
export function getKind(kind: string): NodeKindDef | undefined {
  return Object.prototype.hasOwnProperty.call(nodeKinds, kind)
    ? (nodeKinds[kind as NodeKind] as NodeKindDef)
    : undefined;
}

/** JSON Schema of a kind's params with the field labels, for generating its settings form. */
export function kindFormSchema(kind: NodeKind): Record<string, unknown> {
  return z.toJSONSchema(nodeKinds[kind].params, { io: 'input', unrepresentable: 'any' });
}

export type { ActionJson, Category, CompileContext, KindIssue, NodeKindDef, StateJson, ValidateContext } from './define';
export { defineNode } from './define';
