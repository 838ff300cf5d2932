// Tables owned by better-auth (its drizzle adapter reads and writes them). Column names follow
// better-auth's core schema; `role`, `department`, `team`, `shopId` and `roleSource` are our
// additional user fields.
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const user = pgTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  role: text('role').notNull().default('designer'),
  department: text('department').notNull().default('market'),
  locale: text('locale'),
  /** Frontline staff: the call-centre team whose outbound queue they serve (e.g. hz-callcenter). */
  team: text('team'),
  /** Frontline staff: the shop (own shop or agent's shop) whose opportunities they see. */
  shopId: text('shop_id'),
  /** 'sso' when the role came from the sign-in provider's claims (withdrawn when they stop
   *  mapping); 'manual' when an administrator set it on the users page (kept over the claims);
   *  null for the demo seed and accounts nobody decided for. See server/auth/sso-access.ts. */
  roleSource: text('role_source'),
  /** Job titles (岗位) an administrator gave the account, e.g. 营销经理: an approval node that names
   *  a role is decided only by an approver holding it (docs/closed-loop.md). */
  titles: text('titles').array().notNull().default(sql`'{}'::text[]`),
  /** When an administrator disabled the account (a leaver): no sign-in, no session, no API key
   *  of theirs works; the row stays so history keeps the name. Null while the account is enabled. */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  /** Set when an administrator created the account or reset its password: the person must choose
   *  a password of their own before anything else (server/services/passwords.ts). False for the
   *  demo seed and single sign-on accounts; cleared by the change. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    token: text('token').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);

export const account = pgTable(
  'account',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('account_user_idx').on(t.userId)],
);

export const verification = pgTable('verification', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
