'use client';
import { useLocale, useTranslations } from 'next-intl';
import { Card, Descriptions, Tag } from 'antd';
import type { CustomerCard as Card_ } from '@/server/services/frontline';
import { useTagValueLabel } from '@/app/_lib/tag-values';

/** Who is on the line: name, plan, value tier and the tags an agent needs at a glance. */
export function CustomerCard({ customer }: { customer: Card_ }) {
  const t = useTranslations('workbench');
  const locale = useLocale();
  const valueLabel = useTagValueLabel();
  // An enum tag's value as the tag schema labels it (Admin → Tags), its code when it has no label.
  const known = (tag: 'plan' | 'value_tier' | 'region' | 'channel_preference', v: string | null) => (v ? valueLabel(tag, v) : t('customer.none'));
  return (
    <Card title={t('customer.title')} data-testid="customer-card" style={{ marginBottom: 16 }}>
      <Descriptions
        column={{ xs: 1, sm: 2, lg: 3 }}
        size="middle"
        items={[
          {
            key: 'name',
            label: t('customer.name'),
            children: (
              <>
                <strong style={{ fontSize: 18 }} data-testid="customer-name">{customer.name}</strong>
                {customer.optedOut && <Tag color="red" style={{ marginLeft: 8 }}>{t('customer.optedOut')}</Tag>}
              </>
            ),
          },
          { key: 'msisdn', label: t('customer.msisdn'), children: `${customer.msisdn} · ${customer.id}` },
          { key: 'plan', label: t('customer.plan'), children: <span data-testid="customer-plan">{known('plan', customer.plan)}</span> },
          {
            key: 'tier',
            label: t('customer.valueTier'),
            children: (
              <Tag color={customer.valueTier === 'gold' ? 'gold' : customer.valueTier === 'silver' ? 'geekblue' : 'default'} data-testid="customer-tier">
                {known('value_tier', customer.valueTier)}
              </Tag>
            ),
          },
          { key: 'arpu', label: t('customer.arpu'), children: customer.arpu === null ? t('customer.none') : `¥${customer.arpu.toFixed(1)}` },
          { key: 'region', label: t('customer.region'), children: known('region', customer.region) },
          {
            key: 'tenure',
            label: t('customer.tenure'),
            children: customer.tenureMonths === null ? t('customer.none') : t('customer.tenureMonths', { months: customer.tenureMonths }),
          },
          { key: 'device', label: t('customer.device'), children: customer.device ?? t('customer.none') },
          { key: 'channel', label: t('customer.channelPreference'), children: known('channel_preference', customer.channelPreference) },
          {
            key: 'subscriptions',
            label: t('customer.subscriptions'),
            children:
              customer.subscriptions.length === 0
                ? t('customer.none')
                : customer.subscriptions.map((s) => <Tag key={s.productId}>{locale === 'en' ? s.nameEn : s.nameZh}</Tag>),
          },
        ]}
      />
    </Card>
  );
}
