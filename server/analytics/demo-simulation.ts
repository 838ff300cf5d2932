// The demo history's simulation (see demo-history.ts): plausible journeys through a flow graph,
// as counts per day and region or as one customer's walk, from a seeded random stream.
import type { FlowGraph } from '../../workflows';

export const CONTACT_CHANNEL: Record<string, string> = {
  sms: 'sms',
  app_push: 'app_push',
  webhook: 'webhook',
  outbound_call: 'outbound_call',
  inbound_offer: 'inbound',
  frontline_opportunity: 'frontline',
};
export const PEOPLE = new Set(['outbound_call', 'inbound', 'frontline']);
/** Goal conversion rates by the channel of the contact before it (at the end of the history). */
export const CONVERSION: Record<string, number> = { sms: 0.07, app_push: 0.05, webhook: 0.3, outbound_call: 0.28, inbound: 0.38, frontline: 0.33, '': 0.02 };
export const SUPPRESSION_REASONS: [string, number][] = [
  ['fatigue_cap', 0.38],
  ['quiet_hours', 0.2],
  ['opt_out', 0.14],
  ['lost_arbitration', 0.14],
  ['no_consent', 0.08],
  ['dnd', 0.06],
];

/** mulberry32, as in demo-data.ts: the same history on every install. */
export function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rnd = () => number;
/** About n x p (with a little noise), as a whole number between 0 and n. */
export function part(n: number, p: number, rnd: Rnd): number {
  if (n <= 0) return 0;
  const x = Math.round(n * p * (0.9 + rnd() * 0.2));
  return Math.max(0, Math.min(n, x));
}

export type Node = FlowGraph['nodes'][number];
export interface Flow {
  campaignId: string;
  versionId: string;
  hash: string;
  department: string;
  graph: FlowGraph;
  /** Product price of each contact node's offer. */
  price: Map<string, number>;
}


export interface Visit {
  n: number;
  channel: string;
  price: number;
}

/**
 * Walks a flow for one day and region: `entered` journeys flow along the edges, split at each
 * branch by plausible shares; every node adds its outcome counts. People-channel contacts are
 * returned separately (they become frontline task rows).
 */
export function simulateDay(flow: Flow, entered: number, maturity: number, rnd: Rnd, add: (node: Node, outcome: string, n: number, extra?: { channel?: string; reason?: string; revenue?: number; latency?: number }) => void) {
  const nodes = new Map(flow.graph.nodes.map((n) => [n.id, n]));
  const out = new Map<string, { port: string; target: string }[]>();
  const indegree = new Map<string, number>(flow.graph.nodes.map((n) => [n.id, 0]));
  for (const e of flow.graph.edges) {
    out.set(e.source, [...(out.get(e.source) ?? []), { port: e.sourcePort, target: e.target }]);
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
  }
  const inbox = new Map<string, Visit[]>();
  const send = (from: string, port: string, v: Visit) => {
    for (const e of out.get(from) ?? []) if (e.port === port) inbox.set(e.target, [...(inbox.get(e.target) ?? []), v]);
  };
  const queue = flow.graph.nodes.filter((n) => (indegree.get(n.id) ?? 0) === 0).map((n) => n.id);
  const people: { node: Node; channel: string; n: number }[] = [];
  const seen = new Set<string>();
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = nodes.get(id)!;
    const visits = inbox.get(id) ?? [];
    const isEntry = (indegree.get(id) ?? 0) === 0;
    const n = isEntry ? entered : visits.reduce((s, v) => s + v.n, 0);
    // The channel and offer of the contact most journeys reaching this node had.
    const main = visits.reduce<Visit>((a, v) => (v.n > a.n ? v : a), { n: 0, channel: '', price: 0 });
    const carry = (k: number): Visit => ({ n: k, channel: main.channel, price: main.price });
    const ports = (out.get(id) ?? []).map((e) => e.port);
    const split = (shares: [string, number][]) => {
      let left = n;
      shares.forEach(([port, p], i) => {
        const k = i === shares.length - 1 ? left : part(n, p, rnd);
        const take = Math.min(k, left);
        left -= take;
        if (take > 0) {
          add(node, port, take);
          send(id, port, carry(take));
        }
      });
    };
    const kind = node.kind;
    if (n > 0) {
      if (isEntry) {
        add(node, 'entered', n);
        send(id, 'out', carry(n));
      } else if (kind in CONTACT_CHANNEL) {
        const channel = CONTACT_CHANNEL[kind];
        add(node, 'contact_requested', n, { channel });
        // Policy suppressions fall as the loop matures (better targeting, fewer collisions).
        const suppressed = PEOPLE.has(channel) ? 0 : part(n, 0.16 - 0.06 * maturity, rnd);
        let left = suppressed;
        SUPPRESSION_REASONS.forEach(([reason, p], i) => {
          const k = i === SUPPRESSION_REASONS.length - 1 ? left : Math.min(left, part(suppressed, p, rnd));
          left -= k;
          if (k > 0) add(node, 'suppressed', k, { channel, reason });
        });
        const sent = n - suppressed;
        if (PEOPLE.has(channel)) people.push({ node, channel, n: sent });
        // People channels answer in seconds to minutes; automated channels in about a second.
        else if (sent > 0) add(node, 'sent', sent, { channel, latency: sent * (channel === 'sms' ? 900 + rnd() * 600 : 400 + rnd() * 300) });
        send(id, 'out', { n, channel: sent > 0 ? channel : main.channel, price: flow.price.get(id) ?? main.price });
      } else if (kind === 'goal') {
        add(node, 'waiting', n);
        const rate = (CONVERSION[main.channel] ?? 0.03) * (0.55 + 0.6 * maturity);
        const converted = part(n, rate, rnd);
        if (converted > 0) add(node, 'converted', converted, { channel: main.channel, revenue: converted * main.price });
        if (n - converted > 0) add(node, 'not_converted', n - converted);
        if (converted > 0) send(id, 'converted', carry(converted));
        if (n - converted > 0) send(id, 'not_converted', carry(n - converted));
      } else if (kind === 'end') {
        add(node, 'exited', n);
      } else if (kind === 'set_tag') {
        add(node, 'tag_set', n);
        send(id, 'out', carry(n));
      } else if (kind === 'wait' || kind === 'wait_until') {
        add(node, 'waiting', n);
        add(node, 'elapsed', n);
        send(id, 'out', carry(n));
      } else if (kind === 'wait_event') {
        add(node, 'waiting', n);
        split([
          ['event', 0.35],
          ['timeout', 0.65],
        ]);
      } else if (kind === 'approval') {
        add(node, 'waiting', n);
        split([
          ['approved', 0.86],
          ['rejected', 0.05],
          ['timeout', 0.09],
        ]);
      } else if (kind === 'condition') {
        split([
          ['yes', 0.68],
          ['no', 0.32],
        ]);
      } else if (kind === 'eligibility') {
        split([
          ['eligible', 0.78],
          ['ineligible', 0.22],
        ]);
      } else if (kind === 'control_group') {
        split([
          ['treatment', 0.9],
          ['control', 0.1],
        ]);
      } else {
        // switch, split and anything else: spread over its ports.
        const ps = [...new Set(ports)];
        split(ps.map((p) => [p, 1 / Math.max(1, ps.length)] as [string, number]));
      }
    }
    for (const e of out.get(id) ?? []) {
      const all = flow.graph.edges.filter((x) => x.target === e.target).every((x) => seen.has(x.source));
      if (all) queue.push(e.target);
    }
  }
  return people;
}

export interface WalkStep {
  node: Node;
  outcome: string;
  channel?: string;
  reason?: string;
}

/** One customer's way through a flow, with the same shares as simulateDay. */
export function walkJourney(flow: Flow, maturity: number, rnd: Rnd): WalkStep[] {
  const nodes = new Map(flow.graph.nodes.map((n) => [n.id, n]));
  const targets = new Set(flow.graph.edges.map((e) => e.target));
  const next = (id: string, port: string) => flow.graph.edges.find((e) => e.source === id && e.sourcePort === port)?.target;
  const choose = (shares: [string, number][]) => {
    let x = rnd();
    for (const [port, p] of shares) {
      if (x < p) return port;
      x -= p;
    }
    return shares[shares.length - 1][0];
  };
  const steps: WalkStep[] = [];
  let lastChannel = '';
  let id: string | undefined = flow.graph.nodes.find((n) => !targets.has(n.id))?.id;
  for (let guard = 0; id && guard < 50; guard++) {
    const node: Node = nodes.get(id)!;
    const kind = node.kind;
    let port = 'out';
    if (guard === 0) steps.push({ node, outcome: 'entered' });
    else if (kind in CONTACT_CHANNEL) {
      const channel = CONTACT_CHANNEL[kind];
      steps.push({ node, outcome: 'contact_requested' });
      if (!PEOPLE.has(channel) && rnd() < 0.16 - 0.06 * maturity) steps.push({ node, outcome: 'suppressed', channel, reason: choose(SUPPRESSION_REASONS) });
      else {
        steps.push({ node, outcome: 'sent', channel });
        lastChannel = channel;
      }
    } else if (kind === 'goal') {
      steps.push({ node, outcome: 'waiting' });
      port = rnd() < (CONVERSION[lastChannel] ?? 0.03) * (0.55 + 0.6 * maturity) * 1.5 ? 'converted' : 'not_converted';
      steps.push({ node, outcome: port });
    } else if (kind === 'end') {
      steps.push({ node, outcome: 'exited' });
      break;
    } else if (kind === 'set_tag') steps.push({ node, outcome: 'tag_set' });
    else if (kind === 'wait' || kind === 'wait_until') steps.push({ node, outcome: 'waiting' }, { node, outcome: 'elapsed' });
    else {
      const shares: [string, number][] =
        kind === 'wait_event'
          ? [['event', 0.35], ['timeout', 0.65]]
          : kind === 'approval'
            ? [['approved', 0.86], ['rejected', 0.05], ['timeout', 0.09]]
            : kind === 'condition'
              ? [['yes', 0.68], ['no', 0.32]]
              : kind === 'eligibility'
                ? [['eligible', 0.78], ['ineligible', 0.22]]
                : kind === 'control_group'
                  ? [['treatment', 0.9], ['control', 0.1]]
                  : [...new Set(flow.graph.edges.filter((e) => e.source === id).map((e) => e.sourcePort))].map((p, _i, all) => [p, 1 / all.length] as [string, number]);
      if (kind === 'wait_event' || kind === 'approval') steps.push({ node, outcome: 'waiting' });
      port = choose(shares);
      steps.push({ node, outcome: port });
    }
    id = next(node.id, port);
  }
  return steps;
}

/** A version-4-shaped UUID from the demo's random stream (the same on every install). */
export function demoUuid(rnd: Rnd): string {
  const h = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

