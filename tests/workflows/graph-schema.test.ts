import { describe, expect, it } from 'vitest';
import { FlowGraph, FlowNode } from '../../workflows';
import { exampleFlow } from './helpers';

describe('FlowGraph schema', () => {
  it('should accept the example flow and fill in default settings', () => {
    const { settings: _settings, ...withoutSettings } = exampleFlow();
    const graph = FlowGraph.parse(withoutSettings);
    expect(graph.settings).toEqual({ reentry: 'every_time', concurrent: false });
    expect(graph.nodes).toHaveLength(5);
  });

  it('should accept every re-entry policy', () => {
    for (const reentry of ['once', 'every_time', { period: 'day' }, { period: 'week' }, { period: 'month' }]) {
      expect(FlowGraph.safeParse({ ...exampleFlow(), settings: { reentry, concurrent: true } }).success).toBe(true);
    }
    expect(FlowGraph.safeParse({ ...exampleFlow(), settings: { reentry: { period: 'year' } } }).success).toBe(false);
  });

  it('should refuse node ids that cannot be state keys', () => {
    const node = { kind: 'end', position: { x: 0, y: 0 }, params: {} };
    for (const id of ['', '1abc', 'a.b', 'a#b', '__proto__', 'x'.repeat(65), 'a b']) {
      expect(FlowNode.safeParse({ ...node, id }).success, id).toBe(false);
    }
    for (const id of ['a', 'sms_1', 'Wait-2', 'x'.repeat(64)]) {
      expect(FlowNode.safeParse({ ...node, id }).success, id).toBe(true);
    }
  });

  it('should refuse unknown kinds, wrong versions and non-finite positions', () => {
    const base = exampleFlow();
    expect(FlowGraph.safeParse({ ...base, version: 2 }).success).toBe(false);
    const badKind = structuredClone(base);
    (badKind.nodes[0] as { kind: string }).kind = 'teleport';
    expect(FlowGraph.safeParse(badKind).success).toBe(false);
    const badPos = structuredClone(base);
    badPos.nodes[0].position = { x: Infinity, y: 0 };
    expect(FlowGraph.safeParse(badPos).success).toBe(false);
  });
});
