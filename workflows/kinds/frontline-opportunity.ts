import { z } from 'zod';
import { t } from '../text';
import { checkOffer, checkText, contactAction, OfferRef, templateField } from './contact';
import { defineNode } from './define';

/**
 * A marketing opportunity (营销商机) pushed to frontline staff at shops and agents, who act on it
 * and earn the commission (酬金) when it converts.
 */
export const frontlineOpportunity = defineNode({
  kind: 'frontline_opportunity',
  category: 'contact',
  label: t('Frontline opportunity', '一线营销商机'),
  description: t('Gives shop staff an opportunity to serve this customer.', '向营业厅/代理商员工派发营销商机。'),
  params: z.object({
    description: templateField(1000, 'What staff should do', '商机说明'),
    offerId: OfferRef.optional(),
    commissionCny: z.number().min(0).max(10_000).default(0).meta({ label: t('Commission (CNY)', '酬金（元）') }),
    validForDays: z.number().int().min(1).max(90).default(7).meta({ label: t('Valid for (days)', '有效期（天）') }),
    shopScope: z.enum(['home_region', 'any']).default('home_region').meta({
      label: t('Which shops', '派发范围'),
      valueLabels: { home_region: t("Shops in the customer's city", '客户所在城市的门店'), any: t('Any shop', '任意门店') },
    }),
  }),
  defaults: { description: '', commissionCny: 0, validForDays: 7, shopScope: 'home_region' },
  outputs: () => ['out'],
  portLabels: { out: t('Next', '下一步') },
  validate: (p, ctx) => [...checkText('description', p.description, ctx, t('description', '商机说明')), ...checkOffer(p.offerId, ctx)],
  compile(node, ctx) {
    const p = node.params;
    return {
      entry: [
        contactAction(node.id, 'frontline', p.description, p.offerId, { commissionCny: p.commissionCny, validForDays: p.validForDays, shopScope: p.shopScope }),
        ctx.step('contact_requested'),
      ],
      always: { target: ctx.next('out') },
    };
  },
});
