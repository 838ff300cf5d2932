// The Loop dashboard: is the closed loop working? Campaigns per lifecycle stage, launch cycle
// time (first submission -> first live) by department and its trend, where sign-offs wait
// longest, and what waits now. Campaign, lifecycle and approval tables are small (thousands of
// rows), so this reads them directly.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { queryRows, REPORT_TZ } from './rollup';
import { ignoredFilters, ts, type DashboardFilter } from './filters';

const HOUR = 3_600_000;

export async function loopDashboard(db: Executor, f: DashboardFilter, now: Date) {
  const parts = [sql`true`];
  if (f.department) parts.push(sql`c.department = ${f.department}`);
  if (f.campaignId) parts.push(sql`c.id = ${f.campaignId}::uuid`);
  const cond = sql.join(parts, sql` and `);
  const bucket = f.to.getTime() - f.from.getTime() <= 180 * 24 * HOUR ? 'week' : 'month';
  const cycles = sql`(
    select c.id, c.name, c.department,
      (select min(e.at) from campaign_events e where e.campaign_id = c.id and e.to_status = 'submitted') as submitted_at,
      (select min(e.at) from campaign_events e where e.campaign_id = c.id and e.to_status = 'live') as live_at
    from campaigns c where ${cond})`;
  const [late, list, stages, byDept, trend, decisions, waiting, launched] = await Promise.all([
    // Past its schedule: the planned start has passed and it is not running yet, or the planned
    // end has passed and it still runs.
    queryRows<{ id: string; name: string; department: string; status: string; start_at: Date | string | null; end_at: Date | string | null }>(
      db,
      sql`select c.id, c.name, c.department, c.status, c.start_at, c.end_at from campaigns c
          where ${cond} and ((c.start_at < ${ts(now)} and c.status in ('draft', 'submitted', 'approved', 'scheduled'))
                          or (c.end_at < ${ts(now)} and c.status = 'live'))
          order by coalesce(c.start_at, c.end_at) limit 100`,
    ),
    queryRows<{ id: string; name: string; department: string; status: string; updated_at: Date | string }>(
      db,
      sql`select c.id, c.name, c.department, c.status, c.updated_at from campaigns c where ${cond} order by c.updated_at desc limit 1000`,
    ),
    queryRows<{ department: string; status: string; n: number }>(
      db,
      sql`select c.department, c.status, count(*)::float8 as n from campaigns c where ${cond} group by 1, 2`,
    ),
    queryRows<{ department: string; n: number; median_h: number; p90_h: number }>(
      db,
      sql`select department, count(*)::float8 as n,
            percentile_cont(0.5) within group (order by extract(epoch from live_at - submitted_at) / 3600)::float8 as median_h,
            percentile_cont(0.9) within group (order by extract(epoch from live_at - submitted_at) / 3600)::float8 as p90_h
          from ${cycles} x
          where live_at >= submitted_at and live_at >= ${ts(f.from)} and live_at < ${ts(f.to)}
          group by 1 order by 1`,
    ),
    queryRows<{ period: string; department: string; n: number; median_h: number }>(
      db,
      sql`select to_char(date_trunc(${bucket}, live_at at time zone ${REPORT_TZ}), 'YYYY-MM-DD') as period, department, count(*)::float8 as n,
            percentile_cont(0.5) within group (order by extract(epoch from live_at - submitted_at) / 3600)::float8 as median_h
          from ${cycles} x
          where live_at >= submitted_at and live_at >= ${ts(f.from)} and live_at < ${ts(f.to)}
          group by 1, 2 order by 1, 2`,
    ),
    // Each decision in the range with its wait (submission of the version signed -> decision): the
    // list behind "where sign-offs wait longest", aggregated per department and approver below.
    queryRows<{ id: string; name: string; department: string; approver: string; decision: string; decided_at: Date | string; wait_h: number }>(
      db,
      sql`select c.id, c.name, a.department, u.name as approver, a.decision, a.created_at as decided_at,
            (extract(epoch from a.created_at - s.at) / 3600)::float8 as wait_h
          from approvals a
          join flow_versions v on v.id = a.flow_version_id
          join campaigns c on c.id = v.campaign_id
          join "user" u on u.id = a.approver_id
          cross join lateral (select min(e.at) as at from campaign_events e where e.campaign_id = v.campaign_id and e.version_hash = a.version_hash) s
          where ${cond} and s.at is not null and a.created_at >= ${ts(f.from)} and a.created_at < ${ts(f.to)}
          order by wait_h desc`,
    ),
    queryRows<{ id: string; name: string; department: string; status: string; since: Date | string; signed: string[] | null }>(
      db,
      sql`select c.id, c.name, c.department, c.status, s.at as since,
            (select array_agg(distinct a.department) from approvals a where a.flow_version_id = v.id and a.decision = 'approved') as signed
          from flow_versions v
          join campaigns c on c.id = v.campaign_id
          cross join lateral (select min(e.at) as at from campaign_events e where e.campaign_id = c.id and e.version_hash = v.hash) s
          where ${cond} and v.status = 'submitted'
          order by s.at asc nulls last limit 50`,
    ),
    queryRows<{ id: string; name: string; department: string; submitted_at: Date | string; live_at: Date | string }>(
      db,
      sql`select id, name, department, submitted_at, live_at from ${cycles} x
          where live_at >= submitted_at and live_at >= ${ts(f.from)} and live_at < ${ts(f.to)}
          order by live_at desc limit 200`,
    ),
  ]);
  const stageTotals = new Map<string, number>();
  for (const s of stages) stageTotals.set(s.status, (stageTotals.get(s.status) ?? 0) + Number(s.n));
  return {
    campaigns: list.map((c) => ({ campaignId: c.id, name: c.name, department: c.department, status: c.status, updatedAt: new Date(c.updated_at) })),
    stages: ['draft', 'submitted', 'approved', 'live', 'paused', 'ended'].map((status) => ({ status, n: stageTotals.get(status) ?? 0 })),
    stagesByDepartment: stages.map((s) => ({ department: s.department, status: s.status, n: Number(s.n) })),
    cycleByDepartment: byDept.map((d) => ({ department: d.department, n: Number(d.n), medianHours: Number(d.median_h), p90Hours: Number(d.p90_h) })),
    cycleTrendBucket: bucket,
    cycleTrend: trend.map((t) => ({ period: t.period, department: t.department, n: Number(t.n), medianHours: Number(t.median_h) })),
    approvalWaits: approvalWaits(decisions.map((x) => ({ department: x.department, approver: x.approver, waitHours: Number(x.wait_h) }))),
    /** The sign-offs behind approvalWaits, longest wait first. */
    approvalDecisions: decisions.map((x) => ({
      campaignId: x.id,
      name: x.name,
      department: x.department,
      approver: x.approver,
      decision: x.decision,
      decidedAt: new Date(x.decided_at),
      waitHours: Number(x.wait_h),
    })),
    waitingNow: waiting.map((w) => {
      const since = w.since ? new Date(w.since) : null;
      return {
        campaignId: w.id,
        name: w.name,
        department: w.department,
        status: w.status,
        since,
        waitingHours: since ? (now.getTime() - since.getTime()) / HOUR : null,
        signedBy: w.signed ?? [],
      };
    }),
    launched: launched.map((l) => {
      const s = new Date(l.submitted_at);
      const v = new Date(l.live_at);
      return { campaignId: l.id, name: l.name, department: l.department, submittedAt: s, liveAt: v, cycleHours: (v.getTime() - s.getTime()) / HOUR };
    }),
    pastSchedule: late.map((c) => {
      const startAt = c.start_at ? new Date(c.start_at) : null;
      const endAt = c.end_at ? new Date(c.end_at) : null;
      const overdueSince = c.status === 'live' ? endAt : startAt;
      return {
        campaignId: c.id,
        name: c.name,
        department: c.department,
        status: c.status,
        startAt,
        endAt,
        kind: c.status === 'live' ? ('running_past_end' as const) : ('not_started' as const),
        overdueHours: overdueSince ? (now.getTime() - overdueSince.getTime()) / HOUR : null,
      };
    }),
    // Every Loop figure is about campaigns, not contacts: channel and region do not apply to any.
    ignored: { loop: ignoredFilters(f, ['department', 'campaignId']) },
  };
}

/** Median (interpolated, as percentile_cont) and longest wait per department and approver, longest median first. */
function approvalWaits(xs: { department: string; approver: string; waitHours: number }[]) {
  const groups = new Map<string, { department: string; approver: string; waits: number[] }>();
  for (const x of xs) {
    const key = `${x.department}|${x.approver}`;
    const g = groups.get(key) ?? { department: x.department, approver: x.approver, waits: [] };
    g.waits.push(x.waitHours);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => {
      const w = [...g.waits].sort((a, b) => a - b);
      const mid = (w.length - 1) / 2;
      const median = (w[Math.floor(mid)]! + w[Math.ceil(mid)]!) / 2;
      return { department: g.department, approver: g.approver, n: w.length, medianHours: median, maxHours: w[w.length - 1]! };
    })
    .sort((a, b) => b.medianHours - a.medianHours || a.department.localeCompare(b.department) || a.approver.localeCompare(b.approver));
}

export type LoopDashboard = Awaited<ReturnType<typeof loopDashboard>>;
