// Single sign-on through the operator's OpenID Connect provider (issue 6), on better-auth's
// generic OAuth plugin: discovery, authorization code with PKCE, state bound to the browser,
// ID tokens verified against the provider's keys with a nonce, the `iss` answer checked.
// What this module adds: the provider's claims decide the role (sso-access.ts), a user without
// a role cannot sign in, and the sign-in page can tell whether the provider is reachable.
import { AsyncLocalStorage } from 'node:async_hooks';
import { eq } from 'drizzle-orm';
import { APIError } from 'better-auth/api';
import type { GenericOAuthConfig } from 'better-auth/plugins/generic-oauth';
import type { Db } from '../db/client';
import { user } from '../db/schema';
import { appendAudit } from '../services/audit';
import type { Env } from '../env';
import { Role } from './roles';
import { accessAfterSsoSignIn, claimValues, mapClaims, sameAccess, type AccountAccess } from './sso-access';
import type { SsoAccess } from './sso-env';

/** better-auth's id for the provider: the callback is /api/auth/callback/oidc. */
export const SSO_PROVIDER_ID = 'oidc';
/** Error codes the sign-in page explains (besides better-auth's own OAuth callback codes). */
export const SSO_NO_ROLE = 'SSO_NO_ROLE';
export const SSO_UNREACHABLE = 'SSO_UNREACHABLE';
/** An administrator disabled the account (a leaver): no sign-in of any kind. */
export const ACCOUNT_DISABLED = 'ACCOUNT_DISABLED';

export interface SsoSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  scopes: string[];
  roleClaim: string;
  roleMap: Record<string, SsoAccess>;
  defaultAccess: SsoAccess | null;
}

export function ssoSettings(env: Env): SsoSettings | null {
  const { OCTOFLOW_OIDC_ISSUER: issuer, OCTOFLOW_OIDC_CLIENT_ID: clientId, OCTOFLOW_OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return null;
  return {
    issuer,
    clientId,
    clientSecret,
    name: env.OCTOFLOW_OIDC_NAME,
    scopes: env.OCTOFLOW_OIDC_SCOPES,
    roleClaim: env.OCTOFLOW_OIDC_ROLE_CLAIM,
    roleMap: env.OCTOFLOW_OIDC_ROLE_MAP,
    defaultAccess: env.OCTOFLOW_OIDC_DEFAULT_ACCESS,
  };
}

/** What one auth request learnt from the provider, for the database hooks that run inside it. */
interface SsoRequest {
  /** Set once the provider's profile is read: the matched claim value and its access, or null. */
  mapping?: { value: string; access: SsoAccess } | null;
  subject?: string;
}

export function discoveryUrl(issuer: string): string {
  return `${issuer}/.well-known/openid-configuration`;
}

/** Whether the provider answers its discovery document now (a sign-in would fail otherwise). */
async function reachable(settings: SsoSettings): Promise<boolean> {
  try {
    const res = await fetch(discoveryUrl(settings.issuer), { signal: AbortSignal.timeout(3_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

function accessOf(row: typeof user.$inferSelect): AccountAccess {
  return { role: row.role, department: row.department, team: row.team, shopId: row.shopId, roleSource: row.roleSource };
}

export function createSso(db: Db, settings: SsoSettings | null) {
  const requests = new AsyncLocalStorage<SsoRequest>();

  const provider: GenericOAuthConfig | null = settings && {
    providerId: SSO_PROVIDER_ID,
    name: settings.name,
    discoveryUrl: discoveryUrl(settings.issuer),
    // Without the provider's keys an ID token could not be checked: wait for discovery instead.
    requireIdTokenVerification: true,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    scopes: settings.scopes,
    pkce: true,
    // Signing out of Octoflow does not sign the person out of the operator's other systems.
    disableProviderLogout: true,
    mapProfileToUser: (profile) => {
      const store = requests.getStore();
      if (store) {
        store.mapping = mapClaims(claimValues(profile, settings.roleClaim), settings.roleMap);
        store.subject = String(profile.sub ?? profile.id ?? '');
      }
      return {};
    },
  };

  return {
    settings,
    provider,
    /** Runs one auth request with its own SSO scratch space (the hooks below read it). */
    run<T>(fn: () => T): T {
      return requests.run({}, fn);
    },
    /** Before any auth endpoint: refuse ID-token sign-in, and say when the provider is down. */
    async beforeEndpoint(path: string, body: unknown): Promise<void> {
      if (path !== '/sign-in/social') return;
      const b = (body ?? {}) as { provider?: unknown; idToken?: unknown };
      // Only the authorization-code flow: an ID token posted by a client is not accepted.
      if (b.idToken !== undefined) throw new APIError('BAD_REQUEST', { code: 'SSO_ID_TOKEN_REFUSED', message: 'sign in through the provider\'s page, not with an ID token' });
      if (settings && b.provider === SSO_PROVIDER_ID && !(await reachable(settings))) {
        throw new APIError('SERVICE_UNAVAILABLE', { code: SSO_UNREACHABLE, message: `the sign-in provider ${settings.name} cannot be reached` });
      }
    },
    /** A new account made by an SSO sign-in: its access from the claims, never the column default. */
    newUserFields(): (Partial<AccountAccess> & Record<string, unknown>) | null {
      const store = requests.getStore();
      if (!settings || !store || store.mapping === undefined) return null;
      const a = accessAfterSsoSignIn(store.mapping?.access ?? null, null, settings.defaultAccess);
      return { ...a };
    },
    /**
     * Before a session is made: for any sign-in, refuse a disabled account; on an SSO sign-in,
     * apply the claims to an existing account; for any sign-in, refuse an account without a role
     * (it would be signed in to nothing).
     */
    async beforeSession(userId: string): Promise<void> {
      const store = requests.getStore();
      const [row] = await db.select().from(user).where(eq(user.id, userId));
      if (!row) return;
      /** Audits a refused sign-in with its reason and method; the caller throws the refusal. */
      const auditRefusal = (reason: 'disabled' | 'no_role') =>
        appendAudit(db, {
          actor: { id: userId, email: row.email },
          action: 'auth.sign_in_refused',
          entityType: 'user',
          entityId: userId,
          detail: { reason, method: store?.mapping !== undefined ? 'sso' : 'password' },
        });
      if (row.disabledAt) {
        await auditRefusal('disabled');
        throw new APIError('FORBIDDEN', { code: ACCOUNT_DISABLED, message: ACCOUNT_DISABLED });
      }
      let access = accessOf(row);
      if (settings && store && store.mapping !== undefined) {
        const next = accessAfterSsoSignIn(store.mapping?.access ?? null, access, settings.defaultAccess);
        if (!sameAccess(next, access)) {
          await db.transaction(async (tx) => {
            await tx.update(user).set({ ...next, updatedAt: new Date() }).where(eq(user.id, userId));
            await appendAudit(tx, {
              actor: { id: userId, email: row.email },
              action: 'auth.sso_access',
              entityType: 'user',
              entityId: userId,
              detail: { from: access, to: next, claim: settings.roleClaim, matched: store.mapping?.value ?? null },
            });
          });
          access = next;
        }
      }
      if (!Role.safeParse(access.role).success) {
        await auditRefusal('no_role');
        // The redirect back to the sign-in page carries only the reason code (the page explains
        // it); who was refused goes to the server log and the audit log, not into a URL.
        console.warn(`[sso] sign-in refused: account ${userId} has no role yet (${SSO_NO_ROLE})`);
        throw new APIError('FORBIDDEN', { code: SSO_NO_ROLE, message: SSO_NO_ROLE });
      }
    },
    /** How the current request signed in, for the audit entry of the sign-in. */
    method(): { method: 'sso'; provider: string; subject: string | null } | { method: 'password' } {
      const store = requests.getStore();
      return store?.mapping !== undefined ? { method: 'sso', provider: SSO_PROVIDER_ID, subject: store.subject || null } : { method: 'password' };
    },
  };
}

export type Sso = ReturnType<typeof createSso>;

/** What the sign-in page needs to know: whether to offer the provider, and its name. */
export function ssoButton(env: Env): { name: string } | null {
  const s = ssoSettings(env);
  return s && { name: s.name };
}
