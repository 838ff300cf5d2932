'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Spin, Tag } from 'antd';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/app/_lib/trpc';
import { categoryOption } from './chart';
import { ChartCard } from './chart-card';
import { DataTable, type Column } from './data-table';
import type { Drill } from './drill-drawer';
import { csvName, type ApiFilter } from './filters';
import { useLabels } from './labels';

type Loop = inferRouterOutputs<AppRouter>['dashboards']['loop'];

export function LoopTab({ filter, onDrill }: { filter: ApiFilter; onDrill: (d: Drill) => void }) {
  const t = useTranslations('dashboards.loop');
  const tc = useTranslations('dashboards.common');
  const l = useLabels();
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.dashboards.loop.queryOptions(filter), placeholderData: keepPreviousData });
  if (q.error) return <Alert type="error" showIcon title={tc('loadFailed', { message: q.error.message })} />;
  if (!q.data) return <Spin />;
  const d: Loop = q.data;

  const departments = [...new Set(d.stagesByDepartment.map((s) => s.department))].sort();
  type Stage = Loop['stages'][number];
  const stageCols: Column<Stage>[] = [
    { key: 'stage', title: t('stage'), value: (r) => l.status(r.status) },
    ...departments.map((dep) => ({
      key: dep,
      title: l.department(dep),
      value: (r: Stage) => d.stagesByDepartment.find((s) => s.status === r.status && s.department === dep)?.n ?? 0,
      align: 'right' as const,
    })),
    { key: 'n', title: t('campaigns'), value: (r) => r.n, align: 'right' },
  ];
  const drillStage = (status: string, department?: string) =>
    onDrill({
      kind: 'campaigns',
      title: `${l.status(status)}${department ? ` · ${l.department(department)}` : ''}`,
      rows: d.campaigns.filter((c) => c.status === status && (!department || c.department === department)),
    });

  type Cycle = Loop['cycleByDepartment'][number];
  const cycleCols: Column<Cycle>[] = [
    { key: 'department', title: t('department'), value: (r) => l.department(r.department) },
    { key: 'n', title: t('launchedCount'), value: (r) => r.n, align: 'right' },
    { key: 'median', title: t('median'), value: (r) => Math.round(r.medianHours * 10) / 10, render: (r) => l.hours(r.medianHours), align: 'right' },
    { key: 'p90', title: t('p90'), value: (r) => Math.round(r.p90Hours * 10) / 10, render: (r) => l.hours(r.p90Hours), align: 'right' },
  ];
  const drillCycle = (department: string) =>
    onDrill({
      kind: 'campaigns',
      title: `${t('launched')} · ${l.department(department)}`,
      rows: d.launched.filter((x) => x.department === department).map((x) => ({ ...x, extra: l.hours(x.cycleHours) })),
    });

  const periods = [...new Set(d.cycleTrend.map((p) => p.period))].sort();
  const trendDepts = [...new Set(d.cycleTrend.map((p) => p.department))].sort();
  type TrendRow = Loop['cycleTrend'][number];
  const trendCols: Column<TrendRow>[] = [
    { key: 'period', title: t('period'), value: (r) => r.period },
    { key: 'department', title: t('department'), value: (r) => l.department(r.department) },
    { key: 'n', title: t('launchedCount'), value: (r) => r.n, align: 'right' },
    { key: 'median', title: t('median'), value: (r) => Math.round(r.medianHours * 10) / 10, render: (r) => l.hours(r.medianHours), align: 'right' },
  ];

  type Wait = Loop['approvalWaits'][number];
  const waitCols: Column<Wait>[] = [
    { key: 'department', title: t('department'), value: (r) => l.department(r.department) },
    { key: 'approver', title: t('approver'), value: (r) => r.approver },
    { key: 'n', title: t('decisions'), value: (r) => r.n, align: 'right' },
    { key: 'median', title: t('medianWait'), value: (r) => Math.round(r.medianHours * 10) / 10, render: (r) => l.hours(r.medianHours), align: 'right' },
    { key: 'max', title: t('maxWait'), value: (r) => Math.round(r.maxHours * 10) / 10, render: (r) => l.hours(r.maxHours), align: 'right' },
  ];
  const waits = d.approvalWaits.slice(0, 12);
  // The sign-offs behind a department and approver, longest wait first.
  const drillWaits = (department: string, approver: string) =>
    onDrill({
      kind: 'campaigns',
      title: `${t('approvals')} · ${approver}（${l.department(department)}）`,
      extraTitle: t('wait'),
      rows: d.approvalDecisions
        .filter((x) => x.department === department && x.approver === approver)
        .map((x) => ({ campaignId: x.campaignId, name: x.name, department: x.department, extra: `${l.hours(x.waitHours)} · ${l.dateTime(x.decidedAt)}` })),
    });

  type Waiting = Loop['waitingNow'][number];
  const waitingCols: Column<Waiting>[] = [
    { key: 'name', title: t('name'), value: (r) => r.name, render: (r) => <Link href={`/campaigns/${r.campaignId}`}>{r.name}</Link> },
    { key: 'department', title: t('department'), value: (r) => l.department(r.department) },
    { key: 'since', title: t('waitingSince'), value: (r) => (r.since ? new Date(r.since).toISOString() : ''), render: (r) => (r.since ? l.dateTime(r.since) : '—') },
    { key: 'waiting', title: t('waiting'), value: (r) => (r.waitingHours === null ? null : Math.round(r.waitingHours * 10) / 10), render: (r) => l.hours(r.waitingHours), align: 'right' },
    {
      key: 'signed',
      title: t('signedBy'),
      value: (r) => r.signedBy.map(l.department).join(' / '),
      render: (r) => (r.signedBy.length ? r.signedBy.map((s) => <Tag key={s}>{l.department(s)}</Tag>) : t('nobodyYet')),
    },
  ];

  type Late = Loop['pastSchedule'][number];
  const lateCols: Column<Late>[] = [
    { key: 'name', title: t('name'), value: (r) => r.name, render: (r) => <Link href={`/campaigns/${r.campaignId}`}>{r.name}</Link> },
    { key: 'problem', title: t('problem'), value: (r) => (r.kind === 'not_started' ? t('notStarted') : t('runningPastEnd')) },
    { key: 'start', title: t('plannedStart'), value: (r) => (r.startAt ? new Date(r.startAt).toISOString() : ''), render: (r) => (r.startAt ? l.dateTime(r.startAt) : '—') },
    { key: 'end', title: t('plannedEnd'), value: (r) => (r.endAt ? new Date(r.endAt).toISOString() : ''), render: (r) => (r.endAt ? l.dateTime(r.endAt) : '—') },
    { key: 'overdue', title: t('overdue'), value: (r) => (r.overdueHours === null ? null : Math.round(r.overdueHours * 10) / 10), render: (r) => l.hours(r.overdueHours), align: 'right' },
  ];

  return (
    <Spin spinning={q.isFetching} delay={300}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ChartCard
            id="stages"
            title={t('stages')}
            hint={t('stagesHint')}
            ignored={d.ignored.loop}
            option={categoryOption(
              d.stages.map((s) => l.status(s.status)),
              departments.map((dep) => ({
                name: l.department(dep),
                stack: 'dept',
                data: d.stages.map((s) => d.stagesByDepartment.find((x) => x.status === s.status && x.department === dep)?.n ?? 0),
              })),
            )}
            onChartClick={(e) => d.stages[e.dataIndex] && drillStage(d.stages[e.dataIndex].status, departments[e.seriesIndex ?? -1])}
            columns={stageCols}
            rows={d.campaigns.length ? d.stages : []}
            rowKey={(r) => r.status}
            onRowClick={(r) => drillStage(r.status)}
            filename={csvName('stages', filter)}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            id="cycle"
            title={t('cycle')}
            ignored={d.ignored.loop}
            hint={t('cycleHint')}
            option={categoryOption(
              d.cycleByDepartment.map((c) => l.department(c.department)),
              [
                { name: t('median'), data: d.cycleByDepartment.map((c) => Math.round(c.medianHours * 10) / 10) },
                { name: t('p90'), data: d.cycleByDepartment.map((c) => Math.round(c.p90Hours * 10) / 10) },
              ],
              { leftFormatter: (v) => `${v} h` },
            )}
            onChartClick={(e) => d.cycleByDepartment[e.dataIndex] && drillCycle(d.cycleByDepartment[e.dataIndex].department)}
            columns={cycleCols}
            rows={d.cycleByDepartment}
            rowKey={(r) => r.department}
            onRowClick={(r) => drillCycle(r.department)}
            filename={csvName('launch-cycle', filter)}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            id="cycle-trend"
            title={t('cycleTrend')}
            ignored={d.ignored.loop}
            option={categoryOption(
              periods,
              trendDepts.map((dep) => ({
                name: l.department(dep),
                type: 'line' as const,
                data: periods.map((p) => {
                  const x = d.cycleTrend.find((c) => c.period === p && c.department === dep);
                  return x ? Math.round(x.medianHours * 10) / 10 : null;
                }),
              })),
              { leftFormatter: (v) => `${v} h` },
            )}
            onChartClick={(e) => trendDepts[e.seriesIndex ?? -1] && drillCycle(trendDepts[e.seriesIndex ?? 0])}
            columns={trendCols}
            rows={d.cycleTrend}
            rowKey={(r) => `${r.period}|${r.department}`}
            onRowClick={(r) => drillCycle(r.department)}
            filename={csvName('launch-cycle-trend', filter)}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            id="approval-waits"
            title={t('approvals')}
            ignored={d.ignored.loop}
            hint={t('approvalsHint')}
            option={categoryOption(
              waits.map((w) => `${w.approver}（${l.department(w.department)}）`),
              [
                { name: t('medianWait'), data: waits.map((w) => Math.round(w.medianHours * 10) / 10) },
                { name: t('maxWait'), data: waits.map((w) => Math.round(w.maxHours * 10) / 10) },
              ],
              { horizontal: true, leftFormatter: (v) => `${v} h` },
            )}
            onChartClick={(e) => waits[e.dataIndex] && drillWaits(waits[e.dataIndex].department, waits[e.dataIndex].approver)}
            columns={waitCols}
            rows={d.approvalWaits}
            rowKey={(r) => `${r.department}|${r.approver}`}
            onRowClick={(r) => drillWaits(r.department, r.approver)}
            filename={csvName('approval-waits', filter)}
          />
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('waitingNow')}</h3>} data-testid="card-waiting-now" style={{ height: '100%' }}>
            <DataTable id="waiting-now" caption={t('waitingNow')} columns={waitingCols} rows={d.waitingNow} rowKey={(r) => r.campaignId} filename={csvName('waiting-now', filter)} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('pastSchedule')}</h3>} data-testid="card-past-schedule" style={{ height: '100%' }}>
            {d.pastSchedule.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pastScheduleEmpty')} />
            ) : (
              <DataTable id="past-schedule" caption={t('pastSchedule')} columns={lateCols} rows={d.pastSchedule} rowKey={(r) => r.campaignId} filename={csvName('past-schedule', filter)} pageSize={5} />
            )}
          </Card>
        </Col>
      </Row>
    </Spin>
  );
}
