'use client';
import { useTranslations } from 'next-intl';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Tabs, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { ShopsTab } from './shops-tab';
import { TeamsTab } from './teams-tab';

/** The frontline organisation: shops and call-centre teams, their cities, deactivating them. */
export function FrontlineOrgView() {
  const t = useTranslations('frontlineOrg');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.frontlineOrg.list.queryOptions());
  // The users page's pickers and the workbench's shop picker read the organisation too.
  const changed = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.frontlineOrg.list.queryFilter()),
      queryClient.invalidateQueries(trpc.frontlineOrg.choices.queryFilter()),
      queryClient.invalidateQueries(trpc.frontline.me.queryFilter()),
    ]);
  const shops = list.data?.shops ?? [];
  const teams = list.data?.teams ?? [];

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('intro')}
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} />}
      <Tabs
        items={[
          { key: 'shops', label: <span data-testid="tab-shops">{t('tabs.shops', { count: shops.length })}</span>, children: <ShopsTab rows={shops} loading={list.isPending} onChanged={changed} /> },
          { key: 'teams', label: <span data-testid="tab-teams">{t('tabs.teams', { count: teams.length })}</span>, children: <TeamsTab rows={teams} loading={list.isPending} onChanged={changed} /> },
        ]}
      />
    </>
  );
}
