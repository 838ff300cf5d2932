import fc from 'fast-check';
import type { FlowGraphInput, ReentryPolicy } from '../../workflows';

/**
 * Random VALID flows: every node is reached from an open port of an earlier node (so all are
 * reachable), the graph only goes forward (no loops), and leftover ports lead to ends. Before the
 * entry, up to four launch sign-offs in a random serial/parallel tree.
 */

const exprs = [
  'customer.arpu >= 50.0',
  '!customer.opted_out',
  'customer.value_tier == "gold"',
  'customer.tenure_months > 12 && customer.plan != "prepaid"',
  'event.pct >= 90',
  'has(customer.device) && customer.device.startsWith("Huawei")',
];

type Spec = { kind: string; params: Record<string, unknown>; ports: string[] };

const duration = fc.record({ amount: fc.integer({ min: 1, max: 48 }), unit: fc.constantFrom('minutes', 'hours', 'days') });
const expr = fc.constantFrom(...exprs);

const specs: Array<fc.Arbitrary<Spec>> = [
  expr.map((e) => ({ kind: 'condition', params: { expr: e }, ports: ['yes', 'no'] })),
  fc.array(expr, { minLength: 1, maxLength: 3 }).map((es) => {
    const cases = es.map((e, i) => ({ name: `c${i}`, expr: e }));
    return { kind: 'switch', params: { cases }, ports: [...cases.map((c) => c.name), 'default'] };
  }),
  fc.integer({ min: 0, max: 100 }).map((p) => ({
    kind: 'split',
    params: { branches: [{ name: 'a', percent: p }, { name: 'b', percent: 100 - p }] },
    ports: ['a', 'b'],
  })),
  fc.integer({ min: 1, max: 50 }).map((p) => ({ kind: 'control_group', params: { percent: p }, ports: ['control', 'treatment'] })),
  duration.map((d) => ({ kind: 'wait', params: { duration: d }, ports: ['out'] })),
  fc.constantFrom('08:00', '09:30', '21:15').map((time) => ({ kind: 'wait_until', params: { mode: 'time_of_day', time }, ports: ['out'] })),
  duration.map((d) => ({ kind: 'wait_event', params: { eventType: 'sms_reply', condition: 'event.text == "Y"', timeout: d }, ports: ['event', 'timeout'] })),
  fc.constant({ kind: 'sms', params: { template: '尊敬的{{customer.name}}，流量已用{{event.pct}}%' }, ports: ['out'] }),
  fc.constant({ kind: 'outbound_call', params: { script: '推荐5G升级', offerId: 'offer_5g_upgrade_half' }, ports: ['out'] }),
  fc.constant({ kind: 'app_push', params: { title: '流量提醒', body: '点此加油' }, ports: ['out'] }),
  fc.integer({ min: -30, max: 30 }).map((offsetDays) => ({
    kind: 'wait_until',
    params: { mode: 'customer_date', field: 'contract_end', offsetDays, time: '10:00', timezone: 'customer' },
    ports: ['out'],
  })),
  fc.constant({ kind: 'inbound_offer', params: { offerId: 'offer_5gb_10cny', script: '客户流量已用{{event.pct}}%' }, ports: ['out'] }),
  fc.constant({ kind: 'frontline_opportunity', params: { description: '推荐家庭副卡', commissionCny: 10 }, ports: ['out'] }),
  fc.constant({ kind: 'webhook', params: { endpointId: 'travel_partner', eventName: 'campaign.contact', includeTags: ['name'] }, ports: ['out'] }),
  fc.constant({ kind: 'eligibility', params: { productId: 'data_pack_5gb' }, ports: ['eligible', 'ineligible'] }),
  fc.constantFrom(40, 60, 90).map((arpu) => ({
    kind: 'offer_choice',
    params: { offers: [{ offerId: 'offer_5g_upgrade_half', condition: `customer.arpu >= ${arpu}.0` }, { offerId: 'offer_5gb_10cny' }] },
    ports: ['offer_5g_upgrade_half', 'offer_5gb_10cny', 'none'],
  })),
  fc.constantFrom('gold', 'silver').map((v) => ({ kind: 'set_tag', params: { tag: 'value_tier', value: v }, ports: ['out'] })),
  duration.map((d) => ({ kind: 'approval', params: { department: 'market', note: '请审批', timeout: d }, ports: ['approved', 'rejected', 'timeout'] })),
  duration.map((d) => ({ kind: 'goal', params: { eventType: 'order_placed', window: d }, ports: ['converted', 'not_converted'] })),
];

/**
 * The three ways in. The API entry declares the same attributes as data_usage_80pct, so the
 * `event.pct` conditions and templates above hold for it too; a scheduled audience has no event,
 * so its flows draw only from the specs that do not read `event.*`.
 */
export type EntryChoice = 'event' | 'schedule' | 'api';
const entryParams: Record<EntryChoice, { kind: string; params: Record<string, unknown> }> = {
  event: { kind: 'trigger', params: { eventType: 'data_usage_80pct', condition: '' } },
  schedule: { kind: 'scheduled_audience', params: { condition: 'has(customer.name) || !has(customer.name)', repeat: 'daily', time: '09:30' } },
  api: {
    kind: 'api_entry',
    params: { attributes: [{ name: 'pct', type: 'int', required: true }, { name: 'plan_gb', type: 'double' }], condition: '' },
  },
};
const readsEvent = (spec: Spec) => JSON.stringify(spec.params).includes('event.') && spec.kind !== 'wait_event';
const noEvent = (spec: Spec): Spec => (readsEvent(spec) ? { kind: 'set_tag', params: { tag: 'value_tier', value: 'gold' }, ports: ['out'] } : spec);

/** How each entry is entered in a simulation (a generated flow's entry is its first node). */
export function entryOfFlow(graph: FlowGraphInput): EntryChoice {
  const kind = graph.nodes[0]?.kind;
  return kind === 'scheduled_audience' ? 'schedule' : kind === 'api_entry' ? 'api' : 'event';
}

export const entryTrigger: Record<EntryChoice, { type: string; attributes?: Record<string, unknown>; at: string }> = {
  event: { type: 'data_usage_80pct', attributes: { pct: 85, plan_gb: 20 }, at: '2025-03-18T09:30:00.000Z' },
  schedule: { type: 'schedule', at: '2025-03-18T09:30:00.000Z' },
  api: { type: 'api', attributes: { pct: 85, plan_gb: 20 }, at: '2025-03-18T09:30:00.000Z' },
};

export const validFlow: fc.Arbitrary<FlowGraphInput> = fc.constantFrom<EntryChoice>('event', 'schedule', 'api').chain((e) => validFlowWith(e));

export function validFlowWith(entry: EntryChoice): fc.Arbitrary<FlowGraphInput> {
  return fc
  .record({
    nodes: fc.array(fc.record({ spec: fc.oneof(...specs).map((spec) => (entry === 'schedule' ? noEvent(spec) : spec)), pick: fc.nat() }), { maxLength: 25 }),
    ends: fc.integer({ min: 1, max: 3 }),
    endPicks: fc.array(fc.nat(), { maxLength: 80 }),
    reentry: fc.constantFrom<ReentryPolicy>('once', 'every_time', { period: 'day' }),
    // Each launch sign-off leads to the entry or to an earlier sign-off (a tree rooted at the entry).
    signoffs: fc.array(fc.record({ pick: fc.nat(), department: fc.constantFrom('market', 'customer_service', 'it_support', 'head_office') }), { maxLength: 4 }),
  })
  .map(({ nodes, ends, endPicks, reentry, signoffs }) => {
    const graph: FlowGraphInput = { version: 1, settings: { reentry, concurrent: false }, nodes: [], edges: [] };
    const open: Array<[string, string]> = [['start', 'out']];
    const add = (id: string, kind: string, params: Record<string, unknown>) =>
      graph.nodes.push({ id, kind: kind as never, position: { x: 0, y: graph.nodes.length * 80 }, params });
    const link = (source: string, sourcePort: string, target: string) =>
      graph.edges.push({ id: `e${graph.edges.length}`, source, sourcePort, target });
    add('start', entryParams[entry].kind, entryParams[entry].params);
    nodes.forEach(({ spec, pick }, i) => {
      const id = `n${i}`;
      add(id, spec.kind, spec.params);
      const [source, port] = open.splice(pick % open.length, 1)[0];
      link(source, port, id);
      open.push(...spec.ports.map((p): [string, string] => [id, p]));
    });
    // Each end gets at least one port, so none is unreachable.
    const count = Math.min(ends, open.length);
    for (let i = 0; i < count; i++) add(`end${i}`, 'end', {});
    open.forEach(([source, port], i) => link(source, port, `end${i < count ? i : (endPicks[i] ?? 0) % count}`));
    signoffs.forEach(({ pick, department }, i) => {
      add(`so${i}`, 'approval', { department, note: '上线审批', timeout: { amount: 2, unit: 'days' } });
      link(`so${i}`, 'approved', pick % (i + 1) === 0 ? 'start' : `so${(pick % (i + 1)) - 1}`);
    });
    return graph;
  });
}

export const randomCustomer = fc.record(
  {
    name: fc.constantFrom('张伟', '李娜', 'Wang Fang'),
    arpu: fc.double({ min: 0, max: 500, noNaN: true }),
    opted_out: fc.boolean(),
    value_tier: fc.constantFrom('gold', 'silver', 'bronze'),
    plan: fc.constantFrom('basic_4g', 'unlimited_5g', 'family_5g', 'prepaid'),
    tenure_months: fc.integer({ min: 0, max: 300 }),
    device: fc.constantFrom('Huawei Mate 60', 'iPhone 15'),
    contract_end: fc.constantFrom('2025-03-01', '2025-04-10', 'not a date'),
    timezone: fc.constantFrom('Asia/Shanghai', 'Europe/London', 'Nowhere/Else'),
  },
  { requiredKeys: [] },
);

export const randomEvents = fc.array(
  fc.record({
    at: fc.integer({ min: 0, max: 10 * 86_400_000 }).map((ms) => new Date(Date.parse('2025-03-18T09:30:00.000Z') + ms).toISOString()),
    type: fc.constantFrom('sms_reply', 'order_placed', 'balance_low'),
    attributes: fc.constantFrom({ text: 'Y' }, { text: 'N' }, { product_id: 'data_pack_5gb' }, { balance: 3.5 }),
  }),
  { maxLength: 5 },
);
