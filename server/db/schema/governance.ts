// The closed loop's records (issue 6): the tamper-evident audit log and in-app notifications.
// audit_log is append-only: each entry carries the hash of the one before it, so an edited,
// removed or re-ordered row breaks the chain at that entry (server/services/audit.ts).
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The account that acted; null for the system (workers, schedules). No foreign key: the
     *  log outlives accounts. */
    actorId: text('actor_id'),
    actorEmail: text('actor_email'),
    /** e.g. campaign.create, flow.submit, approval.decide, campaign.move, auth.sign_in */
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    versionHash: text('version_hash'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    /** sha256(canonical JSON of the entry + prev_hash) */
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_actor_idx').on(t.actorEmail),
  ],
);

/** In-app notifications (the bell): approvals waiting, allocation requests, escalations. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** One row per person: a department-wide notice is fanned out to its approvers. */
    userId: text('user_id').notNull(),
    kind: text('kind').notNull(),
    campaignId: uuid('campaign_id'),
    versionId: uuid('version_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    read: boolean('read').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.read, t.createdAt)],
);

/**
 * Notifications leaving by email or webhook: an outbox written in the transaction that writes the
 * notification, so a crash neither loses one nor sends one twice (the key travels as the mail's
 * Message-ID and the webhook's Idempotency-Key for the rare resend after a crash mid-send).
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    notificationId: uuid('notification_id').notNull(),
    /** email | webhook */
    channel: text('channel').notNull(),
    /** pending | sent | failed | skipped (the channel is not configured) */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Null: due now (rows are written without a clock); set to the runtime clock's time on a retry. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** A worker that claimed the row holds it until then; another may take it over after. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notification_deliveries_key').on(t.notificationId, t.channel),
    index('notification_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
  ],
);
