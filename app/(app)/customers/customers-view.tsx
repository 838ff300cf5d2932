'use client';
import { useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Input, Table, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { TagValue } from './tag-value';

const PAGE_SIZE = 20;

/** Find a subscriber by id, phone number or name. */
export function CustomersView() {
  const t = useTranslations('customers');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  // One page at a time from the server: an operator has millions of customers.
  const list = useQuery({ ...trpc.customers.list.queryOptions({ search: search || undefined, page, pageSize: PAGE_SIZE }), placeholderData: keepPreviousData });

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <label htmlFor="customer-search" style={{ display: 'block', marginBottom: 4 }}>
        {t('searchLabel')}
      </label>
      <Input.Search
        id="customer-search"
        data-testid="customer-search"
        placeholder={t('searchPlaceholder')}
        allowClear
        enterButton={t('search')}
        maxLength={100}
        onSearch={(v) => {
          setSearch(v.trim());
          setPage(1);
        }}
        style={{ maxWidth: 480, marginBottom: 16 }}
      />
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} />}
      <Table
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.rows ?? []}
        data-testid="customers-table"
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.matched ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: () => (list.data?.capped ? t('countCapped', { n: list.data.matched }) : t('count', { n: list.data?.matched ?? 0 })),
        }}
        locale={{ emptyText: t('empty') }}
        columns={[
          { title: t('columns.id'), dataIndex: 'id', render: (id: string) => <Link href={`/customers/${id}`}>{id}</Link> },
          { title: t('columns.name'), dataIndex: 'name' },
          { title: t('columns.msisdn'), dataIndex: 'msisdn' },
          { title: t('columns.plan'), key: 'plan', render: (_: unknown, row) => <TagValue name="plan" value={row.tags.plan} /> },
          { title: t('columns.valueTier'), key: 'tier', render: (_: unknown, row) => <TagValue name="value_tier" value={row.tags.value_tier} /> },
          { title: t('columns.arpu'), key: 'arpu', align: 'right', render: (_: unknown, row) => <TagValue name="arpu" value={row.tags.arpu} /> },
        ]}
      />
    </>
  );
}
