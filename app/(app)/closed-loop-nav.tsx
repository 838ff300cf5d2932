'use client';
// The closed loop's pieces of the app shell (issue 6): the notification bell in the header and
// the audit log entry of the side menu (administrators).
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Menu, Popover, Typography } from 'antd';
import { BellOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { useCan } from '@/app/_lib/actor';
import { DateTime } from '@/app/_components/date-time';
import { DepartmentName } from '@/app/_components/department-name';
import { joinNames, noticePath, signoffsOf } from '@/server/services/notifications-links';

export function NotificationBell() {
  const t = useTranslations('closedLoop.bell');
  const tn = useTranslations('notices');
  const departments = useTranslations('shell.departments');
  const tDept = (d: string) => (departments.has(d as never) ? departments(d as never) : d);
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const allowed = useCan('notifications.read');
  const list = useQuery({ ...trpc.notifications.list.queryOptions(), enabled: allowed, refetchInterval: 15_000 });
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() }) }),
  );
  if (!allowed) return null;
  const unread = list.data?.unread ?? 0;
  const text = (n: NonNullable<typeof list.data>['items'][number]) => {
    const d = n.detail as { campaignName?: string; versionNo?: number; exhausted?: string[]; department?: string; approver?: string };
    const campaign = d.campaignName ?? '';
    if (n.kind === 'signoff_open') return t('signoff_open', { campaign, n: d.versionNo ?? 0 });
    if (n.kind === 'allocation_request') return t('allocation_request', { campaign, what: (d.exhausted ?? []).join(', ') });
    if (n.kind === 'start_refused') return t('start_refused', { campaign, n: d.versionNo ?? 0 });
    if (n.kind === 'escalation') return <>{t('escalation', { campaign, n: d.versionNo ?? 0 })}<DepartmentName department={d.department ?? ''} /></>;
    if (n.kind === 'approval_tasks_open' || n.kind === 'approval_task_escalation') {
      return tn(`subject.${n.kind}`, { campaign, count: Number((n.detail as { count?: number }).count ?? 0), department: tDept(d.department ?? '') });
    }
    if (n.kind === 'version_rejected' || n.kind === 'version_approved') {
      // An approval names every sign-off, in the order given (the same words as its e-mail).
      const approvers = joinNames(locale, signoffsOf(n.detail).map((s) => tn('signoff', { approver: s.approver, department: tDept(s.department) })));
      return tn(`subject.${n.kind}`, { campaign, n: d.versionNo ?? 0, approver: d.approver ?? '', department: tDept(d.department ?? ''), approvers });
    }
    return n.kind;
  };
  // An approver's reason (a rejection's comment) is what the reader acts on: shown in their words.
  const comment = (n: NonNullable<typeof list.data>['items'][number]) => {
    const c = (n.detail as { comment?: unknown }).comment;
    return typeof c === 'string' && c ? (
      <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 3, tooltip: c }} data-testid="notification-comment">
        {tn('comment', { comment: c })}
      </Typography.Paragraph>
    ) : null;
  };
  const content = (
    <div style={{ width: 360 }} data-testid="notifications">
      {list.data?.items.length ? (
        <List
          size="small"
          dataSource={list.data.items}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: 'pointer', fontWeight: n.read ? 'normal' : 600 }}
              onClick={() => {
                markRead.mutate({ ids: [n.id] });
                router.push(noticePath(n.kind, n.campaignId));
              }}
              data-testid={`notification-${n.kind}`}
            >
              <List.Item.Meta title={text(n)} description={<>{comment(n)}<DateTime value={n.createdAt} /></>} />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} />
      )}
      {unread > 0 && (
        <Button type="link" size="small" onClick={() => markRead.mutate({})} data-testid="notifications-read-all">
          {t('markAllRead')}
        </Button>
      )}
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={<Typography.Text strong>{t('title')}</Typography.Text>} content={content}>
      <Badge count={unread} size="small" data-testid="notification-count" data-count={unread}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('aria', { n: unread })} data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}

export function ClosedLoopNav() {
  const t = useTranslations('closedLoop.nav');
  const pathname = usePathname();
  const allowed = useCan('audit.read');
  if (!allowed) return null;
  return (
    <Menu
      mode="inline"
      selectedKeys={pathname.startsWith('/audit') ? ['/audit'] : []}
      items={[
        {
          key: '/audit',
          icon: <SafetyCertificateOutlined />,
          label: (
            <Link href="/audit" data-testid="nav-audit">
              {t('audit')}
            </Link>
          ),
        },
      ]}
    />
  );
}
