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
