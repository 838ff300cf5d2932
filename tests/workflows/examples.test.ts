import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bucketOf, compileFlow, demoCatalog, simulateFlow, validateFlow } from '../../workflows';

const load = (name: string) => {
  const result = validateFlow(JSON.parse(readFileSync(join(__dirname, '../../workflows/examples', name), 'utf8')), demoCatalog);
  expect(result.issues).toEqual([]);
  return compileFlow(result.graph!);
};
const steps = (path: Array<{ nodeId: string; outcome: string }>) => path.map((s) => `${s.nodeId}:${s.outcome}`);

describe('example: contract renewal by value tier', () => {
  const flow = load('contract-renewal.json');
  const trigger = { type: 'contract_expiring', attributes: { days_left: 20 }, at: '2025-06-02T02:00:00.000Z' }; // 10:00 in Hangzhou

  it('should have a gold customer approved, called and converted', () => {
    const result = simulateFlow(flow, {
      customer: { name: '周敏', arpu: 268.0, value_tier: 'gold', opted_out: false },
      trigger,
      catalog: demoCatalog,
      decisions: [{ at: '2025-06-02T05:00:00.000Z', nodeId: 'sign_off', decision: 'approved' }],
      events: [{ at: '2025-06-05T02:00:00.000Z', type: 'order_placed', attributes: { product_id: 'unlimited_5g_upgrade' } }],
    });
    expect(steps(result.path)).toEqual([
      'expiring:entered', 'opted_out:no', 'tier:gold', 'sign_off:waiting', 'sign_off:approved',
      'call:contact_requested', 'renewed:waiting', 'renewed:converted', 'done:exited',
    ]);
    expect(result.contacts[0]).toMatchObject({ channel: 'outbound_call', text: '周敏您好，您的合约还有20天到期，现在续约赠送100元话费。' });
  });

  it('should wait for 10:00 the next morning, text a silver customer and hand the reply to a shop', () => {
    const result = simulateFlow(flow, {
      customer: { name: '孙丽', arpu: 88.0, value_tier: 'silver', opted_out: false },
      trigger: { ...trigger, at: '2025-06-02T12:00:00.000Z' }, // 20:00 in Hangzhou
      catalog: demoCatalog,
      events: [{ at: '2025-06-03T03:00:00.000Z', type: 'sms_reply', attributes: { text: '1' } }],
    });
    expect(result.contacts.map((c) => [c.channel, c.at])).toEqual([
      ['sms', '2025-06-03T02:00:00.000Z'],
      ['frontline', '2025-06-03T03:00:00.000Z'],
    ]);
    expect(result.path.at(-2)).toMatchObject({ nodeId: 'renewed', outcome: 'not_converted', at: '2025-06-17T03:00:00.000Z' });
  });

  it('should leave opted-out customers and bronze customers alone', () => {
    for (const customer of [{ value_tier: 'gold', opted_out: true }, { value_tier: 'bronze', opted_out: false }]) {
      const result = simulateFlow(flow, { customer: { name: 'x', arpu: 50.0, ...customer }, trigger, catalog: demoCatalog });
      expect(result.contacts).toEqual([]);
      expect(result.path.at(-1)?.nodeId).toBe('skip');
    }
  });

  it('should not start when the contract is far from expiring', () => {
    const result = simulateFlow(flow, { customer: { value_tier: 'gold' }, trigger: { ...trigger, attributes: { days_left: 90 } }, catalog: demoCatalog });
    expect(result.status).toBe('not_triggered');
  });
});

describe('example: roaming day pass on arrival', () => {
  const flow = load('roaming-day-pass.json');
  const arrival = { type: 'roaming_arrival', attributes: { city: 'Singapore', country: 'SG' }, at: '2025-07-01T01:00:00.000Z' };
  const treated = Array.from({ length: 50 }, (_, i) => `1380000${i}`).find((id) => bucketOf(id, 'holdout') >= 10)!;
  const held = Array.from({ length: 200 }, (_, i) => `1390000${i}`).find((id) => bucketOf(id, 'holdout') < 10)!;

  it('should push the day pass with the city, then count the order and mark the channel', () => {
    const result = simulateFlow(flow, {
      customer: { name: '吴刚' },
      customerId: treated,
      trigger: arrival,
      catalog: demoCatalog,
      events: [{ at: '2025-07-01T02:00:00.000Z', type: 'order_placed', attributes: { product_id: 'roaming_day_pass' } }],
    });
    expect(result.contacts[0]).toMatchObject({ channel: 'app_push', text: '吴刚，25元漫游日包，当天不限量，点此开通', offerId: 'offer_roaming_day' });
    expect(steps(result.path).slice(-3)).toEqual(['bought:converted', 'mark:tag_set', 'end_converted:exited']);
  });

  it('should hold out the control group and respect eligibility', () => {
    expect(simulateFlow(flow, { customer: { name: 'x' }, customerId: held, trigger: arrival, catalog: demoCatalog }).contacts).toEqual([]);
    const ineligible = simulateFlow(flow, { customer: { name: 'x' }, customerId: treated, trigger: arrival, catalog: demoCatalog, eligibility: { roaming_day_pass: false } });
    expect(steps(ineligible.path)).toContain('can_buy:ineligible');
    expect(ineligible.contacts).toEqual([]);
  });
});

describe('example: inbound-call scenario offer', () => {
  const flow = load('inbound-call-offer.json');
  const call = { type: 'inbound_call', attributes: { reason: 'billing' }, at: '2025-06-02T03:00:00.000Z' };
  const heavy = { name: '赵磊', plan: 'basic_4g', data_usage_gb: 18.5, opted_out: false };

  it("should show the upgrade on the agent's screen during the call and count the order", () => {
    const result = simulateFlow(flow, {
      customer: heavy,
      trigger: call,
      catalog: demoCatalog,
      events: [{ at: '2025-06-02T03:10:00.000Z', type: 'order_placed', attributes: { product_id: 'unlimited_5g_upgrade' } }],
    });
    expect(result.contacts).toEqual([
      {
        nodeId: 'offer_upgrade',
        channel: 'inbound',
        text: '赵磊本月已用流量18.5GB，可推荐升级5G畅享套餐，前3个月半价。',
        offerId: 'offer_5g_upgrade_half',
        at: '2025-06-02T03:00:00.000Z',
        missing: [],
      },
    ]);
    expect(steps(result.path).slice(-2)).toEqual(['upgraded:converted', 'converted:exited']);
  });

  it('should fall back to the data pack when the upgrade is not allowed, and offer nothing when neither is', () => {
    const fallback = simulateFlow(flow, { customer: heavy, trigger: call, catalog: demoCatalog, eligibility: { unlimited_5g_upgrade: false } });
    expect(fallback.contacts.map((c) => c.offerId)).toEqual(['offer_5gb_10cny']);
    expect(fallback.path.at(-1)).toMatchObject({ nodeId: 'not_converted', at: '2025-06-05T03:00:00.000Z' });
    const neither = simulateFlow(flow, { customer: heavy, trigger: call, catalog: demoCatalog, eligibility: { unlimited_5g_upgrade: false, data_pack_5gb: false } });
    expect(neither.contacts).toEqual([]);
    expect(neither.path.at(-1)?.nodeId).toBe('skip');
  });

  it('should never sell to a customer calling to complain', () => {
    const result = simulateFlow(flow, { customer: heavy, trigger: { ...call, attributes: { reason: 'complaint' } }, catalog: demoCatalog });
    expect(result.status).toBe('not_triggered');
  });
});

describe('example: low-balance top-up reminder', () => {
  const flow = load('low-balance-top-up.json');
  const low = { type: 'balance_low', attributes: { balance: 3.5 }, at: '2025-06-02T12:00:00.000Z' }; // 20:00 in Hangzhou
  const customer = { name: '钱芳', plan: 'prepaid', opted_out: false };

  it('should wait for 10:00 the next morning, remind once and stop when the customer tops up', () => {
    const result = simulateFlow(flow, {
      customer,
      trigger: low,
      catalog: demoCatalog,
      events: [{ at: '2025-06-03T05:00:00.000Z', type: 'top_up', attributes: { amount: 50.0, channel: 'app' } }],
    });
    expect(result.contacts.map((c) => [c.text, c.at])).toEqual([['钱芳您好，您的话费余额为3.5元，为避免停机影响使用，请及时充值。', '2025-06-03T02:00:00.000Z']]);
    expect(steps(result.path)).toEqual(['low:entered', 'good_hour:waiting', 'good_hour:elapsed', 'remind:contact_requested', 'paid:waiting', 'paid:event', 'paid_first:exited']);
  });

  it('should send a second reminder a day later when no real top-up came, and count a later one', () => {
    const result = simulateFlow(flow, {
      customer: { ...customer, timezone: 'Asia/Shanghai' },
      trigger: low,
      catalog: demoCatalog,
      events: [
        { at: '2025-06-03T06:00:00.000Z', type: 'top_up', attributes: { amount: 5.0, channel: 'shop' } },
        { at: '2025-06-04T09:00:00.000Z', type: 'top_up', attributes: { amount: 30.0, channel: 'shop' } },
      ],
    });
    expect(result.contacts.map((c) => [c.nodeId, c.at])).toEqual([
      ['remind', '2025-06-03T02:00:00.000Z'],
      ['remind_again', '2025-06-04T02:00:00.000Z'],
    ]);
    expect(steps(result.path).slice(-2)).toEqual(['paid_late:converted', 'done:exited']);
  });

  it('should not remind postpaid customers', () => {
    expect(simulateFlow(flow, { customer: { ...customer, plan: 'unlimited_5g' }, trigger: low, catalog: demoCatalog }).status).toBe('not_triggered');
  });
});

describe('example: Monday batch for gold customers with a control group', () => {
  const flow = load('weekly-gold-batch.json');
  const gold = { name: '周敏', value_tier: 'gold', tenure_months: 64, opted_out: false, channel_preference: 'app' };
  const treated = Array.from({ length: 50 }, (_, i) => `1370000${i}`).find((id) => bucketOf(id, 'holdout') >= 10)!;
  const held = Array.from({ length: 200 }, (_, i) => `1360000${i}`).find((id) => bucketOf(id, 'holdout') < 10)!;

  it('should enter gold customers on Monday at 10:00 China time and push those who prefer the app', () => {
    const result = simulateFlow(flow, {
      customer: gold,
      customerId: treated,
      trigger: { type: 'schedule' },
      start: new Date('2025-06-04T00:00:00.000Z'), // a Wednesday
      catalog: demoCatalog,
      events: [{ at: '2025-06-10T12:00:00.000Z', type: 'order_placed', attributes: { product_id: 'unlimited_5g_upgrade' } }],
    });
    expect(result.path[0]).toMatchObject({ nodeId: 'audience', outcome: 'entered', at: '2025-06-09T02:00:00.000Z' });
    expect(result.contacts).toMatchObject([{ channel: 'app_push', text: '周敏，感谢您64个月的陪伴，升级5G畅享套餐前3个月半价。', at: '2025-06-09T02:00:00.000Z' }]);
    expect(steps(result.path).slice(-2)).toEqual(['upgraded:converted', 'converted:exited']);
  });

  it('should text customers who do not prefer the app, and hold out the control group', () => {
    const run = { trigger: { type: 'schedule', at: '2025-06-09T02:00:00.000Z' }, catalog: demoCatalog };
    const texted = simulateFlow(flow, { ...run, customer: { ...gold, channel_preference: 'sms' }, customerId: treated });
    expect(texted.contacts.map((c) => c.channel)).toEqual(['sms']);
    const control = simulateFlow(flow, { ...run, customer: gold, customerId: held });
    expect(control.contacts).toEqual([]);
    expect(steps(control.path)).toEqual(['audience:entered', 'holdout:control', 'control:exited']);
  });

  it('should leave out customers outside the audience', () => {
    for (const customer of [{ ...gold, tenure_months: 12 }, { ...gold, value_tier: 'silver' }, { ...gold, opted_out: true }]) {
      expect(simulateFlow(flow, { customer, trigger: { type: 'schedule', at: '2025-06-09T02:00:00.000Z' }, catalog: demoCatalog }).status).toBe('not_triggered');
    }
  });
});

describe('example: bank partner enrols co-branded card holders through the API', () => {
  const flow = load('partner-card-enrolment.json');
  const at = '2025-06-02T03:00:00.000Z';

  it('should call platinum holders, and tell the bank when the customer converts', () => {
    const result = simulateFlow(flow, {
      customer: { name: '郑洁', value_tier: 'gold', opted_out: false },
      trigger: { type: 'api', attributes: { card_tier: 'platinum', credit_limit: 80000 }, at },
      catalog: demoCatalog,
      events: [{ at: '2025-06-05T03:00:00.000Z', type: 'order_placed', attributes: { product_id: 'unlimited_5g_upgrade' } }],
    });
    expect(result.contacts.map((c) => c.channel)).toEqual(['outbound_call', 'webhook']);
    expect(steps(result.path).slice(-3)).toEqual(['claimed:converted', 'tell_bank:contact_requested', 'converted:exited']);
  });

  it('should text standard holders and refuse an enrolment with a card tier it does not know', () => {
    const standard = simulateFlow(flow, { customer: { name: '郑洁', opted_out: false }, trigger: { type: 'api', attributes: { card_tier: 'standard' }, at }, catalog: demoCatalog });
    expect(standard.contacts.map((c) => c.text)).toEqual(['郑洁您好，联名卡开卡成功，送您10元5GB流量加油包，回复1领取。']);
    const bad = simulateFlow(flow, { customer: { name: '郑洁', opted_out: false }, trigger: { type: 'api', attributes: { card_tier: 'diamond' }, at }, catalog: demoCatalog });
    expect(bad.status).toBe('not_triggered');
    expect(bad.issues?.[0]).toMatchObject({ nodeId: 'enrolled', field: 'card_tier', message: { en: '"card_tier" must be one of: standard, platinum.' } });
  });
});

describe('example: Spring Festival family add-on batch with launch sign-offs', () => {
  const flow = load('family-plan-holiday-batch.json');
  const run = { type: 'schedule', at: '2026-02-10T02:00:00.000Z' }; // 10:00 China time
  const treated = Array.from({ length: 50 }, (_, i) => `1370000${i}`).find((id) => bucketOf(id, 'holdout') >= 5)!;

  it('should be signed off by market and customer service in parallel, then by the head office', () => {
    expect(flow.signoffs.map((s) => [s.nodeId, s.department, s.role, s.after])).toEqual([
      ['market_signoff', 'market', '营销经理', []],
      ['wording_signoff', 'customer_service', '话术审核', []],
      ['head_office_signoff', 'head_office', '总部营销部', ['market_signoff', 'wording_signoff']],
    ]);
    expect(Object.keys(flow.machine.states)).not.toContain('head_office_signoff');
  });

  it('should text an eligible 5G customer at the single run and count the add-on order', () => {
    const result = simulateFlow(flow, {
      customer: { name: '周敏', plan: 'unlimited_5g', tenure_months: 64, opted_out: false },
      customerId: treated,
      trigger: run,
      catalog: demoCatalog,
      events: [{ at: '2026-02-12T11:00:00.000Z', type: 'order_placed', attributes: { product_id: 'family_plan_add' } }],
    });
    expect(steps(result.path)).toEqual([
      'market_signoff:approved', 'wording_signoff:approved', 'head_office_signoff:approved',
      'audience:entered', 'holdout:treatment', 'can_add:eligible', 'text:contact_requested', 'added:waiting', 'added:converted', 'converted:exited',
    ]);
    expect(result.contacts[0]).toMatchObject({ channel: 'sms', at: '2026-02-10T02:00:00.000Z' });
    expect(result.contacts[0].text).toMatch(/^周敏您好，春节团圆季/);
  });

  it('should leave out customers on other plans', () => {
    const result = simulateFlow(flow, { customer: { name: 'x', plan: 'prepaid', tenure_months: 64, opted_out: false }, customerId: treated, trigger: run, catalog: demoCatalog });
    expect(result.status).toBe('not_triggered');
  });
});

describe('example: shop counter best offer (offer choice)', () => {
  const flow = load('counter-best-offer.json');
  const visit = { type: 'counter_visit', attributes: { shop_id: 'HZ-WL-01' }, at: '2025-06-02T03:00:00.000Z' };
  const heavy = { name: '赵磊', plan: 'basic_4g', data_usage_gb: 18.5, opted_out: false };

  it('should push the upgrade to the shop for a heavy user and count the order', () => {
    const result = simulateFlow(flow, {
      customer: heavy,
      trigger: visit,
      catalog: demoCatalog,
      events: [{ at: '2025-06-02T05:00:00.000Z', type: 'order_placed', attributes: { product_id: 'unlimited_5g_upgrade' } }],
    });
    expect(steps(result.path)).toEqual(['visit:entered', 'best_offer:offer_5g_upgrade_half', 'pitch_upgrade:contact_requested', 'ordered:waiting', 'ordered:converted', 'converted:exited']);
    expect(result.contacts.map((c) => [c.channel, c.offerId])).toEqual([['frontline', 'offer_5g_upgrade_half']]);
  });

  it('should fall to the data pack when the upgrade is not allowed, and to nothing when the customer holds the pack too', () => {
    const fallback = simulateFlow(flow, { customer: heavy, trigger: visit, catalog: demoCatalog, eligibility: { unlimited_5g_upgrade: false } });
    expect(fallback.path[1]).toMatchObject({ nodeId: 'best_offer', outcome: 'offer_5gb_10cny' });
    expect(fallback.path[1].reason?.en).toMatch(/^skipped "Upgrade, first 3 months half price" \(offer_5g_upgrade_half\): the customer may not order unlimited_5g_upgrade/);
    expect(fallback.contacts.map((c) => c.offerId)).toEqual(['offer_5gb_10cny']);
    const nothing = simulateFlow(flow, { customer: heavy, trigger: visit, catalog: demoCatalog, eligibility: { unlimited_5g_upgrade: false, data_pack_5gb: false } });
    expect(steps(nothing.path)).toEqual(['visit:entered', 'best_offer:none', 'nothing_to_offer:exited']);
    expect(nothing.contacts).toEqual([]);
  });
});
