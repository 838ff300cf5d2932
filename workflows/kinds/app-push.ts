import { z } from 'zod';
import { t } from '../text';
import { checkOffer, checkText, contactAction, OfferRef, templateField } from './contact';
import { defineNode, type KindIssue } from './define';

/** A push notification in the operator's app. */
export const appPush = defineNode({
  kind: 'app_push',
  category: 'contact',
  label: t('App push', 'App推送'),
  description: t("Sends a notification to the customer's app.", '向客户的App发送推送通知。'),
  params: z.object({
    title: templateField(64, 'Title', '标题'),
    body: templateField(256, 'Text', '内容'),
    deepLink: z.string().max(512).optional().meta({ label: t('Opens (app:// or https:// link)', '点击打开（app:// 或 https:// 链接）') }),
    offerId: OfferRef.optional(),
  }),
  defaults: { title: '', body: '' },
  outputs: () => ['out'],
  portLabels: { out: t('Next', '下一步') },
  validate(p, ctx) {
    const issues: KindIssue[] = [...checkText('title', p.title, ctx, t('title', '标题')), ...checkText('body', p.body, ctx, t('text', '内容')), ...checkOffer(p.offerId, ctx)];
    if (p.deepLink !== undefined && !/^(app|https):\/\/\S+$/.test(p.deepLink)) {
      issues.push({ rule: 'bad_params', field: 'deepLink', message: t('the link must start with app:// or https://.', '链接必须以 app:// 或 https:// 开头。') });
    }
    return issues;
  },
  compile(node, ctx) {
    const p = node.params;
    return {
      entry: [contactAction(node.id, 'app_push', p.body, p.offerId, { title: p.title, deepLink: p.deepLink ?? null }), ctx.step('contact_requested')],
      always: { target: ctx.next('out') },
    };
  },
});
