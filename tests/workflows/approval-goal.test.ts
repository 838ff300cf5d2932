import { describe, expect, it } from 'vitest';
import { compileFlow, demoCatalog, simulateFlow, validateFlow, type FlowIssue } from '../../workflows';
import { end, flow, sms, trigger } from './helpers';

const rules = (issues: FlowIssue[]) => issues.map((i) => `${i.rule}@${i.nodeId ?? '-'}`).sort();
const expiring = { type: 'contract_expiring', attributes: { days_left: 30 }, at: '2025-03-18T01:00:00.000Z' };
const customer = { name: '周敏', arpu: 268.0, opted_out: false, value_tier: 'gold' };

describe('approval', () => {
  const retention = flow(
    [
      trigger('start', 'contract_expiring'),
      { id: 'sign_off', kind: 'approval', params: { department: 'market', note: '{{customer.name}}（金牌）续约赠送100元话费', timeout: { amount: 1, unit: 'days' } } },
      { id: 'call', kind: 'outbound_call', params: { script: '续约赠送100元话费', priority: 'high' } },
      end(),
    ],
    [['start', 'out', 'sign_off'], ['sign_off', 'approved', 'call'], ['sign_off', 'rejected', 'done'], ['sign_off', 'timeout', 'done'], ['call', 'out', 'done']],
  );

  it('should request approval and follow the decision', () => {
    const graph = validateFlow(retention, demoCatalog).graph!;
    const compiled = compileFlow(graph);
    expect((compiled.machine.states.sign_off.entry as unknown[])[0]).toEqual({
      type: 'requestApproval',
      params: { nodeId: 'sign_off', department: 'market', role: null, note: '{{customer.name}}（金牌）续约赠送100元话费' },
    });
    const approved = simulateFlow(compiled, { customer, trigger: expiring, decisions: [{ at: '2025-03-18T03:00:00.000Z', nodeId: 'sign_off', decision: 'approved' }] });
    expect(approved.path.find((s) => s.nodeId === 'sign_off' && s.outcome === 'approved')).toMatchObject({ at: '2025-03-18T03:00:00.000Z', reason: { en: 'the approver approved' } });
    expect(approved.contacts.map((c) => c.channel)).toEqual(['outbound_call']);
    const rejected = simulateFlow(compiled, { customer, trigger: expiring, decisions: [{ at: '2025-03-18T03:00:00.000Z', nodeId: 'sign_off', decision: 'rejected' }] });
    expect(rejected.contacts).toEqual([]);
    const silent = simulateFlow(compiled, { customer, trigger: expiring });
    expect(silent.path.at(-2)).toMatchObject({ nodeId: 'sign_off', outcome: 'timeout', at: '2025-03-19T01:00:00.000Z' });
  });

  it('should ignore a decision for another approval node', () => {
    const compiled = compileFlow(validateFlow(retention, demoCatalog).graph!);
    const other = simulateFlow(compiled, { customer, trigger: expiring, decisions: [{ at: '2025-03-18T03:00:00.000Z', nodeId: 'elsewhere', decision: 'approved' }] });
    expect(other.path.find((s) => s.nodeId === 'sign_off' && s.outcome !== 'waiting')?.outcome).toBe('timeout');
  });

  it('should refuse an unknown department', () => {
    const bad = structuredClone(retention);
    bad.nodes[1].params = { department: 'finance', note: 'x', timeout: { amount: 1, unit: 'days' } };
    const result = validateFlow(bad, demoCatalog);
    expect(rules(result.issues)).toEqual(['bad_params@sign_off']);
    expect(result.issues[0].message.en).toContain('Approval node "sign_off": the setting "Department"');
  });
});

describe('goal', () => {
  const upsell = (condition = 'event.product_id == "data_pack_5gb"') =>
    flow(
      [trigger(), sms('offer', '回复Y办理5GB加油包'), { id: 'bought', kind: 'goal', params: { eventType: 'order_placed', condition, window: { amount: 3, unit: 'days' } } }, sms('thanks', '感谢办理'), end()],
      [['start', 'out', 'offer'], ['offer', 'out', 'bought'], ['bought', 'converted', 'thanks'], ['bought', 'not_converted', 'done'], ['thanks', 'out', 'done']],
    );
  const usage = { type: 'data_usage_80pct', attributes: { pct: 80, plan_gb: 20 }, at: '2025-03-18T09:30:00.000Z' };

  it('should count a matching order within the window as converted', () => {
    const graph = validateFlow(upsell(), demoCatalog).graph!;
    const result = simulateFlow(graph, { customer, trigger: usage, catalog: demoCatalog, events: [{ at: '2025-03-19T08:00:00.000Z', type: 'order_placed', attributes: { product_id: 'data_pack_5gb' } }] });
    expect(result.path.find((s) => s.nodeId === 'bought' && s.outcome === 'converted')?.at).toBe('2025-03-19T08:00:00.000Z');
    expect(result.contacts.map((c) => c.nodeId)).toEqual(['offer', 'thanks']);
  });

  it('should not count another product or a late order', () => {
    const graph = validateFlow(upsell(), demoCatalog).graph!;
    const result = simulateFlow(graph, {
      customer,
      trigger: usage,
      catalog: demoCatalog,
      events: [
        { at: '2025-03-19T08:00:00.000Z', type: 'order_placed', attributes: { product_id: 'roaming_day_pass' } },
        { at: '2025-03-25T08:00:00.000Z', type: 'order_placed', attributes: { product_id: 'data_pack_5gb' } },
      ],
    });
    expect(result.path.find((s) => s.nodeId === 'bought' && s.outcome !== 'waiting')).toMatchObject({ outcome: 'not_converted', at: '2025-03-21T09:30:00.000Z' });
  });

  it('should check its condition against the conversion event', () => {
    expect(rules(validateFlow(upsell('event.pct > 1'), demoCatalog).issues)).toEqual(['bad_condition@bought']);
  });
});
