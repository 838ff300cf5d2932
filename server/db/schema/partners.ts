// Partner endpoints (开放互联) administered in the UI: the address flows' webhook nodes reach by
// id, and the signing secret, stored only encrypted (server/services/secret-box.ts).
import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const partnerEndpoints = pgTable('partner_endpoints', {
  /** What flows name (`endpointId` of a webhook node). */
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  url: text('url').notNull(),
  /** AES-256-GCM `v1.<key id>.<iv>.<tag>.<ciphertext>`; never sent to a browser. */
  secretSealed: text('secret_sealed').notNull(),
  secretSetAt: timestamp('secret_set_at', { withTimezone: true }).notNull(),
  /** A disabled endpoint receives nothing: its deliveries fail permanently, naming it. */
  active: boolean('active').notNull().default(true),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
