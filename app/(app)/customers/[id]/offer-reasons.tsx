'use client';
// Why offers were not used at a step, from the step's detail (server/runtime/offer-choice.ts and
// journey.ts): a contact held back because its offer is not on sale, and the offers an offer
// choice passed over before the one it chose, each with its reason.
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Typography } from 'antd';
import type { LocalizedText, OfferDef } from '@/workflows';
import { pickText } from '@/app/_lib/localized';

type OfferState = { state: 'inactive' | 'not_yet' | 'expired' | 'unknown'; validFrom: string | null; validTo: string | null };
type Skipped =
  | { offerId: string; why: 'offer_unavailable'; offer: OfferState }
  | { offerId: string; why: 'not_eligible'; rule: LocalizedText }
  | { offerId: string; why: 'condition_false'; condition: string };

/** Whether a suppressed step's detail names the offer that was not on sale. */
export function namesUnavailableOffer(detail: unknown): boolean {
  const d = detail as { reason?: unknown; offer?: { offerId?: unknown } } | null;
  return d?.reason === 'offer_unavailable' && typeof d.offer?.offerId === 'string';
}

export function OfferReasons({ detail, offers }: { detail: unknown; offers: OfferDef[] | undefined }) {
  const t = useTranslations('customers.offerReasons');
  const format = useFormatter();
  const locale = useLocale();
  const d = (detail ?? {}) as { offer?: OfferState & { offerId: string }; skipped?: Skipped[] };
  const name = (id: string) => {
    const o = offers?.find((x) => x.id === id);
    return o ? pickText(o.label, locale) : id;
  };
  const date = (iso: string | null) => (iso ? format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' }) : '');
  const notOnSale = (o: OfferState) =>
    o.state === 'not_yet' ? t('not_yet', { date: date(o.validFrom) }) : o.state === 'expired' ? t('expired', { date: date(o.validTo) }) : t(o.state);
  const why = (s: Skipped) =>
    t('item', {
      offer: name(s.offerId),
      why:
        s.why === 'offer_unavailable'
          ? t('notOnSale', { why: notOnSale(s.offer) })
          : s.why === 'not_eligible'
            ? t('notEligible', { rule: pickText(s.rule, locale) })
            : t('conditionFalse', { condition: s.condition }),
    });

  return (
    <>
      {namesUnavailableOffer(detail) && d.offer && (
        <Typography.Text type="warning" data-testid="offer-unavailable">
          {t('reason', { offer: name(d.offer.offerId), why: notOnSale(d.offer) })}
        </Typography.Text>
      )}
      {Array.isArray(d.skipped) && d.skipped.length > 0 && (
        <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="offers-skipped">
          {d.skipped.map((s) => (
            <li key={s.offerId} data-offer={s.offerId} data-why={s.why}>
              <Typography.Text type="secondary">
                {t('skipped')} · {why(s)}
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
