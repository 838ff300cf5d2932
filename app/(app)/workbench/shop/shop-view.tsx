'use client';
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Select, Spin, Typography } from 'antd';
import { useActor } from '@/app/_lib/actor';
import { useTRPC } from '@/app/_lib/trpc';
import { pickText } from '@/app/_lib/localized';
import { useTagValueLabel } from '@/app/_lib/tag-values';
import { ExpiredList } from '../_components/expired-list';
import { TaskCard } from '../_components/task-card';

/** Opportunities (营销商机) pushed to the staff member's shop: customers of the shop's city. */
export function ShopView() {
  const t = useTranslations('workbench');
  const locale = useLocale();
  const trpc = useTRPC();
  const actor = useActor();
  const valueLabel = useTagValueLabel();
  const admin = actor.role === 'admin';
  const me = useQuery({ ...trpc.frontline.me.queryOptions(), enabled: admin, staleTime: Infinity });
  const [shopId, setShopId] = useState<string | undefined>(undefined);
  const chosen = admin ? (shopId ?? me.data?.shops[0]?.id) : undefined;
  const data = useQuery({
    ...trpc.frontline.opportunities.queryOptions({ shopId: chosen }),
    enabled: !admin || chosen !== undefined,
    refetchInterval: 5_000,
  });

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('shop.title')}
      </Typography.Title>
      {admin && me.data && (
        <div style={{ marginBottom: 16 }}>
          <label htmlFor="shop-pick" style={{ display: 'block', marginBottom: 4 }}>
            {t('shop.pickShop')}
          </label>
          <Select
            id="shop-pick"
            size="large"
            style={{ minWidth: 320 }}
            value={chosen}
            onChange={setShopId}
            options={me.data.shops.map((s) => ({ value: s.id, label: `${s.id} · ${pickText(s.name, locale)}` }))}
          />
        </div>
      )}
      {data.error && <Alert type="error" showIcon title={t('loadFailed', { message: data.error.message })} />}
      {!data.data && !data.error && <Spin size="large" style={{ display: 'block', marginTop: 80 }} />}
      {data.data && (
        <>
          <Typography.Paragraph type="secondary" data-testid="shop-name">
            {t('shop.shop', {
              shop: `${data.data.shop.id} ${pickText(data.data.shop.name, locale)}`,
              region: valueLabel('region', data.data.shop.region),
            })}{' '}
            · {t('shop.count', { count: data.data.opportunities.length })}
            {data.data.shop.kind === 'agent' && ` · ${t('shop.masked')}`}
          </Typography.Paragraph>
          {data.data.opportunities.length === 0 ? (
            <Empty description={t('shop.empty')} />
          ) : (
            data.data.opportunities.map((o) => (
              <TaskCard
                key={o.id}
                task={o}
                serverNow={data.data!.now}
                extra={
                  <div style={{ marginBottom: 8, fontSize: 17 }}>
                    <strong data-testid="opportunity-customer">{o.customerName}</strong> · {o.msisdn} · {o.customerId}
                  </div>
                }
              />
            ))
          )}
          <ExpiredList tasks={data.data.expired} />
        </>
      )}
    </>
  );
}
