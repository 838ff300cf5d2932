// Flow language (issue 3): how long validateFlow + compileFlow take on realistic large flows
// (about 300, 500 and 1,000 nodes), median of several runs, against a baseline measured in the
// same run: parsing the same document with the FlowGraph zod schema plus its canonical JSON (the
// least any checker must do to read the flow and fingerprint it). Two cases: "first check" — every
// condition is new to the process (a flow opened or launched on the server); "re-check" — the
// same flow again (the designer validates on every edit, conditions already parsed).
import os from 'node:os';
// Module by module: Node's ESM loader cannot see the names re-exported by workflows/index.ts.
import { canonicalJson } from '../workflows/canonical';
import { demoCatalog } from '../workflows/catalog';
import { compileFlow, hashFlow } from '../workflows/compile';
import { FlowGraph, type FlowGraphInput } from '../workflows/graph';
import { validateFlow } from '../workflows/validate';

const SIZES = (process.env.BENCH_FLOW_SIZES ?? '300,500,1000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_FLOW_RUNS ?? 31);
const WARMUP = 10;
const log = (m: string) => process.stderr.write(`[flow-language bench] ${m}\n`);

/**
 * A campaign flow of exactly `size` nodes built from a realistic 10-node block repeated: hold-out,
 * value condition, eligibility, tier switch, three channels, goal, tag, wait; each block's
 * non-converting paths lead on to the next block (the next wave of the campaign). `salt` makes
 * every condition text unique to one build, so no parse is cached from an earlier run.
 */
function campaign(size: number, salt: number): FlowGraphInput {
  const nodes: FlowGraphInput['nodes'] = [];
  const edges: FlowGraphInput['edges'] = [];
  const add = (id: string, kind: string, params: Record<string, unknown>) =>
    nodes.push({ id, kind: kind as never, position: { x: (nodes.length % 10) * 200, y: Math.floor(nodes.length / 10) * 120 }, params });
  const link = (source: string, sourcePort: string, target: string) => edges.push({ id: `e${edges.length}`, source, sourcePort, target });

  const blocks = Math.floor((size - 3) / 10);
  const pad = size - 3 - blocks * 10;
  add('start', 'trigger', { eventType: 'data_usage_80pct', condition: `event.pct >= 80 && !customer.opted_out && customer.tenure_months != ${salt}` });
  add('held_out', 'end', {});
  let previous: [string, string] = ['start', 'out'];
  const entryOf = (b: number) => (b < blocks ? `b${b}_holdout` : pad > 0 ? 'pad0' : 'finish');
  for (let b = 0; b < blocks; b++) {
    const id = (s: string) => `b${b}_${s}`;
    const next = entryOf(b + 1);
    add(id('holdout'), 'control_group', { percent: 5 + (b % 10) });
    add(id('value'), 'condition', { expr: `customer.arpu >= ${30 + b}.${salt} && customer.tenure_months > ${b % 36}` });
    add(id('eligible'), 'eligibility', { productId: b % 2 ? 'data_pack_5gb' : 'unlimited_5g_upgrade' });
    add(id('tier'), 'switch', {
      cases: [
        { name: 'gold', expr: `customer.value_tier == "gold" && customer.arpu > ${100 + salt}.0` },
        { name: 'silver', expr: `customer.value_tier == "silver" || customer.data_usage_gb > ${b}.5` },
      ],
    });
    add(id('call'), 'outbound_call', { script: `{{customer.name}}您好，第${b + 1}波：升级5G畅享套餐前3个月半价。`, offerId: 'offer_5g_upgrade_half', priority: 'high', deadlineHours: 48 });
    add(id('sms'), 'sms', { template: `{{customer.name}}您好，流量已用{{event.pct}}%，回复${b}办理10元5GB加油包。`, offerId: 'offer_5gb_10cny' });
    add(id('push'), 'app_push', { title: '流量提醒', body: `{{customer.name}}，本月流量已用{{event.pct}}%，点此加油（第${b + 1}波）`, deepLink: 'app://data/top-up' });
    add(id('goal'), 'goal', { eventType: 'order_placed', condition: `event.product_id != "${salt}"`, window: { amount: 3, unit: 'days' } });
    add(id('tag'), 'set_tag', { tag: 'channel_preference', value: 'sms' });
    add(id('wait'), 'wait', { duration: { amount: 2, unit: 'days' } });
    link(previous[0], previous[1], id('holdout'));
    link(id('holdout'), 'control', 'held_out');
    link(id('holdout'), 'treatment', id('value'));
    link(id('value'), 'yes', id('eligible'));
    link(id('value'), 'no', id('wait'));
    link(id('eligible'), 'eligible', id('tier'));
    link(id('eligible'), 'ineligible', id('wait'));
    link(id('tier'), 'gold', id('call'));
    link(id('tier'), 'silver', id('sms'));
    link(id('tier'), 'default', id('push'));
    for (const c of ['call', 'sms', 'push']) link(id(c), 'out', id('goal'));
    link(id('goal'), 'converted', id('tag'));
    link(id('goal'), 'not_converted', id('wait'));
    link(id('tag'), 'out', 'finish');
    previous = [id('wait'), 'out'];
    if (b === blocks - 1) link(previous[0], previous[1], next);
  }
  for (let i = 0; i < pad; i++) {
    add(`pad${i}`, 'wait', { duration: { amount: 1, unit: 'hours' } });
    link(`pad${i}`, 'out', i + 1 < pad ? `pad${i + 1}` : 'finish');
  }
  if (blocks === 0) link('start', 'out', pad > 0 ? 'pad0' : 'finish');
  add('finish', 'end', {});
  return { version: 1, name: `bench ${size}`, settings: { reentry: 'once', concurrent: false }, nodes, edges };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

interface Row {
  nodes: number;
  edges: number;
  baseline: number;
  validateCold: number;
  compileCold: number;
  hash: number;
  totalCold: number;
  totalWarm: number;
}

function measure(size: number): Row {
  // Warm-up: JIT and the catalog's condition environments, on builds not measured below.
  for (let i = 0; i < WARMUP; i++) {
    const g = campaign(size, 1_000 + i);
    const r = validateFlow(g, demoCatalog);
    if (!r.ok) throw new Error(`generated flow is invalid: ${JSON.stringify(r.issues.slice(0, 3))}`);
    compileFlow(r.graph!);
  }
  const baseline: number[] = [];
  const validate: number[] = [];
  const compile: number[] = [];
  const warm: number[] = [];
  const hash: number[] = [];
  let shape = { nodes: 0, edges: 0 };
  for (let run = 0; run < RUNS; run++) {
    const graph = campaign(size, run);
    shape = { nodes: graph.nodes.length, edges: graph.edges.length };
    baseline.push(time(() => canonicalJson(FlowGraph.parse(graph))));
    let result: ReturnType<typeof validateFlow> | undefined;
    validate.push(time(() => (result = validateFlow(graph, demoCatalog))));
    if (!result?.ok) throw new Error('generated flow is invalid');
    compile.push(time(() => compileFlow(result!.graph!)));
    hash.push(time(() => hashFlow(result!.graph!)));
    warm.push(time(() => compileFlow(validateFlow(graph, demoCatalog).graph!)));
  }
  const totals = validate.map((v, i) => v + compile[i]);
  return {
    ...shape,
    baseline: median(baseline),
    validateCold: median(validate),
    compileCold: median(compile),
    hash: median(hash),
    totalCold: median(totals),
    totalWarm: median(warm),
  };
}

const rows: Row[] = [];
for (const size of SIZES) {
  log(`${size} nodes, ${RUNS} runs`);
  rows.push(measure(size));
}

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);
const ratio = (x: number, base: number) => `${(x / base).toFixed(1)}×`;
const lines = [
  '## Flow language: validate + compile',
  '<!-- bench:flow-language -->',
  '',
  'Command: `npm run bench -- flow-language` (sizes `BENCH_FLOW_SIZES`, default 300,500,1000; runs `BENCH_FLOW_RUNS`, default 31).',
  '',
  `Generated campaign flows built from a realistic 10-node block (hold-out, value condition, eligibility, tier switch, call / SMS / push, goal, tag, wait), each block's non-converting customers going on to the next wave. Median of ${RUNS} runs after ${WARMUP} warm-up runs, one process, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}.`,
  'Baseline, measured in the same run on the same graph: `FlowGraph` zod parse + canonical JSON (reading and fingerprinting the document, no checks).',
  'Compile includes the flow\'s SHA-256 ("of which hashing": normalised params, canonical JSON, hash), by Node\'s crypto here and on the server, by @noble/hashes in the browser.',
  '"First check": every condition is new to the process (a different build per run), as when a flow is opened or launched. "Re-check": the same flow again, as the designer validates on every edit.',
  '',
  '| nodes | edges | baseline (ms) | validate, first check (ms) | compile (ms) | of which hashing (ms) | validate + compile, first check (ms) | × baseline | validate + compile, re-check (ms) | × baseline | µs per node (first check) |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.nodes} | ${r.edges} | ${ms(r.baseline)} | ${ms(r.validateCold)} | ${ms(r.compileCold)} | ${ms(r.hash)} | ${ms(r.totalCold)} | ${ratio(r.totalCold, r.baseline)} | ${ms(r.totalWarm)} | ${ratio(r.totalWarm, r.baseline)} | ${((r.totalCold * 1000) / r.nodes).toFixed(0)} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
