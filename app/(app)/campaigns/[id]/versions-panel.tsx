'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Select, Table, Tooltip, Typography } from 'antd';
import { DiffOutlined } from '@ant-design/icons';
import type { Catalog, FlowGraph } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { StatusTag } from '@/app/_components/status-tag';
import { DateTime } from '@/app/_components/date-time';
import { useDepartmentName } from '@/app/_components/department-name';
import { VersionDiff } from './version-diff';

/** The campaign's immutable flow versions, newest first, and a visual comparison of any two. */
export function VersionsPanel({ campaignId, liveVersionId, draft, catalog }: { campaignId: string; liveVersionId: string | null; draft: FlowGraph; catalog: Catalog }) {
  const t = useTranslations('designer.versions');
  const td = useTranslations('designerTools.diff');
  const tv = useTranslations('designerTools.versions');
  const departmentName = useDepartmentName();
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
      {/* Fixed widths for the 380 px side panel: the hash and the version never wrap; the author
          is cut with an ellipsis (full name on hover). A rejection is shown under its version. */}
      <Table
        size="small"
        rowKey="id"
        tableLayout="fixed"
        loading={versions.isPending}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('none') }}
        data-testid="versions-table"
        expandable={{
          showExpandColumn: false,
          expandedRowKeys: rows.filter((v) => v.rejection).map((v) => v.id),
          rowExpandable: (v) => !!v.rejection,
          expandedRowRender: ({ versionNo, rejection: r }) =>
            r && (
              <div data-testid={`version-rejection-${versionNo}`}>
                <Typography.Text type="danger">
                  {r.department ? tv('rejectedByIn', { by: r.by, department: departmentName(r.department) }) : tv('rejectedBy', { by: r.by })}
                </Typography.Text>
                {' · '}
                <Typography.Text type="secondary">
                  <DateTime value={r.at} />
                </Typography.Text>
                <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }} data-testid="version-rejection-comment">
                  {r.comment ? tv('reason', { comment: r.comment }) : tv('noReason')}
                </Typography.Paragraph>
              </div>
            ),
        }}
        columns={[
          {
            title: t('no'),
            dataIndex: 'versionNo',
            width: 76,
            ellipsis: true,
            render: (n: number, row) => (row.id === liveVersionId ? t('live', { n }) : `v${n}`),
          },
          { title: t('status'), dataIndex: 'status', width: 88, render: (s: string) => <StatusTag status={s} /> },
          {
            title: tv('submission'),
            dataIndex: 'author',
            render: (a: string | null, row) => (
              <>
                <Typography.Text ellipsis={{ tooltip: a }} style={{ display: 'block' }}>
                  {a ?? '—'}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                  <DateTime value={row.createdAt} />
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('hash'),
            dataIndex: 'hash',
            width: 92,
            render: (h: string) => (
              <Tooltip title={h}>
                <Typography.Text code style={{ whiteSpace: 'nowrap' }} data-testid="version-hash">
                  {h.slice(0, 8)}
                </Typography.Text>
              </Tooltip>
            ),
          },
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
