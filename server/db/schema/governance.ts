// The closed loop's records (issue 6): the tamper-evident audit log and in-app notifications.
// audit_log is append-only: each entry carries the hash of the one before it, so an edited,
// removed or re-ordered row breaks the chain at that entry (server/services/audit.ts).
import { bigserial, boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
