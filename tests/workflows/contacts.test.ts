import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import { buildMachine, compileFlow, demoCatalog, simulateFlow, validateFlow, type FlowIssue } from '../../workflows';
import { end, flow, trigger } from './helpers';

const rules = (issues: FlowIssue[]) => issues.map((i) => `${i.rule}@${i.nodeId ?? '-'}`).sort();
const usage = { type: 'data_usage_80pct', attributes: { pct: 80, plan_gb: 20 }, at: '2025-03-18T09:30:00.000Z' };
const customer = { name: '陈静', arpu: 95.0, opted_out: false, region: 'ningbo' };
const single = (kind: string, params: Record<string, unknown>) =>
  flow([trigger(), { id: 'touch', kind, params }, end()], [['start', 'out', 'touch'], ['touch', 'out', 'done']]);

const cases: Array<{ kind: string; channel: string; params: Record<string, unknown>; text: string; extra: Record<string, unknown> }> = [
  { kind: 'sms', channel: 'sms', params: { template: '{{customer.name}}您好' }, text: '陈静您好', extra: {} },
  {
    kind: 'outbound_call',
    channel: 'outbound_call',
    params: { script: '您好{{customer.name}}，推荐5G升级', offerId: 'offer_5g_upgrade_half', priority: 'high' },
    text: '您好陈静，推荐5G升级',
    extra: { priority: 'high', deadlineHours: 72 },
  },
  {
    kind: 'inbound_offer',
    channel: 'inbound',
    params: { offerId: 'offer_5gb_10cny', script: '客户流量已用{{event.pct}}%' },
    text: '客户流量已用80%',
    extra: { validForHours: 72 },
  },
  {
    kind: 'frontline_opportunity',
    channel: 'frontline',
    params: { description: '{{customer.region}}客户，推荐家庭副卡', commissionCny: 20 },
    text: '宁波客户，推荐家庭副卡',
    extra: { commissionCny: 20, validForDays: 7, shopScope: 'home_region' },
  },
  {
    kind: 'app_push',
    channel: 'app_push',
    params: { title: '流量提醒', body: '已用{{event.pct}}%，点此加油', deepLink: 'app://data/topup' },
    text: '已用80%，点此加油',
    extra: { title: '流量提醒', deepLink: 'app://data/topup' },
  },
  {
    kind: 'webhook',
    channel: 'webhook',
    params: { endpointId: 'travel_partner', eventName: 'roaming.arrival', includeTags: ['name', 'region'] },
    text: '',
    extra: { endpointId: 'travel_partner', eventName: 'roaming.arrival', includeTags: ['name', 'region'] },
  },
];

describe('contact kinds', () => {
  for (const c of cases) {
    it(`should make ${c.kind} emit one contact action on channel ${c.channel}`, () => {
      const result = validateFlow(single(c.kind, c.params), demoCatalog);
      expect(result.issues).toEqual([]);
      const compiled = compileFlow(result.graph!);
      const [, actions] = initialTransition(buildMachine(compiled.machine), {
        customerId: 'c1',
        customer,
        trigger: { type: usage.type, attributes: usage.attributes, occurredAt: usage.at },
        visits: {},
      });
      const contacts = actions.filter((a) => a.type === 'contact');
      expect(contacts).toHaveLength(1);
      expect(contacts[0].params).toMatchObject({ nodeId: 'touch', channel: c.channel, ...c.extra });
      const simulated = simulateFlow(compiled, { customer, trigger: usage, catalog: demoCatalog });
      expect(simulated.contacts[0]).toMatchObject({ channel: c.channel, text: c.text });
    });
  }

  it('should report unknown offers, endpoints, tags, placeholders and bad links on the node', () => {
    expect(rules(validateFlow(single('outbound_call', { script: 'x', offerId: 'free_phone' }), demoCatalog).issues)).toEqual(['unknown_offer@touch']);
    expect(rules(validateFlow(single('inbound_offer', { script: 'x' }), demoCatalog).issues)).toEqual(['bad_params@touch']);
    expect(rules(validateFlow(single('webhook', { endpointId: 'evil', eventName: 'x', includeTags: ['password'] }), demoCatalog).issues)).toEqual(['unknown_endpoint@touch', 'unknown_tag@touch']);
    const push = validateFlow(single('app_push', { title: '{{customer.nick}}', body: 'hi', deepLink: 'javascript:alert(1)' }), demoCatalog);
    expect(rules(push.issues)).toEqual(['bad_params@touch', 'bad_template@touch']);
    expect(push.issues.find((i) => i.rule === 'bad_template')?.message.en).toBe('App push node "touch": title: "{{customer.nick}}" refers to no customer tag.');
  });
});
