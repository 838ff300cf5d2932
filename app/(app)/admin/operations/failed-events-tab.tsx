'use client';
import { useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Popconfirm, Table, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { DateTime } from '@/app/_components/date-time';
import { LongText } from '@/app/_components/long-text';
import { FacetSelect, SearchBox, useFilterWords } from './filter-bar';
import { JsonBlock } from './json-block';
import { EmptyText } from './empty-text';
import { usePaging } from './paging';
import { RetryAll } from './retry-all';
import { useRefreshOperations } from './use-operations';

interface EventFilter {
  type?: string;
  search?: string;
}

/**
 * Events whose processing failed on every attempt, filtered and a page at a time, each with its
 * last error and a Retry, or all those the filter matches at once (once the cause is fixed).
 */
export function FailedEventsTab() {
  const t = useTranslations('operations');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const { message } = App.useApp();
  const refresh = useRefreshOperations();
  const words = useFilterWords();
  const [filter, setFilter] = useState<EventFilter>({});
  const paging = usePaging();
  const list = useQuery({ ...trpc.operations.failedEvents.queryOptions({ ...filter, page: paging.page, pageSize: paging.pageSize }), placeholderData: keepPreviousData });
  const facets = useQuery(trpc.operations.failedEventFacets.queryOptions());
  const total = list.data?.total ?? 0;
  if (list.data && !list.isPlaceholderData) paging.clamp(total);
  const filterBy = (f: EventFilter) => {
    setFilter(f);
    paging.reset();
  };
  const retry = useMutation(
    trpc.operations.retryEvent.mutationOptions({
      onSuccess: async () => {
        message.success(t('retried'));
        await refresh();
      },
      onError: (e) => message.error(callError(e).message),
    }),
  );
  const retryAll = useMutation(
    trpc.operations.retryEvents.mutationOptions({
      onSuccess: async (r) => {
        message.success(t('bulk.eventsRetried', { count: r.retried }));
        paging.reset();
        await refresh();
      },
      onError: (e) => message.error(callError(e).message),
    }),
  );

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('failedEvents.intro')}
      </Typography.Paragraph>
      <Flex justify="space-between" align="start" gap={8} wrap style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap>
          <FacetSelect
            placeholder={t('filters.type')}
            value={filter.type}
            onChange={(type) => filterBy({ ...filter, type })}
            options={facets.data?.types.map((f) => ({ value: f.value, label: t('filters.typeOption', { type: f.value, count: f.count }) }))}
            loading={facets.isPending}
            width={240}
            testId="failed-events-filter-type"
          />
          <SearchBox placeholder={t('filters.search')} value={filter.search} onSearch={(search) => filterBy({ ...filter, search })} testId="failed-events-filter-search" />
        </Flex>
        <RetryAll
          total={total}
          ready={Boolean(list.data) && !list.isPlaceholderData}
          pending={retryAll.isPending}
          question={t('bulk.retryEventsConfirm', { count: total })}
          hint={t('bulk.retryEventsHint')}
          filterWords={words([filter.type && t('bulk.filterType', { type: filter.type }), filter.search && t('bulk.filterSearch', { search: filter.search })])}
          onConfirm={() => retryAll.mutate({ filter })}
          testId="retry-all-events"
        />
      </Flex>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="eventId"
        size="middle"
        loading={list.isPending || list.isPlaceholderData}
        dataSource={list.data?.rows ?? []}
        data-testid="failed-events-table"
        pagination={paging.pagination(total, (from, to, count) => t('failedEvents.total', { from, to, count }))}
        locale={{ emptyText: <EmptyText loading={list.isPending} text={filter.type || filter.search ? t('failedEvents.emptyFiltered') : t('failedEvents.empty')} /> }}
        expandable={{
          expandedRowRender: (r) => (
            <>
              <Typography.Text type="secondary">{t('failedEvents.attributes')}</Typography.Text>
              <JsonBlock value={r.attributes} />
            </>
          ),
        }}
        columns={[
          { title: t('columns.receivedAt'), dataIndex: 'receivedAt', width: 170, render: (d: Date) => <DateTime value={d} withSeconds /> },
          // Ids and errors come from outside and may be any length: each is cut to a width.
          { title: t('columns.eventId'), dataIndex: 'eventId', render: (id: string) => <LongText value={id} code width={200} /> },
          {
            title: t('columns.customer'),
            dataIndex: 'customerId',
            render: (id: string) => (
              <Link href={`/customers/${id}`} style={{ display: 'block', maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={id}>
                {id}
              </Link>
            ),
          },
          { title: t('columns.type'), dataIndex: 'type', render: (type: string) => <LongText value={type} code copyable={false} width={200} /> },
          { title: t('columns.occurredAt'), dataIndex: 'occurredAt', width: 170, render: (d: Date) => <DateTime value={d} withSeconds /> },
          { title: t('columns.attempts'), dataIndex: 'attempts', align: 'right', width: 100 },
          {
            title: t('columns.error'),
            dataIndex: 'message',
            render: (e: string | null, r) => (e ? <LongText value={e} rows={2} width={480} type="danger" testId={`failed-event-error-${r.eventId}`} /> : tc('none')),
          },
          {
            key: 'actions',
            align: 'right',
            width: 100,
            render: (_, r) => (
              <Popconfirm title={t('retryEventConfirm', { eventId: r.eventId })} okText={t('retry')} cancelText={tc('cancel')} onConfirm={() => retry.mutate({ eventId: r.eventId })}>
                <Button size="small" data-testid={`retry-event-${r.eventId}`} loading={retry.isPending && retry.variables?.eventId === r.eventId}>
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
