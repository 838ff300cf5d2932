// The Execution dashboard: events received, journeys entered, contacts by channel, suppressions
// by reason, success by channel and campaign, revenue, opt-outs. Step figures come from the
// roll-ups only; acceptances from frontline tasks (small, indexed on outcome_at).
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { campaignUsage, UNIT_COST_CNY } from '../services/campaign-plan';
import { queryRows, REPORT_TZ } from './rollup';
import { frontlineFigures } from './frontline';
import { ignoredFilters, PEOPLE_CHANNELS, stepSource, stepWhere, ts, type DashboardFilter } from './filters';

const OUTCOMES = ['entered', 'contact_requested', 'sent', 'suppressed', 'ineligible', 'failed', 'converted', 'not_converted'];
/**
 * Customers an eligibility check turned away (its `ineligible` output) were held back from the
 * offer as surely as by the contact policy: counted with the suppressions, under this reason.
 */
export const INELIGIBLE = 'ineligible';

export interface ChannelFigures {
  channel: string;
  requested: number;
  sent: number;
  suppressed: number;
  failed: number;
  successes: number;
  /** successes / sent, null when nothing was sent. */
  successRate: number | null;
}

export interface CampaignFigures {
  campaignId: string;
  name: string;
  department: string;
  entered: number;
  sent: number;
  suppressed: number;
  conversions: number;
  successes: number;
  successRate: number | null;
  revenueCny: number;
  complaints: number;
}

export interface TrendPoint {
  day: string;
  events: number;
  entered: number;
  sent: number;
  suppressed: number;
  converted: number;
  complaints: number;
}

const rate = (s: number, n: number) => (n > 0 ? s / n : null);

export async function executionDashboard(db: Executor, f: DashboardFilter) {
  const src = stepSource(f);
  const where = stepWhere(f, src.at);
  const outcomes = sql.join(OUTCOMES.map((o) => sql`${o}`), sql`, `);
  const [grouped, trendRows, eventRows, accepted, optOuts, complaintRows] = await Promise.all([
    queryRows<{ campaign_id: string; outcome: string; channel: string; reason: string; n: number; revenue: number; lat: number; lat_n: number }>(
      db,
      sql`select campaign_id, outcome, channel, reason, sum(n)::float8 as n, sum(revenue_cny)::float8 as revenue,
                 sum(latency_ms_sum)::float8 as lat, sum(latency_n)::float8 as lat_n
          from ${src.table} where ${where} and outcome in (${outcomes})
          group by campaign_id, outcome, channel, reason`,
    ),
    queryRows<{ day: string; outcome: string; n: number }>(
      db,
      sql`select to_char(date_trunc('day', ${src.at} at time zone ${REPORT_TZ}), 'YYYY-MM-DD') as day, outcome, sum(n)::float8 as n
          from ${src.table} where ${where} and outcome in ('entered', 'sent', 'suppressed', 'ineligible', 'converted')
          group by 1, 2`,
    ),
    queryRows<{ day: string; n: number }>(
      db,
      sql`select to_char(date_trunc('day', hour at time zone ${REPORT_TZ}), 'YYYY-MM-DD') as day, sum(n)::float8 as n
          from analytics_event_hours
          where hour >= ${ts(f.from)} and hour < ${ts(f.to)} ${f.region ? sql`and region = ${f.region}` : sql``}
          group by 1`,
    ),
    acceptedTasks(db, f),
    queryRows<{ channel: string; source: string; n: number }>(
      db,
      // One row per kind of source: a frontline opt-out's source names its task (`frontline:<task>`).
      sql`select b.channel, split_part(b.source, ':', 1) as source, count(*)::float8 as n from contact_blocks b
          ${f.region ? sql`join customers c on c.id = b.customer_id and c.tags->>'region' = ${f.region}` : sql``}
          where b.reason = 'opt_out' and b.created_at >= ${ts(f.from)} and b.created_at < ${ts(f.to)}
          group by 1, 2 order by 3 desc`,
    ),
    complaintFigures(db, f),
  ]);

  const channels = new Map<string, ChannelFigures>();
  const channelOf = (c: string) => {
    let x = channels.get(c);
    if (!x) channels.set(c, (x = { channel: c, requested: 0, sent: 0, suppressed: 0, failed: 0, successes: 0, successRate: null }));
    return x;
  };
  const campaigns = new Map<string, Omit<CampaignFigures, 'name' | 'department'>>();
  const campaignOf = (id: string) => {
    let x = campaigns.get(id);
    if (!x) campaigns.set(id, (x = { campaignId: id, entered: 0, sent: 0, suppressed: 0, conversions: 0, successes: 0, successRate: null, revenueCny: 0, complaints: 0 }));
    return x;
  };
  const reasons = new Map<string, number>();
  let entered = 0,
    sent = 0,
    suppressed = 0,
    conversions = 0,
    notConverted = 0,
    revenue = 0,
    latSum = 0,
    latN = 0;
  for (const r of grouped) {
    const n = Number(r.n);
    const c = campaignOf(r.campaign_id);
    switch (r.outcome) {
      case 'entered':
        entered += n;
        c.entered += n;
        break;
      case 'contact_requested':
        if (r.channel) channelOf(r.channel).requested += n;
        break;
      case 'sent':
        sent += n;
        c.sent += n;
        channelOf(r.channel).sent += n;
        latSum += Number(r.lat);
        latN += Number(r.lat_n);
        break;
      case 'suppressed':
        suppressed += n;
        c.suppressed += n;
        if (r.channel) channelOf(r.channel).suppressed += n;
        reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + n);
        break;
      case 'ineligible':
        suppressed += n;
        c.suppressed += n;
        reasons.set(INELIGIBLE, (reasons.get(INELIGIBLE) ?? 0) + n);
        break;
      case 'failed':
        if (r.channel) channelOf(r.channel).failed += n;
        break;
      case 'converted':
        conversions += n;
        c.conversions += n;
        revenue += Number(r.revenue);
        c.revenueCny += Number(r.revenue);
        // Automated channels succeed by conversion; people channels by the recorded outcome.
        if (r.channel && !PEOPLE_CHANNELS.includes(r.channel)) {
          channelOf(r.channel).successes += n;
          c.successes += n;
        }
        break;
      case 'not_converted':
        notConverted += n;
        break;
    }
  }
  for (const a of accepted) {
    channelOf(a.channel).successes += Number(a.n);
    campaignOf(a.campaign_id).successes += Number(a.n);
  }
  for (const ch of channels.values()) ch.successRate = rate(ch.successes, ch.sent);
  for (const c of campaigns.values()) c.successRate = rate(c.successes, c.sent);

  const trend = new Map<string, TrendPoint>();
  const point = (day: string) => {
    let p = trend.get(day);
    if (!p) trend.set(day, (p = { day, events: 0, entered: 0, sent: 0, suppressed: 0, converted: 0, complaints: 0 }));
    return p;
  };
  for (const r of trendRows) point(r.day)[(r.outcome === 'ineligible' ? 'suppressed' : r.outcome) as 'entered' | 'sent' | 'suppressed' | 'converted'] += Number(r.n);
  let events = 0;
  for (const r of eventRows) {
    point(r.day).events += Number(r.n);
    events += Number(r.n);
  }
  const complaints = new Map<string, { category: string; channel: string; source: string; n: number }>();
  let complaintTotal = 0;
  for (const r of complaintRows) {
    const n = Number(r.n);
    complaintTotal += n;
    point(r.day).complaints += n;
    if (r.campaign_id) campaignOf(r.campaign_id).complaints += n;
    const key = `${r.category}|${r.channel}|${r.source}`;
    const x = complaints.get(key) ?? { category: r.category, channel: r.channel, source: r.source, n: 0 };
    x.n += n;
    complaints.set(key, x);
  }
  const [names, budget] = await Promise.all([
    campaigns.size
      ? queryRows<{ id: string; name: string; department: string }>(
          db,
          sql`select id, name, department from campaigns where id in (${sql.join([...campaigns.keys()].map((id) => sql`${id}::uuid`), sql`, `)})`,
        )
      : [],
    budgetBurn(db, f),
  ]);
  const nameOf = new Map(names.map((n) => [n.id, n]));

  const successes = [...channels.values()].reduce((s, c) => s + c.successes, 0);
  // Cost: contacts made times the channel's unit cost (the same prices the budget guard uses).
  const costCny = [...channels.values()].reduce((s, c) => s + c.sent * (UNIT_COST_CNY[c.channel] ?? 0), 0);
  const optOutTotal = optOuts.reduce((s, o) => s + Number(o.n), 0);

  return {
    totals: {
      events,
      entered,
      sent,
      suppressed,
      conversions,
      notConverted,
      successes,
      successRate: rate(successes, sent),
      revenueCny: revenue,
      optOuts: optOutTotal,
      complaints: complaintTotal,
      /** Complaints per 10,000 contacts made (万投比), null when nothing was sent. */
      complaintsPer10k: sent > 0 ? (complaintTotal / sent) * 10_000 : null,
      avgLatencyMs: latN > 0 ? latSum / latN : null,
      costCny,
    },
    channels: [...channels.values()].sort((a, b) => b.sent - a.sent || a.channel.localeCompare(b.channel)),
    suppressions: [...reasons.entries()].map(([reason, n]) => ({ reason, n })).sort((a, b) => b.n - a.n),
    campaigns: [...campaigns.values()]
      .map((c) => ({ ...c, name: nameOf.get(c.campaignId)?.name ?? c.campaignId, department: nameOf.get(c.campaignId)?.department ?? '' }))
      .sort((a, b) => b.sent - a.sent || b.entered - a.entered),
    trend: [...trend.values()].sort((a, b) => a.day.localeCompare(b.day)),
    optOuts: optOuts.map((o) => ({ channel: o.channel, source: o.source, n: Number(o.n) })),
    /** Complaints by category, the contact channel complained about and where they were lodged. */
    complaints: [...complaints.values()].sort((a, b) => b.n - a.n || a.category.localeCompare(b.category)),
    /** Campaigns with a budget: what they have spent so far (lifetime, not the date range). */
    budget,
    ignored: {
      events: ignoredFilters(f, ['region']),
      optOuts: ignoredFilters(f, ['region']),
    },
  };
}

/** Complaints (analytics_complaint_hours) per reporting day, campaign, category, channel and source. */
function complaintFigures(db: Executor, f: DashboardFilter) {
  return queryRows<{ day: string; campaign_id: string; category: string; channel: string; source: string; n: number }>(
    db,
    sql`select to_char(date_trunc('day', hour at time zone ${REPORT_TZ}), 'YYYY-MM-DD') as day, campaign_id, category, channel, source, sum(n)::float8 as n
        from analytics_complaint_hours
        where hour >= ${ts(f.from)} and hour < ${ts(f.to)}
          ${f.department ? sql`and department = ${f.department}` : sql``}
          ${f.campaignId ? sql`and campaign_id = ${f.campaignId}` : sql``}
          ${f.channel ? sql`and channel = ${f.channel}` : sql``}
          ${f.region ? sql`and region = ${f.region}` : sql``}
        group by 1, 2, 3, 4, 5`,
  );
}

/** Budget burn of the campaigns in the filter that have a budget in their allocation. */
async function budgetBurn(db: Executor, f: DashboardFilter) {
  const rows = await queryRows<{ id: string; name: string; department: string; budget: number }>(
    db,
    sql`select c.id, c.name, c.department, (c.allocation->>'budgetCny')::float8 as budget from campaigns c
        where c.allocation ? 'budgetCny'
          ${f.department ? sql`and c.department = ${f.department}` : sql``}
          ${f.campaignId ? sql`and c.id = ${f.campaignId}::uuid` : sql``}
        order by c.name`,
  );
  const usage = await campaignUsage(db, rows.map((r) => r.id));
  return rows.map((r) => {
    const spent = usage.get(r.id)?.costCny ?? 0;
    const budget = Number(r.budget);
    return { campaignId: r.id, name: r.name, department: r.department, budgetCny: budget, spentCny: spent, burn: budget > 0 ? spent / budget : null };
  });
}

/**
 * Accepted outcomes recorded on people-channel tasks: their channels' successes. Whole days come
 * from the frontline roll-up; a range cut inside a day (an hour, say) reads the accepted tasks
 * themselves through their outcome-time index.
 */
export async function acceptedTasks(db: Executor, f: DashboardFilter) {
  if (stepSource(f).daily) {
    const rows = await frontlineFigures(db, f, 'kind, campaign_id');
    return rows.filter((r) => Number(r.accepted) > 0).map((r) => ({ channel: r.kind, campaign_id: r.campaign_id, n: Number(r.accepted) }));
  }
  return queryRows<{ channel: string; campaign_id: string; n: number }>(
    db,
    sql`select t.kind as channel, t.campaign_id, count(*)::float8 as n
        from frontline_tasks t ${f.department ? sql`join campaigns c on c.id = t.campaign_id and c.department = ${f.department}` : sql``}
        where t.outcome = 'accepted' and t.outcome_at >= ${ts(f.from)} and t.outcome_at < ${ts(f.to)}
          ${f.campaignId ? sql`and t.campaign_id = ${f.campaignId}::uuid` : sql``}
          ${f.channel ? sql`and t.kind = ${f.channel}` : sql``}
          ${f.region ? sql`and t.region = ${f.region}` : sql``}
        group by 1, 2`,
  );
}

export type ExecutionDashboard = Awaited<ReturnType<typeof executionDashboard>>;
