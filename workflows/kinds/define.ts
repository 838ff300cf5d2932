import type { z } from 'zod';
import type { Catalog } from '../catalog';
import type { LocalizedText } from '../text';

/**
 * The contract of a node kind. Everything about a kind lives in its own file under this folder:
 * parameter schema (the designer generates its form from it: `.meta({ label })` on every field),
 * defaults, output ports, semantic validation and its XState state fragment.
 */

export type Category = 'entry' | 'decision' | 'time' | 'contact' | 'people' | 'outcome' | 'data';

/** A named action with JSON params; the runtime supplies the implementation by name. */
export interface ActionJson {
  type: string;
  params: Record<string, unknown>;
}

/** An XState v5 state node config as plain JSON. */
export type StateJson = Record<string, unknown>;

export interface ValidateContext {
  /** The catalog as the flow sees it (after an API entry, plus its attributes as `api:<id>`). */
  catalog: Catalog;
  nodeId: string;
  /**
   * What `event.*` refers to downstream: the trigger's event type, `api:<entry id>` after an API
   * entry, none after a scheduled audience (entries.ts `entryScope`).
   */
  eventType?: string;
}

/** A problem found by a kind in its own params; validate.ts adds the node and the wording's subject. */
export interface KindIssue {
  rule: string;
  message: LocalizedText;
  /** The params field at fault, e.g. 'expr' or 'duration.amount'. */
  field?: string;
  /** Character range inside that field (conditions), for highlighting. */
  start?: number;
  end?: number;
}

export interface CompileContext {
  nodeId: string;
  /** The node id an output port leads to (the graph is valid, so every port leads somewhere). */
  next(port: string): string;
  /** The action that records a step of this node with an outcome. */
  step(outcome: string): ActionJson;
}

// Methods (not arrow properties) so a kind with specific params fits the registry's erased type.
export interface NodeKindDef<K extends string = string, P = unknown> {
  kind: K;
  category: Category;
  label: LocalizedText;
  description?: LocalizedText;
  params: z.ZodType<P>;
  /** Params of a newly placed node (may be incomplete: validation then says what to fill in). */
  defaults: NoInfer<P>;
  /** Output port names, in display order. Ports may depend on params (switch, split). */
  outputs(params: P): string[];
  portLabels?: Record<string, LocalizedText>;
  /** Semantic checks beyond the schema: catalog references, expressions, templates. */
  validate?(params: P, ctx: ValidateContext): KindIssue[];
  compile(node: { id: string; params: P }, ctx: CompileContext): StateJson;
}

export function defineNode<K extends string, P>(def: NodeKindDef<K, P>): NodeKindDef<K, P> {
  return def;
}
