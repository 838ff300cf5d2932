import { z } from 'zod';
import { formatMessage } from '../zod-text';
import { findTag } from '../catalog';
import { t } from '../text';
import { checkOffer, contactAction, OfferRef } from './contact';
import { defineNode, type KindIssue } from './define';

/**
 * Hands the customer to a partner system (开放互联) through a registered endpoint. The flow names
 * the endpoint, never a URL: addresses and secrets stay on the server, and the partner receives
 * only the tags listed here.
 */
export const webhook = defineNode({
  kind: 'webhook',
  category: 'contact',
  label: t('Partner webhook', '合作伙伴接口'),
  description: t('Notifies a partner system about this customer.', '将该客户推送给合作伙伴系统。'),
  params: z.object({
    endpointId: z.string().max(64).meta({ label: t('Partner', '合作伙伴'), widget: 'endpoint' }),
    eventName: z
      .string()
      .regex(/^[a-z][a-z0-9_.]{0,63}$/, { message: formatMessage('lower-case letters, digits, _ and .', '只能包含小写字母、数字、_ 和 .') })
      .meta({ label: t('Event name sent', '推送事件名') }),
    includeTags: z.array(z.string().max(64)).max(50).default([]).meta({ label: t('Customer tags shared', '共享的客户标签'), widget: 'tags' }),
    offerId: OfferRef.optional(),
  }),
  defaults: { endpointId: '', eventName: 'campaign.contact', includeTags: [] },
  outputs: () => ['out'],
  portLabels: { out: t('Next', '下一步') },
  validate(p, ctx) {
    const issues: KindIssue[] = [...checkOffer(p.offerId, ctx)];
    if (!ctx.catalog.endpoints.some((e) => e.id === p.endpointId)) {
      issues.push({
        rule: 'unknown_endpoint',
        field: 'endpointId',
        message: p.endpointId === '' ? t('choose the partner to notify.', '请选择要推送的合作伙伴。') : t(`the partner "${p.endpointId}" is not registered.`, `合作伙伴“${p.endpointId}”未注册。`),
      });
    }
    for (const tag of p.includeTags) {
      if (!findTag(ctx.catalog, tag)) {
        issues.push({ rule: 'unknown_tag', field: 'includeTags', message: t(`the tag "${tag}" is not in the catalog.`, `标签“${tag}”不在标签目录中。`) });
      }
    }
    return issues;
  },
  compile(node, ctx) {
    const p = node.params;
    return {
      entry: [contactAction(node.id, 'webhook', '', p.offerId, { endpointId: p.endpointId, eventName: p.eventName, includeTags: p.includeTags }), ctx.step('contact_requested')],
      always: { target: ctx.next('out') },
    };
  },
});
