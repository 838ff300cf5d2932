'use client';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';

/** What the customer subscribes to now (订购关系), from imports and orders. */
export function SubscriptionsCard({ customerId }: { customerId: string }) {
  const t = useTranslations('customerData.products');
  const format = useFormatter();
  const locale = useLocale();
  const trpc = useTRPC();
  const subs = useQuery(trpc.products.subscriptions.queryOptions({ customerId }));
  return (
    <Card title={t('subscriptions')} size="small" style={{ marginTop: 16 }} loading={subs.isPending} data-testid="customer-subscriptions">
      {subs.data?.length ? (
        <List
          size="small"
          dataSource={subs.data}
          renderItem={(s) => (
            <List.Item key={s.productId}>
              <span>
                {(locale === 'en' ? s.nameEn : s.nameZh) ?? s.productId} <Typography.Text type="secondary">({s.productId})</Typography.Text>
              </span>
              <Typography.Text type="secondary">{t('since', { date: format.dateTime(new Date(s.since), { dateStyle: 'medium' }) })}</Typography.Text>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noSubscriptions')} />
      )}
    </Card>
  );
}
