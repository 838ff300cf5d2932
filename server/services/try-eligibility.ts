// "Try it on a customer" in the designer (issue 5): which of the flow's products a demo customer
// may take right now, by the runtime's own rules (checkEligibility over their subscriptions,
// plan, tenure and status), so the simulation branches as the live flow would for them instead
// of assuming every product eligible.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { LocalizedText } from '../../workflows';
import type { Executor } from '../db/client';
import { customers } from '../db/schema';
import { checkEligibility, explainVerdict, loadEligibility, type EligibilityNames } from '../runtime/eligibility';
import { ServiceError } from './errors';
import { t } from '../../workflows';

export const TryEligibilityInput = z.object({
  customerId: z.string().min(1).max(100),
  productIds: z.array(z.string().min(1).max(64)).max(100),
});
export type TryEligibilityInput = z.infer<typeof TryEligibilityInput>;

export interface ProductVerdict {
  productId: string;
  eligible: boolean;
  /** Why not, in both languages; null when eligible. */
  reason: LocalizedText | null;
}

export async function tryEligibility(db: Executor, catalog: EligibilityNames, input: TryEligibilityInput): Promise<ProductVerdict[]> {
  const [customer] = await db.select({ tags: customers.tags }).from(customers).where(eq(customers.id, input.customerId));
  if (!customer) throw new ServiceError('NOT_FOUND', t(`customer ${input.customerId} does not exist`, `客户 ${input.customerId} 不存在`));
  const productIds = [...new Set(input.productIds)];
  const data = await loadEligibility(db, input.customerId, productIds);
  return productIds.map((productId) => {
    const verdict = checkEligibility(data?.products.get(productId), customer.tags, data?.subscribed ?? new Set());
    return { productId, eligible: verdict.eligible, reason: explainVerdict(verdict, catalog) };
  });
}
