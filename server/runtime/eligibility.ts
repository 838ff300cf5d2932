// Real-time product eligibility (实时产品校验): checked against the customer's subscriptions and
// status at the moment of the step, not when a target list was drawn up. The flow machine asks
// synchronously, so the rows it may need are loaded just before the transition.
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { products, subscriptions } from '../db/schema';

type ProductRow = typeof products.$inferSelect;

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

export async function loadEligibility(db: Executor, customerId: string, productIds: string[]): Promise<EligibilityData | null> {
  if (productIds.length === 0) return null;
  // One after the other: `db` is the step's transaction, one connection, one query at a time.
  const rows = await db.select().from(products).where(inArray(products.id, productIds));
  const subs = await db.select({ productId: subscriptions.productId }).from(subscriptions).where(eq(subscriptions.customerId, customerId));
  return { products: new Map(rows.map((r) => [r.id, r])), subscribed: new Set(subs.map((s) => s.productId)) };
}

/**
 * The data of the transition running right now. XState's transition() is synchronous, so it is
 * set immediately before and cleared immediately after; no other step can interleave.
 */
let current: { customerId: string; data: EligibilityData | null } | null = null;

export function withEligibility<T>(customerId: string, data: EligibilityData | null, run: () => T): T {
  current = { customerId, data };
  try {
    return run();
  } finally {
    current = null;
  }
}

/** The hook the flow machines are built with. */
export function eligibleNow(args: { customerId: string; customer: Record<string, unknown>; productId: string }): boolean {
  if (!current || current.customerId !== args.customerId || !current.data) return false;
  return checkEligibility(current.data.products.get(args.productId), args.customer, current.data.subscribed).eligible;
}

export async function subscribe(db: Executor, customerId: string, productId: string): Promise<void> {
  await db.insert(subscriptions).values({ customerId, productId }).onConflictDoNothing();
}

export async function unsubscribe(db: Executor, customerId: string, productId: string): Promise<void> {
  await db.delete(subscriptions).where(and(eq(subscriptions.customerId, customerId), eq(subscriptions.productId, productId)));
}
