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
 * Refuses giving an account a team or shop that does not exist or is deactivated, or that its role
 * does not work in (only frontline staff work for a team or shop); keeping the one it has is
 * allowed (so an administrator can change the role of someone whose shop closed). The same rules
 * hold for what a single sign-on mapping gives (sso-mapping.ts). Inside the caller's transaction,
 * the row is share-locked: it cannot be deleted before the assignment commits.
 */
export async function checkAssignment(
  db: Executor,
  assign: { role?: string; team?: string | null; shopId?: string | null },
  current: { team: string | null; shopId: string | null },
): Promise<void> {
  const notFrontline = (path: 'team' | 'shopId', zh: string, what: LocalizedText) =>
    fieldRefusal(path, zh, t(`only frontline staff work for a ${what.en}: the role ${assign.role} has none`, `只有一线人员归属${what.zh}：角色 ${assign.role} 不归属任何${what.zh}`));
  if (assign.team && assign.team !== current.team) {
    if (assign.role !== undefined && assign.role !== 'frontline') throw notFrontline('team', '班组', t('team', '班组'));
    const [row] = await db.select().from(frontlineTeams).where(eq(frontlineTeams.id, assign.team)).for('share');
    if (!row) throw fieldRefusal('team', '班组', t(`no team ${assign.team}`, `没有班组 ${assign.team}`));
    if (!row.active) throw fieldRefusal('team', '班组', t(`${row.nameEn} (${row.id}) is deactivated: it takes no new staff`, `${row.nameZh}（${row.id}）已停用：不再接收新人员`));
  }
  if (assign.shopId && assign.shopId !== current.shopId) {
    if (assign.role !== undefined && assign.role !== 'frontline') throw notFrontline('shopId', '营业厅', t('shop', '营业厅'));
    const [row] = await db.select().from(frontlineShops).where(eq(frontlineShops.id, assign.shopId)).for('share');
    if (!row) throw fieldRefusal('shopId', '营业厅', t(`no shop ${assign.shopId}`, `没有营业厅 ${assign.shopId}`));
    if (!row.active) throw fieldRefusal('shopId', '营业厅', t(`${row.nameEn} (${row.id}) is deactivated: it takes no new staff`, `${row.nameZh}（${row.id}）已停用：不再接收新人员`));
  }
}

/** "a, b, c and 4 more" / "a、b、c 等 7 个": the first few of a long list, and how many in all. */
function firstFew(names: readonly LocalizedText[], few = 3): LocalizedText {
  const shown = names.slice(0, few);
  const more = names.length - shown.length;
  return t(
    shown.map((n) => n.en).join(', ') + (more > 0 ? ` and ${more} more` : ''),
    shown.map((n) => n.zh).join('、') + (more > 0 ? ` 等 ${names.length} 个` : ''),
  );
}

const named = (x: Team | Shop): LocalizedText => t(`${x.name.en} (${x.id})`, `${x.name.zh}（${x.id}）`);

/**
 * Refuses taking cities off the customer tag `region` (Admin → Tag schema) while an active team
 * calls them or an active shop is in them: those would be left in a city that no longer exists.
 * The refusal names each city and who serves it (the first few, and how many), so the administrator
 * moves or deactivates them first. Deactivated ones may keep a city that is gone (they take no work).
 * Inside the tag schema's transaction the rows are share-locked: a move cannot slip in before it commits.
 */
export async function refuseRemovingServedCities(db: Executor, removed: readonly string[], field = { path: 'values', zh: '可选值' }): Promise<void> {
  if (!removed.length) return;
  const teams = (await db.select().from(frontlineTeams).where(eq(frontlineTeams.active, true)).orderBy(frontlineTeams.id).for('share')).map(toTeam);
  const shops = (await db.select().from(frontlineShops).where(eq(frontlineShops.active, true)).orderBy(frontlineShops.id).for('share')).map(toShop);
  const served = removed
    .map((city) => ({ city, teams: teams.filter((x) => x.regions.includes(city)).map(named), shops: shops.filter((x) => x.region === city).map(named) }))
    .filter((c) => c.teams.length || c.shops.length);
  if (!served.length) return;
  const who = ({ teams: ts, shops: ss }: (typeof served)[number]) => {
    const parts = [ts.length ? t(`teams ${firstFew(ts).en}`, `班组 ${firstFew(ts).zh}`) : null, ss.length ? t(`shops ${firstFew(ss).en}`, `营业厅 ${firstFew(ss).zh}`) : null].filter((p) => p !== null);
    return t(parts.map((p) => p.en).join(' and '), parts.map((p) => p.zh).join('，'));
  };
  throw fieldRefusal(
    field.path,
    field.zh,
    t(
      `cannot remove ${served.map((c) => `city ${c.city}: ${who(c).en} serve it`).join('; ')}. Move them to another city or deactivate them under Admin → Frontline organisation first`,
      `不能删除${served.map((c) => `城市 ${c.city}：${who(c).zh} 正服务该城市`).join('；')}。请先在“系统管理 → 一线组织”中将其改到其他城市或停用`,
    ),
    'CONFLICT',
  );
}
