'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { Alert, Button, Result, Space, Table, Typography } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/app/_lib/trpc';
import { useCan } from '@/app/_lib/actor';
import { DateTime } from '@/app/_components/date-time';
import { DepartmentName } from '@/app/_components/department-name';
import { ReviewDrawer } from './review-drawer';
import { SignoffSteps } from './signoff-steps';
import { CustomerTasks } from './customer-tasks';
import { NeedsRoleTag } from './decision-parts';

export type PendingVersion = inferRouterOutputs<AppRouter>['campaigns']['pendingApprovals'][number];

/**
 * Versions waiting for sign-off (an approver opens one, reads the flow, then approves or rejects),
 * then the customers waiting at approval nodes inside running journeys.
 */
export function ApprovalsView() {
  const t = useTranslations('approvals');
  const tl = useTranslations('closedLoop.signoffs');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const canApprove = useCan('campaign.approve');
  const pending = useQuery({ ...trpc.campaigns.pendingApprovals.queryOptions(), enabled: canApprove, refetchInterval: 10_000 });
  const [reviewing, setReviewing] = useState<PendingVersion | null>(null);

  if (!canApprove) return <Result status="403" title={t('notApprover')} />;
  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      {pending.error && <Alert type="error" showIcon title={tc('loadFailed', { message: pending.error.message })} />}
      <Table
        rowKey="versionId"
        loading={pending.isPending}
        dataSource={pending.data ?? []}
        locale={{ emptyText: t('empty') }}
        data-testid="approvals-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('columns.campaign'), dataIndex: 'campaignName' },
          { title: t('columns.department'), dataIndex: 'department', render: (d: string) => <DepartmentName department={d} /> },
          { title: t('columns.version'), dataIndex: 'versionNo', render: (n: number) => `v${n}` },
          { title: tl('title'), key: 'steps', render: (_: unknown, row) => <SignoffSteps steps={row.steps} /> },
          { title: t('columns.submitted'), dataIndex: 'createdAt', render: (d: Date) => <DateTime value={d} /> },
          {
            title: t('columns.action'),
            key: 'action',
            render: (_: unknown, row) => {
              const step = row.steps.find((s) => s.id === row.myStepId);
              return (
                <Space size={4} wrap>
                  <Button icon={<AuditOutlined />} onClick={() => setReviewing(row)} data-testid={`review-${row.versionId}`} aria-label={t('reviewAria', { name: row.campaignName, n: row.versionNo })}>
                    {t('reviewButton')}
                  </Button>
                  {row.missingRole && <NeedsRoleTag role={row.missingRole} department={step?.department ?? row.department} />}
                </Space>
              );
            },
          },
        ]}
      />
      {reviewing && <ReviewDrawer version={reviewing} onClose={() => setReviewing(null)} />}
      <CustomerTasks />
    </>
  );
}
