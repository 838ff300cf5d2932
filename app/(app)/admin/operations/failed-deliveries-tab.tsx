'use client';
import { useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { useTRPC, useTRPCClient } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { DateTime } from '@/app/_components/date-time';
import { LongText } from '@/app/_components/long-text';
import { useCodeLabels } from '@/app/_lib/code-labels';
import { EmptyText } from './empty-text';
import { FacetSelect, SearchBox, useFilterWords } from './filter-bar';
import { usePaging } from './paging';
import { RetryAll } from './retry-all';
import { useRefreshOperations } from './use-operations';

interface DeliveryFilter {
  channel?: string;
  campaignId?: string;
  search?: string;
}

/**
 * Contacts whose delivery failed for good, filtered and a page at a time, with their campaign,
 * channel and last error, each with a Retry, or all those the filter matches at once (after a
 * partner's outage, say).
 */
export function FailedDeliveriesTab() {
  const t = useTranslations('operations');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { message } = App.useApp();
  const refresh = useRefreshOperations();
  const words = useFilterWords();
  const [filter, setFilter] = useState<DeliveryFilter>({});
  const paging = usePaging();
  const list = useQuery({ ...trpc.operations.failedDeliveries.queryOptions({ ...filter, page: paging.page, pageSize: paging.pageSize }), placeholderData: keepPreviousData });
  const facets = useQuery(trpc.operations.failedDeliveryFacets.queryOptions());
  const total = list.data?.total ?? 0;
  if (list.data && !list.isPlaceholderData) paging.clamp(total);
  const filterBy = (f: DeliveryFilter) => {
    setFilter(f);
    paging.reset();
  };
  const retry = useMutation(
    trpc.operations.retryDelivery.mutationOptions({
      onSuccess: async () => {
        message.success(t('retried'));
        await refresh();
      },
      onError: (e) => message.error(callError(e).message),
    }),
  );
  // A call takes a batch; the rest follow until none match (or a call finds none it may take).
  const retryAll = useMutation({
    mutationFn: async (f: DeliveryFilter) => {
      const sum = { retried: 0, held: 0 };
      for (;;) {
        const r = await client.operations.retryDeliveries.mutate({ filter: f });
        sum.retried += r.retried;
        sum.held += r.held;
        if (r.remaining === 0 || r.retried === 0) return sum;
      }
    },
    onSuccess: (r) => message.success(t('bulk.deliveriesRetried', { count: r.retried, held: r.held })),
    onError: (e) => message.error(callError(e).message),
    onSettled: async () => {
      paging.reset();
      await refresh();
    },
  });
  const { channel } = useCodeLabels();
  const campaignName = (id: string) => facets.data?.campaigns.find((c) => c.value === id)?.name ?? t('failedDeliveries.unknownCampaign', { id });

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('failedDeliveries.intro')}
      </Typography.Paragraph>
      <Flex justify="space-between" align="start" gap={8} wrap style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap>
          <FacetSelect
            placeholder={t('filters.campaign')}
            value={filter.campaignId}
            onChange={(campaignId) => filterBy({ ...filter, campaignId })}
            options={facets.data?.campaigns.map((f) => ({ value: f.value, label: t('filters.campaignOption', { name: campaignName(f.value), count: f.count }) }))}
            loading={facets.isPending}
            width={260}
            testId="failed-deliveries-filter-campaign"
          />
          <FacetSelect
            placeholder={t('filters.channel')}
            value={filter.channel}
            onChange={(c) => filterBy({ ...filter, channel: c })}
            options={facets.data?.channels.map((f) => ({ value: f.value, label: t('filters.channelOption', { channel: channel(f.value), count: f.count }) }))}
            loading={facets.isPending}
            width={180}
            testId="failed-deliveries-filter-channel"
          />
          <SearchBox placeholder={t('filters.searchDeliveries')} value={filter.search} onSearch={(search) => filterBy({ ...filter, search })} testId="failed-deliveries-filter-search" />
        </Flex>
        <RetryAll
          total={total}
          ready={Boolean(list.data) && !list.isPlaceholderData}
          pending={retryAll.isPending}
          question={t('bulk.retryDeliveriesConfirm', { count: total })}
          hint={t('bulk.retryDeliveriesHint')}
          filterWords={words([
            filter.campaignId && t('bulk.filterCampaign', { campaign: campaignName(filter.campaignId) }),
            filter.channel && t('bulk.filterChannel', { channel: channel(filter.channel) }),
            filter.search && t('bulk.filterSearch', { search: filter.search }),
          ])}
          onConfirm={() => retryAll.mutate(filter)}
          testId="retry-all-deliveries"
        />
      </Flex>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="id"
        size="middle"
        loading={list.isPending || list.isPlaceholderData}
        dataSource={list.data?.rows ?? []}
        data-testid="failed-deliveries-table"
        pagination={paging.pagination(total, (from, to, count) => t('failedDeliveries.total', { from, to, count }))}
        locale={{ emptyText: <EmptyText loading={list.isPending} text={filter.campaignId || filter.channel || filter.search ? t('failedDeliveries.emptyFiltered') : t('failedDeliveries.empty')} /> }}
        columns={[
          { title: t('columns.createdAt'), dataIndex: 'createdAt', width: 170, render: (d: Date) => <DateTime value={d} withSeconds /> },
          {
            title: t('columns.campaign'),
            key: 'campaign',
            render: (_, r) => <Link href={`/campaigns/${r.campaignId}`}>{r.campaignName ?? t('failedDeliveries.unknownCampaign', { id: r.campaignId })}</Link>,
          },
          { title: t('columns.customer'), dataIndex: 'customerId', render: (id: string) => <Link href={`/customers/${id}`}>{id}</Link> },
          { title: t('columns.channel'), dataIndex: 'channel', render: (c: string) => <Tag>{channel(c)}</Tag> },
          { title: t('columns.node'), dataIndex: 'nodeId', render: (id: string) => <LongText value={id} code copyable={false} width={200} /> },
          { title: t('columns.attempts'), dataIndex: 'attempts', align: 'right', width: 100 },
          { title: t('columns.lastError'), dataIndex: 'lastError', render: (e: string | null) => (e ? <LongText value={e} rows={2} width={480} type="danger" /> : tc('none')) },
          {
            key: 'actions',
            align: 'right',
            width: 100,
            render: (_, r) => (
              <Popconfirm
                title={t('retryDeliveryConfirm', { channel: channel(r.channel), customerId: r.customerId })}
                okText={t('retry')}
                cancelText={tc('cancel')}
                onConfirm={() => retry.mutate({ id: r.id })}
              >
                <Button size="small" data-testid={`retry-delivery-${r.id}`} loading={retry.isPending && retry.variables?.id === r.id}>
                  {t('retry')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </>
  );
}
