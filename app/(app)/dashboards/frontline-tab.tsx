'use client';
import { useTranslations } from 'next-intl';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Col, Row, Spin } from 'antd';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/app/_lib/trpc';
import { categoryOption } from './chart';
import { ChartCard } from './chart-card';
import type { Column } from './data-table';
import type { Drill } from './drill-drawer';
import { csvName, type ApiFilter } from './filters';
import { Kpi } from './kpi';
import { useLabels } from './labels';

type Frontline = inferRouterOutputs<AppRouter>['dashboards']['frontline'];
type Fig = { pushed: number; worked: number; accepted: number; commissionCny: number; conversionRate: number | null };

export function FrontlineTab({ filter, onDrill }: { filter: ApiFilter; onDrill: (d: Drill) => void }) {
  const t = useTranslations('dashboards.frontline');
  const tc = useTranslations('dashboards.common');
  const l = useLabels();
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.dashboards.frontline.queryOptions(filter), placeholderData: keepPreviousData });
  if (q.error) return <Alert type="error" showIcon title={tc('loadFailed', { message: q.error.message })} />;
  if (!q.data) return <Spin />;
  const d: Frontline = q.data;
  const figCols = <T extends Fig>(first: Column<T>[]): Column<T>[] => [
    ...first,
    { key: 'pushed', title: t('pushed'), value: (r) => r.pushed, render: (r) => l.number(r.pushed), align: 'right' },
    { key: 'worked', title: t('worked'), value: (r) => r.worked, render: (r) => l.number(r.worked), align: 'right' },
    { key: 'accepted', title: t('accepted'), value: (r) => r.accepted, render: (r) => l.number(r.accepted), align: 'right' },
    { key: 'rate', title: t('conversionRate'), value: (r) => r.conversionRate, render: (r) => l.percent(r.conversionRate), align: 'right' },
    { key: 'commission', title: t('commission'), value: (r) => r.commissionCny, render: (r) => l.money(r.commissionCny), align: 'right' },
  ];
  const tasks = (title: string, selection: Extract<Drill, { kind: 'tasks' }>['selection']) => onDrill({ kind: 'tasks', title, filter, selection });
  const regionName = l.region;
  const shops = d.byShop.slice(0, 15);
  const shopName = l.worker;
  return (
    <Spin spinning={q.isFetching} delay={300}>
      <Row gutter={[16, 16]}>
        {(
          [
            ['pushed', t('pushed'), l.number(d.totals.pushed)],
            ['worked', t('worked'), l.number(d.totals.worked)],
            ['accepted', t('accepted'), l.number(d.totals.accepted)],
            ['conversion-rate', t('conversionRate'), l.percent(d.totals.conversionRate)],
            ['commission', t('commission'), l.money(d.totals.commissionCny)],
          ] as const
        ).map(([id, title, value]) => (
          <Col key={id} xs={12} md={8} xl={4}>
            <Kpi id={id} title={title} value={value} onClick={() => tasks(title, {})} hint={tc('clickHint')} />
          </Col>
        ))}
        <Col xs={24} xl={12}>
          <ChartCard
            id="frontline-regions"
            title={t('byRegion')}
            option={categoryOption(
              d.byRegion.map((r) => regionName(r.region)),
              [
                { name: t('pushed'), data: d.byRegion.map((r) => r.pushed) },
                { name: t('accepted'), data: d.byRegion.map((r) => r.accepted) },
                { name: t('conversionRate'), data: d.byRegion.map((r) => r.conversionRate), type: 'points', right: true },
              ],
              { rightAxisPercent: true },
            )}
            onChartClick={(e) => d.byRegion[e.dataIndex] && tasks(regionName(d.byRegion[e.dataIndex].region), { region: d.byRegion[e.dataIndex].region })}
            columns={figCols<Frontline['byRegion'][number]>([{ key: 'region', title: t('region'), value: (r) => regionName(r.region) }])}
            rows={d.byRegion}
            rowKey={(r) => r.region}
            onRowClick={(r) => tasks(regionName(r.region), { region: r.region })}
            filename={csvName('frontline-regions', filter)}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            id="frontline-shops"
            title={t('byShop')}
            option={categoryOption(
              shops.map(shopName),
              [
                { name: t('accepted'), data: shops.map((s) => s.accepted) },
                { name: t('commission'), data: shops.map((s) => s.commissionCny), type: 'points', right: true },
              ],
              // One row a shop or team: their names are too long to sit side by side.
              { horizontal: true, labelWidth: 160 },
            )}
            height={96 + shops.length * 26}
            onChartClick={(e) => shops[e.dataIndex] && tasks(shopName(shops[e.dataIndex]), { shop: shops[e.dataIndex].shop, team: shops[e.dataIndex].team })}
            columns={figCols<Frontline['byShop'][number]>([
              { key: 'shop', title: t('shop'), value: (r) => l.shop(r.shop) },
              { key: 'team', title: t('team'), value: (r) => l.team(r.team) },
            ])}
            rows={d.byShop}
            rowKey={(r) => `${r.shop}|${r.team}`}
            onRowClick={(r) => tasks(shopName(r), { shop: r.shop, team: r.team })}
            filename={csvName('frontline-shops', filter)}
          />
        </Col>
        <Col span={24}>
          <ChartCard
            id="frontline-kinds"
            title={t('byKind')}
            option={categoryOption(
              d.byKind.map((k) => l.channel(k.kind)),
              [
                { name: t('pushed'), data: d.byKind.map((k) => k.pushed) },
                { name: t('worked'), data: d.byKind.map((k) => k.worked) },
                { name: t('accepted'), data: d.byKind.map((k) => k.accepted) },
              ],
            )}
            height={220}
            onChartClick={(e) => d.byKind[e.dataIndex] && tasks(l.channel(d.byKind[e.dataIndex].kind), { kind: d.byKind[e.dataIndex].kind })}
            columns={figCols<Frontline['byKind'][number]>([{ key: 'kind', title: t('kind'), value: (r) => l.channel(r.kind) }])}
            rows={d.byKind}
            rowKey={(r) => r.kind}
            onRowClick={(r) => tasks(l.channel(r.kind), { kind: r.kind })}
            filename={csvName('frontline-kinds', filter)}
          />
        </Col>
      </Row>
    </Spin>
  );
}
