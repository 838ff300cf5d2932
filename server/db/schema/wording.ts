// Wording templates (issue 5): approved message texts with customer-field placeholders that the
// designer picks for a contact node instead of typing free text. The node keeps a copy of the
// text (what is approved with the flow version is what is sent); the template id says where it
// came from.
import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const wordingTemplates = pgTable(
  'wording_templates',
  {
    id: text('id').primaryKey(),
    /** The contact node kind it is written for: sms, app_push, outbound_call, inbound_offer, frontline_opportunity. */
    kind: text('kind').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** Plain text with {{customer.<tag>}} and {{event.<attribute>}} placeholders. */
    body: text('body').notNull(),
    createdBy: text('created_by'),
    /** Set when retired on the wording templates page: no longer offered in the picker (flows keep their copied text). */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('wording_templates_kind_idx').on(t.kind, t.id)],
);
