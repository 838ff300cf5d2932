import { z } from 'zod';
import { t } from '../text';
import { defineNode } from './define';

/**
 * Real-time product eligibility (实时产品校验) at the moment of contact: already subscribed,
 * mutually exclusive product, plan or contract forbids it, customer suspended. The check itself
 * is the runtime's (guard `eligible`); it must answer synchronously, so the runtime resolves the
 * products listed in CompiledFlow.products before each transition.
 */
export const eligibility = defineNode({
  kind: 'eligibility',
  category: 'decision',
  label: t('Eligibility check', '产品资格校验'),
  description: t('Checks right now whether the customer may order the product.', '实时校验客户能否办理该产品。'),
  params: z.object({
    productId: z.string().max(64).meta({ label: t('Product', '产品'), widget: 'product' }),
  }),
  defaults: { productId: '' },
  outputs: () => ['eligible', 'ineligible'],
  portLabels: { eligible: t('Eligible', '可办理'), ineligible: t('Not eligible', '不可办理') },
  validate(p, ctx) {
    if (ctx.catalog.products.some((x) => x.id === p.productId)) return [];
    return [
      {
        rule: 'unknown_product',
        field: 'productId',
        message: p.productId === '' ? t('choose the product to check.', '请选择要校验的产品。') : t(`the product "${p.productId}" is not in the catalog.`, `产品“${p.productId}”不在产品目录中。`),
      },
    ];
  },
  compile(node, ctx) {
    return {
      always: [
        { guard: { type: 'eligible', params: { productId: node.params.productId } }, target: ctx.next('eligible'), actions: [ctx.step('eligible')] },
        { target: ctx.next('ineligible'), actions: [ctx.step('ineligible')] },
      ],
    };
  },
});
