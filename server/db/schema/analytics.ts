// Roll-ups for the executive dashboards (issue 7). The roll-up worker (server/analytics/) folds
// new `steps` and `events` rows, past a watermark, into these hourly counters; the dashboards
// read only them (and small tables: campaigns, approvals, frontline tasks), never a scan of
// `steps`. Demo history is written straight into them with `demo = true` so it can be told
// apart and removed. See docs/dashboards.md.
import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The columns shared by the hourly and daily step roll-ups. */
function stepRollup(name: string, grain: 'hour' | 'day') {
  return pgTable(
    name,
    {
      /** The start of the hour (UTC) or of the day in the reporting time zone (Asia/Shanghai). */
      at: timestamp(grain, { withTimezone: true }).notNull(),
      campaignId: uuid('campaign_id').notNull(),
      nodeId: text('node_id').notNull(),
      nodeKind: text('node_kind').notNull(),
      /** sms | outbound_call | inbound | frontline | app_push | webhook, or '' for other nodes. */
      channel: text('channel').notNull(),
      outcome: text('outcome').notNull(),
      /** Suppression reason, '' otherwise. */
      reason: text('reason').notNull(),
      region: text('region').notNull(),
      department: text('department').notNull(),
      n: bigint('n', { mode: 'number' }).notNull(),
      revenueCny: doublePrecision('revenue_cny').notNull().default(0),
      /** Event -> contact latency summed over `sent` rows (see docs/dashboards.md). */
      latencyMsSum: bigint('latency_ms_sum', { mode: 'number' }).notNull().default(0),
      latencyN: bigint('latency_n', { mode: 'number' }).notNull().default(0),
      demo: boolean('demo').notNull().default(false),
    },
    (t) => [
      primaryKey({ columns: [t.at, t.campaignId, t.nodeId, t.outcome, t.reason, t.region, t.channel, t.demo] }),
      index(`${name}_outcome_idx`).on(t.outcome, t.at),
      // A campaign's figures (node counts in drill-downs, usage against its allocation).
      index(`${name}_campaign_idx`).on(t.campaignId, t.outcome),
    ],
  );
}

/**
 * Step counts per hour x campaign x node x outcome x reason x region x channel. Node kind and
 * department follow from the campaign and node but are kept for filtering without joins. A
 * conversion carries the channel of the contact it is attributed to and the price of that
 * contact's offer in `revenue_cny`.
 */
export const analyticsStepHours = stepRollup('analytics_step_hours', 'hour');
/** The same per reporting day: what date-range dashboards read (a 90-day range is 90 buckets). */
export const analyticsStepDays = stepRollup('analytics_step_days', 'day');

/** Touchpoint events received per hour x type x region. */
export const analyticsEventHours = pgTable(
  'analytics_event_hours',
  {
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    type: text('type').notNull(),
    region: text('region').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.hour, t.type, t.region, t.demo] })],
);

/**
 * Frontline work per reporting day (Asia/Shanghai): tasks pushed to people (the people channels'
 * `sent` steps), final outcomes recorded (`offer_outcome` events: accepted, declined, not
 * interested), acceptances and the commission they earned, with the shop and team that recorded
 * them ('' on pushed rows). The Frontline dashboard reads only this, never `frontline_tasks`.
 */
export const analyticsFrontlineDays = pgTable(
  'analytics_frontline_days',
  {
    day: timestamp('day', { withTimezone: true }).notNull(),
    campaignId: uuid('campaign_id').notNull(),
    department: text('department').notNull(),
    /** outbound_call | inbound | frontline */
    kind: text('kind').notNull(),
    /** Where the task was routed (the customer's city; '' for "any shop"). */
    region: text('region').notNull(),
    shop: text('shop').notNull(),
    team: text('team').notNull(),
    pushed: bigint('pushed', { mode: 'number' }).notNull().default(0),
    worked: bigint('worked', { mode: 'number' }).notNull().default(0),
    accepted: bigint('accepted', { mode: 'number' }).notNull().default(0),
    commissionCny: doublePrecision('commission_cny').notNull().default(0),
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.day, t.campaignId, t.kind, t.region, t.shop, t.team, t.demo] })],
);

/**
 * Customer complaints (`complaint` touchpoint events) per hour of when they were made, by the
 * campaign they are about ('' when none is known), the contact channel, category, where they
 * were lodged and the customer's city. Complaints are few, so one hourly grain serves every range.
 */
export const analyticsComplaintHours = pgTable(
  'analytics_complaint_hours',
  {
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    campaignId: text('campaign_id').notNull(),
    department: text('department').notNull(),
    channel: text('channel').notNull(),
    category: text('category').notNull(),
    source: text('source').notNull(),
    region: text('region').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.hour, t.campaignId, t.channel, t.category, t.source, t.region, t.demo] })],
);

/** Per minute, for the live view: events received, contacts sent, event -> contact latency. */
export const analyticsMinutes = pgTable('analytics_minutes', {
  minute: timestamp('minute', { withTimezone: true }).primaryKey(),
  events: bigint('events', { mode: 'number' }).notNull().default(0),
  contacts: bigint('contacts', { mode: 'number' }).notNull().default(0),
  latencyMsSum: bigint('latency_ms_sum', { mode: 'number' }).notNull().default(0),
  latencyN: bigint('latency_n', { mode: 'number' }).notNull().default(0),
  latencyMsMax: bigint('latency_ms_max', { mode: 'number' }).notNull().default(0),
});

/** The lowest and highest step id of each hour, so a drill-down reads only that id range. */
export const analyticsStepIdHours = pgTable('analytics_step_id_hours', {
  hour: timestamp('hour', { withTimezone: true }).primaryKey(),
  minId: bigint('min_id', { mode: 'number' }).notNull(),
  maxId: bigint('max_id', { mode: 'number' }).notNull(),
});

/**
 * How far each source has been rolled up: every id <= `last_id` that is not in `gaps` was
 * counted. Ids are taken from a sequence before their transaction commits, so a lower id can
 * become visible after a higher one: such holes are kept in `gaps` and
 * looked at again on each pass until they appear or are older than the gap horizon (a rolled
 * back insert leaves a hole forever).
 */
export const analyticsWatermarks = pgTable('analytics_watermarks', {
  source: text('source').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull().default(0),
  /** Holes as [from id, to id, first seen (epoch ms)]. */
  gaps: jsonb('gaps').$type<[number, number, number][]>().notNull().default([]),
  rows: bigint('rows', { mode: 'number' }).notNull().default(0),
  passes: integer('passes').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/**
 * The designer's live counts (server/services/flow-live-counts.ts): steps per campaign x flow
 * version x node x outcome, for every time. `journeys` counts a journey once per node and outcome
 * (its first step with that outcome there); `arrivals` counts it once per node, on the outcome of
 * its first step there, so a node's customers are the sum of its arrivals. Kept by its own
 * roll-up source (`node_steps`), which catches up from the first step on an existing database.
 */
export const analyticsNodeCounts = pgTable(
  'analytics_node_counts',
  {
    campaignId: uuid('campaign_id').notNull(),
    versionHash: text('version_hash').notNull(),
    nodeId: text('node_id').notNull(),
    outcome: text('outcome').notNull(),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
    journeys: bigint('journeys', { mode: 'number' }).notNull().default(0),
    arrivals: bigint('arrivals', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.versionHash, t.nodeId, t.outcome] })],
);
