import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPILER_VERSION, compileFlow, FlowGraph, sha256Hex, sha256HexPortable } from '../../workflows';
import { compileValid, end, exampleFlow, flow, trigger, wait } from './helpers';


describe('compileFlow', () => {
  const examples = join(__dirname, '../../workflows/examples');
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.json'))) {
    it(`should compile the example ${file} to its snapshot`, async () => {
      const compiled = compileValid(JSON.parse(readFileSync(join(examples, file), 'utf8')));
      await expect(`${JSON.stringify(compiled, null, 2)}\n`).toMatchFileSnapshot(`./__snapshots__/${file.replace('.json', '.compiled.json')}`);
    });
  }

  it('should map each kind to its documented state shape', () => {
    const compiled = compileValid(flow([trigger(), wait('w', 2, 'hours'), end()], [['start', 'out', 'w'], ['w', 'out', 'done']]));
    expect(compiled.machine.initial).toBe('start');
    expect(compiled.triggers).toEqual([{ nodeId: 'start', eventType: 'data_usage_80pct', condition: '' }]);
    expect(compiled.machine.states.w).toEqual({
      entry: [
        { type: 'startTimer', params: { nodeId: 'w', delayMs: 7_200_000 } },
        { type: 'step', params: { nodeId: 'w', kind: 'wait', outcome: 'waiting' } },
      ],
      on: {
        'octo.timer': {
          guard: { type: 'timerFor', params: { nodeId: 'w' } },
          target: 'done',
          actions: [{ type: 'step', params: { nodeId: 'w', kind: 'wait', outcome: 'elapsed' } }],
        },
      },
    });
    expect(JSON.stringify(compiled.machine)).not.toContain('"after"');
    expect(compiled.machine.states.done).toEqual({ type: 'final', entry: [{ type: 'step', params: { nodeId: 'done', kind: 'end', outcome: 'exited' } }] });
  });

  it('should be deterministic and ignore layout and the order of nodes and edges', () => {
    const a = compileValid(exampleFlow());
    const moved = exampleFlow();
    moved.nodes.forEach((n, i) => (n.position = { x: i * 999, y: -i }));
    moved.nodes.reverse();
    moved.edges.reverse();
    const b = compileValid(moved);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.compilerVersion).toBe(COMPILER_VERSION);
  });

  it('should change the hash when behaviour changes', () => {
    const a = compileValid(exampleFlow());
    const changed = exampleFlow();
    (changed.nodes[1].params as { expr: string }).expr = '!customer.opted_out && customer.arpu >= 60.0';
    expect(compileValid(changed).hash).not.toBe(a.hash);
    const settings = exampleFlow();
    settings.settings = { reentry: 'once', concurrent: false };
    expect(compileValid(settings).hash).not.toBe(a.hash);
  });

  it('should give the same hash whether defaults are written out or not', () => {
    const implicit = exampleFlow();
    implicit.nodes[0].params = { eventType: 'data_usage_80pct' };
    expect(compileFlow(FlowGraph.parse(implicit)).hash).toBe(compileValid(exampleFlow()).hash);
  });

  it('should hash the same in Node as in the browser, whatever the text', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (const text of ['abc', '尊敬的{{customer.name}}，流量已用80%', 'emoji 📶', 'lone \ud800 surrogate', JSON.stringify(exampleFlow()).repeat(50)]) {
      expect(sha256Hex(text)).toBe(sha256HexPortable(text));
    }
  });

  it('should refuse to compile a flow with an unconnected output', () => {
    const graph = FlowGraph.parse(flow([trigger(), end()], []));
    expect(() => compileFlow(graph)).toThrow(/output "out" of node "start" is not connected/);
  });
});
