'use client';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Table, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { StatusTag } from '@/app/_components/status-tag';
import { DateTime } from '@/app/_components/date-time';

/** The campaign's immutable flow versions, newest first. */
export function VersionsPanel({ campaignId, liveVersionId }: { campaignId: string; liveVersionId: string | null }) {
  const t = useTranslations('designer.versions');
  const trpc = useTRPC();
  const versions = useQuery(trpc.campaigns.versions.queryOptions({ id: campaignId }));
  return (
    <Table
      size="small"
      rowKey="id"
      loading={versions.isPending}
      dataSource={versions.data ?? []}
      pagination={false}
      locale={{ emptyText: t('none') }}
      data-testid="versions-table"
      columns={[
        { title: t('no'), dataIndex: 'versionNo', render: (n: number, row) => (row.id === liveVersionId ? t('live', { n }) : `v${n}`) },
        { title: t('status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
        { title: t('created'), dataIndex: 'createdAt', render: (d: Date) => <DateTime value={d} /> },
        { title: t('hash'), dataIndex: 'hash', render: (h: string) => <Typography.Text code title={h}>{h.slice(0, 8)}</Typography.Text> },
      ]}
    />
  );
}
