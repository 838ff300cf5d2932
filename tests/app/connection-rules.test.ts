// What the canvas lets a designer connect while drawing: launch sign-offs lead into the entry
// through their Approved output; nothing else leads into an entry.
import { describe, expect, it } from 'vitest';
import { canConnect } from '@/app/_components/flow/connection-rules';
import type { FlowRfEdge, FlowRfNode } from '@/app/_components/flow/graph-convert';

const node = (id: string, kind: string) => ({ id, position: { x: 0, y: 0 }, data: { kind, params: {} } }) as unknown as FlowRfNode;
const nodes = [node('t', 'trigger'), node('a', 'approval'), node('b', 'approval'), node('s', 'sms'), node('api', 'api_entry')];
const link = (source: string, sourceHandle: string, target: string) => ({ source, sourceHandle, target });

describe('connections on the canvas', () => {
  it('should let an approval’s Approved output lead into the entry or into another sign-off', () => {
    expect(canConnect(link('a', 'approved', 't'), nodes, [])).toBe(true);
    expect(canConnect(link('a', 'approved', 'api'), nodes, [])).toBe(true);
    expect(canConnect(link('b', 'approved', 'a'), nodes, [])).toBe(true);
  });

  it('should refuse anything else into an entry', () => {
    expect(canConnect(link('a', 'rejected', 't'), nodes, [])).toBe(false);
    expect(canConnect(link('a', 'timeout', 't'), nodes, [])).toBe(false);
    expect(canConnect(link('s', 'out', 't'), nodes, [])).toBe(false);
    expect(canConnect(link('s', 'out', 'api'), nodes, [])).toBe(false);
  });

  it('should refuse a loop onto itself and a second link from one output', () => {
    expect(canConnect(link('s', 'out', 's'), nodes, [])).toBe(false);
    const taken = [{ id: 'e', source: 't', sourceHandle: 'out', target: 's' }] as unknown as FlowRfEdge[];
    expect(canConnect(link('t', 'out', 'a'), nodes, taken)).toBe(false);
    expect(canConnect(link('t', 'out', 'a'), nodes, [])).toBe(true);
  });
});
