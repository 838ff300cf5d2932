// The runtime's standard workload (issue 4): 100,000 customers; a live flow data_usage_80pct ->
// condition (not opted out, ARPU >= 50) -> eligibility (not already subscribed to the 5 GB pack;
// 10% are) -> partner webhook to a local sink; single-event POSTs for random customers over HTTP
// at fixed concurrency. Measures accepted events/s, event-accepted -> contact-at-sink latency,
// exactness of contacts, engine CPU and memory; on PostgreSQL and PGlite; against a hand-written
// baseline (plain node:http handler, same logic, one batched insert per event) in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp } from '../server/app';
import { createAccount } from '../server/auth/accounts';
import { openPglite, openPostgres, type Database } from '../server/db/client';
import { customers, products, subscriptions } from '../server/db/schema/customers';
import { offers } from '../server/db/schema/customer-data';
import { readEnv } from '../server/env';
import { defaultContactPolicy, saveContactPolicy } from '../server/runtime/contact-policy';
import { createCampaign, decideVersion, launchCampaign, submitCampaign } from '../server/services/campaigns';
import { demoCustomers } from '../server/services/demo-data';
import { demoOffers, demoProducts } from '../server/services/demo';
import type { FlowGraph } from '../workflows';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
// Client concurrencies, each a run of the baseline and the engine on a fresh database: the engine
// commits concurrent requests together, so its events/s grow with the callers in flight, while
// the baseline is at its ceiling from 16 on. The first also runs the variants and PGlite.
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '32,64,128').split(',').map(Number);
/** Event and outbox loops of the engine; unset: the app's default (3 on PostgreSQL, 1 on PGlite). */
const LOOPS = process.env.BENCH_WORKER_LOOPS;
const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = 'bench-webhook-secret-0123456789';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const log = (m: string) => process.stderr.write(`[runtime bench] ${m}\n`);

const flow: FlowGraph = {
  version: 1,
  name: 'bench data usage upsell',
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 'trigger', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'data_usage_80pct', condition: '' } },
    { id: 'value', kind: 'condition', position: { x: 0, y: 100 }, params: { expr: '!customer.opted_out && customer.arpu >= 50.0' } },
    { id: 'eligible', kind: 'eligibility', position: { x: 0, y: 200 }, params: { productId: 'data_pack_5gb' } },
    { id: 'partner', kind: 'webhook', position: { x: 0, y: 300 }, params: { endpointId: 'travel_partner', eventName: 'offer.data_pack', includeTags: ['plan'], offerId: 'offer_5gb_10cny' } },
    { id: 'done', kind: 'end', position: { x: 0, y: 400 }, params: {} },
    { id: 'skip', kind: 'end', position: { x: 200, y: 200 }, params: {} },
    { id: 'skip2', kind: 'end', position: { x: 200, y: 300 }, params: {} },
  ],
  edges: [
    { id: 'a', source: 'trigger', sourcePort: 'out', target: 'value' },
    { id: 'b', source: 'value', sourcePort: 'yes', target: 'eligible' },
    { id: 'c', source: 'value', sourcePort: 'no', target: 'skip' },
    { id: 'd', source: 'eligible', sourcePort: 'eligible', target: 'partner' },
    { id: 'e', source: 'eligible', sourcePort: 'ineligible', target: 'skip2' },
    { id: 'f', source: 'partner', sourcePort: 'out', target: 'done' },
  ],
};

interface Sink {
  url: string;
  arrivals: Map<string, number>;
  close(): Promise<void>;
}

async function startSink(port = 0): Promise<Sink> {
  const arrivals = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      try {
        const { customerId } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (!arrivals.has(customerId)) arrivals.set(customerId, at);
        else arrivals.set(`dup:${customerId}:${arrivals.size}`, at);
      } catch {
        /* counted as missing */
      }
      res.writeHead(200);
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, arrivals, close: () => new Promise((r) => server.close(() => r())) };
}

/** The partner endpoint's address (the sink every engine run listens at) and how it is configured. */
function endpointEnv(): Record<string, string> {
  return {
    OCTOFLOW_WEBHOOK_ENDPOINTS: JSON.stringify({ travel_partner: { url: `http://127.0.0.1:${sinkPort}/hook`, partnerId: 'bench' } }),
    OCTOFLOW_WEBHOOK_SECRETS: JSON.stringify({ bench: SECRET }),
    // Partner secrets are kept encrypted at rest; this key encrypts them (bench only).
    OCTOFLOW_SECRET_KEY: 'b'.repeat(64),
  };
}

async function seed(database: Database) {
  // The endpoint is registered as an operator upgrading from environment configuration would have
  // it (adopted at start), so the flow below names an endpoint the database has.
  const env = readEnv({ OCTOFLOW_DEMO: 'off', BETTER_AUTH_SECRET: 'x'.repeat(32), ...endpointEnv() });
  const app = await createApp({ env, database, workers: false, channels: [] });
  const db = app.rt.db;
  const rows = demoCustomers(CUSTOMERS, 7);
  for (let i = 0; i < rows.length; i += 2000) await db.insert(customers).values(rows.slice(i, i + 2000));
  await db.insert(products).values(demoProducts);
  // The webhook names offer_5gb_10cny: a contact goes out only while its offer is on sale there.
  await db.insert(offers).values(demoOffers);
  await app.catalog.refresh(); // the flow below is checked against the products and offers just added
  const subs = rows.filter((_, i) => i % 10 === 3).map((c) => ({ customerId: c.id, productId: 'data_pack_5gb' }));
  for (let i = 0; i < subs.length; i += 5000) await db.insert(subscriptions).values(subs.slice(i, i + 5000));
  await saveContactPolicy(db, { ...defaultContactPolicy, quietHours: null, caps: { perDay: 100, perWeek: 100 }, channelCaps: {} });
  const designer = { id: await createAccount(db, { email: 'd@bench', name: 'd', password: 'bench-password', role: 'designer', department: 'market' }), name: 'd', email: 'd@bench', role: 'designer' as const, department: 'market' as const };
  const approver = { id: await createAccount(db, { email: 'a@bench', name: 'a', password: 'bench-password', role: 'approver', department: 'market' }), name: 'a', email: 'a@bench', role: 'approver' as const, department: 'market' as const };
  const c = await createCampaign(db, designer, { name: 'bench', graph: flow });
  const v = await submitCampaign(db, app.rt, designer, c.id);
  await decideVersion(db, approver, { versionId: v.id, decision: 'approved' });
  await launchCampaign(db, app.rt, approver, c.id);
  const subscribed = new Set(subs.map((s) => s.customerId));
  const expected = new Set(
    rows.filter((r) => r.tags!.opted_out !== true && Number(r.tags!.arpu) >= 50 && !subscribed.has(r.id)).map((r) => r.id),
  );
  const { createApiKey } = await import('../server/services/api-keys');
  const key = (await createApiKey(db, 'bench', ['events:write'])).key;
  await app.close();
  return { ids: rows.map((r) => r.id), expected, key };
}

function startChild(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, url: JSON.parse(line).url });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
}

function procStats(pid: number) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSec: ticks / 100, peakRssMb: Math.round(hwm / 1024) };
}

/** CPU seconds of every PostgreSQL server process (the postmaster's children come and go with connections). */
function postgresCpuSec(): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const raw = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!raw.includes('(postgres)')) continue;
      const stat = raw.split(') ')[1].split(' ');
      ticks += Number(stat[11]) + Number(stat[12]);
    } catch {
      /* exited meanwhile */
    }
  }
  return ticks / 100;
}

function shuffle<T>(xs: T[], seed = 42): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const j = seed % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Posts the events over `urls` (each client keeps to one, as behind a load balancer). */
async function load(urls: string[], targets: string[], auth: string | null, clients: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const accepted = new Map<string, number>();
  const posted = new Map<string, number>();
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const post = (url: string, body: string) =>
    new Promise<number>((resolve) => {
      const req = http.request(`${url}/api/v1/events`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (next < targets.length) {
        const customerId = targets[next++];
        const body = JSON.stringify({ eventId: `b-${customerId}-${started}`, customerId, type: 'data_usage_80pct', occurredAt: new Date().toISOString(), attributes: { pct: 80, plan_gb: 20 } });
        posted.set(customerId, performance.now());
        const status = await post(urls[client % urls.length], body);
        if (status === 202) accepted.set(customerId, performance.now());
        else errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { accepted, posted, seconds, errors, started };
}

async function waitForContacts(sink: Sink, want: number, idleMs = 15_000, maxMs = 600_000) {
  const start = Date.now();
  let last = -1;
  let lastChange = Date.now();
  while (Date.now() - start < maxMs) {
    const n = sink.arrivals.size;
    if (n >= want && n === last && Date.now() - lastChange > 2000) break;
    if (n !== last) {
      last = n;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > idleMs) break;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function endToEnd(r: { accepted: Map<string, number>; started: number }, sink: Sink): number {
  let last = 0;
  for (const at of r.accepted.values()) last = Math.max(last, at);
  for (const at of sink.arrivals.values()) last = Math.max(last, at);
  return r.accepted.size / ((last - r.started) / 1000);
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

interface Result {
  name: string;
  /** Clients posting at once. */
  clients: number;
  eventsPerSec: number;
  p50: number;
  p99: number;
  /** The same from the moment the POST was sent (includes waiting for the 202). */
  p50FromPost: number;
  p99FromPost: number;
  received: number;
  expected: number;
  duplicates: number;
  errors: number;
  cpuSec: number;
  /** PostgreSQL's server processes over the same interval (connections that ended meanwhile are not counted). */
  dbCpuSec?: number;
  /** This process: the load generator and the sink. */
  loadCpuSec: number;
  peakRssMb: number;
  /** Events over the time from the first POST to the later of the last 202 and the last contact at the sink. */
  endToEndPerSec: number;
  /** Where the time goes (PostgreSQL): received -> processed, queued -> sent at p50/p99, in ms. */
  stages?: string;
}

/** Stage latencies from the engine's own rows: intake to step committed, outbox row to sent. */
async function stageLatencies(dbUrl: string, since: Date): Promise<string> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const q = async (expr: string, from: string) => {
    const { rows } = await c.query(`select percentile_cont(array[0.5, 0.99]) within group (order by ${expr}) as p from ${from}`);
    return (rows[0].p as number[]).map((x) => Math.round(x)).join(' / ');
  };
  const from = `'${since.toISOString()}'::timestamptz`;
  const processed = await q('extract(epoch from processed_at - received_at) * 1000', `events where processed_at is not null and received_at >= ${from}`);
  const sent = await q('extract(epoch from sent_at - created_at) * 1000', `outbox where status = 'sent' and created_at >= ${from}`);
  await c.end();
  return `event received → step committed ${processed} ms; contact queued → sent ${sent} ms (p50 / p99)`;
}

/** Separate worker processes (`npm run worker`) beside the web process on PostgreSQL; 0 = in-process. */
const WORKER_PROCESSES = Number(process.env.BENCH_WORKER_PROCESSES ?? 0);
/** Engine processes that each take HTTP and run their own workers (replicas behind a load balancer). */
const WEB_PROCESSES = Number(process.env.BENCH_WEB_PROCESSES ?? 1);
/** BENCH_INTAKE=queue: the intake only records events and the event loops claim them (engine-server.mts). */
const MODE = process.env.BENCH_INTAKE === 'queue' ? ', intake only records' : '';

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', path.join(ROOT, 'server/worker-main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      if (String(d).includes('running')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
}

/** The sink's port: chosen once, registered as the partner endpoint's address when a database is seeded. */
let sinkPort = 0;

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/** Latencies to the sink: from the 202, and from the POST. */
function latencies(r: { accepted: Map<string, number>; posted: Map<string, number> }, sink: Sink) {
  const arrived = [...r.accepted.keys()].filter((id) => sink.arrivals.has(id));
  const fromAccept = arrived.map((id) => sink.arrivals.get(id)! - r.accepted.get(id)!);
  const fromPost = arrived.map((id) => sink.arrivals.get(id)! - r.posted.get(id)!);
  return { p50: pct(fromAccept, 50), p99: pct(fromAccept, 99), p50FromPost: pct(fromPost, 50), p99FromPost: pct(fromPost, 99) };
}

async function runEngine(name: string, env: Record<string, string>, targets: string[], expected: Set<string>, clients: number, workerProcesses = 0, webProcesses = 1): Promise<Result> {
  const sink = await startSink(sinkPort);
  const engineEnv = {
    ...env,
    ...endpointEnv(),
    OCTOFLOW_DEMO: 'off',
    OCTOFLOW_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    OCTOFLOW_WEBHOOK_ALLOW_PRIVATE: 'on',
    BETTER_AUTH_SECRET: 'x'.repeat(32),
  };
  const web: { child: ChildProcess; url: string }[] = [];
  for (let i = 0; i < webProcesses; i++) {
    web.push(await startChild('bench/support/engine-server.mts', { ...engineEnv, ...(workerProcesses > 0 ? { OCTOFLOW_WORKERS: 'off' } : {}) }));
  }
  const workers: ChildProcess[] = [];
  for (let i = 0; i < workerProcesses; i++) workers.push(await startWorker(engineEnv));
  const all = [...web.map((w) => w.child), ...workers];
  const cpu = () => all.reduce((n, c) => n + procStats(c.pid!).cpuSec, 0);
  const before = cpu();
  const dbBefore = postgresCpuSec();
  const benchBefore = process.cpuUsage();
  const since = new Date();
  const r = await load(web.map((w) => w.url), targets, env.BENCH_API_KEY, clients);
  const want = targets.filter((t) => expected.has(t)).length;
  await waitForContacts(sink, want);
  const after = { cpuSec: cpu(), peakRssMb: Math.max(...all.map((c) => procStats(c.pid!).peakRssMb)) };
  const dbCpuSec = env.DATABASE_URL ? postgresCpuSec() - dbBefore : undefined;
  const benchCpu = process.cpuUsage(benchBefore);
  for (const c of all) c.kill('SIGTERM');
  await Promise.all(all.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))));
  await sink.close();
  const stages = env.DATABASE_URL ? await stageLatencies(env.DATABASE_URL, since) : undefined;
  const duplicates = [...sink.arrivals.keys()].filter((k) => k.startsWith('dup:')).length;
  return {
    name,
    clients,
    eventsPerSec: r.accepted.size / r.seconds,
    ...latencies(r, sink),
    received: sink.arrivals.size - duplicates,
    expected: want,
    duplicates,
    errors: r.errors,
    cpuSec: after.cpuSec - before,
    dbCpuSec,
    loadCpuSec: (benchCpu.user + benchCpu.system) / 1e6,
    peakRssMb: after.peakRssMb,
    endToEndPerSec: endToEnd(r, sink),
    stages,
  };
}

async function runBaseline(dbUrl: string, targets: string[], expected: Set<string>, clients: number): Promise<Result> {
  const admin = new pg.Client({ connectionString: dbUrl });
  await admin.connect();
  await admin.query(`create table bench_baseline_events(event_id text primary key, customer_id text not null, type text not null, occurred_at timestamptz not null, attributes jsonb not null);
                     create table bench_baseline_contacts(event_id text primary key, customer_id text not null, at timestamptz not null default now())`);
  await admin.end();
  const sink = await startSink();
  const { child, url } = await startChild('bench/support/baseline-server.mts', { DATABASE_URL: dbUrl, BENCH_SINK_URL: sink.url });
  const before = procStats(child.pid!);
  const dbBefore = postgresCpuSec();
  const benchBefore = process.cpuUsage();
  const r = await load([url], targets, null, clients);
  const want = targets.filter((t) => expected.has(t)).length;
  await waitForContacts(sink, want, 5000);
  const after = procStats(child.pid!);
  const dbCpuSec = postgresCpuSec() - dbBefore;
  const benchCpu = process.cpuUsage(benchBefore);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  await sink.close();
  return {
    name: 'baseline (plain node:http + pg)',
    clients,
    eventsPerSec: r.accepted.size / r.seconds,
    ...latencies(r, sink),
    received: sink.arrivals.size,
    expected: want,
    duplicates: 0,
    errors: r.errors,
    cpuSec: after.cpuSec - before.cpuSec,
    dbCpuSec,
    loadCpuSec: (benchCpu.user + benchCpu.system) / 1e6,
    peakRssMb: after.peakRssMb,
    endToEndPerSec: endToEnd(r, sink),
  };
}


const results: Result[] = [];
const targetsFor = (ids: string[]) => shuffle(ids).slice(0, EVENTS);

const TARGETS = (process.env.BENCH_TARGETS ?? 'postgres,pglite').split(',');
sinkPort = await freePort();

// PostgreSQL: a fresh database per concurrency, so no run meets another's journeys or ledger.
for (const [i, clients] of (TARGETS.includes('postgres') ? CONCURRENCIES : []).entries()) {
  const name = `octo_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  try {
    log(`seeding ${CUSTOMERS} customers on PostgreSQL`);
    const database = await openPostgres(url.toString());
    const { ids, expected, key } = await seed(database);
    const targets = targetsFor(ids);
    log(`baseline, ${clients} clients`);
    results.push(await runBaseline(url.toString(), targets, expected, clients));
    log(JSON.stringify(results.at(-1)));
    // Fresh events: the engine must not see the baseline's ids as duplicates (different table anyway).
    log(`engine on PostgreSQL, ${clients} clients`);
    const pgEnv = { DATABASE_URL: url.toString(), BENCH_API_KEY: key, ...(LOOPS ? { OCTOFLOW_WORKER_LOOPS: LOOPS } : {}) };
    results.push(await runEngine(`Octoflow on PostgreSQL${MODE}`, pgEnv, targets, expected, clients));
    log(JSON.stringify(results.at(-1)));
    if (i === 0 && WEB_PROCESSES > 1) {
      log(`engine on PostgreSQL, ${WEB_PROCESSES} processes`);
      results.push(await runEngine(`Octoflow on PostgreSQL, ${WEB_PROCESSES} processes`, pgEnv, shuffle(targets, 5), expected, clients, 0, WEB_PROCESSES));
      log(JSON.stringify(results.at(-1)));
    }
    if (i === 0 && WORKER_PROCESSES > 0) {
      log(`engine on PostgreSQL, web process + ${WORKER_PROCESSES} worker process(es)`);
      // Fresh event ids (the load generator stamps them with its start time).
      results.push(await runEngine(`Octoflow on PostgreSQL, web + ${WORKER_PROCESSES} worker process${WORKER_PROCESSES > 1 ? 'es' : ''}`, pgEnv, shuffle(targets, 7), expected, clients, WORKER_PROCESSES));
      log(JSON.stringify(results.at(-1)));
    }
  } catch (err) {
    log(`failed: ${(err as Error).stack}`);
    throw err;
  } finally {
    const a = new pg.Client({ connectionString: PG_ADMIN });
    await a.connect();
    // BENCH_KEEP_DB=1 leaves the database for inspection (EXPLAIN, pg_stat_statements), as in the dashboards bench.
    if (process.env.BENCH_KEEP_DB === '1') log(`kept database ${name}`);
    else await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  }
}

// PGlite
if (TARGETS.includes('pglite')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'octo-bench-'));
  try {
    log(`seeding ${CUSTOMERS} customers on PGlite`);
    const database = await openPglite(path.join(dir, 'pglite'));
    const { ids, expected, key } = await seed(database);
    log('engine on PGlite');
    results.push(await runEngine(`Octoflow on PGlite${MODE}`, { OCTOFLOW_DATA_DIR: path.join(dir, 'pglite'), BENCH_API_KEY: key }, targetsFor(ids), expected, CONCURRENCIES[0]));
    log(JSON.stringify(results.at(-1)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Each run against the baseline at its concurrency (PGlite, which has none, against the first).
const baselines = results.filter((r) => r.name.startsWith('baseline'));
const baseOf = (r: Result) => baselines.find((b) => b.clients === r.clients) ?? baselines[0];
const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const lines = [
  '## Runtime: event to contact <!-- bench:runtime -->',
  '',
  `Command: \`npm run bench -- runtime\` (${CUSTOMERS.toLocaleString('en')} customers, ${EVENTS.toLocaleString('en')} single-event POSTs by ${new Intl.ListFormat('en').format(CONCURRENCIES.map(String))} clients at once, each run against the baseline with as many; `
    + 'flow: data_usage_80pct → condition (not opted out, ARPU ≥ 50) → eligibility (not subscribed to the 5 GB pack; 10% are) → signed partner webhook to a local sink). '
    + 'Every step persisted. Latency to the webhook arriving at the sink: from the 202 (the issue’s measure), and from the moment the POST was sent (including the wait for the 202, which on the engine includes processing the event).',
  '',
  '| run | clients | accepted events/s | vs baseline | end-to-end events/s | p50 ms | p99 ms | from the POST: p50 / p99 ms | contacts received / expected | duplicates | HTTP errors | engine CPU s | PostgreSQL CPU s | load generator + sink CPU s | peak RSS MB |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.name} | ${r.clients} | ${f(r.eventsPerSec)} | ${baseOf(r) ? `${f((100 * r.eventsPerSec) / baseOf(r)!.eventsPerSec)}%` : '–'} | ${f(r.endToEndPerSec)} | ${f(r.p50, 1)} | ${f(r.p99, 1)} | ${f(r.p50FromPost, 1)} / ${f(r.p99FromPost, 1)} | ${r.received} / ${r.expected} | ${r.duplicates} | ${r.errors} | ${f(r.cpuSec, 1)} | ${r.dbCpuSec === undefined ? '–' : f(r.dbCpuSec, 1)} | ${f(r.loadCpuSec, 1)} | ${r.peakRssMb} |`),
];
lines.push(
  '',
  'End-to-end events/s: events over the time from the first POST to the later of the last 202 and the last contact. CPU over the run: the engine process(es); '
    + 'every PostgreSQL server process (also for the baseline); this process, which is the load generator and the sink. '
    + '`BENCH_WORKER_PROCESSES=N` adds a run with N worker processes beside a web process that only records events; `BENCH_WEB_PROCESSES=N` adds a run with N engine processes that each take a share of the clients and process on intake (replicas behind a balancer); '
    + '`BENCH_INTAKE=queue` makes the engine only record events at intake and its event loops claim them (how a web process without workers hands events on), instead of processing them on intake; `BENCH_KEEP_DB=1` keeps the PostgreSQL database for query plans; `BENCH_CONCURRENCY=32,64` chooses the concurrencies (the first also runs PGlite and the variants).',
);
for (const r of results) if (r.stages) lines.push('', `${r.name}, ${r.clients} clients, where the time goes: ${r.stages}.`);
lines.push(
  '',
  `Engine worker loops: ${LOOPS ? `${LOOPS} event + ${LOOPS} outbox loops (BENCH_WORKER_LOOPS)` : 'the app’s default, 3 event + 3 outbox loops on PostgreSQL and 1 + 1 on PGlite'}, plus one loop for the other stages. `
    + `Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores (PostgreSQL, the load generator and the sink run on the same machine).`,
);
process.stdout.write(lines.join('\n') + '\n');
