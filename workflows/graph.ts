import { z } from 'zod';
import { formatMessage } from './zod-text';
import { NodeKind } from './kinds';

/**
 * The saved shape of a flow, as the designer writes it and the server stores it.
 * Parameters stay an opaque record here: each kind parses its own params during validation,
 * so one bad node is reported on that node instead of failing the whole document.
 */

export const MAX_NODES = 10_000;
export const MAX_EDGES = 20_000;

export const NodeId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, {
  message: formatMessage('a letter, then up to 63 letters, digits, _ or -', '以字母开头，最多64个字母、数字、_ 或 -'),
});
export type NodeId = z.infer<typeof NodeId>;

export const Position = z.object({ x: z.number().finite(), y: z.number().finite() });
export type Position = z.infer<typeof Position>;

export const FlowNode = z.object({
  id: NodeId,
  kind: NodeKind,
  position: Position,
  params: z.record(z.string(), z.unknown()),
});
export type FlowNode = z.infer<typeof FlowNode>;

export const FlowEdge = z.object({
  id: z.string().min(1).max(128),
  source: NodeId,
  sourcePort: z.string().min(1).max(64),
  target: NodeId,
});
export type FlowEdge = z.infer<typeof FlowEdge>;

export const ReentryPolicy = z.union([
  z.literal('once'),
  z.literal('every_time'),
  z.object({ period: z.enum(['day', 'week', 'month']) }),
]);
export type ReentryPolicy = z.infer<typeof ReentryPolicy>;

export const FlowSettings = z.object({
  /** May a customer enter the flow again: never, on every trigger, or at most once per period. */
  reentry: ReentryPolicy.default('every_time'),
  /** May one customer be in two runs of this flow at the same time. */
  concurrent: z.boolean().default(false),
});
export type FlowSettings = z.infer<typeof FlowSettings>;

export const FlowGraph = z.object({
  version: z.literal(1),
  name: z.string().max(200).optional(),
  settings: FlowSettings.default({ reentry: 'every_time', concurrent: false }),
  nodes: z.array(FlowNode).max(MAX_NODES),
  edges: z.array(FlowEdge).max(MAX_EDGES),
});
export type FlowGraph = z.infer<typeof FlowGraph>;
/** What a caller may send (settings may be omitted and get their defaults). */
export type FlowGraphInput = z.input<typeof FlowGraph>;
