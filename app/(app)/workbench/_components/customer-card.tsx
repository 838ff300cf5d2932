'use client';
import { useLocale, useTranslations } from 'next-intl';
import { Card, Descriptions, Tag } from 'antd';
import type { CustomerCard as Card_ } from '@/server/services/frontline';

/** Who is on the line: name, plan, value tier and the tags an agent needs at a glance. */
export function CustomerCard({ customer }: { customer: Card_ }) {
  const t = useTranslations('workbench');
  const locale = useLocale();
  const known = <K extends 'plans' | 'tiers' | 'regions' | 'channels'>(group: K, v: string | null) =>
    v ? (t.has(`${group}.${v}` as never) ? t(`${group}.${v}` as never) : v) : t('customer.none');
  return (
    <Card title={t('customer.title')} data-testid="customer-card" style={{ marginBottom: 16 }}>
      <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="middle">
        <Descriptions.Item label={t('customer.name')}>
          <strong style={{ fontSize: 18 }} data-testid="customer-name">{customer.name}</strong>
          {customer.optedOut && <Tag color="red" style={{ marginLeft: 8 }}>{t('customer.optedOut')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.msisdn')}>{customer.msisdn} · {customer.id}</Descriptions.Item>
        <Descriptions.Item label={t('customer.plan')}>
          <span data-testid="customer-plan">{known('plans', customer.plan)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.valueTier')}>
          <Tag color={customer.valueTier === 'gold' ? 'gold' : customer.valueTier === 'silver' ? 'geekblue' : 'default'} data-testid="customer-tier">
            {known('tiers', customer.valueTier)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.arpu')}>{customer.arpu === null ? t('customer.none') : `¥${customer.arpu.toFixed(1)}`}</Descriptions.Item>
        <Descriptions.Item label={t('customer.region')}>{known('regions', customer.region)}</Descriptions.Item>
        <Descriptions.Item label={t('customer.tenure')}>
          {customer.tenureMonths === null ? t('customer.none') : t('customer.tenureMonths', { months: customer.tenureMonths })}
        </Descriptions.Item>
        <Descriptions.Item label={t('customer.device')}>{customer.device ?? t('customer.none')}</Descriptions.Item>
        <Descriptions.Item label={t('customer.channelPreference')}>{known('channels', customer.channelPreference)}</Descriptions.Item>
        <Descriptions.Item label={t('customer.subscriptions')}>
          {customer.subscriptions.length === 0
            ? t('customer.none')
            : customer.subscriptions.map((s) => <Tag key={s.productId}>{locale === 'en' ? s.nameEn : s.nameZh}</Tag>)}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
