'use client';
import { useMemo } from 'react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Input, Select, Table, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { useCan } from '@/app/_lib/actor';
import { statusRank, StatusTag, useStatusLabel } from '@/app/_components/status-tag';
import { DateTime } from '@/app/_components/date-time';
import { DepartmentName, useDepartmentName } from '@/app/_components/department-name';
import { NewCampaignButton } from './new-campaign-button';
import { countBy, filterFromParams, isFiltered, matches, paramsWith, type CampaignFilter } from './campaign-filter';

const NO_FILTER: CampaignFilter = { q: '', status: [], department: [] };

export function CampaignsView() {
  const t = useTranslations('campaigns');
  const tc = useTranslations('common');
  const statusLabel = useStatusLabel();
  const departmentName = useDepartmentName();
  const trpc = useTRPC();
  const canEdit = useCan('campaign.edit');
  const list = useQuery(trpc.campaigns.list.queryOptions());
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const set = (change: Partial<CampaignFilter>) => router.replace(`${pathname}?${paramsWith(params.toString(), { ...filter, ...change })}`, { scroll: false });

  const rows = useMemo(() => list.data ?? [], [list.data]);
  const shown = useMemo(() => rows.filter((r) => matches(r, filter)), [rows, filter]);
  const statuses = countBy(rows, (r) => r.status, filter.status).sort(([a], [b]) => statusRank(a) - statusRank(b));
  const departments = countBy(rows, (r) => r.department, filter.department);

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {canEdit && <NewCampaignButton />}
      </Flex>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} />}
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }} role="search" aria-label={t('filter.label')}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('filter.search')}
          aria-label={t('filter.search')}
          data-testid="campaigns-search"
          style={{ width: 260 }}
          // Keyed by the URL's value so that reset and the back button show what the list is filtered by.
          key={filter.q}
          defaultValue={filter.q}
          onPressEnter={(e) => set({ q: e.currentTarget.value })}
          onBlur={(e) => e.currentTarget.value.trim() !== filter.q && set({ q: e.currentTarget.value })}
          onClear={() => set({ q: '' })}
        />
        <CountedFilter
          label={t('filter.status')}
          testId="campaigns-status"
          width={200}
          value={filter.status}
          onChange={(status) => set({ status })}
          options={statuses.map(([s, n]) => ({ value: s, label: statusLabel(s), count: n }))}
        />
        <CountedFilter
          label={t('filter.department')}
          testId="campaigns-department"
          width={180}
          value={filter.department}
          onChange={(department) => set({ department })}
          options={departments.map(([d, n]) => ({ value: d, label: departmentName(d), count: n }))}
        />
        {isFiltered(filter) && (
          <>
            <Typography.Text type="secondary" data-testid="campaigns-count">
              {t('filter.count', { shown: shown.length, total: rows.length })}
            </Typography.Text>
            <Button type="link" onClick={() => set(NO_FILTER)} data-testid="campaigns-reset">
              {t('filter.reset')}
            </Button>
          </>
        )}
      </Flex>
      <Table
        rowKey="id"
        loading={list.isPending}
        dataSource={shown}
        data-testid="campaigns-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{
          emptyText: isFiltered(filter) ? (
            <Empty description={t('filter.none')}>
              <Button onClick={() => set(NO_FILTER)}>{t('filter.reset')}</Button>
            </Empty>
          ) : undefined,
        }}
        columns={[
          {
            title: t('columns.name'),
            dataIndex: 'name',
            sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
            render: (name: string, row) => <Link href={`/campaigns/${row.id}`}>{name}</Link>,
          },
          { title: t('columns.department'), dataIndex: 'department', render: (d: string) => <DepartmentName department={d} /> },
          { title: t('columns.status'), dataIndex: 'status', sorter: (a, b) => statusRank(a.status) - statusRank(b.status), render: (s: string) => <StatusTag status={s} /> },
          { title: t('columns.priority'), dataIndex: 'priority', align: 'right', sorter: (a, b) => a.priority - b.priority },
          {
            title: t('columns.updated'),
            dataIndex: 'updatedAt',
            defaultSortOrder: 'descend',
            sorter: (a, b) => new Date(a.updatedAt).getTime() - new Date(b.updatedAt).getTime(),
            render: (d: Date) => <DateTime value={d} />,
          },
        ]}
      />
    </>
  );
}

/** A filter of several values, each option with how many campaigns it would show. */
function CountedFilter(props: {
  label: string;
  testId: string;
  width: number;
  value: string[];
  onChange: (value: string[]) => void;
  options: { value: string; label: string; count: number }[];
}) {
  return (
    <Select
      mode="multiple"
      allowClear
      placeholder={props.label}
      aria-label={props.label}
      data-testid={props.testId}
      style={{ minWidth: props.width }}
      value={props.value}
      onChange={props.onChange}
      options={props.options}
      optionRender={(option) => (
        <Flex justify="space-between" gap={12}>
          <span>{option.label}</span>
          <Typography.Text type="secondary">{option.data.count}</Typography.Text>
        </Flex>
      )}
    />
  );
}
