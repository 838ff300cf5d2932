// Drill-downs behind every figure: the campaigns behind a number (roll-up), a campaign's flow
// with per-node counts (roll-up + its current version's graph), and the customers behind a node
// and outcome (steps, read only inside the id ranges of the newest hours the roll-up says hold them;
// sparse outcomes such as conversions through their own index).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { isEntryKind, launchSignoffIds, type FlowNode } from '../../workflows';
import type { Executor } from '../db/client';
import { hourOf, queryRows } from './rollup';
import { stepSource, stepWhere, ts, type DashboardFilter } from './filters';
import { ServiceError } from '../services/errors';
import { inJsonList } from '../db/in-list';

export const DrillSelection = z.object({
  outcome: z.string().min(1).max(64),
  reason: z.string().max(64).optional(),
  campaignId: z.uuid().optional(),
  nodeId: z.string().min(1).max(128).optional(),
});
export type DrillSelection = z.infer<typeof DrillSelection>;

/** The node kinds whose steps belong to a channel (suppressed and sent steps carry the channel). */
const CHANNEL_KINDS: Record<string, string[]> = {
  sms: ['sms'],
  outbound_call: ['outbound_call'],
  inbound: ['inbound', 'inbound_offer'],
  frontline: ['frontline', 'frontline_opportunity'],
  app_push: ['app_push'],
  webhook: ['webhook'],
};

export async function drillCampaigns(db: Executor, f: DashboardFilter, sel: DrillSelection) {
  const src = stepSource(f);
  const rows = await queryRows<{ campaign_id: string; name: string; department: string; n: number; revenue: number }>(
    db,
    sql`select r.campaign_id, c.name, c.department, sum(r.n)::float8 as n, sum(r.revenue_cny)::float8 as revenue
        from ${src.table} r join campaigns c on c.id = r.campaign_id
        where ${stepWhere({ ...f, campaignId: sel.campaignId ?? f.campaignId }, sql`r.${src.at}`)} and r.outcome = ${sel.outcome}
          ${sel.reason !== undefined ? sql`and r.reason = ${sel.reason}` : sql``}
        group by 1, 2, 3 order by n desc limit 500`,
  );
  return rows.map((r) => ({ campaignId: r.campaign_id, name: r.name, department: r.department, n: Number(r.n), revenueCny: Number(r.revenue) }));
}

/**
 * A campaign's customer steps (the nodes of its live or latest version) with their step counts by
 * outcome. Launch sign-offs are left out: they approve the version before anyone enters, no
 * customer passes through them (the loop dashboard follows them).
 */
export async function campaignNodes(db: Executor, f: DashboardFilter, campaignId: string) {
  const [campaign] = await queryRows<{ id: string; name: string; department: string; status: string; graph: unknown }>(
    db,
    sql`select c.id, c.name, c.department, c.status,
          coalesce((select v.graph from flow_versions v where v.id = c.live_version_id),
                   (select v.graph from flow_versions v where v.campaign_id = c.id order by v.version_no desc limit 1),
                   c.draft_graph) as graph
        from campaigns c where c.id = ${campaignId}::uuid`,
  );
  if (!campaign) throw new ServiceError('NOT_FOUND', `campaign ${campaignId} not found`);
  const src = stepSource(f);
  const counts = await queryRows<{ node_id: string; node_kind: string; outcome: string; n: number }>(
    db,
    sql`select node_id, node_kind, outcome, sum(n)::float8 as n from ${src.table}
        where ${stepWhere({ ...f, campaignId, channel: undefined }, src.at)} group by 1, 2, 3`,
  );
  const graph = (campaign.graph ?? {}) as {
    nodes?: { id: string; kind: string; params?: Record<string, unknown> }[];
    edges?: { source: string; sourcePort: string; target: string }[];
  };
  // Kinds as stored; one this server does not know is simply not a sign-off.
  const kinds = (graph.nodes ?? []) as Pick<FlowNode, 'id' | 'kind'>[];
  const signoffs = launchSignoffIds(kinds, graph.edges ?? [], kinds.find((n) => isEntryKind(n.kind))?.id);
  const nodes = new Map<string, { nodeId: string; kind: string; outcomes: Record<string, number>; total: number }>();
  for (const n of graph.nodes ?? []) if (!signoffs.has(n.id)) nodes.set(n.id, { nodeId: n.id, kind: n.kind, outcomes: {}, total: 0 });
  for (const c of counts) {
    let x = nodes.get(c.node_id);
    if (!x) nodes.set(c.node_id, (x = { nodeId: c.node_id, kind: c.node_kind, outcomes: {}, total: 0 }));
    x.outcomes[c.outcome] = (x.outcomes[c.outcome] ?? 0) + Number(c.n);
    x.total += Number(c.n);
  }
  return { campaignId: campaign.id, name: campaign.name, department: campaign.department, status: campaign.status, nodes: [...nodes.values()] };
}

/** A drill-down to customers reads at most this many step rows (by id range), however sparse the figure. */
export const DRILL_SCAN_BUDGET = 150_000;
/**
 * Outcomes of at most a few in a hundred steps, indexed on their own (steps_sparse_outcome_idx):
 * a drill-down to them reads only their rows, so its id ranges may span this many steps.
 */
export const SPARSE_OUTCOMES: readonly string[] = ['converted', 'suppressed'];
export const SPARSE_SCAN_BUDGET = 1_000_000;

/**
 * The hours that hold the figure's rows, newest first (from the hourly roll-up), until they hold
 * `limit` rows or span the scan budget; merged into contiguous id ranges of `steps`. A campaign
 * that ended weeks ago is found without walking back through every newer step.
 */
async function idRanges(db: Executor, f: DashboardFilter, sel: DrillSelection, limit: number): Promise<{ ranges: [number, number][]; campaignIds: string[] }> {
  const hours = await queryRows<{ n: number; lo: number; hi: number; campaign_ids: string[] }>(
    db,
    sql`select sum(r.n)::float8 as n, min(i.min_id)::float8 as lo, max(i.max_id)::float8 as hi, array_agg(distinct r.campaign_id::text) as campaign_ids
        from analytics_step_hours r join analytics_step_id_hours i on i.hour = r.hour
        where ${stepWhere({ ...f, from: hourOf(f.from), campaignId: sel.campaignId ?? f.campaignId }, sql`r.hour`)} and r.outcome = ${sel.outcome}
          ${sel.reason !== undefined ? sql`and r.reason = ${sel.reason}` : sql``}
          ${sel.nodeId ? sql`and r.node_id = ${sel.nodeId}` : sql``}
        group by r.hour order by r.hour desc`,
  );
  const ranges: [number, number][] = [];
  const campaignIds = new Set<string>();
  const budget = SPARSE_OUTCOMES.includes(sel.outcome) ? SPARSE_SCAN_BUDGET : DRILL_SCAN_BUDGET;
  let found = 0;
  let span = 0;
  for (const h of hours) {
    for (const id of h.campaign_ids) campaignIds.add(id);
    const [lo, hi] = [Number(h.lo), Number(h.hi)];
    const last = ranges[ranges.length - 1];
    // Hours overlap at their edges (a step is written a little after its time): merge them.
    if (last && hi >= last[0] - 1) last[0] = Math.min(last[0], lo);
    else ranges.push([lo, hi]);
    found += Number(h.n);
    span += hi - lo + 1;
    if (found >= limit || span >= budget) break;
  }
  return { ranges, campaignIds: [...campaignIds] };
}

/**
 * The customers behind a figure: the latest matching steps (at most `limit`), read only inside
 * the id ranges of the newest hours the roll-up says hold them (never a scan of `steps`).
 */
export async function drillSteps(db: Executor, f: DashboardFilter, sel: DrillSelection, limit = 200) {
  const { ranges, campaignIds } = await idRanges(db, f, sel, limit);
  if (!ranges.length) return [];
  const campaignId = sel.campaignId ?? f.campaignId;
  const kinds = f.channel && sel.outcome !== 'converted' ? CHANNEL_KINDS[f.channel] : undefined;
  // A conversion's channel is that of the last contact its journey was sent before it (as the
  // roll-up credits it): looked up per conversion through the journey's steps.
  const attributedTo = f.channel && sel.outcome === 'converted' ? f.channel : undefined;
  const rows = await queryRows<{ id: number; customer_id: string; name: string | null; campaign_id: string; campaign: string; node_id: string; node_kind: string; outcome: string; reason: string | null; at: Date | string }>(
    db,
    // Customers are looked up per row (EXISTS) or afterwards: joining them would hash a million rows.
    sql`select s.id::float8 as id, s.customer_id, null as name, s.campaign_id, c.name as campaign, s.node_id, s.node_kind, s.outcome, s.detail->>'reason' as reason, s.at
        from steps s
        join campaigns c on c.id = s.campaign_id
        where (${sql.join(
          ranges.map(([lo, hi]) => sql`s.id between ${lo} and ${hi}`),
          sql` or `,
        )})
          and s.at >= ${ts(f.from)} and s.at < ${ts(f.to)}
          and s.outcome = ${sel.outcome}
          ${sel.reason ? sql`and s.detail->>'reason' = ${sel.reason}` : sql``}
          ${campaignId ? sql`and s.campaign_id = ${campaignId}::uuid` : sql``}
          ${sel.nodeId ? sql`and s.node_id = ${sel.nodeId}` : sql``}
          -- Only the campaigns the roll-up says have such steps in these hours (a cheap filter that
          -- spares the lookups below for the others).
          ${campaignIds.length ? sql`and s.campaign_id in (${sql.join(campaignIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``}
          ${f.department ? sql`and c.department = ${f.department}` : sql``}
          ${f.region ? sql`and exists (select 1 from customers cu where cu.id = s.customer_id and cu.tags->>'region' = ${f.region})` : sql``}
          ${kinds ? sql`and coalesce(s.detail->>'channel', s.node_kind) in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})` : sql``}
          ${attributedTo ? sql`and (select p.detail->>'channel' from steps p where p.journey_id = s.journey_id and p.id < s.id and p.outcome = 'sent' order by p.id desc limit 1) = ${attributedTo}` : sql``}
        order by s.id desc limit ${limit}`,
  );
  const ids = [...new Set(rows.map((r) => r.customer_id))];
  const names = ids.length
    ? new Map(
        (
          await queryRows<{ id: string; name: string }>(
            db,
            sql`select id, name from customers where ${inJsonList(sql`id`, ids)}`,
          )
        ).map((c) => [c.id, c.name]),
      )
    : new Map<string, string>();
  return rows.map((r) => ({
    stepId: Number(r.id),
    customerId: r.customer_id,
    customerName: names.get(r.customer_id) ?? '',
    campaignId: r.campaign_id,
    campaign: r.campaign,
    nodeId: r.node_id,
    nodeKind: r.node_kind,
    outcome: r.outcome,
    reason: r.reason ?? '',
    at: new Date(r.at),
  }));
}
