// Reading frontline tasks as the workbench shows them: the task, why it exists (campaign and
// the touchpoint event that started the journey), the offer and the customer's eligibility for
// it checked now (实时产品校验), not when the flow created the task.
import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { findEventType, type Catalog, type LocalizedText, type OfferDef } from '../../workflows';
import type { Executor } from '../db/client';
import { campaigns, customers, events, frontlineTasks, journeys, offers, products, subscriptions } from '../db/schema';
import { checkEligibility, explainVerdict, type Verdict } from '../runtime/eligibility';
import { offerValidAt } from './product-catalogue';

export type TaskKind = 'outbound_call' | 'inbound' | 'frontline';

export interface TaskView {
  id: string;
  kind: TaskKind;
  customerId: string;
  customerName: string;
  msisdn: string;
  region: string | null;
  campaignId: string;
  campaignName: string;
  nodeId: string;
  /** The touchpoint event type that started the journey (the "why now"). */
  triggerType: string | null;
  /** Its label from the catalog, in both languages. */
  triggerLabel: LocalizedText | null;
  offerId: string | null;
  offerLabel: LocalizedText | null;
  productId: string | null;
  script: string;
  priority: number;
  commissionCny: number;
  status: string;
  claimedBy: string | null;
  claimedAt: Date | null;
  availableAt: Date | null;
  outcome: string | null;
  outcomeAt: Date | null;
  note: string | null;
  dueAt: Date;
  createdAt: Date;
  /** Null when the task offers no product. */
  eligibility: { eligible: boolean; reason: LocalizedText | null } | null;
}

export const offerOf = (catalog: Catalog, offerId: string | null): OfferDef | undefined =>
  offerId ? catalog.offers.find((o) => o.id === offerId) : undefined;

/** checkEligibility's reason, worded for staff in both languages (eligibility.ts). */
export { explainVerdict };

/** Eligibility of each customer for each product, loaded in two queries. */
async function eligibilityMap(db: Executor, pairs: { customerId: string; productId: string; tags: Record<string, unknown> }[]) {
  const out = new Map<string, Verdict>();
  if (pairs.length === 0) return out;
  const productIds = [...new Set(pairs.map((p) => p.productId))];
  const customerIds = [...new Set(pairs.map((p) => p.customerId))];
  const [rows, subs] = await Promise.all([
    db.select().from(products).where(inArray(products.id, productIds)),
    db.select().from(subscriptions).where(inArray(subscriptions.customerId, customerIds)),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const held = new Map<string, Set<string>>();
  for (const s of subs) (held.get(s.customerId) ?? held.set(s.customerId, new Set()).get(s.customerId)!).add(s.productId);
  for (const p of pairs) {
    out.set(`${p.customerId}|${p.productId}`, checkEligibility(byId.get(p.productId), p.tags, held.get(p.customerId) ?? new Set()));
  }
  return out;
}

export async function eligibilityNow(db: Executor, customerId: string, productId: string, tags: Record<string, unknown>): Promise<Verdict> {
  return (await eligibilityMap(db, [{ customerId, productId, tags }])).get(`${customerId}|${productId}`)!;
}

/**
 * A condition on tasks: it offers nothing, or its offer is on sale at `now` (offers table: active
 * and inside its validity, offerValidAt's rule). The runtime makes a contact only while its offer
 * is on sale; this keeps work already queued for people to the same rule once the offer ends or is
 * withdrawn. The offers on sale are read first (a small table) and named in the condition: a
 * lookup per task made a shop's list of 75,000 open opportunities 1.5–3× slower.
 */
export async function offerOnSale(db: Executor, now: Date): Promise<SQL> {
  const rows = await db.select({ id: offers.id, active: offers.active, validFrom: offers.validFrom, validTo: offers.validTo }).from(offers);
  const ids = rows.filter((o) => offerValidAt(o, now)).map((o) => o.id);
  return or(isNull(frontlineTasks.offerId), eq(frontlineTasks.offerId, ''), ids.length ? inArray(frontlineTasks.offerId, ids) : sql`false`)!;
}

/**
 * A condition on tasks: their campaign is live. A paused campaign's queued work is not offered
 * to anyone until it is live again, and an ended campaign's not at all (it expires at its due
 * time), as the runtime holds or drops the campaign's other contacts (runtime/held-contacts.ts).
 * Work already claimed can still be finished, and any outcome recorded. The live campaigns are
 * read first (a few) and named in the condition, like the offers above.
 */
export async function campaignLive(db: Executor): Promise<SQL> {
  const ids = (await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.status, 'live'))).map((c) => c.id);
  return ids.length ? inArray(frontlineTasks.campaignId, ids) : sql`false`;
}

const triggerEvents = alias(events, 'trigger_events');

/** Tasks matching `where`, in the given order, with everything the workbench shows. */
export async function loadTasks(db: Executor, catalog: Catalog, where: SQL | undefined, opts: { orderBy?: SQL[]; limit?: number } = {}): Promise<TaskView[]> {
  const q = db
    .select({
      task: frontlineTasks,
      customerName: customers.name,
      msisdn: customers.msisdn,
      tags: customers.tags,
      campaignName: campaigns.name,
      triggerType: triggerEvents.type,
    })
    .from(frontlineTasks)
    .innerJoin(customers, eq(customers.id, frontlineTasks.customerId))
    .innerJoin(campaigns, eq(campaigns.id, frontlineTasks.campaignId))
    .leftJoin(journeys, eq(journeys.id, frontlineTasks.journeyId))
    .leftJoin(triggerEvents, eq(triggerEvents.eventId, journeys.triggerEventId))
    .where(where)
    .orderBy(...(opts.orderBy ?? []))
    .limit(opts.limit ?? 200);
  const rows = await q;
  const pairs = rows.flatMap((r) => {
    const productId = offerOf(catalog, r.task.offerId)?.productId;
    return productId ? [{ customerId: r.task.customerId, productId, tags: r.tags }] : [];
  });
  const verdicts = await eligibilityMap(db, pairs);
  return rows.map((r) => {
    const t = r.task;
    const offer = offerOf(catalog, t.offerId);
    const productId = offer?.productId ?? null;
    const verdict = productId ? verdicts.get(`${t.customerId}|${productId}`) : undefined;
    return {
      id: t.id,
      kind: t.kind as TaskKind,
      customerId: t.customerId,
      customerName: r.customerName,
      msisdn: r.msisdn,
      region: t.region,
      campaignId: t.campaignId,
      campaignName: r.campaignName,
      nodeId: t.nodeId,
      triggerType: r.triggerType ?? null,
      triggerLabel: (r.triggerType && findEventType(catalog, r.triggerType)?.label) || null,
      offerId: t.offerId,
      offerLabel: offer?.label ?? null,
      productId,
      script: t.script,
      priority: t.priority,
      commissionCny: t.commissionCny,
      status: t.status,
      claimedBy: t.claimedBy,
      claimedAt: t.claimedAt,
      availableAt: t.availableAt,
      outcome: t.outcome,
      outcomeAt: t.outcomeAt,
      note: t.note,
      dueAt: t.dueAt,
      createdAt: t.createdAt,
      eligibility: verdict ? { eligible: verdict.eligible, reason: explainVerdict(verdict, catalog) } : null,
    };
  });
}

export async function loadTask(db: Executor, catalog: Catalog, id: string): Promise<TaskView | undefined> {
  return (await loadTasks(db, catalog, and(eq(frontlineTasks.id, id)), { limit: 1 }))[0];
}
