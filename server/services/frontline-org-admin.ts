// Administering the frontline organisation (Admin → Frontline organisation): teams and shops are
// added, renamed, moved to other cities, deactivated and reactivated; one nothing refers to yet
// (no staff, no recorded work) may be deleted. Cities are the values of the customer tag `region`,
// the list the customers' city comes from. Every change is audited in the transaction that makes
// it, and every process's cached organisation hears of it (frontline-org.ts).
import { eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { t, type LocalizedText } from '../../workflows';
import { formatMessage } from '../../workflows/zod-text';
import type { Executor, Tx } from '../db/client';
import { frontlineShops, frontlineTasks, frontlineTeams, user } from '../db/schema';
import { settingsChanged } from '../runtime/settings-changes';
import { appendAudit, inTransaction, type AuditActor } from './audit';
import { fieldRefusal, parseInput, ServiceError } from './errors';
import { ShopKind, type ShopRow, type TeamRow } from './frontline-org';
import { NO_SSO_REFS, type SsoOrgRefs } from './sso-mapping';

/** What `user.team`, `user.shop_id` and the tasks' outcome columns hold, e.g. hz-callcenter, HZ-WL-01. */
const OrgId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, formatMessage('letters, digits, _ . - only, starting with a letter or digit, at most 40 characters', '只能包含字母、数字及 _ . -，以字母或数字开头，最多 40 个字符'));
const Name = z.string().trim().min(1).max(100);
const City = z.string().trim().min(1).max(64);

export const TeamInput = z.object({
  id: OrgId,
  nameZh: Name,
  nameEn: Name,
  /** Cities whose customers' outbound calls the team makes; repeats dropped. */
  regions: z
    .array(City)
    .min(1, formatMessage('choose at least one city whose customers the team calls', '请至少选择一个城市（该班组外呼其客户）'))
    .max(100)
    .transform((xs) => [...new Set(xs)]),
  active: z.boolean().default(true),
  /** Set by "Add team": an id already taken is refused rather than changing that team. */
  create: z.boolean().default(false),
});
export type TeamInput = z.input<typeof TeamInput>;

export const ShopInput = z.object({
  id: OrgId,
  nameZh: Name,
  nameEn: Name,
  kind: ShopKind,
  region: City,
  active: z.boolean().default(true),
  /** Set by "Add shop": an id already taken is refused rather than changing that shop. */
  create: z.boolean().default(false),
});
export type ShopInput = z.input<typeof ShopInput>;

/** Who changed it: the audit log's actor, and the email shown as "changed by". */
type Editor = NonNullable<AuditActor> & { email: string };

/**
 * How much refers to a team or shop: staff assigned to it, whether work was recorded for it, and
 * the single sign-on mapping's entries (claim values) that give it to people signing in.
 */
export interface Uses {
  staff: number;
  history: boolean;
  sso: string[];
}

/**
 * What refers to the team or shop `ref` names (its column in the outer query, or an id): the staff
 * assigned to it, and whether work was recorded for it (read through the tasks' team and shop indexes).
 */
function usesSql(kind: 'team' | 'shop', ref: SQL) {
  const staffColumn = kind === 'team' ? sql`u.team` : sql`u.shop_id`;
  const taskColumn = kind === 'team' ? sql`t.outcome_team` : sql`t.outcome_shop_id`;
  return {
    staff: sql<number>`(select count(*) from ${user} u where ${staffColumn} = ${ref})`.mapWith(Number),
    history: sql<boolean>`exists (select 1 from ${frontlineTasks} t where ${taskColumn} = ${ref})`.mapWith(Boolean),
  };
}

/** Every team and shop, with what refers to each (the administration screen's list); `sso`: what the sign-in mapping names. */
export async function listOrgAdmin(db: Executor, sso: SsoOrgRefs = NO_SSO_REFS): Promise<{ teams: (TeamRow & Uses)[]; shops: (ShopRow & Uses)[] }> {
  const teams = await db
    .select({ row: frontlineTeams, ...usesSql('team', sql.raw('"frontline_teams"."id"')) })
    .from(frontlineTeams)
    .orderBy(frontlineTeams.id);
  const shops = await db
    .select({ row: frontlineShops, ...usesSql('shop', sql.raw('"frontline_shops"."id"')) })
    .from(frontlineShops)
    .orderBy(frontlineShops.id);
  return {
    teams: teams.map(({ row, ...uses }) => ({ ...row, ...uses, sso: sso.teams.get(row.id) ?? [] })),
    shops: shops.map(({ row, ...uses }) => ({ ...row, ...uses, sso: sso.shops.get(row.id) ?? [] })),
  };
}

/** Cities not among the known ones; a city the record already has may stay (its tag value may have gone since). */
function refuseUnknownCities(path: 'regions' | 'region', given: readonly string[], known: readonly string[], kept: readonly string[]) {
  const unknown = given.filter((c) => !known.includes(c) && !kept.includes(c));
  if (!unknown.length) return;
  const what = known.length
    ? t(`no city ${unknown.join(', ')}: choose among the cities of the customer tag region (${known.join(', ')})`, `没有城市 ${unknown.join('、')}：请从客户标签 region 的城市中选择（${known.join('、')}）`)
    : t(
        `no city ${unknown.join(', ')}: the customer tag region declares no cities; declare them under Admin → Tag schema first`,
        `没有城市 ${unknown.join('、')}：客户标签 region 未声明任何城市，请先在“系统管理 → 标签定义”中声明`,
      );
  throw fieldRefusal(path, '城市', what);
}

/** The audit action of a save: a new record, or what happened to its active flag. */
function change(was: { active: boolean } | undefined, active: boolean): 'create' | 'update' | 'deactivate' | 'reactivate' {
  if (!was) return 'create';
  if (was.active === active) return 'update';
  return active ? 'reactivate' : 'deactivate';
}

const idTaken = (what: LocalizedText, id: string) =>
  fieldRefusal('id', '编号', t(`a ${what.en} ${id} exists already: choose another id, or edit that ${what.en} in the list`, `${what.zh} ${id} 已存在：请换一个编号，或在列表中编辑该${what.zh}`), 'CONFLICT');

const TEAM = t('team', '班组');
const SHOP = t('shop', '营业厅');

/**
 * Refuses deleting or deactivating a team or shop the single sign-on mapping gives to people (they
 * would be signed in to a workplace that takes no work, or none): the mapping changes first.
 */
function refuseSsoNamed(what: LocalizedText, id: string, claims: readonly string[] | undefined, doing: 'delete' | 'deactivate') {
  if (!claims?.length) return;
  const verb = doing === 'delete' ? t('deleted', '删除') : t('deactivated', '停用');
  const text = t(
    `the ${what.en} ${id} cannot be ${verb.en}: the single sign-on mapping gives it to people signing in with ${claims.join(', ')}. Change OCTOFLOW_OIDC_ROLE_MAP first`,
    `不能${verb.zh}${what.zh} ${id}：单点登录映射将其分配给以 ${claims.join('、')} 登录的人员。请先修改 OCTOFLOW_OIDC_ROLE_MAP`,
  );
  if (doing === 'delete') throw new ServiceError('CONFLICT', text, { reason: 'sso_mapped', claims });
  throw fieldRefusal('active', '启用', text, 'CONFLICT');
}

/** Adds a team (`create`) or changes one; `cities` are the known ones (knownCities); `sso`: what the sign-in mapping names. */
export async function saveTeam(db: Executor, actor: Editor, input: TeamInput, cities: readonly string[], sso: SsoOrgRefs = NO_SSO_REFS): Promise<TeamRow> {
  const v = parseInput(TeamInput, input);
  const saved = await inTransaction(db, async (tx) => {
    const [was] = await tx.select().from(frontlineTeams).where(eq(frontlineTeams.id, v.id)).for('update');
    if (was && v.create) throw idTaken(TEAM, v.id);
    refuseUnknownCities('regions', v.regions, cities, was?.regions ?? []);
    if (was?.active && !v.active) refuseSsoNamed(TEAM, v.id, sso.teams.get(v.id), 'deactivate');
    const row = { id: v.id, nameZh: v.nameZh, nameEn: v.nameEn, regions: v.regions, active: v.active, updatedAt: new Date(), updatedBy: actor.email };
    const insert = tx.insert(frontlineTeams).values(row);
    const [saved] = await (v.create ? insert.onConflictDoNothing() : insert.onConflictDoUpdate({ target: frontlineTeams.id, set: row })).returning();
    if (!saved) throw idTaken(TEAM, v.id);
    const { updatedAt: _at, updatedBy: _by, ...detail } = row;
    await appendAudit(tx, {
      actor,
      action: `frontline_team.${change(was, v.active)}`,
      entityType: 'frontline_team',
      entityId: v.id,
      detail: { ...detail, was: was ? { nameZh: was.nameZh, nameEn: was.nameEn, regions: was.regions, active: was.active } : null },
    });
    return saved;
  });
  settingsChanged(); // this process's cached organisation (frontline-org.ts) is read again
  return saved;
}

/** Adds a shop (`create`) or changes one; `cities` are the known ones (knownCities); `sso`: what the sign-in mapping names. */
export async function saveShop(db: Executor, actor: Editor, input: ShopInput, cities: readonly string[], sso: SsoOrgRefs = NO_SSO_REFS): Promise<ShopRow> {
  const v = parseInput(ShopInput, input);
  const saved = await inTransaction(db, async (tx) => {
    const [was] = await tx.select().from(frontlineShops).where(eq(frontlineShops.id, v.id)).for('update');
    if (was && v.create) throw idTaken(SHOP, v.id);
    refuseUnknownCities('region', [v.region], cities, was ? [was.region] : []);
    if (was?.active && !v.active) refuseSsoNamed(SHOP, v.id, sso.shops.get(v.id), 'deactivate');
    const row = { id: v.id, nameZh: v.nameZh, nameEn: v.nameEn, kind: v.kind, region: v.region, active: v.active, updatedAt: new Date(), updatedBy: actor.email };
    const insert = tx.insert(frontlineShops).values(row);
    const [saved] = await (v.create ? insert.onConflictDoNothing() : insert.onConflictDoUpdate({ target: frontlineShops.id, set: row })).returning();
    if (!saved) throw idTaken(SHOP, v.id);
    const { updatedAt: _at, updatedBy: _by, ...detail } = row;
    await appendAudit(tx, {
      actor,
      action: `frontline_shop.${change(was, v.active)}`,
      entityType: 'frontline_shop',
      entityId: v.id,
      detail: { ...detail, was: was ? { nameZh: was.nameZh, nameEn: was.nameEn, kind: was.kind, region: was.region, active: was.active } : null },
    });
    return saved;
  });
  settingsChanged();
  return saved;
}

/** Refuses deleting what staff or recorded work refer to: it is deactivated instead, and keeps its name. */
function refuseInUse(what: LocalizedText, id: string, uses: Omit<Uses, 'sso'>) {
  if (!uses.staff && !uses.history) return;
  const en = [uses.staff ? `${uses.staff} staff are assigned to it` : '', uses.history ? 'work was recorded for it' : ''].filter(Boolean).join(' and ');
  const zh = [uses.staff ? `有 ${uses.staff} 名人员归属于它` : '', uses.history ? '已有其工作记录' : ''].filter(Boolean).join('，且');
  throw new ServiceError(
    'CONFLICT',
    t(`the ${what.en} ${id} cannot be deleted: ${en}. Deactivate it instead: it then takes no new work and history keeps its name`, `不能删除${what.zh} ${id}：${zh}。请改为停用：停用后不再接收新工作，历史记录仍显示其名称`),
    { reason: 'in_use', ...uses },
  );
}

async function usesOf(tx: Tx, kind: 'team' | 'shop', id: string): Promise<Omit<Uses, 'sso'>> {
  const [uses] = await tx.select(usesSql(kind, sql`${id}`)).from(sql`(select 1) as one`);
  return uses!;
}

/** Deletes a team nothing refers to yet (added by mistake, say). */
export async function deleteTeam(db: Executor, actor: AuditActor, id: string, sso: SsoOrgRefs = NO_SSO_REFS): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [was] = await tx.select().from(frontlineTeams).where(eq(frontlineTeams.id, id)).for('update');
    if (!was) throw new ServiceError('NOT_FOUND', t(`team ${id} not found`, `找不到班组 ${id}`));
    refuseSsoNamed(TEAM, id, sso.teams.get(id), 'delete');
    refuseInUse(TEAM, id, await usesOf(tx, 'team', id));
    await tx.delete(frontlineTeams).where(eq(frontlineTeams.id, id));
    await appendAudit(tx, { actor, action: 'frontline_team.delete', entityType: 'frontline_team', entityId: id, detail: { nameZh: was.nameZh, nameEn: was.nameEn, regions: was.regions } });
  });
  settingsChanged();
}

/** Deletes a shop nothing refers to yet. */
export async function deleteShop(db: Executor, actor: AuditActor, id: string, sso: SsoOrgRefs = NO_SSO_REFS): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [was] = await tx.select().from(frontlineShops).where(eq(frontlineShops.id, id)).for('update');
    if (!was) throw new ServiceError('NOT_FOUND', t(`shop ${id} not found`, `找不到营业厅 ${id}`));
    refuseSsoNamed(SHOP, id, sso.shops.get(id), 'delete');
    refuseInUse(SHOP, id, await usesOf(tx, 'shop', id));
    await tx.delete(frontlineShops).where(eq(frontlineShops.id, id));
    await appendAudit(tx, { actor, action: 'frontline_shop.delete', entityType: 'frontline_shop', entityId: id, detail: { nameZh: was.nameZh, nameEn: was.nameEn, kind: was.kind, region: was.region } });
  });
  settingsChanged();
}
