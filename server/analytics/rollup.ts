// The roll-up worker behind the dashboards (issue 7): folds new `steps` and `events` rows, past
// a watermark, into hourly counters (server/db/schema/analytics.ts). Each batch and the
// watermark that covers it commit in one transaction, and the watermark row is locked for the
// batch, so a re-run or a second worker never counts a row twice. Rows are bucketed by the hour
// they happened (`steps.at`, `events.received_at`), not the hour they were rolled up: a late
// conversion still lands in its own hour. The journey step path is not touched: this only reads.
import { eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor, Tx } from '../db/client';
import { analyticsMinutes, analyticsStepIdHours, analyticsWatermarks, campaigns, flowVersions, products } from '../db/schema';
import type { Runtime } from '../runtime/runtime';
import { advance, type Watermark } from './watermark';
import { rollUpComplaints, rollUpOutcomes, rollUpPushed } from './rollup-experience';
import { rollUpNodeCounts } from './rollup-nodes';
import { inJsonList } from '../db/in-list';

export const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** How long a hole in the ids is waited for (see watermark.ts). */
export const GAP_HORIZON_MS = 10 * MINUTE_MS;
/** Per-minute rows serve the live view only. */
const MINUTES_KEPT_MS = 2 * 24 * HOUR_MS;

/** The channel a node kind contacts through (suppressed and sent steps name the channel itself). */
export const KIND_CHANNEL: Record<string, string> = {
  sms: 'sms',
  outbound_call: 'outbound_call',
  inbound_offer: 'inbound',
  inbound: 'inbound',
  frontline_opportunity: 'frontline',
  frontline: 'frontline',
  app_push: 'app_push',
  webhook: 'webhook',
};

export interface RollupOptions {
  batch?: number;
}

/** Raw SQL rows on either driver (node-postgres and PGlite both answer `{ rows }`). */
export async function queryRows<T>(ex: Executor, q: SQL): Promise<T[]> {
  const r = (await ex.execute(q)) as unknown as { rows: T[] };
  return r.rows;
}

export const hourOf = (d: Date) => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
/** Reporting days are days in Asia/Shanghai (UTC+8, no daylight saving). */
export const REPORT_TZ = 'Asia/Shanghai';
const REPORT_OFFSET_MS = 8 * HOUR_MS;
export const dayOf = (d: Date) => new Date(Math.floor((d.getTime() + REPORT_OFFSET_MS) / (24 * HOUR_MS)) * 24 * HOUR_MS - REPORT_OFFSET_MS);
const minuteOf = (d: Date) => new Date(Math.floor(d.getTime() / MINUTE_MS) * MINUTE_MS);

/** One batch of each source (steps, events, node counts): the rows each rolled up. */
export async function rollUpAnalyticsBySource(rt: Runtime, opts: RollupOptions = {}): Promise<{ steps: number; events: number; nodes: number }> {
  const batch = opts.batch ?? 5000;
  const steps = await rt.db.transaction((tx) => rollUpSteps(tx, rt, batch));
  const events = await rt.db.transaction((tx) => rollUpEvents(tx, rt, batch));
  const nodes = await rt.db.transaction((tx) => rollUpNodeCounts(tx, batch));
  return { steps, events, nodes };
}

/** One batch of steps and one of events. Returns how many rows it rolled up. */
export async function rollUpAnalytics(rt: Runtime, opts: RollupOptions = {}): Promise<number> {
  const r = await rollUpAnalyticsBySource(rt, opts);
  return r.steps + r.events + r.nodes;
}

/** Runs batches until nothing new is left (tests, the benchmark, the demo). */
export async function rollUpAll(rt: Runtime, opts: RollupOptions = {}): Promise<void> {
  while ((await rollUpAnalytics(rt, opts)) > 0) {
    /* keep going */
  }
}

export async function lockWatermark(tx: Tx, source: string): Promise<Watermark | null> {
  await tx.insert(analyticsWatermarks).values({ source }).onConflictDoNothing();
  // Another worker busy with this source: leave it to them rather than queue behind them.
  const [w] = await tx.select().from(analyticsWatermarks).where(eq(analyticsWatermarks.source, source)).for('update', { skipLocked: true });
  return w ? { lastId: Number(w.lastId), gaps: w.gaps } : null;
}

export async function saveWatermark(tx: Tx, source: string, next: Watermark, counted: number) {
  await tx
    .update(analyticsWatermarks)
    .set({
      lastId: next.lastId,
      gaps: next.gaps,
      rows: sql`${analyticsWatermarks.rows} + ${counted}`,
      passes: sql`${analyticsWatermarks.passes} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(analyticsWatermarks.source, source));
}

/** `idCol > lastId` (one batch, in order) plus whatever has appeared inside known gaps. */
export function pastWatermark(idCol: SQL, wm: Watermark, batch: number, select: SQL, from: SQL): SQL {
  const gapWhere = wm.gaps.length
    ? sql.join(
        wm.gaps.map(([a, b]) => sql`${idCol} between ${a} and ${b}`),
        sql` or `,
      )
    : sql`false`;
  return sql`(select ${select} from ${from} where ${idCol} > ${wm.lastId} order by ${idCol} limit ${batch})
    union all (select ${select} from ${from} where ${gapWhere})`;
}

export function changed(wm: Watermark, next: Watermark) {
  return wm.lastId !== next.lastId || JSON.stringify(wm.gaps) !== JSON.stringify(next.gaps);
}

async function regions(tx: Tx, customerIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(customerIds)];
  if (!ids.length) return new Map();
  const rows = await queryRows<{ id: string; region: string | null }>(
    tx,
    sql`select c.id, c.tags->>'region' as region from customers c
        where ${inJsonList(sql`c.id`, ids)}`,
  );
  return new Map(rows.map((r) => [r.id, r.region ?? '']));
}

// A campaign's department never changes once written: cache it for the process.
const departmentCache = new Map<string, string>();

async function departments(tx: Tx, campaignIds: string[]): Promise<Map<string, string>> {
  const missing = [...new Set(campaignIds)].filter((id) => !departmentCache.has(id));
  if (missing.length) {
    const rows = await tx.select({ id: campaigns.id, department: campaigns.department }).from(campaigns).where(inArray(campaigns.id, missing));
    for (const r of rows) departmentCache.set(r.id, r.department);
  }
  return departmentCache;
}

/** The price of the product a contact node offers (0 when it offers none). */
async function offerPrice(tx: Tx, rt: Runtime, priceCache: Map<string, number>, versionHash: string, nodeId: string): Promise<number> {
  const key = `${versionHash}:${nodeId}`;
  const cached = priceCache.get(key);
  if (cached !== undefined) return cached;
  const [v] = await tx.select({ graph: flowVersions.graph }).from(flowVersions).where(eq(flowVersions.hash, versionHash)).limit(1);
  const nodes = (v?.graph as { nodes?: { id: string; params?: { offerId?: unknown } }[] } | undefined)?.nodes ?? [];
  const offerId = nodes.find((n) => n.id === nodeId)?.params?.offerId;
  let price = 0;
  if (typeof offerId === 'string') {
    // An offer names its product in the catalog; an id that is no offer may be a product itself.
    const productId = rt.catalog.offers.find((o) => o.id === offerId)?.productId ?? offerId;
    const [p] = await tx.select({ price: products.priceCny }).from(products).where(eq(products.id, productId));
    price = p?.price ?? 0;
  }
  priceCache.set(key, price);
  return price;
}

interface StepRow {
  id: number | string;
  journey_id: string;
  customer_id: string;
  campaign_id: string;
  version_hash: string;
  node_id: string;
  node_kind: string;
  outcome: string;
  reason: string | null;
  channel: string | null;
  provider_ref: string | null;
  at: Date | string;
}

/** One roll-up row: counts and sums for an hour × campaign × node × channel × outcome × … key. */
export interface Bucket {
  at: Date;
  campaignId: string;
  nodeId: string;
  nodeKind: string;
  channel: string;
  outcome: string;
  reason: string;
  region: string;
  department: string;
  n: number;
  revenueCny: number;
  latencyMsSum: number;
  latencyN: number;
}

interface MinuteBucket {
  minute: Date;
  events: number;
  contacts: number;
  latencyMsSum: number;
  latencyN: number;
  latencyMsMax: number;
}

async function rollUpSteps(tx: Tx, rt: Runtime, batch: number): Promise<number> {
  const wm = await lockWatermark(tx, 'steps');
  if (!wm) return 0;
  const raw = await queryRows<StepRow>(
    tx,
    pastWatermark(
      sql`id`,
      wm,
      batch,
      sql`id, journey_id, customer_id, campaign_id, version_hash, node_id, node_kind, outcome, detail->>'reason' as reason, detail->>'channel' as channel, detail->>'providerRef' as provider_ref, at`,
      sql`steps`,
    ),
  );
  const rows = raw.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at) }));
  const newIds = rows.filter((r) => r.id > wm.lastId).map((r) => r.id).sort((a, b) => a - b);
  const found = rows.filter((r) => r.id <= wm.lastId).map((r) => r.id);
  const next = advance(wm, newIds, found, Date.now(), GAP_HORIZON_MS);
  if (rows.length === 0) {
    if (changed(wm, next)) await saveWatermark(tx, 'steps', next, 0);
    return 0;
  }

  const region = await regions(tx, rows.map((r) => r.customer_id));
  const dept = await departments(tx, rows.map((r) => r.campaign_id));
  const attribution = await attributeConversions(tx, rows.filter((r) => r.outcome === 'converted'));
  const latency = await contactLatency(tx, rows.filter((r) => r.outcome === 'sent'));

  // Prices are read once per batch: a price change counts from the next batch on.
  const prices = new Map<string, number>();
  const buckets = new Map<string, Bucket>();
  const minutes = new Map<number, MinuteBucket>();
  const idHours = new Map<number, { minId: number; maxId: number }>();
  for (const r of rows) {
    let channel = r.channel || KIND_CHANNEL[r.node_kind] || '';
    let revenue = 0;
    if (r.outcome === 'converted') {
      const a = attribution.get(r.id);
      channel = a?.channel ?? '';
      revenue = a ? await offerPrice(tx, rt, prices, a.versionHash, a.nodeId) : 0;
    }
    const reason = r.outcome === 'suppressed' ? (r.reason ?? 'unknown') : '';
    const hour = hourOf(r.at);
    const regionName = region.get(r.customer_id) ?? '';
    const key = [hour.getTime(), r.campaign_id, r.node_id, r.outcome, reason, regionName, channel].join('|');
    let b = buckets.get(key);
    if (!b) {
      b = {
        at: hour,
        campaignId: r.campaign_id,
        nodeId: r.node_id,
        nodeKind: r.node_kind,
        channel,
        outcome: r.outcome,
        reason,
        region: regionName,
        department: dept.get(r.campaign_id) ?? '',
        n: 0,
        revenueCny: 0,
        latencyMsSum: 0,
        latencyN: 0,
      };
      buckets.set(key, b);
    }
    b.n += 1;
    b.revenueCny += revenue;
    const ms = latency.get(r.id);
    if (ms !== undefined) {
      b.latencyMsSum += ms;
      b.latencyN += 1;
    }
    if (r.outcome === 'sent') {
      const m = minuteBucket(minutes, minuteOf(r.at));
      m.contacts += 1;
      if (ms !== undefined) {
        m.latencyMsSum += ms;
        m.latencyN += 1;
        m.latencyMsMax = Math.max(m.latencyMsMax, ms);
      }
    }
    const ih = idHours.get(hour.getTime());
    if (!ih) idHours.set(hour.getTime(), { minId: r.id, maxId: r.id });
    else {
      ih.minId = Math.min(ih.minId, r.id);
      ih.maxId = Math.max(ih.maxId, r.id);
    }
  }

  const hourly = [...buckets.values()];
  await upsertSteps(tx, 'analytics_step_hours', hourly);
  // The daily grain sums the hourly buckets of this batch per reporting day.
  const daily = new Map<string, Bucket>();
  for (const b of hourly) {
    const day = dayOf(b.at);
    const key = [day.getTime(), b.campaignId, b.nodeId, b.outcome, b.reason, b.region, b.channel].join('|');
    const d = daily.get(key);
    if (!d) daily.set(key, { ...b, at: day });
    else {
      d.n += b.n;
      d.revenueCny += b.revenueCny;
      d.latencyMsSum += b.latencyMsSum;
      d.latencyN += b.latencyN;
    }
  }
  await upsertSteps(tx, 'analytics_step_days', [...daily.values()]);
  await upsertMinutes(tx, minutes);
  const ids = [...idHours.entries()].map(([h, v]) => ({ hour: new Date(h), ...v }));
  if (ids.length) {
    await tx
      .insert(analyticsStepIdHours)
      .values(ids)
      .onConflictDoUpdate({
        target: analyticsStepIdHours.hour,
        set: {
          minId: sql`least(${analyticsStepIdHours.minId}, excluded.min_id)`,
          maxId: sql`greatest(${analyticsStepIdHours.maxId}, excluded.max_id)`,
        },
      });
  }
  await rollUpPushed(
    tx,
    rows.filter((r) => r.outcome === 'sent').map((r) => ({ ...r, channel: r.channel || KIND_CHANNEL[r.node_kind] || '' })),
    region,
    dept,
  );
  await saveWatermark(tx, 'steps', next, rows.length);
  return rows.length;
}

/**
 * Adds a batch's buckets to a roll-up in one statement. The rows travel as one JSON parameter
 * (jsonb_to_recordset): thousands of bound parameters per statement cost far more.
 */
async function upsertSteps(tx: Tx, table: 'analytics_step_hours' | 'analytics_step_days', values: Bucket[]) {
  if (!values.length) return;
  const at = sql.raw(table === 'analytics_step_hours' ? 'hour' : 'day');
  const t = sql.identifier(table);
  const json = JSON.stringify(
    values.map((b) => ({
      at: b.at.toISOString(),
      c: b.campaignId,
      node: b.nodeId,
      kind: b.nodeKind,
      ch: b.channel,
      o: b.outcome,
      r: b.reason,
      reg: b.region,
      d: b.department,
      n: b.n,
      rev: b.revenueCny,
      ls: b.latencyMsSum,
      ln: b.latencyN,
    })),
  );
  await tx.execute(sql`
    insert into ${t} (${at}, campaign_id, node_id, node_kind, channel, outcome, reason, region, department, n, revenue_cny, latency_ms_sum, latency_n)
    select at, c, node, kind, ch, o, r, reg, d, n, rev, ls, ln
    from jsonb_to_recordset(${json}::jsonb) as x(at timestamptz, c uuid, node text, kind text, ch text, o text, r text, reg text, d text, n bigint, rev float8, ls bigint, ln bigint)
    on conflict (${at}, campaign_id, node_id, outcome, reason, region, channel, demo) do update
      set n = ${t}.n + excluded.n, revenue_cny = ${t}.revenue_cny + excluded.revenue_cny,
          latency_ms_sum = ${t}.latency_ms_sum + excluded.latency_ms_sum, latency_n = ${t}.latency_n + excluded.latency_n`);
}

function minuteBucket(minutes: Map<number, MinuteBucket>, minute: Date): MinuteBucket {
  let m = minutes.get(minute.getTime());
  if (!m) {
    m = { minute, events: 0, contacts: 0, latencyMsSum: 0, latencyN: 0, latencyMsMax: 0 };
    minutes.set(minute.getTime(), m);
  }
  return m;
}

async function upsertMinutes(tx: Tx, minutes: Map<number, MinuteBucket>) {
  const values = [...minutes.values()];
  if (!values.length) return;
  await tx
    .insert(analyticsMinutes)
    .values(values)
    .onConflictDoUpdate({
      target: analyticsMinutes.minute,
      set: {
        events: sql`${analyticsMinutes.events} + excluded.events`,
        contacts: sql`${analyticsMinutes.contacts} + excluded.contacts`,
        latencyMsSum: sql`${analyticsMinutes.latencyMsSum} + excluded.latency_ms_sum`,
        latencyN: sql`${analyticsMinutes.latencyN} + excluded.latency_n`,
        latencyMsMax: sql`greatest(${analyticsMinutes.latencyMsMax}, excluded.latency_ms_max)`,
      },
    });
}

/**
 * A conversion is credited to the last contact the journey was sent before it (last touch):
 * its channel, and the price of its offer as revenue. No contact sent: no channel, no revenue.
 */
async function attributeConversions(tx: Tx, conv: { id: number; journey_id: string }[]) {
  const out = new Map<number, { nodeId: string; channel: string; versionHash: string }>();
  for (let i = 0; i < conv.length; i += 500) {
    const chunk = conv.slice(i, i + 500);
    const values = sql.join(
      chunk.map((c) => sql`(${c.id}::bigint, ${c.journey_id}::uuid)`),
      sql`, `,
    );
    const rows = await queryRows<{ id: number | string; node_id: string; channel: string | null; version_hash: string }>(
      tx,
      sql`select c.id, a.node_id, a.channel, a.version_hash
          from (values ${values}) as c(id, journey_id)
          cross join lateral (
            select s.node_id, s.detail->>'channel' as channel, s.version_hash from steps s
            where s.journey_id = c.journey_id and s.id < c.id and s.outcome = 'sent'
            order by s.id desc limit 1) a`,
    );
    for (const r of rows) out.set(Number(r.id), { nodeId: r.node_id, channel: r.channel ?? '', versionHash: r.version_hash });
  }
  return out;
}

/**
 * Event -> contact latency of a sent contact: from the receipt of the event that started the
 * journey, counted only when nothing in the journey waited before it (a contact after a
 * deliberate three-day wait is not slow).
 */
export async function contactLatency(tx: Executor, sent: { id: number; journey_id: string; node_id: string; at: Date }[]) {
  const out = new Map<number, number>();
  for (let i = 0; i < sent.length; i += 500) {
    const chunk = sent.slice(i, i + 500);
    const list = JSON.stringify(chunk.map((c) => ({ id: c.id, journey_id: c.journey_id, node_id: c.node_id })));
    // The wait is judged at the moment the flow asked for the contact (its contact_requested
    // step): a goal the journey waits in after the contact does not count. One pass over the
    // journey's earlier steps (steps_journey_idx) finds both that step and the first wait; as a
    // NOT EXISTS the planner made the wait check a hash anti-join on a scan of the whole steps
    // table, on every pass.
    const rows = await queryRows<{ id: number | string; received_at: Date | string }>(
      tx,
      sql`select c.id, e.received_at
          from json_to_recordset(${list}::json) as c(id bigint, journey_id uuid, node_id text)
          join journeys j on j.id = c.journey_id
          join events e on e.event_id = j.trigger_event_id
          cross join lateral (
            select max(r.id) filter (where r.node_id = c.node_id and r.outcome = 'contact_requested') as req,
                   min(r.id) filter (where r.outcome = 'waiting') as first_wait
            from steps r
            where r.journey_id = c.journey_id and r.id < c.id) q
          where q.req is not null and (q.first_wait is null or q.first_wait > q.req)`,
    );
    const at = new Map(chunk.map((c) => [c.id, c.at.getTime()]));
    for (const r of rows) {
      const ms = (at.get(Number(r.id)) ?? 0) - new Date(r.received_at).getTime();
      out.set(Number(r.id), Math.max(0, ms));
    }
  }
  return out;
}

interface EventRow {
  seq: number | string;
  type: string;
  customer_id: string;
  received_at: Date | string;
  occurred_at: Date | string;
  attributes: Record<string, unknown> | null;
}

async function rollUpEvents(tx: Tx, rt: Runtime, batch: number): Promise<number> {
  const wm = await lockWatermark(tx, 'events');
  if (!wm) return 0;
  const raw = await queryRows<EventRow>(tx, pastWatermark(
      sql`seq`,
      wm,
      batch,
      // Only the event types rolled up by their attributes bring them along.
      sql`seq, type, customer_id, received_at, occurred_at, case when type in ('offer_outcome', 'complaint') then attributes end as attributes`,
      sql`events`,
    ),);
  const rows = raw.map((r) => ({ ...r, seq: Number(r.seq), receivedAt: new Date(r.received_at) }));
  const newIds = rows.filter((r) => r.seq > wm.lastId).map((r) => r.seq).sort((a, b) => a - b);
  const found = rows.filter((r) => r.seq <= wm.lastId).map((r) => r.seq);
  const next = advance(wm, newIds, found, Date.now(), GAP_HORIZON_MS);
  if (rows.length === 0) {
    if (changed(wm, next)) await saveWatermark(tx, 'events', next, 0);
    return 0;
  }
  const region = await regions(tx, rows.map((r) => r.customer_id));
  const hours = new Map<string, { hour: Date; type: string; region: string; n: number }>();
  const minutes = new Map<number, MinuteBucket>();
  for (const r of rows) {
    const hour = hourOf(r.receivedAt);
    const reg = region.get(r.customer_id) ?? '';
    const key = `${hour.getTime()}|${r.type}|${reg}`;
    const h = hours.get(key) ?? { hour, type: r.type, region: reg, n: 0 };
    h.n += 1;
    hours.set(key, h);
    minuteBucket(minutes, minuteOf(r.receivedAt)).events += 1;
  }
  const json = JSON.stringify([...hours.values()].map((h) => ({ at: h.hour.toISOString(), type: h.type, reg: h.region, n: h.n })));
  await tx.execute(sql`
    insert into analytics_event_hours (hour, type, region, n)
    select at, type, reg, n from jsonb_to_recordset(${json}::jsonb) as x(at timestamptz, type text, reg text, n bigint)
    on conflict (hour, type, region, demo) do update set n = analytics_event_hours.n + excluded.n`);
  await upsertMinutes(tx, minutes);
  const experience = rows.filter((r) => r.attributes).map((r) => ({ type: r.type, customer_id: r.customer_id, occurredAt: new Date(r.occurred_at), attributes: r.attributes }));
  await rollUpOutcomes(tx, experience, (ids) => departments(tx, ids));
  await rollUpComplaints(tx, experience, region, (ids) => departments(tx, ids));
  await tx.delete(analyticsMinutes).where(lt(analyticsMinutes.minute, new Date(rt.clock.now().getTime() - MINUTES_KEPT_MS)));
  await saveWatermark(tx, 'events', next, rows.length);
  return rows.length;
}
