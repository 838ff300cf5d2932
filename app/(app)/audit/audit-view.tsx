'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { Alert, Button, DatePicker, Flex, Form, Input, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/app/_lib/trpc';
import { DateTime } from '@/app/_components/date-time';

type Row = inferRouterOutputs<AppRouter>['audit']['search'][number];
interface Filter {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const ENTITY_TYPES = ['campaign', 'flow_version', 'approval_task', 'product', 'offer', 'user'];
const PAGE = 100;

/** The audit log: search by actor, action, entity and dates; export; verify the hash chain. */
export function AuditView() {
  const t = useTranslations('closedLoop.audit');
  const trpc = useTRPC();
  const [form] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Omit<Filter, 'range'> & { from?: Date; to?: Date }>({});
  const rows = useInfiniteQuery(
    trpc.audit.search.infiniteQueryOptions(
      { ...filter, limit: PAGE },
      { initialCursor: undefined, getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1].seq : undefined) },
    ),
  );
  const verify = useMutation(trpc.audit.verify.mutationOptions());

  const apply = (v: Filter) => {
    const clean = (s?: string) => (s && s.trim() ? s.trim() : undefined);
    setFilter({
      actor: clean(v.actor),
      action: clean(v.action),
      entityType: v.entityType || undefined,
      entityId: clean(v.entityId),
      from: v.range?.[0]?.startOf('day').toDate(),
      to: v.range?.[1]?.endOf('day').toDate(),
    });
  };
  const exportHref = () => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) q.set(k, v instanceof Date ? v.toISOString() : String(v));
    return `/api/audit/export?${q.toString()}`;
  };
  const data = rows.data?.pages.flat() ?? [];
  const check = verify.data;

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }} data-testid="audit-filter">
        <Form.Item name="actor" label={t('actor')}>
          <Input allowClear data-testid="audit-actor" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="action" label={t('action')}>
          <Input allowClear data-testid="audit-action" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="entityType" label={t('entityType')}>
          <Select allowClear style={{ width: 150 }} options={ENTITY_TYPES.map((e) => ({ value: e, label: e }))} />
        </Form.Item>
        <Form.Item name="entityId" label={t('entityId')}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="range" label={t('range')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
            {t('search')}
          </Button>
          <Button icon={<DownloadOutlined />} href={exportHref()} data-testid="audit-export">
            {t('export')}
          </Button>
          <Button icon={<SafetyCertificateOutlined />} onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
            {t('verify')}
          </Button>
        </Space>
      </Form>
      {verify.error && <Alert type="error" showIcon title={verify.error.message} style={{ marginBottom: 12 }} />}
      {check && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          type={check.ok ? 'success' : 'error'}
          data-testid="audit-verify-result"
          data-ok={String(check.ok)}
          title={
            check.ok
              ? t('verifyOk', { n: check.entries })
              : t('verifyBroken', {
                  seq: check.seq,
                  reason: t(`reasons.${check.reason}`),
                  action: check.entry.action,
                  entity: `${check.entry.entityType} ${check.entry.entityId}`,
                  at: new Date(check.entry.at).toLocaleString(),
                })
          }
        />
      )}
      {rows.error && <Alert type="error" showIcon title={rows.error.message} />}
      <Table<Row>
        rowKey="seq"
        size="small"
        loading={rows.isPending}
        dataSource={data}
        pagination={false}
        locale={{ emptyText: t('empty') }}
        data-testid="audit-table"
        columns={[
          { title: t('columns.seq'), dataIndex: 'seq', width: 70 },
          { title: t('columns.at'), dataIndex: 'at', width: 150, render: (d: Date) => <DateTime value={d} withSeconds /> },
          { title: t('columns.actor'), dataIndex: 'actorEmail', render: (e: string | null) => e ?? <Typography.Text type="secondary">{t('system')}</Typography.Text> },
          { title: t('columns.action'), dataIndex: 'action', render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
          { title: t('columns.entity'), key: 'entity', render: (_: unknown, r) => `${r.entityType} ${r.entityId.slice(0, 8)}` },
          {
            title: t('columns.detail'),
            dataIndex: 'detail',
            render: (d: Record<string, unknown>) => (
              <Typography.Text type="secondary" ellipsis={{ tooltip: JSON.stringify(d, null, 2) }} style={{ maxWidth: 360 }}>
                {JSON.stringify(d)}
              </Typography.Text>
            ),
          },
          { title: t('columns.hash'), dataIndex: 'hash', width: 110, render: (h: string) => <Typography.Text code>{h.slice(0, 10)}</Typography.Text> },
        ]}
      />
      {rows.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => rows.fetchNextPage()} loading={rows.isFetchingNextPage}>
            {t('more')}
          </Button>
        </Flex>
      )}
    </>
  );
}
