// What the dashboards' filters offer: departments and campaigns that exist, regions seen; and the
// names of the shops and call-centre teams the frontline figures are keyed by (deactivated ones
// too: their history is still counted).
import { asc, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { campaigns } from '../db/schema';
import { orgOf } from '../services/frontline-org';
import { CHANNELS } from './filters';
import { queryRows } from './rollup';

export async function dashboardOptions(db: Executor) {
  const [list, regions, org] = await Promise.all([
    db.select({ id: campaigns.id, name: campaigns.name, department: campaigns.department }).from(campaigns).orderBy(asc(campaigns.name)),
    queryRows<{ region: string }>(db, sql`select distinct region from analytics_event_hours where region <> '' order by 1`),
    orgOf(db),
  ]);
  return {
    departments: [...new Set(list.map((c) => c.department))].sort(),
    campaigns: list,
    channels: [...CHANNELS],
    regions: regions.map((r) => r.region),
    shops: org.shops.map(({ id, name }) => ({ id, name })),
    teams: org.teams.map(({ id, name }) => ({ id, name })),
  };
}
