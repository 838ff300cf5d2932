// Where frontline staff work (docs/frontline.md#who-is-who): call-centre teams (the cities whose
// customers' outbound calls they make) and shops (own shops 自办厅 and agents' shops 代理商, each in
// a city), kept in the database and administered under Admin → Frontline organisation
// (frontline-org-admin.ts). Work is routed when staff open their queue, by the task's city
// (`frontline_tasks.region`): opportunities to the shops of the customer's city, outbound calls to
// the teams that call it. The runtime that creates tasks never reads the organisation, so it costs
// events nothing; every workbench request reads it, so each process keeps it in memory and loads
// it again as soon as a change to either table is heard (db/change-feed.ts), at least once a minute.
// A deactivated team or shop takes no new work and is offered in no picker; its name still shows.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { findTag, t, type Catalog, type LocalizedText } from '../../workflows';
import type { Actor } from '../auth/roles';
import { feedOf } from '../db/change-feed';
import { isTransaction, type Executor } from '../db/client';
import { frontlineShops, frontlineTeams } from '../db/schema';
import { processWide } from '../process-wide';
import { Cached } from '../runtime/settings-cache';
import { fieldRefusal } from './errors';

export const ShopKind = z.enum(['own', 'agent']);
export type ShopKind = z.infer<typeof ShopKind>;

export interface Team {
  id: string;
  name: LocalizedText;
  /** Cities whose customers this team calls. */
  regions: string[];
  active: boolean;
}

export interface Shop {
  id: string;
  name: LocalizedText;
  /** own: the operator's shop; agent: an agent's (partner's) shop. */
  kind: ShopKind;
  region: string;
  active: boolean;
}

/** Every team and shop, deactivated ones included (history and dashboards name them). */
export interface Org {
  teams: Team[];
  shops: Shop[];
}

export type TeamRow = typeof frontlineTeams.$inferSelect;
export type ShopRow = typeof frontlineShops.$inferSelect;

export const toTeam = (r: TeamRow): Team => ({ id: r.id, name: { zh: r.nameZh, en: r.nameEn }, regions: r.regions, active: r.active });

/** A kind stored by hand that is neither is read as an agent's shop, which sees no full phone numbers. */
export const toShop = (r: ShopRow): Shop => ({ id: r.id, name: { zh: r.nameZh, en: r.nameEn }, kind: r.kind === 'own' ? 'own' : 'agent', region: r.region, active: r.active });

/** The organisation as the database has it now (no cache). */
export async function loadOrg(db: Executor): Promise<Org> {
  const teams = await db.select().from(frontlineTeams).orderBy(frontlineTeams.id);
  const shops = await db.select().from(frontlineShops).orderBy(frontlineShops.id);
  return { teams: teams.map(toTeam), shops: shops.map(toShop) };
}

const caches = processWide('frontline-org.caches', () => new WeakMap<object, Cached<Org>>());

/**
 * The organisation as this process holds it: from memory while no change has been heard (a save
 * in this process counts at once), else loaded again. A transaction reads its own view, uncached.
 */
export function orgOf(db: Executor): Promise<Org> {
  if (isTransaction(db)) return loadOrg(db);
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new Cached(loadOrg, feedOf(db), ['frontline_teams', 'frontline_shops'])));
  return c.get(db);
}

export const findTeam = (org: Org, id: string | null | undefined): Team | undefined => (id ? org.teams.find((x) => x.id === id) : undefined);
export const findShop = (org: Org, id: string | null | undefined): Shop | undefined => (id ? org.shops.find((x) => x.id === id) : undefined);

/** The teams and shops that take work: what pickers offer. */
export const activeOrg = (org: Org): Org => ({ teams: org.teams.filter((x) => x.active), shops: org.shops.filter((x) => x.active) });

/** Where the actor works, deactivated or not (the caller decides what that still allows). */
export async function workplace(db: Executor, actor: Actor): Promise<{ team: Team | null; shop: Shop | null }> {
  const org = await orgOf(db);
  return { team: findTeam(org, actor.team) ?? null, shop: findShop(org, actor.shopId) ?? null };
}

/** The cities the app knows: the values of the customer tag `region` (Admin → Tag schema). */
export function knownCities(catalog: Catalog): string[] {
  const tag = findTag(catalog, 'region');
  return tag?.type === 'enum' ? (tag.values ?? []) : [];
}

/**
 * Refuses giving an account a team or shop that does not exist or is deactivated; keeping the one
 * it has is allowed (so an administrator can change the role of someone whose shop closed). Inside
 * the caller's transaction, the row is share-locked: it cannot be deleted before the assignment commits.
 */
export async function checkAssignment(db: Executor, assign: { team?: string | null; shopId?: string | null }, current: { team: string | null; shopId: string | null }): Promise<void> {
  if (assign.team && assign.team !== current.team) {
    const [row] = await db.select().from(frontlineTeams).where(eq(frontlineTeams.id, assign.team)).for('share');
    if (!row) throw fieldRefusal('team', '班组', t(`no team ${assign.team}`, `没有班组 ${assign.team}`));
    if (!row.active) throw fieldRefusal('team', '班组', t(`${row.nameEn} (${row.id}) is deactivated: it takes no new staff`, `${row.nameZh}（${row.id}）已停用：不再接收新人员`));
  }
  if (assign.shopId && assign.shopId !== current.shopId) {
    const [row] = await db.select().from(frontlineShops).where(eq(frontlineShops.id, assign.shopId)).for('share');
    if (!row) throw fieldRefusal('shopId', '营业厅', t(`no shop ${assign.shopId}`, `没有营业厅 ${assign.shopId}`));
    if (!row.active) throw fieldRefusal('shopId', '营业厅', t(`${row.nameEn} (${row.id}) is deactivated: it takes no new staff`, `${row.nameZh}（${row.id}）已停用：不再接收新人员`));
  }
}
