// The designer's live counts (issue 5) against a known runtime history: five customers run
// through trigger -> condition -> SMS -> goal, one is turned away at the condition, one is opted
// out (the SMS is suppressed), one converts and three still wait at the goal. The counts on each
// node and output, and the customers listed at a node, must say exactly that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '@/server/analytics/rollup';
import { nodeOutcomeCounts, rollUpNodeCounts } from '@/server/analytics/rollup-nodes';
import { customers, flowVersions, journeys, steps } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import type { FlowGraph } from '@/workflows';
import { callerAs } from './support/actors';
import { launchFlow } from './support/flows';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const graph: FlowGraph = {
  version: 1,
  name: 'live counts',
  settings: { reentry: 'once', concurrent: false },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'balance_low', condition: '' } },
    { id: 'c', kind: 'condition', position: { x: 0, y: 100 }, params: { expr: 'customer.arpu >= 50.0' } },
    { id: 's', kind: 'sms', position: { x: 0, y: 200 }, params: { template: '{{customer.name}}，余额不足请充值' } },
    { id: 'g', kind: 'goal', position: { x: 0, y: 300 }, params: { eventType: 'order_placed', condition: '', window: { amount: 7, unit: 'days' } } },
    { id: 'won', kind: 'end', position: { x: 0, y: 400 }, params: {} },
    { id: 'lost', kind: 'end', position: { x: 200, y: 400 }, params: {} },
    { id: 'x', kind: 'end', position: { x: 200, y: 200 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 'c' },
    { id: 'e2', source: 'c', sourcePort: 'yes', target: 's' },
    { id: 'e3', source: 'c', sourcePort: 'no', target: 'x' },
    { id: 'e4', source: 's', sourcePort: 'out', target: 'g' },
    { id: 'e5', source: 'g', sourcePort: 'converted', target: 'won' },
    { id: 'e6', source: 'g', sourcePort: 'not_converted', target: 'lost' },
  ],
};

const people = [
  { id: 'C000101', name: '甲', arpu: 120.0, opted_out: false },
  { id: 'C000102', name: '乙', arpu: 90.0, opted_out: false },
  { id: 'C000103', name: '丙', arpu: 60.0, opted_out: false },
  { id: 'C000104', name: '丁', arpu: 10.0, opted_out: false },
  { id: 'C000105', name: '戊', arpu: 150.0, opted_out: true },
];

let campaignId: string;
let versionId: string;

beforeAll(async () => {
  ({ campaignId, versionId } = await launchFlow(app, 'Live counts', graph, { exclusive: false }));
  for (const p of people) {
    await app.rt.db.update(customers).set({ name: p.name, tags: { name: p.name, arpu: p.arpu, opted_out: p.opted_out, plan: 'basic_4g' } }).where(eq(customers.id, p.id));
  }
  const at = app.clock.now().toISOString();
  await ingestEvents(
    app.rt,
    people.map((p, i) => ({ eventId: `lc-${i}`, customerId: p.id, type: 'balance_low', occurredAt: at, attributes: { balance: 2.5 } })),
  );
  await drainRuntime(app.rt);
  app.clock.advance(60_000);
  await ingestEvents(app.rt, [
    { eventId: 'lc-order', customerId: 'C000101', type: 'order_placed', occurredAt: app.clock.now().toISOString(), attributes: { product_id: 'data_5gb' } },
  ]);
  await drainRuntime(app.rt);
});

describe('live counts on the designer canvas', () => {
  it('should count who entered, waits, was contacted, suppressed and converted at each node', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const live = await designer.campaigns.liveCounts({ campaignId });
    expect(live.versionId).toBe(versionId);
    expect(live.versionNo).toBe(1);
    const zero = { entered: 0, waiting: 0, contacted: 0, suppressed: 0, converted: 0 };
    expect(live.nodes.t).toEqual({ ...zero, entered: 5 });
    expect(live.nodes.c).toEqual({ ...zero, entered: 5 });
    expect(live.nodes.x).toEqual({ ...zero, entered: 1 });
    expect(live.nodes.s).toEqual({ ...zero, entered: 4, contacted: 3, suppressed: 1 });
    expect(live.nodes.g).toEqual({ ...zero, entered: 4, waiting: 3, converted: 1 });
    expect(live.nodes.won).toEqual({ ...zero, entered: 1 });
    expect(live.nodes.lost).toBeUndefined();
    expect(live.ports).toEqual({ 't:out': 5, 'c:yes': 4, 'c:no': 1, 's:out': 4, 'g:converted': 1 });
  });

  it('should update as journeys move on: the goal window closes for the three who waited', async () => {
    app.clock.advance(8 * 24 * 3600_000);
    await drainRuntime(app.rt);
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const live = await designer.campaigns.liveCounts({ campaignId });
    expect(live.nodes.g).toMatchObject({ entered: 4, waiting: 0, converted: 1 });
    expect(live.nodes.lost).toMatchObject({ entered: 3 });
    expect(live.ports['g:not_converted']).toBe(3);
  });

  it('should list the customers who passed a node, newest first, a page at a time, with names', async () => {
    const executive = await callerAs(app, 'executive@octoflow.demo');
    const first = await executive.campaigns.nodeCustomers({ campaignId, nodeId: 's', which: 'passed', page: 1, pageSize: 3 });
    expect(first.total).toBe(4);
    expect(first.customers).toHaveLength(3);
    const second = await executive.campaigns.nodeCustomers({ campaignId, nodeId: 's', which: 'passed', page: 2, pageSize: 3 });
    expect(second.customers).toHaveLength(1);
    const all = [...first.customers, ...second.customers];
    expect(all.map((c) => c.customerId).sort()).toEqual(['C000101', 'C000102', 'C000103', 'C000105']);
    expect(all.find((c) => c.customerId === 'C000105')).toMatchObject({ name: '戊', outcome: 'suppressed' });
    expect(all.find((c) => c.customerId === 'C000102')).toMatchObject({ name: '乙', outcome: 'sent', journeyStatus: 'done' });
  });

  it('should list the customers waiting at a node now', async () => {
    // A new customer enters and waits at the goal.
    await app.rt.db.update(customers).set({ name: '己', tags: { name: '己', arpu: 80.0, opted_out: false, plan: 'basic_4g' } }).where(eq(customers.id, 'C000106'));
    await ingestEvents(app.rt, [{ eventId: 'lc-late', customerId: 'C000106', type: 'balance_low', occurredAt: app.clock.now().toISOString(), attributes: { balance: 1 } }]);
    await drainRuntime(app.rt);
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const here = await designer.campaigns.nodeCustomers({ campaignId, nodeId: 'g', which: 'here' });
    expect(here.total).toBe(1);
    expect(here.customers).toEqual([expect.objectContaining({ customerId: 'C000106', name: '己', outcome: 'waiting', journeyStatus: 'active' })]);
    expect((await designer.campaigns.liveCounts({ campaignId })).nodes.g).toMatchObject({ entered: 5, waiting: 1 });
  });

  it('should read the counts from the node roll-up, and stay exact whatever part of the steps it has reached', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const full = await designer.campaigns.liveCounts({ campaignId });
    const strip = (x: typeof full) => ({ nodes: x.nodes, ports: x.ports });
    const [{ max }] = await queryRows<{ max: number }>(app.rt.db, sql`select max(id)::float8 as max from steps`);
    const [wm] = await queryRows<{ last: number; gaps: unknown[] }>(app.rt.db, sql`select last_id::float8 as last, gaps from analytics_watermarks where source = 'node_steps'`);
    expect(wm).toEqual({ last: max, gaps: [] });
    // The figures come from the roll-up: a change to its row shows (and is undone).
    const bump = (k: number) => app.rt.db.execute(sql`update analytics_node_counts set journeys = journeys + ${k}, n = n + ${k} where campaign_id = ${campaignId}::uuid and node_id = 's' and outcome = 'sent'`);
    await bump(1000);
    expect((await designer.campaigns.liveCounts({ campaignId })).nodes.s.contacted).toBe(full.nodes.s.contacted + 1000);
    await bump(-1000);
    // So does the count of customers who passed a node (its arrivals), which pages the list.
    const passed = async () => (await designer.campaigns.nodeCustomers({ campaignId, nodeId: 's', which: 'passed' })).total;
    const before = await passed();
    // (One outcome row of the node: journeys first seen there with that outcome.)
    const arrive = (k: number) =>
      app.rt.db.execute(sql`update analytics_node_counts set arrivals = arrivals + ${k} where campaign_id = ${campaignId}::uuid and node_id = 's' and outcome = 'contact_requested'`);
    await arrive(1000);
    expect(await passed()).toBe(before + 1000);
    expect((await designer.campaigns.liveCounts({ campaignId })).nodes.s.entered).toBe(full.nodes.s.entered + 1000);
    await arrive(-1000);
    expect(await passed()).toBe(before);

    const reset = async () => {
      await app.rt.db.execute(sql`delete from analytics_node_counts`);
      await app.rt.db.execute(sql`delete from analytics_watermarks where source = 'node_steps'`);
    };
    const pass = (batch: number) => app.rt.db.transaction((tx) => rollUpNodeCounts(tx, batch));
    // Nothing rolled up yet (an existing database right after the upgrade): every step is read.
    await reset();
    expect(strip(await designer.campaigns.liveCounts({ campaignId }))).toEqual(strip(full));
    // Part rolled up, the rest read past the watermark, at every point of the way.
    while ((await pass(4)) > 0) expect(strip(await designer.campaigns.liveCounts({ campaignId }))).toEqual(strip(full));
    expect(await pass(5000)).toBe(0); // and a re-run counts nothing twice
    expect(strip(await designer.campaigns.liveCounts({ campaignId }))).toEqual(strip(full));
    // Steps inside a hole of the ids (written, not yet rolled up) are read by their id range,
    // then counted once by the next pass.
    await reset();
    await app.rt.db.execute(sql`insert into analytics_watermarks (source, last_id, gaps) values ('node_steps', ${max}, ${JSON.stringify([[1, max, Date.now()]])}::jsonb)`);
    expect(strip(await designer.campaigns.liveCounts({ campaignId }))).toEqual(strip(full));
    expect(await pass(5000)).toBeGreaterThan(0);
    expect(await pass(5000)).toBe(0); // nothing left in the hole to count
    expect(strip(await designer.campaigns.liveCounts({ campaignId }))).toEqual(strip(full));
  });

  it('should refuse a campaign without a live version, and a version of another campaign, saying which', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const draft = await designer.campaigns.create({ name: 'Not launched', graph });
    await expect(designer.campaigns.liveCounts({ campaignId: draft.id })).rejects.toThrow(/has no live version/);
    await expect(designer.campaigns.liveCounts({ campaignId: draft.id, versionId })).rejects.toThrow(new RegExp(`version ${versionId} is not a version of campaign ${draft.id}`));
    await expect(designer.campaigns.nodeCustomers({ campaignId, nodeId: 's', which: 'passed', pageSize: 500 })).rejects.toThrow(/pageSize/);
  });

  it('should not show live counts to frontline staff', async () => {
    const clerk = await callerAs(app, 'clerk@octoflow.demo');
    await expect(clerk.campaigns.liveCounts({ campaignId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('a journey that comes back to a node', () => {
  it('should count it once among the journeys with each outcome there, and arrive once, before and after the roll-up', async () => {
    const [v] = await app.rt.db.select().from(flowVersions).where(eq(flowVersions.id, versionId));
    const atS = async () => (await nodeOutcomeCounts(app.rt.db, campaignId, v!.hash)).filter((r) => r.nodeId === 's');
    // Everything so far rolled up, so what follows is first the lag, then the roll-up's.
    await app.rt.db.transaction((tx) => rollUpNodeCounts(tx, 5000));
    const before = await atS();
    const [j] = await app.rt.db
      .insert(journeys)
      .values({ customerId: 'C000101', campaignId, flowVersionId: versionId, versionHash: v!.hash, snapshot: {}, status: 'done' })
      .returning();
    const step = (outcome: string) => ({ journeyId: j!.id, customerId: 'C000101', campaignId, versionHash: v!.hash, nodeId: 's', nodeKind: 'sms', outcome, at: app.clock.now() });
    for (const outcome of ['contact_requested', 'sent', 'contact_requested', 'sent']) await app.rt.db.insert(steps).values(step(outcome));
    const added = (now: Awaited<ReturnType<typeof atS>>, outcome: string) => {
      const was = before.find((r) => r.outcome === outcome) ?? { n: 0, journeys: 0, arrivals: 0 };
      const is = now.find((r) => r.outcome === outcome)!;
      return { n: is.n - was.n, journeys: is.journeys - was.journeys, arrivals: is.arrivals - was.arrivals };
    };
    const lag = await atS();
    expect(added(lag, 'contact_requested')).toEqual({ n: 2, journeys: 1, arrivals: 1 });
    expect(added(lag, 'sent')).toEqual({ n: 2, journeys: 1, arrivals: 0 });
    await app.rt.db.transaction((tx) => rollUpNodeCounts(tx, 5000));
    expect(await atS()).toEqual(lag);
  });
});
