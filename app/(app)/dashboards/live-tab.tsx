'use client';
// The last fifteen minutes, pushed by the server every two seconds over server-sent events
// (GET /api/dashboards/live); the first figures come from the tRPC query so nothing waits.
import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Col, Row, Spin, Typography } from 'antd';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/app/_lib/trpc';
import { categoryOption } from './chart';
import { ChartCard } from './chart-card';
import type { Column } from './data-table';
import type { Drill } from './drill-drawer';
import type { ApiFilter } from './filters';
import { Kpi } from './kpi';
import { useLabels } from './labels';

type Live = inferRouterOutputs<AppRouter>['dashboards']['live'];
type Point = Live['series'][number];

function parseLive(text: string): Live {
  const raw = JSON.parse(text) as Live;
  return { ...raw, at: new Date(raw.at), series: raw.series.map((p) => ({ ...p, minute: new Date(p.minute) })) };
}

export function LiveTab({ filter, onDrill }: { filter: ApiFilter; onDrill: (d: Drill) => void }) {
  const t = useTranslations('dashboards.live');
  const tc = useTranslations('dashboards.common');
  const l = useLabels();
  const trpc = useTRPC();
  const first = useQuery(trpc.dashboards.live.queryOptions());
  const [pushed, setPushed] = useState<Live | null>(null);
  const [connection, setConnection] = useState<'connecting' | 'open' | 'error'>('connecting');

  useEffect(() => {
    const source = new EventSource('/api/dashboards/live');
    source.addEventListener('live', (e) => {
      setPushed(parseLive((e as MessageEvent<string>).data));
      setConnection('open');
    });
    source.addEventListener('error', () => setConnection('error'));
    return () => source.close();
  }, []);

  const d = pushed ?? first.data ?? null;
  if (first.error && !pushed) return <Alert type="error" showIcon title={tc('loadFailed', { message: first.error.message })} />;
  if (!d) return <Spin />;
  const minuteLabel = (m: Date) => l.dateTime(m).split(' ').pop() ?? '';
  const quiet = d.series.every((p) => p.events === 0 && p.contacts === 0);
  const drillMinute = (p: Point) =>
    onDrill({
      kind: 'steps',
      title: `${minuteLabel(p.minute)} · ${t('contacts')}`,
      filter: { ...filter, from: p.minute, to: new Date(p.minute.getTime() + 60_000) },
      selection: { outcome: 'sent' },
      customersFirst: true,
    });
  const cols: Column<Point>[] = [
    { key: 'minute', title: t('minute'), value: (r) => r.minute.toISOString(), render: (r) => l.dateTime(r.minute) },
    { key: 'events', title: t('events'), value: (r) => r.events, render: (r) => l.number(r.events), align: 'right' },
    { key: 'contacts', title: t('contacts'), value: (r) => r.contacts, render: (r) => l.number(r.contacts), align: 'right' },
    { key: 'avg', title: t('avg'), value: (r) => (r.avgLatencyMs === null ? null : Math.round(r.avgLatencyMs)), render: (r) => l.ms(r.avgLatencyMs), align: 'right' },
    { key: 'max', title: t('max'), value: (r) => r.maxLatencyMs, render: (r) => l.ms(r.maxLatencyMs), align: 'right' },
  ];
  const labels = d.series.map((p) => minuteLabel(p.minute));
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Typography.Text type="secondary" data-testid="live-status" aria-live="polite">
          {connection === 'error' ? t('disconnected') : connection === 'connecting' && !pushed ? t('connecting') : t('updated', { time: l.time(d.at) })}
        </Typography.Text>
      </Col>
      {(
        [
          ['events-per-second', t('eventsPerSecond'), l.number(d.eventsPerSecond, 2)],
          ['contacts-per-second', t('contactsPerSecond'), l.number(d.contactsPerSecond, 2)],
          ['avg-latency', t('avgLatency'), l.ms(d.avgLatencyMs)],
          ['max-latency', t('maxLatency'), l.ms(d.maxLatencyMs)],
        ] as const
      ).map(([id, title, value]) => (
        <Col key={id} xs={12} xl={6}>
          <Kpi id={id} title={title} value={value} />
        </Col>
      ))}
      {quiet && (
        <Col span={24}>
          <Alert type="info" showIcon title={t('quiet')} />
        </Col>
      )}
      <Col xs={24} xl={12}>
        <ChartCard
          id="live-rates"
          title={t('perMinute')}
          hint={tc('clickHint')}
          option={categoryOption(labels, [
            { name: t('events'), data: d.series.map((p) => p.events), type: 'line' },
            { name: t('contacts'), data: d.series.map((p) => p.contacts), type: 'line' },
          ])}
          onChartClick={(e) => d.series[e.dataIndex] && drillMinute(d.series[e.dataIndex])}
          columns={cols}
          rows={d.series}
          rowKey={(r) => r.minute.toISOString()}
          onRowClick={drillMinute}
          filename={`octoflow-live-${d.at.toISOString().slice(0, 16)}`}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard
          id="live-latency"
          title={t('latency')}
          option={categoryOption(
            labels,
            [
              { name: t('avg'), data: d.series.map((p) => (p.avgLatencyMs === null ? null : Math.round(p.avgLatencyMs))), type: 'line' },
              { name: t('max'), data: d.series.map((p) => p.maxLatencyMs), type: 'line' },
            ],
            { leftFormatter: (v) => `${v} ms` },
          )}
          onChartClick={(e) => d.series[e.dataIndex] && drillMinute(d.series[e.dataIndex])}
          columns={cols}
          rows={d.series}
          rowKey={(r) => r.minute.toISOString()}
          onRowClick={drillMinute}
          filename={`octoflow-live-latency-${d.at.toISOString().slice(0, 16)}`}
        />
      </Col>
    </Row>
  );
}
