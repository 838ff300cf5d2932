import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import { buildMachine, compileFlow, demoCatalog, namedOffers, productsChecked, simulateFlow, validateFlow, type FlowIssue } from '../../workflows';
import { cond, end, flow, sms, trigger } from './helpers';

const rules = (issues: FlowIssue[]) => issues.map((i) => `${i.rule}@${i.nodeId ?? '-'}`).sort();
const usage = { type: 'data_usage_80pct', attributes: { pct: 80, plan_gb: 20 }, at: '2025-03-18T09:30:00.000Z' };
const customer = { name: '赵磊', arpu: 70.0, opted_out: false, plan: 'basic_4g' };
const context = { customerId: 'c9', customer, trigger: { type: usage.type, attributes: usage.attributes, occurredAt: usage.at }, visits: {} };

const checkFlow = (productId: string) =>
  flow(
    [trigger(), { id: 'can_buy', kind: 'eligibility', params: { productId } }, sms('offer', '办理5GB加油包'), end()],
    [['start', 'out', 'can_buy'], ['can_buy', 'eligible', 'offer'], ['can_buy', 'ineligible', 'done'], ['offer', 'out', 'done']],
  );

describe('eligibility', () => {
  it('should ask the runtime, and treat a runtime without an answer as ineligible', () => {
    const compiled = compileFlow(validateFlow(checkFlow('data_pack_5gb'), demoCatalog).graph!);
    expect(compiled.products).toEqual(['data_pack_5gb']);
    const asked: string[] = [];
    const yes = buildMachine(compiled.machine, { eligible: ({ productId, customerId }) => (asked.push(`${customerId}:${productId}`), true) });
    expect(initialTransition(yes, context)[0].value).toBe('done');
    expect(initialTransition(yes, context)[1].some((a) => a.type === 'contact')).toBe(true);
    // Asked once per transition, and only about the real customer (see isRun in machine.ts).
    expect(asked).toEqual(['c9:data_pack_5gb', 'c9:data_pack_5gb']);
    const unknown = buildMachine(compiled.machine);
    expect(initialTransition(unknown, context)[1].some((a) => a.type === 'contact')).toBe(false);
    const throwing = buildMachine(compiled.machine, { eligible: () => { throw new Error('billing down'); } });
    expect(initialTransition(throwing, context)[1].some((a) => a.type === 'contact')).toBe(false);
  });

  it('should simulate with given answers and explain them', () => {
    const graph = validateFlow(checkFlow('data_pack_5gb'), demoCatalog).graph!;
    const assumed = simulateFlow(graph, { customer, trigger: usage });
    expect(assumed.path[1]).toMatchObject({ outcome: 'eligible' });
    expect(assumed.path[1].reason?.en).toBe('the customer may order data_pack_5gb (assumed in simulation)');
    const refused = simulateFlow(graph, { customer, trigger: usage, eligibility: { data_pack_5gb: false } });
    expect(refused.path[1].outcome).toBe('ineligible');
    expect(refused.contacts).toEqual([]);
  });

  it('should report a product not in the catalog', () => {
    expect(rules(validateFlow(checkFlow('free_iphone'), demoCatalog).issues)).toEqual(['unknown_product@can_buy']);
  });
});

describe('set_tag', () => {
  const tagFlow = (tag: string, value: unknown) =>
    flow(
      [trigger(), { id: 'mark', kind: 'set_tag', params: { tag, value } }, cond('check', 'customer.value_tier == "gold"'), sms('gold', 'VIP'), end()],
      [['start', 'out', 'mark'], ['mark', 'out', 'check'], ['check', 'yes', 'gold'], ['check', 'no', 'done'], ['gold', 'out', 'done']],
    );

  it('should emit setTag for the runtime and let later conditions see the new value at once', () => {
    const compiled = compileFlow(validateFlow(tagFlow('value_tier', 'gold'), demoCatalog).graph!);
    const [snapshot, actions] = initialTransition(buildMachine(compiled.machine, { catalog: demoCatalog }), context);
    expect(actions.filter((a) => a.type === 'setTag').map((a) => a.params)).toEqual([{ nodeId: 'mark', tag: 'value_tier', value: 'gold' }]);
    expect(snapshot.context.customer.value_tier).toBe('gold');
    expect(actions.some((a) => a.type === 'contact')).toBe(true);
    const simulated = simulateFlow(compiled, { customer, trigger: usage, catalog: demoCatalog });
    expect(simulated.path.find((s) => s.nodeId === 'check')?.reason?.en).toContain('customer.value_tier = "gold"');
  });

  it('should refuse unknown tags and values of the wrong type', () => {
    expect(rules(validateFlow(tagFlow('vip', true), demoCatalog).issues)).toEqual(['unknown_tag@mark']);
    expect(rules(validateFlow(tagFlow('value_tier', 'platinum'), demoCatalog).issues)).toEqual(['bad_tag_value@mark']);
    expect(rules(validateFlow(tagFlow('tenure_months', 1.5), demoCatalog).issues)).toEqual(['bad_tag_value@mark']);
    expect(validateFlow(tagFlow('opted_out', true), demoCatalog).ok).toBe(true);
  });
});

describe('productsChecked', () => {
  it('should list the products of eligibility nodes and of the offers an offer choice ranks, once each, and skip unset ones', () => {
    const nodes = [
      { kind: 'eligibility', params: { productId: 'data_pack_5gb' } },
      { kind: 'eligibility', params: { productId: '' } },
      { kind: 'offer_choice', params: { offers: [{ offerId: 'offer_5g_upgrade_half', condition: '' }, { offerId: 'offer_5gb_10cny', condition: '' }] } },
      { kind: 'sms', params: { offerId: 'offer_roaming_day' } },
    ];
    expect(productsChecked(nodes, demoCatalog)).toEqual(['data_pack_5gb', 'unlimited_5g_upgrade']);
    // The offers it sells, whose terms its approval is bound to.
    expect(namedOffers({ nodes: nodes as never })).toEqual(['offer_5g_upgrade_half', 'offer_5gb_10cny', 'offer_roaming_day']);
  });
});
