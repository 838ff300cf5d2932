// The impact dossier an approver reads with a version waiting for sign-off (issue 6): the last
// approved version of the same campaign to diff against, and a forecast from running the
// simulation over a recent sample of real events — how many customers would enter, contacts per
// day per channel, budget burn against the allocation, and overlap with the other live campaigns
// (customers of the sample who would enter one of them too).
//
// The forecast uses the same compiled machine as the runtime (simulateFlow), each customer's tags
// and product eligibility by the runtime's rules, and every sample event on its own: per-customer
// approval nodes are assumed approved at once (the most the flow could send), re-entry rules and
// the global contact policy are not applied (contacts are what the flow asks for). Only event
// entries are forecast; scheduled audiences and API entries are listed as not forecast.
import { and, desc, eq, gte, inArray, lt, lte, ne } from 'drizzle-orm';
import { type Catalog, type CompiledFlow, compileFlow, FlowGraph, offerChoiceProducts, simulateFlow, t } from '../../workflows';
import type { Executor } from '../db/client';
import { campaigns, customers, events, flowVersions, products, subscriptions } from '../db/schema';
import { checkEligibility } from '../runtime/eligibility';
import { UNIT_COST_CNY } from './campaign-plan';
import { ServiceError } from './errors';
import type { VersionRefs } from './version-refs';

/** How far back the sample reaches, and at most how many events it takes (the most recent). */
export const FORECAST_DAYS = 7;
export const FORECAST_MAX_EVENTS = 2000;
const DAY_MS = 24 * 3600_000;
const TIMEZONE = 'Asia/Shanghai';

export interface Forecast {
  sample: { from: string; to: string; days: number; events: number; customers: number };
  /** Distinct customers of the sample who would enter, and the sample events that would enter one. */
  customers: number;
  entries: number;
  /** Contacts over the sample by channel, and per day (the sample's total over its days). */
  contacts: Record<string, number>;
  perDay: Record<string, number>;
  /** Contacts by the day they would go out (Asia/Shanghai), oldest first. */
  days: { date: string; byChannel: Record<string, number> }[];
  budget: { costCny: number; perDayCny: number; budgetCny: number | null; daysToExhaust: number | null };
  overlap: { customers: number; campaigns: { campaignId: string; name: string; customers: number }[] };
  /** Entry kinds of this flow the forecast cannot sample (scheduled audience, API). */
  notForecast: string[];
}

export interface Dossier {
  versionId: string;
  versionNo: number;
  /** The campaign's last approved version before this one (null: none yet). */
  lastApproved: { id: string; versionNo: number; hash: string } | null;
  forecast: Forecast;
}

export async function versionDossier(db: Executor, catalog: Catalog, versionId: string, now: Date): Promise<Dossier> {
  const [v] = await db.select().from(flowVersions).where(eq(flowVersions.id, versionId));
  if (!v) throw new ServiceError('NOT_FOUND', t(`flow version ${versionId} not found`, `找不到流程版本 ${versionId}`));
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, v.campaignId));
  const [last] = await db
    .select({ id: flowVersions.id, versionNo: flowVersions.versionNo, hash: flowVersions.hash })
    .from(flowVersions)
    .where(and(eq(flowVersions.campaignId, v.campaignId), eq(flowVersions.status, 'approved'), lt(flowVersions.versionNo, v.versionNo)))
    .orderBy(desc(flowVersions.versionNo))
    .limit(1);
  const graph = FlowGraph.parse(v.graph);
  const allocation: VersionRefs['allocation'] = v.refs ? v.refs.allocation : campaign.allocation;
  const forecast = await forecastFlow(db, catalog, { campaignId: v.campaignId, graph, budgetCny: allocation.budgetCny ?? null }, now);
  return { versionId: v.id, versionNo: v.versionNo, lastApproved: last ?? null, forecast };
}

interface Sampled {
  customerId: string;
  type: string;
  occurredAt: Date;
  attributes: Record<string, unknown>;
}

/** Runs `graph` over the recent sample of events (see the file's comment). */
export async function forecastFlow(
  db: Executor,
  catalog: Catalog,
  flow: { campaignId: string; graph: FlowGraph; budgetCny: number | null },
  now: Date,
): Promise<Forecast> {
  const from = new Date(now.getTime() - FORECAST_DAYS * DAY_MS);
  const compiled = compileFlow(flow.graph);
  const others = await otherLiveFlows(db, flow.campaignId);
  const types = [...new Set(compiled.triggers.map((t) => t.eventType))];
  const sample: Sampled[] = types.length
    ? (
        await db
          .select({ customerId: events.customerId, type: events.type, occurredAt: events.occurredAt, attributes: events.attributes })
          .from(events)
          .where(and(inArray(events.type, types), gte(events.occurredAt, from), lte(events.occurredAt, now)))
          .orderBy(desc(events.occurredAt))
          .limit(FORECAST_MAX_EVENTS)
      ).reverse()
    : [];
  const customerIds = [...new Set(sample.map((e) => e.customerId))];
  const tags = await customerTags(db, customerIds);
  const eligibility = await eligibilityOf(db, catalog, [flow.graph, ...others.map((o) => o.graph)], customerIds, tags);

  const entered = new Set<string>();
  let entries = 0;
  const contacts: Record<string, number> = {};
  const byDay = new Map<string, Record<string, number>>();
  const overlapBy = new Map<string, Set<string>>();
  // One sampled event as a simulation's input: the customer as they are now, the event as it came.
  const inputOf = (e: (typeof sample)[number]) => ({
    customer: tags.get(e.customerId) ?? {},
    customerId: e.customerId,
    trigger: { type: e.type, attributes: e.attributes, at: e.occurredAt },
    start: e.occurredAt,
    catalog,
    eligibility: eligibility.get(e.customerId),
  });
  for (const e of sample) {
    if (!compiled.triggers.some((t) => t.eventType === e.type)) continue;
    const run = simulateFlow(compiled, { ...inputOf(e), decisions: approvalsInJourney(flow.graph, compiled, e.occurredAt) });
    if (run.status === 'not_triggered' || run.status === 'invalid') continue;
    entries++;
    entered.add(e.customerId);
    for (const c of run.contacts) {
      contacts[c.channel] = (contacts[c.channel] ?? 0) + 1;
      const date = shanghaiDate(new Date(c.at));
      const day = byDay.get(date) ?? {};
      day[c.channel] = (day[c.channel] ?? 0) + 1;
      byDay.set(date, day);
    }
  }
  // Overlap: customers entering this flow who would also enter another live campaign's flow on
  // an event of the sample.
  for (const o of others) {
    for (const e of sample) {
      if (!entered.has(e.customerId) || overlapBy.get(o.campaignId)?.has(e.customerId)) continue;
      if (!o.compiled.triggers.some((t) => t.eventType === e.type)) continue;
      const run = simulateFlow(o.compiled, { ...inputOf(e), maxSteps: 200 });
      if (run.status === 'not_triggered' || run.status === 'invalid') continue;
      const set = overlapBy.get(o.campaignId) ?? new Set<string>();
      set.add(e.customerId);
      overlapBy.set(o.campaignId, set);
    }
  }
  const perDay = Object.fromEntries(Object.entries(contacts).map(([ch, n]) => [ch, round(n / FORECAST_DAYS)]));
  const costCny = Object.entries(contacts).reduce((s, [ch, n]) => s + n * (UNIT_COST_CNY[ch] ?? 0), 0);
  const perDayCny = costCny / FORECAST_DAYS;
  const overlapCustomers = new Set([...overlapBy.values()].flatMap((s) => [...s]));
  return {
    sample: { from: from.toISOString(), to: now.toISOString(), days: FORECAST_DAYS, events: sample.length, customers: customerIds.length },
    customers: entered.size,
    entries,
    contacts,
    perDay,
    days: [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, byChannel]) => ({ date, byChannel })),
    budget: {
      costCny: round(costCny),
      perDayCny: round(perDayCny),
      budgetCny: flow.budgetCny,
      daysToExhaust: flow.budgetCny !== null && perDayCny > 0 ? round(flow.budgetCny / perDayCny) : null,
    },
    overlap: {
      customers: overlapCustomers.size,
      campaigns: others
        .filter((o) => overlapBy.has(o.campaignId))
        .map((o) => ({ campaignId: o.campaignId, name: o.name, customers: overlapBy.get(o.campaignId)!.size }))
        .sort((a, b) => b.customers - a.customers),
    },
    notForecast: [...new Set(compiled.entries.filter((en) => en.kind !== 'event').map((en) => en.kind))],
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

function shanghaiDate(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** Per-customer approval nodes (inside the journey) approved at once: the most the flow would send. */
function approvalsInJourney(graph: FlowGraph, compiled: CompiledFlow, at: Date) {
  const launch = new Set(compiled.signoffs.map((s) => s.nodeId));
  return graph.nodes
    .filter((n) => n.kind === 'approval' && !launch.has(n.id))
    .map((n) => ({ at, nodeId: n.id, decision: 'approved' as const }));
}

async function otherLiveFlows(db: Executor, campaignId: string) {
  const rows = await db
    .select({ campaignId: campaigns.id, name: campaigns.name, graph: flowVersions.graph })
    .from(campaigns)
    .innerJoin(flowVersions, eq(flowVersions.id, campaigns.liveVersionId))
    .where(and(eq(campaigns.status, 'live'), ne(campaigns.id, campaignId)));
  return rows.flatMap((r) => {
    try {
      const graph = FlowGraph.parse(r.graph);
      return [{ campaignId: r.campaignId, name: r.name, graph, compiled: compileFlow(graph) }];
    } catch {
      return [];
    }
  });
}

async function customerTags(db: Executor, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.select({ id: customers.id, tags: customers.tags }).from(customers).where(inArray(customers.id, ids.slice(i, i + 500)));
    for (const r of rows) out.set(r.id, r.tags as Record<string, unknown>);
  }
  return out;
}

/** Each customer's eligibility for the products the flows check, by the runtime's rules. */
async function eligibilityOf(db: Executor, catalog: Catalog, graphs: FlowGraph[], ids: string[], tags: Map<string, Record<string, unknown>>) {
  const productIds = [
    ...new Set(
      graphs.flatMap((g) => [
        ...g.nodes.filter((n) => n.kind === 'eligibility').map((n) => String((n.params as { productId?: unknown }).productId)),
        ...offerChoiceProducts(g.nodes, catalog),
      ]),
    ),
  ];
  const out = new Map<string, Record<string, boolean>>();
  if (productIds.length === 0 || ids.length === 0) return out;
  const rows = new Map((await db.select().from(products).where(inArray(products.id, productIds))).map((p) => [p.id, p]));
  const subscribed = new Map<string, Set<string>>();
  for (let i = 0; i < ids.length; i += 500) {
    const subs = await db
      .select({ customerId: subscriptions.customerId, productId: subscriptions.productId })
      .from(subscriptions)
      .where(inArray(subscriptions.customerId, ids.slice(i, i + 500)));
    for (const s of subs) subscribed.set(s.customerId, (subscribed.get(s.customerId) ?? new Set()).add(s.productId));
  }
  for (const id of ids) {
    out.set(id, Object.fromEntries(productIds.map((p) => [p, checkEligibility(rows.get(p), tags.get(id) ?? {}, subscribed.get(id) ?? new Set()).eligible])));
  }
  return out;
}
