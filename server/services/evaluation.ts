// Campaign evaluation (issue 6), at the end of a campaign or on demand: entries, contacts and
// suppressions by channel and reason, responses, conversions and revenue, cost against the
// allocation, opt-outs, and the lift over the control group with a 95% confidence interval.
// Counts come from the dashboards' hourly roll-ups (demo history excluded); the lift needs each
// journey's arm and outcome, so it reads the campaign's steps.
import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../analytics/rollup';
import type { Executor } from '../db/client';
import { FlowGraph, offerChoiceProducts, t } from '../../workflows';
import { Duration, durationMs } from '../../workflows/kinds/duration';
import { analyticsStepHours, flowVersions } from '../db/schema';
import { Allocation, campaignUsage, UNIT_COST_CNY } from './campaign-plan';
import type { Actor } from '../auth/roles';
import { appendAudit } from './audit';
import { getCampaign, moveCampaign } from './campaigns';
import { ServiceError } from './errors';
import { loadCatalog } from './catalog';

const Z95 = 1.959963984540054;

/** Wilson score interval of a proportion (the building block of Newcombe's interval). */
export function wilson(x: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const denom = 1 + (z * z) / n;
  const centre = p + (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [(centre - half) / denom, (centre + half) / denom];
}

/**
 * Difference of two proportions x1/n1 - x2/n2 with Newcombe's hybrid score interval (method 10 of
 * Newcombe 1998): good coverage for small groups and rates near 0, where Wald's is too narrow.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = Z95) {
  const p1 = n1 ? x1 / n1 : 0;
  const p2 = n2 ? x2 / n2 : 0;
  const [l1, u1] = wilson(x1, n1, z);
  const [l2, u2] = wilson(x2, n2, z);
  const d = p1 - p2;
  return { difference: d, low: d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), high: d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2) };
}

export interface Evaluation {
  campaign: { id: string; name: string; department: string; status: string; objective: string; startAt: Date | null; endAt: Date | null };
  entries: number;
  channels: { channel: string; contacts: number; suppressed: number; conversions: number; revenueCny: number; costCny: number }[];
  suppressions: { channel: string; reason: string; n: number }[];
  responses: number;
  conversions: number;
  revenueCny: number;
  costCny: number;
  allocation: Allocation;
  optOuts: number;
  lift: null | {
    treatment: { journeys: number; converted: number; rate: number };
    control: { journeys: number; converted: number; rate: number };
    difference: number;
    ci95: [number, number];
    method: 'newcombe';
  };
}

export async function evaluateCampaign(db: Executor, campaignId: string): Promise<Evaluation> {
  const c = await getCampaign(db, campaignId);
  const rows = await db
    .select({
      outcome: analyticsStepHours.outcome,
      channel: analyticsStepHours.channel,
      reason: analyticsStepHours.reason,
      n: sql<number>`sum(${analyticsStepHours.n})::float8`,
      revenue: sql<number>`sum(${analyticsStepHours.revenueCny})::float8`,
    })
    .from(analyticsStepHours)
    .where(and(eq(analyticsStepHours.campaignId, campaignId), eq(analyticsStepHours.demo, false)))
    .groupBy(analyticsStepHours.outcome, analyticsStepHours.channel, analyticsStepHours.reason);
  const sum = (f: (r: (typeof rows)[number]) => boolean, v: (r: (typeof rows)[number]) => number = (r) => r.n) => rows.filter(f).reduce((a, r) => a + v(r), 0);
  const channelNames = [...new Set(rows.filter((r) => r.channel && ['sent', 'suppressed', 'converted'].includes(r.outcome)).map((r) => r.channel))].sort();
  const channels = channelNames.map((channel) => {
    const contacts = sum((r) => r.channel === channel && r.outcome === 'sent');
    return {
      channel,
      contacts,
      suppressed: sum((r) => r.channel === channel && r.outcome === 'suppressed'),
      conversions: sum((r) => r.channel === channel && r.outcome === 'converted'),
      revenueCny: sum((r) => r.channel === channel && r.outcome === 'converted', (r) => r.revenue),
      costCny: contacts * (UNIT_COST_CNY[channel] ?? 0),
    };
  });
  const usage = (await campaignUsage(db, [campaignId])).get(campaignId)!;
  const [opt] = await queryRows<{ n: number }>(db, sql`
    select count(distinct b.customer_id)::int as n from contact_blocks b
    where b.reason = 'opt_out' and exists (select 1 from contact_ledger l where l.campaign_id = ${campaignId}
      and l.customer_id = b.customer_id and l.at <= b.created_at)`);
  // Both arms are measured the same way: an order for one of the campaign's products (any order
  // when it names none) within the goal's window after the customer was assigned an arm. A goal
  // node only sees the treated, so its `converted` steps cannot be compared with the control.
  const { products, windowMs } = await conversionRule(db, c.liveVersionId);
  const productList = products.length ? sql`and e.attributes->>'product_id' in (${sql.join(products.map((p) => sql`${p}`), sql`, `)})` : sql``;
  const arms = await queryRows<{ arm: string; journeys: number; converted: number }>(db, sql`
    select a.outcome as arm, count(*)::int as journeys,
      count(*) filter (where exists (select 1 from events e where e.customer_id = a.customer_id and e.type = 'order_placed'
        and e.occurred_at >= a.at and e.occurred_at < a.at + (${windowMs} * interval '1 millisecond') ${productList}))::int as converted
    from steps a
    where a.campaign_id = ${campaignId} and a.node_kind = 'control_group' and a.outcome in ('control', 'treatment')
    group by a.outcome`);
  const arm = (name: string) => {
    const a = arms.find((x) => x.arm === name);
    const journeys = a?.journeys ?? 0;
    const converted = a?.converted ?? 0;
    return { journeys, converted, rate: journeys ? converted / journeys : 0 };
  };
  const treatment = arm('treatment');
  const control = arm('control');
  const diff = newcombeDifference(treatment.converted, treatment.journeys, control.converted, control.journeys);
  return {
    campaign: { id: c.id, name: c.name, department: c.department, status: c.status, objective: c.objective, startAt: c.startAt, endAt: c.endAt },
    entries: sum((r) => r.outcome === 'entered'),
    channels,
    suppressions: rows.filter((r) => r.outcome === 'suppressed').map((r) => ({ channel: r.channel, reason: r.reason || 'unknown', n: r.n })).sort((a, b) => b.n - a.n),
    responses: sum((r) => r.outcome === 'event'),
    conversions: sum((r) => r.outcome === 'converted'),
    revenueCny: sum((r) => r.outcome === 'converted', (r) => r.revenue),
    costCny: usage.costCny,
    allocation: Allocation.parse(c.allocation),
    optOuts: opt?.n ?? 0,
    lift: treatment.journeys && control.journeys ? { treatment, control, difference: diff.difference, ci95: [diff.low, diff.high], method: 'newcombe' } : null,
  };
}

/** The products a version offers (eligibility checks, offer choices) and its longest goal window. */
async function conversionRule(db: Executor, versionId: string | null): Promise<{ products: string[]; windowMs: number }> {
  const fallback = { products: [], windowMs: 7 * 24 * 3600_000 };
  if (!versionId) return fallback;
  const [v] = await db.select({ graph: flowVersions.graph }).from(flowVersions).where(eq(flowVersions.id, versionId));
  const graph = FlowGraph.safeParse(v?.graph);
  if (!graph.success) return fallback;
  const products = new Set<string>();
  let windowMs = 0;
  for (const n of graph.data.nodes) {
    const p = n.params as { productId?: unknown; window?: unknown };
    if (n.kind === 'eligibility' && typeof p.productId === 'string') products.add(p.productId);
    if (n.kind === 'goal') {
      const w = Duration.safeParse(p.window);
      if (w.success) windowMs = Math.max(windowMs, durationMs(w.data));
    }
  }
  // An offer choice offers its offers' products (the catalog says which product an offer sells).
  if (graph.data.nodes.some((n) => n.kind === 'offer_choice')) {
    for (const p of offerChoiceProducts(graph.data.nodes, await loadCatalog(db))) products.add(p);
  }
  return { products: [...products], windowMs: windowMs || fallback.windowMs };
}

/** ended -> evaluated: who reviewed the report, and when, with the figures they saw. */
export async function markEvaluated(db: Executor, actor: Actor, campaignId: string) {
  const c = await getCampaign(db, campaignId);
  if (c.status !== 'ended') throw new ServiceError('PRECONDITION_FAILED', t(`campaign "${c.name}" is ${c.status}; only an ended campaign can be evaluated`, `营销活动“${c.name}”尚未结束（${c.status}）；只有已结束的活动才能评估`));
  const report = await evaluateCampaign(db, campaignId);
  await moveCampaign(db, c, 'evaluated', actor, null, { kind: 'evaluated', conversions: report.conversions, revenueCny: report.revenueCny, costCny: report.costCny });
  await appendAudit(db, { actor, action: 'campaign.evaluate', entityType: 'campaign', entityId: c.id, detail: { entries: report.entries, conversions: report.conversions, revenueCny: report.revenueCny, costCny: report.costCny, lift: report.lift } });
  return report;
}

const cell = (v: unknown) => {
  const s = String(v ?? '');
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The report as CSV: one `section,key,value…` table a spreadsheet opens as is. */
export function evaluationCsv(e: Evaluation): string {
  const rows: unknown[][] = [['section', 'channel', 'reason', 'metric', 'value']];
  rows.push(['campaign', '', '', 'name', e.campaign.name], ['campaign', '', '', 'status', e.campaign.status], ['campaign', '', '', 'objective', e.campaign.objective]);
  rows.push(['totals', '', '', 'entries', e.entries], ['totals', '', '', 'responses', e.responses], ['totals', '', '', 'conversions', e.conversions]);
  rows.push(['totals', '', '', 'revenue_cny', e.revenueCny.toFixed(2)], ['totals', '', '', 'cost_cny', e.costCny.toFixed(2)], ['totals', '', '', 'opt_outs', e.optOuts]);
  if (e.allocation.budgetCny !== undefined) rows.push(['allocation', '', '', 'budget_cny', e.allocation.budgetCny]);
  for (const [k, v] of [['sms', e.allocation.sms], ['outbound_calls', e.allocation.outboundCalls], ['frontline_tasks', e.allocation.frontlineTasks]] as const) {
    if (v !== undefined) rows.push(['allocation', '', '', k, v]);
  }
  for (const ch of e.channels) {
    for (const k of ['contacts', 'suppressed', 'conversions', 'revenueCny', 'costCny'] as const) rows.push(['channel', ch.channel, '', k, ch[k]]);
  }
  for (const s of e.suppressions) rows.push(['suppression', s.channel, s.reason, 'n', s.n]);
  if (e.lift) {
    rows.push(['lift', '', '', 'treatment_journeys', e.lift.treatment.journeys], ['lift', '', '', 'treatment_converted', e.lift.treatment.converted]);
    rows.push(['lift', '', '', 'control_journeys', e.lift.control.journeys], ['lift', '', '', 'control_converted', e.lift.control.converted]);
    rows.push(['lift', '', '', 'difference', e.lift.difference.toFixed(6)], ['lift', '', '', 'ci95_low', e.lift.ci95[0].toFixed(6)], ['lift', '', '', 'ci95_high', e.lift.ci95[1].toFixed(6)]);
  }
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
