// Accounts and sessions through better-auth (a maintained library: scrypt password hashing,
// signed session cookies, rate-limited sign-in) on our drizzle database. Accounts are created
// by administrators (and the demo seed), so public sign-up is off.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Db } from '../db/client';
import { eq } from 'drizzle-orm';
import { account, session, user, verification } from '../db/schema';
import { appendAudit } from '../services/audit';
import type { Env } from '../env';

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
  return betterAuth({
    appName: 'Octoflow',
    baseURL,
    secret: authSecret(env),
    trustedOrigins: [baseURL, `http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`],
    database: drizzleAdapter(db, { provider: 'pg', schema: { user, session, account, verification } }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    user: {
      additionalFields: {
        role: { type: 'string', input: false, defaultValue: 'designer' },
        department: { type: 'string', input: false, defaultValue: 'market' },
        // Frontline staff: their call-centre team and their shop (see docs/frontline.md).
        team: { type: 'string', input: false, required: false },
        shopId: { type: 'string', input: false, required: false },
      },
    },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    // Every sign-in is recorded in the audit log (issue 6); the address, not the token.
    databaseHooks: {
      session: {
        create: {
          after: async (s) => {
            const [u] = await db.select({ email: user.email }).from(user).where(eq(user.id, s.userId));
            await appendAudit(db, {
              actor: { id: s.userId, email: u?.email ?? null },
              action: 'auth.sign_in',
              entityType: 'user',
              entityId: s.userId,
              detail: { ip: s.ipAddress ?? null, userAgent: s.userAgent ?? null },
            });
          },
        },
      },
    },
    rateLimit: { enabled: true, window: 60, max: 300, customRules: { '/sign-in/email': { window: 10, max: 10 } } },
  });
}

export type Auth = ReturnType<typeof createAuth>;
