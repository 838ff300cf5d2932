import { z } from 'zod';
import type { ContactChannel } from '../channels';
import { checkTemplate } from '../template';
import { t } from '../text';
import type { ActionJson, KindIssue, ValidateContext } from './define';

/**
 * What every contact kind shares. A contact kind never sends anything itself: it emits one
 * `contact` action `{ nodeId, channel, template, offerId, ...channel fields }` and the runtime
 * routes it through the global contact policy (opt-outs, quiet hours, fatigue limits).
 */

export const OfferRef = z.string().max(64).meta({ label: t('Offer', '优惠'), widget: 'offer' });

export function templateField(max: number, en: string, zh: string) {
  return z.string().max(max).meta({ label: t(en, zh), widget: 'template' });
}

export function checkText(field: string, text: string, ctx: ValidateContext, what: { en: string; zh: string }): KindIssue[] {
  return checkTemplate(text, { catalog: ctx.catalog, eventType: ctx.eventType }).map((i) => ({
    rule: 'bad_template',
    field,
    message: t(`${what.en}: ${i.message.en}`, `${what.zh}：${i.message.zh}`),
  }));
}

export function checkOffer(offerId: string | undefined, ctx: ValidateContext): KindIssue[] {
  if (offerId === undefined || ctx.catalog.offers.some((o) => o.id === offerId)) return [];
  return [{ rule: 'unknown_offer', field: 'offerId', message: t(`the offer "${offerId}" is not in the catalog.`, `优惠“${offerId}”不在产品目录中。`) }];
}

export function contactAction(
  nodeId: string,
  channel: ContactChannel,
  template: string,
  offerId: string | undefined,
  extra: Record<string, unknown> = {},
): ActionJson {
  return { type: 'contact', params: { ...extra, nodeId, channel, template, offerId: offerId ?? null } };
}
