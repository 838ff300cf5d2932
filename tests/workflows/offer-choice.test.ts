// Offer choice: the first offer in priority order the customer may take (product eligibility and
// an optional condition) decides the branch, and each branch's contact names its offer.
import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import { buildMachine, compileFlow, demoCatalog, nodeKinds, simulateFlow, validateFlow, type FlowIssue } from '../../workflows';
import { end, flow, sms, trigger } from './helpers';

const usage = { type: 'data_usage_80pct', attributes: { pct: 80, plan_gb: 20 }, at: '2025-03-18T09:30:00.000Z' };
const customer = { name: '赵磊', arpu: 70.0, opted_out: false, plan: 'basic_4g' };
const context = { customerId: 'c9', customer, trigger: { type: usage.type, attributes: usage.attributes, occurredAt: usage.at }, visits: {} };

type Offer = { offerId: string; condition?: string };
const upgradeIfValuable: Offer = { offerId: 'offer_5g_upgrade_half', condition: 'customer.arpu >= 60.0' };
const dataPack: Offer = { offerId: 'offer_5gb_10cny' };

const choiceFlow = (offers: Offer[], edges?: Array<[string, string, string]>) =>
  flow(
    [trigger(), { id: 'best', kind: 'offer_choice', params: { offers } }, sms('upgrade', '升级5G套餐前3月半价', 'offer_5g_upgrade_half'), sms('pack', '10元5GB加油包', 'offer_5gb_10cny'), end()],
    edges ?? [
      ['start', 'out', 'best'],
      ['best', 'offer_5g_upgrade_half', 'upgrade'],
      ['best', 'offer_5gb_10cny', 'pack'],
      ['best', 'none', 'done'],
      ['upgrade', 'out', 'done'],
      ['pack', 'out', 'done'],
    ],
  );
const issuesOf = (input: unknown) => validateFlow(input, demoCatalog).issues.filter((i) => i.nodeId === 'best');
const rules = (issues: FlowIssue[]) => issues.map((i) => i.rule).sort();

describe('offer choice: validation', () => {
  it('should have one output per offer, then "none eligible"', () => {
    expect(nodeKinds.offer_choice.outputs({ offers: [upgradeIfValuable, dataPack] })).toEqual(['offer_5g_upgrade_half', 'offer_5gb_10cny', 'none']);
    expect(validateFlow(choiceFlow([upgradeIfValuable, dataPack]), demoCatalog).issues).toEqual([]);
  });

  it('should ask for at least one offer', () => {
    const issues = issuesOf(choiceFlow([], [['start', 'out', 'best'], ['best', 'none', 'done'], ['upgrade', 'out', 'done'], ['pack', 'out', 'done']]));
    const empty = issues.find((i) => i.rule === 'no_offers');
    expect(empty?.message.en).toContain('add at least one offer to choose from');
    expect(empty?.message.zh).toContain('请至少添加一个可选优惠');
  });

  it('should refuse an offer listed twice, naming it', () => {
    const issues = issuesOf(choiceFlow([dataPack, upgradeIfValuable, { offerId: 'offer_5gb_10cny', condition: 'customer.arpu < 30.0' }]));
    expect(rules(issues)).toEqual(['duplicate_offer']);
    expect(issues[0].message.en).toContain('the offer "offer_5gb_10cny" is listed twice');
    expect(issues[0].message.zh).toContain('优惠“offer_5gb_10cny”被列了两次');
  });

  it('should refuse an offer not in the catalog and an offer left unchosen, by line', () => {
    const issues = issuesOf(choiceFlow([upgradeIfValuable, dataPack, { offerId: 'free_iphone' }, { offerId: '' }]));
    expect(issues.filter((i) => i.rule === 'unknown_offer').map((i) => [i.field, i.message.en])).toEqual([
      ['offers.2.offerId', expect.stringContaining('line 3: the offer "free_iphone" is not in the catalog.')],
      ['offers.3.offerId', expect.stringContaining('choose the offer for line 4.')],
    ]);
    // free_iphone gets an output of its own, and it is not connected.
    expect(issues.filter((i) => i.rule === 'port_unconnected').map((i) => i.field)).toEqual(['free_iphone']);
  });

  it('should refuse an offer whose product is not in the catalog', () => {
    const catalog = { ...demoCatalog, offers: [...demoCatalog.offers, { id: 'offer_ghost', productId: 'ghost_product', label: { en: 'Ghost', zh: '幽灵' } }] };
    const graph = choiceFlow([{ offerId: 'offer_ghost' }], [['start', 'out', 'best'], ['best', 'offer_ghost', 'pack'], ['best', 'none', 'done'], ['upgrade', 'out', 'done'], ['pack', 'out', 'done']]);
    const issues = validateFlow(graph, catalog).issues.filter((i) => i.nodeId === 'best');
    expect(issues.map((i) => [i.rule, i.message.en])).toEqual([['unknown_product', expect.stringContaining('sells the product "ghost_product", which is not in the catalog')]]);
  });

  it('should point at a bad condition on its line, in both languages', () => {
    const issues = issuesOf(choiceFlow([{ offerId: 'offer_5g_upgrade_half', condition: 'customer.arpu >= "50"' }, dataPack]));
    expect(issues.map((i) => [i.rule, i.field])).toEqual([['bad_condition', 'offers.0.condition']]);
    expect(issues[0].message.en).toMatch(/^.*the condition of line 1 \(offer_5g_upgrade_half\): /);
    expect(issues[0].message.zh).toContain('第1行（offer_5g_upgrade_half）的条件：');
    expect(rules(issuesOf(choiceFlow([{ offerId: 'offer_5g_upgrade_half', condition: 'customer.arpuu > 1.0' }, dataPack])))).toEqual(['bad_condition']);
  });

  it('should require the "none eligible" output and every offer output to be connected', () => {
    const issues = issuesOf(choiceFlow([upgradeIfValuable, dataPack], [['start', 'out', 'best'], ['best', 'offer_5gb_10cny', 'pack'], ['upgrade', 'out', 'done'], ['pack', 'out', 'done']]));
    const open = issues.filter((i) => i.rule === 'port_unconnected');
    expect(open.map((i) => i.field).sort()).toEqual(['none', 'offer_5g_upgrade_half']);
    expect(open.find((i) => i.field === 'none')?.message.en).toContain('its output "None eligible" is not connected');
    expect(open.find((i) => i.field === 'none')?.message.zh).toContain('出口“均不可办理”没有连接下一步');
    // An offer's output is named by the offer, as the designer shows it.
    expect(open.find((i) => i.field === 'offer_5g_upgrade_half')?.message.en).toContain('its output "Upgrade, first 3 months half price" is not connected');
    expect(open.find((i) => i.field === 'offer_5g_upgrade_half')?.message.zh).toContain('出口“升级5G套餐前3月半价”没有连接下一步');
  });
});

describe('offer choice: compile and machine', () => {
  const compiled = compileFlow(validateFlow(choiceFlow([upgradeIfValuable, dataPack]), demoCatalog).graph!);

  it('should compile to guarded transitions in priority order, ending in "none"', () => {
    expect(compiled.machine.states.best).toEqual({
      always: [
        {
          guard: { type: 'offer', params: { offerId: 'offer_5g_upgrade_half', expr: 'customer.arpu >= 60.0' } },
          target: 'upgrade',
          actions: [{ type: 'step', params: { nodeId: 'best', kind: 'offer_choice', outcome: 'offer_5g_upgrade_half' } }],
        },
        {
          guard: { type: 'offer', params: { offerId: 'offer_5gb_10cny', expr: '' } },
          target: 'pack',
          actions: [{ type: 'step', params: { nodeId: 'best', kind: 'offer_choice', outcome: 'offer_5gb_10cny' } }],
        },
        { target: 'done', actions: [{ type: 'step', params: { nodeId: 'best', kind: 'offer_choice', outcome: 'none' } }] },
      ],
    });
    expect(compileFlow(validateFlow(choiceFlow([upgradeIfValuable, dataPack]), demoCatalog).graph!)).toEqual(compiled);
  });

  it("should check each offer's product with the runtime's eligibility answer, the first that fits winning", () => {
    const run = (held: string[], who = customer) => {
      const machine = buildMachine(compiled.machine, { catalog: demoCatalog, eligible: ({ productId }) => !held.includes(productId) });
      const [, actions] = initialTransition(machine, { ...context, customer: who });
      const contact = actions.find((a) => a.type === 'contact');
      return { offer: (contact?.params as { offerId?: string } | undefined)?.offerId ?? null };
    };
    expect(run([]).offer).toBe('offer_5g_upgrade_half');
    expect(run(['unlimited_5g_upgrade']).offer).toBe('offer_5gb_10cny');
    expect(run([], { ...customer, arpu: 40.0 }).offer).toBe('offer_5gb_10cny');
    expect(run(['unlimited_5g_upgrade', 'data_pack_5gb']).offer).toBeNull();
    // Without a catalog the offers' products are unknown: nothing is offered that was not checked.
    const blind = buildMachine(compiled.machine, { eligible: () => true });
    expect(initialTransition(blind, context)[1].some((a) => a.type === 'contact')).toBe(false);
  });
});

describe('offer choice: simulation', () => {
  const graph = validateFlow(choiceFlow([upgradeIfValuable, dataPack]), demoCatalog).graph!;
  const step = (r: ReturnType<typeof simulateFlow>) => r.path.find((s) => s.nodeId === 'best')!;

  it('should show the offer chosen and why', () => {
    const r = simulateFlow(graph, { customer, trigger: usage, catalog: demoCatalog });
    expect(step(r).outcome).toBe('offer_5g_upgrade_half');
    expect(step(r).reason?.en).toBe(
      'chose "Upgrade, first 3 months half price" (offer_5g_upgrade_half): the customer may order unlimited_5g_upgrade (assumed in simulation) and customer.arpu >= 60.0 was true (customer.arpu = 70)',
    );
    expect(r.contacts.map((c) => c.offerId)).toEqual(['offer_5g_upgrade_half']);
  });

  it('should say why the offers before the chosen one were skipped', () => {
    const r = simulateFlow(graph, { customer: { ...customer, arpu: 40.0 }, trigger: usage, catalog: demoCatalog, eligibility: { data_pack_5gb: true } });
    expect(step(r).outcome).toBe('offer_5gb_10cny');
    expect(step(r).reason?.en).toBe(
      'skipped "Upgrade, first 3 months half price" (offer_5g_upgrade_half): the customer may order unlimited_5g_upgrade (assumed in simulation) and customer.arpu >= 60.0 was false (customer.arpu = 40); chose "5 GB for 10 CNY" (offer_5gb_10cny): the customer may order data_pack_5gb',
    );
    expect(step(r).reason?.zh).toContain('跳过“升级5G套餐前3月半价”（offer_5g_upgrade_half）');
    expect(step(r).reason?.zh).toContain('选中“10元5GB加油包”（offer_5gb_10cny）');
    expect(r.contacts.map((c) => c.offerId)).toEqual(['offer_5gb_10cny']);
  });

  it('should take "none eligible" and list every refusal', () => {
    const r = simulateFlow(graph, { customer, trigger: usage, catalog: demoCatalog, eligibility: { unlimited_5g_upgrade: false, offer_5gb_10cny: false } });
    expect(step(r).outcome).toBe('none');
    expect(step(r).reason?.en).toBe(
      'skipped "Upgrade, first 3 months half price" (offer_5g_upgrade_half): the customer may not order unlimited_5g_upgrade and customer.arpu >= 60.0 was true (customer.arpu = 70); skipped "5 GB for 10 CNY" (offer_5gb_10cny): the customer may not order data_pack_5gb; no offer fits',
    );
    expect(r.contacts).toEqual([]);
  });
});
