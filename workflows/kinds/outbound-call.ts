import { z } from 'zod';
import { t } from '../text';
import { checkOffer, checkText, contactAction, OfferRef, templateField } from './contact';
import { defineNode } from './define';

/** Puts the customer on the call centre's outbound list with a script for the agent. */
export const outboundCall = defineNode({
  kind: 'outbound_call',
  category: 'contact',
  label: t('Outbound call', '客服外呼'),
  description: t('Asks the call centre to call the customer.', '安排客服外呼该客户。'),
  params: z.object({
    script: templateField(2000, "Agent's script", '外呼话术'),
    offerId: OfferRef.optional(),
    priority: z.enum(['low', 'normal', 'high']).default('normal').meta({ label: t('Priority', '优先级'), valueLabels: { low: t('Low', '低'), normal: t('Normal', '普通'), high: t('High', '高') } }),
    deadlineHours: z.number().int().min(1).max(720).default(72).meta({ label: t('Call within (hours)', '须在几小时内外呼') }),
  }),
  defaults: { script: '', priority: 'normal', deadlineHours: 72 },
  outputs: () => ['out'],
  portLabels: { out: t('Next', '下一步') },
  validate: (p, ctx) => [...checkText('script', p.script, ctx, t('script', '话术')), ...checkOffer(p.offerId, ctx)],
  compile(node, ctx) {
    const p = node.params;
    return {
      entry: [contactAction(node.id, 'outbound_call', p.script, p.offerId, { priority: p.priority, deadlineHours: p.deadlineHours }), ctx.step('contact_requested')],
      always: { target: ctx.next('out') },
    };
  },
});
