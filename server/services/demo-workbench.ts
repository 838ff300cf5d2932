// Demo work for the frontline workbench, so it is not empty on a fresh install: two live
// campaigns (an inbound scenario offer followed by a shop opportunity, and an urgent outbound
// retention call) and a few touchpoint events that the workers turn into open tasks.
// The seeded events name customers from the top of the demo range (C0009xx) only.
import type { FlowGraph } from '../../workflows';
import type { App } from '../app';
import type { Actor } from '../auth/roles';
import type { Tx } from '../db/client';
import { eq } from 'drizzle-orm';
import { campaigns, type customers } from '../db/schema';
import { ingestEvents } from '../runtime/event-intake';
import { createCampaign, decideVersion, launchCampaign, submitCampaign } from './campaigns';

type Node = FlowGraph['nodes'][number];
const node = (id: string, kind: Node['kind'], y: number, params: Record<string, unknown>, x = 0): Node => ({ id, kind, position: { x, y }, params });
const edge = (source: string, sourcePort: string, target: string) => ({ id: `${source}-${sourcePort}`, source, sourcePort, target });

/** Inbound call -> offer on the agent's screen -> opportunity at the customer's city shops -> goal. */
export const inboundUpgradeFlow: FlowGraph = {
  version: 1,
  settings: { reentry: { period: 'week' }, concurrent: false },
  nodes: [
    node('call', 'trigger', 0, { eventType: 'inbound_call', condition: '' }),
    node('fits', 'condition', 140, { expr: "!customer.opted_out && (customer.plan == 'basic_4g' || customer.plan == 'prepaid')" }),
    node('can_take', 'eligibility', 280, { productId: 'unlimited_5g_upgrade' }),
    node('agent_offer', 'inbound_offer', 420, {
      offerId: 'offer_5g_upgrade_half',
      script: '{{customer.name}}您好，您现在可以升级5G畅享套餐，前3个月半价，网速更快、流量更多。需要现在为您办理吗？',
      validForHours: 72,
    }),
    node('shop_lead', 'frontline_opportunity', 560, {
      description: '客户{{customer.name}}近期来电，适合升级5G畅享套餐（前3月半价），到店时请主动推荐并协助办理。',
      offerId: 'offer_5g_upgrade_half',
      commissionCny: 30,
      validForDays: 7,
      shopScope: 'home_region',
    }),
    node('upgraded', 'goal', 700, { eventType: 'order_placed', condition: "event.product_id == 'unlimited_5g_upgrade'", window: { amount: 7, unit: 'days' } }),
    node('end_won', 'end', 840, {}),
    node('end_lost', 'end', 840, {}, 240),
    node('end_skip', 'end', 280, {}, 240),
  ],
  edges: [
    edge('call', 'out', 'fits'),
    edge('fits', 'yes', 'can_take'),
    edge('fits', 'no', 'end_skip'),
    edge('can_take', 'eligible', 'agent_offer'),
    edge('can_take', 'ineligible', 'end_skip'),
    edge('agent_offer', 'out', 'shop_lead'),
    edge('shop_lead', 'out', 'upgraded'),
    edge('upgraded', 'converted', 'end_won'),
    edge('upgraded', 'not_converted', 'end_lost'),
  ],
};

/** Contract expiring within a week -> urgent retention call -> goal on the agent's outcome. */
export const retentionCallFlow: FlowGraph = {
  version: 1,
  settings: { reentry: { period: 'month' }, concurrent: false },
  nodes: [
    node('expiring', 'trigger', 0, { eventType: 'contract_expiring', condition: 'event.days_left <= 7' }),
    node('fits', 'condition', 140, { expr: '!customer.opted_out' }),
    node('call', 'outbound_call', 280, {
      script: '{{customer.name}}您好，我是浙江移动客服。您的合约将在{{event.days_left}}天后到期，现在续约可享5G套餐升级前3月半价，请问您考虑续约吗？',
      offerId: 'offer_5g_upgrade_half',
      priority: 'high',
      deadlineHours: 72,
    }),
    node('renewed', 'goal', 420, { eventType: 'offer_outcome', condition: "event.outcome == 'accepted'", window: { amount: 14, unit: 'days' } }),
    node('end_won', 'end', 560, {}),
    node('end_lost', 'end', 560, {}, 240),
    node('end_skip', 'end', 280, {}, 240),
  ],
  edges: [
    edge('expiring', 'out', 'fits'),
    edge('fits', 'yes', 'call'),
    edge('fits', 'no', 'end_skip'),
    edge('call', 'out', 'renewed'),
    edge('renewed', 'converted', 'end_won'),
    edge('renewed', 'not_converted', 'end_lost'),
  ],
};

/** Launches the demo frontline campaigns and queues the events that give them open tasks. */
export async function seedDemoWorkbench(tx: Tx, app: App, designer: Actor, approver: Actor, rows: (typeof customers.$inferInsert)[]) {
  const specs = [
    { name: '来电情景 · 5G升级前3月半价', description: 'Inbound scenario offer for 4G callers, then a shop opportunity (30 CNY commission).', graph: inboundUpgradeFlow },
    { name: '合约到期 · 续约关怀外呼', description: 'Outbound retention call when a contract ends within a week.', graph: retentionCallFlow },
  ];
  for (const spec of specs) {
    // Lower priority and not exclusive: the demo campaigns never take a contact from another.
    const campaign = await createCampaign(tx, designer, { ...spec, priority: 30 });
    await tx.update(campaigns).set({ exclusive: false }).where(eq(campaigns.id, campaign.id));
    const version = await submitCampaign(tx, app.rt, designer, campaign.id);
    await decideVersion(tx, approver, { versionId: version.id, decision: 'approved', comment: '演示：文案、优惠与佣金已核对' });
    await launchCampaign(tx, app.rt, approver, campaign.id);
  }
  const now = app.rt.clock.now().toISOString();
  const pick = (filter: (t: Record<string, unknown>) => boolean, n: number) =>
    rows.filter((r) => Number(r.id.slice(1)) > 950 && r.tags && filter(r.tags)).slice(0, n).map((r) => r.id);
  const callers = pick((t) => t.region === 'hangzhou' && !t.opted_out && (t.plan === 'basic_4g' || t.plan === 'prepaid') && Number(t.tenure_months) >= 6, 4);
  const expiring = pick((t) => ['hangzhou', 'shaoxing', 'jinhua'].includes(String(t.region)) && !t.opted_out, 4);
  await ingestEvents(
    { db: tx, clock: app.rt.clock, catalog: app.rt.catalog },
    [
      ...callers.map((id) => ({ eventId: `demo-inbound-${id}`, customerId: id, type: 'inbound_call', occurredAt: now, attributes: { reason: 'bill' } })),
      ...expiring.map((id) => ({ eventId: `demo-expiring-${id}`, customerId: id, type: 'contract_expiring', occurredAt: now, attributes: { days_left: 5 } })),
    ],
    'demo',
  );
}
