// Commission statements (酬金结算单): each accepted opportunity credits the staff member who
// recorded it and the shop they worked for with the task's commission. A statement covers one
// calendar month in the operator's time zone, for one staff member, one shop, or everyone.
import { and, asc, eq, gt, gte, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { DEFAULT_TIMEZONE, t, zonedTime, type LocalizedText } from '../../workflows';
import type { Actor } from '../auth/roles';
import type { Executor } from '../db/client';
import { campaigns, customers, frontlineShops, frontlineTasks, frontlineTeams, user } from '../db/schema';
import { ServiceError } from './errors';

export const StatementInput = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month: expected YYYY-MM'),
  staffId: z.string().max(100).optional(),
  shopId: z.string().max(100).optional(),
});
export type StatementInput = z.infer<typeof StatementInput>;

export interface StatementLine {
  taskId: string;
  at: Date;
  kind: string;
  customerId: string;
  customerName: string;
  campaignName: string;
  offerId: string | null;
  staffId: string;
  staffName: string;
  shopId: string | null;
  team: string | null;
  /** The shop's and team's names (deactivated ones too: the statement is history). */
  shopName?: LocalizedText | null;
  teamName?: LocalizedText | null;
  commissionCny: number;
}

export interface Statement {
  month: string;
  from: Date;
  to: Date;
  staffId: string | null;
  shopId: string | null;
  /** The name of the statement's shop (`shopId`), deactivated or not; null when the organisation lacks it. */
  shopName: LocalizedText | null;
  lines: StatementLine[];
  byStaff: { staffId: string; staffName: string; shopId: string | null; shopName: LocalizedText | null; conversions: number; commissionCny: number }[];
  byShop: { shopId: string; shopName: LocalizedText | null; conversions: number; commissionCny: number }[];
  conversions: number;
  totalCny: number;
}

export function monthRange(month: string, tz = DEFAULT_TIMEZONE): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  return { from: new Date(zonedTime(y, m, 1, 0, 0, tz)), to: new Date(zonedTime(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1, 0, 0, tz)) };
}

/**
 * Which conversions the actor may see: executives and administrators any (optionally filtered);
 * staff their shop's (all colleagues, as a shop manager settles them) or, without a shop, their own.
 */
function scope(actor: Actor, input: StatementInput): { staffId: string | null; shopId: string | null } {
  if (actor.role === 'executive' || actor.role === 'admin') return { staffId: input.staffId ?? null, shopId: input.shopId ?? null };
  if (actor.shopId) {
    if (input.shopId && input.shopId !== actor.shopId) throw new ServiceError('FORBIDDEN', t(`you may see the statement of your own shop (${actor.shopId}) only`, `您只能查看本营业厅（${actor.shopId}）的佣金报表`));
    return { staffId: input.staffId ?? null, shopId: actor.shopId };
  }
  if (input.staffId && input.staffId !== actor.id) throw new ServiceError('FORBIDDEN', t('you may see your own commission statement only', '您只能查看自己的佣金报表'));
  return { staffId: actor.id, shopId: null };
}

export async function commissionStatement(db: Executor, actor: Actor, input: StatementInput): Promise<Statement> {
  const { from, to } = monthRange(input.month);
  const s = scope(actor, input);
  const filters: (SQL | undefined)[] = [
    eq(frontlineTasks.outcome, 'accepted'),
    gte(frontlineTasks.outcomeAt, from),
    lt(frontlineTasks.outcomeAt, to),
    or(gt(frontlineTasks.commissionCny, 0), eq(frontlineTasks.kind, 'frontline')),
    s.staffId ? eq(frontlineTasks.outcomeBy, s.staffId) : undefined,
    s.shopId ? eq(frontlineTasks.outcomeShopId, s.shopId) : undefined,
  ];
  const rows = await db
    .select({
      taskId: frontlineTasks.id,
      at: frontlineTasks.outcomeAt,
      kind: frontlineTasks.kind,
      customerId: frontlineTasks.customerId,
      customerName: customers.name,
      campaignName: campaigns.name,
      offerId: frontlineTasks.offerId,
      staffId: frontlineTasks.outcomeBy,
      staffName: user.name,
      shopId: frontlineTasks.outcomeShopId,
      team: frontlineTasks.outcomeTeam,
      shopZh: frontlineShops.nameZh,
      shopEn: frontlineShops.nameEn,
      teamZh: frontlineTeams.nameZh,
      teamEn: frontlineTeams.nameEn,
      commissionCny: frontlineTasks.commissionCny,
    })
    .from(frontlineTasks)
    .innerJoin(customers, eq(customers.id, frontlineTasks.customerId))
    .innerJoin(campaigns, eq(campaigns.id, frontlineTasks.campaignId))
    .leftJoin(user, eq(user.id, frontlineTasks.outcomeBy))
    .leftJoin(frontlineShops, eq(frontlineShops.id, frontlineTasks.outcomeShopId))
    .leftJoin(frontlineTeams, eq(frontlineTeams.id, frontlineTasks.outcomeTeam))
    .where(and(...filters))
    .orderBy(asc(frontlineTasks.outcomeAt), asc(frontlineTasks.id));
  const lines: StatementLine[] = rows.map(({ shopZh, shopEn, teamZh, teamEn, ...r }) => ({
    ...r,
    at: r.at!,
    staffId: r.staffId ?? '',
    staffName: r.staffName ?? r.staffId ?? '',
    shopName: shopZh !== null && shopEn !== null ? { zh: shopZh, en: shopEn } : null,
    teamName: teamZh !== null && teamEn !== null ? { zh: teamZh, en: teamEn } : null,
  }));
  const byStaff = new Map<string, Statement['byStaff'][number]>();
  const byShop = new Map<string, Statement['byShop'][number]>();
  for (const l of lines) {
    const st = byStaff.get(l.staffId) ?? { staffId: l.staffId, staffName: l.staffName, shopId: l.shopId, shopName: l.shopName ?? null, conversions: 0, commissionCny: 0 };
    st.conversions++;
    st.commissionCny = cents(st.commissionCny + l.commissionCny);
    byStaff.set(l.staffId, st);
    if (l.shopId) {
      const sh = byShop.get(l.shopId) ?? { shopId: l.shopId, shopName: l.shopName ?? null, conversions: 0, commissionCny: 0 };
      sh.conversions++;
      sh.commissionCny = cents(sh.commissionCny + l.commissionCny);
      byShop.set(l.shopId, sh);
    }
  }
  const [shop] = s.shopId ? await db.select({ zh: frontlineShops.nameZh, en: frontlineShops.nameEn }).from(frontlineShops).where(eq(frontlineShops.id, s.shopId)) : [];
  return {
    month: input.month,
    from,
    to,
    ...s,
    shopName: shop ?? null,
    lines,
    byStaff: [...byStaff.values()],
    byShop: [...byShop.values()],
    conversions: lines.length,
    totalCny: cents(lines.reduce((sum, l) => sum + l.commissionCny, 0)),
  };
}

const cents = (x: number) => Math.round(x * 100) / 100;

/** A spreadsheet cell: quoted, and never a formula (a name starting with = runs in Excel). */
function cell(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

const HEADERS = {
  en: ['Month', 'Converted at', 'Staff', 'Shop', 'Team', 'Customer', 'Customer name', 'Campaign', 'Offer', 'Commission (CNY)'],
  zh: ['月份', '转化时间', '员工', '营业厅', '班组', '客户编号', '客户姓名', '营销案', '优惠', '酬金（元）'],
};

/** The statement as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese right). */
export function statementCsv(st: Statement, locale: 'en' | 'zh-CN'): string {
  const lang = locale === 'en' ? 'en' : 'zh';
  const local = (d: Date) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: DEFAULT_TIMEZONE, dateStyle: 'short', timeStyle: 'short' }).format(d);
  const named = (id: string | null, name: LocalizedText | null | undefined) => (id ? `${id} ${name?.[lang] ?? ''}`.trim() : '');
  const out = [HEADERS[lang].map(cell).join(',')];
  for (const l of st.lines) {
    out.push(
      [st.month, local(l.at), l.staffName, named(l.shopId, l.shopName), named(l.team, l.teamName), l.customerId, l.customerName, l.campaignName, l.offerId, l.commissionCny.toFixed(2)]
        .map(cell)
        .join(','),
    );
  }
  out.push([lang === 'en' ? 'Total' : '合计', '', '', '', '', '', '', '', String(st.conversions), st.totalCny.toFixed(2)].map(cell).join(','));
  return `\uFEFF${out.join('\r\n')}\r\n`;
}
