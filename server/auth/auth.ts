// Accounts and sessions through better-auth (a maintained library: scrypt password hashing,
// signed session cookies, rate-limited sign-in) on our drizzle database. Accounts are created
// by administrators (and the demo seed), so public sign-up is off; with single sign-on
// configured (sso.ts), the operator's OpenID Connect provider signs people in too. A disabled
// account (services/users.ts) is refused at every sign-in, by password or SSO (sso.ts).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Db } from '../db/client';
import { eq } from 'drizzle-orm';
import { account, session, user, verification } from '../db/schema';
import { appendAudit } from '../services/audit';
import type { Env } from '../env';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-length';
import { createSso, ssoSettings } from './sso';

/**
 * The session-signing secret: BETTER_AUTH_SECRET in production; for the embedded default a
 * random one is generated once and kept next to the data (mode 0600), never logged.
 */
function authSecret(env: Env): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  const file = path.join(path.dirname(path.resolve(env.OCTOFLOW_DATA_DIR)), 'auth-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

export function createAuth(db: Db, env: Env) {
  const baseURL = env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`;
  const sso = createSso(db, ssoSettings(env));
  const auth = betterAuth({
    appName: 'Octoflow',
    baseURL,
    secret: authSecret(env),
    trustedOrigins: [baseURL, `http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`],
    database: drizzleAdapter(db, { provider: 'pg', schema: { user, session, account, verification } }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: MAX_PASSWORD_LENGTH },
    plugins: sso.provider ? [genericOAuth({ config: [sso.provider] })] : [],
    // OAuth callback failures (a wrong state, a refused user, the provider down) land on the
    // sign-in page, which explains the code in the reader's language.
    onAPIError: { errorURL: new URL('/sign-in', baseURL).toString() },
    hooks: { before: createAuthMiddleware(async (ctx) => sso.beforeEndpoint(ctx.path, ctx.body)) },
    user: {
      additionalFields: {
        role: { type: 'string', input: false, defaultValue: 'designer' },
        department: { type: 'string', input: false, defaultValue: 'market' },
        // Frontline staff: their call-centre team and their shop (see docs/frontline.md).
        team: { type: 'string', input: false, required: false },
        shopId: { type: 'string', input: false, required: false },
        // 'sso' when the role came from the sign-in provider's claims (see sso-access.ts).
        roleSource: { type: 'string', input: false, required: false },
        // The language switch's choice for this user (app/i18n): it follows them to another browser.
        locale: { type: 'string', input: false, required: false },
        // Set when an administrator disabled the account: its sessions are deleted then, and a
        // session read with it set is treated as none (createContext, app/_lib/session.ts).
        disabledAt: { type: 'date', input: false, required: false },
        // Set when an administrator created the account or reset its password: until the person
        // chooses their own, a session read with it set acts for nothing but that change
        // (createContext, app/_lib/session.ts, services/passwords.ts).
        mustChangePassword: { type: 'boolean', input: false, required: false, defaultValue: false },
      },
    },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    // Every sign-in is recorded in the audit log (issue 6); the address, not the token.
    databaseHooks: {
      user: {
        create: {
          before: async (u) => {
            const fields = sso.newUserFields();
            return fields ? { data: { ...u, ...fields } } : undefined;
          },
        },
      },
      session: {
        create: {
          before: async (s) => {
            await sso.beforeSession(s.userId);
          },
          after: async (s) => {
            const [u] = await db.select({ email: user.email }).from(user).where(eq(user.id, s.userId));
            await appendAudit(db, {
              actor: { id: s.userId, email: u?.email ?? null },
              action: 'auth.sign_in',
              entityType: 'user',
              entityId: s.userId,
              detail: { ip: s.ipAddress ?? null, userAgent: s.userAgent ?? null, ...sso.method() },
            });
          },
        },
      },
    },
    rateLimit: { enabled: true, window: 60, max: 300, customRules: { '/sign-in/email': { window: 10, max: 10 }, '/sign-in/social': { window: 10, max: 10 } } },
  });
  const handler = auth.handler;
  return Object.assign(auth, { handler: (req: Request) => sso.run(() => handler(req)) });
}

export type Auth = ReturnType<typeof createAuth>;
