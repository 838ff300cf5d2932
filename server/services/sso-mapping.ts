// The single sign-on mapping (OCTOFLOW_OIDC_ROLE_MAP, OCTOFLOW_OIDC_DEFAULT_ACCESS: claim value →
// role, department, team, shop) checked against the frontline organisation. The mapping is saved
// in the environment, so it is checked when the server starts: an entry naming a team or shop that
// does not exist, is deactivated or does not fit its role (the users page's rules, checkAssignment)
// is reported as an error in the log (the start goes on: the team is created through this server). The other way round,
// the organisation's administration refuses deleting or deactivating what the mapping names.
import { t } from '../../workflows';
import type { SsoSettings } from '../auth/sso';
import type { SsoAccess } from '../auth/sso-env';
import type { Executor } from '../db/client';
import { fieldRefusal, ServiceError } from './errors';
import { checkAssignment } from './frontline-org';

/** The mapping's entries by the environment variable and key that say them. */
function entries(sso: Pick<SsoSettings, 'roleMap' | 'defaultAccess'> | null): { path: string; access: SsoAccess }[] {
  if (!sso) return [];
  const mapped = Object.entries(sso.roleMap).map(([claim, access]) => ({ path: `OCTOFLOW_OIDC_ROLE_MAP.${claim}`, access }));
  return sso.defaultAccess ? [...mapped, { path: 'OCTOFLOW_OIDC_DEFAULT_ACCESS', access: sso.defaultAccess }] : mapped;
}

/** Which teams and shops the mapping names, each with the entries (claim values) that name it. */
export interface SsoOrgRefs {
  teams: ReadonlyMap<string, string[]>;
  shops: ReadonlyMap<string, string[]>;
}

export const NO_SSO_REFS: SsoOrgRefs = { teams: new Map(), shops: new Map() };

export function ssoOrgRefs(sso: Pick<SsoSettings, 'roleMap' | 'defaultAccess'> | null): SsoOrgRefs {
  const teams = new Map<string, string[]>();
  const shops = new Map<string, string[]>();
  for (const { path, access } of entries(sso)) {
    const key = path.replace(/^OCTOFLOW_OIDC_ROLE_MAP\./, '');
    if (access.team) teams.set(access.team, [...(teams.get(access.team) ?? []), key]);
    if (access.shopId) shops.set(access.shopId, [...(shops.get(access.shopId) ?? []), key]);
  }
  return { teams, shops };
}

/**
 * Refuses a mapping whose entry names an unknown or deactivated team or shop, or one its role does
 * not work in; the refusal names the entry's field (`OCTOFLOW_OIDC_ROLE_MAP.<claim>.team`).
 */
export async function checkSsoMapping(db: Executor, sso: Pick<SsoSettings, 'roleMap' | 'defaultAccess'> | null): Promise<void> {
  for (const { path, access } of entries(sso)) {
    try {
      await checkAssignment(db, { role: access.role, team: access.team ?? null, shopId: access.shopId ?? null }, { team: null, shopId: null });
    } catch (e) {
      const field = e instanceof ServiceError ? e.fields[0] : undefined;
      if (!field) throw e;
      const name = `${path}.${field.path.join('.')}`;
      throw fieldRefusal(name, name, t(`${field.text.en} (single sign-on mapping)`, `${field.text.zh}（单点登录映射）`));
    }
  }
}
