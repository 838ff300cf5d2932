import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** A subscriber. Tags come from the analytics system; their schema is the flow catalog. */
export const customers = pgTable(
  'customers',
  {
    id: text('id').primaryKey(),
    msisdn: text('msisdn').notNull(),
    name: text('name').notNull(),
    tags: jsonb('tags').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('customers_msisdn_idx').on(t.msisdn)],
);

/** API keys for upstream systems and partners. Only a SHA-256 of the key is stored. */
export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
