'use client';
import { useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Row, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { CheckOutlined, DownloadOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { useCan } from '@/app/_lib/actor';
import { callError } from '@/app/_lib/trpc-error';
import { useCodeLabels } from '@/app/_lib/code-labels';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The evaluation report: totals, channels, suppressions and the lift with its interval. */
export function EvaluationReport({ campaignId, status }: { campaignId: string; status: string }) {
  const t = useTranslations('closedLoop.plan');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const canEvaluate = useCan('campaign.evaluate');
  const codes = useCodeLabels();
  const report = useQuery({ ...trpc.campaigns.evaluation.queryOptions({ id: campaignId }), refetchInterval: 30_000 });
  const mark = useMutation(trpc.campaigns.markEvaluated.mutationOptions());
  if (report.error) return <Alert type="error" showIcon title={report.error.message} />;
  if (!report.data) return <Skeleton active />;
  const r = report.data;
  const onMark = async () => {
    try {
      await mark.mutateAsync({ id: campaignId });
      message.success(t('evaluatedDone'));
      await queryClient.invalidateQueries({ queryKey: trpc.campaigns.get.queryKey({ id: campaignId }) });
      await queryClient.invalidateQueries({ queryKey: trpc.campaigns.timeline.queryKey({ id: campaignId }) });
    } catch (err) {
      message.error(callError(err).message);
    }
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="evaluation">
      <Space>
        <Button icon={<DownloadOutlined />} href={`/api/campaigns/${campaignId}/evaluation`} data-testid="evaluation-download">
          {t('download')}
        </Button>
        {status === 'ended' && canEvaluate && (
          <Button type="primary" icon={<CheckOutlined />} onClick={onMark} loading={mark.isPending} data-testid="evaluation-mark">
            {t('markEvaluated')}
          </Button>
        )}
      </Space>
      <Row gutter={[16, 16]}>
        {(
          [
            ['entries', r.entries, 0],
            ['responses', r.responses, 0],
            ['conversions', r.conversions, 0],
            ['revenue', r.revenueCny, 2],
            ['cost', r.costCny, 2],
            ['optOuts', r.optOuts, 0],
          ] as const
        ).map(([key, value, precision]) => (
          <Col key={key} xs={12} md={8} xl={4}>
            <Statistic title={t(key)} value={value} precision={precision} data-testid={`evaluation-${key}`} />
          </Col>
        ))}
      </Row>
      <Table
        size="small"
        rowKey="channel"
        pagination={false}
        dataSource={r.channels}
        columns={[
          { title: t('channel'), dataIndex: 'channel', render: (c: string) => <span title={c}>{codes.channel(c)}</span> },
          { title: t('contacts'), dataIndex: 'contacts' },
          { title: t('suppressed'), dataIndex: 'suppressed' },
          { title: t('conversions'), dataIndex: 'conversions' },
          { title: t('revenue'), dataIndex: 'revenueCny', render: (v: number) => v.toFixed(2) },
          { title: t('cost'), dataIndex: 'costCny', render: (v: number) => v.toFixed(2) },
        ]}
      />
      {r.suppressions.length > 0 && (
        <>
          <Typography.Title level={5}>{t('suppressions')}</Typography.Title>
          <Table
            size="small"
            rowKey={(s) => `${s.channel}|${s.reason}`}
            pagination={false}
            dataSource={r.suppressions}
            columns={[
              { title: t('channel'), dataIndex: 'channel', render: (c: string) => <span title={c}>{codes.channel(c)}</span> },
              { title: t('reason'), dataIndex: 'reason', render: (r: string) => <span title={r}>{codes.reason(r)}</span> },
              { title: t('suppressed'), dataIndex: 'n' },
            ]}
          />
        </>
      )}
      <Typography.Title level={5}>{t('lift')}</Typography.Title>
      {r.lift ? (
        <div data-testid="evaluation-lift">
          <Typography.Paragraph>
            {t('liftText', {
              t: pct(r.lift.treatment.rate),
              tn: r.lift.treatment.journeys,
              c: pct(r.lift.control.rate),
              cn: r.lift.control.journeys,
              d: pct(r.lift.difference),
              lo: pct(r.lift.ci95[0]),
              hi: pct(r.lift.ci95[1]),
            })}
          </Typography.Paragraph>
          <Typography.Text type={r.lift.ci95[0] > 0 || r.lift.ci95[1] < 0 ? 'success' : 'secondary'}>
            {r.lift.ci95[0] > 0 || r.lift.ci95[1] < 0 ? t('significant') : t('notSignificant')}
          </Typography.Text>
        </div>
      ) : (
        <Typography.Text type="secondary">{t('noLift')}</Typography.Text>
      )}
    </Space>
  );
}
