// Live counts on the designer's canvas (issue 5): for one running flow version of a campaign,
// how many customers reached each node, are waiting there now, were contacted, suppressed or
// converted there, and how often each edge was taken; and, for one node, the customers there now
// or who passed it (paged). Counts come from the node roll-up plus the steps it has not reached
// yet (server/analytics/rollup-nodes.ts), never from aggregating the version's steps; waiting
// journeys from `journeys` (by version, status and current node). The customer lists read
// `steps` by campaign, version hash and node (index steps_campaign_node_idx).
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getKind, t } from '../../workflows';
import { queryRows as rows } from '../analytics/rollup';
import { nodeOutcomeCounts } from '../analytics/rollup-nodes';
import type { Db, Executor } from '../db/client';
import { campaigns, flowVersions } from '../db/schema';
import { ServiceError } from './errors';

/**
 * Outcomes recorded after a node was left, by the outbox and delivery receipts (sent, delivered,
 * …) or by the contact policy (suppressed): they say what happened to a contact, not which way
 * the journey went. `waiting` is the arrival at a node that holds the journey.
 */
const NOT_A_DEPARTURE = ['waiting', 'sent', 'delivered', 'undelivered', 'suppressed', 'failed', 'dead'];

export const LiveCountsInput = z.object({
  campaignId: z.uuid(),
  /** A version of the campaign; by default the live one. */
  versionId: z.uuid().optional(),
});

export interface NodeLiveCounts {
  /** Customers (journeys) who reached the node. */
  entered: number;
  /** Journeys held at the node now (a wait, a goal's window, an approval…). */
  waiting: number;
  /** Journeys whose contact at this node was sent. */
  contacted: number;
  /** Journeys whose contact at this node the contact policy held back. */
  suppressed: number;
  /** Journeys that converted at this goal. */
  converted: number;
}

export interface LiveCounts {
  versionId: string;
  versionNo: number;
  /** When the figures were read (server clock). */
  at: string;
  nodes: Record<string, NodeLiveCounts>;
  /** Times each output was taken, keyed `<node id>:<port>`; a single output is `out`. */
  ports: Record<string, number>;
}

/** The version whose figures are read: the one asked for (it must be this campaign's) or the live one. */
async function versionOf(db: Executor, campaignId: string, versionId: string | undefined) {
  const [campaign] = await db.select({ liveVersionId: campaigns.liveVersionId }).from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign) throw new ServiceError('NOT_FOUND', t(`campaign ${campaignId} not found`, `找不到营销活动 ${campaignId}`));
  const id = versionId ?? campaign.liveVersionId;
  if (!id) throw new ServiceError('PRECONDITION_FAILED', t(`campaign ${campaignId} has no live version: launch it, or name a versionId`, `营销活动 ${campaignId} 没有运行中的版本：请先启动，或指定版本`));
  const [version] = await db
    .select({ id: flowVersions.id, versionNo: flowVersions.versionNo, hash: flowVersions.hash, graph: flowVersions.graph })
    .from(flowVersions)
    .where(and(eq(flowVersions.id, id), eq(flowVersions.campaignId, campaignId)));
  if (!version) throw new ServiceError('NOT_FOUND', t(`version ${id} is not a version of campaign ${campaignId}`, `版本 ${id} 不属于营销活动 ${campaignId}`));
  return version;
}

/** The one output of each single-output node of the version (its steps name what it did, not a port). */
function singleOutputs(graph: unknown): Map<string, string> {
  const g = (graph ?? {}) as { nodes?: { id: string; kind: string; params?: Record<string, unknown> }[] };
  const out = new Map<string, string>();
  for (const n of g.nodes ?? []) {
    const def = getKind(n.kind);
    const parsed = def?.params.safeParse(n.params ?? {});
    const ports = def && parsed?.success ? def.outputs(parsed.data) : [];
    if (ports.length === 1) out.set(n.id, ports[0]!);
  }
  return out;
}

export async function liveCounts(db: Db, input: z.infer<typeof LiveCountsInput>, now: Date): Promise<LiveCounts> {
  const version = await versionOf(db, input.campaignId, input.versionId);
  const byOutcome = await nodeOutcomeCounts(db, input.campaignId, version.hash);
  const waiting = await rows<{ node_id: string; n: number }>(
    db,
    sql`select current_node as node_id, count(*)::int as n from journeys
        where flow_version_id = ${version.id}::uuid and status = 'active' and current_node is not null
        group by current_node`,
  );

  const nodes: Record<string, NodeLiveCounts> = {};
  const node = (id: string) => (nodes[id] ??= { entered: 0, waiting: 0, contacted: 0, suppressed: 0, converted: 0 });
  for (const r of waiting) node(r.node_id).waiting = Number(r.n);
  const single = singleOutputs(version.graph);
  const ports: Record<string, number> = {};
  for (const r of byOutcome) {
    const n = node(r.nodeId);
    // A journey is counted at a node once, on the outcome of its first step there.
    n.entered += r.arrivals;
    if (r.outcome === 'sent') n.contacted = r.journeys;
    else if (r.outcome === 'suppressed') n.suppressed = r.journeys;
    else if (r.outcome === 'converted') n.converted = r.journeys;
    if (NOT_A_DEPARTURE.includes(r.outcome) || r.outcome === 'exited') continue;
    // A node with several outputs records the output it took as its outcome (yes/no, a branch,
    // converted…); a node with one output records what it did (entered, contact_requested…).
    const port = single.get(r.nodeId) ?? r.outcome;
    ports[`${r.nodeId}:${port}`] = (ports[`${r.nodeId}:${port}`] ?? 0) + r.n;
  }
  return { versionId: version.id, versionNo: version.versionNo, at: now.toISOString(), nodes, ports };
}

export const NodeCustomersInput = LiveCountsInput.extend({
  nodeId: z.string().min(1).max(128),
  /** `here`: journeys held at the node now; `passed`: every journey that reached it. */
  which: z.enum(['here', 'passed']),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export interface NodeCustomer {
  customerId: string;
  name: string | null;
  journeyId: string;
  /** The journey's last step at the node (passed) or when it arrived there (here). */
  at: string;
  /** The journey's last outcome at the node (what became of a contact rather than its request). */
  outcome: string;
  journeyStatus: string;
}

export async function nodeCustomers(
  db: Db,
  input: z.infer<typeof NodeCustomersInput>,
): Promise<{ total: number; page: number; pageSize: number; customers: NodeCustomer[] }> {
  const version = await versionOf(db, input.campaignId, input.versionId);
  const offset = (input.page - 1) * input.pageSize;
  // The journeys of the page first, then their customers' names: never a join over all customers.
  const journeysHere = sql`select j.id from journeys j
      where j.flow_version_id = ${version.id}::uuid and j.status = 'active' and j.current_node = ${input.nodeId}`;
  // The step shown for a journey: its last at the node, where what became of a contact (sent,
  // suppressed…) outranks the request for it, which the journey records in the same moment.
  const passed = sql`select s.journey_id, coalesce(max(s.id) filter (where s.outcome <> 'contact_requested'), max(s.id)) as last_id from steps s
      where s.campaign_id = ${input.campaignId}::uuid and s.version_hash = ${version.hash} and s.node_id = ${input.nodeId}
      group by s.journey_id`;
  // Journeys that reached the node: its arrivals in the node roll-up (not a count over its steps).
  const total =
    input.which === 'here'
      ? Number((await rows<{ n: number }>(db, sql`select count(*)::int as n from (${journeysHere}) q`))[0]?.n ?? 0)
      : (await nodeOutcomeCounts(db, input.campaignId, version.hash)).filter((r) => r.nodeId === input.nodeId).reduce((n, r) => n + r.arrivals, 0);
  const page = await rows<{ journey_id: string; customer_id: string; status: string; outcome: string; at: Date | string }>(
    db,
    input.which === 'here'
      ? sql`select j.id as journey_id, j.customer_id, j.status, s.outcome, s.at
            from journeys j
            join lateral (select outcome, at from steps s where s.journey_id = j.id and s.node_id = ${input.nodeId} order by (s.outcome = 'contact_requested'), s.id desc limit 1) s on true
            where j.flow_version_id = ${version.id}::uuid and j.status = 'active' and j.current_node = ${input.nodeId}
            order by s.at desc, j.id limit ${input.pageSize} offset ${offset}`
      : sql`select p.journey_id, s.customer_id, j.status, s.outcome, s.at
            from (${passed}) p join steps s on s.id = p.last_id join journeys j on j.id = p.journey_id
            order by p.last_id desc limit ${input.pageSize} offset ${offset}`,
  );
  const ids = [...new Set(page.map((r) => r.customer_id))];
  const names = ids.length
    ? await rows<{ id: string; name: string }>(db, sql`select id, name from customers where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`)
    : [];
  const nameOf = new Map(names.map((r) => [r.id, r.name]));
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    customers: page.map((r) => ({
      customerId: r.customer_id,
      name: nameOf.get(r.customer_id) ?? null,
      journeyId: r.journey_id,
      at: new Date(r.at).toISOString(),
      outcome: r.outcome,
      journeyStatus: r.status,
    })),
  };
}
