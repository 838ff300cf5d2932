import { describe, expect, it } from 'vitest';
import { bucketOf, compileFlow, demoCatalog, simulateFlow, validateFlow, type FlowIssue } from '../../workflows';
import { end, flow, sms, trigger } from './helpers';

const rules = (issues: FlowIssue[]) => issues.map((i) => `${i.rule}@${i.nodeId ?? '-'}`).sort();
const usage = { type: 'data_usage_80pct', attributes: { pct: 80, plan_gb: 20 }, at: '2025-03-18T09:30:00.000Z' };
const customer = { name: '李娜', arpu: 120.0, opted_out: false, plan: 'unlimited_5g', value_tier: 'gold' };

const splitFlow = (branches: Array<{ name: string; percent: number }>) =>
  flow(
    [trigger(), { id: 'ab', kind: 'split', params: { branches } }, ...branches.map((b) => sms(`sms_${b.name}`, `Variant ${b.name}`)), end()],
    [['start', 'out', 'ab'], ...branches.map((b): [string, string, string] => ['ab', b.name, `sms_${b.name}`]), ...branches.map((b): [string, string, string] => [`sms_${b.name}`, 'out', 'done'])],
  );

describe('split', () => {
  it('should refuse percentages that do not add up to 100 and duplicate branch names', () => {
    const result = validateFlow(splitFlow([{ name: 'a', percent: 50 }, { name: 'b', percent: 40 }]), demoCatalog);
    expect(rules(result.issues)).toEqual(['split_not_100@ab']);
    expect(result.issues[0].message.en).toBe('A/B split node "ab": the percentages add up to 90%, not 100%.');
    const dup = validateFlow(
      flow([trigger(), { id: 'ab', kind: 'split', params: { branches: [{ name: 'a', percent: 50 }, { name: 'a', percent: 50 }] } }, end()], [['start', 'out', 'ab'], ['ab', 'a', 'done']]),
      demoCatalog,
    );
    expect(rules(dup.issues)).toContain('duplicate_port@ab');
  });

  it('should compile to bucket guards with the last branch as the fallback', () => {
    const compiled = compileFlow(validateFlow(splitFlow([{ name: 'a', percent: 20 }, { name: 'b', percent: 30 }, { name: 'c', percent: 50 }]), demoCatalog).graph!);
    expect(compiled.machine.states.ab).toEqual({
      always: [
        { guard: { type: 'bucket', params: { nodeId: 'ab', from: 0, to: 20 } }, target: 'sms_a', actions: [{ type: 'step', params: { nodeId: 'ab', kind: 'split', outcome: 'a' } }] },
        { guard: { type: 'bucket', params: { nodeId: 'ab', from: 20, to: 50 } }, target: 'sms_b', actions: [{ type: 'step', params: { nodeId: 'ab', kind: 'split', outcome: 'b' } }] },
        { target: 'sms_c', actions: [{ type: 'step', params: { nodeId: 'ab', kind: 'split', outcome: 'c' } }] },
      ],
    });
  });

  it('should split customers close to the percentages, the same way every time', () => {
    const graph = validateFlow(splitFlow([{ name: 'a', percent: 30 }, { name: 'b', percent: 70 }]), demoCatalog).graph!;
    const compiled = compileFlow(graph);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 2000; i++) {
      const result = simulateFlow(compiled, { customer, customerId: `c${i}`, trigger: usage, catalog: demoCatalog });
      const branch = result.path[1].outcome as 'a' | 'b';
      counts[branch]++;
      expect(branch).toBe(bucketOf(`c${i}`, 'ab') < 30 ? 'a' : 'b');
    }
    expect(counts.a / 2000).toBeGreaterThan(0.26);
    expect(counts.a / 2000).toBeLessThan(0.34);
    const again = simulateFlow(compiled, { customer, customerId: 'c7', trigger: usage, catalog: demoCatalog });
    expect(again.path[1].reason?.en).toMatch(/random bucket \d+/);
  });
});

describe('control group', () => {
  it('should hold out about the given share and explain it', () => {
    const graph = flow(
      [trigger(), { id: 'holdout', kind: 'control_group', params: { percent: 10 } }, sms('offer', 'Hi'), end()],
      [['start', 'out', 'holdout'], ['holdout', 'control', 'done'], ['holdout', 'treatment', 'offer'], ['offer', 'out', 'done']],
    );
    const compiled = compileFlow(validateFlow(graph, demoCatalog).graph!);
    let held = 0;
    for (let i = 0; i < 2000; i++) {
      const result = simulateFlow(compiled, { customer, customerId: `c${i}`, trigger: usage });
      if (result.path[1].outcome === 'control') {
        held++;
        expect(result.contacts).toEqual([]);
      }
    }
    expect(held / 2000).toBeGreaterThan(0.07);
    expect(held / 2000).toBeLessThan(0.13);
  });

  it('should refuse a hold-out over 50%', () => {
    const graph = flow([trigger(), { id: 'h', kind: 'control_group', params: { percent: 80 } }, end()], [['start', 'out', 'h'], ['h', 'control', 'done'], ['h', 'treatment', 'done']]);
    expect(rules(validateFlow(graph, demoCatalog).issues)).toEqual(['bad_params@h']);
  });
});

describe('switch', () => {
  const tiers = (cases: Array<{ name: string; expr: string }>) =>
    flow(
      [trigger(), { id: 'tier', kind: 'switch', params: { cases } }, ...cases.map((c) => sms(`to_${c.name}`, c.name)), end()],
      [['start', 'out', 'tier'], ['tier', 'default', 'done'], ...cases.map((c): [string, string, string] => ['tier', c.name, `to_${c.name}`]), ...cases.map((c): [string, string, string] => [`to_${c.name}`, 'out', 'done'])],
    );
  const cases = [
    { name: 'gold', expr: 'customer.value_tier == "gold"' },
    { name: 'silver', expr: 'customer.value_tier == "silver"' },
  ];

  it('should take the first matching branch, else default, with a reason', () => {
    const compiled = compileFlow(validateFlow(tiers(cases), demoCatalog).graph!);
    const gold = simulateFlow(compiled, { customer, trigger: usage, catalog: demoCatalog });
    expect(gold.path[1]).toMatchObject({ nodeId: 'tier', outcome: 'gold' });
    const bronze = simulateFlow(compiled, { customer: { ...customer, value_tier: 'bronze' }, trigger: usage, catalog: demoCatalog });
    expect(bronze.path[1].outcome).toBe('default');
    expect(bronze.path[1].reason?.en).toContain('customer.value_tier == "silver" was false (customer.value_tier = "bronze")');
  });

  it('should report a bad case condition on the case field', () => {
    const result = validateFlow(tiers([{ name: 'gold', expr: 'customer.value_tier == "platinum"' }]), demoCatalog);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ nodeId: 'tier', rule: 'bad_condition', field: 'cases.0.expr' });
    expect(result.issues[0].message.en).toContain('Multi-branch node "tier": branch "gold": "platinum" is not a possible value');
  });

  it('should refuse a case named default', () => {
    const result = validateFlow(tiers([{ name: 'default', expr: 'true' }]), demoCatalog);
    expect(rules(result.issues)).toContain('duplicate_port@tier');
  });
});
