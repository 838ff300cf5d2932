'use client';
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Statistic, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTRPC, useTRPCClient } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { DateTime } from '@/app/_components/date-time';
import { downloadCsv } from '@/app/_lib/download';

/** This month in China Standard Time, as YYYY-MM. */
function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
}

type Named = { zh: string; en: string } | null | undefined;

/**
 * A shop by its name in the reader's language, its id beside it in small print (finance settles by
 * id) and in the tooltip; a shop the organisation does not know shows as its id.
 */
function ShopCell({ id, name }: { id: string | null; name: Named }) {
  const locale = useLocale();
  if (!id) return <>—</>;
  if (!name) return <span data-testid="statement-shop">{id}</span>;
  return (
    <Tooltip title={id}>
      <span data-testid="statement-shop">
        {locale === 'en' ? name.en : name.zh} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{id}</Typography.Text>
      </span>
    </Tooltip>
  );
}

/** The commission statement (酬金结算单) of a month: totals, per staff and shop, lines, CSV. */
export function CommissionView() {
  const t = useTranslations('workbench.commission');
  const tw = useTranslations('workbench');
  const locale = useLocale();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { message } = App.useApp();
  const [month, setMonth] = useState(thisMonth);
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const st = useQuery({ ...trpc.frontline.statement.queryOptions({ month }), enabled: valid });
  const [exporting, setExporting] = useState(false);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { filename, csv } = await client.frontline.statementCsv.query({ month, locale: locale === 'en' ? 'en' : 'zh-CN' });
      downloadCsv(filename, csv);
    } catch (err) {
      message.error(tw('loadFailed', { message: callError(err).message }));
    } finally {
      setExporting(false);
    }
  };

  const data = st.data;
  const shopLabel = data?.shopId ? (data.shopName ? `${locale === 'en' ? data.shopName.en : data.shopName.zh} (${data.shopId})` : data.shopId) : '';
  const scope = data ? (data.shopId ? t('scopeShop', { shop: shopLabel }) : data.staffId ? t('scopeStaff') : t('scopeAll')) : '';
  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-end', flexWrap: 'wrap', marginBottom: 16 }}>
        <div>
          <label htmlFor="statement-month" style={{ display: 'block', marginBottom: 4 }}>
            {t('month')}
          </label>
          <Input id="statement-month" data-testid="statement-month" type="month" size="large" value={month} onChange={(e) => setMonth(e.target.value)} style={{ width: 200 }} />
        </div>
        <Button size="large" icon={<DownloadOutlined />} onClick={exportCsv} loading={exporting} disabled={!valid} data-testid="statement-export" style={{ minHeight: 48 }}>
          {t('export')}
        </Button>
        {data && (
          <Typography.Text type="secondary" data-testid="statement-scope">
            {scope}
          </Typography.Text>
        )}
      </div>
      {st.error && <Alert type="error" showIcon title={tw('loadFailed', { message: st.error.message })} />}
      {data && (
        <>
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', marginBottom: 16 }}>
            <Card size="small" style={{ minWidth: 160 }}>
              <Statistic title={t('conversions')} value={data.conversions} data-testid="statement-conversions" />
            </Card>
            <Card size="small" style={{ minWidth: 160 }}>
              <Statistic title={t('total')} value={data.totalCny} precision={2} prefix="¥" data-testid="statement-total" />
            </Card>
          </div>
          <Typography.Title level={4}>{t('byStaff')}</Typography.Title>
          <Table
            rowKey="staffId"
            size="middle"
            pagination={false}
            dataSource={data.byStaff}
            locale={{ emptyText: t('empty') }}
            style={{ marginBottom: 24 }}
            columns={[
              { title: t('columns.staff'), dataIndex: 'staffName' },
              { title: t('columns.shop'), key: 'shop', render: (_: unknown, r) => <ShopCell id={r.shopId} name={r.shopName} /> },
              { title: t('columns.conversions'), dataIndex: 'conversions', align: 'right' },
              { title: t('columns.commission'), dataIndex: 'commissionCny', align: 'right', render: (v: number) => v.toFixed(2) },
            ]}
          />
          <Typography.Title level={4}>{t('lines')}</Typography.Title>
          <Table
            rowKey="taskId"
            size="middle"
            dataSource={data.lines}
            data-testid="statement-lines"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('empty') }}
            columns={[
              { title: t('columns.at'), dataIndex: 'at', render: (v: Date) => <DateTime value={v} /> },
              { title: t('columns.staff'), dataIndex: 'staffName' },
              { title: t('columns.shop'), key: 'shop', render: (_: unknown, l) => <ShopCell id={l.shopId} name={l.shopName} /> },
              { title: t('columns.customer'), key: 'customer', render: (_: unknown, l) => `${l.customerName} (${l.customerId})` },
              { title: t('columns.campaign'), dataIndex: 'campaignName' },
              { title: t('columns.commission'), dataIndex: 'commissionCny', align: 'right', render: (v: number) => v.toFixed(2) },
            ]}
          />
        </>
      )}
    </>
  );
}
