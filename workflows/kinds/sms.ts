import { z } from 'zod';
import { checkTemplate } from '../template';
import { t } from '../text';
import { contactAction } from './contact';
import { defineNode, type KindIssue } from './define';

/**
 * Sends an SMS. Like every contact kind it only emits a `contact` action: the runtime routes it
 * through the global contact policy (opt-outs, quiet hours, fatigue limits) before anything is sent.
 */
export const sms = defineNode({
  kind: 'sms',
  category: 'contact',
  label: t('SMS', '短信'),
  description: t('Sends a text message to the customer.', '向客户发送短信。'),
  params: z.object({
    template: z
      .string()
      .max(2000)
      .meta({ label: t('Message', '短信内容'), widget: 'template', placeholder: t('Dear {{customer.name}}, …', '尊敬的{{customer.name}}，…') }),
    offerId: z.string().max(64).optional().meta({ label: t('Offer (optional)', '关联优惠（可选）'), widget: 'offer' }),
  }),
  defaults: { template: '' },
  outputs: () => ['out'],
  portLabels: { out: t('Next', '下一步') },
  validate(params, ctx) {
    const issues: KindIssue[] = checkTemplate(params.template, { catalog: ctx.catalog, eventType: ctx.eventType }).map((i) => ({
      rule: 'bad_template',
      field: 'template',
      message: i.message,
    }));
    if (params.offerId !== undefined && !ctx.catalog.offers.some((o) => o.id === params.offerId)) {
      issues.push({
        rule: 'unknown_offer',
        field: 'offerId',
        message: t(`the offer "${params.offerId}" is not in the catalog.`, `优惠“${params.offerId}”不在产品目录中。`),
      });
    }
    return issues;
  },
  compile(node, ctx) {
    const { template, offerId } = node.params;
    return {
      entry: [contactAction(node.id, 'sms', template, offerId), ctx.step('contact_requested')],
      always: { target: ctx.next('out') },
    };
  },
});
