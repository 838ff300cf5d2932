'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Popconfirm, Table, Tag, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { DateTime } from '@/app/_components/date-time';
import { EmptyText } from './empty-text';
import { useRefreshOperations } from './use-operations';

/** Contacts whose delivery failed for good, with their campaign, channel and last error, each with a Retry. */
export function FailedDeliveriesTab() {
  const t = useTranslations('operations');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const { message } = App.useApp();
  const refresh = useRefreshOperations();
  const list = useQuery(trpc.operations.failedDeliveries.queryOptions());
  const retry = useMutation(
    trpc.operations.retryDelivery.mutationOptions({
      onSuccess: async () => {
        message.success(t('retried'));
        await refresh();
      },
      onError: (e) => message.error(callError(e).message),
    }),
  );
  const channel = (c: string) => {
    const key = `channels.${c}` as 'channels.sms';
    return t.has(key) ? t(key) : c;
  };

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('failedDeliveries.intro')}
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        data-testid="failed-deliveries-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <EmptyText loading={list.isPending} text={t('failedDeliveries.empty')} /> }}
        columns={[
          { title: t('columns.createdAt'), dataIndex: 'createdAt', width: 170, render: (d: Date) => <DateTime value={d} withSeconds /> },
          {
            title: t('columns.campaign'),
            key: 'campaign',
            render: (_, r) => <Link href={`/campaigns/${r.campaignId}`}>{r.campaignName ?? t('failedDeliveries.unknownCampaign', { id: r.campaignId })}</Link>,
          },
          { title: t('columns.customer'), dataIndex: 'customerId', render: (id: string) => <Link href={`/customers/${id}`}>{id}</Link> },
          { title: t('columns.channel'), dataIndex: 'channel', render: (c: string) => <Tag>{channel(c)}</Tag> },
          { title: t('columns.node'), dataIndex: 'nodeId', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: t('columns.attempts'), dataIndex: 'attempts', align: 'right', width: 100 },
          { title: t('columns.lastError'), dataIndex: 'lastError', render: (e: string | null) => <Typography.Text type="danger">{e ?? tc('none')}</Typography.Text> },
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
