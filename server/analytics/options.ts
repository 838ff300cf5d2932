// What the dashboards' filters offer: departments and campaigns that exist, regions seen; and the
// names of the shops and call-centre teams the frontline figures are keyed by.
import { asc, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { campaigns } from '../db/schema';
import { shops, teams } from '../services/frontline-org';
import { CHANNELS } from './filters';
import { queryRows } from './rollup';

export async function dashboardOptions(db: Executor) {
  const [list, regions] = await Promise.all([
    db.select({ id: campaigns.id, name: campaigns.name, department: campaigns.department }).from(campaigns).orderBy(asc(campaigns.name)),
    queryRows<{ region: string }>(db, sql`select distinct region from analytics_event_hours where region <> '' order by 1`),
  ]);
  return {
    departments: [...new Set(list.map((c) => c.department))].sort(),
    campaigns: list,
    channels: [...CHANNELS],
    regions: regions.map((r) => r.region),
    shops: shops.map(({ id, name }) => ({ id, name })),
    teams: teams.map(({ id, name }) => ({ id, name })),
  };
}
