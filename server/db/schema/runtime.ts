// Execution state. A journey step commits its snapshot, step rows, outbox rows and timer rows
// in one transaction (see docs/runtime.md).
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { campaigns, flowVersions } from './campaigns';
import type { EventFailure } from '../../runtime/event-failure';

/** Touchpoint events. The primary key is the sender's eventId: a repeat is a duplicate. */
export const events = pgTable(
  'events',
  {
    eventId: text('event_id').primaryKey(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    customerId: text('customer_id').notNull(),
    type: text('type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    /** pending | processed | failed */
    status: text('status').notNull().default('pending'),
    error: text('error'),
    /** Why it failed as a code with its values (EventFailure), worded in the reader's language; null
     *  when it did not fail, or failed before details were kept (the page shows `error` then). */
    errorDetail: jsonb('error_detail').$type<EventFailure>(),
    /** Processing attempts: each run of its step, successful or not (reset when an operator retries it). */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    index('events_pending_idx').on(t.occurredAt, t.seq).where(sql`status = 'pending'`),
    index('events_customer_idx').on(t.customerId, t.occurredAt),
    // The claim's order check (a customer's oldest pending event outside the batch) looks only at
    // pending rows: through events_customer_idx it would walk the customer's whole history, and
    // the planner otherwise ANDs it with events_pending_idx, a scan of every pending entry.
    index('events_pending_customer_idx').on(t.customerId, t.occurredAt, t.seq).where(sql`status = 'pending'`),
    // The dashboards' roll-up worker reads new events past a watermark on seq (server/analytics/).
    index('events_seq_idx').on(t.seq),
    // The dashboards' drill-downs: the events received in a range, newest first (events received
    // -> the events behind it), and a range's complaints by when they were made (few rows).
    index('events_received_idx').on(t.receivedAt),
    index('events_complaint_idx').on(t.occurredAt).where(sql`type = 'complaint'`),
    // The operations screen's failed events (parked after their last attempt): normally few.
    index('events_failed_idx').on(t.receivedAt).where(sql`status = 'failed'`),
  ],
);

export const journeys = pgTable(
  'journeys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: text('customer_id').notNull(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    flowVersionId: uuid('flow_version_id')
      .notNull()
      .references(() => flowVersions.id),
    versionHash: text('version_hash').notNull(),
    /** active | done | failed */
    status: text('status').notNull().default('active'),
    /** The XState persisted snapshot (value + context). */
    snapshot: jsonb('snapshot').notNull(),
    currentNode: text('current_node'),
    /** The event types the journey's current node waits for (wait-for-event, goal), if any. */
    waitingFor: text('waiting_for').array(),
    /** Bumped on each committed step; a writer must hold the revision it read. */
    revision: integer('revision').notNull().default(0),
    triggerEventId: text('trigger_event_id'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('journeys_customer_idx').on(t.customerId, t.campaignId),
    index('journeys_version_node_idx').on(t.flowVersionId, t.status, t.currentNode),
    index('journeys_waiting_idx').on(t.customerId, t.waitingFor).where(sql`waiting_for is not null`),
  ],
);

/** One row per node visited: the persisted, queryable history of every journey. */
export const steps = pgTable(
  'steps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // No foreign key: steps are an append-only log, five or six rows per event, and each is
    // written by the engine in the transaction that writes (or holds locked) its journey, so the
    // journey is always there. The key's check cost a quarter of every step insert (a lookup and
    // a row lock on the journey per step) for nothing that transaction does not already ensure.
    journeyId: uuid('journey_id').notNull(),
    customerId: text('customer_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    versionHash: text('version_hash').notNull(),
    nodeId: text('node_id').notNull(),
    nodeKind: text('node_kind').notNull(),
    outcome: text('outcome').notNull(),
    input: jsonb('input').$type<Record<string, unknown>>().notNull().default({}),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('steps_customer_idx').on(t.customerId, t.id),
    index('steps_journey_idx').on(t.journeyId, t.id),
    // A campaign's steps by version and node: the designer's live counts and node customer lists.
    index('steps_campaign_node_idx').on(t.campaignId, t.versionHash, t.nodeId, t.outcome, t.journeyId),
    // The dashboards' drill-downs to customers behind sparse outcomes (server/analytics/drill.ts):
    // a few in a hundred steps, so the index is small and a 90-day drill reads only their rows.
    index('steps_sparse_outcome_idx').on(t.outcome, t.id).where(sql`outcome in ('converted', 'suppressed')`),
  ],
);

/** Effects leave through the outbox, each with an idempotency key (journey, node, visit). */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    effectKey: text('effect_key').notNull(),
    journeyId: uuid('journey_id').notNull(),
    customerId: text('customer_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    nodeId: text('node_id').notNull(),
    channel: text('channel').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** pending | sent | suppressed | dead | held (its campaign is paused: it goes out when the campaign
     *  is live again, runtime/held-contacts.ts); `sending` only on rows a worker of an earlier release
     *  leased and left (made pending again once lease_until passed, releaseExpiredLeases). A delivery in progress is a
     *  row held FOR UPDATE by the delivering transaction (runtime/outbox-dispatcher.ts). */
    status: text('status').notNull().default('pending'),
    /** Why a contact was not made: fatigue_cap, quiet_hours, opt_out, no_consent, ineligible,
     *  lost_arbitration, missing_data, campaign_ended, held_too_long. */
    suppressionReason: text('suppression_reason'),
    /** The lease of an earlier release's delivering worker (cleared when the row is recorded). */
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    providerRef: text('provider_ref'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_effect_key_idx').on(t.effectKey),
    // The claim's order (next_attempt_at, id), so the claim is an index scan that stops at its
    // limit and marks the entries of rows sent since as dead as it passes them. (On (status,
    // next_attempt_at) the id tiebreak made it a bitmap scan and a sort, which never marks dead
    // entries: every claim re-read every row sent since the last vacuum.)
    index('outbox_pending_due_idx').on(t.nextAttemptAt, t.id).where(sql`status = 'pending'`),
    // Contacts of paused campaigns, settled by campaign when it is live again or ends: normally empty.
    index('outbox_held_idx').on(t.campaignId).where(sql`status = 'held'`),
    // Rows an earlier release leased and left (releaseExpiredLeases): normally empty.
    index('outbox_leased_idx').on(t.leaseUntil).where(sql`status = 'sending'`),
    // The operations screen's failed deliveries (dead after a permanent failure or the last retry).
    index('outbox_dead_idx').on(t.createdAt).where(sql`status = 'dead'`),
  ],
);

/** Durable waits: a wait is a row with a due time, fired by a poller. */
export const timers = pgTable(
  'timers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    journeyId: uuid('journey_id')
      .notNull()
      .references(() => journeys.id),
    nodeId: text('node_id').notNull(),
    /** The journey revision that scheduled it; a stale timer is ignored. */
    journeyRevision: integer('journey_revision').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** pending | fired | cancelled */
    status: text('status').notNull().default('pending'),
    firedAt: timestamp('fired_at', { withTimezone: true }),
  },
  // In the claim's order (due_at, id), as outbox_pending_due_idx and for the same reason.
  (t) => [index('timers_pending_due_idx').on(t.dueAt, t.id).where(sql`status = 'pending'`)],
);

/** What the SMS channel handed to the gateway (the recording adapter's sink; SMPP later). */
export const sentMessages = pgTable(
  'sent_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outboxId: integer('outbox_id').notNull(),
    effectKey: text('effect_key').notNull(),
    customerId: text('customer_id').notNull(),
    channel: text('channel').notNull(),
    address: text('address').notNull(),
    body: text('body').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sent_messages_effect_key_idx').on(t.effectKey), index('sent_messages_customer_idx').on(t.customerId)],
);

/** Contacts reserved per customer, across all campaigns: what the fatigue caps count. */
export const contactLedger = pgTable(
  'contact_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    customerId: text('customer_id').notNull(),
    channel: text('channel').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    effectKey: text('effect_key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('contact_ledger_customer_idx').on(t.customerId, t.at), uniqueIndex('contact_ledger_effect_idx').on(t.effectKey)],
);

/** Opt-outs and do-not-disturb entries, per channel or for all channels ('*'). */
export const contactBlocks = pgTable(
  'contact_blocks',
  {
    customerId: text('customer_id').notNull(),
    channel: text('channel').notNull(),
    /** opt_out | dnd */
    reason: text('reason').notNull(),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.channel] })],
);

/** Channel consent given by the customer, for channels the policy says need it. */
export const contactConsents = pgTable(
  'contact_consents',
  {
    customerId: text('customer_id').notNull(),
    channel: text('channel').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.channel] })],
);

/** Settings that apply across campaigns (one row per key, value re-parsed with zod on read). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Events refused at intake (bad shape, unknown type, attributes of the wrong type), kept for
 *  an operator to inspect, fix and replay. */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source').notNull(),
    eventId: text('event_id'),
    payload: jsonb('payload').notNull(),
    /** Why it was refused, in English (what search matches and the API answered). */
    error: text('error').notNull(),
    /** The same in both languages (a `refused` failure); null on letters refused before it was kept. */
    errorDetail: jsonb('error_detail').$type<EventFailure>(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    replayedAt: timestamp('replayed_at', { withTimezone: true }),
    /** An operator decided the event is not to be replayed (junk, a test, superseded): closed without intake. */
    discardedAt: timestamp('discarded_at', { withTimezone: true }),
    discardedBy: text('discarded_by'),
  },
  (t) => [
    index('dead_letters_open_idx').on(t.receivedAt).where(sql`replayed_at is null`),
    // Operations narrows the open letters by event type (a feed that sent thousands of one fault).
    index('dead_letters_open_type_idx')
      .on(sql`(${t.payload}->>'type')`, t.receivedAt)
      .where(sql`replayed_at is null and discarded_at is null`),
  ],
);

/** SMPP message ids of each submitted segment, to match delivery receipts to contacts. */
export const smsSegments = pgTable(
  'sms_segments',
  {
    messageId: text('message_id').primaryKey(),
    outboxId: integer('outbox_id').notNull(),
    effectKey: text('effect_key').notNull(),
    customerId: text('customer_id').notNull(),
    segment: integer('segment').notNull(),
    segments: integer('segments').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    /** DELIVRD, UNDELIV, EXPIRED, … from the delivery receipt; null until it arrives. */
    receiptStatus: text('receipt_status'),
    receiptAt: timestamp('receipt_at', { withTimezone: true }),
  },
  (t) => [index('sms_segments_outbox_idx').on(t.outboxId)],
);

/** Mobile-originated replies, kept as the audit trail of what customers answered. */
export const smsReplies = pgTable(
  'sms_replies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    msisdn: text('msisdn').notNull(),
    serviceNumber: text('service_number').notNull(),
    text: text('text').notNull(),
    optOut: boolean('opt_out').notNull(),
    customerId: text('customer_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sms_replies_customer_idx').on(t.customerId, t.receivedAt)],
);

/** Per-customer sign-offs requested by approval nodes inside a journey (the approvers' inbox). */
export const approvalTasks = pgTable(
  'approval_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    journeyId: uuid('journey_id')
      .notNull()
      .references(() => journeys.id),
    nodeId: text('node_id').notNull(),
    journeyRevision: integer('journey_revision').notNull(),
    customerId: text('customer_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    department: text('department').notNull(),
    role: text('role'),
    note: text('note').notNull().default(''),
    /** The request as the approver reads it: the note filled in with the customer's tags and the
     *  triggering event when the task opened, frozen (null for tasks opened before it was stored). */
    request: text('request'),
    /** open | approved | rejected | timed_out | cancelled */
    status: text('status').notNull().default('open'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** When the department's approvers were told the task waits (one notice per campaign and pass). */
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
    /** When it was escalated to the head office, half-way to its due time without a decision. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  },
  (t) => [
    index('approval_tasks_open_idx').on(t.department, t.status, t.createdAt),
    index('approval_tasks_journey_idx').on(t.journeyId),
    index('approval_tasks_due_idx').on(t.dueAt).where(sql`status = 'open'`),
  ],
);

/** Runs of scheduled audiences: one per (version, moment), resumable by its customer cursor, so a
 *  restart neither enrols twice nor loses the rest of the batch. */
export const scheduleRuns = pgTable(
  'schedule_runs',
  {
    flowVersionId: uuid('flow_version_id').notNull(),
    moment: timestamp('moment', { withTimezone: true }).notNull(),
    /** running | done */
    status: text('status').notNull().default('running'),
    cursor: text('cursor').notNull().default(''),
    examined: integer('examined').notNull().default(0),
    entered: integer('entered').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.flowVersionId, t.moment] })],
);
