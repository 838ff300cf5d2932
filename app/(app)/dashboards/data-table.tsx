'use client';
// A table of figures with its CSV export. Every chart shows its numbers in one of these (real
// <table> markup, so screen readers and keyboard users get the same figures), and every list
// behind a drill-down is one too.
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Button, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { downloadCsv, toCsv, type CsvCell } from './csv';

export interface Column<T> {
  key: string;
  title: string;
  /** The raw value: what the CSV gets and what sorting uses. */
  value: (row: T) => CsvCell;
  render?: (row: T) => ReactNode;
  align?: 'left' | 'right';
}

export function CsvButton<T>({ id, filename, columns, rows }: { id: string; filename: string; columns: Column<T>[]; rows: T[] }) {
  const t = useTranslations('dashboards.common');
  return (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      data-testid={`csv-${id}`}
      disabled={rows.length === 0}
      onClick={() => downloadCsv(`${filename}.csv`, toCsv(columns.map((c) => c.title), rows.map((r) => columns.map((c) => c.value(r)))))}
    >
      {t('exportCsv')}
    </Button>
  );
}

export function DataTable<T>({
  id,
  caption,
  columns,
  rows,
  rowKey,
  filename,
  onRowClick,
  pageSize = 10,
  showExport = true,
  fit = false,
}: {
  id: string;
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T, index: number) => string;
  filename: string;
  onRowClick?: (row: T) => void;
  pageSize?: number;
  showExport?: boolean;
  /** Fit the width it is given, wrapping long text, rather than scroll sideways: for narrow cards, where a scrollbar would hide the last column. */
  fit?: boolean;
}) {
  const t = useTranslations('dashboards.common');
  const keyed = rows.map((r, i) => ({ row: r, key: rowKey(r, i) }));
  return (
    <section aria-label={caption} data-testid={`table-${id}`}>
      {showExport && (
        <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
          <CsvButton id={id} filename={filename} columns={columns} rows={rows} />
        </div>
      )}
      <Table
        size="small"
        rowKey="key"
        dataSource={keyed}
        pagination={{ pageSize, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('empty') }}
        scroll={fit ? undefined : { x: 'max-content' }}
        onRow={onRowClick ? (r) => ({ onClick: () => onRowClick(r.row), style: { cursor: 'pointer' } }) : undefined}
        columns={columns.map((c) => ({
          key: c.key,
          title: c.title,
          align: c.align,
          sorter: (a: { row: T }, b: { row: T }) => {
            const x = c.value(a.row);
            const y = c.value(b.row);
            return typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
          },
          render: (_: unknown, r: { row: T }) => (c.render ? c.render(r.row) : (c.value(r.row) ?? '—')),
        }))}
      />
    </section>
  );
}
