import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFlow, demoCatalog, getKind, simulateFlow, validateFlow, type CompiledFlow, type FlowGraph } from '../../workflows';
import { entryOfFlow, entryTrigger, randomCustomer, randomEvents, validFlow } from './arbitraries';

/**
 * "No contact before the launch approvals": everything upstream of the entry is a launch
 * sign-off of the compiled flow, and every contact is a state the machine reaches after the entry.
 */
function expectNothingBeforeSignoffs(graph: FlowGraph, compiled: CompiledFlow) {
  const signoffs = new Set(compiled.signoffs.map((s) => s.nodeId));
  const entry = compiled.machine.initial;
  const seen = new Set([entry]);
  const stack = [entry];
  while (stack.length) {
    const target = stack.pop()!;
    for (const e of graph.edges.filter((x) => x.target === target && !seen.has(x.source))) {
      expect(signoffs.has(e.source), `${e.source} leads into ${target}`).toBe(true);
      expect(e.sourcePort).toBe('approved');
      seen.add(e.source);
      stack.push(e.source);
    }
  }
  expect(seen.size).toBe(signoffs.size + 1);
  for (const node of graph.nodes) {
    if (getKind(node.kind)?.category === 'contact') expect(compiled.machine.states[node.id], node.id).toBeDefined();
    if (signoffs.has(node.id)) expect(compiled.machine.states[node.id], node.id).toBeUndefined();
  }
}

describe('properties of the flow language', () => {
  it('should validate and compile every generated valid flow, deterministically', () => {
    fc.assert(
      fc.property(validFlow, (graph) => {
        const result = validateFlow(graph, demoCatalog);
        expect(result.issues).toEqual([]);
        const a = compileFlow(result.graph!);
        const b = compileFlow(validateFlow(structuredClone(graph), demoCatalog).graph!);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        expect(a.signoffs).toHaveLength(graph.nodes.filter((n) => n.kind === 'approval' && n.id.startsWith('so')).length);
        expectNothingBeforeSignoffs(result.graph!, a);
      }),
      { numRuns: 150 },
    );
  });

  it('should end every simulated path at an end, whatever the customer and events', () => {
    fc.assert(
      fc.property(validFlow, randomCustomer, randomEvents, fc.string({ minLength: 1, maxLength: 8 }), (graph, customer, events, customerId) => {
        const compiled = compileFlow(validateFlow(graph, demoCatalog).graph!);
        const result = simulateFlow(compiled, { customer, customerId, trigger: entryTrigger[entryOfFlow(graph)], events, catalog: demoCatalog });
        expect(result.status).toBe('done');
        const last = result.path.at(-1)!;
        expect(last.kind).toBe('end');
        expect(last.outcome).toBe('exited');
        expect(result.contacts).toHaveLength(result.path.filter((s) => s.outcome === 'contact_requested').length);
        for (let i = 1; i < result.path.length; i++) expect(result.path[i].at >= result.path[i - 1].at).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('should refuse or accept any mutation of a valid flow with node-level issues, never crash', () => {
    const mutation = fc.oneof(
      fc.record({ op: fc.constant('drop_node'), i: fc.nat() }),
      fc.record({ op: fc.constant('drop_edge'), i: fc.nat() }),
      fc.record({ op: fc.constant('kind'), i: fc.nat(), value: fc.oneof(fc.string(), fc.constantFrom('end', 'wait', 'teleport', '__proto__', 'trigger', 'scheduled_audience', 'api_entry')) }),
      fc.record({ op: fc.constant('params'), i: fc.nat(), value: fc.jsonValue() }),
      fc.record({ op: fc.constant('dup_id'), i: fc.nat(), j: fc.nat() }),
      fc.record({ op: fc.constant('retarget'), i: fc.nat(), value: fc.oneof(fc.string(), fc.constantFrom('start', 'so0', 'so1')) }),
      fc.record({ op: fc.constant('port'), i: fc.nat(), value: fc.string() }),
      fc.record({ op: fc.constant('field'), path: fc.constantFrom('version', 'settings', 'nodes', 'edges', 'name'), value: fc.jsonValue() }),
    );
    fc.assert(
      fc.property(validFlow, fc.array(mutation, { minLength: 1, maxLength: 3 }), (graph, mutations) => {
        const trigger = entryTrigger[entryOfFlow(graph)];
        const g: Record<string, unknown> = structuredClone(graph);
        const nodes = g.nodes as Array<Record<string, unknown>>;
        const edges = g.edges as Array<Record<string, unknown>>;
        for (const m of mutations) {
          const node = nodes.length ? nodes[('i' in m ? m.i : 0) % nodes.length] : undefined;
          const edge = edges.length ? edges[('i' in m ? m.i : 0) % edges.length] : undefined;
          if (m.op === 'drop_node' && nodes.length) nodes.splice(m.i % nodes.length, 1);
          if (m.op === 'drop_edge' && edges.length) edges.splice(m.i % edges.length, 1);
          if (m.op === 'kind' && node) node.kind = m.value;
          if (m.op === 'params' && node) node.params = m.value;
          if (m.op === 'dup_id' && node && nodes.length) node.id = nodes[m.j % nodes.length].id;
          if (m.op === 'retarget' && edge) edge.target = m.value;
          if (m.op === 'port' && edge) edge.sourcePort = m.value;
          if (m.op === 'field') g[m.path] = m.value;
        }
        const result = validateFlow(g, demoCatalog);
        if (result.ok) {
          const compiled = compileFlow(result.graph!);
          expectNothingBeforeSignoffs(result.graph!, compiled);
          const sim = simulateFlow(compiled, { customer: { arpu: 60 }, trigger, catalog: demoCatalog });
          expect(['done', 'not_triggered']).toContain(sim.status);
          return;
        }
        expect(result.issues.length).toBeGreaterThan(0);
        const ids = new Set(Array.isArray(g.nodes) ? (g.nodes as Array<{ id?: unknown }>).map((n) => n?.id) : []);
        for (const issue of result.issues) {
          expect(issue.rule).toMatch(/^[a-z_]+$/);
          expect(issue.message.en.length).toBeGreaterThan(0);
          expect(issue.message.zh.length).toBeGreaterThan(0);
          if (issue.nodeId !== undefined && !issue.nodeId.startsWith('#')) expect(ids.has(issue.nodeId)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
