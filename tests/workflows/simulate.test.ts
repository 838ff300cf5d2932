import { describe, expect, it } from 'vitest';
import { compileFlow, demoCatalog, simulateFlow, validateFlow, FlowGraph } from '../../workflows';
import { cond, end, exampleFlow, flow, sms, trigger, wait } from './helpers';

const zhang = { name: '张伟', arpu: 88.5, opted_out: false, plan: 'basic_4g', tenure_months: 26 };
const usage = { type: 'data_usage_80pct', attributes: { pct: 80, plan_gb: 20 }, at: '2025-03-18T09:30:00.000Z' };

describe('simulateFlow', () => {
  it('should walk the example for a high-value customer and render the SMS', () => {
    const result = simulateFlow(FlowGraph.parse(exampleFlow()), { customer: zhang, trigger: usage, catalog: demoCatalog });
    expect(result.status).toBe('done');
    expect(result.path.map((s) => `${s.nodeId}:${s.outcome}`)).toEqual([
      'trigger:entered',
      'check_value:yes',
      'sms_offer:contact_requested',
      'end_contacted:exited',
    ]);
    expect(result.path[1].reason?.en).toBe('!customer.opted_out && customer.arpu >= 50.0 was true (customer.arpu = 88.5, customer.opted_out = false)');
    expect(result.contacts).toEqual([
      {
        nodeId: 'sms_offer',
        channel: 'sms',
        offerId: 'offer_5gb_10cny',
        text: '尊敬的张伟，您本月流量已用80%，回复Y办理5GB加油包（10元），当月有效。',
        at: '2025-03-18T09:30:00.000Z',
        missing: [],
      },
    ]);
  });

  it('should explain the no branch, including a missing tag', () => {
    const low = simulateFlow(FlowGraph.parse(exampleFlow()), { customer: { ...zhang, arpu: 30 }, trigger: usage, catalog: demoCatalog });
    expect(low.path[1]).toMatchObject({ outcome: 'no' });
    expect(low.path[1].reason?.en).toContain('was false (customer.arpu = 30, customer.opted_out = false)');
    expect(low.contacts).toEqual([]);
    const unknown = simulateFlow(FlowGraph.parse(exampleFlow()), { customer: { arpu: 99 }, trigger: usage, catalog: demoCatalog });
    expect(unknown.path[1].outcome).toBe('no');
    expect(unknown.path[1].reason?.en).toContain('customer.opted_out is missing for this customer, so the condition counts as false');
  });

  it('should run timers on the virtual clock, at their due time', () => {
    const graph = flow(
      [trigger(), wait('w', 3, 'days'), sms('s', '{{customer.name}}，{{customer.plan}}还需要加油包吗？'), end()],
      [['start', 'out', 'w'], ['w', 'out', 's'], ['s', 'out', 'done']],
    );
    const result = simulateFlow(validateFlow(graph, demoCatalog).graph!, { customer: zhang, trigger: usage, catalog: demoCatalog });
    expect(result.status).toBe('done');
    expect(result.path.map((s) => [s.nodeId, s.outcome, s.at])).toEqual([
      ['start', 'entered', '2025-03-18T09:30:00.000Z'],
      ['w', 'waiting', '2025-03-18T09:30:00.000Z'],
      ['w', 'elapsed', '2025-03-21T09:30:00.000Z'],
      ['s', 'contact_requested', '2025-03-21T09:30:00.000Z'],
      ['done', 'exited', '2025-03-21T09:30:00.000Z'],
    ]);
    expect(result.contacts[0].text).toBe('张伟，4G基础套餐还需要加油包吗？');
  });

  it('should stop at the horizon with the customer still waiting', () => {
    const graph = flow([trigger(), wait('w', 3, 'days'), end()], [['start', 'out', 'w'], ['w', 'out', 'done']]);
    const result = simulateFlow(compileFlow(FlowGraph.parse(graph)), { customer: zhang, trigger: usage, until: new Date('2025-03-19T00:00:00Z') });
    expect(result.status).toBe('waiting');
    expect(result.activeNodes).toEqual(['w']);
  });

  it('should stop a loop that never ends at the step limit', () => {
    const graph = flow([trigger(), wait('w', 1), cond('c', 'customer.arpu > 1.0'), end()], [['start', 'out', 'w'], ['w', 'out', 'c'], ['c', 'yes', 'w'], ['c', 'no', 'done']]);
    const result = simulateFlow(FlowGraph.parse(graph), { customer: zhang, trigger: usage, catalog: demoCatalog, maxSteps: 50 });
    expect(result.status).toBe('step_limit');
  });

  it('should not start for another event type or when the trigger condition is false', () => {
    const graph = FlowGraph.parse(exampleFlow());
    expect(simulateFlow(graph, { customer: zhang, trigger: { type: 'balance_low' }, catalog: demoCatalog }).status).toBe('not_triggered');
    const gated = exampleFlow();
    (gated.nodes[0].params as { condition: string }).condition = 'event.pct >= 90';
    const result = simulateFlow(FlowGraph.parse(gated), { customer: zhang, trigger: usage, catalog: demoCatalog });
    expect(result.status).toBe('not_triggered');
    expect(result.path).toEqual([]);
  });

  it('should refuse an invalid flow with its issues when given a catalog', () => {
    const result = simulateFlow(FlowGraph.parse(flow([trigger(), end()], [])), { customer: zhang, trigger: usage, catalog: demoCatalog });
    expect(result.status).toBe('invalid');
    expect(result.issues?.[0].rule).toBe('port_unconnected');
  });
});
