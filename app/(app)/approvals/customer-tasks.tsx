'use client';
// Per-customer approvals inside journeys (issue 6), below the launch sign-offs: one row per
// customer waiting at an approval node, soonest due first. The approver opens one, reads what is
// asked and the offer, and approves or rejects with a comment; the journey continues at once.
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { Alert, App, Button, Drawer, Space, Table, Tag, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { DateTime } from '@/app/_components/date-time';
import { DepartmentName } from '@/app/_components/department-name';
import { DecisionButtons, DecisionComment, NeedsRoleTag, useRoleReason, useRoleRefusal } from './decision-parts';

export type CustomerTask = inferRouterOutputs<AppRouter>['approvals']['tasks'][number];

function OfferCell({ task }: { task: CustomerTask }) {
  const t = useTranslations('notices.inbox');
  const locale = useLocale();
  if (!task.offer) return <>{t('noOffer')}</>;
  const name = locale === 'en' ? task.offer.nameEn : task.offer.nameZh;
  return (
    <span data-testid="task-offer">
      {name}
      {task.offer.priceCny !== null && <Typography.Text type="secondary"> · ¥{task.offer.priceCny}</Typography.Text>}
    </span>
  );
}

function DueCell({ task }: { task: CustomerTask }) {
  const t = useTranslations('notices.inbox');
  const overdue = task.dueAt !== null && new Date(task.dueAt).getTime() < Date.now();
  return (
    <Space size={4} wrap>
      <DateTime value={task.dueAt} />
      {overdue && <Tag color="red">{t('overdue')}</Tag>}
      {task.escalated && <Tag color="orange" data-testid="task-escalated">{t('escalated')}</Tag>}
    </Space>
  );
}

export function CustomerTasks() {
  const t = useTranslations('notices.inbox');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const tasks = useQuery({ ...trpc.approvals.tasks.queryOptions(), refetchInterval: 10_000 });
  const [open, setOpen] = useState<CustomerTask | null>(null);
  const customer = (task: CustomerTask) => (task.customerName ? `${task.customerName} (${task.customerId})` : task.customerId);

  return (
    <section style={{ marginTop: 32 }} data-testid="customer-tasks">
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {tasks.error && <Alert type="error" showIcon title={tc('loadFailed', { message: tasks.error.message })} />}
      <Table
        rowKey="id"
        loading={tasks.isPending}
        dataSource={tasks.data ?? []}
        locale={{ emptyText: t('empty') }}
        data-testid="customer-tasks-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('columns.customer'), key: 'customer', render: (_: unknown, row) => customer(row) },
          { title: t('columns.request'), dataIndex: 'request', render: (text: string) => <span data-testid="task-request">{text}</span> },
          { title: t('columns.offer'), key: 'offer', render: (_: unknown, row) => <OfferCell task={row} /> },
          { title: t('columns.campaign'), dataIndex: 'campaignName' },
          { title: t('columns.department'), dataIndex: 'department', render: (d: string) => <DepartmentName department={d} /> },
          { title: t('columns.due'), key: 'due', render: (_: unknown, row) => <DueCell task={row} /> },
          {
            title: t('columns.action'),
            key: 'action',
            render: (_: unknown, row) => (
              <Space size={4} wrap>
                <Button icon={<UserOutlined />} onClick={() => setOpen(row)} data-testid={`decide-${row.id}`} aria-label={t('decideAria', { customer: customer(row), campaign: row.campaignName })}>
                  {t('decide')}
                </Button>
                {row.missingRole && <NeedsRoleTag role={row.missingRole} department={row.department} />}
              </Space>
            ),
          },
        ]}
      />
      {open && <TaskDrawer task={open} customer={customer(open)} onClose={() => setOpen(null)} />}
    </section>
  );
}

function TaskDrawer({ task, customer, onClose }: { task: CustomerTask; customer: string; onClose(): void }) {
  const t = useTranslations('notices.inbox');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState(false);
  const decide = useMutation(trpc.approvals.decideTask.mutationOptions());
  const roleRefusal = useRoleRefusal();
  const roleReason = useRoleReason();

  const onDecide = async (decision: 'approved' | 'rejected') => {
    if (decision === 'rejected' && !comment.trim()) {
      setCommentError(true);
      return;
    }
    try {
      await decide.mutateAsync({ taskId: task.id, decision, comment: comment.trim() || undefined });
      message.success(decision === 'approved' ? t('approved') : t('rejected'));
      onClose();
    } catch (err) {
      const e = callError(err);
      message.error(e.code === 'CONFLICT' ? t('moved') : (roleRefusal(e) ?? t('failed', { message: e.message })));
      if (e.code === 'CONFLICT' || e.code === 'PRECONDITION_FAILED') onClose();
    } finally {
      await queryClient.invalidateQueries({ queryKey: trpc.approvals.tasks.queryKey() });
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size={560}
      title={t('drawerTitle', { customer })}
      data-testid="task-drawer"
      footer={
        <DecisionButtons
          prefix="task"
          approve={t('approve')}
          reject={t('reject')}
          busy={decide.isPending}
          blockedBy={task.missingRole ? roleReason(task.missingRole, task.department) : null}
          onDecide={onDecide}
        />
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph strong data-testid="task-drawer-request">
          {task.request}
        </Typography.Paragraph>
        <div>
          <Typography.Text type="secondary">{t('columns.offer')}: </Typography.Text>
          <OfferCell task={task} />
        </div>
        <div>
          <Typography.Text type="secondary">{t('columns.campaign')}: </Typography.Text>
          {task.campaignName} v{task.versionNo}
        </div>
        <div>
          <Typography.Text type="secondary">{t('columns.due')}: </Typography.Text>
          <DueCell task={task} />
        </div>
        {task.role && <Typography.Text type="secondary">{t('role', { role: task.role })}</Typography.Text>}
        {task.authoredByMe && <Alert type="warning" showIcon title={t('authored')} data-testid="task-authored" />}
        <DecisionComment
          id="task-comment"
          label={t('comment')}
          hint={t('commentHint')}
          required={t('commentRequired')}
          value={comment}
          missing={commentError}
          onChange={(v) => {
            setComment(v);
            setCommentError(false);
          }}
        />
      </Space>
    </Drawer>
  );
}
