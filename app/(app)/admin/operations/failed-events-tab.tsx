'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Popconfirm, Table, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { DateTime } from '@/app/_components/date-time';
import { JsonBlock } from './json-block';
import { EmptyText } from './empty-text';
import { useRefreshOperations } from './use-operations';

/** Events whose processing failed on every attempt, each with its last error and a Retry. */
export function FailedEventsTab() {
  const t = useTranslations('operations');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const { message } = App.useApp();
  const refresh = useRefreshOperations();
  const list = useQuery(trpc.operations.failedEvents.queryOptions());
  const retry = useMutation(
    trpc.operations.retryEvent.mutationOptions({
      onSuccess: async () => {
        message.success(t('retried'));
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
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="eventId"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        data-testid="failed-events-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <EmptyText loading={list.isPending} text={t('failedEvents.empty')} /> }}
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
          { title: t('columns.eventId'), dataIndex: 'eventId', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: t('columns.customer'), dataIndex: 'customerId', render: (id: string) => <Link href={`/customers/${id}`}>{id}</Link> },
          { title: t('columns.type'), dataIndex: 'type', render: (type: string) => <Typography.Text code>{type}</Typography.Text> },
          { title: t('columns.occurredAt'), dataIndex: 'occurredAt', width: 170, render: (d: Date) => <DateTime value={d} withSeconds /> },
          { title: t('columns.attempts'), dataIndex: 'attempts', align: 'right', width: 100 },
          { title: t('columns.error'), dataIndex: 'error', render: (e: string | null) => <Typography.Text type="danger">{e ?? tc('none')}</Typography.Text> },
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
