// Campaigns, their immutable flow versions and the sign-offs bound to a version's hash.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

/** The terms of an offer as a version was submitted with them (null: no such offer row). */
export interface OfferTerms {
  productId: string;
  priceCny: number;
  nameZh: string;
  nameEn: string;
}
/** What a flow version references outside its graph, frozen when it is submitted. */
export interface VersionRefs {
  offers: Record<string, OfferTerms | null>;
  allocation: { budgetCny?: number; sms?: number; outboundCalls?: number; frontlineTasks?: number };
  onExhausted: string;
}

export const campaigns = pgTable('campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  department: text('department').notNull(),
  /** draft | submitted | in_approval | approved | scheduled | live | paused | ended | evaluated
   *  (docs/closed-loop.md) */
  status: text('status').notNull().default('draft'),
  priority: integer('priority').notNull().default(50),
  /** Planning (issue 6): what the campaign is for and when it runs. Approved with a window start
   *  in the future means scheduled; the lifecycle worker puts it live at start and ends it at end. */
  objective: text('objective').notNull().default(''),
  startAt: timestamp('start_at', { withTimezone: true }),
  endAt: timestamp('end_at', { withTimezone: true }),
  /** Resource allocation: budget (CNY) and channel quotas; a missing figure is unlimited. */
  allocation: jsonb('allocation').$type<{ budgetCny?: number; sms?: number; outboundCalls?: number; frontlineTasks?: number }>().notNull().default({}),
  /** When a quota or the budget is used up: pause, or ask the approvers for more. */
  onExhausted: text('on_exhausted').notNull().default('pause'),
  /** An exclusive campaign that contacts a customer for an event wins that event: others that
   *  would contact the same customer for it are suppressed as lost arbitration. */
  exclusive: boolean('exclusive').notNull().default(true),
  /** What happens to a contact that falls in the customer's quiet hours: held until the window
   *  opens, or dropped. */
  quietHoursMode: text('quiet_hours_mode').notNull().default('hold'),
  /** The working copy the designer edits; becomes a flow version on save. */
  draftGraph: jsonb('draft_graph').notNull(),
  /** Optimistic concurrency: a save must name the revision it started from. */
  draftRevision: integer('draft_revision').notNull().default(0),
  /** The version that runs while the campaign is live. */
  liveVersionId: uuid('live_version_id'),
  /** When the live version went live: a scheduled audience runs from its next moment after. */
  liveSince: timestamp('live_since', { withTimezone: true }),
  createdBy: text('created_by').references(() => user.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const flowVersions = pgTable(
  'flow_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    versionNo: integer('version_no').notNull(),
    graph: jsonb('graph').notNull(),
    machine: jsonb('machine').notNull(),
    /** Trigger index: the event types and conditions that enter a customer. */
    triggers: jsonb('triggers').notNull(),
    /** Every entry with its kind (event, scheduled audience, API entry). */
    entries: jsonb('entries').notNull().default([]),
    hash: text('hash').notNull(),
    compilerVersion: text('compiler_version').notNull(),
    /** draft | submitted | approved | rejected | superseded | lapsed (its campaign ended while it waited) */
    status: text('status').notNull().default('draft'),
    /** Launch sign-offs this version needs (the approval nodes drawn before its entry, or one by
     *  the campaign's department): [{ id, department, role, note, after: [ids] }]. */
    signoffs: jsonb('signoffs').notNull().default([]),
    /** What the version references outside its graph, frozen at submission and signed with it
     *  (issue 6): the terms of the offers its nodes name and the campaign's allocation
     *  (server/services/version-refs.ts). Null for versions stored before. */
    refs: jsonb('refs').$type<VersionRefs>(),
    createdBy: text('created_by').references(() => user.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('flow_versions_campaign_no_idx').on(t.campaignId, t.versionNo),
    index('flow_versions_hash_idx').on(t.hash),
  ],
);

export const approvals = pgTable(
  'approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    flowVersionId: uuid('flow_version_id')
      .notNull()
      .references(() => flowVersions.id, { onDelete: 'cascade' }),
    /** The hash the approver saw: an approval never transfers to other content. */
    versionHash: text('version_hash').notNull(),
    approverId: text('approver_id')
      .notNull()
      .references(() => user.id),
    department: text('department').notNull(),
    /** The launch sign-off step this decision fills (an approval node's id, or 'department'). */
    stepId: text('step_id').notNull().default('department'),
    /** approved | rejected */
    decision: text('decision').notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('approvals_version_approver_idx').on(t.flowVersionId, t.approverId),
    index('approvals_version_idx').on(t.flowVersionId),
  ],
);

/** Lifecycle moves: who moved a campaign from which status to which, and when. */
export const campaignEvents = pgTable(
  'campaign_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: text('actor_id').references(() => user.id),
    versionHash: text('version_hash'),
    note: text('note').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('campaign_events_campaign_idx').on(t.campaignId, t.at)],
);
