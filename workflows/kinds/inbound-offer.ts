import { z } from 'zod';
import { t } from '../text';
import { checkOffer, checkText, contactAction, OfferRef, templateField } from './contact';
import { defineNode } from './define';

/**
 * Scenario marketing on inbound calls (用户呼入情景营销): when this customer next calls the
 * hotline within the validity, the agent's screen shows this offer and script.
 */
export const inboundOffer = defineNode({
  kind: 'inbound_offer',
  category: 'contact',
  label: t('Offer on inbound call', '呼入情景推荐'),
  description: t("Shows an offer on the agent's screen when the customer calls in.", '客户来电时，在坐席屏幕上推荐优惠。'),
  params: z.object({
    offerId: OfferRef,
    script: templateField(1000, "Agent's script", '推荐话术'),
    validForHours: z.number().int().min(1).max(2160).default(72).meta({ label: t('Valid for (hours)', '有效期（小时）') }),
  }),
  defaults: { offerId: '', script: '', validForHours: 72 },
  outputs: () => ['out'],
  portLabels: { out: t('Next', '下一步') },
  validate: (p, ctx) => [...checkText('script', p.script, ctx, t('script', '话术')), ...checkOffer(p.offerId, ctx)],
  compile(node, ctx) {
    const p = node.params;
    return {
      entry: [contactAction(node.id, 'inbound', p.script, p.offerId, { validForHours: p.validForHours }), ctx.step('contact_requested')],
      always: { target: ctx.next('out') },
    };
  },
});
