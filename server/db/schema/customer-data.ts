// Customer data administered by Octoflow itself (issue 8): the declared tag schema and event types
// the flow language type-checks against, offers on products, and the record of every bulk import.
import { sql } from 'drizzle-orm';
import type { FieldDef } from '../../../workflows';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One declared customer tag. The catalog's `tags` are built from these rows. */
export const tagDefinitions = pgTable('tag_definitions', {
  name: text('name').primaryKey(),
  /** string | int | double | bool | enum */
  type: text('type').notNull(),
  /** Allowed values of an enum tag. */
  values: jsonb('values').$type<string[]>().notNull().default([]),
  /**
   * How people read an enum tag's values, `{ unlimited_5g: { zh: '5G畅享套餐', en: 'Unlimited 5G' } }`,
   * either language may be missing (parsed on read: services/value-labels.ts).
   */
  valueLabels: jsonb('value_labels').$type<Record<string, { zh?: string; en?: string }>>().notNull().default({}),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
  descriptionZh: text('description_zh'),
  descriptionEn: text('description_en'),
  /** Display order. */
  position: integer('position').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

/**
 * One event type an administrator declared (issue 4: event types have declared schemas), beside
 * the built-in ones the product ships. The catalog's `eventTypes` include these rows; an event of
 * a type in neither is refused at intake and kept as a dead letter.
 */
export const eventTypeDefinitions = pgTable('event_type_definitions', {
  type: text('type').primaryKey(),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
  descriptionZh: text('description_zh'),
  descriptionEn: text('description_en'),
  /**
   * The attributes' declared types, as the catalog's FieldDef list, except that an enum's value
   * labels may lack a language (parsed on read: services/value-labels.ts).
   */
  attributes: jsonb('attributes').$type<(Omit<FieldDef, 'valueLabels'> & { valueLabels?: Record<string, { zh?: string; en?: string }> })[]>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

/** A priced, time-limited offer of a product (what frontline staff and partners present). */
export const offers = pgTable(
  'offers',
  {
    id: text('id').primaryKey(),
    productId: text('product_id').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    priceCny: doublePrecision('price_cny').notNull().default(0),
    validFrom: timestamp('valid_from', { withTimezone: true }),
    validTo: timestamp('valid_to', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('offers_product_idx').on(t.productId)],
);

/** Why a line or a file was refused: a stable code with its values (the UI words it in the
 *  user's language) and the reason in English (for API clients and logs). */
export interface ImportProblem {
  code: string;
  params: Record<string, string | number>;
}
export interface ImportError extends Partial<ImportProblem> {
  line: number;
  reason: string;
}

/** One bulk import (UI upload or API), with who sent it and what it did. */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** customers | subscriptions */
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    /** partial | all_or_nothing */
    mode: text('mode').notNull(),
    /** running | succeeded | partial | refused | failed */
    status: text('status').notNull().default('running'),
    /** Who: a user's email, or `api-key:<name>`. */
    actor: text('actor').notNull(),
    lines: integer('lines').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** The first rejected lines with their reasons (capped; `rejected` counts them all). */
    errors: jsonb('errors').$type<ImportError[]>().notNull().default([]),
    /** Why the whole file was refused or failed: in English, and as a code with its values. */
    error: text('error'),
    errorDetail: jsonb('error_detail').$type<ImportProblem>(),
    /** The process running it (host:pid:nonce) and when it last showed progress: an import whose
     *  process died is found by these and marked failed instead of "running" for ever. */
    owner: text('owner'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('imports_started_idx').on(t.startedAt), index('imports_running_idx').on(t.heartbeatAt).where(sql`status = 'running'`)],
);
