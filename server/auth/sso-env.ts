// The shapes of the single sign-on settings in the environment (server/env.ts reads them).
import { z } from 'zod';
import { Department, Role } from './roles';

/** What an SSO user is given: a role in a department (frontline staff also a team or shop). */
export const SsoAccess = z.strictObject({
  role: Role,
  department: Department,
  team: z.string().min(1).optional(),
  shopId: z.string().min(1).optional(),
});
export type SsoAccess = z.infer<typeof SsoAccess>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The issuer: https (OpenID Connect Discovery requires it); plain http only on loopback. */
export const SsoIssuer = z
  .string()
  .url('must be the provider\'s issuer URL, such as https://sso.example.com/realms/staff')
  .refine((value) => {
    const url = URL.parse(value);
    return !url || url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, 'must be an https URL (plain http is allowed for localhost only)')
  .refine((value) => {
    const url = URL.parse(value);
    return !url || (!url.search && !url.hash);
  }, 'must not carry a query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

/** Space- or comma-separated scopes; OpenID Connect needs `openid` among them. */
export const SsoScopes = z
  .string()
  .default('openid profile email')
  .transform((value) => value.split(/[\s,]+/).filter(Boolean))
  .refine((scopes) => scopes.includes('openid'), 'must include openid (for example "openid profile email")');
