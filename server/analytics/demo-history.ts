// Demo history for the dashboards (issue 7): three months of a provincial marketing loop, so a
// new user opening the dashboards sees a story, not zeros. Generated deterministically and
// fast: campaigns through the real lifecycle services (then moved back in time), the daily
// step roll-up and hourly event roll-up written directly (rows marked demo = true, no step rows
// behind them), frontline tasks for the people channels (so acceptances and commission exist),
// their frontline and complaint roll-up rows (demo-experience.ts), a few opt-outs, and each campaign's last day as a sample of real journeys and steps that the
// roll-up worker counts (so those figures lead to real customers).
// The story: launch cycle times fall from two weeks to two days, success rates climb.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { validateFlow, type FlowGraph } from '../../workflows';
import type { App } from '../app';
import type { Actor } from '../auth/roles';
import type { Db, Executor } from '../db/client';
import {
  analyticsComplaintHours,
  analyticsEventHours,
  analyticsFrontlineDays,
  analyticsNodeCounts,
  analyticsStepDays,
  analyticsStepHours,
  approvals,
  campaignEvents,
  campaigns,
  contactBlocks,
  flowVersions,
  frontlineTasks,
  journeys,
  products,
  settings,
  steps,
} from '../db/schema';
import { createCampaign, decideVersion, launchCampaign, submitCampaign } from '../services/campaigns';
import { storedNote } from '../services/timeline-note';
import { dayOf } from './rollup';
import { CONTACT_CHANNEL, demoUuid, PEOPLE, part, prng, simulateDay, walkJourney, type Flow } from './demo-simulation';
import type { Bucket } from './rollup';
import { demoComplaints, demoFrontlineRows } from './demo-experience';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAYS = 90;
const SETTINGS_KEY = 'demo_history';
const REGIONS: [string, number][] = [
  ['hangzhou', 0.32],
  ['ningbo', 0.22],
  ['wenzhou', 0.2],
  ['shaoxing', 0.14],
  ['jinhua', 0.12],
];
const SHOPS: Record<string, { shop: string; team: string }[]> = {
  // Not the demo staff's own shops and team: their commission statements stay theirs. Teams and
  // shops the organisation is seeded with (migration 0020); the dashboards name them from there.
  hangzhou: [
    { shop: 'HZ-XH-02', team: 'hz-outbound-2' },
    { shop: 'HZ-BJ-06', team: 'hz-outbound-2' },
  ],
  ningbo: [{ shop: 'NB-HS-03', team: 'nb-callcenter' }],
  wenzhou: [{ shop: 'WZ-LC-02', team: 'wz-callcenter' }],
  shaoxing: [{ shop: 'SX-YC-01', team: 'sx-callcenter' }],
  jinhua: [{ shop: 'JH-YW-05', team: 'jh-callcenter' }],
};
/** A roll-up row as the worker writes it, marked as demo history. */
type RollupRow = Bucket & { demo: boolean };

interface Spec {
  example: string;
  name: string;
  description: string;
  department: string;
  /** Days before today it went live (undefined: never). */
  liveDaysAgo?: number;
  /** Submission to live, in hours. */
  cycleHours?: number;
  status: 'live' | 'paused' | 'ended' | 'submitted' | 'draft';
  /** Days before today it was paused or ended. */
  stoppedDaysAgo?: number;
  /** Journeys entered per day at full volume. */
  volume: number;
}

const SPECS: Spec[] = [
  { example: 'low-balance-top-up', name: '余额不足 · 充值提醒', description: 'Low balance: a reminder at a good hour, a 5 GB top-up if still unpaid.', department: 'customer_service', liveDaysAgo: 86, cycleHours: 16 * 24, status: 'ended', stoppedDaysAgo: 3, volume: 2600 },
  { example: 'roaming-day-pass', name: '漫游到达 · 漫游日包推荐', description: 'Roaming arrival: a day pass by app push, with a 10% hold-out.', department: 'market', liveDaysAgo: 72, cycleHours: 9 * 24, status: 'paused', stoppedDaysAgo: 1, volume: 900 },
  { example: 'contract-renewal', name: '合约到期 · 5G续约关怀', description: 'Contract ending: gold customers get a call, others an SMS and a shop opportunity.', department: 'customer_service', liveDaysAgo: 58, cycleHours: 6 * 24, status: 'ended', stoppedDaysAgo: 2, volume: 140 },
  { example: 'inbound-call-offer', name: '来电情景 · 升级与加油包', description: 'Scenario offers shown to the agent while a customer calls the hotline.', department: 'channels', liveDaysAgo: 41, cycleHours: 4 * 24, status: 'paused', stoppedDaysAgo: 1, volume: 90 },
  { example: 'weekly-gold-batch', name: '金卡客户 · 每周升级关怀', description: 'Monday batch for gold customers: app push or SMS, with a control group.', department: 'head_office', liveDaysAgo: 27, cycleHours: 60, status: 'ended', stoppedDaysAgo: 2, volume: 700 },
  { example: 'partner-card-enrolment', name: '银行联名卡 · 开卡礼', description: 'Bank partner enrolments: a welcome offer, a call for platinum cards.', department: 'market', liveDaysAgo: 16, cycleHours: 46, status: 'paused', stoppedDaysAgo: 1, volume: 160 },
  { example: 'data-usage-upsell', name: '流量加油包 · 夜间版', description: 'Night-time variant of the data top-up, waiting for sign-off.', department: 'market', status: 'submitted', volume: 0 },
  { example: 'roaming-day-pass', name: '家庭副卡 · 暑期推荐', description: 'Summer family add-on, still being drawn.', department: 'channels', status: 'draft', volume: 0 },
];

/**
 * Inserts many rows in one statement: the rows travel as one JSON parameter and PostgreSQL
 * unpacks them (jsonb_to_recordset). On PGlite this is many times faster than binding
 * thousands of parameters, and keeps a fresh install's first start short.
 */
async function bulkInsert(tx: Executor, table: string, columns: Record<string, string>, rows: Record<string, unknown>[]) {
  const names = Object.keys(columns);
  const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
  const defs = sql.raw(names.map((n) => `"${n}" ${columns[n]}`).join(', '));
  for (let i = 0; i < rows.length; i += 20_000) {
    const json = JSON.stringify(rows.slice(i, i + 20_000));
    await tx.execute(sql`insert into ${sql.identifier(table)} (${list}) select ${list} from jsonb_to_recordset(${json}::jsonb) as x(${defs})`);
  }
}

/**
 * OCTOFLOW_DEMO_HISTORY=off skips the history. Under the test runner it is off unless asked for
 * (=on): other features' tests keep the demo they were written against, and start faster.
 */
export function demoHistoryWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.OCTOFLOW_DEMO_HISTORY;
  if (v === 'off') return false;
  return v === 'on' || !env.VITEST;
}

/** Writes the demo history. Called once, from ensureDemo, inside its transaction. */
export async function seedDemoHistory(tx: Executor, app: App, actors: { designer: Actor; approver: Actor; csApprover: Actor; admin: Actor }, loadGraph: (name: string) => FlowGraph) {
  if (!demoHistoryWanted()) return;
  const rnd = prng(7_2026);
  const now = app.rt.clock.now();
  const today = dayOf(now).getTime();
  const price = new Map((await tx.select({ id: products.id, price: products.priceCny }).from(products)).map((p) => [p.id, p.price]));
  const offerPrice = (offerId: unknown) => {
    if (typeof offerId !== 'string') return 0;
    const productId = app.rt.catalog.offers.find((o) => o.id === offerId)?.productId ?? offerId;
    return price.get(productId) ?? 0;
  };

  const regionOf = new Map(
    (await tx.select({ id: sql<string>`id`, region: sql<string>`tags->>'region'` }).from(sql`customers`).where(sql`id between 'C000700' and 'C000940'`)).map((c) => [c.id, c.region]),
  );
  const flows: (Flow & { spec: Spec })[] = [];
  const ids: string[] = [];
  for (const spec of SPECS) {
    const graph = loadGraph(spec.example);
    const author = { ...actors.designer, department: spec.department as Actor['department'] };
    const c = await createCampaign(tx, author, { name: spec.name, description: spec.description, priority: 40, graph });
    ids.push(c.id);
    // Demo history must never compete with the campaigns people try out: not exclusive.
    await tx.update(campaigns).set({ exclusive: false }).where(eq(campaigns.id, c.id));
    // A flow submission would refuse in this database stays a draft, which the designer shows with
    // the problem named: one naming a partner with no endpoint here (the demo's endpoints need a
    // key for their secrets: on PostgreSQL without OCTOFLOW_SECRET_KEY there are none, see
    // services/demo.ts).
    if (spec.status === 'draft' || !validateFlow(graph, app.rt.catalog).ok) continue;
    const v = await submitCampaign(tx, app.rt, author, c.id);
    const cycle = spec.cycleHours ?? 0;
    const liveAt = spec.liveDaysAgo !== undefined ? today - spec.liveDaysAgo * DAY + 10 * HOUR : now.getTime() - 30 * HOUR;
    const submittedAt = liveAt - cycle * HOUR;
    const at = (ms: number) => new Date(ms);
    if (spec.status !== 'submitted') {
      await decideVersion(tx, actors.approver, { versionId: v.id, decision: 'approved', comment: '演示历史：产品与价格已核对' });
      // The other departments' sign-offs, each after its own wait (customer service signs the
      // wording, IT support the technical side): the slowest one decides the cycle.
      const waits = { market: 0.35, customer_service: 0.7, it_support: 0.55 };
      await tx.update(approvals).set({ createdAt: at(submittedAt + cycle * waits.market * HOUR) }).where(eq(approvals.flowVersionId, v.id));
      await tx.insert(approvals).values([
        { flowVersionId: v.id, versionHash: v.hash, approverId: actors.csApprover.id, department: 'customer_service', decision: 'approved', comment: '演示历史：文案已核对', createdAt: at(submittedAt + cycle * waits.customer_service * HOUR) },
        { flowVersionId: v.id, versionHash: v.hash, approverId: actors.admin.id, department: 'it_support', decision: 'approved', comment: '演示历史：技术支撑已确认', createdAt: at(submittedAt + cycle * waits.it_support * HOUR) },
      ]);
      await launchCampaign(tx, app.rt, actors.approver, c.id);
    }
    // Move the recorded lifecycle back to when it happened.
    const events: [string, number][] = [
      ['draft', submittedAt - 5 * DAY],
      ['submitted', submittedAt],
      ['approved', submittedAt + cycle * 0.7 * HOUR],
      ['live', liveAt],
    ];
    for (const [status, ms] of events) {
      await tx.update(campaignEvents).set({ at: at(ms) }).where(and(eq(campaignEvents.campaignId, c.id), eq(campaignEvents.toStatus, status)));
    }
    await tx.update(flowVersions).set({ createdAt: at(submittedAt) }).where(eq(flowVersions.id, v.id));
    await tx
      .update(campaigns)
      .set({ createdAt: at(submittedAt - 5 * DAY), updatedAt: at(spec.stoppedDaysAgo ? today - spec.stoppedDaysAgo * DAY : liveAt), ...(spec.status === 'submitted' ? {} : { liveSince: at(liveAt) }) })
      .where(eq(campaigns.id, c.id));
    if (spec.status === 'paused' || spec.status === 'ended') {
      const stoppedAt = at(today - (spec.stoppedDaysAgo ?? 0) * DAY + 18 * HOUR);
      await tx.update(campaigns).set({ status: spec.status }).where(eq(campaigns.id, c.id));
      await tx.insert(campaignEvents).values({ campaignId: c.id, fromStatus: 'live', toStatus: spec.status, actorId: actors.approver.id, versionHash: v.hash, note: storedNote({ kind: 'demoHistory' }), at: stoppedAt });
    }
    if (spec.liveDaysAgo !== undefined) {
      const p = new Map(graph.nodes.map((n) => [n.id, offerPrice((n.params as { offerId?: unknown }).offerId)]));
      flows.push({ spec, campaignId: c.id, versionId: v.id, hash: v.hash, department: spec.department, graph, price: p });
    }
  }
  app.rt.flows.invalidate();

  // The roll-up: per reporting day, campaign, node, outcome, reason, region and channel.
  const rows = new Map<string, RollupRow>();
  const tasks: (typeof frontlineTasks.$inferInsert)[] = [];
  const sampled = new Set<string>();
  const eventsPerDay = new Map<number, number>();
  const journeyRows: (typeof journeys.$inferInsert)[] = [];
  const stepRows: (typeof steps.$inferInsert)[] = [];
  for (const flow of flows) {
    const first = Math.max(1, flow.spec.liveDaysAgo ?? 0);
    const last = flow.spec.stoppedDaysAgo ?? 1;
    for (let ago = first; ago >= Math.max(1, last); ago--) {
      const day = today - ago * DAY;
      const weekday = new Date(day + 8 * HOUR).getUTCDay();
      const maturity = 1 - ago / DAYS;
      const weekly = flow.spec.example === 'weekly-gold-batch' ? (weekday === 1 ? 7 : 0) : weekday === 0 || weekday === 6 ? 0.75 : 1.08;
      const total = Math.round(flow.spec.volume * weekly * (0.7 + 0.3 * maturity) * (0.9 + rnd() * 0.2));
      eventsPerDay.set(day, (eventsPerDay.get(day) ?? 0) + total * 3);
      if (ago === Math.max(1, last)) {
        // The campaign's last day is kept as real journeys and steps (a sample), which the
        // roll-up worker counts like any other: its figures lead to real customers.
        const sample = Math.min(40, Math.max(8, Math.round(total / 25)));
        for (let j = 0; j < sample; j++) {
          const journeyId = demoUuid(rnd);
          const customerId = `C${String(700 + Math.floor(rnd() * 240)).padStart(6, '0')}`;
          const start = day + (8.5 + rnd() * 11) * HOUR;
          journeyRows.push({ id: journeyId, customerId, campaignId: flow.campaignId, flowVersionId: flow.versionId, versionHash: flow.hash, status: 'done', snapshot: {}, startedAt: new Date(start), updatedAt: new Date(start) });
          walkJourney(flow, maturity, rnd).forEach((w, k) => {
            const at = new Date(start + k * 1000 + (w.outcome === 'converted' || w.outcome === 'not_converted' ? 2 * HOUR : 0));
            const contact = w.outcome === 'sent' || w.outcome === 'suppressed';
            stepRows.push({
              journeyId,
              customerId,
              campaignId: flow.campaignId,
              versionHash: flow.hash,
              nodeId: w.node.id,
              nodeKind: contact ? (w.channel ?? w.node.kind) : w.node.kind,
              outcome: w.outcome,
              detail: w.outcome === 'sent' ? { channel: w.channel } : w.outcome === 'suppressed' ? { reason: w.reason, detail: 'demo history' } : {},
              at,
            });
            if (w.outcome === 'sent' && w.channel && PEOPLE.has(w.channel)) {
              const accepted = rnd() < 0.4;
              const region = regionOf.get(customerId) ?? '';
              sampled.add(`demo-history:${journeyId}:${w.node.id}`);
              tasks.push({
                effectKey: `demo-history:${journeyId}:${w.node.id}`,
                kind: w.channel,
                customerId,
                campaignId: flow.campaignId,
                journeyId,
                nodeId: w.node.id,
                script: w.node.id,
                region: region || null,
                commissionCny: (w.node.params as { commissionCny?: number }).commissionCny ?? (w.channel === 'frontline' ? 30 : 8),
                status: 'done',
                outcome: accepted ? 'accepted' : 'declined',
                outcomeAt: new Date(at.getTime() + HOUR),
                outcomeShopId: w.channel === 'frontline' ? 'HZ-XH-02' : null,
                outcomeTeam: w.channel !== 'frontline' ? 'hz-outbound-2' : null,
                dueAt: new Date(at.getTime() + 72 * HOUR),
                createdAt: at,
              });
            }
          });
        }
        continue;
      }
      for (const [region, share] of REGIONS) {
        const entered = part(total, share, rnd);
        const people = simulateDay(flow, entered, maturity, rnd, (node, outcome, n, extra = {}) => {
          const channel = extra.channel ?? (outcome === 'converted' ? '' : (CONTACT_CHANNEL[node.kind] ?? ''));
          const key = [day, flow.campaignId, node.id, outcome, extra.reason ?? '', region, channel].join('|');
          const r = rows.get(key) ?? {
            at: new Date(day),
            campaignId: flow.campaignId,
            nodeId: node.id,
            nodeKind: node.kind,
            channel,
            outcome,
            reason: extra.reason ?? '',
            region,
            department: flow.department,
            n: 0,
            revenueCny: 0,
            latencyMsSum: 0,
            latencyN: 0,
            demo: true,
          };
          r.n += n;
          r.revenueCny += extra.revenue ?? 0;
          if (extra.latency !== undefined) {
            r.latencyMsSum += Math.round(extra.latency);
            r.latencyN += n;
          }
          rows.set(key, r);
        });
        for (const p of people) {
          const params = p.node.params as { commissionCny?: number };
          const shops = SHOPS[region];
          const accept = (p.channel === 'inbound' ? 0.36 : p.channel === 'outbound_call' ? 0.55 : 0.3) * (0.6 + 0.5 * maturity);
          for (let i = 0; i < p.n; i++) {
            const created = new Date(day + (9 + rnd() * 10) * HOUR);
            const worked = rnd() < 0.92;
            const accepted = worked && rnd() < accept;
            const who = shops[Math.floor(rnd() * shops.length)];
            tasks.push({
              effectKey: `demo-history:${flow.campaignId}:${p.node.id}:${day}:${region}:${i}`,
              kind: p.channel,
              customerId: `C${String(700 + Math.floor(rnd() * 240)).padStart(6, '0')}`,
              campaignId: flow.campaignId,
              journeyId: flow.campaignId,
              nodeId: p.node.id,
              script: p.node.id,
              region,
              commissionCny: params.commissionCny ?? (p.channel === 'frontline' ? 30 : 8),
              status: worked ? 'done' : 'expired',
              outcome: worked ? (accepted ? 'accepted' : rnd() < 0.5 ? 'declined' : 'not_interested') : null,
              outcomeAt: worked ? new Date(created.getTime() + (0.1 + rnd() * 3) * HOUR) : null,
              outcomeShopId: worked && p.channel === 'frontline' ? who.shop : null,
              outcomeTeam: worked && p.channel !== 'frontline' ? who.team : null,
              dueAt: new Date(created.getTime() + 72 * HOUR),
              createdAt: created,
            });
          }
          if (p.n > 0) {
            const key = [day, flow.campaignId, p.node.id, 'sent', '', region, p.channel].join('|');
            rows.set(key, {
              at: new Date(day),
              campaignId: flow.campaignId,
              nodeId: p.node.id,
              nodeKind: p.node.kind,
              channel: p.channel,
              outcome: 'sent',
              reason: '',
              region,
              department: flow.department,
              n: (rows.get(key)?.n ?? 0) + p.n,
              revenueCny: 0,
              latencyMsSum: (rows.get(key)?.latencyMsSum ?? 0) + p.n * 700,
              latencyN: (rows.get(key)?.latencyN ?? 0) + p.n,
              demo: true,
            });
          }
        }
      }
    }
  }
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  await bulkInsert(
    tx,
    'analytics_step_days',
    { day: 'timestamptz', campaign_id: 'uuid', node_id: 'text', node_kind: 'text', channel: 'text', outcome: 'text', reason: 'text', region: 'text', department: 'text', n: 'bigint', revenue_cny: 'float8', latency_ms_sum: 'bigint', latency_n: 'bigint', demo: 'boolean' },
    [...rows.values()].map((r) => ({
      day: iso(r.at),
      campaign_id: r.campaignId,
      node_id: r.nodeId,
      node_kind: r.nodeKind,
      channel: r.channel,
      outcome: r.outcome,
      reason: r.reason,
      region: r.region,
      department: r.department,
      n: r.n,
      revenue_cny: r.revenueCny,
      latency_ms_sum: r.latencyMsSum,
      latency_n: r.latencyN,
      demo: true,
    })),
  );
  await bulkInsert(
    tx,
    'frontline_tasks',
    { effect_key: 'text', kind: 'text', customer_id: 'text', campaign_id: 'uuid', journey_id: 'uuid', node_id: 'text', script: 'text', region: 'text', commission_cny: 'float8', status: 'text', outcome: 'text', outcome_at: 'timestamptz', outcome_shop_id: 'text', outcome_team: 'text', due_at: 'timestamptz', created_at: 'timestamptz' },
    tasks.map((t) => ({
      effect_key: t.effectKey,
      kind: t.kind,
      customer_id: t.customerId,
      campaign_id: t.campaignId,
      journey_id: t.journeyId,
      node_id: t.nodeId,
      script: t.script,
      region: t.region,
      commission_cny: t.commissionCny,
      status: t.status,
      outcome: t.outcome,
      outcome_at: iso(t.outcomeAt),
      outcome_shop_id: t.outcomeShopId,
      outcome_team: t.outcomeTeam,
      due_at: iso(t.dueAt),
      created_at: iso(t.createdAt),
    })),
  );
  await bulkInsert(
    tx,
    'journeys',
    { id: 'uuid', customer_id: 'text', campaign_id: 'uuid', flow_version_id: 'uuid', version_hash: 'text', status: 'text', snapshot: 'jsonb', started_at: 'timestamptz', updated_at: 'timestamptz' },
    journeyRows.map((j) => ({ id: j.id, customer_id: j.customerId, campaign_id: j.campaignId, flow_version_id: j.flowVersionId, version_hash: j.versionHash, status: j.status, snapshot: {}, started_at: iso(j.startedAt), updated_at: iso(j.updatedAt) })),
  );
  await bulkInsert(
    tx,
    'steps',
    { journey_id: 'uuid', customer_id: 'text', campaign_id: 'uuid', version_hash: 'text', node_id: 'text', node_kind: 'text', outcome: 'text', detail: 'jsonb', at: 'timestamptz' },
    stepRows.map((x) => ({ journey_id: x.journeyId, customer_id: x.customerId, campaign_id: x.campaignId, version_hash: x.versionHash, node_id: x.nodeId, node_kind: x.nodeKind, outcome: x.outcome, detail: x.detail, at: iso(x.at) })),
  );

  // What the roll-up worker would have made of the generated tasks, and complaints.
  const departmentOf = new Map(flows.map((f) => [f.campaignId, f.department]));
  const frontline = demoFrontlineRows(tasks, sampled, departmentOf);
  await bulkInsert(
    tx,
    'analytics_frontline_days',
    { day: 'timestamptz', campaign_id: 'uuid', department: 'text', kind: 'text', region: 'text', shop: 'text', team: 'text', pushed: 'bigint', worked: 'bigint', accepted: 'bigint', commission_cny: 'float8', demo: 'boolean' },
    frontline.map((b) => ({ day: iso(b.day), campaign_id: b.campaignId, department: b.department, kind: b.kind, region: b.region, shop: b.shop, team: b.team, pushed: b.pushed, worked: b.worked, accepted: b.accepted, commission_cny: b.commissionCny, demo: true })),
  );
  const sentRows = [...rows.values()].filter((r) => r.outcome === 'sent' && r.n > 0);
  const historyDays = Array.from({ length: DAYS }, (_, i) => today - (DAYS - i) * DAY);
  const complaints = demoComplaints(sentRows, historyDays, REGIONS, (day) => 1 - (today - day) / DAY / DAYS, rnd);
  await bulkInsert(
    tx,
    'analytics_complaint_hours',
    { hour: 'timestamptz', campaign_id: 'text', department: 'text', channel: 'text', category: 'text', source: 'text', region: 'text', n: 'bigint', demo: 'boolean' },
    complaints.map((b) => ({ hour: iso(b.hour), campaign_id: b.campaignId, department: b.department, channel: b.channel, category: b.category, source: b.source, region: b.region, n: b.n, demo: true })),
  );

  // Touchpoint events: more than the journeys they start (most events match no campaign).
  const TYPES: [string, number][] = [
    ['data_usage_80pct', 0.34],
    ['balance_low', 0.22],
    ['inbound_call', 0.12],
    ['roaming_arrival', 0.08],
    ['counter_visit', 0.08],
    ['top_up', 0.1],
    ['order_placed', 0.04],
    ['contract_expiring', 0.02],
  ];
  const eventRows: (typeof analyticsEventHours.$inferInsert)[] = [];
  for (let ago = DAYS; ago >= 1; ago--) {
    const day = today - ago * DAY;
    const total = Math.max(eventsPerDay.get(day) ?? 0, 1500 + Math.round(rnd() * 500));
    for (const [type, share] of TYPES)
      for (const [region, rs] of REGIONS) eventRows.push({ hour: new Date(day + 12 * HOUR), type, region, n: part(total, share * rs, rnd), demo: true });
  }
  // Complaints are touchpoint events too.
  const complaintEvents = new Map<string, typeof analyticsEventHours.$inferInsert>();
  for (const c of complaints) {
    const key = `${c.hour.getTime()}|${c.region}`;
    const e = complaintEvents.get(key) ?? { hour: c.hour, type: 'complaint', region: c.region, n: 0, demo: true };
    e.n += c.n;
    complaintEvents.set(key, e);
  }
  eventRows.push(...complaintEvents.values());
  await bulkInsert(
    tx,
    'analytics_event_hours',
    { hour: 'timestamptz', type: 'text', region: 'text', n: 'bigint', demo: 'boolean' },
    eventRows.map((e) => ({ hour: iso(e.hour as Date), type: e.type, region: e.region, n: e.n, demo: true })),
  );

  // Opt-outs over the months: customers the demo data already marks as opted out, spread evenly
  // from yesterday back (newest first) so that every month of the history, the last 30 days the
  // dashboard opens on included, has opt-outs from both the hotline and SMS replies whatever the
  // date (a random day each once left a month with SMS replies only).
  const optedOut = await tx
    .select({ id: sql<string>`id` })
    .from(sql`customers`)
    .where(sql`(tags->>'opted_out')::boolean and id between 'C000700' and 'C000940'`)
    .orderBy(sql`id`)
    .limit(60);
  if (optedOut.length) {
    await tx
      .insert(contactBlocks)
      .values(
        optedOut.map((c, i) => ({
          customerId: c.id,
          channel: i % 4 === 0 ? 'sms' : '*',
          reason: 'opt_out',
          source: i % 3 === 0 ? 'hotline' : 'sms_reply',
          createdAt: new Date(today - (1 + Math.floor((i * (DAYS - 1)) / optedOut.length)) * DAY + 11 * HOUR),
        })),
      )
      .onConflictDoNothing();
  }

  await tx.insert(settings).values({ key: SETTINGS_KEY, value: { campaignIds: ids } }).onConflictDoNothing();
}

/** Removes the demo history (its campaigns, their rows and the demo roll-up rows). */
export async function clearDemoHistory(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(settings).where(eq(settings.key, SETTINGS_KEY));
    const ids = ((row?.value as { campaignIds?: string[] } | undefined)?.campaignIds ?? []).filter((x) => typeof x === 'string');
    await tx.delete(analyticsStepDays).where(eq(analyticsStepDays.demo, true));
    await tx.delete(analyticsEventHours).where(eq(analyticsEventHours.demo, true));
    await tx.delete(analyticsFrontlineDays).where(eq(analyticsFrontlineDays.demo, true));
    await tx.delete(analyticsComplaintHours).where(eq(analyticsComplaintHours.demo, true));
    if (ids.length) {
      await tx.delete(frontlineTasks).where(inArray(frontlineTasks.campaignId, ids));
      await tx.delete(steps).where(inArray(steps.campaignId, ids));
      await tx.delete(journeys).where(inArray(journeys.campaignId, ids));
      await tx.delete(analyticsStepDays).where(inArray(analyticsStepDays.campaignId, ids));
      await tx.delete(analyticsStepHours).where(inArray(analyticsStepHours.campaignId, ids));
      await tx.delete(analyticsNodeCounts).where(inArray(analyticsNodeCounts.campaignId, ids));
      await tx.delete(analyticsFrontlineDays).where(inArray(analyticsFrontlineDays.campaignId, ids));
      await tx.delete(analyticsComplaintHours).where(inArray(analyticsComplaintHours.campaignId, ids));
      await tx.delete(campaigns).where(inArray(campaigns.id, ids));
    }
    await tx.delete(settings).where(eq(settings.key, SETTINGS_KEY));
  });
}
