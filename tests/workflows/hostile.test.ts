import { describe, expect, it } from 'vitest';
import { compileFlow, demoCatalog, MAX_NODES, simulateFlow, validateFlow, type FlowGraphInput } from '../../workflows';
import { cond, end, flow, trigger, wait } from './helpers';

const usage = { type: 'data_usage_80pct', attributes: { pct: 80, plan_gb: 20 }, at: '2025-03-18T09:30:00.000Z' };

/** trigger -> n-2 conditions in a chain (both ports to the next) -> end. */
function chain(n: number): FlowGraphInput {
  const ids = Array.from({ length: n - 2 }, (_, i) => `c${i}`);
  const nodes = [trigger(), ...ids.map((id) => cond(id, 'customer.arpu >= 50.0')), end()];
  const edges: Array<[string, string, string]> = [['start', 'out', ids[0]]];
  ids.forEach((id, i) => {
    const next = ids[i + 1] ?? 'done';
    edges.push([id, 'yes', next], [id, 'no', next]);
  });
  return flow(nodes, edges);
}

describe('hostile and huge inputs', () => {
  // How fast is measured in `npm run bench -- flow-language`, not here (docs/benchmarks.md).
  it('should validate, compile and simulate a 10,000-node flow', () => {
    const graph = chain(MAX_NODES);
    const result = validateFlow(graph, demoCatalog);
    expect(result.issues).toEqual([]);
    const compiled = compileFlow(result.graph!);
    expect(Object.keys(compiled.machine.states)).toHaveLength(MAX_NODES);
    const sim = simulateFlow(compiled, { customer: { arpu: 60 }, trigger: usage, catalog: demoCatalog });
    expect(sim.status).toBe('done');
    expect(sim.path).toHaveLength(MAX_NODES);
  });

  it('should refuse a flow over 10,000 nodes with one issue, not thousands', () => {
    const result = validateFlow(chain(MAX_NODES + 1), demoCatalog);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.rule)).toEqual(['bad_graph']);
  });

  it('should report a 10,000-node loop without a wait once, and cap issue lists', () => {
    const n = MAX_NODES - 1;
    const ids = Array.from({ length: n - 1 }, (_, i) => `c${i}`);
    const edges: Array<[string, string, string]> = [['start', 'out', ids[0]]];
    ids.forEach((id, i) => edges.push([id, 'yes', ids[(i + 1) % ids.length]], [id, 'no', 'done']));
    const loop = validateFlow(flow([trigger(), ...ids.map((id) => cond(id, 'customer.arpu > 1.0')), end()], edges), demoCatalog);
    expect(loop.issues.map((i) => i.rule)).toEqual(['cycle_without_wait']);
    expect(loop.issues[0].message.en).toContain(' …');

    const orphans = flow([trigger(), end(), ...Array.from({ length: 5000 }, (_, i) => end(`x${i}`))], [['start', 'out', 'done']]);
    const many = validateFlow(orphans, demoCatalog);
    expect(many.issues).toHaveLength(1001);
    expect(many.issues.at(-1)?.rule).toBe('too_many_issues');
  });

  it('should refuse mass duplicate ids without comparing every pair', () => {
    const graph = flow([trigger(), ...Array.from({ length: 5000 }, () => end('same'))], [['start', 'out', 'same']]);
    const result = validateFlow(graph, demoCatalog);
    expect(new Set(result.issues.map((i) => i.rule))).toEqual(new Set(['duplicate_id']));
  });

  it('should not be polluted by __proto__, constructor or prototype anywhere', () => {
    const text = JSON.stringify(flow([trigger(), end()], [['start', 'out', 'done']]))
      .replace('"params":{}', '"params":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}')
      .replace('"version":1', '"version":1,"__proto__":{"polluted":1}');
    const result = validateFlow(JSON.parse(text), demoCatalog);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(compileFlow(result.graph!))).not.toContain('polluted');
  });

  it('should run flows whose node ids are names of Object.prototype members', () => {
    const graph = flow(
      [trigger('constructor'), cond('toString', 'customer.arpu > 1.0'), wait('hasOwnProperty', 1), end('valueOf')],
      [['constructor', 'out', 'toString'], ['toString', 'yes', 'hasOwnProperty'], ['toString', 'no', 'valueOf'], ['hasOwnProperty', 'out', 'valueOf']],
    );
    const result = validateFlow(graph, demoCatalog);
    expect(result.issues).toEqual([]);
    const sim = simulateFlow(compileFlow(result.graph!), { customer: { arpu: 9 }, trigger: usage, catalog: demoCatalog });
    expect(sim.path.map((s) => s.nodeId)).toEqual(['constructor', 'toString', 'hasOwnProperty', 'hasOwnProperty', 'valueOf']);
  });

  it('should survive deep nesting, huge strings, cycles in objects and throwing getters', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const base = flow([trigger(), cond('c', 'true'), end()], [['start', 'out', 'c'], ['c', 'yes', 'done'], ['c', 'no', 'done']]);
    const nested = structuredClone(base);
    nested.nodes[1].params = { expr: 'true', extra: deep };
    expect(validateFlow(nested, demoCatalog).ok).toBe(true);

    const huge = structuredClone(base);
    huge.nodes[1].params = { expr: 'customer.arpu > 1.0 || '.repeat(50_000) + 'true' };
    const hugeResult = validateFlow(huge, demoCatalog);
    expect(hugeResult.issues.map((i) => `${i.rule}@${i.nodeId}`)).toEqual(['bad_params@c']);

    const circular: Record<string, unknown> = { expr: 'true' };
    circular.self = circular;
    const cyclic = structuredClone(base);
    cyclic.nodes[1].params = circular;
    expect(validateFlow(cyclic, demoCatalog).ok).toBe(true);

    const trap = Object.defineProperty({ version: 1, edges: [] }, 'nodes', {
      enumerable: true,
      get() {
        throw new Error('gotcha');
      },
    });
    const trapped = validateFlow(trap, demoCatalog);
    expect(trapped.ok).toBe(false);
    expect(trapped.issues[0].message.en.length).toBeGreaterThan(0);

    for (const weird of [Symbol('x'), () => 1, 10n, new Date(), new Map(), [[[[]]]], Object.create(null)]) {
      expect(validateFlow(weird, demoCatalog).ok).toBe(false);
    }
  });

  it('should refuse hostile entry nodes: thousands of starts, huge or reserved declarations, nonsense moments', () => {
    const starts = flow([...Array.from({ length: 5000 }, (_, i) => ({ id: `a${i}`, kind: 'api_entry' })), end()], [['a0', 'out', 'done']]);
    const many = validateFlow(starts, demoCatalog);
    expect(many.issues).toHaveLength(1001);
    expect(new Set(many.issues.slice(0, 1000).map((i) => i.rule))).toEqual(new Set(['multiple_triggers']));

    const api = (attributes: unknown) => validateFlow(flow([{ id: 'in', kind: 'api_entry', params: { attributes } }, end()], [['in', 'out', 'done']]), demoCatalog);
    const huge = api(Array.from({ length: 10_000 }, (_, i) => ({ name: `a${i}`, type: 'string' })));
    expect(huge.issues.map((i) => `${i.rule}@${i.nodeId}:${i.field}`)).toEqual(['bad_params@in:attributes']);
    for (const name of ['constructor', 'prototype', '__proto__', 'A', 'x'.repeat(100)]) {
      expect(api([{ name, type: 'int' }]).issues.map((i) => i.rule), name).toEqual(['bad_params']);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const at = (value: unknown) =>
      validateFlow(flow([{ id: 'b', kind: 'scheduled_audience', params: { condition: 'true', repeat: 'once', at: value } }, end()], [['b', 'out', 'done']]), demoCatalog);
    for (const value of ['9'.repeat(10_000), '2025-06-02 10:00'.repeat(3), '+275760-09-13T00:00:00Z', '0000-00-00 00:00', 42, null]) {
      const result = at(value);
      expect(result.ok, String(value).slice(0, 20)).toBe(false);
      expect(result.issues[0].nodeId).toBe('b');
    }
  });
});
