import { expect } from 'vitest';
import { compileFlow, demoCatalog, validateFlow, type FlowGraphInput } from '../../workflows';
import example from '../../workflows/examples/data-usage-upsell.json';

type N = { id: string; kind: string; params?: Record<string, unknown> };
type E = [source: string, port: string, target: string];

/** A flow from nodes and [source, port, target] edges; positions are laid out automatically. */
export function flow(nodes: N[], edges: E[], extra: Partial<FlowGraphInput> = {}): FlowGraphInput {
  return {
    version: 1,
    ...extra,
    nodes: nodes.map((n, i) => ({ id: n.id, kind: n.kind as never, position: { x: 0, y: i * 100 }, params: n.params ?? {} })),
    edges: edges.map(([source, sourcePort, target], i) => ({ id: `e${i + 1}`, source, sourcePort, target })),
  };
}

export const trigger = (id = 'start', eventType = 'data_usage_80pct', condition = ''): N => ({
  id,
  kind: 'trigger',
  params: { eventType, condition },
});
export const cond = (id: string, expr: string): N => ({ id, kind: 'condition', params: { expr } });
export const wait = (id: string, amount: number, unit = 'days'): N => ({ id, kind: 'wait', params: { duration: { amount, unit } } });
export const sms = (id: string, template: string, offerId?: string): N => ({
  id,
  kind: 'sms',
  params: offerId ? { template, offerId } : { template },
});
export const end = (id = 'done'): N => ({ id, kind: 'end' });

export function exampleFlow(): FlowGraphInput {
  return structuredClone(example) as FlowGraphInput;
}

/** Validates against the demo catalog, expects no issue, and compiles. */
export function compileValid(input: unknown) {
  const result = validateFlow(input, demoCatalog);
  expect(result.issues).toEqual([]);
  return compileFlow(result.graph!);
}
