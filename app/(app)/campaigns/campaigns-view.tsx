'use client';
import { useEffect, useMemo } from 'react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Input, Select, Table, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { useCan } from '@/app/_lib/actor';
import { StatusTag, useStatusLabel } from '@/app/_components/status-tag';
import { DateTime } from '@/app/_components/date-time';
import { DepartmentName, useDepartmentName } from '@/app/_components/department-name';
import { NewCampaignButton } from './new-campaign-button';
import { DEFAULT_CAMPAIGN_SORT } from '@/server/services/campaign-list-query';
import { isFiltered, paramsWith, viewFromParams, type CampaignFilter, type CampaignListView } from './campaign-filter';

const NO_FILTER: CampaignFilter = { q: '', status: [], department: [] };
const ORDER = { ascend: 'asc', descend: 'desc' } as const;

export function CampaignsView() {
  const t = useTranslations('campaigns');
  const tc = useTranslations('common');
  const statusLabel = useStatusLabel();
  const departmentName = useDepartmentName();
  const trpc = useTRPC();
  const canEdit = useCan('campaign.edit');
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = useMemo(() => viewFromParams(params), [params]);
  // The server filters, sorts and pages; the page shown stays until the next one arrives.
  const list = useQuery({ ...trpc.campaigns.list.queryOptions(view), placeholderData: keepPreviousData });
  const show = (change: Partial<CampaignListView>) => router.replace(`${pathname}?${paramsWith(params.toString(), { ...view, ...change })}`, { scroll: false });
  // Another filter is another list: from its first page.
  const set = (change: Partial<CampaignFilter>) => show({ ...change, page: 1 });

  const data = list.data;
  const statuses = data?.facets.status ?? [];
  const departments = data?.facets.department ?? [];
  // A page past the end (campaigns changed meanwhile, or an old link): the last page there is.
  const lastPage = data && !list.isPlaceholderData ? Math.max(1, Math.ceil(data.matched / view.pageSize)) : view.page;
  useEffect(() => {
    if (view.page > lastPage) router.replace(`${pathname}?${paramsWith(params.toString(), { ...view, page: lastPage })}`, { scroll: false });
  }, [lastPage, view, params, pathname, router]);
  const sorted = (field: CampaignListView['sort']['field']) => ({
    sorter: true,
    sortOrder: view.sort.field === field ? (view.sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
  });

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
          key={view.q}
          defaultValue={view.q}
          onPressEnter={(e) => set({ q: e.currentTarget.value })}
          onBlur={(e) => e.currentTarget.value.trim() !== view.q && set({ q: e.currentTarget.value })}
          onClear={() => set({ q: '' })}
        />
        <CountedFilter
          label={t('filter.status')}
          testId="campaigns-status"
          width={200}
          value={view.status}
          onChange={(status) => set({ status })}
          options={statuses.map(([s, n]) => ({ value: s, label: statusLabel(s), count: n }))}
        />
        <CountedFilter
          label={t('filter.department')}
          testId="campaigns-department"
          width={180}
          value={view.department}
          onChange={(department) => set({ department })}
          options={departments.map(([d, n]) => ({ value: d, label: departmentName(d), count: n }))}
        />
        {isFiltered(view) && (
          <>
            <Typography.Text type="secondary" data-testid="campaigns-count">
              {t('filter.count', { shown: data?.matched ?? 0, total: data?.total ?? 0 })}
            </Typography.Text>
            <Button type="link" onClick={() => set(NO_FILTER)} data-testid="campaigns-reset">
              {t('filter.reset')}
            </Button>
          </>
        )}
      </Flex>
      <Table
        rowKey="id"
        loading={list.isPending || list.isPlaceholderData}
        dataSource={data?.rows}
        data-testid="campaigns-table"
        pagination={{ current: view.page, pageSize: view.pageSize, total: data?.matched ?? 0, hideOnSinglePage: true }}
        onChange={(pagination, _filters, sorter, { action }) => {
          if (action === 'paginate') {
            const size = pagination.pageSize ?? view.pageSize;
            show({ page: size === view.pageSize ? (pagination.current ?? 1) : 1, pageSize: size });
          }
          if (action === 'sort') {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const field = s?.order ? (s.columnKey as CampaignListView['sort']['field']) : undefined;
            show({ sort: field && s?.order ? { field, order: ORDER[s.order] } : DEFAULT_CAMPAIGN_SORT, page: 1 });
          }
        }}
        locale={{
          emptyText: isFiltered(view) ? (
            <Empty description={t('filter.none')}>
              <Button onClick={() => set(NO_FILTER)}>{t('filter.reset')}</Button>
            </Empty>
          ) : undefined,
        }}
        columns={[
          {
            title: t('columns.name'),
            key: 'name',
            dataIndex: 'name',
            ...sorted('name'),
            render: (name: string, row) => <Link href={`/campaigns/${row.id}`}>{name}</Link>,
          },
          { title: t('columns.department'), dataIndex: 'department', render: (d: string) => <DepartmentName department={d} /> },
          { title: t('columns.status'), key: 'status', dataIndex: 'status', ...sorted('status'), render: (s: string) => <StatusTag status={s} /> },
          { title: t('columns.priority'), key: 'priority', dataIndex: 'priority', align: 'right', ...sorted('priority') },
          {
            title: t('columns.updated'),
            key: 'updatedAt',
            dataIndex: 'updatedAt',
            ...sorted('updatedAt'),
            // Latest first is the list's own order, so the column starts there and a third click returns to it.
            sortDirections: ['descend', 'ascend'],
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
