// The frontline organisation (docs/frontline.md#who-is-who): the call-centre teams (the cities whose
// customers each calls) and the shops (own shops 自办厅 and agents' shops 代理商, each in a city),
// administered under Admin → Frontline organisation. Migration 0020 seeds the teams and shops
// earlier releases declared in code, so staff assignments (`user.team`, `user.shop_id`) and history
// (`frontline_tasks.outcome_team`, `outcome_shop_id`, the roll-ups) keep naming them. A team or shop
// anything refers to is deactivated, never deleted: it takes no new work and keeps its names.
import { sql } from 'drizzle-orm';
import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const frontlineTeams = pgTable('frontline_teams', {
  /** What `user.team` and `frontline_tasks.outcome_team` hold, e.g. hz-callcenter. */
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** Cities (values of the customer tag `region`) whose outbound calls this team makes. */
  regions: text('regions').array().notNull().default(sql`'{}'::text[]`),
  /** An inactive team takes no new work and is offered in no picker; its name still shows. */
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

export const frontlineShops = pgTable('frontline_shops', {
  /** What `user.shop_id` and `frontline_tasks.outcome_shop_id` hold, e.g. HZ-WL-01. */
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** own: the operator's shop (自办厅); agent: an agent's (partner's) shop (代理商). */
  kind: text('kind').notNull(),
  /** The city (a value of the customer tag `region`) whose customers' opportunities it sees. */
  region: text('region').notNull(),
  /** An inactive shop takes no new work and is offered in no picker; its name still shows. */
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
});
