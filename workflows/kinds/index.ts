import { z } from 'zod';
import type { NodeKindDef } from './define';
import type { LocalizedText } from '../text';
import { apiEntry } from './api-entry';
import { appPush } from './app-push';
import { approval } from './approval';
import { condition } from './condition';
import { controlGroup } from './control-group';
import { eligibility } from './eligibility';
import { end } from './end';
import { frontlineOpportunity } from './frontline-opportunity';
import { goal } from './goal';
import { inboundOffer } from './inbound-offer';
import { offerChoice } from './offer-choice';
import { outboundCall } from './outbound-call';
import { scheduledAudience } from './scheduled-audience';
import { setTag } from './set-tag';
import { sms } from './sms';
import { split } from './split';
import { switchKind } from './switch';
import { trigger } from './trigger';
import { wait } from './wait';
import { webhook } from './webhook';
import { waitEvent } from './wait-event';
import { waitUntil } from './wait-until';

/** The registry of node kinds. Adding a kind: one file in this folder and one line here. */
export const nodeKinds = {
  trigger,
  scheduled_audience: scheduledAudience,
  api_entry: apiEntry,
  condition,
  switch: switchKind,
  split,
  control_group: controlGroup,
  wait,
  wait_until: waitUntil,
  wait_event: waitEvent,
  eligibility,
  offer_choice: offerChoice,
  sms,
  outbound_call: outboundCall,
  inbound_offer: inboundOffer,
  frontline_opportunity: frontlineOpportunity,
  app_push: appPush,
  webhook,
  set_tag: setTag,
  approval,
  goal,
  end,
};

export type NodeKind = keyof typeof nodeKinds;
export const NODE_KINDS = Object.keys(nodeKinds) as [NodeKind, ...NodeKind[]];
export const NodeKind = z.enum(NODE_KINDS);

/** Kinds a customer enters a flow through: a flow has exactly one node of these. */
export const ENTRY_KINDS = NODE_KINDS.filter((k) => nodeKinds[k].category === 'entry');

export function isEntryKind(kind: string): boolean {
  return getKind(kind)?.category === 'entry';
}

/** The kind's definition with its params type erased, or undefined for an unknown kind. */
export function getKind(kind: string): NodeKindDef | undefined {
  return Object.prototype.hasOwnProperty.call(nodeKinds, kind)
    ? (nodeKinds[kind as NodeKind] as NodeKindDef)
    : undefined;
}

/**
 * What an enum setting's values are called, by setting: the `valueLabels` a kind gives in the
 * setting's `.meta()`, read from its JSON Schema (top-level settings only, which is where the
 * canvas summary looks). Nested ones (a wait's unit) reach the form through the same meta.
 */
export function kindValueLabels(kind: NodeKind): Record<string, Record<string, LocalizedText>> {
  const props = (kindFormSchema(kind).properties ?? {}) as Record<string, { valueLabels?: Record<string, LocalizedText> }>;
  return Object.fromEntries(Object.entries(props).flatMap(([key, s]) => (s.valueLabels ? [[key, s.valueLabels]] : [])));
}

/** JSON Schema of a kind's params with the field labels, for generating its settings form. */
export function kindFormSchema(kind: NodeKind): Record<string, unknown> {
  return z.toJSONSchema(nodeKinds[kind].params, { io: 'input', unrepresentable: 'any' });
}

export type { ActionJson, Category, CompileContext, KindIssue, NodeKindDef, StateJson, ValidateContext } from './define';
export { defineNode } from './define';
export { NO_OFFER_PORT, offerChoiceProducts } from './offer-choice';
