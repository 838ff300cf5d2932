'use client';
import { useTranslations } from 'next-intl';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Spin, Statistic, Typography } from 'antd';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/app/_lib/trpc';
import { categoryOption } from './chart';
import { ChartCard } from './chart-card';
import { DataTable, type Column } from './data-table';
import type { Drill } from './drill-drawer';
import { csvName, dayStart, type ApiFilter } from './filters';
import { Kpi } from './kpi';
import { useLabels } from './labels';

type Execution = inferRouterOutputs<AppRouter>['dashboards']['execution'];
const DAY = 86_400_000;

export function ExecutionTab({ filter, onDrill }: { filter: ApiFilter; onDrill: (d: Drill) => void }) {
  const t = useTranslations('dashboards.execution');
  const tc = useTranslations('dashboards.common');
  const l = useLabels();
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.dashboards.execution.queryOptions(filter), placeholderData: keepPreviousData });
  if (q.error) return <Alert type="error" showIcon title={tc('loadFailed', { message: q.error.message })} />;
  if (!q.data) return <Spin />;
  const d: Execution = q.data;
  const steps = (title: string, outcome: string, extra: { reason?: string; campaignId?: string } = {}, f: ApiFilter = filter) =>
    onDrill({ kind: 'steps', title, filter: f, selection: { outcome, ...extra } });

  type Trend = Execution['trend'][number];
  const trendCols: Column<Trend>[] = [
    { key: 'day', title: t('day'), value: (r) => r.day },
    { key: 'events', title: t('events'), value: (r) => r.events, render: (r) => l.number(r.events), align: 'right' },
    { key: 'entered', title: t('entered'), value: (r) => r.entered, render: (r) => l.number(r.entered), align: 'right' },
    { key: 'sent', title: t('sent'), value: (r) => r.sent, render: (r) => l.number(r.sent), align: 'right' },
    { key: 'suppressed', title: t('suppressed'), value: (r) => r.suppressed, render: (r) => l.number(r.suppressed), align: 'right' },
    { key: 'converted', title: t('conversions'), value: (r) => r.converted, render: (r) => l.number(r.converted), align: 'right' },
    { key: 'complaints', title: t('complaints'), value: (r) => r.complaints, render: (r) => l.number(r.complaints), align: 'right' },
  ];
  const trendSeries = ['events', 'entered', 'sent', 'converted'] as const;
  const trendTitles = { events: t('events'), entered: t('entered'), sent: t('sent'), converted: t('conversions') };
  const drillDay = (day: string, outcome: string) => {
    const from = dayStart(day);
    steps(`${day} · ${l.outcome(outcome)}`, outcome, {}, { ...filter, from, to: new Date(from.getTime() + DAY) });
  };

  type Channel = Execution['channels'][number];
  const channelCols: Column<Channel>[] = [
    { key: 'channel', title: t('channel'), value: (r) => l.channel(r.channel) },
    { key: 'requested', title: t('requested'), value: (r) => r.requested, render: (r) => l.number(r.requested), align: 'right' },
    { key: 'sent', title: t('sent'), value: (r) => r.sent, render: (r) => l.number(r.sent), align: 'right' },
    { key: 'suppressed', title: t('suppressed'), value: (r) => r.suppressed, render: (r) => l.number(r.suppressed), align: 'right' },
    { key: 'failed', title: t('failed'), value: (r) => r.failed, render: (r) => l.number(r.failed), align: 'right' },
    { key: 'successes', title: t('successes'), value: (r) => r.successes, render: (r) => l.number(r.successes), align: 'right' },
    { key: 'rate', title: t('successRate'), value: (r) => r.successRate, render: (r) => l.percent(r.successRate), align: 'right' },
  ];
  const drillChannel = (c: Channel) => steps(l.channel(c.channel), 'sent', {}, { ...filter, channel: c.channel as ApiFilter['channel'] });

  type Reason = Execution['suppressions'][number];
  const reasonCols: Column<Reason>[] = [
    { key: 'reason', title: t('reason'), value: (r) => l.reason(r.reason) },
    { key: 'n', title: t('count'), value: (r) => r.n, render: (r) => l.number(r.n), align: 'right' },
  ];
  // Turned away by an eligibility check: those are the check's `ineligible` steps, not suppressed ones.
  const drillReason = (r: Reason) => (r.reason === 'ineligible' ? steps(l.reason(r.reason), 'ineligible') : steps(l.reason(r.reason), 'suppressed', { reason: r.reason }));

  type Campaign = Execution['campaigns'][number];
  const campaignCols: Column<Campaign>[] = [
    { key: 'name', title: t('campaign'), value: (r) => r.name },
    { key: 'department', title: t('department'), value: (r) => l.department(r.department) },
    { key: 'entered', title: t('entered'), value: (r) => r.entered, render: (r) => l.number(r.entered), align: 'right' },
    { key: 'sent', title: t('sent'), value: (r) => r.sent, render: (r) => l.number(r.sent), align: 'right' },
    { key: 'suppressed', title: t('suppressed'), value: (r) => r.suppressed, render: (r) => l.number(r.suppressed), align: 'right' },
    { key: 'successes', title: t('successes'), value: (r) => r.successes, render: (r) => l.number(r.successes), align: 'right' },
    { key: 'rate', title: t('successRate'), value: (r) => r.successRate, render: (r) => l.percent(r.successRate), align: 'right' },
    { key: 'conversions', title: t('conversions'), value: (r) => r.conversions, render: (r) => l.number(r.conversions), align: 'right' },
    { key: 'revenue', title: t('revenue'), value: (r) => r.revenueCny, render: (r) => l.money(r.revenueCny), align: 'right' },
    { key: 'complaints', title: t('complaints'), value: (r) => r.complaints, render: (r) => l.number(r.complaints), align: 'right' },
  ];
  const topCampaigns = d.campaigns.slice(0, 10);
  const drillCampaign = (c: Campaign) => steps(c.name, 'sent', { campaignId: c.campaignId });

  type Budget = Execution['budget'][number];
  const budgetCols: Column<Budget>[] = [
    { key: 'name', title: t('campaign'), value: (r) => r.name },
    { key: 'budget', title: t('budgetCol'), value: (r) => r.budgetCny, render: (r) => l.money(r.budgetCny), align: 'right' },
    { key: 'spent', title: t('spent'), value: (r) => Math.round(r.spentCny * 100) / 100, render: (r) => l.money(r.spentCny), align: 'right' },
    { key: 'burn', title: t('burn'), value: (r) => r.burn, render: (r) => l.percent(r.burn), align: 'right' },
  ];

  type OptOut = Execution['optOuts'][number];
  const optOutCols: Column<OptOut>[] = [
    { key: 'channel', title: t('channel'), value: (r) => (r.channel === '*' ? t('allChannels') : l.channel(r.channel)) },
    { key: 'source', title: t('source'), value: (r) => l.optOutSource(r.source) },
    { key: 'n', title: t('count'), value: (r) => r.n, render: (r) => l.number(r.n), align: 'right' },
  ];

  type Complaint = Execution['complaints'][number];
  const complaintCols: Column<Complaint>[] = [
    { key: 'category', title: t('category'), value: (r) => l.complaintCategory(r.category) },
    { key: 'channel', title: t('channel'), value: (r) => l.channel(r.channel) },
    { key: 'source', title: t('lodged'), value: (r) => l.complaintSource(r.source) },
    { key: 'n', title: t('count'), value: (r) => r.n, render: (r) => l.number(r.n), align: 'right' },
  ];

  return (
    <Spin spinning={q.isFetching} delay={300}>
      <Row gutter={[16, 16]}>
        {(
          [
            ['events', t('events'), l.number(d.totals.events), () => onDrill({ kind: 'events', title: t('events'), filter, selection: {} })],
            ['entered', t('entered'), l.number(d.totals.entered), () => steps(t('entered'), 'entered')],
            ['sent', t('sent'), l.number(d.totals.sent), () => steps(t('sent'), 'sent')],
            ['success-rate', t('successRate'), l.percent(d.totals.successRate), () => onDrill({ kind: 'success', title: t('successRate'), filter, channels: d.channels, campaigns: d.campaigns })],
            ['conversions', t('conversions'), l.number(d.totals.conversions), () => steps(t('conversions'), 'converted')],
            ['revenue', t('revenue'), l.money(d.totals.revenueCny), () => steps(t('revenue'), 'converted')],
            ['opt-outs', t('optOuts'), l.number(d.totals.optOuts), () => onDrill({ kind: 'optOuts', title: t('optOuts'), filter, selection: {} })],
            ['latency', t('latency'), l.ms(d.totals.avgLatencyMs), () => onDrill({ kind: 'slowest', title: t('latency'), filter })],
          ] as const
        ).map(([id, title, value, onClick]) => (
          <Col key={id} xs={12} md={6} xl={3}>
            <Kpi id={id} title={title} value={value} onClick={onClick} hint={tc('clickHint')} />
          </Col>
        ))}
        <Col span={24}>
          <ChartCard
            id="trend"
            title={t('trend')}
            hint={tc('clickHint')}
            ignored={d.ignored.events.length ? d.ignored.events : undefined}
            option={categoryOption(
              d.trend.map((p) => p.day),
              trendSeries.map((k) => ({ name: trendTitles[k], data: d.trend.map((p) => p[k]), type: 'line' as const })),
            )}
            onChartClick={(e) => {
              const p = d.trend[e.dataIndex];
              const k = trendSeries[e.seriesIndex ?? 0];
              if (p && k === 'events') {
                const from = dayStart(p.day);
                onDrill({ kind: 'events', title: `${p.day} · ${t('events')}`, filter: { ...filter, from, to: new Date(from.getTime() + DAY) }, selection: {} });
              } else if (p) drillDay(p.day, k);
            }}
            columns={trendCols}
            rows={d.trend}
            rowKey={(r) => r.day}
            onRowClick={(r) => drillDay(r.day, 'entered')}
            filename={csvName('trend', filter)}
          />
        </Col>
        <Col xs={24} xl={14}>
          <ChartCard
            id="channels"
            title={t('byChannel')}
            hint={t('byChannelHint')}
            option={categoryOption(
              d.channels.map((c) => l.channel(c.channel)),
              [
                { name: t('sent'), data: d.channels.map((c) => c.sent) },
                { name: t('successes'), data: d.channels.map((c) => c.successes) },
                { name: t('suppressed'), data: d.channels.map((c) => c.suppressed) },
                { name: t('successRate'), data: d.channels.map((c) => c.successRate), type: 'points', right: true },
              ],
              { rightAxisPercent: true },
            )}
            onChartClick={(e) => d.channels[e.dataIndex] && drillChannel(d.channels[e.dataIndex])}
            columns={channelCols}
            rows={d.channels}
            rowKey={(r) => r.channel || 'none'}
            onRowClick={drillChannel}
            filename={csvName('channels', filter)}
          />
        </Col>
        <Col xs={24} xl={10}>
          <ChartCard
            id="suppressions"
            title={t('suppressions')}
            option={categoryOption(d.suppressions.map((r) => l.reason(r.reason)), [{ name: t('count'), data: d.suppressions.map((r) => r.n) }], { horizontal: true })}
            onChartClick={(e) => d.suppressions[e.dataIndex] && drillReason(d.suppressions[e.dataIndex])}
            columns={reasonCols}
            rows={d.suppressions}
            rowKey={(r) => r.reason}
            onRowClick={drillReason}
            filename={csvName('suppressions', filter)}
          />
        </Col>
        <Col span={24}>
          <ChartCard
            id="campaigns"
            title={t('byCampaign')}
            option={categoryOption(
              topCampaigns.map((c) => c.name),
              [
                { name: t('sent'), data: topCampaigns.map((c) => c.sent) },
                { name: t('successes'), data: topCampaigns.map((c) => c.successes) },
                { name: t('successRate'), data: topCampaigns.map((c) => c.successRate), type: 'points', right: true },
              ],
              // Campaign names are long: one row each, cut with an ellipsis past 220 px (the
              // tooltip and the table below name them in full).
              { rightAxisPercent: true, horizontal: true, labelWidth: 220 },
            )}
            height={96 + topCampaigns.length * 36}
            onChartClick={(e) => topCampaigns[e.dataIndex] && drillCampaign(topCampaigns[e.dataIndex])}
            columns={campaignCols}
            rows={d.campaigns}
            rowKey={(r) => r.campaignId}
            onRowClick={drillCampaign}
            filename={csvName('campaigns', filter)}
          />
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('budget')}</h3>} data-testid="card-budget" style={{ height: '100%' }}>
            <Statistic title={t('cost')} value={l.money(d.totals.costCny)} styles={{ content: { fontSize: 20 } }} />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('costHint')}
            </Typography.Paragraph>
            {d.budget.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('budgetEmpty')} />
            ) : (
              <DataTable
                id="budget"
                fit
                caption={t('budget')}
                columns={budgetCols}
                rows={d.budget}
                rowKey={(r) => r.campaignId}
                onRowClick={(r) => steps(r.name, 'sent', { campaignId: r.campaignId })}
                filename={csvName('budget', filter)}
                pageSize={5}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('complaints')}</h3>} data-testid="card-complaints" style={{ height: '100%' }}>
            <Row gutter={16}>
              <Col span={12}>
                <button
                  type="button"
                  data-testid="complaints-customers"
                  onClick={() => onDrill({ kind: 'complaints', title: t('complaints'), filter, selection: {} })}
                  aria-label={`${t('complaints')}: ${l.number(d.totals.complaints)}. ${tc('clickHint')}`}
                  style={{ all: 'unset', cursor: 'pointer', display: 'block' }}
                >
                  <Statistic title={t('complaints')} value={l.number(d.totals.complaints)} styles={{ content: { fontSize: 20 } }} />
                </button>
              </Col>
              <Col span={12}>
                <Statistic title={t('complaintsPer10k')} value={l.number(d.totals.complaintsPer10k, 2)} styles={{ content: { fontSize: 20 } }} />
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('complaintsHint')}
            </Typography.Paragraph>
            {d.complaints.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaintsNone')} />
            ) : (
              <DataTable
                id="complaints"
                fit
                caption={t('complaints')}
                columns={complaintCols}
                rows={d.complaints}
                rowKey={(r) => `${r.category}|${r.channel}|${r.source}`}
                onRowClick={(r) =>
                  onDrill({
                    kind: 'complaints',
                    title: `${t('complaints')} · ${l.complaintCategory(r.category)} · ${l.complaintSource(r.source)}`,
                    filter,
                    selection: { category: r.category, channel: r.channel, source: r.source },
                  })
                }
                filename={csvName('complaints', filter)}
                pageSize={5}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('optOutsBy')}</h3>} data-testid="card-opt-outs" style={{ height: '100%' }}>
            <DataTable
              id="opt-outs"
              fit
              caption={t('optOutsBy')}
              columns={optOutCols}
              rows={d.optOuts}
              rowKey={(r) => `${r.channel}|${r.source}`}
              onRowClick={(r) => onDrill({ kind: 'optOuts', title: `${t('optOuts')} · ${r.channel === '*' ? t('allChannels') : l.channel(r.channel)} · ${l.optOutSource(r.source)}`, filter, selection: { channel: r.channel, source: r.source } })}
              filename={csvName('opt-outs', filter)}
            />
          </Card>
        </Col>
      </Row>
    </Spin>
  );
}
