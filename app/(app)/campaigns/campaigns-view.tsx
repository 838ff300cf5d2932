'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Flex, Table, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { useCan } from '@/app/_lib/actor';
import { StatusTag } from '@/app/_components/status-tag';
import { DateTime } from '@/app/_components/date-time';
import { DepartmentName } from '@/app/_components/department-name';
import { NewCampaignButton } from './new-campaign-button';

export function CampaignsView() {
  const t = useTranslations('campaigns');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const canEdit = useCan('campaign.edit');
  const list = useQuery(trpc.campaigns.list.queryOptions());

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {canEdit && <NewCampaignButton />}
      </Flex>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} />}
      <Table
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        data-testid="campaigns-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('columns.name'),
            dataIndex: 'name',
            render: (name: string, row) => <Link href={`/campaigns/${row.id}`}>{name}</Link>,
          },
          { title: t('columns.department'), dataIndex: 'department', render: (d: string) => <DepartmentName department={d} /> },
          { title: t('columns.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          { title: t('columns.priority'), dataIndex: 'priority', align: 'right' },
          { title: t('columns.updated'), dataIndex: 'updatedAt', render: (d: Date) => <DateTime value={d} /> },
        ]}
      />
    </>
  );
}
