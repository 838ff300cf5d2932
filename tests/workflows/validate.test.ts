import { describe, expect, it } from 'vitest';
import { demoCatalog, validateFlow, type FlowIssue } from '../../workflows';
import { cond, end, exampleFlow, flow, sms, trigger, wait } from './helpers';

const rules = (issues: FlowIssue[]) => issues.map((i) => `${i.rule}@${i.nodeId ?? i.edgeId ?? '-'}`).sort();

describe('validateFlow', () => {
  it('should accept the example flow and return it with normalised params', () => {
    const result = validateFlow(exampleFlow(), demoCatalog);
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.graph?.nodes.find((n) => n.id === 'trigger')?.params).toEqual({ eventType: 'data_usage_80pct', condition: '' });
  });

  it('should say there is no trigger', () => {
    const result = validateFlow(flow([end('a')], []), demoCatalog);
    expect(rules(result.issues)).toEqual(['no_trigger@-']);
    expect(result.issues[0].message.zh).toContain('触发器');
  });

  it('should name the node and rule for an unconnected output', () => {
    const result = validateFlow(flow([trigger(), cond('rich', 'customer.arpu > 100.0'), end()], [['start', 'out', 'rich'], ['rich', 'yes', 'done']]), demoCatalog);
    expect(rules(result.issues)).toEqual(['port_unconnected@rich']);
    expect(result.issues[0].message.en).toBe('Condition node "rich": its output "No" is not connected to a next step.');
    expect(result.issues[0].message.zh).toBe('条件判断节点“rich”：出口“否”没有连接下一步。');
  });

  it('should report unreachable nodes and multiple triggers', () => {
    const result = validateFlow(
      flow([trigger(), end(), trigger('again', 'balance_low'), end('orphan')], [['start', 'out', 'done'], ['again', 'out', 'orphan']]),
      demoCatalog,
    );
    expect(rules(result.issues)).toEqual(['multiple_triggers@again', 'unreachable@again', 'unreachable@orphan']);
  });

  it('should report a bad condition on its node with the field and range', () => {
    const result = validateFlow(flow([trigger(), cond('c', 'customer.arpu >= "50"'), end()], [['start', 'out', 'c'], ['c', 'yes', 'done'], ['c', 'no', 'done']]), demoCatalog);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ nodeId: 'c', rule: 'bad_condition', field: 'expr', start: 0, end: 21 });
    expect(result.issues[0].message.en).toMatch(/^Condition node "c": /);
  });

  it('should check event attributes against the trigger event type', () => {
    const good = flow([trigger('start', 'balance_low'), cond('c', 'event.balance < 5.0'), end()], [['start', 'out', 'c'], ['c', 'yes', 'done'], ['c', 'no', 'done']]);
    expect(validateFlow(good, demoCatalog).ok).toBe(true);
    const bad = flow([trigger('start', 'data_usage_80pct'), cond('c', 'event.balance < 5.0'), end()], [['start', 'out', 'c'], ['c', 'yes', 'done'], ['c', 'no', 'done']]);
    expect(rules(validateFlow(bad, demoCatalog).issues)).toEqual(['bad_condition@c']);
  });

  it('should report unknown event types, placeholders and offers', () => {
    const result = validateFlow(
      flow([trigger('start', 'moon_landing'), sms('s', 'Hi {{customer.nickname}} {{ foo }}', 'no_such_offer'), end()], [['start', 'out', 's'], ['s', 'out', 'done']]),
      demoCatalog,
    );
    expect(rules(result.issues)).toEqual(['bad_template@s', 'bad_template@s', 'unknown_event_type@start', 'unknown_offer@s']);
    expect(result.issues.find((i) => i.rule === 'unknown_event_type')?.message.en).toBe('Trigger node "start": the event "moon_landing" is not in the catalog.');
  });

  it('should report bad params with the field label', () => {
    const result = validateFlow(flow([trigger(), wait('w', 0), end()], [['start', 'out', 'w'], ['w', 'out', 'done']]), demoCatalog);
    expect(rules(result.issues)).toEqual(['bad_params@w']);
    expect(result.issues[0]).toMatchObject({ field: 'duration.amount' });
    expect(result.issues[0].message.en).toBe('Wait node "w": the setting "Amount" is not valid: it must be more than 0.');
    expect(result.issues[0].message.zh).toBe('等待节点“w”：设置“时长”无效：必须大于 0。');
  });

  it('should word format and missing-setting problems in Chinese too, with the field label', () => {
    const noTime = validateFlow(flow([trigger(), { id: 'u', kind: 'wait_until', params: { mode: 'time_of_day', time: '9:00' } }, end()], [['start', 'out', 'u'], ['u', 'out', 'done']]), demoCatalog);
    expect(noTime.issues[0].message.zh).toBe('等待至节点“u”：设置“时刻”无效：格式不正确（时间格式为 HH:MM，例如 09:30）。');
    const missing = validateFlow(flow([trigger(), { id: 'w', kind: 'wait', params: {} }, end()], [['start', 'out', 'w'], ['w', 'out', 'done']]), demoCatalog);
    expect(missing.issues[0].message.zh).toBe('等待节点“w”：设置“等待时长”无效：必须填写。');
  });

  it('should report unknown kinds and duplicate ids on the node', () => {
    const unknown = flow([trigger(), { id: 'x', kind: 'teleport' }, end()], [['start', 'out', 'done']]);
    const r1 = validateFlow(unknown, demoCatalog);
    expect(rules(r1.issues)).toEqual(['unknown_kind@x']);
    expect(r1.issues[0].message.en).toContain('"teleport" is not a known kind of node');
    const dup = flow([trigger(), end(), end()], [['start', 'out', 'done']]);
    expect(rules(validateFlow(dup, demoCatalog).issues)).toEqual(['duplicate_id@done']);
  });

  it('should report edges to missing nodes, unknown ports and doubly used ports', () => {
    const result = validateFlow(
      flow([trigger(), end(), end('other')], [['start', 'out', 'done'], ['start', 'out', 'other'], ['start', 'sideways', 'done'], ['done', 'out', 'ghost']]),
      demoCatalog,
    );
    expect(rules(result.issues)).toEqual(['dangling_edge@done', 'port_multiple_edges@start', 'unknown_port@start', 'unreachable@other']);
  });

  it('should refuse a loop without a wait and accept one with a wait', () => {
    const spin = flow([trigger(), cond('a', 'customer.arpu > 1.0'), cond('b', 'customer.arpu > 2.0'), end()], [['start', 'out', 'a'], ['a', 'yes', 'b'], ['a', 'no', 'done'], ['b', 'yes', 'a'], ['b', 'no', 'done']]);
    const r = validateFlow(spin, demoCatalog);
    expect(rules(r.issues)).toEqual(['cycle_without_wait@a']);
    expect(r.issues[0].message.en).toContain('Condition node "a" → Condition node "b"');
    const paced = flow(
      [trigger(), cond('a', 'customer.arpu > 1.0'), wait('w', 1), end()],
      [['start', 'out', 'a'], ['a', 'yes', 'w'], ['a', 'no', 'done'], ['w', 'out', 'a']],
    );
    expect(validateFlow(paced, demoCatalog).issues).toEqual([]);
  });

  it('should report nodes with no way to an end', () => {
    const trap = flow([trigger(), wait('w1', 1), wait('w2', 1)], [['start', 'out', 'w1'], ['w1', 'out', 'w2'], ['w2', 'out', 'w1']]);
    expect(rules(validateFlow(trap, demoCatalog).issues)).toEqual(['no_exit@start', 'no_exit@w1', 'no_exit@w2']);
  });

  it('should refuse edges into the trigger', () => {
    const result = validateFlow(flow([trigger(), wait('w', 1), end()], [['start', 'out', 'w'], ['w', 'out', 'start']]), demoCatalog);
    expect(rules(result.issues)).toEqual(['no_exit@start', 'no_exit@w', 'trigger_has_input@start', 'unreachable@done']);
    expect(result.issues.find((i) => i.rule === 'trigger_has_input')?.edgeId).toBe('e2');
  });

  it('should never throw, whatever it is given', () => {
    const hostile: unknown[] = [
      undefined, null, 0, 'flow', [], {}, { version: 1 }, { version: 1, nodes: 'x', edges: [] },
      { version: 1, nodes: [null, 1, 'a', { id: {}, kind: [] }], edges: [{}] },
      JSON.parse('{"version":1,"nodes":[{"id":"a","kind":"end","position":{"x":0,"y":0},"params":{"__proto__":{"polluted":true}}}],"edges":[],"__proto__":{"x":1}}'),
    ];
    for (const input of hostile) {
      const result = validateFlow(input, demoCatalog);
      expect(result.ok).toBe(false);
      expect(result.issues.length).toBeGreaterThan(0);
      for (const issue of result.issues) {
        expect(issue.message.en.length).toBeGreaterThan(0);
        expect(issue.message.zh.length).toBeGreaterThan(0);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
