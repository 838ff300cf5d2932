'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Select, Table, Typography } from 'antd';
import { DiffOutlined } from '@ant-design/icons';
import type { Catalog, FlowGraph } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { StatusTag } from '@/app/_components/status-tag';
import { DateTime } from '@/app/_components/date-time';
import { VersionDiff } from './version-diff';

/** The campaign's immutable flow versions, newest first, and a visual comparison of any two. */
export function VersionsPanel({ campaignId, liveVersionId, draft, catalog }: { campaignId: string; liveVersionId: string | null; draft: FlowGraph; catalog: Catalog }) {
  const t = useTranslations('designer.versions');
  const td = useTranslations('designerTools.diff');
  const trpc = useTRPC();
  const versions = useQuery(trpc.campaigns.versions.queryOptions({ id: campaignId }));
  const rows = versions.data ?? [];
  const [before, setBefore] = useState<string | undefined>();
  const [after, setAfter] = useState<string>('draft');
  const [open, setOpen] = useState(false);
  const options = [{ value: 'draft', label: td('draft') }, ...rows.map((v) => ({ value: v.id, label: `v${v.versionNo}` }))];
  const label = (side: string) => options.find((o) => o.value === side)?.label ?? side;
  const from = before ?? rows[0]?.id;

  return (
    <>
      <Table
        size="small"
        rowKey="id"
        loading={versions.isPending}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('none') }}
        data-testid="versions-table"
        columns={[
          { title: t('no'), dataIndex: 'versionNo', render: (n: number, row) => (row.id === liveVersionId ? t('live', { n }) : `v${n}`) },
          { title: t('status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          { title: td('author'), dataIndex: 'author', render: (a: string | null) => a ?? '—' },
          { title: t('created'), dataIndex: 'createdAt', render: (d: Date) => <DateTime value={d} /> },
          { title: t('hash'), dataIndex: 'hash', render: (h: string) => <Typography.Text code title={h}>{h.slice(0, 8)}</Typography.Text> },
        ]}
      />
      {rows.length > 0 && (
        <Form layout="vertical" component="div" style={{ marginTop: 16 }} data-testid="diff-form">
          <Typography.Text strong>{td('compare')}</Typography.Text>
          <Form.Item label={td('from')} htmlFor="diff-from" style={{ margin: '8px 0' }}>
            <Select id="diff-from" value={from} onChange={setBefore} options={options} data-testid="diff-from" />
          </Form.Item>
          <Form.Item label={td('to')} htmlFor="diff-to" style={{ marginBottom: 8 }}>
            <Select id="diff-to" value={after} onChange={setAfter} options={options} data-testid="diff-to" />
          </Form.Item>
          <Button icon={<DiffOutlined />} onClick={() => setOpen(true)} disabled={!from || from === after} data-testid="diff-open">
            {td('show')}
          </Button>
        </Form>
      )}
      {from && (
        <VersionDiff open={open} onClose={() => setOpen(false)} before={from} after={after} draft={draft} catalog={catalog} labels={{ before: label(from), after: label(after) }} />
      )}
    </>
  );
}
