// Launch sign-offs: approval nodes drawn before the entry are part of the language. They
// validate, compile to CompiledFlow.signoffs (serial and parallel as drawn), are covered by the
// hash, never become states a customer passes, and nothing - above all no contact - may come
// before them.
import { describe, expect, it } from 'vitest';
import { compileFlow, demoCatalog, FlowCompileError, FlowGraph, simulateFlow, validateFlow, type FlowGraphInput, type FlowIssue } from '../../workflows';
import { compileValid, end, flow, sms, trigger, wait } from './helpers';

const rules = (issues: FlowIssue[]) => issues.map((i) => `${i.rule}@${i.nodeId ?? i.edgeId ?? '-'}`).sort();

const signoff = (id: string, department: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'approval',
  params: { department, note: '上线审批：请核对目标客群与话术', timeout: { amount: 2, unit: 'days' }, ...extra },
});

/** trigger -> sms -> end, with `signoffs` drawn before the trigger and `links` between them. */
function launch(signoffs: ReturnType<typeof signoff>[], links: Array<[string, string]>, extraEdges: Array<[string, string, string]> = []): FlowGraphInput {
  return flow(
    [...signoffs, trigger('start', 'balance_low'), sms('remind', '您的余额不足，充值50元送5元'), end()],
    [...links.map(([a, b]): [string, string, string] => [a, 'approved', b]), ['start', 'out', 'remind'], ['remind', 'out', 'done'], ...extraEdges],
  );
}

describe('launch sign-offs drawn before the entry', () => {
  it('should accept a serial chain and compile it in order, with no state for the customer to pass', () => {
    const compiled = compileValid(launch([signoff('mkt', 'market', { role: '营销经理' }), signoff('ho', 'head_office')], [['mkt', 'ho'], ['ho', 'start']]));
    expect(compiled.signoffs).toEqual([
      { nodeId: 'mkt', department: 'market', role: '营销经理', note: '上线审批：请核对目标客群与话术', timeoutMs: 172_800_000, after: [], next: 'ho' },
      { nodeId: 'ho', department: 'head_office', role: null, note: '上线审批：请核对目标客群与话术', timeoutMs: 172_800_000, after: ['mkt'], next: 'start' },
    ]);
    expect(compiled.machine.initial).toBe('start');
    expect(Object.keys(compiled.machine.states).sort()).toEqual(['done', 'remind', 'start']);
    expect(JSON.stringify(compiled.machine)).not.toContain('requestApproval');
  });

  it('should accept parallel sign-offs that join at the entry, and a step after two parallel ones', () => {
    const parallel = compileValid(launch([signoff('mkt', 'market'), signoff('cs', 'customer_service')], [['mkt', 'start'], ['cs', 'start']]));
    expect(parallel.signoffs.map((s) => [s.nodeId, s.after, s.next])).toEqual([
      ['cs', [], 'start'],
      ['mkt', [], 'start'],
    ]);
    const joined = compileValid(
      launch([signoff('mkt', 'market'), signoff('cs', 'customer_service'), signoff('ho', 'head_office')], [['mkt', 'ho'], ['cs', 'ho'], ['ho', 'start']]),
    );
    expect(joined.signoffs.map((s) => [s.nodeId, s.after])).toEqual([
      ['cs', []],
      ['mkt', []],
      ['ho', ['cs', 'mkt']],
    ]);
  });

  it('should compile the same bytes whatever the order of nodes and edges', () => {
    const graph = launch([signoff('mkt', 'market'), signoff('cs', 'customer_service'), signoff('ho', 'head_office')], [['mkt', 'ho'], ['cs', 'ho'], ['ho', 'start']]);
    const shuffled = structuredClone(graph);
    shuffled.nodes.reverse();
    shuffled.edges.reverse();
    shuffled.nodes.forEach((n, i) => (n.position = { x: i * 37, y: -i }));
    expect(JSON.stringify(compileValid(shuffled))).toBe(JSON.stringify(compileValid(graph)));
  });

  it('should change the hash when a sign-off changes, is added or is rewired', () => {
    const base = compileValid(launch([signoff('mkt', 'market'), signoff('cs', 'customer_service')], [['mkt', 'start'], ['cs', 'start']])).hash;
    const role = compileValid(launch([signoff('mkt', 'market', { role: '营销总监' }), signoff('cs', 'customer_service')], [['mkt', 'start'], ['cs', 'start']])).hash;
    const department = compileValid(launch([signoff('mkt', 'head_office'), signoff('cs', 'customer_service')], [['mkt', 'start'], ['cs', 'start']])).hash;
    const serial = compileValid(launch([signoff('mkt', 'market'), signoff('cs', 'customer_service')], [['mkt', 'cs'], ['cs', 'start']])).hash;
    const fewer = compileValid(launch([signoff('mkt', 'market')], [['mkt', 'start']])).hash;
    const none = compileValid(launch([], [])).hash;
    expect(new Set([base, role, department, serial, fewer, none]).size).toBe(6);
  });

  it('should not require the rejected and timeout outputs of a launch sign-off, and refuse them connected', () => {
    const result = validateFlow(launch([signoff('mkt', 'market')], [['mkt', 'start']], [['mkt', 'rejected', 'done']]), demoCatalog);
    expect(rules(result.issues)).toEqual(['signoff_output_connected@mkt']);
    expect(result.issues[0]).toMatchObject({ field: 'rejected', edgeId: 'e4' });
    expect(result.issues[0].message.en).toBe(
      'Approval node "mkt": it is a launch sign-off (drawn before the start), so its output "Rejected" must stay unconnected: a rejected launch sign-off sends the version back to its designer, one left unanswered is escalated to the head office, and no customer ever passes here.',
    );
    expect(result.issues[0].message.zh).toBe(
      '审批节点“mkt”：它是上线审批（画在起点之前），出口“驳回”不能连线：上线审批被驳回时版本退回设计人员，超时未审批则上报总部，客户不会经过这里。',
    );
  });

  it('should still require every output of an approval inside the journey', () => {
    const result = validateFlow(
      flow([trigger('start', 'contract_expiring'), signoff('manager', 'market'), sms('call', '续约赠送100元话费'), end()], [['start', 'out', 'manager'], ['manager', 'approved', 'call'], ['call', 'out', 'done']]),
      demoCatalog,
    );
    expect(rules(result.issues)).toEqual(['port_unconnected@manager', 'port_unconnected@manager']);
  });

  it('should refuse a contact before a launch sign-off, also further upstream', () => {
    const graph = launch([signoff('mkt', 'market')], [['mkt', 'start']]);
    graph.nodes.push({ id: 'early', kind: 'sms', position: { x: 0, y: -200 }, params: { template: '活动预告：下周起充值有礼' } });
    graph.edges.push({ id: 'x1', source: 'early', sourcePort: 'out', target: 'mkt' });
    const result = validateFlow(graph, demoCatalog);
    expect(rules(result.issues)).toEqual(['contact_before_signoff@early']);
    expect(result.issues[0].message.en).toBe(
      'SMS node "early": it comes before the launch sign-off Approval node "mkt": no customer may be contacted before the version is signed off. Put contacts after the start.',
    );
    expect(result.issues[0].message.zh).toBe('短信节点“early”：它位于上线审批审批节点“mkt”之前：版本审批通过前不得联系任何客户。请把触达放在起点之后。');

    const further = structuredClone(graph);
    further.nodes.push({ id: 'pause', kind: 'wait', position: { x: 0, y: -100 }, params: { duration: { amount: 1, unit: 'days' } } });
    further.edges = further.edges.filter((e) => e.id !== 'x1');
    further.edges.push({ id: 'x2', source: 'early', sourcePort: 'out', target: 'pause' }, { id: 'x3', source: 'pause', sourcePort: 'out', target: 'mkt' });
    expect(rules(validateFlow(further, demoCatalog).issues)).toEqual(['contact_before_signoff@early', 'leads_into_signoff@pause']);
  });

  it('should refuse a journey that leads back into a launch sign-off', () => {
    const result = validateFlow(
      flow(
        [signoff('mkt', 'market'), trigger('start', 'balance_low'), wait('later', 1), end()],
        [['mkt', 'approved', 'start'], ['start', 'out', 'later'], ['later', 'out', 'mkt']],
      ),
      demoCatalog,
    );
    expect(rules(result.issues)).toContain('leads_into_signoff@later');
    const issue = result.issues.find((i) => i.rule === 'leads_into_signoff')!;
    expect(issue.message.en).toContain('Wait node "later": its output "After the wait" leads into the launch sign-off Approval node "mkt".');
    expect(issue.message.zh).toContain('等待节点“later”：出口“等待结束后”连到了上线审批审批节点“mkt”。');
  });

  it('should name an approval that is neither before the start nor reached from it', () => {
    const result = validateFlow(launch([signoff('stray', 'market')], []), demoCatalog);
    expect(rules(result.issues)).toEqual(['port_unconnected@stray', 'port_unconnected@stray', 'port_unconnected@stray', 'unreachable@stray']);
    expect(result.issues.find((i) => i.rule === 'unreachable')!.message.en).toBe(
      'Approval node "stray": no path from the start of the flow leads here, and its "Approved" output does not lead to the start either: it is neither a step of the journey nor a launch sign-off.',
    );
    // Only the Approved output makes a launch sign-off: a rejection cannot start the flow.
    const wrongPort = validateFlow(
      flow([signoff('mkt', 'market'), trigger('start', 'balance_low'), end()], [['mkt', 'rejected', 'start'], ['mkt', 'approved', 'done'], ['mkt', 'timeout', 'done'], ['start', 'out', 'done']]),
      demoCatalog,
    );
    expect(rules(wrongPort.issues)).toEqual(['trigger_has_input@start', 'unreachable@mkt']);
    expect(wrongPort.issues.find((i) => i.rule === 'trigger_has_input')!.message.en).toBe(
      'Trigger node "start": it is where the flow starts: nothing may lead into it but the "Approved" output of a launch sign-off (an approval drawn before the start).',
    );
  });

  it('should refuse placeholders in a launch sign-off note: there is no customer at launch', () => {
    const result = validateFlow(launch([signoff('mkt', 'market', { note: '给{{customer.name}}的优惠' })], [['mkt', 'start']]), demoCatalog);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ nodeId: 'mkt', rule: 'bad_template', field: 'note' });
    expect(result.issues[0].message.en).toContain('launch sign-off');
    expect(result.issues[0].message.en).toContain('{{customer.name}}');
    expect(result.issues[0].message.zh).toContain('上线审批');
  });

  it('should sign off scheduled and API entries the same way', () => {
    const batch = compileValid(
      flow(
        [signoff('mkt', 'market'), { id: 'batch', kind: 'scheduled_audience', params: { condition: 'customer.value_tier == "gold"', repeat: 'weekly', weekday: 1 } }, end()],
        [['mkt', 'approved', 'batch'], ['batch', 'out', 'done']],
      ),
    );
    expect(batch.signoffs.map((s) => s.next)).toEqual(['batch']);
    const api = compileValid(
      flow(
        [signoff('it', 'it_support'), { id: 'enrol', kind: 'api_entry', params: { attributes: [{ name: 'card_tier', type: 'string', required: true }] } }, end()],
        [['it', 'approved', 'enrol'], ['enrol', 'out', 'done']],
      ),
    );
    expect(api.signoffs.map((s) => [s.nodeId, s.department])).toEqual([['it', 'it_support']]);
  });

  it('should simulate a signed-off flow with its launch sign-offs shown first, assumed given, and the customer starting at the entry', () => {
    const compiled = compileValid(launch([signoff('mkt', 'market', { role: '营销经理' }), signoff('ho', 'head_office')], [['mkt', 'ho'], ['ho', 'start']]));
    const result = simulateFlow(compiled, { customer: { name: '钱芳' }, trigger: { type: 'balance_low', attributes: { balance: 3.5 }, at: '2025-03-18T02:00:00.000Z' }, catalog: demoCatalog });
    expect(result.status).toBe('done');
    expect(result.path.map((s) => `${s.nodeId}:${s.outcome}`)).toEqual(['mkt:approved', 'ho:approved', 'start:entered', 'remind:contact_requested', 'done:exited']);
    expect(result.path[0]).toMatchObject({ kind: 'approval', at: '2025-03-18T02:00:00.000Z' });
    expect(result.path[0].reason).toEqual({
      en: 'launch sign-off by Market (营销经理): assumed approved before launch (the version runs only once every launch sign-off is approved)',
      zh: '市场部（营销经理）的上线审批：模拟中默认上线前已通过（所有上线审批通过后版本才会运行）',
    });
    expect(result.contacts.map((c) => c.text)).toEqual(['您的余额不足，充值50元送5元']);
  });

  it('should take a launch sign-off decision given to the simulation: approved is said so, rejected launches nothing', () => {
    const compiled = compileValid(launch([signoff('mkt', 'market'), signoff('cs', 'customer_service')], [['mkt', 'start'], ['cs', 'start']]));
    const trigger = { type: 'balance_low', attributes: { balance: 3.5 }, at: '2025-03-18T02:00:00.000Z' };
    const approved = simulateFlow(compiled, { customer: { name: '钱芳' }, trigger, catalog: demoCatalog, decisions: [{ at: '2025-03-17T02:00:00.000Z', nodeId: 'mkt', decision: 'approved' }] });
    expect(approved.path.slice(0, 2).map((s) => [s.nodeId, s.reason?.en])).toEqual([
      ['cs', expect.stringContaining('launch sign-off by Customer service: assumed approved')],
      ['mkt', 'launch sign-off by Market: approved before launch'],
    ]);
    expect(approved.contacts).toHaveLength(1);
    const rejected = simulateFlow(compiled, { customer: { name: '钱芳' }, trigger, catalog: demoCatalog, decisions: [{ at: '2025-03-17T02:00:00.000Z', nodeId: 'mkt', decision: 'rejected' }] });
    expect(rejected.status).toBe('not_triggered');
    expect(rejected.path.map((s) => `${s.nodeId}:${s.outcome}`)).toEqual(['cs:approved', 'mkt:rejected']);
    expect(rejected.message?.en).toBe('The launch sign-off "mkt" (Market) was rejected: this version never launches, so no customer enters it.');
    expect(rejected.message?.zh).toBe('上线审批“mkt”（市场部）被驳回：该版本不会上线，没有客户进入。');
    expect(rejected.contacts).toEqual([]);
  });

  it('should refuse to compile an unchecked graph whose journey leads into a launch sign-off', () => {
    const graph = FlowGraph.parse(
      flow([signoff('mkt', 'market'), trigger('start', 'balance_low'), wait('later', 1), end()], [['mkt', 'approved', 'start'], ['start', 'out', 'later'], ['later', 'out', 'mkt']]),
    );
    expect(() => compileFlow(graph)).toThrow(FlowCompileError);
    expect(() => compileFlow(graph)).toThrow(/leads into the launch sign-off "mkt"/);
  });
});
