// The dashboards' filters, parsed at the API boundary and turned into SQL conditions on the
// roll-up tables. Date ranges are [from, to): whole reporting days read the daily roll-up,
// anything else the hourly one.
import { sql, type SQL } from 'drizzle-orm';
import { dayOf } from './rollup';
import type { DashboardFilter } from './filter-schema';

export { Channel, CHANNELS, DashboardFilter, MAX_RANGE_DAYS } from './filter-schema';
/** Channels worked by people: their success is the outcome the agent or clerk records. */
export const PEOPLE_CHANNELS: readonly string[] = ['outbound_call', 'inbound', 'frontline'];

export const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The roll-up to read for this range: daily when both ends are reporting-day boundaries. */
export function stepSource(f: DashboardFilter): { table: SQL; at: SQL; daily: boolean } {
  const daily = dayOf(f.from).getTime() === f.from.getTime() && dayOf(f.to).getTime() === f.to.getTime();
  return daily ? { table: sql`analytics_step_days`, at: sql`day`, daily } : { table: sql`analytics_step_hours`, at: sql`hour`, daily };
}

/** Conditions on a step roll-up; `skip` leaves a filter out (e.g. channel for events). */
export function stepWhere(f: DashboardFilter, at: SQL, skip: { channel?: boolean } = {}): SQL {
  const c: SQL[] = [sql`${at} >= ${ts(f.from)}`, sql`${at} < ${ts(f.to)}`];
  if (f.department) c.push(sql`department = ${f.department}`);
  if (f.campaignId) c.push(sql`campaign_id = ${f.campaignId}::uuid`);
  if (f.channel && !skip.channel) c.push(sql`channel = ${f.channel}`);
  if (f.region) c.push(sql`region = ${f.region}`);
  return sql.join(c, sql` and `);
}

/** Which filters a figure cannot honour (shown next to it, so nobody misreads it). */
export function ignoredFilters(f: DashboardFilter, honoured: (keyof DashboardFilter)[]): string[] {
  return (['department', 'campaignId', 'channel', 'region'] as const).filter((k) => f[k] !== undefined && !honoured.includes(k));
}
