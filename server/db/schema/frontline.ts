// Work for people: outbound call tasks for call-centre teams, inbound scenario offers shown to
// the agent serving a caller, and opportunities pushed to shop and agent staff.
import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const frontlineTasks = pgTable(
  'frontline_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The outbox effect that created it: a re-delivery creates nothing new. */
    effectKey: text('effect_key').notNull(),
    /** outbound_call | inbound | frontline */
    kind: text('kind').notNull(),
    customerId: text('customer_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    journeyId: uuid('journey_id').notNull(),
    nodeId: text('node_id').notNull(),
    offerId: text('offer_id'),
    /** The approved wording, rendered for this customer (script or opportunity description). */
    script: text('script').notNull(),
    /** 0 low, 1 normal, 2 high. */
    priority: integer('priority').notNull().default(1),
    /** The customer's city, for routing frontline opportunities to shops. */
    region: text('region'),
    commissionCny: doublePrecision('commission_cny').notNull().default(0),
    /** open | claimed | done | expired */
    status: text('status').notNull().default('open'),
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    /** Not offered again before this instant (a "call back later"); null = now. */
    availableAt: timestamp('available_at', { withTimezone: true }),
    /** A call-back the agent promised to make themselves (user id): offered to them first, and to
     *  the rest of the team only if they have not claimed it within CALL_BACK_GRACE_MS of its time. */
    assignedTo: text('assigned_to'),
    /** accepted | declined | call_back | not_interested | expired (past due with no answer) */
    outcome: text('outcome'),
    outcomeAt: timestamp('outcome_at', { withTimezone: true }),
    /** Who recorded the outcome (user id), and the team or shop they worked for then: the
     *  commission of a conversion is credited to them (酬金). */
    outcomeBy: text('outcome_by'),
    outcomeTeam: text('outcome_team'),
    outcomeShopId: text('outcome_shop_id'),
    /** What the staff member noted (call back at…, why declined). */
    note: text('note'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('frontline_tasks_effect_idx').on(t.effectKey),
    index('frontline_tasks_queue_idx').on(t.kind, t.status, t.priority, t.dueAt).where(sql`status in ('open','claimed')`),
    // The expiry sweep: open work past its due time.
    index('frontline_tasks_due_idx').on(t.dueAt).where(sql`status in ('open','claimed')`),
    // Withdrawing an ended campaign's open work (frontline-expiry.ts): found by campaign, not by
    // reading every open task.
    index('frontline_tasks_open_campaign_idx').on(t.campaignId).where(sql`status = 'open'`),
    index('frontline_tasks_customer_idx').on(t.customerId, t.kind, t.status),
    index('frontline_tasks_commission_idx').on(t.outcomeAt).where(sql`outcome = 'accepted'`),
    // The dashboards' task drill-downs (server/analytics/frontline.ts): the latest tasks of a
    // period, of one shop or of one team, read newest first without sorting the period's tasks.
    index('frontline_tasks_created_idx').on(t.createdAt),
    index('frontline_tasks_shop_idx').on(t.outcomeShopId, t.createdAt),
    index('frontline_tasks_team_idx').on(t.outcomeTeam, t.createdAt),
  ],
);
