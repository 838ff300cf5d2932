'use client';
// A dashboard card: title and hint, the chart (click to drill down), the numbers behind it in a
// table, and CSV export of those numbers.
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Alert, Card, Collapse, Empty, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { Chart, type ChartClick } from './chart';
import { CsvButton, DataTable, type Column } from './data-table';

export function ChartCard<T>({
  id,
  title,
  hint,
  ignored,
  option,
  onChartClick,
  columns,
  rows,
  rowKey,
  onRowClick,
  filename,
  height,
  emptyText,
  children,
}: {
  id: string;
  title: string;
  hint?: string;
  ignored?: string[];
  option: EChartsCoreOption | null;
  onChartClick?: (e: ChartClick) => void;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T, index: number) => string;
  onRowClick?: (row: T) => void;
  filename: string;
  height?: number;
  emptyText?: string;
  children?: ReactNode;
}) {
  const t = useTranslations('dashboards');
  return (
    <Card
      size="small"
      title={<h3 style={{ margin: 0, fontSize: 15 }}>{title}</h3>}
      extra={<CsvButton id={id} filename={filename} columns={columns} rows={rows} />}
      data-testid={`card-${id}`}
      style={{ height: '100%' }}
    >
      {hint && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {hint}
        </Typography.Paragraph>
      )}
      {ignored && ignored.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('common.ignored', { filters: ignored.map((k) => t(`filterNames.${k}` as never)).join('、') })}
        />
      )}
      {rows.length === 0 || !option ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('common.empty')} />
      ) : (
        <Chart option={option} label={title} onClick={onChartClick} height={height} testId={`chart-${id}`} />
      )}
      {children}
      <Collapse
        ghost
        size="small"
        items={[
          {
            key: 'numbers',
            label: t('common.numbers'),
            forceRender: true,
            children: (
              <DataTable id={`${id}-numbers`} caption={title} columns={columns} rows={rows} rowKey={rowKey} filename={filename} onRowClick={onRowClick} showExport={false} />
            ),
          },
        ]}
      />
    </Card>
  );
}
