// Who an SSO user is in Octoflow: the claim mapping, and what a sign-in does to an account's
// role. The identity provider decides for users its claims map; an administrator decides for
// everybody else, and a user nobody has decided for gets no access (issue 6).
import type { SsoAccess } from './sso-env';

/** The claim's values at a dotted path (`groups`, `realm_access.roles`): strings, or none. */
export function claimValues(profile: Record<string, unknown>, claim: string): string[] {
  let value: unknown = profile;
  for (const key of claim.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The first entry of the map (in its written order) whose key is among the user's values. */
export function mapClaims(values: string[], map: Record<string, SsoAccess>): { value: string; access: SsoAccess } | null {
  const held = new Set(values);
  for (const [value, access] of Object.entries(map)) if (held.has(value)) return { value, access };
  return null;
}

/** role_source of a role an administrator set on the users page: SSO sign-ins keep it. */
export const MANUAL_ROLE_SOURCE = 'manual';

/** No role yet: an account in this state cannot sign in (currentActor refuses it too). */
export const PENDING_ROLE = 'pending';

export interface AccountAccess {
  role: string;
  department: string;
  team: string | null;
  shopId: string | null;
  /** 'sso' when the role came from the provider's claims; 'manual' when an administrator set it on
   *  the users page; null for seeded accounts and accounts nobody decided for. */
  roleSource: string | null;
}

/**
 * The account's access after an SSO sign-in. `current` is null for a new account.
 * - a mapped claim sets the role from the provider, every sign-in (so the provider can change it);
 * - a role that came from the provider and is no longer mapped is withdrawn (to the default);
 * - a new, unmapped user gets the default access if one is configured, else none;
 * - a role an administrator set on the users page (roleSource 'manual') is kept, mapped or not;
 * - an administrator's role is kept when no claim maps.
 */
export function accessAfterSsoSignIn(mapped: SsoAccess | null, current: AccountAccess | null, defaultAccess: SsoAccess | null): AccountAccess {
  const from = (a: SsoAccess, roleSource: string | null): AccountAccess => ({ role: a.role, department: a.department, team: a.team ?? null, shopId: a.shopId ?? null, roleSource });
  // An administrator's hand beats the claims: a role set on the users page stays until they change it.
  if (current?.roleSource === MANUAL_ROLE_SOURCE) return current;
  if (mapped) return from(mapped, 'sso');
  if (current && current.roleSource !== 'sso') return current;
  if (defaultAccess) return from(defaultAccess, null);
  return { role: PENDING_ROLE, department: current?.department ?? 'market', team: null, shopId: null, roleSource: null };
}

export function sameAccess(a: AccountAccess, b: AccountAccess): boolean {
  return a.role === b.role && a.department === b.department && a.team === b.team && a.shopId === b.shopId && a.roleSource === b.roleSource;
}
