// The executive dashboards against a known history run through the real runtime: every figure
// on the Loop, Execution, Frontline and Live dashboards, the drill-downs behind them, and the
// roll-up's promises (idempotent re-runs, late conversions in their own hour, id gaps).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FlowGraph } from '@/workflows';
import { contactLatency, dayOf, rollUpAll, rollUpAnalytics } from '@/server/analytics/rollup';
import { advance } from '@/server/analytics/watermark';
import { approvals, campaignEvents, campaigns, contactBlocks, customers, events, flowVersions, frontlineTasks, journeys, steps, subscriptions } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { processPendingEvents } from '@/server/runtime/event-processor';
import { drainRuntime } from '@/server/runtime/workers';
import { createTestApp, rolledBack, type TestApp } from './support/test-app';
import { callerAs } from './support/actors';
import { contactFlow, launchFlow } from './support/flows';
import { loadExample } from '@/server/services/demo';

const HOUR = 3_600_000;
const T0 = new Date('2026-06-01T02:00:00Z'); // 10:00 in Shanghai, 1 June
const DAY1 = new Date('2026-05-31T16:00:00Z'); // 1 June 00:00 in Shanghai
const DAY = 24 * HOUR;

let app: TestApp;
let n = 0;
const ev = (customerId: string, type: string, attributes: Record<string, unknown> = {}) => ({
  eventId: `dash-${++n}`,
  customerId,
  type,
  occurredAt: app.clock.now().toISOString(),
  attributes,
});

/** trigger -> SMS with an offer -> goal (order placed within 7 days) -> end. */
const upsellFlow = (): FlowGraph => ({
  version: 1,
  settings: { reentry: 'every_time', concurrent: true },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'balance_low', condition: '' } },
    { id: 'sms', kind: 'sms', position: { x: 0, y: 100 }, params: { template: '余额不足，10元5GB加油包', offerId: 'offer_5gb_10cny' } },
    { id: 'goal', kind: 'goal', position: { x: 0, y: 200 }, params: { eventType: 'order_placed', condition: '', window: { amount: 7, unit: 'days' } } },
    { id: 'end', kind: 'end', position: { x: 0, y: 300 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 'sms' },
    { id: 'e2', source: 'sms', sourcePort: 'out', target: 'goal' },
    { id: 'e3', source: 'goal', sourcePort: 'converted', target: 'end' },
    { id: 'e4', source: 'goal', sourcePort: 'not_converted', target: 'end' },
  ],
});

const frontlineFlow = (): FlowGraph => ({
  version: 1,
  settings: { reentry: 'every_time', concurrent: true },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'counter_visit', condition: '' } },
    {
      id: 'opp',
      kind: 'frontline_opportunity',
      position: { x: 0, y: 100 },
      params: { description: '推荐5G升级', commissionCny: 5, validForDays: 7, shopScope: 'home_region' },
    },
    { id: 'end', kind: 'end', position: { x: 0, y: 200 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 'opp' },
    { id: 'e2', source: 'opp', sourcePort: 'out', target: 'end' },
  ],
});

const upsellers = ['C000011', 'C000012', 'C000013', 'C000014', 'C000015', 'C000016'];
/** Three shop visitors in Hangzhou, where the demo clerk's shop is (filled in beforeAll). */
let visitors: string[] = [];
let A: string, B: string, C: string, E: string;
let regionOf: Map<string, string>;

type Filter = { from: Date; to: Date; department?: string; campaignId?: string; channel?: 'sms' | 'frontline'; region?: string };
const range = (from: Date, to: Date): Filter => ({ from, to });
const days = (k: number) => range(DAY1, new Date(DAY1.getTime() + k * DAY));

async function exec(filter: Filter = days(1)) {
  return (await callerAs(app, 'executive@octoflow.demo')).dashboards.execution(filter);
}

/** Moves a campaign's recorded lifecycle to known times (hours before T0). */
async function backdate(campaignId: string, submittedH: number, approvedH: number, liveH: number) {
  const at = (h: number) => new Date(T0.getTime() - h * HOUR);
  await app.rt.db.update(campaignEvents).set({ at: at(submittedH + 1) }).where(and(eq(campaignEvents.campaignId, campaignId), eq(campaignEvents.toStatus, 'draft')));
  await app.rt.db.update(campaignEvents).set({ at: at(submittedH) }).where(and(eq(campaignEvents.campaignId, campaignId), eq(campaignEvents.toStatus, 'submitted')));
  await app.rt.db.update(campaignEvents).set({ at: at(approvedH) }).where(and(eq(campaignEvents.campaignId, campaignId), eq(campaignEvents.toStatus, 'approved')));
  await app.rt.db.update(campaignEvents).set({ at: at(liveH) }).where(and(eq(campaignEvents.campaignId, campaignId), eq(campaignEvents.toStatus, 'live')));
  const versions = app.rt.db.select({ id: flowVersions.id }).from(flowVersions).where(eq(flowVersions.campaignId, campaignId));
  await app.rt.db.update(approvals).set({ createdAt: at(approvedH) }).where(inArray(approvals.flowVersionId, versions));
}

beforeAll(async () => {
  app = await createTestApp();
  // A clean slate: only the history written below exists (the demo's campaigns and activity go).
  await app.rt.db.execute(sql`truncate analytics_step_hours, analytics_step_days, analytics_event_hours, analytics_minutes,
    analytics_step_id_hours, analytics_watermarks, analytics_node_counts, analytics_frontline_days, analytics_complaint_hours, steps, timers, approval_tasks, outbox, frontline_tasks, contact_ledger,
    sent_messages, contact_blocks, journeys, events, approvals, campaign_events, flow_versions, campaigns cascade`);
  app.rt.flows.invalidate();
  app.clock.set(T0);
  await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` });
  visitors = (
    await app.rt.db
      .select({ id: customers.id })
      .from(customers)
      .where(and(sql`${customers.tags}->>'region' = 'hangzhou'`, sql`${customers.id} between 'C000021' and 'C000099'`))
      .orderBy(customers.id)
      .limit(3)
  ).map((c) => c.id);
  expect(visitors).toHaveLength(3);
  regionOf = new Map((await app.rt.db.select().from(customers).where(inArray(customers.id, [...upsellers, ...visitors]))).map((c) => [c.id, String(c.tags.region)]));

  ({ campaignId: A } = await launchFlow(app, 'A · 余额提醒加油包', upsellFlow(), { priority: 80 }));
  ({ campaignId: B } = await launchFlow(app, 'B · 营业厅商机', frontlineFlow(), { priority: 60 }));
  ({ campaignId: C } = await launchFlow(app, 'C · 低优先级余额短信', contactFlow('balance_low', '余额提醒'), { priority: 20 }));
  const designer = await callerAs(app, 'designer@octoflow.demo');
  await designer.campaigns.create({ name: 'D · 草稿', graph: contactFlow('top_up', '谢谢') });
  const e = await designer.campaigns.create({ name: 'E · 待审批', graph: contactFlow('top_up', '谢谢') });
  E = e.id;
  await designer.campaigns.submit({ id: E });
  // Cycle times 24 h, 72 h, 10 h; approval waits 18 h, 60 h, 5 h; E waits since 5 h.
  await backdate(A, 48, 30, 24);
  await backdate(B, 100, 40, 28);
  await backdate(C, 30, 25, 20);
  await app.rt.db.update(campaignEvents).set({ at: new Date(T0.getTime() - 5 * HOUR) }).where(and(eq(campaignEvents.campaignId, E), eq(campaignEvents.toStatus, 'submitted')));

  // Budgets: A 100 CNY, B 50 CNY. E was planned to start two hours ago.
  await app.rt.db.update(campaigns).set({ allocation: { budgetCny: 100 } }).where(eq(campaigns.id, A));
  await app.rt.db.update(campaigns).set({ allocation: { budgetCny: 50 } }).where(eq(campaigns.id, B));
  await app.rt.db.update(campaigns).set({ startAt: new Date(T0.getTime() - 2 * HOUR) }).where(eq(campaigns.id, E));

  // C000016 opted out of everything before the day started.
  await app.rt.db.insert(contactBlocks).values({ customerId: 'C000016', channel: '*', reason: 'opt_out', source: 'sms_reply', createdAt: new Date(T0.getTime() - HOUR) });

  // Day 1, 10:00: six low-balance events, three shop visits.
  await ingestEvents(app.rt, [...upsellers.map((c) => ev(c, 'balance_low', { balance: 1 })), ...visitors.map((c) => ev(c, 'counter_visit', { shop_id: 'S1' }))]);
  await drainRuntime(app.rt);
  // 12:00: two of them order; the clerk of the Wulin shop records two shop opportunities as
  // accepted (5 CNY commission each) and one as declined, in the workbench.
  app.clock.set(new Date(T0.getTime() + 2 * HOUR));
  await ingestEvents(app.rt, ['C000011', 'C000012'].map((c) => ev(c, 'order_placed', { product_id: 'data_pack_5gb' })));
  await drainRuntime(app.rt);
  const clerk = await callerAs(app, 'clerk@octoflow.demo');
  const tasks = await app.rt.db.select().from(frontlineTasks).where(inArray(frontlineTasks.customerId, visitors)).orderBy(frontlineTasks.customerId);
  expect(tasks).toHaveLength(3);
  for (const [i, t] of tasks.entries()) await clerk.frontline.recordOutcome({ taskId: t.id, outcome: i < 2 ? 'accepted' : 'declined' });
  // 13:00: three complaints. C000011 about a marketing SMS without naming the campaign (credited to
  // A, whose SMS it got this morning); C000012 about the terms of campaign C, named; a visitor about
  // a bill (no campaign).
  app.clock.set(new Date(T0.getTime() + 3 * HOUR));
  await ingestEvents(app.rt, [
    ev('C000011', 'complaint', { category: 'marketing_contact', channel: 'sms', source: 'hotline' }),
    ev('C000012', 'complaint', { category: 'offer_terms', source: 'online', campaign_id: C }),
    ev(visitors[0], 'complaint', { category: 'billing', source: 'shop' }),
  ]);
  await drainRuntime(app.rt);
}, 300_000); // a whole runtime history: slow on a shared, loaded machine
afterAll(async () => app?.close());

describe('execution dashboard', () => {
  it('should count events, entries, contacts, suppressions, conversions and revenue of the day', async () => {
    const d = await exec();
    expect(d.totals).toMatchObject({
      events: 17, // 6 low balance + 3 visits + 2 orders + 3 recorded outcomes + 3 complaints
      entered: 15, // A 6, B 3, C 6
      sent: 8, // A: 5 SMS (C000016 opted out); B: 3 opportunities
      suppressed: 7, // A: 1 opt_out; C: 5 lost_arbitration + 1 opt_out
      conversions: 2,
      revenueCny: 20, // two 5 GB packs at 10 CNY, credited to A's SMS
      optOuts: 1,
      successes: 4, // 2 SMS conversions + 2 accepted opportunities
      complaints: 3,
    });
    expect(d.totals.complaintsPer10k).toBeCloseTo((3 / 8) * 10_000);
    expect(d.totals.successRate).toBeCloseTo(4 / 8);
    expect(d.totals.avgLatencyMs).toBe(0); // the clock did not move between event and contact
    expect(d.suppressions).toEqual([
      { reason: 'lost_arbitration', n: 5 },
      { reason: 'opt_out', n: 2 },
    ]);
    const sms = d.channels.find((c) => c.channel === 'sms')!;
    expect(sms).toMatchObject({ requested: 12, sent: 5, suppressed: 7, successes: 2 });
    expect(sms.successRate).toBeCloseTo(2 / 5);
    const frontline = d.channels.find((c) => c.channel === 'frontline')!;
    expect(frontline).toMatchObject({ requested: 3, sent: 3, suppressed: 0, successes: 2 });
    const byId = new Map(d.campaigns.map((c) => [c.campaignId, c]));
    expect(byId.get(A)).toMatchObject({ entered: 6, sent: 5, suppressed: 1, conversions: 2, successes: 2, revenueCny: 20, department: 'market', complaints: 1 });
    expect(byId.get(B)).toMatchObject({ entered: 3, sent: 3, suppressed: 0, conversions: 0, successes: 2, complaints: 0 });
    expect(byId.get(C)).toMatchObject({ entered: 6, sent: 0, suppressed: 6, successes: 0, successRate: null, complaints: 1 });
    expect(d.trend).toEqual([{ day: '2026-06-01', events: 17, entered: 15, sent: 8, suppressed: 7, converted: 2, complaints: 3 }]);
    // Cost: 5 SMS at 0.05 + 3 shop opportunities at 5.00 CNY; budgets burn by lifetime spend.
    expect(d.totals.costCny).toBeCloseTo(15.25);
    expect(d.budget.map((b) => [b.campaignId, b.budgetCny, b.spentCny])).toEqual([
      [A, 100, 0.25],
      [B, 50, 15],
    ]);
    expect(d.budget[1].burn).toBeCloseTo(0.3);
    // Opt-outs made in the range, by channel and where they came from (C000016: every channel, by SMS reply).
    expect(d.optOuts).toEqual([{ channel: '*', source: 'sms_reply', n: 1 }]);
    expect(d.totals.notConverted).toBe(0); // the goal windows are still open
    expect(d.complaints).toEqual([
      { category: 'billing', channel: '', source: 'shop', n: 1 },
      { category: 'marketing_contact', channel: 'sms', source: 'hotline', n: 1 },
      { category: 'offer_terms', channel: '', source: 'online', n: 1 },
    ]);
  });

  it('should honour the channel, campaign, department and region filters', async () => {
    const smsOnly = await exec({ ...days(1), channel: 'sms' });
    expect(smsOnly.totals).toMatchObject({ sent: 5, suppressed: 7, conversions: 2, successes: 2, complaints: 1 });
    expect(smsOnly.ignored.events).toEqual(['channel']);
    const onlyB = await exec({ ...days(1), campaignId: B });
    expect(onlyB.totals).toMatchObject({ entered: 3, sent: 3, suppressed: 0, successes: 2, complaints: 0 });
    expect((await exec({ ...days(1), campaignId: C })).totals.complaints).toBe(1);
    expect((await exec({ ...days(1), department: 'market' })).totals.complaints).toBe(2); // the bill concerns no campaign
    const otherDept = await exec({ ...days(1), department: 'customer_service' });
    expect(otherDept.totals).toMatchObject({ entered: 0, sent: 0, successes: 0, complaints: 0 });
    const region = regionOf.get('C000011')!;
    const inRegion = (ids: string[]) => ids.filter((id) => regionOf.get(id) === region).length;
    const r = await exec({ ...days(1), region });
    expect(r.totals.entered).toBe(2 * inRegion(upsellers) + inRegion(visitors));
    // Low balance, visits, orders, recorded outcomes (visitors) and complaints.
    expect(r.totals.events).toBe(inRegion(upsellers) + 2 * inRegion(visitors) + inRegion(['C000011', 'C000012']) + inRegion(['C000011', 'C000012', visitors[0]]));
    expect(r.totals.complaints).toBe(inRegion(['C000011', 'C000012', visitors[0]]));
    expect(r.totals.conversions).toBe(inRegion(['C000011', 'C000012']));
    expect(r.totals.optOuts).toBe(inRegion(['C000016']));
  });

  it('should lead from the opt-outs to the customers who opted out', async () => {
    const executive = await callerAs(app, 'executive@octoflow.demo');
    const list = await executive.dashboards.optOuts({ filter: days(1), selection: {} });
    expect(list.map((o) => [o.customerId, o.channel, o.source, o.at.toISOString()])).toEqual([['C000016', '*', 'sms_reply', new Date(T0.getTime() - HOUR).toISOString()]]);
    expect(list[0].customerName).not.toBe('');
    expect(await executive.dashboards.optOuts({ filter: days(1), selection: { channel: '*', source: 'sms_reply' } })).toHaveLength(1);
    expect(await executive.dashboards.optOuts({ filter: days(1), selection: { source: 'hotline' } })).toEqual([]);
    expect(await executive.dashboards.optOuts({ filter: range(new Date(DAY1.getTime() - DAY), DAY1), selection: {} })).toEqual([]);
    const other = [...new Set(regionOf.values())].find((r) => r !== regionOf.get('C000016'))!;
    expect(await executive.dashboards.optOuts({ filter: { ...days(1), region: other }, selection: {} })).toEqual([]);
    expect(await executive.dashboards.optOuts({ filter: { ...days(1), region: regionOf.get('C000016') }, selection: {} })).toHaveLength(1);
  });

  it('should count the opt-outs frontline staff recorded as one source, not one row per task', async () => {
    // A month before the other figures: two customers told staff never to call again, on two tasks.
    const at = new Date(DAY1.getTime() - 30 * DAY);
    await app.rt.db.insert(contactBlocks).values([
      { customerId: 'C000901', channel: 'outbound_call', reason: 'opt_out', source: 'frontline:task-a', createdAt: at },
      { customerId: 'C000902', channel: 'outbound_call', reason: 'opt_out', source: 'frontline:task-b', createdAt: at },
    ]);
    const month = range(new Date(at.getTime() - DAY), new Date(at.getTime() + DAY));
    const executive = await callerAs(app, 'executive@octoflow.demo');
    expect((await exec(month)).optOuts).toEqual([{ channel: 'outbound_call', source: 'frontline', n: 2 }]);
    const behind = await executive.dashboards.optOuts({ filter: month, selection: { channel: 'outbound_call', source: 'frontline' } });
    expect(behind.map((o) => o.source).sort()).toEqual(['frontline:task-a', 'frontline:task-b']);
  });

  it('should lead from the events received to the events behind the figure, newest first', async () => {
    const executive = (await callerAs(app, 'executive@octoflow.demo')).dashboards;
    const d = await exec();
    const list = await executive.events({ filter: days(1), selection: {} });
    expect(list).toHaveLength(d.totals.events);
    expect(list.filter((e) => e.type === 'balance_low').map((e) => e.customerId).sort()).toEqual(upsellers);
    expect(list.map((e) => e.receivedAt.getTime())).toEqual([...list.map((e) => e.receivedAt.getTime())].sort((a, b) => b - a));
    expect(await executive.events({ filter: days(1), selection: { type: 'counter_visit' } })).toHaveLength(3);
    const region = regionOf.get('C000011')!;
    const inRegion = await executive.events({ filter: { ...days(1), region }, selection: {} });
    expect(inRegion.length).toBe((await exec({ ...days(1), region })).totals.events);
    expect(inRegion.every((e) => regionOf.get(e.customerId) === undefined || regionOf.get(e.customerId) === region)).toBe(true);
    expect(await executive.events({ filter: range(new Date(DAY1.getTime() - DAY), DAY1), selection: {} })).toEqual([]);
  });

  it('should show nothing for a day without activity', async () => {
    const d = await exec(range(new Date(DAY1.getTime() - DAY), DAY1));
    expect(d.totals).toMatchObject({ events: 0, entered: 0, sent: 0, conversions: 0, successRate: null });
    expect(d.channels).toEqual([]);
  });
});

describe('late conversions and re-runs', () => {
  it('should count a conversion rolled up hours later in the hour it happened, and never twice', async () => {
    // Day 2, 10:00: C000013 orders; the roll-up only runs three hours later.
    const at = new Date(T0.getTime() + DAY);
    app.clock.set(at);
    await ingestEvents(app.rt, [ev('C000013', 'order_placed', { product_id: 'data_pack_5gb' })]);
    await processPendingEvents(app.rt);
    app.clock.set(new Date(at.getTime() + 3 * HOUR));
    await drainRuntime(app.rt);
    await rollUpAll(app.rt);
    expect(await rollUpAnalytics(app.rt)).toBe(0);

    const two = await exec(days(2));
    expect(two.totals).toMatchObject({ conversions: 3, revenueCny: 30, successes: 5 });
    expect(two.trend.map((p) => [p.day, p.converted])).toEqual([
      ['2026-06-01', 2],
      ['2026-06-02', 1],
    ]);
    // An hourly range (not whole days) reads the hourly roll-up: the order's own hour.
    const hour = await exec(range(at, new Date(at.getTime() + HOUR)));
    expect(hour.totals.conversions).toBe(1);
    const later = await exec(range(new Date(at.getTime() + HOUR), new Date(at.getTime() + 4 * HOUR)));
    expect(later.totals.conversions).toBe(0);
    // Every figure the late conversion feeds: its campaign, the channel it is credited to, the
    // drill-downs and the designer's node counts.
    expect(two.campaigns.find((c) => c.campaignId === A)).toMatchObject({ sent: 5, conversions: 3, successes: 3, revenueCny: 30 });
    expect(two.campaigns.find((c) => c.campaignId === A)!.successRate).toBeCloseTo(3 / 5);
    expect(two.channels.find((c) => c.channel === 'sms')).toMatchObject({ sent: 5, successes: 3 });
    expect(two.totals.successRate).toBeCloseTo(5 / 8);
    const executive = await callerAs(app, 'executive@octoflow.demo');
    expect(await executive.dashboards.drillCampaigns({ filter: days(2), selection: { outcome: 'converted' } })).toEqual([
      { campaignId: A, name: 'A · 余额提醒加油包', department: 'market', n: 3, revenueCny: 30 },
    ]);
    const flow = await executive.dashboards.campaignNodes({ filter: days(2), campaignId: A });
    expect(flow.nodes.find((x) => x.nodeId === 'goal')!.outcomes.converted).toBe(3);
    expect((await executive.dashboards.drillSteps({ filter: days(2), selection: { outcome: 'converted', campaignId: A, nodeId: 'goal' } })).map((x) => x.customerId)).toEqual([
      'C000013',
      'C000012',
      'C000011',
    ]);
    const live = await (await callerAs(app, 'designer@octoflow.demo')).campaigns.liveCounts({ campaignId: A });
    expect(live.nodes.goal).toMatchObject({ entered: 6, converted: 3 });
    expect(live.nodes.sms).toMatchObject({ entered: 6, contacted: 5, suppressed: 1 });
    // Day 1 is as it was.
    expect((await exec()).totals).toMatchObject({ conversions: 2, revenueCny: 20 });
  });

  it('should count a complaint that arrives a day late on the day it was made, credited to the last contact', async () => {
    // Day 2, 14:00: C000013 complains about yesterday's SMS (made at 16:00 on day 1).
    app.clock.set(new Date(T0.getTime() + DAY + 4 * HOUR));
    await ingestEvents(app.rt, [{ ...ev('C000013', 'complaint', { category: 'marketing_contact', source: 'regulator' }), occurredAt: new Date(T0.getTime() + 6 * HOUR).toISOString() }]);
    await drainRuntime(app.rt);
    const d = await exec();
    expect(d.totals.complaints).toBe(4);
    expect(d.campaigns.find((c) => c.campaignId === A)?.complaints).toBe(2);
    expect(d.complaints).toContainEqual({ category: 'marketing_contact', channel: 'sms', source: 'regulator', n: 1 });
    expect(d.trend.find((p) => p.day === '2026-06-01')?.complaints).toBe(4);
    expect((await exec(range(new Date(DAY1.getTime() + DAY), new Date(DAY1.getTime() + 2 * DAY)))).totals.complaints).toBe(0);
  });

  it('should lead from the complaints to the customers who made them, with the campaign they concern', async () => {
    const executive = (await callerAs(app, 'executive@octoflow.demo')).dashboards;
    const all = await executive.complaints({ filter: days(1), selection: {} });
    expect(all).toHaveLength((await exec()).totals.complaints);
    // Newest first by when it was made: C000013's (16:00) before the three made at 13:00.
    expect(all.map((c) => c.customerId).slice(1).sort()).toEqual(['C000011', 'C000012', visitors[0]].sort());
    expect(all[0]).toMatchObject({ customerId: 'C000013', category: 'marketing_contact', channel: 'sms', source: 'regulator', campaignId: A });
    // The same attribution as the figure: the campaign and department filters keep A's two.
    expect((await executive.complaints({ filter: { ...days(1), campaignId: A }, selection: {} })).map((c) => c.customerId).sort()).toEqual(['C000011', 'C000013']);
    expect((await executive.complaints({ filter: days(1), selection: { category: 'offer_terms', channel: '', source: 'online' } })).map((c) => c.customerId)).toEqual(['C000012']);
    expect((await executive.complaints({ filter: days(1), selection: { category: 'marketing_contact', channel: 'sms', source: 'regulator' } })).map((c) => c.customerId)).toEqual(['C000013']);
    expect((await executive.complaints({ filter: { ...days(1), channel: 'sms' }, selection: {} })).map((c) => c.customerId).sort()).toEqual(['C000011', 'C000013']);
    expect((await executive.complaints({ filter: { ...days(1), region: regionOf.get(visitors[0]) }, selection: { category: 'billing' } })).map((c) => c.customerId)).toEqual([visitors[0]]);
    // Made on day 1, received on day 2: not on day 2's list.
    expect(await executive.complaints({ filter: range(new Date(DAY1.getTime() + DAY), new Date(DAY1.getTime() + 2 * DAY)), selection: {} })).toEqual([]);
  });

  it('should refuse a complaint whose category is not declared, naming the field', async () => {
    const r = await ingestEvents(app.rt, [ev('C000014', 'complaint', { category: 'rude_agent', source: 'hotline' })]);
    expect(r.accepted).toBe(0);
    expect(r.rejected[0].error).toMatch(/attributes\.category: expected one of marketing_contact, offer_terms/);
  });

  it('should count goal timeouts as not converted on the day the window closed', async () => {
    app.clock.set(new Date(T0.getTime() + 8 * DAY));
    await drainRuntime(app.rt);
    const d = await exec(days(9));
    expect(d.totals).toMatchObject({ conversions: 3, notConverted: 3 });
    expect(d.trend.find((p) => p.day === '2026-06-08')).toBeUndefined();
  });
});

describe('watermark', () => {
  it('should keep a hole in the ids open until its row appears, and give it up after the horizon', () => {
    let wm = advance({ lastId: 10, gaps: [] }, [11, 14, 15], [], 1000, 60_000);
    expect(wm).toEqual({ lastId: 15, gaps: [[12, 13, 1000]] });
    wm = advance(wm, [16], [13], 2000, 60_000);
    expect(wm).toEqual({ lastId: 16, gaps: [[12, 12, 1000]] });
    wm = advance(wm, [], [], 70_000, 60_000);
    expect(wm).toEqual({ lastId: 16, gaps: [] });
  });
});

describe('frontline dashboard', () => {
  it('should show opportunities pushed and converted by region and shop, with commission', async () => {
    const f = await (await callerAs(app, 'executive@octoflow.demo')).dashboards.frontline(days(1));
    expect(f.totals).toMatchObject({ pushed: 3, worked: 3, accepted: 2, commissionCny: 10 });
    expect(f.totals.conversionRate).toBeCloseTo(2 / 3);
    expect(f.byShop).toEqual([{ shop: 'HZ-WL-01', team: '', pushed: 0, worked: 3, accepted: 2, commissionCny: 10, conversionRate: 2 / 3 }]);
    const regions = new Map(f.byRegion.map((r) => [r.region, r]));
    for (const id of visitors) expect(regions.get(regionOf.get(id)!)).toBeDefined();
    expect(f.byRegion).toEqual([{ region: 'hangzhou', pushed: 3, worked: 3, accepted: 2, commissionCny: 10, conversionRate: 2 / 3 }]);
    expect(f.byKind).toEqual([{ kind: 'frontline', pushed: 3, worked: 3, accepted: 2, commissionCny: 10, conversionRate: 2 / 3 }]);
    // The other filters: an opportunity is a frontline task of campaign B, in the market department.
    const exec = await callerAs(app, 'executive@octoflow.demo');
    expect((await exec.dashboards.frontline({ ...days(1), campaignId: A })).totals.pushed).toBe(0);
    expect((await exec.dashboards.frontline({ ...days(1), department: 'market', channel: 'frontline', region: 'hangzhou' })).totals).toMatchObject({ pushed: 3, accepted: 2 });
    expect((await exec.dashboards.frontline({ ...days(1), region: 'ningbo' })).totals.pushed).toBe(0);
  });

  it('should list the tasks behind a shop, a team, a region and the whole period, newest first', async () => {
    const exec = await callerAs(app, 'executive@octoflow.demo');
    const list = (selection: { shop?: string; team?: string; region?: string }, f = days(1)) => exec.dashboards.frontlineTasks({ filter: f, selection });
    const shop = await list({ shop: 'HZ-WL-01', team: '' });
    expect(shop.map((t) => t.customerId).sort()).toEqual([...visitors].sort());
    expect(shop.map((t) => t.outcome).sort()).toEqual(['accepted', 'accepted', 'declined']);
    expect(shop.every((t) => t.shop === 'HZ-WL-01' && t.team === '' && t.campaignId === B)).toBe(true);
    const times = shop.map((t) => t.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(await list({ shop: 'HZ-WL-02', team: '' })).toEqual([]);
    expect(await list({ shop: '', team: 'CC-T1' })).toEqual([]);
    expect(await list({ region: 'hangzhou' })).toHaveLength(3);
    expect(await list({})).toHaveLength(3);
    // The day before, nothing had been created or worked yet.
    expect(await list({}, range(new Date(DAY1.getTime() - DAY), DAY1))).toEqual([]);
  });

  it('should refuse a range that does not cover whole days, saying why', async () => {
    const exec = await callerAs(app, 'executive@octoflow.demo');
    await expect(exec.dashboards.frontline(range(T0, new Date(T0.getTime() + HOUR)))).rejects.toThrow(/from: frontline figures are kept per day; give whole days/);
  });
});

describe('loop dashboard', () => {
  it('should count campaigns per stage and measure launch cycle and approval waits', async () => {
    const l = await (await callerAs(app, 'executive@octoflow.demo')).dashboards.loop(range(new Date(T0.getTime() - 30 * DAY), T0));
    const stage = Object.fromEntries(l.stages.map((s) => [s.status, s.n]));
    expect(stage).toEqual({ draft: 1, submitted: 1, approved: 0, live: 3, paused: 0, ended: 0 });
    expect(l.cycleByDepartment).toHaveLength(1);
    expect(l.cycleByDepartment[0]).toMatchObject({ department: 'market', n: 3 });
    expect(l.cycleByDepartment[0].medianHours).toBeCloseTo(24);
    expect(l.cycleByDepartment[0].p90Hours).toBeCloseTo(24 + 0.8 * 48);
    const approver = l.approvalWaits.find((a) => a.department === 'market')!;
    expect(approver).toMatchObject({ approver: '市场部 · 王审批', n: 3 });
    expect(approver.medianHours).toBeCloseTo(18);
    expect(approver.maxHours).toBeCloseTo(60);
    const waited = (app.clock.now().getTime() - (T0.getTime() - 5 * HOUR)) / HOUR;
    expect(l.waitingNow.map((w) => [w.campaignId, w.waitingHours])).toEqual([[E, waited]]);
    expect(l.waitingNow[0].signedBy).toEqual([]);
    expect(l.launched.map((x) => Math.round(x.cycleHours)).sort((a, b) => a - b)).toEqual([10, 24, 72]);
    expect(l.pastSchedule.map((c) => [c.campaignId, c.kind])).toEqual([[E, 'not_started']]);
    expect(l.pastSchedule[0].overdueHours).toBeCloseTo(waited - 3);
    // Stacked by department (every campaign here is the market department's).
    expect([...l.stagesByDepartment].sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { department: 'market', status: 'draft', n: 1 },
      { department: 'market', status: 'live', n: 3 },
      { department: 'market', status: 'submitted', n: 1 },
    ]);
    // The trend: the three went live in the week starting Monday 25 May (China time), median 24 h.
    expect(l.cycleTrendBucket).toBe('week');
    expect(l.cycleTrend.map((p) => [p.period, p.department, p.n, Math.round(p.medianHours * 1000) / 1000])).toEqual([['2026-05-25', 'market', 3, 24]]);
    // The sign-offs behind the approver's waits, longest first: what the chart drills to.
    expect(l.approvalDecisions.filter((x) => x.department === 'market').map((x) => [x.campaignId, x.approver, x.decision, Math.round(x.waitHours)])).toEqual([
      [B, '市场部 · 王审批', 'approved', 60],
      [A, '市场部 · 王审批', 'approved', 18],
      [C, '市场部 · 王审批', 'approved', 5],
    ]);
    // A department filter keeps only its campaigns; another department has none of these.
    const other = await (await callerAs(app, 'executive@octoflow.demo')).dashboards.loop({ ...range(new Date(T0.getTime() - 30 * DAY), T0), department: 'it_support' });
    expect(other).toMatchObject({ cycleByDepartment: [], cycleTrend: [], approvalDecisions: [], waitingNow: [], pastSchedule: [] });
    // Channel and region do not apply to campaigns' lifecycles: the Loop says it ignores them.
    const contactFilters = await (await callerAs(app, 'executive@octoflow.demo')).dashboards.loop({ ...range(new Date(T0.getTime() - 30 * DAY), T0), channel: 'sms', region: 'hangzhou' });
    expect(contactFilters.ignored.loop).toEqual(['channel', 'region']);
    expect(contactFilters.cycleByDepartment).toEqual(l.cycleByDepartment);
  });
});

describe('drill-down', () => {
  it('should lead from a figure to its campaigns, the campaign flow with node counts, and the customers', async () => {
    const exec = await callerAs(app, 'executive@octoflow.demo');
    const filter = days(1);
    const byCampaign = await exec.dashboards.drillCampaigns({ filter, selection: { outcome: 'suppressed', reason: 'lost_arbitration' } });
    expect(byCampaign).toEqual([{ campaignId: C, name: 'C · 低优先级余额短信', department: 'market', n: 5, revenueCny: 0 }]);
    const flow = await exec.dashboards.campaignNodes({ filter, campaignId: A });
    const node = (id: string) => flow.nodes.find((x) => x.nodeId === id)!;
    expect(node('t').outcomes).toEqual({ entered: 6 });
    expect(node('sms').outcomes).toEqual({ contact_requested: 6, sent: 5, suppressed: 1 });
    expect(node('goal').outcomes).toMatchObject({ waiting: 6, converted: 2 });
    const customersBehind = await exec.dashboards.drillSteps({ filter, selection: { outcome: 'converted', campaignId: A, nodeId: 'goal' } });
    expect(customersBehind.map((s) => s.customerId).sort()).toEqual(['C000011', 'C000012']);
    const optedOut = await exec.dashboards.drillSteps({ filter, selection: { outcome: 'suppressed', reason: 'opt_out' } });
    expect(optedOut.map((s) => s.customerId)).toEqual(['C000016', 'C000016']);
    // Over nine days the conversions sit in two hours a day apart (the late one on day 2): both
    // found, newest first.
    const nine = await exec.dashboards.drillSteps({ filter: days(9), selection: { outcome: 'converted', campaignId: A, nodeId: 'goal' } });
    expect(nine.map((s) => s.customerId)[0]).toBe('C000013');
    expect(nine.map((s) => s.customerId).sort()).toEqual(['C000011', 'C000012', 'C000013']);
    // Conversions behind a channel are those credited to it (their journey's last contact before).
    const afterSms = await exec.dashboards.drillSteps({ filter: { ...days(9), channel: 'sms' }, selection: { outcome: 'converted' } });
    expect(afterSms.map((s) => s.customerId).sort()).toEqual(['C000011', 'C000012', 'C000013']);
    expect(await exec.dashboards.drillSteps({ filter: { ...days(9), channel: 'app_push' }, selection: { outcome: 'converted' } })).toEqual([]);
  });

  it("should list a campaign's customer steps without its launch sign-offs, which no customer passes", async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const draft = await designer.campaigns.create({ name: '家庭副卡节日批量 · 会签', graph: loadExample('family-plan-holiday-batch') });
    try {
      const flow = await (await callerAs(app, 'executive@octoflow.demo')).dashboards.campaignNodes({ filter: days(1), campaignId: draft.id });
      expect(flow.nodes.map((x) => x.nodeId).sort()).toEqual(['added', 'audience', 'can_add', 'control', 'converted', 'holdout', 'not_converted', 'text']);
    } finally {
      await app.rt.db.delete(campaigns).where(eq(campaigns.id, draft.id));
    }
  });

  it('should refuse roles without dashboards and bad ranges', async () => {
    const anon = await callerAs(app, null);
    await expect(anon.dashboards.execution(days(1))).rejects.toThrow(/sign in/);
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await expect(designer.dashboards.execution(range(T0, DAY1))).rejects.toThrow(/end after it starts/);
    // The lists behind the figures are the dashboards' too: a shop clerk sees none of them.
    const clerk = await callerAs(app, 'clerk@octoflow.demo');
    await expect(clerk.dashboards.events({ filter: days(1), selection: {} })).rejects.toThrow(/may not dashboard.read/);
    await expect(clerk.dashboards.complaints({ filter: days(1), selection: {} })).rejects.toThrow(/may not dashboard.read/);
    await expect(clerk.dashboards.slowestContacts({ filter: days(1) })).rejects.toThrow(/may not dashboard.read/);
  });

  it('should refuse a reversed or too long range, an unknown channel and part days in the reader’s language, naming the field', async () => {
    const en = await callerAs(app, 'executive@octoflow.demo', 'en');
    const zh = await callerAs(app, 'executive@octoflow.demo', 'zh-CN');
    const long = range(new Date(DAY1.getTime() - 801 * DAY), DAY1);
    await expect(en.dashboards.execution(range(DAY1, new Date(DAY1.getTime() - DAY)))).rejects.toThrow(/^to: the date range must end after it starts$/);
    await expect(zh.dashboards.execution(range(DAY1, new Date(DAY1.getTime() - DAY)))).rejects.toThrow(/^to: 日期范围的结束须晚于开始$/);
    await expect(en.dashboards.loop(long)).rejects.toThrow(/^from: the date range may span at most 800 days$/);
    await expect(zh.dashboards.loop(long)).rejects.toThrow(/^from: 日期范围最长 800 天$/);
    // 800 days exactly is allowed.
    await expect(en.dashboards.execution(range(new Date(DAY1.getTime() - 800 * DAY), DAY1))).resolves.toBeDefined();
    const fax = { ...days(1), channel: 'fax' as 'sms' };
    await expect(en.dashboards.execution(fax)).rejects.toThrow(/^channel: no such channel: use one of sms, outbound_call, inbound, frontline, app_push, webhook$/);
    await expect(zh.dashboards.execution(fax)).rejects.toThrow(/^channel: 没有这个渠道：应为 sms、outbound_call、inbound、frontline、app_push、webhook 之一$/);
    await expect(zh.dashboards.drillCampaigns({ filter: long, selection: { outcome: 'entered' } })).rejects.toThrow(/filter\.from: 日期范围最长 800 天/);
    await expect(zh.dashboards.frontline(range(T0, new Date(T0.getTime() + DAY)))).rejects.toThrow(/^开始时间：一线数据按天统计，请给出整天（北京时间 00:00）/);
  });
});

describe('live view', () => {
  it('should show events and contacts per minute with event-to-contact latency', async () => {
    const live = await (await callerAs(app, 'executive@octoflow.demo')).dashboards.live();
    expect(live.series).toHaveLength(15);
    // The clock is now 8 days on: the last minutes are quiet.
    expect(live.eventsPerSecond).toBe(0);
    app.clock.set(new Date(app.clock.now().getTime() + 10 * 60_000));
    await ingestEvents(app.rt, ['C000014', 'C000015'].map((c) => ev(c, 'balance_low', { balance: 1 })));
    app.clock.set(new Date(app.clock.now().getTime() + 1500)); // processed 1.5 s after receipt
    await drainRuntime(app.rt);
    const now = await (await callerAs(app, 'executive@octoflow.demo')).dashboards.live();
    const last = now.series.filter((m) => m.events > 0 || m.contacts > 0);
    expect(last.reduce((s, m) => s + m.events, 0)).toBe(2);
    expect(last.reduce((s, m) => s + m.contacts, 0)).toBe(2);
    expect(now.avgLatencyMs).toBe(1500);
    expect(now.maxLatencyMs).toBe(1500);
    const at = app.clock.now().getTime();
    const seconds = (at - (Math.floor(at / 60_000) * 60_000 - 4 * 60_000)) / 1000;
    expect(now.eventsPerSecond).toBeCloseTo(2 / seconds);
    expect(now.contactsPerSecond).toBeCloseTo(2 / seconds);
  });

  it('should leave out of the latency a contact the journey waited before, and only such a contact', async () => {
    const [v] = await app.rt.db.select().from(flowVersions).where(eq(flowVersions.campaignId, A)).limit(1);
    const received = new Date('2026-07-01T00:00:00Z');
    const sec = (s: number) => new Date(received.getTime() + s * 1000);
    const counted = await rolledBack(app.rt.db, async (tx) => {
      await tx.insert(events).values({ eventId: 'lat-1', customerId: 'C000014', type: 'balance_low', occurredAt: received, receivedAt: received, status: 'processed' });
      const journey = async () =>
        (await tx.insert(journeys).values({ customerId: 'C000014', campaignId: A, flowVersionId: v!.id, versionHash: v!.hash, snapshot: {}, triggerEventId: 'lat-1' }).returning())[0]!;
      const step = async (journeyId: string, nodeId: string, outcome: string, at: number) =>
        (await tx.insert(steps).values({ journeyId, customerId: 'C000014', campaignId: A, versionHash: v!.hash, nodeId, nodeKind: 'sms', outcome, at: sec(at) }).returning())[0]!;
      // Asked for at once, sent 2 s later; then a goal waits, and the node sends again after it.
      const j1 = await journey();
      await step(j1.id, 't', 'entered', 0);
      await step(j1.id, 'sms', 'contact_requested', 0);
      const first = await step(j1.id, 'sms', 'sent', 2);
      await step(j1.id, 'goal', 'waiting', 3);
      await step(j1.id, 'sms', 'contact_requested', 3600);
      const again = await step(j1.id, 'sms', 'sent', 3601);
      // A deliberate wait before the contact was asked for.
      const j2 = await journey();
      await step(j2.id, 't', 'entered', 0);
      await step(j2.id, 'wait', 'waiting', 0);
      await step(j2.id, 'sms', 'contact_requested', 60);
      const waited = await step(j2.id, 'sms', 'sent', 61);
      const sent = [first, again, waited].map((s) => ({ id: s.id, journey_id: s.journeyId, node_id: s.nodeId, at: s.at }));
      return { out: await contactLatency(tx, sent), first: first.id };
    });
    expect([...counted.out]).toEqual([[counted.first, 2000]]);
  });

  it('should lead from the event -> contact latency to the slowest contacts, as the figure counts them', async () => {
    const executive = (await callerAs(app, 'executive@octoflow.demo')).dashboards;
    const at = app.clock.now().getTime();
    const hour = range(new Date(at - HOUR), new Date(at + HOUR));
    const slow = await executive.slowestContacts({ filter: hour });
    expect(slow.map((c) => c.customerId).sort()).toEqual(['C000014', 'C000015']);
    expect(slow.every((c) => c.latencyMs === 1500 && c.eventType === 'balance_low')).toBe(true);
    expect((await exec(hour)).totals.avgLatencyMs).toBe(1500);
    // Day 1: every contact the figure times is listed, and their average is the figure.
    const day1 = await executive.slowestContacts({ filter: days(1) });
    const d = await exec();
    expect(day1.length).toBeGreaterThan(0);
    expect(day1.reduce((s, c) => s + c.latencyMs, 0) / day1.length).toBeCloseTo(d.totals.avgLatencyMs ?? -1);
    expect((await executive.slowestContacts({ filter: { ...days(1), channel: 'sms' } })).every((c) => c.channel === 'sms')).toBe(true);
    expect(await executive.slowestContacts({ filter: { ...hour, campaignId: B } })).toEqual([]);
  });
});

describe('frontline by call-centre team', () => {
  it("should count a call the centre's agent converted under the agent's team, with its commission", async () => {
    const day = new Date(DAY1.getTime() + 20 * DAY);
    app.clock.set(new Date(day.getTime() + 10 * HOUR));
    const callFlow: FlowGraph = {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'top_up', condition: '' } },
        { id: 'call', kind: 'outbound_call', position: { x: 0, y: 100 }, params: { script: '您好，感谢充值，为您介绍5GB加油包', offerId: 'offer_5gb_10cny' } },
        { id: 'end', kind: 'end', position: { x: 0, y: 200 }, params: {} },
      ],
      edges: [
        { id: 'e1', source: 't', sourcePort: 'out', target: 'call' },
        { id: 'e2', source: 'call', sourcePort: 'out', target: 'end' },
      ],
    };
    const { campaignId: F } = await launchFlow(app, 'F · 充值关怀外呼', callFlow, { exclusive: false });
    await ingestEvents(app.rt, [ev('C000017', 'top_up', { amount: 50 })]);
    await drainRuntime(app.rt);
    const agent = await callerAs(app, 'agent1@octoflow.demo');
    let task = await agent.frontline.claimNext();
    while (task && task.customerId !== 'C000017') task = await agent.frontline.claimNext();
    expect(task).toBeTruthy();
    // Calls carry no commission of their own in this flow: the operator pays 8 CNY on this one.
    await app.rt.db.update(frontlineTasks).set({ commissionCny: 8 }).where(eq(frontlineTasks.id, task!.id));
    await agent.frontline.recordOutcome({ taskId: task!.id, outcome: 'accepted' });
    await drainRuntime(app.rt);
    const [row] = await app.rt.db.select().from(frontlineTasks).where(eq(frontlineTasks.id, task!.id));
    expect(row).toMatchObject({ outcome: 'accepted', outcomeTeam: 'hz-callcenter', outcomeShopId: null });
    expect(Number(row.commissionCny)).toBe(8);

    const exec = await callerAs(app, 'executive@octoflow.demo');
    const oneDay = range(day, new Date(day.getTime() + DAY));
    const f = await exec.dashboards.frontline(oneDay);
    const commission = Number(row.commissionCny);
    expect(f.byShop).toEqual([{ shop: '', team: 'hz-callcenter', pushed: 0, worked: 1, accepted: 1, commissionCny: commission, conversionRate: 1 }]);
    expect(f.byKind).toEqual([{ kind: 'outbound_call', pushed: 1, worked: 1, accepted: 1, commissionCny: commission, conversionRate: 1 }]);
    expect(f.totals).toMatchObject({ pushed: 1, worked: 1, accepted: 1, commissionCny: commission });
    // The tasks behind the team.
    expect((await exec.dashboards.frontlineTasks({ filter: oneDay, selection: { shop: '', team: 'hz-callcenter' } })).map((t) => [t.customerId, t.campaignId, t.outcome])).toEqual([
      ['C000017', F, 'accepted'],
    ]);
    // On the Execution tab the accepted call is the outbound channel's success.
    const e = await exec.dashboards.execution(oneDay);
    expect(e.channels).toEqual([{ channel: 'outbound_call', requested: 1, sent: 1, suppressed: 0, failed: 0, successes: 1, successRate: 1 }]);
    expect(e.campaigns.find((c) => c.campaignId === F)).toMatchObject({ entered: 1, sent: 1, successes: 1, successRate: 1 });
  });
});

describe('suppressions by the contact policy', () => {
  it('should count fatigue caps and quiet hours by reason, each leading to its customer', async () => {
    // Day 25 under the default policy: at most two SMS a day, quiet from 21:00 to 08:00 (China).
    const day = new Date(DAY1.getTime() + 24 * DAY);
    const { campaignId: G } = await launchFlow(app, 'G · 漫游提醒（夜间不发）', contactFlow('roaming_arrival', '欢迎来到本地'), { exclusive: false, quietHoursMode: 'drop' });
    // C000018 lands three times in the morning: the third SMS would break the cap.
    for (const m of [0, 1, 2]) {
      app.clock.set(new Date(day.getTime() + 10 * HOUR + m * 60_000));
      await ingestEvents(app.rt, [ev('C000018', 'roaming_arrival', { country: 'JP' })]);
      await drainRuntime(app.rt);
    }
    // C000019 lands at 23:00: quiet hours, and this campaign drops rather than holds.
    app.clock.set(new Date(day.getTime() + 23 * HOUR));
    await ingestEvents(app.rt, [ev('C000019', 'roaming_arrival', { country: 'KR' })]);
    await drainRuntime(app.rt);

    const exec = await callerAs(app, 'executive@octoflow.demo');
    const oneDay = range(day, new Date(day.getTime() + DAY));
    const d = await exec.dashboards.execution(oneDay);
    expect(d.totals).toMatchObject({ events: 4, entered: 4, sent: 2, suppressed: 2 });
    expect([...d.suppressions].sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { reason: 'fatigue_cap', n: 1 },
      { reason: 'quiet_hours', n: 1 },
    ]);
    expect(d.channels).toEqual([{ channel: 'sms', requested: 4, sent: 2, suppressed: 2, failed: 0, successes: 0, successRate: 0 }]);
    expect(d.campaigns.find((c) => c.campaignId === G)).toMatchObject({ entered: 4, sent: 2, suppressed: 2 });
    expect(await exec.dashboards.drillCampaigns({ filter: oneDay, selection: { outcome: 'suppressed', reason: 'quiet_hours' } })).toEqual([
      { campaignId: G, name: 'G · 漫游提醒（夜间不发）', department: 'market', n: 1, revenueCny: 0 },
    ]);
    const who = async (reason: string) => (await exec.dashboards.drillSteps({ filter: oneDay, selection: { outcome: 'suppressed', reason } })).map((x) => x.customerId);
    expect(await who('fatigue_cap')).toEqual(['C000018']);
    expect(await who('quiet_hours')).toEqual(['C000019']);
  });
});

describe('customers an eligibility check turns away', () => {
  it('should count them with the suppressions, as not eligible, leading to the customer', async () => {
    // Day 27: C000007 already has the 5 GB pack, so the check before offering it says no.
    const day = new Date(DAY1.getTime() + 26 * DAY);
    app.clock.set(new Date(day.getTime() + 11 * HOUR));
    await app.rt.db.insert(subscriptions).values({ customerId: 'C000007', productId: 'data_pack_5gb' });
    const checked: FlowGraph = {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'contract_expiring', condition: '' } },
        { id: 'can', kind: 'eligibility', position: { x: 0, y: 100 }, params: { productId: 'data_pack_5gb' } },
        { id: 'sms', kind: 'sms', position: { x: 0, y: 200 }, params: { template: '续约送5GB流量包', offerId: 'offer_5gb_10cny' } },
        { id: 'end', kind: 'end', position: { x: 0, y: 300 }, params: {} },
      ],
      edges: [
        { id: 'e1', source: 't', sourcePort: 'out', target: 'can' },
        { id: 'e2', source: 'can', sourcePort: 'eligible', target: 'sms' },
        { id: 'e3', source: 'can', sourcePort: 'ineligible', target: 'end' },
        { id: 'e4', source: 'sms', sourcePort: 'out', target: 'end' },
      ],
    };
    const { campaignId: H } = await launchFlow(app, 'H · 续约关怀（先校验资格）', checked, { exclusive: false });
    await ingestEvents(app.rt, [ev('C000007', 'contract_expiring', { days_left: 20 })]);
    await drainRuntime(app.rt);

    const exec = await callerAs(app, 'executive@octoflow.demo');
    const oneDay = range(day, new Date(day.getTime() + DAY));
    const d = await exec.dashboards.execution(oneDay);
    expect(d.totals).toMatchObject({ entered: 1, sent: 0, suppressed: 1 });
    expect(d.suppressions).toEqual([{ reason: 'ineligible', n: 1 }]);
    expect(d.channels).toEqual([]); // no contact was asked for
    expect(d.campaigns.find((c) => c.campaignId === H)).toMatchObject({ entered: 1, sent: 0, suppressed: 1 });
    expect(d.trend).toEqual([expect.objectContaining({ entered: 1, sent: 0, suppressed: 1 })]);
    // Not a contact channel's figure: a channel filter leaves it out.
    expect((await exec.dashboards.execution({ ...oneDay, channel: 'sms' })).suppressions).toEqual([]);
    // The drill behind "not eligible": the check's ineligible steps.
    expect(await exec.dashboards.drillCampaigns({ filter: oneDay, selection: { outcome: 'ineligible' } })).toEqual([
      { campaignId: H, name: 'H · 续约关怀（先校验资格）', department: 'market', n: 1, revenueCny: 0 },
    ]);
    expect((await exec.dashboards.drillSteps({ filter: oneDay, selection: { outcome: 'ineligible', campaignId: H } })).map((x) => [x.customerId, x.nodeId])).toEqual([['C000007', 'can']]);
  });
});

describe('demo history', () => {
  it('should give a fresh install three months of figures that tell the loop’s story and add up', async () => {
    process.env.OCTOFLOW_DEMO_HISTORY = 'on';
    const demo = await createTestApp();
    delete process.env.OCTOFLOW_DEMO_HISTORY;
    try {
      await drainRuntime(demo.rt); // rolls up each campaign's last day, kept as real steps
      const exec = await callerAs(demo, 'executive@octoflow.demo');
      const today = dayOf(demo.clock.now()).getTime();
      const last = (from: number, to = 0) => range(new Date(today - from * DAY), new Date(today - to * DAY));
      const e = await exec.dashboards.execution(last(90));
      expect(e.totals.entered).toBeGreaterThan(100_000);
      expect(e.totals.conversions).toBeGreaterThan(1000);
      expect(e.totals.revenueCny).toBeGreaterThan(10_000);
      expect(e.suppressions.length).toBeGreaterThanOrEqual(5);
      expect(e.channels.map((c) => c.channel).sort()).toEqual(['app_push', 'frontline', 'inbound', 'outbound_call', 'sms', 'webhook']);
      expect(new Set(e.campaigns.map((c) => c.department)).size).toBeGreaterThanOrEqual(4);
      // Every people-channel contact is a task the frontline dashboard counts.
      const f = await exec.dashboards.frontline(last(90));
      const people = e.channels.filter((c) => ['outbound_call', 'inbound', 'frontline'].includes(c.channel));
      expect(f.totals.pushed).toBe(people.reduce((s, c) => s + c.sent, 0));
      expect(f.totals.commissionCny).toBeGreaterThan(0);
      expect(f.byShop.length).toBeGreaterThanOrEqual(5);
      // Each shop and team the figures are keyed by has a name in both languages for the filters' options.
      const org = await exec.dashboards.options();
      for (const { shop, team } of f.byShop) {
        if (shop) expect(org.shops.find((s) => s.id === shop)?.name, shop).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
        if (team) expect(org.teams.find((s) => s.id === team)?.name, team).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
      }
      // Complaints: some about campaigns, some about bills, and fewer per contact as targeting improves.
      expect(e.totals.complaints).toBeGreaterThan(20);
      expect(e.complaints.map((c) => c.category)).toEqual(expect.arrayContaining(['marketing_contact', 'billing']));
      expect(e.campaigns.filter((c) => c.complaints > 0).length).toBeGreaterThanOrEqual(3);
      // Opt-outs from the hotline and from SMS replies in each month, the 30 days the dashboard opens on too.
      for (const [from, to] of [[30, 0], [60, 30], [90, 60]]) {
        const { optOuts } = await exec.dashboards.execution(last(from, to));
        expect(new Set(optOuts.map((o) => o.source)), `${from}–${to} days ago`).toEqual(new Set(['hotline', 'sms_reply']));
      }
      // The story: success climbs, launch cycles shrink.
      const early = await exec.dashboards.execution(last(90, 60));
      const recent = await exec.dashboards.execution(last(30));
      expect(recent.totals.successRate!).toBeGreaterThan(early.totals.successRate!);
      expect(recent.totals.complaintsPer10k!).toBeLessThan(early.totals.complaintsPer10k!);
      const l = await exec.dashboards.loop(last(120));
      expect(l.cycleTrend[0].medianHours).toBeGreaterThan(l.cycleTrend[l.cycleTrend.length - 1].medianHours * 4);
      expect(l.waitingNow.length).toBeGreaterThanOrEqual(1);
      // A recent figure leads to real customers.
      const customersBehind = await exec.dashboards.drillSteps({ filter: last(5), selection: { outcome: 'sent' } });
      expect(customersBehind.length).toBeGreaterThan(0);
      expect(customersBehind[0].customerId).toMatch(/^C000[789]\d\d$/);
    } finally {
      await demo.close();
    }
  }, 240_000);

  it('should still start on PostgreSQL without a secret key, keeping the partner campaign a draft that names its partner', async () => {
    // The app is handed its test database; DATABASE_URL only says "PostgreSQL", where partner
    // secrets need OCTOFLOW_SECRET_KEY and none is set, so the demo can seed no partner endpoints.
    process.env.OCTOFLOW_DEMO_HISTORY = 'on';
    const demo = await createTestApp({ env: { DATABASE_URL: 'postgres://octoflow.invalid/unused' } }).finally(() => delete process.env.OCTOFLOW_DEMO_HISTORY);
    try {
      expect(demo.secrets).toBeNull();
      const designer = await callerAs(demo, 'designer@octoflow.demo');
      const list = await designer.campaigns.list({ q: '银行联名卡 · 开卡礼' });
      const partner = list.rows.find((c) => c.name === '银行联名卡 · 开卡礼')!;
      expect(partner.status).toBe('draft');
      // The rest of the history is there: campaigns that ran, and their figures.
      const { facets } = await designer.campaigns.list();
      expect(facets.status.filter(([s]) => s !== 'draft').reduce((sum, [, n]) => sum + n, 0)).toBeGreaterThanOrEqual(6);
      const exec = await callerAs(demo, 'executive@octoflow.demo');
      const today = dayOf(demo.clock.now()).getTime();
      const e = await exec.dashboards.execution(range(new Date(today - 90 * DAY), new Date(today)));
      expect(e.totals.entered).toBeGreaterThan(50_000);
      // Submitting it says which partner is missing.
      const refused = await designer.campaigns.submit({ id: partner.id }).catch((err: { cause?: { details?: unknown } }) => err);
      expect(refused).toMatchObject({ code: 'BAD_REQUEST' });
      expect(JSON.stringify(refused)).toContain('bank_partner');
    } finally {
      await demo.close();
    }
  }, 240_000);
});
