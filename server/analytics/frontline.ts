// The Frontline dashboard: opportunities and call tasks pushed to people, what they converted,
// by region (where tasks are routed), by shop and team (who recorded the outcome) and the
// commission earned. Read from the daily roll-up (analytics_frontline_days, kept by the roll-up
// worker, see rollup-experience.ts): at a million tasks, reading frontline_tasks took 0.7 s.
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client';
import { fieldRefusal } from '../services/errors';
import { dayOf, queryRows } from './rollup';
import { ts, type DashboardFilter } from './filters';

/** Frontline figures are kept per reporting day: a range must start and end at midnight, China time. */
export function assertWholeDays(f: DashboardFilter) {
  for (const k of ['from', 'to'] as const) {
    if (dayOf(f[k]).getTime() !== f[k].getTime()) {
      throw fieldRefusal(k, k === 'from' ? '开始时间' : '结束时间', {
        en: `frontline figures are kept per day; give whole days (00:00 China Standard Time, UTC+8), got ${f[k].toISOString()}`,
        zh: `一线数据按天统计，请给出整天（北京时间 00:00），收到的是 ${f[k].toISOString()}`,
      });
    }
  }
}

/** The frontline roll-up's rows in the filter (one query, grouped by kind, region, shop and team). */
export async function frontlineFigures(db: Executor, f: DashboardFilter, by: 'kind, region, shop, team' | 'kind, campaign_id') {
  return queryRows<{ kind: string; region: string; shop: string; team: string; campaign_id: string; pushed: number; worked: number; accepted: number; commission: number }>(
    db,
    sql`select ${sql.raw(by)}, sum(pushed)::float8 as pushed, sum(worked)::float8 as worked, sum(accepted)::float8 as accepted, sum(commission_cny)::float8 as commission
        from analytics_frontline_days
        where day >= ${ts(f.from)} and day < ${ts(f.to)}
          ${f.department ? sql`and department = ${f.department}` : sql``}
          ${f.campaignId ? sql`and campaign_id = ${f.campaignId}::uuid` : sql``}
          ${f.channel ? sql`and kind = ${f.channel}` : sql``}
          ${f.region ? sql`and region = ${f.region}` : sql``}
        group by ${sql.raw(by)}`,
  );
}

export async function frontlineDashboard(db: Executor, f: DashboardFilter) {
  assertWholeDays(f);
  const rows = await frontlineFigures(db, f, 'kind, region, shop, team');
  type Fig = { pushed: number; worked: number; accepted: number; commissionCny: number };
  const add = <K extends string>(m: Map<string, Fig & Record<K, string>>, key: string, base: Record<K, string>, r: (typeof rows)[number]) => {
    let x = m.get(key);
    if (!x) m.set(key, (x = { ...base, pushed: 0, worked: 0, accepted: 0, commissionCny: 0 } as Fig & Record<K, string>));
    x.pushed += Number(r.pushed);
    x.worked += Number(r.worked);
    x.accepted += Number(r.accepted);
    x.commissionCny += Number(r.commission);
  };
  const byRegion = new Map<string, Fig & { region: string }>();
  const byShop = new Map<string, Fig & { shop: string; team: string }>();
  const byKind = new Map<string, Fig & { kind: string }>();
  for (const r of rows) {
    add(byRegion, r.region, { region: r.region }, r);
    add(byKind, r.kind, { kind: r.kind }, r);
    if (r.shop || r.team) add(byShop, `${r.shop}|${r.team}`, { shop: r.shop, team: r.team }, r);
  }
  const withRate = <T extends Fig>(x: T) => ({ ...x, conversionRate: x.pushed > 0 ? x.accepted / x.pushed : null });
  const total = [...byKind.values()].reduce(
    (s, x) => ({ pushed: s.pushed + x.pushed, worked: s.worked + x.worked, accepted: s.accepted + x.accepted, commissionCny: s.commissionCny + x.commissionCny }),
    { pushed: 0, worked: 0, accepted: 0, commissionCny: 0 },
  );
  return {
    totals: withRate(total),
    byKind: [...byKind.values()].map(withRate).sort((a, b) => b.pushed - a.pushed),
    byRegion: [...byRegion.values()].map(withRate).sort((a, b) => b.pushed - a.pushed),
    byShop: [...byShop.values()].map((x) => ({ ...x, conversionRate: x.worked > 0 ? x.accepted / x.worked : null })).sort((a, b) => b.accepted - a.accepted),
  };
}

export type FrontlineDashboard = Awaited<ReturnType<typeof frontlineDashboard>>;

export const TaskSelection = z.object({
  region: z.string().max(64).optional(),
  shop: z.string().max(64).optional(),
  team: z.string().max(64).optional(),
  kind: z.string().max(32).optional(),
});
export type TaskSelection = z.infer<typeof TaskSelection>;

/** `column` is `value`, '' meaning none (the roll-up's key): written so the shop and team indexes serve it. */
const emptyOr = (column: SQL, value: string) => (value === '' ? sql`(${column} is null or ${column} = '')` : sql`${column} = ${value}`);

/**
 * The tasks behind a frontline figure (the latest 200), for drill-down to customers: read newest
 * first through frontline_tasks' created_at, shop or team index, never sorting a period's tasks.
 */
export async function frontlineTasksList(db: Executor, f: DashboardFilter, sel: TaskSelection) {
  const rows = await queryRows<{
    id: string;
    kind: string;
    customer_id: string;
    campaign_id: string;
    campaign: string;
    region: string | null;
    status: string;
    outcome: string | null;
    shop: string | null;
    team: string | null;
    commission: number;
    created_at: Date | string;
  }>(
    db,
    sql`select t.id, t.kind, t.customer_id, t.campaign_id, c.name as campaign, t.region, t.status, t.outcome,
          t.outcome_shop_id as shop, t.outcome_team as team, t.commission_cny::float8 as commission, t.created_at
        from frontline_tasks t join campaigns c on c.id = t.campaign_id
        where ((t.created_at >= ${ts(f.from)} and t.created_at < ${ts(f.to)}) or (t.outcome_at >= ${ts(f.from)} and t.outcome_at < ${ts(f.to)}))
          -- Implied by the above (an outcome is recorded after its task was created): lets the
          -- created_at indexes start at the end of the range and read newest first.
          and t.created_at < ${ts(f.to)}
          ${f.department ? sql`and c.department = ${f.department}` : sql``}
          ${f.campaignId ? sql`and t.campaign_id = ${f.campaignId}::uuid` : sql``}
          ${f.channel ? sql`and t.kind = ${f.channel}` : sql``}
          ${f.region ? sql`and t.region = ${f.region}` : sql``}
          ${sel.region !== undefined ? sql`and coalesce(t.region, '') = ${sel.region}` : sql``}
          ${sel.shop !== undefined ? sql`and ${emptyOr(sql`t.outcome_shop_id`, sel.shop)}` : sql``}
          ${sel.team !== undefined ? sql`and ${emptyOr(sql`t.outcome_team`, sel.team)}` : sql``}
          ${sel.kind !== undefined ? sql`and t.kind = ${sel.kind}` : sql``}
        order by t.created_at desc limit 200`,
  );
  return rows.map((r) => ({
    taskId: r.id,
    kind: r.kind,
    customerId: r.customer_id,
    campaignId: r.campaign_id,
    campaign: r.campaign,
    region: r.region ?? '',
    status: r.status,
    outcome: r.outcome,
    shop: r.shop ?? '',
    team: r.team ?? '',
    commissionCny: Number(r.commission),
    createdAt: new Date(r.created_at),
  }));
}
