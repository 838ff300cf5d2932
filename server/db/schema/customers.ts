import { boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

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
  (t) => [
    index('customers_msisdn_idx').on(t.msisdn),
    // The customer list's search (ILIKE '%term%' on each of the three; services/customers.ts):
    // trigram indexes find a term of 3+ characters anywhere without reading every customer.
    index('customers_id_trgm_idx').using('gin', t.id.op('gin_trgm_ops')),
    index('customers_msisdn_trgm_idx').using('gin', t.msisdn.op('gin_trgm_ops')),
    index('customers_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
  ],
);

/** API keys for upstream systems and partners. Only a SHA-256 of the key is stored. */
export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
  /** Token bucket: sustained requests per second and the burst allowed above it. */
  ratePerSecond: integer('rate_per_second').notNull().default(50),
  burst: integer('burst').notNull().default(100),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** Products the operator sells, with the rules real-time eligibility checks at contact time. */
export const products = pgTable('products', {
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  priceCny: doublePrecision('price_cny').notNull().default(0),
  /** Products a customer may not hold together with this one. */
  exclusiveWith: jsonb('exclusive_with').$type<string[]>().notNull().default([]),
  /** Plans (customer tag `plan`) this product requires; empty = any plan. */
  requiredPlans: jsonb('required_plans').$type<string[]>().notNull().default([]),
  minTenureMonths: integer('min_tenure_months').notNull().default(0),
  active: boolean('active').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What each customer subscribes to now (订购关系). */
export const subscriptions = pgTable(
  'subscriptions',
  {
    customerId: text('customer_id').notNull(),
    productId: text('product_id').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.productId] })],
);
