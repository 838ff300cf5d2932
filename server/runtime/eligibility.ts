// Real-time product eligibility (实时产品校验): checked against the customer's subscriptions and
// status at the moment of the step, not when a target list was drawn up. The flow machine asks
// synchronously, so the rows it may need are loaded just before the transition.
import { processWide } from '../process-wide';
import { and, eq, inArray } from 'drizzle-orm';
import { findTag, type Catalog, type LocalizedText } from '../../workflows';
import type { Executor } from '../db/client';
import { offers, products, subscriptions } from '../db/schema';

type ProductRow = typeof products.$inferSelect;
export type OfferRow = typeof offers.$inferSelect;

export interface EligibilityData {
  products: Map<string, ProductRow>;
  subscribed: Set<string>;
}

export type Verdict = { eligible: true } | { eligible: false; reason: string };

/** Why a customer may or may not take a product now. */
export function checkEligibility(product: ProductRow | undefined, tags: Record<string, unknown>, subscribed: Set<string>): Verdict {
  if (!product || !product.active) return { eligible: false, reason: 'product not on sale' };
  if (tags.status === 'suspended' || tags.status === 'closed') return { eligible: false, reason: `customer ${tags.status}` };
  if (subscribed.has(product.id)) return { eligible: false, reason: 'already subscribed' };
  const clash = product.exclusiveWith.find((p) => subscribed.has(p));
  if (clash) return { eligible: false, reason: `holds mutually exclusive product ${clash}` };
  if (product.requiredPlans.length && !product.requiredPlans.includes(String(tags.plan))) {
    return { eligible: false, reason: `plan ${String(tags.plan)} not in ${product.requiredPlans.join('/')}` };
  }
  const tenure = Number(tags.tenure_months ?? 0);
  if (tenure < product.minTenureMonths) return { eligible: false, reason: `tenure ${tenure} < ${product.minTenureMonths} months` };
  return { eligible: true };
}

/** What the reasons name: plans by the catalog's `plan` tag, products by their catalog label. */
export type EligibilityNames = Pick<Catalog, 'tags' | 'products'>;

/** A plan or product code as the catalog names it, the code itself when it has no name. */
function namer(names: EligibilityNames | undefined) {
  const plans = names ? findTag(names, 'plan')?.valueLabels : undefined;
  const plan = (code: string): LocalizedText => plans?.[code] ?? { en: code, zh: code };
  const product = (id: string): LocalizedText => names?.products.find((p) => p.id === id)?.label ?? { en: id, zh: id };
  return { plan, product };
}

/**
 * checkEligibility's reason, worded for people in both languages, with plans and products by
 * their names (`套餐 5G畅享套餐 不在可办理范围（4G基础套餐/预付费）`, not the codes).
 */
export function explainVerdict(v: Verdict, names?: EligibilityNames): LocalizedText | null {
  if (v.eligible) return null;
  const r = v.reason;
  const { plan, product } = namer(names);
  let m: RegExpExecArray | null;
  if (r === 'product not on sale') return { en: 'the product is not on sale', zh: '产品未上架' };
  if (r === 'already subscribed') return { en: 'already subscribed', zh: '客户已订购该产品' };
  if ((m = /^customer (\w+)$/.exec(r))) return { en: `the customer's line is ${m[1]}`, zh: m[1] === 'suspended' ? '客户已停机' : '客户已销户' };
  if ((m = /^holds mutually exclusive product (.+)$/.exec(r))) {
    const clash = product(m[1]);
    return { en: `holds the mutually exclusive product ${clash.en}`, zh: `已订购互斥产品 ${clash.zh}` };
  }
  if ((m = /^plan (\S+) not in (.+)$/.exec(r))) {
    const held = plan(m[1]);
    const allowed = m[2].split('/').map(plan);
    return {
      en: `plan ${held.en} is not one of ${allowed.map((a) => a.en).join(' / ')}`,
      zh: `套餐 ${held.zh} 不在可办理范围（${allowed.map((a) => a.zh).join('/')}）`,
    };
  }
  if ((m = /^tenure (\d+) < (\d+) months$/.exec(r))) return { en: `tenure ${m[1]} ${m[1] === '1' ? 'month' : 'months'}, needs ${m[2]}`, zh: `在网 ${m[1]} 个月，需满 ${m[2]} 个月` };
  return { en: r, zh: r };
}

/** Why an offer is not on sale at a moment: withdrawn, not yet, over, or unknown to the offers table. */
export type OfferUnavailable = { state: 'inactive' | 'not_yet' | 'expired' | 'unknown'; validFrom: string | null; validTo: string | null; detail: string };

/** Is the offer on sale at `now` (in the offers table, active and inside its validity)? Null when it is. */
export function offerUnavailable(offerId: string, offer: OfferRow | undefined, now: Date): OfferUnavailable | null {
  const validFrom = offer?.validFrom?.toISOString() ?? null;
  const validTo = offer?.validTo?.toISOString() ?? null;
  if (!offer) return { state: 'unknown', validFrom, validTo, detail: `offer ${offerId} is not in the offer catalogue` };
  if (!offer.active) return { state: 'inactive', validFrom, validTo, detail: `offer ${offerId} is withdrawn (inactive)` };
  if (offer.validFrom && now < offer.validFrom) return { state: 'not_yet', validFrom, validTo, detail: `offer ${offerId} is on sale only from ${validFrom}` };
  if (offer.validTo && now >= offer.validTo) return { state: 'expired', validFrom, validTo, detail: `offer ${offerId} ended ${validTo}` };
  return null;
}

export async function loadEligibility(db: Executor, customerId: string, productIds: string[]): Promise<EligibilityData | null> {
  if (productIds.length === 0) return null;
  // One after the other: `db` is the step's transaction, one connection, one query at a time.
  const rows = await db.select().from(products).where(inArray(products.id, productIds));
  const subs = await db.select({ productId: subscriptions.productId }).from(subscriptions).where(eq(subscriptions.customerId, customerId));
  return { products: new Map(rows.map((r) => [r.id, r])), subscribed: new Set(subs.map((s) => s.productId)) };
}

/**
 * The data of the transition running right now. XState's transition() is synchronous, so it is
 * set immediately before and cleared immediately after; no other step can interleave. Process-wide:
 * the machines' hooks below may come from another copy of this module than the step's (Next).
 */
const transitionData = processWide('eligibility.transition', () => ({
  current: null as { customerId: string; data: EligibilityData | null; offers: OfferMoment | null } | null,
}));

/** The offers table and the moment of the step, for offer choices (offers not on sale are never chosen). */
export interface OfferMoment {
  offers: ReadonlyMap<string, OfferRow>;
  now: Date;
}

export function withEligibility<T>(customerId: string, data: EligibilityData | null, run: () => T, offers: OfferMoment | null = null): T {
  transitionData.current = { customerId, data, offers };
  try {
    return run();
  } finally {
    transitionData.current = null;
  }
}

/** The hook the flow machines are built with. */
export function eligibleNow(args: { customerId: string; customer: Record<string, unknown>; productId: string }): boolean {
  const current = transitionData.current;
  if (!current || current.customerId !== args.customerId || !current.data) return false;
  return checkEligibility(current.data.products.get(args.productId), args.customer, current.data.subscribed).eligible;
}

/**
 * The offer-choice hook: the offer is on sale now (offers table) and the customer may take its
 * product now. An offer not in the table, or a step without the table loaded, is never chosen.
 */
export function offerEligibleNow(args: { customerId: string; customer: Record<string, unknown>; offerId: string }): boolean {
  const current = transitionData.current;
  if (!current || current.customerId !== args.customerId || !current.data || !current.offers) return false;
  const offer = current.offers.offers.get(args.offerId);
  if (!offer || offerUnavailable(args.offerId, offer, current.offers.now)) return false;
  return checkEligibility(current.data.products.get(offer.productId), args.customer, current.data.subscribed).eligible;
}

export async function subscribe(db: Executor, customerId: string, productId: string): Promise<void> {
  await db.insert(subscriptions).values({ customerId, productId }).onConflictDoNothing();
}

export async function unsubscribe(db: Executor, customerId: string, productId: string): Promise<void> {
  await db.delete(subscriptions).where(and(eq(subscriptions.customerId, customerId), eq(subscriptions.productId, productId)));
}
