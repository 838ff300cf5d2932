'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Col, Flex, Progress, Radio, Row, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { DateTime } from '@/app/_components/date-time';
import { reasonText, type Params } from './reason-text';

type Kind = 'customers' | 'subscriptions';
type Mode = 'partial' | 'all_or_nothing';
interface Report {
  id: string;
  status: 'running' | 'succeeded' | 'partial' | 'refused' | 'failed';
  lines: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: { line: number; reason: string; code?: string; params?: Params }[];
  error: string | null;
  errorDetail?: { code: string; params: Params } | null;
}

const STATUS_COLORS: Record<Report['status'], string> = { running: 'processing', succeeded: 'success', partial: 'warning', refused: 'error', failed: 'error' };

/** Sends the file as the request body (streamed by the browser), reporting upload progress. */
function uploadCsv(file: File, kind: Kind, mode: Mode, onProgress: (pct: number) => void): Promise<Report> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const q = new URLSearchParams({ mode, fileName: file.name });
    xhr.open('POST', `/api/admin/imports/${kind}?${q}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      try {
        const body = JSON.parse(xhr.responseText) as Report & { error: string | null };
        if (xhr.status >= 400 && !('status' in body)) reject(new Error((body as { error?: string }).error ?? String(xhr.status)));
        else resolve(body);
      } catch {
        reject(new Error(`HTTP ${xhr.status}`));
      }
    };
    xhr.onerror = () => reject(new Error('network error'));
    xhr.send(file);
  });
}

/** Bulk import of the analytics extract: choose kind and mode, drop a file, see progress and the result. */
export function ImportsView() {
  const t = useTranslations('customerData.imports');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('customers');
  const [mode, setMode] = useState<Mode>('partial');
  const [upload, setUpload] = useState<{ name: string; pct: number } | null>(null);
  const [result, setResult] = useState<{ name: string; report: Report } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // Polled while a file uploads, and after it until the history lists it (a refetch that failed or
  // raced the import's last write would otherwise leave the finished import out of the table).
  const history = useQuery({
    ...trpc.customerData.imports.queryOptions(),
    refetchInterval: (query) => (upload || (result && !query.state.data?.some((r) => r.id === result.report.id)) ? 1000 : false),
  });
  const running = upload ? history.data?.find((r) => r.status === 'running' && r.fileName === upload.name) : undefined;

  const start = async (file: File) => {
    setResult(null);
    setFailure(null);
    setUpload({ name: file.name, pct: 0 });
    try {
      const report = await uploadCsv(file, kind, mode, (pct) => setUpload({ name: file.name, pct }));
      setResult({ name: file.name, report });
    } catch (err) {
      setFailure(t('uploadFailed', { message: (err as Error).message }));
    } finally {
      setUpload(null);
      await queryClient.invalidateQueries(trpc.customerData.imports.queryFilter());
    }
  };

  return (
    <>
      <Typography.Title level={2}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('intro')}
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={32} wrap style={{ marginBottom: 12 }}>
          <div>
            <Typography.Text strong>{t('kind')}</Typography.Text>
            <br />
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} disabled={Boolean(upload)} data-testid="import-kind">
              <Radio.Button value="customers">{t('kinds.customers')}</Radio.Button>
              <Radio.Button value="subscriptions">{t('kinds.subscriptions')}</Radio.Button>
            </Radio.Group>
          </div>
          <div>
            <Typography.Text strong>{t('mode')}</Typography.Text>
            <br />
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} disabled={Boolean(upload)} data-testid="import-mode">
              <Radio value="partial">{t('modes.partial')}</Radio>
              <Radio value="all_or_nothing">{t('modes.all_or_nothing')}</Radio>
            </Radio.Group>
          </div>
        </Flex>
        <Upload.Dragger
          accept=".csv,text/csv"
          multiple={false}
          showUploadList={false}
          disabled={Boolean(upload)}
          beforeUpload={(file) => {
            void start(file);
            return false;
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('pick')}</p>
          <p className="ant-upload-hint">{t('pickHint')}</p>
        </Upload.Dragger>
        {upload && (
          <div style={{ marginTop: 12 }} data-testid="import-progress">
            <Typography.Text>{t('uploading', { name: upload.name })}</Typography.Text>
            <Progress percent={upload.pct} status="active" />
            {running && <Typography.Text type="secondary">{t('processing', { lines: running.lines })}</Typography.Text>}
          </div>
        )}
      </Card>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      {result && <ImportResult name={result.name} report={result.report} />}
      <Typography.Title level={4}>{t('history')}</Typography.Title>
      {history.error && <Alert type="error" showIcon title={tc('loadFailed', { message: history.error.message })} />}
      <Table
        rowKey="id"
        size="small"
        loading={history.isPending}
        dataSource={history.data ?? []}
        data-testid="imports-table"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('columns.file'), dataIndex: 'fileName' },
          { title: t('columns.kind'), dataIndex: 'kind', render: (k: Kind) => t(`kinds.${k}`) },
          { title: t('columns.status'), dataIndex: 'status', render: (s: Report['status']) => <Tag color={STATUS_COLORS[s]}>{t(`status.${s}`)}</Tag> },
          { title: t('columns.actor'), dataIndex: 'actor' },
          { title: t('columns.lines'), dataIndex: 'lines', align: 'right' },
          { title: t('columns.inserted'), dataIndex: 'inserted', align: 'right' },
          { title: t('columns.updated'), dataIndex: 'updated', align: 'right' },
          { title: t('columns.unchanged'), dataIndex: 'unchanged', align: 'right' },
          { title: t('columns.rejected'), dataIndex: 'rejected', align: 'right' },
          { title: t('columns.started'), dataIndex: 'startedAt', render: (d: Date) => <DateTime value={d} withSeconds /> },
          {
            title: t('columns.note'),
            key: 'note',
            render: (_, r) => r.error && <span data-testid="import-note">{reasonText(t, r.errorDetail?.code, r.errorDetail?.params, r.error)}</span>,
          },
        ]}
      />
    </>
  );
}

function ImportResult({ name, report }: { name: string; report: Report }) {
  const t = useTranslations('customerData.imports');
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="import-result"
      title={
        <span>
          {t('result', { name })} <Tag color={STATUS_COLORS[report.status]} data-testid="import-status">{t(`status.${report.status}`)}</Tag>
        </span>
      }
    >
      {report.error && (
        <Alert
          type={report.status === 'failed' ? 'error' : 'warning'}
          showIcon
          title={reasonText(t, report.errorDetail?.code, report.errorDetail?.params, report.error)}
          style={{ marginBottom: 12 }}
          data-testid="import-error"
        />
      )}
      <Row gutter={16} style={{ marginBottom: 12 }}>
        {(['lines', 'inserted', 'updated', 'unchanged', 'rejected'] as const).map((k) => (
          <Col key={k}>
            <Statistic title={t(`columns.${k}`)} value={report[k]} data-testid={`import-${k}`} />
          </Col>
        ))}
      </Row>
      {report.errors.length > 0 && (
        <>
          <Typography.Text strong>{t('errors')}</Typography.Text>
          {report.rejected > report.errors.length && (
            <Typography.Paragraph type="secondary">{t('moreErrors', { shown: report.errors.length, total: report.rejected })}</Typography.Paragraph>
          )}
          <Table
            rowKey={(r) => `${r.line}:${r.reason}`}
            size="small"
            dataSource={report.errors}
            data-testid="import-errors"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('columns.line'), dataIndex: 'line', width: 90 },
              { title: t('columns.reason'), key: 'reason', render: (_, r) => reasonText(t, r.code, r.params, r.reason) },
            ]}
          />
        </>
      )}
    </Card>
  );
}
