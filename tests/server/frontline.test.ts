// The frontline workbench as its users experience it: the offer a caller's flows hold appears on
// the agent's screen, the outcome moves the flow on, agents never share a call, shop staff see
// their city's opportunities and earn the commission on the statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '@/server/auth/roles';
import type { FlowGraph } from '@/workflows';
import { contactBlocks, customers, events, frontlineTasks, outbox, steps, subscriptions } from '@/server/db/schema';
import { routePublicApi } from '@/server/http/public-api';
import { serve } from '@/server/http/node-server';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { createApiKey } from '@/server/services/api-keys';
import { DEMO_API_KEY } from '@/server/services/demo';
import { ABANDON_MS, CALL_BACK_GRACE_MS, claimNext, normaliseMsisdn } from '@/server/services/frontline';
import { statementCsv, type Statement } from '@/server/services/frontline-commission';
import { actorFor, callerAs } from './support/actors';
import { launchFlow } from './support/flows';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';

let app: TestApp;
let agent1: Awaited<ReturnType<typeof callerAs>>;
let agent2: Awaited<ReturnType<typeof callerAs>>;
let clerk: Awaited<ReturnType<typeof callerAs>>;
let partner: Awaited<ReturnType<typeof callerAs>>;

beforeAll(async () => {
  app = await createTestApp();
  await drainRuntime(app.rt); // the demo's seeded touchpoint events become open tasks
  [agent1, agent2, clerk, partner] = await Promise.all(
    ['agent1', 'agent2', 'clerk', 'partner'].map((n) => callerAs(app, `${n}@octoflow.demo`)),
  );
});
afterAll(async () => app?.close());

let seq = 0;
const event = (customerId: string, type: string, attributes: Record<string, unknown>) => ({
  eventId: `fl-${++seq}`,
  customerId,
  type,
  occurredAt: app.clock.now().toISOString(),
  attributes,
});

/** A customer the demo inbound campaign fits: a Hangzhou 4G subscriber of two years. */
async function fourGCustomer(id: string, region = 'hangzhou') {
  await app.rt.db
    .update(customers)
    .set({ tags: { name: `客户${id.slice(-3)}`, plan: 'basic_4g', arpu: 88.0, value_tier: 'silver', region, tenure_months: 24, opted_out: false, timezone: 'Asia/Shanghai' } })
    .where(eq(customers.id, id));
  const [c] = await app.rt.db.select().from(customers).where(eq(customers.id, id));
  return c;
}

async function callIn(id: string) {
  await ingestEvents(app.rt, [event(id, 'inbound_call', { reason: 'bill' })]);
  await drainRuntime(app.rt);
}

/** The outcomes the flows heard of this task (offer_outcome events). */
const offerOutcomes = async (taskId: string) =>
  (await app.rt.db.select().from(events).where(eq(events.type, 'offer_outcome'))).filter((e) => e.attributes.task_id === taskId).map((e) => e.attributes.outcome);

const path = async (customerId: string) =>
  (await app.rt.db.select().from(steps).where(eq(steps.customerId, customerId)).orderBy(steps.id)).map((s) => `${s.nodeId}:${s.outcome}`);

/** Works the agent's queue (declining others) until the call to this customer comes up. */
async function claimFor(agent: typeof agent1, customerId: string) {
  for (let t = await agent.frontline.claimNext(); t; t = await agent.frontline.claimNext()) {
    if (t.customerId === customerId) return t;
    await agent.frontline.recordOutcome({ taskId: t.id, outcome: 'declined' });
  }
  throw new Error(`the call to ${customerId} never came up`);
}

describe('demo data', () => {
  it('should give a fresh install open inbound offers, outbound calls and shop opportunities', async () => {
    const inbound = await app.rt.db.select().from(frontlineTasks).where(and(eq(frontlineTasks.kind, 'inbound'), eq(frontlineTasks.status, 'open')));
    expect(inbound.length).toBeGreaterThan(0);
    expect((await agent1.frontline.queue()).waiting).toBeGreaterThan(0);
    expect((await clerk.frontline.opportunities()).opportunities.length).toBeGreaterThan(0);
  });
});

describe('inbound screen', () => {
  it('should find the caller by number in any common format and show the offer with its wording and reason', async () => {
    const c = await fourGCustomer('C000601');
    await callIn(c.id);
    const served = await agent1.frontline.caller({ query: `+86 ${c.msisdn.slice(0, 3)} ${c.msisdn.slice(3, 7)} ${c.msisdn.slice(7)}` });
    expect(served.customer).toMatchObject({ id: 'C000601', plan: 'basic_4g', valueTier: 'silver' });
    expect(served.offers).toHaveLength(1);
    const offer = served.offers[0];
    expect(offer.script).toContain('客户601您好');
    expect(offer.script).not.toContain('{{');
    expect(offer).toMatchObject({ offerId: 'offer_5g_upgrade_half', campaignName: '来电情景 · 5G升级前3月半价', triggerType: 'inbound_call', eligibility: { eligible: true } });
    expect(offer.triggerLabel).toEqual({ en: 'Called the service hotline', zh: '客服热线呼入' });
  });

  it('should answer NOT_FOUND naming the number for an unknown caller and BAD_REQUEST for nonsense', async () => {
    await expect(agent1.frontline.caller({ query: '13900000000' })).rejects.toThrow(/no customer with number 13900000000/);
    await expect(agent1.frontline.caller({ query: 'hello' })).rejects.toThrow(/not a phone number or customer id/);
    expect(normaliseMsisdn('86-138-1234-5678')).toBe('13812345678');
  });

  it('should commit an accepted offer as events the flow converts on, and withdraw the same offer elsewhere', async () => {
    const c = await fourGCustomer('C000602');
    await callIn(c.id);
    const [offer] = (await agent1.frontline.caller({ query: c.id })).offers;
    const shopBefore = (await clerk.frontline.opportunities()).opportunities.filter((o) => o.customerId === c.id);
    expect(shopBefore).toHaveLength(1); // the same flow also pushed it to the Hangzhou shops
    const done = await agent1.frontline.recordOutcome({ taskId: offer.id, outcome: 'accepted' });
    expect(done).toMatchObject({ status: 'done', outcome: 'accepted' });
    const evs = await app.rt.db.select().from(events).where(eq(events.customerId, c.id));
    expect(evs.map((e) => e.type).sort()).toEqual(['inbound_call', 'offer_outcome', 'order_placed']);
    expect(evs.find((e) => e.type === 'order_placed')!.attributes).toEqual({ product_id: 'unlimited_5g_upgrade' });
    await drainRuntime(app.rt);
    expect(await path(c.id)).toContain('upgraded:converted');
    expect((await clerk.frontline.opportunities()).opportunities.filter((o) => o.customerId === c.id)).toHaveLength(0);
    expect((await agent1.frontline.caller({ query: c.id })).offers).toHaveLength(0);
    await expect(agent2.frontline.recordOutcome({ taskId: offer.id, outcome: 'declined' })).rejects.toThrow(/already has an outcome: accepted$/);
    // In Chinese, by the button's words rather than the code.
    const agent2Zh = await callerAs(app, 'agent2@octoflow.demo', 'zh-CN');
    await expect(agent2Zh.frontline.recordOutcome({ taskId: offer.id, outcome: 'declined' })).rejects.toThrow(/^此任务已有结果：接受办理$/);
  });

  it('should re-check eligibility now: a customer who got the product meanwhile cannot accept it', async () => {
    const c = await fourGCustomer('C000603');
    await callIn(c.id);
    await app.rt.db.insert(subscriptions).values({ customerId: c.id, productId: 'unlimited_5g_upgrade' });
    const [offer] = (await agent1.frontline.caller({ query: c.id })).offers;
    expect(offer.eligibility).toEqual({ eligible: false, reason: { en: 'already subscribed', zh: '客户已订购该产品' } });
    await expect(agent1.frontline.recordOutcome({ taskId: offer.id, outcome: 'accepted' })).rejects.toThrow(/cannot take Upgrade to Unlimited 5G now: already subscribed/);
    expect((await agent1.frontline.caller({ query: c.id })).offers[0].status).toBe('open');
  });

  it('should make "never ask again" an opt-out of that channel that every later flow respects', async () => {
    const c = await fourGCustomer('C000604');
    await callIn(c.id);
    const [offer] = (await agent1.frontline.caller({ query: c.id })).offers;
    await agent1.frontline.recordOutcome({ taskId: offer.id, outcome: 'not_interested', note: '客户明确拒绝' });
    const blocks = await app.rt.db.select().from(contactBlocks).where(eq(contactBlocks.customerId, c.id));
    expect(blocks).toEqual([expect.objectContaining({ channel: 'inbound', reason: 'opt_out', source: `frontline:${offer.id}` })]);
    app.clock.advance(8 * 86_400_000); // past the campaign's once-a-week re-entry and its goal window
    await drainRuntime(app.rt);
    await callIn(c.id);
    expect((await agent1.frontline.caller({ query: c.id })).offers).toHaveLength(0);
    const suppressed = await app.rt.db.select().from(outbox).where(and(eq(outbox.customerId, c.id), eq(outbox.channel, 'inbound'), eq(outbox.status, 'suppressed')));
    expect(suppressed.map((o) => o.suppressionReason)).toEqual(['opt_out']);
  });

  it('should keep an offer open after "call back later" and refuse a shop clerk on the inbound line', async () => {
    const c = await fourGCustomer('C000605');
    await callIn(c.id);
    const [offer] = (await agent1.frontline.caller({ query: c.id })).offers;
    await expect(clerk.frontline.recordOutcome({ taskId: offer.id, outcome: 'declined' })).rejects.toThrow(/call-centre agents/);
    const later = await agent1.frontline.recordOutcome({ taskId: offer.id, outcome: 'call_back' });
    expect(later).toMatchObject({ status: 'open', outcome: 'call_back' });
    expect((await agent2.frontline.caller({ query: c.id })).offers.map((o) => o.id)).toEqual([offer.id]);
  });

  it('should refuse the workbench to roles without it', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await expect(designer.frontline.caller({ query: 'C000001' })).rejects.toThrow(/may not frontline.work/);
    await expect(designer.frontline.statement({ month: '2026-06' })).rejects.toThrow(/may not frontline.report/);
  });
});

describe('offers API for telephony', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve((req) => routePublicApi(app, req));
  });
  afterAll(async () => server?.close());
  const get = (p: string, key = DEMO_API_KEY) => fetch(`${server.url}${p}`, { headers: { authorization: `Bearer ${key}` } });

  it('should answer the caller’s card and offers by calling number and by customer id', async () => {
    const c = await fourGCustomer('C000631');
    await callIn(c.id);
    const res = await get(`/api/v1/offers?msisdn=%2B86${c.msisdn}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.customer).toMatchObject({ id: c.id, plan: 'basic_4g' });
    expect(body.offers).toEqual([
      expect.objectContaining({ offerId: 'offer_5g_upgrade_half', productId: 'unlimited_5g_upgrade', triggerEventType: 'inbound_call', eligible: true, script: expect.stringContaining('客户631您好') }),
    ]);
    expect((await (await get(`/api/v1/customers/${c.id}/offers`)).json()).offers).toHaveLength(1);
  });

  it('should refuse a key without offers:read, and name an unknown number', async () => {
    const { key } = await createApiKey(app.rt.db, 'events only', ['events:write']);
    const denied = await get('/api/v1/customers/C000001/offers', key);
    expect(denied.status).toBe(403);
    expect((await denied.json()).error).toMatch(/offers:read/);
    const unknown = await get('/api/v1/offers?msisdn=13900000000');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/no customer with number 13900000000/);
    expect((await get('/api/v1/offers')).status).toBe(400);
  });
});

describe('outbound call queue', () => {
  async function expiring(id: string, region = 'hangzhou') {
    await fourGCustomer(id, region);
    await ingestEvents(app.rt, [event(id, 'contract_expiring', { days_left: 3 })]);
    await drainRuntime(app.rt);
  }

  it('should give two agents different calls, keep each on their own until an outcome, and move the flow on', async () => {
    await expiring('C000611');
    await expiring('C000612');
    const a = await agent1.frontline.claimNext();
    const b = await agent2.frontline.claimNext();
    expect(a && b).toBeTruthy();
    expect(a!.id).not.toBe(b!.id);
    expect((await agent1.frontline.claimNext())!.id).toBe(a!.id); // one call at a time
    expect((await agent1.frontline.queue()).current?.id).toBe(a!.id);
    await expect(agent2.frontline.recordOutcome({ taskId: a!.id, outcome: 'declined' })).rejects.toThrow(/another agent has claimed/);
    await agent1.frontline.recordOutcome({ taskId: a!.id, outcome: 'accepted' });
    await drainRuntime(app.rt);
    expect(await path(a!.customerId)).toContain('renewed:converted'); // the goal listens to offer_outcome
  });

  it('should return a call abandoned for 30 minutes to the queue, and refuse the late outcome', async () => {
    await expiring('C000615');
    const open = (await agent2.frontline.queue()).current;
    if (open) await agent2.frontline.recordOutcome({ taskId: open.id, outcome: 'declined' });
    const mine = await claimFor(agent1, 'C000615');
    app.clock.advance(ABANDON_MS + 60_000);
    const taken = await claimFor(agent2, 'C000615');
    expect(taken.id).toBe(mine.id);
    await expect(agent1.frontline.recordOutcome({ taskId: mine.id, outcome: 'accepted' })).rejects.toThrow(/another agent has claimed/);
    await agent2.frontline.recordOutcome({ taskId: taken.id, outcome: 'declined' });
  });

  it('should hold a "call back later" call out of the queue until its time', async () => {
    await expiring('C000613');
    const t = await claimFor(agent1, 'C000613');
    const at = new Date(app.clock.now().getTime() + 3_600_000);
    await agent1.frontline.recordOutcome({ taskId: t.id, outcome: 'call_back', callBackAt: at });
    expect((await agent1.frontline.queue()).later).toBe(1);
    expect(await agent1.frontline.claimNext()).toBeNull();
    app.clock.advance(3_600_000);
    expect((await agent1.frontline.claimNext())?.id).toBe(t.id);
  });

  it('should bring a call-back the agent promised to make back to that agent first, and to the team only after a grace time', async () => {
    await expiring('C000616');
    const t = await claimFor(agent1, 'C000616');
    const at = new Date(app.clock.now().getTime() + 3_600_000);
    const kept = await agent1.frontline.recordOutcome({ taskId: t.id, outcome: 'call_back', callBackAt: at, callBackTo: 'me' });
    expect(kept).toMatchObject({ status: 'open', outcome: 'call_back', availableAt: at });
    expect((await agent1.frontline.queue()).myNextCallBack).toEqual(at);
    await expect(agent1.frontline.recordOutcome({ taskId: t.id, outcome: 'call_back' })).rejects.toThrow(/claim this call/);
    app.clock.advance(3_600_000);
    // Due now: agent 2 works the rest of the queue but never gets the promised call…
    for (let other = await agent2.frontline.claimNext(); other; other = await agent2.frontline.claimNext()) {
      expect(other.id).not.toBe(t.id);
      await agent2.frontline.recordOutcome({ taskId: other.id, outcome: 'declined' });
    }
    // …agent 1's next call is it, ahead of anything else.
    expect((await agent1.frontline.claimNext())?.id).toBe(t.id);
    await agent1.frontline.recordOutcome({ taskId: t.id, outcome: 'call_back', callBackAt: new Date(app.clock.now().getTime() + 60_000), callBackTo: 'me' });
    // Agent 1 is away: past the grace time the team may take it.
    app.clock.advance(60_000 + CALL_BACK_GRACE_MS);
    expect((await agent2.frontline.claimNext())?.id).toBe(t.id);
    await agent2.frontline.recordOutcome({ taskId: t.id, outcome: 'declined' });
  });

  it('should refuse a call-back time after the call expires, naming the deadline', async () => {
    await expiring('C000617');
    const t = await claimFor(agent1, 'C000617');
    await expect(
      agent1.frontline.recordOutcome({ taskId: t.id, outcome: 'call_back', callBackAt: new Date(t.dueAt.getTime() + 60_000) }),
    ).rejects.toThrow(/callBackAt: choose a time before the task expires \(\d{4}-\d\d-\d\d \d\d:\d\d China time\)/);
    const dueCst = new Date(t.dueAt.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    await expect(
      (await callerAs(app, 'agent1@octoflow.demo', 'zh-CN')).frontline.recordOutcome({ taskId: t.id, outcome: 'call_back', callBackAt: new Date(t.dueAt.getTime() + 60_000) }),
    ).rejects.toThrow(`请选择任务过期（${dueCst}）之前的时间`);
    await agent1.frontline.recordOutcome({ taskId: t.id, outcome: 'declined' });
  });

  it('should route calls by team: a Ningbo customer is not on the Hangzhou team queue, and shop staff have no queue', async () => {
    const before = (await agent1.frontline.queue()).waiting;
    await expiring('C000614', 'ningbo');
    expect((await agent1.frontline.queue()).waiting).toBe(before);
    await expect(clerk.frontline.claimNext()).rejects.toThrow(/no call-centre team/);
  });
});

describe('shop opportunities and commission', () => {
  it('should show a shop its city only, mask numbers at agents’ shops and credit the converting clerk and shop', async () => {
    const hz = await fourGCustomer('C000621');
    const nb = await fourGCustomer('C000622', 'ningbo');
    await callIn(hz.id);
    await callIn(nb.id);
    const seen = (await clerk.frontline.opportunities()).opportunities;
    expect(seen.some((o) => o.customerId === hz.id)).toBe(true);
    expect(seen.some((o) => o.customerId === nb.id)).toBe(false);
    const atPartner = (await partner.frontline.opportunities()).opportunities.find((o) => o.customerId === hz.id)!;
    expect(atPartner.msisdn).toMatch(/^\d{3}\*{4}\d{4}$/);
    const opp = seen.find((o) => o.customerId === hz.id)!;
    expect(opp).toMatchObject({ commissionCny: 30, offerId: 'offer_5g_upgrade_half' });
    const nbOpp = await app.rt.db.select().from(frontlineTasks).where(and(eq(frontlineTasks.customerId, nb.id), eq(frontlineTasks.kind, 'frontline'), eq(frontlineTasks.status, 'open')));
    await expect(clerk.frontline.recordOutcome({ taskId: nbOpp[0].id, outcome: 'accepted' })).rejects.toThrow(/for shops in ningbo/);

    await clerk.frontline.recordOutcome({ taskId: opp.id, outcome: 'accepted' });
    const month = app.clock.now().toISOString().slice(0, 7);
    const st = await clerk.frontline.statement({ month });
    const me = await actorFor(app, 'clerk@octoflow.demo');
    expect(st).toMatchObject({ shopId: 'HZ-WL-01', shopName: { zh: '杭州武林自营厅', en: 'Hangzhou Wulin own shop' } });
    expect(st.lines).toEqual([expect.objectContaining({ taskId: opp.id, staffId: me.id, shopId: 'HZ-WL-01', commissionCny: 30 })]);
    expect(st.byShop).toEqual([{ shopId: 'HZ-WL-01', shopName: { zh: '杭州武林自营厅', en: 'Hangzhou Wulin own shop' }, conversions: 1, commissionCny: 30 }]);
    expect((await partner.frontline.statement({ month })).lines).toHaveLength(0);
    await expect(partner.frontline.statement({ month, shopId: 'HZ-WL-01' })).rejects.toThrow(/your own shop/);
    const executive = await callerAs(app, 'executive@octoflow.demo');
    expect((await executive.frontline.statement({ month, shopId: 'HZ-WL-01' })).totalCny).toBe(30);
    expect((await executive.frontline.statement({ month: '2026-01' })).lines).toHaveLength(0);

    const { csv, filename } = await clerk.frontline.statementCsv({ month, locale: 'zh-CN' });
    expect(filename).toBe(`commission-${month}-HZ-WL-01.csv`);
    const rows = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('月份,转化时间,员工,营业厅,班组,客户编号,客户姓名,营销案,优惠,酬金（元）');
    expect(rows[1]).toContain(`${month},`);
    expect(rows[1]).toContain('C000621');
    expect(rows[1].endsWith(',30.00')).toBe(true);
    expect(rows[2]).toBe('合计,,,,,,,,1,30.00');
  });

  it('should show an opportunity meant for any shop to shops of every city', async () => {
    const nb = await fourGCustomer('C000641', 'ningbo');
    await launchFlow(app, 'Any shop', {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'counter_visit', condition: '' } },
        { id: 'o', kind: 'frontline_opportunity', position: { x: 0, y: 100 }, params: { description: '任意营业厅可接待', commissionCny: 5, validForDays: 3, shopScope: 'any' } },
        { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
      ],
      edges: [
        { id: 'a', source: 't', sourcePort: 'out', target: 'o' },
        { id: 'b', source: 'o', sourcePort: 'out', target: 'e' },
      ],
    });
    await ingestEvents(app.rt, [event(nb.id, 'counter_visit', { shop_id: 'HZ-WL-01' })]);
    await drainRuntime(app.rt);
    const seen = (await clerk.frontline.opportunities()).opportunities.filter((o) => o.customerId === nb.id);
    expect(seen.map((o) => o.script)).toEqual(['任意营业厅可接待']);
  });

  it('should never write a spreadsheet formula into the CSV', () => {
    const st: Statement = {
      month: '2026-06', from: new Date(), to: new Date(), staffId: null, shopId: null, shopName: null, byStaff: [], byShop: [], conversions: 1, totalCny: 1,
      lines: [{ taskId: 't', at: new Date('2026-06-02T02:00:00Z'), kind: 'frontline', customerId: 'C1', customerName: '=HYPERLINK("x")', campaignName: 'a,b', offerId: null, staffId: 's', staffName: '+1', shopId: null, team: null, commissionCny: 1 }],
    };
    const line = statementCsv(st, 'en').split('\r\n')[1];
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain(`'+1`);
    expect(line).toContain('"a,b"');
  });
});

describe.runIf(onPostgres)('concurrent claims on PostgreSQL', () => {
  it('should never give two of 60 agents claiming at once the same call', async () => {
    const [template] = await app.rt.db.select().from(frontlineTasks).where(eq(frontlineTasks.kind, 'outbound_call')).limit(1);
    const now = app.clock.now();
    const rows = Array.from({ length: 40 }, (_, i) => ({
      ...template,
      id: undefined,
      effectKey: `concurrency-${i}`,
      status: 'open',
      claimedBy: null,
      claimedAt: null,
      availableAt: null,
      outcome: null,
      outcomeAt: null,
      outcomeBy: null,
      region: 'hangzhou',
      priority: i % 3,
      dueAt: new Date(now.getTime() + (i + 1) * 3_600_000),
      createdAt: now,
    }));
    await app.rt.db.insert(frontlineTasks).values(rows);
    const agents: Actor[] = Array.from({ length: 60 }, (_, i) => ({
      id: `load-agent-${i}`, name: `agent ${i}`, email: `a${i}@x`, role: 'frontline', department: 'customer_service', team: 'hz-callcenter', shopId: null,
    }));
    const got = await Promise.all(agents.map((a) => claimNext(app.rt, a)));
    const ids = got.filter((t) => t !== null).map((t) => t!.id);
    expect(new Set(ids).size).toBe(ids.length);
    const claimed = await app.rt.db.select().from(frontlineTasks).where(eq(frontlineTasks.status, 'claimed'));
    const byAgent = claimed.filter((t) => t.claimedBy?.startsWith('load-agent-'));
    expect(byAgent.length).toBe(ids.length);
    expect(new Set(byAgent.map((t) => t.claimedBy)).size).toBe(byAgent.length);
    expect(ids.length).toBeGreaterThanOrEqual(40); // every open call went to someone
  });
});

describe('overdue work', () => {
  const node = (id: string, kind: string, y: number, params: Record<string, unknown>) => ({ id, kind, position: { x: 0, y }, params }) as FlowGraph['nodes'][number];
  const edge = (source: string, sourcePort: string, target: string) => ({ id: `${source}-${sourcePort}`, source, sourcePort, target });

  it('should expire a call nobody made by its deadline, tell the flow, and list it as expired on the queue', async () => {
    await launchFlow(app, 'Call within 2 hours', {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        node('t', 'trigger', 0, { eventType: 'contract_expiring', condition: 'event.days_left == 30' }),
        node('call', 'outbound_call', 100, { script: '两小时内外呼', priority: 'high', deadlineHours: 2 }),
        node('w', 'wait_event', 200, { eventType: 'offer_outcome', condition: "event.outcome == 'expired'", timeout: { amount: 1, unit: 'days' } }),
        node('missed', 'end', 300, {}),
        node('other', 'end', 300, {}),
      ],
      edges: [edge('t', 'out', 'call'), edge('call', 'out', 'w'), edge('w', 'event', 'missed'), edge('w', 'timeout', 'other')],
    });
    await fourGCustomer('C000651');
    await ingestEvents(app.rt, [event('C000651', 'contract_expiring', { days_left: 30 })]);
    await drainRuntime(app.rt);
    const call = await claimFor(agent1, 'C000651'); // claimed, then the agent never calls
    expect(call.script).toBe('两小时内外呼');

    app.clock.advance(2 * 3_600_000 + 1_000);
    await drainRuntime(app.rt);
    const [row] = await app.rt.db.select().from(frontlineTasks).where(eq(frontlineTasks.id, call.id));
    expect(row).toMatchObject({ status: 'expired', outcome: 'expired' });
    expect(await path('C000651')).toContain('w:event'); // the flow went on along "event happened"
    const queue = await agent1.frontline.queue();
    expect(queue.current).toBeNull();
    expect(queue.expired.map((t) => t.id)).toContain(call.id);
    await expect(agent1.frontline.recordOutcome({ taskId: call.id, outcome: 'accepted' })).rejects.toThrow(/expired/);
    await drainRuntime(app.rt); // a second sweep adds nothing
    expect(await offerOutcomes(call.id)).toEqual(['expired']);
  });

  it('should expire a shop opportunity past its validity: out of the open list, in the expired one', async () => {
    const c = await fourGCustomer('C000652');
    await launchFlow(app, 'One-day opportunity', {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        node('t', 'trigger', 0, { eventType: 'counter_visit', condition: "event.shop_id == 'EXPIRY-TEST'" }),
        node('o', 'frontline_opportunity', 100, { description: '一天内有效的商机', commissionCny: 99, validForDays: 1, shopScope: 'home_region' }),
        node('e', 'end', 200, {}),
      ],
      edges: [edge('t', 'out', 'o'), edge('o', 'out', 'e')],
    }, { priority: 90 }); // ahead of the exclusive "Any shop" campaign above, which also hears counter visits
    await ingestEvents(app.rt, [event(c.id, 'counter_visit', { shop_id: 'EXPIRY-TEST' })]);
    await drainRuntime(app.rt);
    const before = await clerk.frontline.opportunities();
    const mine = before.opportunities.find((o) => o.script === '一天内有效的商机');
    expect(mine).toBeTruthy();
    app.clock.advance(86_400_000 + 1_000);
    await drainRuntime(app.rt);
    const after = await clerk.frontline.opportunities();
    expect(after.opportunities.map((o) => o.id)).not.toContain(mine!.id);
    expect(after.expired.find((o) => o.id === mine!.id)).toMatchObject({ status: 'expired', outcome: 'expired' });
    expect(await offerOutcomes(mine!.id)).toEqual(['expired']);
  });
});

describe('work whose offer ends', () => {
  const node = (id: string, kind: string, y: number, params: Record<string, unknown>) => ({ id, kind, position: { x: 0, y }, params }) as FlowGraph['nodes'][number];
  const edge = (source: string, sourcePort: string, target: string) => ({ id: `${source}-${sourcePort}`, source, sourcePort, target });
  const offer = { id: 'offer_ends_soon', productId: 'data_pack_5gb', nameZh: '限时5GB加油包', nameEn: '5 GB, this week only', priceCny: 10 };
  /** As the products page saves it (the designer's catalog follows). */
  const saveOffer = async (changes: { validTo?: Date | null; active?: boolean }) =>
    (await callerAs(app, 'admin@octoflow.demo')).products.saveOffer({ ...offer, ...changes });

  it('should stop showing queued inbound offers and shop opportunities once their offer ends, refuse outcomes on them, and expire them telling the flow', async () => {
    await saveOffer({ validTo: new Date(app.clock.now().getTime() + 3_600_000) });
    const c = await fourGCustomer('C000661');
    await launchFlow(app, 'Offer that ends', {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        node('t', 'trigger', 0, { eventType: 'counter_visit', condition: "event.shop_id == 'OFFER-ENDS'" }),
        node('in', 'inbound_offer', 100, { offerId: offer.id, script: '本周限时加油包', validForHours: 72 }),
        node('o', 'frontline_opportunity', 200, { offerId: offer.id, description: '本周限时加油包商机', commissionCny: 7, validForDays: 3, shopScope: 'home_region' }),
        node('e', 'end', 300, {}),
      ],
      edges: [edge('t', 'out', 'in'), edge('in', 'out', 'o'), edge('o', 'out', 'e')],
    }, { priority: 95 });
    await ingestEvents(app.rt, [event(c.id, 'counter_visit', { shop_id: 'OFFER-ENDS' })]);
    await drainRuntime(app.rt);
    const inbound = (await agent1.frontline.caller({ query: c.msisdn })).offers.find((o) => o.offerId === offer.id);
    const opportunity = (await clerk.frontline.opportunities()).opportunities.find((o) => o.offerId === offer.id && o.customerId === c.id);
    expect(inbound).toMatchObject({ script: '本周限时加油包', status: 'open' });
    expect(opportunity).toMatchObject({ script: '本周限时加油包商机', status: 'open' });

    // The offer ends an hour later, long before either task's own due time.
    app.clock.advance(3_600_000 + 1_000);
    expect((await agent1.frontline.caller({ query: c.msisdn })).offers.map((o) => o.id)).not.toContain(inbound!.id);
    expect((await clerk.frontline.opportunities()).opportunities.map((o) => o.id)).not.toContain(opportunity!.id);
    await expect(agent1.frontline.recordOutcome({ taskId: inbound!.id, outcome: 'accepted' })).rejects.toThrow(/the offer offer_ends_soon is no longer on sale/);
    await expect(clerk.frontline.recordOutcome({ taskId: opportunity!.id, outcome: 'declined' })).rejects.toThrow(/no longer on sale/);

    // The sweep expires both with an outcome the flow hears, once; they are withdrawn, not listed as missed.
    await drainRuntime(app.rt);
    await drainRuntime(app.rt);
    for (const id of [inbound!.id, opportunity!.id]) {
      const [row] = await app.rt.db.select().from(frontlineTasks).where(eq(frontlineTasks.id, id));
      expect(row).toMatchObject({ status: 'expired', outcome: 'expired', note: 'withdrawn: the offer is no longer on sale' });
      expect(await offerOutcomes(id)).toEqual(['expired']);
    }
    expect((await clerk.frontline.opportunities()).expired.map((o) => o.id)).not.toContain(opportunity!.id);
  });

  it('should hide work while its offer is withdrawn (inactive) and give no outbound call for it', async () => {
    await saveOffer({ validTo: null, active: true });
    const c = await fourGCustomer('C000662');
    await launchFlow(app, 'Call for an offer that is withdrawn', {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        node('t', 'trigger', 0, { eventType: 'counter_visit', condition: "event.shop_id == 'OFFER-WITHDRAWN'" }),
        node('call', 'outbound_call', 100, { offerId: offer.id, script: '撤下优惠的外呼', priority: 'high', deadlineHours: 48 }),
        node('e', 'end', 200, {}),
      ],
      edges: [edge('t', 'out', 'call'), edge('call', 'out', 'e')],
    }, { priority: 95 });
    await ingestEvents(app.rt, [event(c.id, 'counter_visit', { shop_id: 'OFFER-WITHDRAWN' })]);
    await drainRuntime(app.rt);
    const [call] = await app.rt.db.select().from(frontlineTasks).where(and(eq(frontlineTasks.customerId, c.id), eq(frontlineTasks.kind, 'outbound_call'), eq(frontlineTasks.offerId, offer.id)));
    expect(call).toMatchObject({ status: 'open' });
    await saveOffer({ validTo: null, active: false });
    // Every open call the queue would hand out, none of them this one.
    const handed: string[] = [];
    for (let t = await agent2.frontline.claimNext(); t; t = await agent2.frontline.claimNext()) {
      handed.push(t.id);
      await agent2.frontline.recordOutcome({ taskId: t.id, outcome: 'declined' });
    }
    expect(handed).not.toContain(call.id);
    await drainRuntime(app.rt);
    const [after] = await app.rt.db.select().from(frontlineTasks).where(eq(frontlineTasks.id, call.id));
    expect(after).toMatchObject({ status: 'expired', outcome: 'expired' });
    expect(await offerOutcomes(call.id)).toEqual(['expired']);
  });
});

describe('work of a paused or ended campaign', () => {
  const node = (id: string, kind: string, y: number, params: Record<string, unknown>) => ({ id, kind, position: { x: 0, y }, params }) as FlowGraph['nodes'][number];
  const edge = (source: string, sourcePort: string, target: string) => ({ id: `${source}-${sourcePort}`, source, sourcePort, target });

  it('should offer nobody the queued work of a paused campaign, and offer it again once it is live', async () => {
    const c = await fourGCustomer('C000663');
    const { campaignId } = await launchFlow(app, 'Work that pauses', {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        node('t', 'trigger', 0, { eventType: 'counter_visit', condition: "event.shop_id == 'PAUSED-WORK'" }),
        node('in', 'inbound_offer', 100, { offerId: 'offer_roaming_day', script: '暂停活动的来电推荐', validForHours: 72 }),
        node('o', 'frontline_opportunity', 200, { description: '暂停活动的商机', commissionCny: 5, validForDays: 3, shopScope: 'home_region' }),
        node('call', 'outbound_call', 300, { script: '暂停活动的外呼', priority: 'high', deadlineHours: 48 }),
        node('e', 'end', 400, {}),
      ],
      edges: [edge('t', 'out', 'in'), edge('in', 'out', 'o'), edge('o', 'out', 'call'), edge('call', 'out', 'e')],
    }, { priority: 95 });
    await ingestEvents(app.rt, [event(c.id, 'counter_visit', { shop_id: 'PAUSED-WORK' })]);
    await drainRuntime(app.rt);
    const tasks = await app.rt.db.select().from(frontlineTasks).where(eq(frontlineTasks.campaignId, campaignId));
    expect(tasks.map((t) => t.kind).sort()).toEqual(['frontline', 'inbound', 'outbound_call']);
    const offered = async () => ({
      inbound: (await agent1.frontline.caller({ query: c.msisdn })).offers.some((o) => o.campaignId === campaignId),
      shop: (await clerk.frontline.opportunities()).opportunities.some((o) => o.campaignId === campaignId),
    });
    expect(await offered()).toEqual({ inbound: true, shop: true });
    const waiting = (await agent2.frontline.queue()).waiting;

    const approver = await callerAs(app, 'approver@octoflow.demo');
    await approver.campaigns.pause({ id: campaignId });
    expect(await offered()).toEqual({ inbound: false, shop: false });
    expect((await agent2.frontline.queue()).waiting).toBe(waiting - 1);
    const handed: string[] = [];
    for (let t = await agent2.frontline.claimNext(); t; t = await agent2.frontline.claimNext()) {
      handed.push(t.campaignId);
      await agent2.frontline.recordOutcome({ taskId: t.id, outcome: 'declined' });
    }
    expect(handed).not.toContain(campaignId);

    await approver.campaigns.launch({ id: campaignId });
    expect(await offered()).toEqual({ inbound: true, shop: true });
    const call = await agent2.frontline.claimNext();
    expect(call).toMatchObject({ campaignId, customerId: c.id, script: '暂停活动的外呼' });
  });

  it('should withdraw the open work of a campaign that ended, and let a call in progress be finished', async () => {
    const [c, other] = [await fourGCustomer('C000664'), await fourGCustomer('C000665')];
    const { campaignId } = await launchFlow(app, 'Work that ends', {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        node('t', 'trigger', 0, { eventType: 'counter_visit', condition: "event.shop_id == 'ENDED-WORK'" }),
        node('o', 'frontline_opportunity', 100, { description: '结束活动的商机', commissionCny: 5, validForDays: 3, shopScope: 'home_region' }),
        node('call', 'outbound_call', 200, { script: '结束活动的外呼', priority: 'high', deadlineHours: 48 }),
        node('w', 'wait_event', 300, { eventType: 'offer_outcome', condition: "event.outcome == 'expired'", timeout: { amount: 7, unit: 'days' } }),
        node('withdrawn', 'end', 400, {}),
        node('answered', 'end', 400, {}),
      ],
      edges: [edge('t', 'out', 'o'), edge('o', 'out', 'call'), edge('call', 'out', 'w'), edge('w', 'event', 'withdrawn'), edge('w', 'timeout', 'answered')],
    }, { priority: 95 });
    // One visit after the other: the first customer's call is due first, so the agent reaches it
    // without passing (and declining) the second customer's, which has to stay open.
    await ingestEvents(app.rt, [event(c.id, 'counter_visit', { shop_id: 'ENDED-WORK' })]);
    await drainRuntime(app.rt);
    app.clock.advance(1_000);
    await ingestEvents(app.rt, [event(other.id, 'counter_visit', { shop_id: 'ENDED-WORK' })]);
    await drainRuntime(app.rt);
    // The agent is on the call to the first customer when the campaign's window ends.
    const inProgress = await claimFor(agent2, c.id);
    const tasksOf = () => app.rt.db.select().from(frontlineTasks).where(eq(frontlineTasks.campaignId, campaignId));
    const openElsewhere = async () => (await app.rt.db.select().from(frontlineTasks).where(inArray(frontlineTasks.status, ['open', 'claimed']))).filter((t) => t.campaignId !== campaignId).length;
    const elsewhere = await openElsewhere();

    const designer = await callerAs(app, 'designer@octoflow.demo');
    await designer.campaigns.plan({ id: campaignId, objective: '', startAt: null, endAt: new Date(app.clock.now().getTime() + 10 * 60_000), priority: 95, allocation: {}, onExhausted: 'pause' });
    app.clock.advance(11 * 60_000);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: campaignId })).status).toBe('ended');

    // Everything not yet started is withdrawn at once, long before its own due time; the call in
    // progress is left to the agent.
    const withdrawn = (await tasksOf()).filter((t) => t.id !== inProgress.id);
    expect(withdrawn.map((t) => `${t.customerId}:${t.kind}`).sort()).toEqual([`${c.id}:frontline`, `${other.id}:frontline`, `${other.id}:outbound_call`]);
    for (const t of withdrawn) {
      expect(t).toMatchObject({ status: 'expired', outcome: 'expired', note: 'withdrawn: the campaign has ended' });
      expect(t.dueAt.getTime()).toBeGreaterThan(app.clock.now().getTime());
      expect(await offerOutcomes(t.id)).toEqual(['expired']);
    }
    // The journey waiting on the call's outcome went on now, not in 48 hours.
    expect(await path(other.id)).toContain('w:event');
    // Withdrawn, not missed: the shop's list of work that ran out does not show it.
    expect((await clerk.frontline.opportunities()).expired.map((o) => o.campaignId)).not.toContain(campaignId);
    // Other campaigns' work is untouched.
    expect(await openElsewhere()).toBe(elsewhere);

    expect((await tasksOf()).find((t) => t.id === inProgress.id)).toMatchObject({ status: 'claimed' });
    // A call-back would never be offered again: the agent is asked for how the call ended.
    await expect(agent2.frontline.recordOutcome({ taskId: inProgress.id, outcome: 'call_back' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/the campaign has ended/) });
    await agent2.frontline.recordOutcome({ taskId: inProgress.id, outcome: 'accepted' });
    expect((await tasksOf()).find((t) => t.id === inProgress.id)).toMatchObject({ status: 'done', outcome: 'accepted' });
    // A second sweep adds nothing.
    await drainRuntime(app.rt);
    for (const t of withdrawn) expect(await offerOutcomes(t.id)).toEqual(['expired']);
  });
});
