// The lists behind the Execution dashboard's headline figures that are not step counts (issue 7:
// every figure leads to the list behind it): the events received, the complaints and who made
// them, and the slowest contacts behind the event -> contact latency. Each is a bounded read
// through an index (never a scan of `events` or `steps`).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client';
import { contactLatency, hourOf, queryRows } from './rollup';
import { attributeComplaints } from './rollup-experience';
import { stepWhere, ts, type DashboardFilter } from './filters';
import { inJsonList } from '../db/in-list';

/** Every list behind a figure shows at most this many rows, the latest (or slowest) first. */
export const LIST_LIMIT = 200;
/** The events received in a range are read newest first, at most this many, before the region filter. */
export const EVENT_SCAN_BUDGET = 20_000;
/** A range's complaints are read newest first (events_complaint_idx), at most this many. */
export const COMPLAINT_SCAN_BUDGET = 5_000;
/** The slowest contacts are chosen among at most this many of the slowest by receipt, then checked for waits. */
const SLOW_CANDIDATES = 1_000;
/**
 * The slowest contacts read at most this many step ids (each sent step in them is joined to its
 * journey and trigger event to be timed): about ten busy hours at production volume.
 */
export const SLOW_SCAN_BUDGET = 50_000;

async function customerNames(db: Executor, ids: string[]) {
  if (!ids.length) return new Map<string, { name: string; region: string }>();
  const rows = await queryRows<{ id: string; name: string; region: string | null }>(
    db,
    sql`select id, name, tags->>'region' as region from customers where ${inJsonList(sql`id`, new Set(ids))}`,
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, region: r.region ?? '' }]));
}

export const EventSelection = z.object({ type: z.string().min(1).max(64).optional() });
export type EventSelection = z.infer<typeof EventSelection>;

/**
 * The events received in the range (`events.received_at`, events_received_idx), newest first.
 * Touchpoint events have a region (the customer's) but no campaign or channel: those filters do
 * not apply, as on the figure.
 */
export async function eventList(db: Executor, f: DashboardFilter, sel: EventSelection) {
  const rows = await queryRows<{ event_id: string; customer_id: string; name: string | null; type: string; occurred_at: Date | string; received_at: Date | string; status: string }>(
    db,
    sql`select e.event_id, e.customer_id, cu.name, e.type, e.occurred_at, e.received_at, e.status
        from (select event_id, customer_id, type, occurred_at, received_at, status from events
              where received_at >= ${ts(f.from)} and received_at < ${ts(f.to)}
                ${sel.type ? sql`and type = ${sel.type}` : sql``}
              order by received_at desc limit ${EVENT_SCAN_BUDGET}) e
        left join customers cu on cu.id = e.customer_id
        ${f.region ? sql`where cu.tags->>'region' = ${f.region}` : sql``}
        order by e.received_at desc, e.event_id limit ${LIST_LIMIT}`,
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    customerId: r.customer_id,
    customerName: r.name ?? '',
    type: r.type,
    status: r.status,
    occurredAt: new Date(r.occurred_at),
    receivedAt: new Date(r.received_at),
  }));
}

export const ComplaintSelection = z.object({
  category: z.string().min(1).max(64).optional(),
  channel: z.string().max(32).optional(),
  source: z.string().max(64).optional(),
});
export type ComplaintSelection = z.infer<typeof ComplaintSelection>;

/**
 * The customers who complained in the range (by when the complaint was made, as the figure counts
 * it), newest first, each with the campaign and channel it is credited to (the roll-up's own
 * attribution), so every filter applies as on the figure.
 */
export async function complaintList(db: Executor, f: DashboardFilter, sel: ComplaintSelection) {
  const raw = await queryRows<{ event_id: string; customer_id: string; occurred_at: Date | string; received_at: Date | string; attributes: Record<string, unknown> | null }>(
    db,
    sql`select event_id, customer_id, occurred_at, received_at, attributes from events
        where type = 'complaint' and occurred_at >= ${ts(f.from)} and occurred_at < ${ts(f.to)}
          ${sel.category ? sql`and coalesce(attributes->>'category', 'other') = ${sel.category}` : sql``}
          ${sel.source !== undefined ? sql`and coalesce(attributes->>'source', '') = ${sel.source}` : sql``}
        order by occurred_at desc, event_id limit ${COMPLAINT_SCAN_BUDGET}`,
  );
  const customers = await customerNames(db, raw.map((r) => r.customer_id));
  const inRegion = raw
    .map((r) => ({ ...r, type: 'complaint', occurredAt: new Date(r.occurred_at) }))
    .filter((r) => !f.region || customers.get(r.customer_id)?.region === f.region);
  // Credited a page at a time (a complaint about a marketing contact that names no campaign looks
  // up the customer's last contact), until a page of the list is full.
  const out = [];
  for (let i = 0; i < inRegion.length && out.length < LIST_LIMIT; i += LIST_LIMIT) {
    const resolved = await attributeComplaints(db, inRegion.slice(i, i + LIST_LIMIT));
    const ids = [...new Set(resolved.map((r) => r.campaignId).filter(Boolean))];
    const campaigns = new Map(
      ids.length
        ? (
            await queryRows<{ id: string; name: string; department: string }>(
              db,
              sql`select id::text, name, department from campaigns where ${inJsonList(sql`id`, ids, 'uuid')}`,
            )
          ).map((c) => [c.id, c])
        : [],
    );
    for (const { e, campaignId, channel } of resolved) {
      const c = campaigns.get(campaignId);
      if (f.campaignId && campaignId !== f.campaignId) continue;
      if (f.department && c?.department !== f.department) continue;
      if (f.channel && channel !== f.channel) continue;
      if (sel.channel !== undefined && channel !== sel.channel) continue;
      const a = e.attributes ?? {};
      out.push({
        eventId: e.event_id,
        customerId: e.customer_id,
        customerName: customers.get(e.customer_id)?.name ?? '',
        category: typeof a.category === 'string' ? a.category : 'other',
        channel,
        source: typeof a.source === 'string' ? a.source : '',
        campaignId: campaignId || null,
        campaign: c?.name ?? '',
        occurredAt: e.occurredAt,
        receivedAt: new Date(e.received_at),
      });
      if (out.length >= LIST_LIMIT) break;
    }
  }
  return out;
}

/**
 * The slowest contacts behind the event -> contact latency: the hourly roll-up names the hours
 * with the highest average latency; only their id ranges of `steps` are read (at most
 * SLOW_SCAN_BUDGET step ids), their contacts timed from the receipt of the event that started the
 * journey, and the slowest checked as the figure counts them (no deliberate wait before).
 */
export async function slowestContacts(db: Executor, f: DashboardFilter) {
  const hours = await queryRows<{ lo: number; hi: number; campaign_ids: string[] }>(
    db,
    sql`select min(i.min_id)::float8 as lo, max(i.max_id)::float8 as hi, array_agg(distinct r.campaign_id::text) as campaign_ids
        from analytics_step_hours r join analytics_step_id_hours i on i.hour = r.hour
        where ${stepWhere({ ...f, from: hourOf(f.from) }, sql`r.hour`)} and r.outcome = 'sent' and r.latency_n > 0
        group by r.hour order by sum(r.latency_ms_sum) / sum(r.latency_n) desc, r.hour desc`,
  );
  const ranges: [number, number][] = [];
  const campaignIds = new Set<string>();
  let span = 0;
  for (const h of hours) {
    if (span > 0 && span + Number(h.hi) - Number(h.lo) + 1 > SLOW_SCAN_BUDGET) break;
    ranges.push([Number(h.lo), Number(h.hi)]);
    for (const id of h.campaign_ids) campaignIds.add(id);
    span += Number(h.hi) - Number(h.lo) + 1;
  }
  if (!ranges.length) return [];
  const candidates = await queryRows<{ id: number; journey_id: string; node_id: string; at: Date | string; customer_id: string; campaign_id: string; campaign: string; channel: string | null; event_id: string; event_type: string; received_at: Date | string }>(
    db,
    sql`select s.id::float8 as id, s.journey_id, s.node_id, s.at, s.customer_id, s.campaign_id::text, c.name as campaign, s.detail->>'channel' as channel,
          e.event_id, e.type as event_type, e.received_at
        from steps s
        join campaigns c on c.id = s.campaign_id
        join journeys j on j.id = s.journey_id
        join events e on e.event_id = j.trigger_event_id
        where (${sql.join(
          ranges.map(([lo, hi]) => sql`s.id between ${lo} and ${hi}`),
          sql` or `,
        )})
          and s.outcome = 'sent' and s.at >= ${ts(f.from)} and s.at < ${ts(f.to)}
          and s.campaign_id in (${sql.join([...campaignIds].map((id) => sql`${id}::uuid`), sql`, `)})
          ${f.campaignId ? sql`and s.campaign_id = ${f.campaignId}::uuid` : sql``}
          ${f.department ? sql`and c.department = ${f.department}` : sql``}
          ${f.channel ? sql`and s.detail->>'channel' = ${f.channel}` : sql``}
          ${f.region ? sql`and exists (select 1 from customers cu where cu.id = s.customer_id and cu.tags->>'region' = ${f.region})` : sql``}
        order by s.at - e.received_at desc, s.id desc limit ${SLOW_CANDIDATES}`,
  );
  const counted = await contactLatency(
    db,
    candidates.map((c) => ({ id: Number(c.id), journey_id: c.journey_id, node_id: c.node_id, at: new Date(c.at) })),
  );
  const customers = await customerNames(db, candidates.map((c) => c.customer_id));
  return candidates
    .filter((c) => counted.has(Number(c.id)))
    .map((c) => ({
      stepId: Number(c.id),
      customerId: c.customer_id,
      customerName: customers.get(c.customer_id)?.name ?? '',
      campaignId: c.campaign_id,
      campaign: c.campaign,
      nodeId: c.node_id,
      channel: c.channel ?? '',
      eventId: c.event_id,
      eventType: c.event_type,
      receivedAt: new Date(c.received_at),
      at: new Date(c.at),
      latencyMs: counted.get(Number(c.id)) ?? 0,
    }))
    .sort((a, b) => b.latencyMs - a.latencyMs || b.stepId - a.stepId)
    .slice(0, LIST_LIMIT);
}
