import { z } from 'zod';
import type { Catalog } from '../catalog';
import { t } from '../text';
import { conditionIssues } from './condition-issues';
import { defineNode, type KindIssue } from './define';
import { duplicates } from './ports';

/** The output taken when the customer is eligible for none of the offers. */
export const NO_OFFER_PORT = 'none';

export const OfferOption = z.object({
  offerId: z.string().max(64).meta({ label: t('Offer', '优惠'), widget: 'offer' }),
  condition: z.string().max(4096).optional().meta({ label: t('Only if (optional)', '适用条件（可选）'), widget: 'condition' }),
});

/**
 * Offer choice (优惠择优): the first offer, in priority order, that the customer may take right
 * now — its product passes the same real-time eligibility check as the eligibility kind (guard
 * `offer`, machine.ts) and its optional condition holds. Each offer has its own output, named by
 * the offer id, so the contacts drawn on that branch name that offer; "none" when no offer fits.
 */
export const offerChoice = defineNode({
  kind: 'offer_choice',
  category: 'decision',
  label: t('Offer choice', '优惠择优'),
  description: t(
    'Picks the first offer in the list that the customer may take right now (product eligibility and an optional condition).',
    '按优先级选出客户当前可以办理的第一个优惠（产品资格校验及可选条件）。',
  ),
  params: z.object({
    offers: z.array(OfferOption).max(10).meta({ label: t('Offers (highest priority first)', '优惠（优先级从高到低）') }),
  }),
  defaults: { offers: [{ offerId: '' }] },
  // Empty and repeated offers get no output of their own: validation names them.
  outputs: (p) => [...new Set(p.offers.map((o) => o.offerId).filter((id) => id !== ''))].concat(NO_OFFER_PORT),
  portLabels: { [NO_OFFER_PORT]: t('None eligible', '均不可办理') },
  validate(p, ctx) {
    const issues: KindIssue[] = [];
    if (p.offers.length === 0) {
      issues.push({ rule: 'no_offers', field: 'offers', message: t('add at least one offer to choose from.', '请至少添加一个可选优惠。') });
    }
    for (const id of duplicates(p.offers.map((o) => o.offerId).filter((id) => id !== ''))) {
      issues.push({ rule: 'duplicate_offer', field: 'offers', message: t(`the offer "${id}" is listed twice; keep it once, at its priority.`, `优惠“${id}”被列了两次，请只保留一次。`) });
    }
    p.offers.forEach((o, i) => {
      const line = i + 1;
      if (o.offerId === '') {
        issues.push({ rule: 'unknown_offer', field: `offers.${i}.offerId`, message: t(`choose the offer for line ${line}.`, `请为第${line}行选择优惠。`) });
      } else if (o.offerId === NO_OFFER_PORT) {
        issues.push({ rule: 'duplicate_port', field: `offers.${i}.offerId`, message: t('"none" is reserved for the "none eligible" output.', '“none”保留给“均不可办理”出口。') });
      } else if (!ctx.catalog.offers.some((x) => x.id === o.offerId)) {
        issues.push({ rule: 'unknown_offer', field: `offers.${i}.offerId`, message: t(`line ${line}: the offer "${o.offerId}" is not in the catalog.`, `第${line}行：优惠“${o.offerId}”不在产品目录中。`) });
      } else {
        const productId = ctx.catalog.offers.find((x) => x.id === o.offerId)?.productId;
        if (productId !== undefined && !ctx.catalog.products.some((x) => x.id === productId)) {
          issues.push({
            rule: 'unknown_product',
            field: `offers.${i}.offerId`,
            message: t(`line ${line}: the offer "${o.offerId}" sells the product "${productId}", which is not in the catalog.`, `第${line}行：优惠“${o.offerId}”对应的产品“${productId}”不在产品目录中。`),
          });
        }
      }
      issues.push(
        ...conditionIssues(
          o.condition ?? '',
          { catalog: ctx.catalog, eventType: ctx.eventType, allowEmpty: true },
          `offers.${i}.condition`,
          t(`the condition of line ${line} (${o.offerId || 'no offer'})`, `第${line}行（${o.offerId || '未选优惠'}）的条件`),
        ),
      );
    });
    return issues;
  },
  compile(node, ctx) {
    return {
      always: [
        ...node.params.offers.map((o) => ({
          guard: { type: 'offer', params: { offerId: o.offerId, expr: o.condition ?? '' } },
          target: ctx.next(o.offerId),
          actions: [ctx.step(o.offerId)],
        })),
        { target: ctx.next(NO_OFFER_PORT), actions: [ctx.step(NO_OFFER_PORT)] },
      ],
    };
  },
});

/** The products an offer-choice node's offers sell, as the catalog says: what the runtime loads for it. */
export function offerChoiceProducts(nodes: Array<{ kind: string; params: unknown }>, catalog: Catalog | undefined): string[] {
  const ids = new Set<string>();
  for (const n of nodes) {
    if (n.kind !== 'offer_choice') continue;
    const parsed = offerChoice.params.safeParse(n.params);
    if (!parsed.success) continue;
    for (const o of parsed.data.offers) {
      const productId = catalog?.offers.find((x) => x.id === o.offerId)?.productId;
      if (productId) ids.add(productId);
    }
  }
  return [...ids].sort();
}
