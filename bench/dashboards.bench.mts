// Dashboards at production volume (issue 7): 1 million customers and about 10 million step rows
// on PostgreSQL, generated set-based (generate_series). Every dashboard query runs many times
// against the roll-ups and is compared with the same figure computed by a full scan of `steps`
// (the baseline) in the same run. The roll-up worker itself is timed on a slice of the steps;
// the rest of the roll-up is filled by one set-based statement of the same shape (feeding 10 M
// rows through the worker would make the benchmark take longer than it teaches).
//
// DATABASE_URL names a server (a fresh database is created on it and dropped afterwards);
// default postgres://postgres@127.0.0.1:5432/postgres. BENCH_JOURNEYS scales the data
// (default 1,700,000 journeys x 6 steps = 10.2 M steps).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openPostgres } from '../server/db/client';
import { FlowIndex } from '../server/runtime/live-flows';
import { demoCatalog } from '../workflows/catalog';
import { rollUpAnalytics } from '../server/analytics/rollup';
import { executionDashboard } from '../server/analytics/execution';
import { loopDashboard } from '../server/analytics/loop';
import { frontlineDashboard, frontlineTasksList } from '../server/analytics/frontline';
import { dashboardOptions } from '../server/analytics/options';
import { liveDashboard } from '../server/analytics/live';
import { liveCounts } from '../server/services/flow-live-counts';
import { campaignNodes, drillCampaigns, drillSteps } from '../server/analytics/drill';
import { complaintList, eventList, slowestContacts } from '../server/analytics/lists';
import type { Runtime } from '../server/runtime/runtime';
import type { DashboardFilter } from '../server/analytics/filters';

const JOURNEYS = Number(process.env.BENCH_JOURNEYS ?? 1_700_000);
const CUSTOMERS = Math.min(1_000_000, JOURNEYS);
const CAMPAIGNS = 30;
const WORKER_SLICE = Number(process.env.BENCH_SLICE ?? 300_000);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const log = (m: string) => console.error(`[dashboards bench] ${m}`);

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `octo_bench_dash_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;
const database = await openPostgres(url.toString(), { poolSize: 4 });
const db = database.db;
const run = (q: string) => db.execute(sql.raw(q));

// Reporting days are China Standard Time days; the history ends at the start of "today".
const today = Math.floor((Date.now() + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
const start = today - 90 * DAY;
const now = new Date(today - 2 * HOUR);
const ts = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;

try {
  let t = Date.now();
  log(`generating ${CUSTOMERS} customers, ${JOURNEYS} journeys, ${JOURNEYS * 6} steps in ${dbName}`);
  await run(`
    insert into campaigns (id, name, department, status, draft_graph, created_at)
    select md5('c' || i)::uuid, 'Bench campaign ' || i, (array['market','customer_service','it_support','head_office','channels'])[1 + i % 5],
           (array['live','live','live','paused','ended','submitted'])[1 + i % 6], '{}'::jsonb, ${ts(start - 30 * DAY)}
    from generate_series(0, ${CAMPAIGNS - 1}) i`);
  await run(`
    insert into flow_versions (id, campaign_id, version_no, graph, machine, triggers, hash, compiler_version, status, created_at)
    select md5('v' || i)::uuid, md5('c' || i)::uuid, 1,
           '{"nodes":[{"id":"contact","kind":"sms","params":{"offerId":"offer_5gb_10cny"}}]}'::jsonb, '{}'::jsonb, '[]'::jsonb,
           'bench-hash-' || i, 'bench', 'approved', ${ts(start - 20 * DAY)}
    from generate_series(0, ${CAMPAIGNS - 1}) i`);
  await run(`insert into products (id, name_zh, name_en, price_cny) values ('data_pack_5gb', '5GB流量加油包', '5 GB data top-up', 10) on conflict do nothing`);
  await run(`
    insert into campaign_events (campaign_id, from_status, to_status, at)
    select md5('c' || i)::uuid, s.f, s.t, ${ts(start)} + (i * interval '2 days') + s.o * interval '1 hour'
    from generate_series(0, ${CAMPAIGNS - 1}) i,
         (values (null, 'draft', 0), ('draft', 'submitted', 24), ('submitted', 'approved', 100), ('approved', 'live', 120)) as s(f, t, o)`);
  await run(`
    insert into customers (id, msisdn, name, tags)
    select 'C' || lpad(i::text, 7, '0'), '138' || lpad(i::text, 8, '0'), 'Bench ' || i,
           jsonb_build_object('region', (array['hangzhou','ningbo','wenzhou','shaoxing','jinhua'])[1 + i % 5])
    from generate_series(1, ${CUSTOMERS}) i`);
  // Journey i: campaign i % 30, customer i % 1M, started evenly over 90 days; its trigger event.
  const startedAt = `${ts(start)} + (i::float8 / ${JOURNEYS}) * interval '90 days'`;
  await run(`
    insert into events (event_id, customer_id, type, occurred_at, status, received_at, next_attempt_at)
    select 'e' || i, 'C' || lpad((1 + i % ${CUSTOMERS})::text, 7, '0'), 'data_usage_80pct', ${startedAt}, 'processed', ${startedAt}, ${startedAt}
    from generate_series(1, ${JOURNEYS}) i`);
  await run(`
    insert into journeys (id, customer_id, campaign_id, flow_version_id, version_hash, status, snapshot, trigger_event_id, started_at, updated_at)
    select md5('j' || i)::uuid, 'C' || lpad((1 + i % ${CUSTOMERS})::text, 7, '0'), md5('c' || (i % ${CAMPAIGNS}))::uuid, md5('v' || (i % ${CAMPAIGNS}))::uuid,
           'bench-hash-' || (i % ${CAMPAIGNS}), 'done', '{}'::jsonb, 'e' || i, ${startedAt}, ${startedAt}
    from generate_series(1, ${JOURNEYS}) i`);
  log(`customers, events, journeys in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  t = Date.now();
  // Steps are written without their secondary indexes, which are built afterwards (as a bulk
  // load would); the table ends up exactly as the migration defines it.
  const stepIndexes = (await db.execute(sql`select indexname, indexdef from pg_indexes where tablename = 'steps' and indexname <> 'steps_pkey'`)) as unknown as {
    rows: { indexname: string; indexdef: string }[];
  };
  for (const i of stepIndexes.rows) await run(`drop index ${i.indexname}`);
  await run(`
    insert into steps (journey_id, customer_id, campaign_id, version_hash, node_id, node_kind, outcome, detail, at)
    select md5('j' || i)::uuid, 'C' || lpad((1 + i % ${CUSTOMERS})::text, 7, '0'), md5('c' || (i % ${CAMPAIGNS}))::uuid, 'bench-hash-' || (i % ${CAMPAIGNS}),
           x.node_id, x.node_kind, x.outcome, x.detail, ${startedAt} + x.k * interval '1 second' + (case when x.k = 5 then interval '2 hours' else interval '0' end)
    -- One series over journey x step, so ids follow time as they do when the runtime writes them
    -- (a series of journeys crossed with a series of steps came out step-major: every hour's ids
    -- then spanned the whole table).
    from generate_series(0, ${JOURNEYS * 6 - 1}) n
    cross join lateral (select n / 6 + 1 as i, (n % 6 + 1)::int as k) ik
    cross join lateral (
      select k,
        (array['trigger','contact','contact','goal','goal','end'])[k] as node_id,
        case k when 1 then 'trigger' when 2 then c.kind when 3 then c.channel when 4 then 'goal' when 5 then 'goal' else 'end' end as node_kind,
        case k when 1 then 'entered' when 2 then 'contact_requested'
               when 3 then (case when i % 10 = 0 then 'suppressed' else 'sent' end)
               when 4 then 'waiting' when 5 then (case when i % 17 = 0 then 'converted' else 'not_converted' end) else 'exited' end as outcome,
        case when k = 3 and i % 10 = 0 then jsonb_build_object('reason', (array['fatigue_cap','quiet_hours','opt_out','lost_arbitration','no_consent'])[1 + (i / 10) % 5])
             when k = 3 then jsonb_build_object('channel', c.channel) else '{}'::jsonb end as detail
      from (select (array['sms','sms','app_push','outbound_call','inbound','frontline'])[1 + (i % ${CAMPAIGNS}) % 6] as channel,
                   (array['sms','sms','app_push','outbound_call','inbound_offer','frontline_opportunity'])[1 + (i % ${CAMPAIGNS}) % 6] as kind) c
    ) x`);
  for (const i of stepIndexes.rows) await run(i.indexdef);
  // One task per people-channel contact made.
  await run(`
    insert into frontline_tasks (effect_key, kind, customer_id, campaign_id, journey_id, node_id, script, region, commission_cny, status, outcome, outcome_at, outcome_shop_id, outcome_team, due_at, created_at)
    select 'bench-' || i, (array['sms','sms','app_push','outbound_call','inbound','frontline'])[1 + (i % ${CAMPAIGNS}) % 6],
           'C' || lpad((1 + i % ${CUSTOMERS})::text, 7, '0'), md5('c' || (i % ${CAMPAIGNS}))::uuid, md5('j' || i)::uuid, 'contact', '',
           (array['hangzhou','ningbo','wenzhou','shaoxing','jinhua'])[1 + (1 + i % ${CUSTOMERS}) % 5], 20, 'done',
           case when i % 3 = 0 then 'accepted' else 'declined' end, ${startedAt} + interval '1 hour',
           -- Shop opportunities are worked in one of the 8 shops of the customer's city; calls and
           -- inbound offers by one of 12 call-centre teams.
           case when (i % ${CAMPAIGNS}) % 6 = 5 then 'SHOP-' || ((1 + i % ${CUSTOMERS}) % 5) || '-' || (i % 8) end,
           case when (i % ${CAMPAIGNS}) % 6 <> 5 then 'team-' || (i % 12) end, ${startedAt} + interval '3 days', ${startedAt}
    from generate_series(1, ${JOURNEYS}) i
    where (i % ${CAMPAIGNS}) % 6 >= 3 and i % 10 <> 0`);
  // Complaints: one in 2,000 journeys, the day after; every other one names its campaign.
  await run(`
    insert into events (event_id, customer_id, type, occurred_at, status, received_at, next_attempt_at, attributes)
    select 'complaint-' || i, 'C' || lpad((1 + i % ${CUSTOMERS})::text, 7, '0'), 'complaint', ${startedAt} + interval '1 day', 'processed',
           ${startedAt} + interval '1 day', ${startedAt} + interval '1 day',
           jsonb_build_object('category', 'marketing_contact', 'source', (array['hotline','online','shop','regulator'])[1 + i % 4])
             || case when i % 4000 = 0 then jsonb_build_object('campaign_id', md5('c' || (i % ${CAMPAIGNS}))::uuid::text) else '{}'::jsonb end
    from generate_series(2000, ${JOURNEYS}, 2000) i`);
  await run(`analyze`);
  const counted = (await db.execute(sql`select count(*)::float8 as n from steps`)) as unknown as { rows: { n: number }[] };
  const stepCount = counted.rows[0].n;
  log(`${stepCount} steps and tasks in ${((Date.now() - t) / 1000).toFixed(0)} s`);

  // The worker on a slice, timed; then the same buckets for the rest, set-based.
  const rt: Runtime = { db, dbKind: 'postgres', clock: { now: () => now }, catalog: demoCatalog, flows: new FlowIndex(demoCatalog), channels: new Map(), leaseMs: 30_000 };
  t = Date.now();
  let rolled = 0;
  while (rolled < WORKER_SLICE) {
    const n = await rollUpAnalytics(rt, { batch: 5000 });
    if (n === 0) break;
    rolled += n;
  }
  const workerMs = Date.now() - t;
  const workerRate = (rolled / workerMs) * 1000;
  log(`worker: ${rolled} rows in ${(workerMs / 1000).toFixed(1)} s (${workerRate.toFixed(0)} rows/s)`);
  t = Date.now();
  await fillRestSetBased();
  log(`set-based fill of the rest in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  await run(`analyze`);

  // The queries, each with its full-scan baseline where the figure comes from steps.
  const full: DashboardFilter = { from: new Date(start), to: new Date(today) };
  const month: DashboardFilter = { from: new Date(today - 30 * DAY), to: new Date(today), department: 'market' };
  const region: DashboardFilter = { from: new Date(start), to: new Date(today), region: 'ningbo', channel: 'sms' };
  const campaignId = (await db.execute(sql`select md5('c1')::uuid::text as id`)) as unknown as { rows: { id: string }[] };
  const cid = campaignId.rows[0].id;
  const vid = ((await db.execute(sql`select md5('v1')::uuid::text as id`)) as unknown as { rows: { id: string }[] }).rows[0].id;
  const scan = (f: DashboardFilter) =>
    db.execute(sql`select s.outcome, coalesce(s.detail->>'channel', s.node_kind) as channel, s.detail->>'reason' as reason, count(*)
      from steps s join campaigns c on c.id = s.campaign_id ${f.region ? sql`join customers cu on cu.id = s.customer_id and cu.tags->>'region' = ${f.region}` : sql``}
      where s.at >= ${f.from.toISOString()}::timestamptz and s.at < ${f.to.toISOString()}::timestamptz
        ${f.department ? sql`and c.department = ${f.department}` : sql``}
        ${f.channel ? sql`and coalesce(s.detail->>'channel', s.node_kind) in (${f.channel})` : sql``}
      group by 1, 2, 3`);
  // The Frontline figures as they were computed before the roll-up: every task in the range.
  const taskScan = (f: DashboardFilter) =>
    db.execute(sql`select t.kind, coalesce(t.region, ''), coalesce(t.outcome_shop_id, ''), coalesce(t.outcome_team, ''),
        count(*) filter (where t.created_at >= ${f.from.toISOString()}::timestamptz), count(*) filter (where t.outcome = 'accepted'), sum(t.commission_cny)
      from frontline_tasks t ${f.department ? sql`join campaigns c on c.id = t.campaign_id and c.department = ${f.department}` : sql``}
      where (t.created_at >= ${f.from.toISOString()}::timestamptz and t.created_at < ${f.to.toISOString()}::timestamptz)
         or (t.outcome_at >= ${f.from.toISOString()}::timestamptz and t.outcome_at < ${f.to.toISOString()}::timestamptz)
      group by 1, 2, 3, 4`);
  const queries: { name: string; run: () => Promise<unknown>; baseline?: () => Promise<unknown> }[] = [
    { name: 'Execution, 90 days, all', run: () => executionDashboard(db, full), baseline: () => scan(full) },
    { name: 'Execution, 30 days, one department', run: () => executionDashboard(db, month), baseline: () => scan(month) },
    { name: 'Execution, 90 days, region + channel', run: () => executionDashboard(db, region), baseline: () => scan(region) },
    { name: 'Loop, 90 days', run: () => loopDashboard(db, full, now) },
    { name: 'Frontline, 90 days', run: () => frontlineDashboard(db, full), baseline: () => taskScan(full) },
    { name: 'Frontline, 30 days, one department', run: () => frontlineDashboard(db, month), baseline: () => taskScan(month) },
    { name: 'Live, last 15 minutes', run: () => liveDashboard(db, now) },
    { name: 'Filter options', run: () => dashboardOptions(db) },
    {
      name: 'Drill: tasks behind a shop, 90 days',
      run: () => frontlineTasksList(db, full, { shop: 'SHOP-1-3' }),
      baseline: () => db.execute(sql`select * from frontline_tasks where outcome_shop_id = 'SHOP-1-3' and created_at >= ${full.from.toISOString()}::timestamptz order by created_at desc limit 200`),
    },
    {
      name: 'Drill: campaigns behind a suppression reason',
      run: () => drillCampaigns(db, full, { outcome: 'suppressed', reason: 'fatigue_cap' }),
      baseline: () => db.execute(sql`select campaign_id, count(*) from steps where outcome = 'suppressed' and detail->>'reason' = 'fatigue_cap' and at >= ${full.from.toISOString()}::timestamptz group by 1`),
    },
    {
      name: 'Drill: a campaign flow with per-node counts',
      run: () => campaignNodes(db, full, cid),
      baseline: () => db.execute(sql`select node_id, outcome, count(*) from steps where campaign_id = ${cid}::uuid group by 1, 2`),
    },
    {
      // What the designer's canvas polls for a live flow: the node roll-up plus the steps past its
      // watermark, against aggregating the version's steps (as it did before).
      name: "Designer: a flow version's live node counts",
      run: () => liveCounts(db, { campaignId: cid, versionId: vid }, now),
      baseline: () =>
        db.execute(sql`select node_id, outcome, count(*), count(distinct journey_id) from steps where campaign_id = ${cid}::uuid and version_hash = 'bench-hash-1' group by 1, 2`),
    },
    {
      name: 'Drill: customers behind a suppression reason, 90 days',
      run: () => drillSteps(db, full, { outcome: 'suppressed', reason: 'fatigue_cap' }),
      baseline: () => db.execute(sql`select customer_id from steps where outcome = 'suppressed' and detail->>'reason' = 'fatigue_cap' and at >= ${full.from.toISOString()}::timestamptz order by id desc limit 200`),
    },
    {
      name: 'Drill: customers converted after SMS in one city, 90 days',
      run: () => drillSteps(db, region, { outcome: 'converted' }),
    },
    // The lists behind the headline figures that are not step counts (server/analytics/lists.ts).
    { name: 'List: events received, 90 days', run: () => eventList(db, full, {}) },
    { name: 'List: events received in one city, 90 days', run: () => eventList(db, region, {}) },
    { name: 'List: complaints and who made them, 90 days', run: () => complaintList(db, full, {}) },
    { name: 'List: complaints, 30 days, one department', run: () => complaintList(db, month, {}) },
    { name: 'List: slowest contacts, 90 days', run: () => slowestContacts(db, full) },
    {
      name: 'Drill: customers behind a node (one day)',
      run: () => drillSteps(db, { from: new Date(today - DAY), to: new Date(today) }, { outcome: 'converted', campaignId: cid, nodeId: 'goal' }),
      baseline: () => db.execute(sql`select customer_id from steps where campaign_id = ${cid}::uuid and node_id = 'goal' and outcome = 'converted' and at >= ${new Date(today - DAY).toISOString()}::timestamptz order by id desc limit 200`),
    },
  ];

  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))];
  };
  const time = async (f: () => Promise<unknown>, n: number) => {
    await f(); // warm
    const xs: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await f();
      xs.push(performance.now() - s);
    }
    return xs;
  };
  const rows: string[] = [];
  let worstP95 = 0;
  for (const q of queries) {
    const xs = await time(q.run, 40);
    const p50 = pct(xs, 0.5);
    const p95 = pct(xs, 0.95);
    worstP95 = Math.max(worstP95, p95);
    let base = '—';
    let ratio = '—';
    if (q.baseline) {
      const bs = await time(q.baseline, 3);
      base = `${pct(bs, 0.5).toFixed(0)} ms`;
      ratio = `${(pct(bs, 0.5) / p50).toFixed(0)}×`;
    }
    log(`${q.name}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, baseline ${base}`);
    rows.push(`| ${q.name} | ${p50.toFixed(1)} ms | ${p95.toFixed(1)} ms | ${base} | ${ratio} |`);
  }

  console.log(
    [
      '## Dashboards at production volume',
      '<!-- bench:dashboards -->',
      '',
      `${(JOURNEYS * 6).toLocaleString('en')} step rows, ${CUSTOMERS.toLocaleString('en')} customers, ${JOURNEYS.toLocaleString('en')} journeys and touchpoint events over 90 days, ${CAMPAIGNS} campaigns, frontline tasks for the people channels and a complaint per 2,000 journeys, on PostgreSQL. ` +
        'Command: `npm run bench -- dashboards` (`BENCH_JOURNEYS` scales the data; `BENCH_KEEP_DB=1` keeps the database for query plans). ' +
        'Each query ran 40 times after a warm-up. The baseline, measured in the same run (median of 3), is what the query replaces: the same figures by a scan of `steps` (Execution, drill-downs) or of `frontline_tasks` (Frontline, the tasks drill); the ratio is the figure to compare across runs on this shared machine.',
      '',
      '| query | p50 | p95 | baseline | faster by |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `Slowest p95: **${worstP95.toFixed(0)} ms** (target: under 500 ms). Roll-up worker: ${rolled.toLocaleString('en')} step, event and node-count rows (each step is read twice: once for the dashboards, once for the designer's node counts) in ${(workerMs / 1000).toFixed(1)} s, **${workerRate.toFixed(0)} rows/s** on one connection; ` +
        'the remaining rows were rolled up by one set-based statement of the same shape. ' +
        `Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores (PostgreSQL and other sessions' builds and tests share the machine).`,
    ].join('\n'),
  );
} finally {
  await database.close();
  // BENCH_KEEP_DB=1 keeps the generated database for looking at query plans afterwards.
  if (process.env.BENCH_KEEP_DB === '1') log(`kept database ${dbName}`);
  else await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}

/**
 * The roll-up buckets for every step and event past the worker's watermark, in one statement
 * per table: the same keys, attribution (last sent contact before a conversion) and latency
 * (trigger event receipt to sent, when nothing waited before) as server/analytics/rollup.ts.
 */
async function fillRestSetBased() {
  const wm = (await db.execute(sql`select source, last_id::float8 as last from analytics_watermarks`)) as unknown as { rows: { source: string; last: number }[] };
  const last = (s: string) => wm.rows.find((r) => r.source === s)?.last ?? 0;
  const stepsAfter = last('steps');
  await run(`
    create temp table bench_buckets as
    select date_trunc('hour', s.at) as hour, s.campaign_id, s.node_id, max(s.node_kind) as node_kind,
           case when s.outcome = 'converted' then coalesce(a.channel, '')
                else coalesce(s.detail->>'channel', case s.node_kind when 'inbound_offer' then 'inbound' when 'frontline_opportunity' then 'frontline'
                     when 'sms' then 'sms' when 'app_push' then 'app_push' when 'outbound_call' then 'outbound_call' when 'inbound' then 'inbound'
                     when 'frontline' then 'frontline' when 'webhook' then 'webhook' else '' end) end as channel,
           s.outcome, case when s.outcome = 'suppressed' then coalesce(s.detail->>'reason', 'unknown') else '' end as reason,
           coalesce(cu.tags->>'region', '') as region, c.department, count(*) as n,
           sum(case when s.outcome = 'converted' and a.channel is not null then 10 else 0 end)::float8 as revenue,
           coalesce(sum(l.ms), 0)::bigint as lat, count(l.ms) as lat_n
    from steps s
    join campaigns c on c.id = s.campaign_id
    left join customers cu on cu.id = s.customer_id
    left join lateral (select p.detail->>'channel' as channel from steps p where s.outcome = 'converted' and p.journey_id = s.journey_id and p.id < s.id and p.outcome = 'sent' order by p.id desc limit 1) a on true
    left join lateral (select (extract(epoch from s.at - e.received_at) * 1000)::bigint as ms from journeys j join events e on e.event_id = j.trigger_event_id
                       where s.outcome = 'sent' and j.id = s.journey_id) l on true
    where s.id > ${stepsAfter}
    group by 1, 2, 3, 5, 6, 7, 8, 9`);
  const upsert = (table: string, at: string, atExpr: string) => `
    insert into ${table} (${at}, campaign_id, node_id, node_kind, channel, outcome, reason, region, department, n, revenue_cny, latency_ms_sum, latency_n)
    select ${atExpr}, campaign_id, node_id, max(node_kind), channel, outcome, reason, region, department, sum(n), sum(revenue), sum(lat), sum(lat_n)
    from bench_buckets group by 1, 2, 3, 5, 6, 7, 8, 9
    on conflict (${at}, campaign_id, node_id, outcome, reason, region, channel, demo) do update
      set n = ${table}.n + excluded.n, revenue_cny = ${table}.revenue_cny + excluded.revenue_cny,
          latency_ms_sum = ${table}.latency_ms_sum + excluded.latency_ms_sum, latency_n = ${table}.latency_n + excluded.latency_n`;
  await run(upsert('analytics_step_hours', 'hour', 'hour'));
  await run(upsert('analytics_step_days', 'day', `(date_trunc('day', hour at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')`));
  await run(`
    insert into analytics_step_id_hours (hour, min_id, max_id)
    select date_trunc('hour', at), min(id), max(id) from steps where id > ${stepsAfter} group by 1
    on conflict (hour) do update set min_id = least(analytics_step_id_hours.min_id, excluded.min_id), max_id = greatest(analytics_step_id_hours.max_id, excluded.max_id)`);
  await run(`
    insert into analytics_event_hours (hour, type, region, n)
    select date_trunc('hour', e.received_at), e.type, coalesce(c.tags->>'region', ''), count(*) from events e left join customers c on c.id = e.customer_id
    where e.seq > ${last('events')} group by 1, 2, 3
    on conflict (hour, type, region, demo) do update set n = analytics_event_hours.n + excluded.n`);
  const day = (col: string) => `(date_trunc('day', ${col} at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')`;
  // Frontline: pushed from the people channels' sent steps past the watermark (as the worker), and
  // the outcomes of every task (the bench writes tasks with outcomes, not offer_outcome events).
  await run(`
    insert into analytics_frontline_days (day, campaign_id, department, kind, region, shop, team, pushed)
    select ${day('s.at')}, s.campaign_id, c.department, s.detail->>'channel', coalesce(cu.tags->>'region', ''), '', '', count(*)
    from steps s join campaigns c on c.id = s.campaign_id left join customers cu on cu.id = s.customer_id
    where s.id > ${stepsAfter} and s.outcome = 'sent' and s.detail->>'channel' in ('outbound_call', 'inbound', 'frontline')
    group by 1, 2, 3, 4, 5
    on conflict (day, campaign_id, kind, region, shop, team, demo) do update set pushed = analytics_frontline_days.pushed + excluded.pushed`);
  await run(`
    insert into analytics_frontline_days (day, campaign_id, department, kind, region, shop, team, worked, accepted, commission_cny)
    select ${day('t.outcome_at')}, t.campaign_id, c.department, t.kind, coalesce(t.region, ''), coalesce(t.outcome_shop_id, ''), coalesce(t.outcome_team, ''),
           count(*), count(*) filter (where t.outcome = 'accepted'), coalesce(sum(t.commission_cny) filter (where t.outcome = 'accepted'), 0)
    from frontline_tasks t join campaigns c on c.id = t.campaign_id
    where t.outcome in ('accepted', 'declined', 'not_interested')
    group by 1, 2, 3, 4, 5, 6, 7
    on conflict (day, campaign_id, kind, region, shop, team, demo) do update
      set worked = analytics_frontline_days.worked + excluded.worked, accepted = analytics_frontline_days.accepted + excluded.accepted,
          commission_cny = analytics_frontline_days.commission_cny + excluded.commission_cny`);
  // Complaints: the named campaign, else the customer's last contact in the week before.
  await run(`
    insert into analytics_complaint_hours (hour, campaign_id, department, channel, category, source, region, n)
    select date_trunc('hour', e.occurred_at), coalesce(c.id::text, ''), coalesce(c.department, ''), x.channel, e.attributes->>'category',
           coalesce(e.attributes->>'source', ''), coalesce(cu.tags->>'region', ''), count(*)
    from events e
    left join customers cu on cu.id = e.customer_id
    left join lateral (select s.campaign_id, s.detail->>'channel' as channel from steps s
                       where s.customer_id = e.customer_id and s.outcome = 'sent' and s.at <= e.occurred_at and s.at > e.occurred_at - interval '7 days'
                       order by s.id desc limit 1) l on not (e.attributes ? 'campaign_id')
    cross join lateral (select coalesce((e.attributes->>'campaign_id')::uuid, l.campaign_id) as campaign_id,
                               coalesce(e.attributes->>'channel', case when e.attributes ? 'campaign_id' then '' else l.channel end, '') as channel) x
    left join campaigns c on c.id = x.campaign_id
    where e.type = 'complaint' and e.seq > ${last('events')}
    group by 1, 2, 3, 4, 5, 6, 7
    on conflict (hour, campaign_id, channel, category, source, region, demo) do update set n = analytics_complaint_hours.n + excluded.n`);
  // The designer's node counts (rollup-nodes.ts): a journey counted once per node (arrivals) and
  // once per node and outcome (journeys), on its first such step by id.
  const nodeAfter = last('node_steps');
  await run(`
    insert into analytics_node_counts (campaign_id, version_hash, node_id, outcome, n, journeys, arrivals)
    select campaign_id, version_hash, node_id, outcome, count(*), count(*) filter (where first_outcome), count(*) filter (where first_at_node)
    from (select s.campaign_id, s.version_hash, s.node_id, s.outcome,
                 row_number() over (partition by s.journey_id, s.node_id, s.outcome order by s.id) = 1 as first_outcome,
                 row_number() over (partition by s.journey_id, s.node_id order by s.id) = 1 as first_at_node
          from steps s where s.id > ${nodeAfter}) x
    group by 1, 2, 3, 4
    on conflict (campaign_id, version_hash, node_id, outcome) do update
      set n = analytics_node_counts.n + excluded.n, journeys = analytics_node_counts.journeys + excluded.journeys, arrivals = analytics_node_counts.arrivals + excluded.arrivals`);
  await run(`update analytics_watermarks set last_id = (select max(id) from steps), gaps = '[]' where source = 'node_steps'`);
  await run(`update analytics_watermarks set last_id = (select max(id) from steps), gaps = '[]' where source = 'steps'`);
  await run(`update analytics_watermarks set last_id = (select max(seq) from events), gaps = '[]' where source = 'events'`);
}
