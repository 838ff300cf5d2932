// The demo history's frontline and complaint roll-up rows (see demo-history.ts): what the roll-up
// worker would have written for the generated tasks and complaints, marked demo = true.
//  - Frontline: every generated task's outcome (worked, accepted, commission by shop and team);
//    pushed only for the tasks of generated days, because the sampled last day's tasks are
//    pushed by real `sent` steps that the worker counts.
//  - Complaints: about a marketing contact, at a rate per 10,000 contacts that falls as the
//    campaigns mature (the story: better targeting, fewer complaints), plus a few a day about
//    billing and the network that concern no campaign.
import type { frontlineTasks } from '../db/schema';
import { dayOf } from './rollup';
import type { ComplaintBucket, FrontlineBucket } from './rollup-experience';
import { FINAL_OUTCOMES } from './rollup-experience';
import type { Rnd } from './demo-simulation';

const HOUR = 3_600_000;
/** Complaints per 10,000 contacts made, at the start of the history (halving by its end). */
const COMPLAINTS_PER_10K: Record<string, number> = { sms: 3, app_push: 1.2, webhook: 0.5, outbound_call: 9, inbound: 2, frontline: 2.5 };
const SOURCES: [string, number][] = [
  ['hotline', 0.62],
  ['online', 0.2],
  ['shop', 0.1],
  ['regulator', 0.08],
];

function pick(rnd: Rnd, weighted: [string, number][]): string {
  let x = rnd();
  for (const [v, w] of weighted) {
    x -= w;
    if (x <= 0) return v;
  }
  return weighted[weighted.length - 1][0];
}

type Task = typeof frontlineTasks.$inferInsert;

export function demoFrontlineRows(tasks: Task[], sampled: Set<string>, departmentOf: Map<string, string>): FrontlineBucket[] {
  const out = new Map<string, FrontlineBucket>();
  const add = (t: Task, at: Date, shop: string, team: string, fig: Pick<FrontlineBucket, 'pushed' | 'worked' | 'accepted' | 'commissionCny'>) => {
    const day = dayOf(at);
    const key = [day.getTime(), t.campaignId, t.kind, t.region ?? '', shop, team].join('|');
    const x = out.get(key) ?? { day, campaignId: t.campaignId, department: departmentOf.get(t.campaignId) ?? '', kind: t.kind, region: t.region ?? '', shop, team, pushed: 0, worked: 0, accepted: 0, commissionCny: 0 };
    x.pushed += fig.pushed;
    x.worked += fig.worked;
    x.accepted += fig.accepted;
    x.commissionCny += fig.commissionCny;
    out.set(key, x);
  };
  for (const t of tasks) {
    if (!sampled.has(t.effectKey)) add(t, t.createdAt, '', '', { pushed: 1, worked: 0, accepted: 0, commissionCny: 0 });
    if (t.outcome && t.outcomeAt && FINAL_OUTCOMES.includes(t.outcome)) {
      const accepted = t.outcome === 'accepted';
      add(t, t.outcomeAt, t.outcomeShopId ?? '', t.outcomeTeam ?? '', { pushed: 0, worked: 1, accepted: accepted ? 1 : 0, commissionCny: accepted ? (t.commissionCny ?? 0) : 0 });
    }
  }
  return [...out.values()];
}

/** Contacts made on one generated day: where complaints about marketing come from. */
export interface SentRow {
  at: Date;
  campaignId: string;
  department: string;
  channel: string;
  region: string;
  n: number;
}

export function demoComplaints(sent: SentRow[], days: number[], regions: [string, number][], maturityOf: (day: number) => number, rnd: Rnd): ComplaintBucket[] {
  const out = new Map<string, ComplaintBucket>();
  const add = (b: Omit<ComplaintBucket, 'n'>) => {
    const key = [b.hour.getTime(), b.campaignId, b.channel, b.category, b.source, b.region].join('|');
    const x = out.get(key);
    if (x) x.n += 1;
    else out.set(key, { ...b, n: 1 });
  };
  for (const s of sent) {
    const rate = ((COMPLAINTS_PER_10K[s.channel] ?? 1) * (1 - 0.5 * maturityOf(s.at.getTime()))) / 10_000;
    // Few enough to draw one by one.
    let expected = s.n * rate;
    while (expected > 0) {
      if (rnd() < Math.min(1, expected)) {
        add({
          hour: new Date(s.at.getTime() + Math.floor(9 + rnd() * 11) * HOUR),
          campaignId: s.campaignId,
          department: s.department,
          channel: s.channel,
          category: rnd() < 0.8 ? 'marketing_contact' : 'offer_terms',
          source: pick(rnd, SOURCES),
          region: s.region,
        });
      }
      expected -= 1;
    }
  }
  for (const day of days) {
    const n = Math.floor(rnd() * 3);
    for (let i = 0; i < n; i++) {
      add({
        hour: new Date(day + Math.floor(8 + rnd() * 13) * HOUR),
        campaignId: '',
        department: '',
        channel: '',
        category: rnd() < 0.6 ? 'billing' : 'network',
        source: pick(rnd, SOURCES),
        region: pick(rnd, regions),
      });
    }
  }
  return [...out.values()];
}
