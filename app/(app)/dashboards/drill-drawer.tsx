'use client';
// The list behind a figure, one level at a time: the campaigns behind a number, a campaign's
// flow nodes with their counts (and the way into the designer), the customers behind a node and
// outcome (each a link to the customer page). Frontline tasks, complaints, the slowest contacts
// and the success rate lead on to the same flow-with-counts view of their campaign (FlowDrill);
// Loop figures open their campaigns.
import { useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Drawer, Space, Spin, Tag, Typography } from 'antd';
import { NodeIndexOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { StatusTag } from '@/app/_components/status-tag';
import { DataTable, type Column } from './data-table';
import type { ApiFilter } from './filters';
import { useLabels } from './labels';

export interface StepSelection {
  outcome: string;
  reason?: string;
  campaignId?: string;
  nodeId?: string;
}

export interface CampaignRef {
  campaignId: string;
  name: string;
  department: string;
  status?: string;
  extra?: string;
}

export type Drill =
  | { kind: 'steps'; title: string; filter: ApiFilter; selection: StepSelection; customersFirst?: boolean }
  | { kind: 'tasks'; title: string; filter: ApiFilter; selection: { region?: string; shop?: string; team?: string; kind?: string } }
  | { kind: 'optOuts'; title: string; filter: ApiFilter; selection: { channel?: string; source?: string } }
  | { kind: 'events'; title: string; filter: ApiFilter; selection: { type?: string } }
  | { kind: 'complaints'; title: string; filter: ApiFilter; selection: { category?: string; channel?: string; source?: string } }
  | { kind: 'slowest'; title: string; filter: ApiFilter }
  | { kind: 'success'; title: string; filter: ApiFilter; channels: SuccessRow[]; campaigns: (SuccessRow & CampaignRef)[] }
  | { kind: 'campaigns'; title: string; rows: CampaignRef[]; /** What `extra` holds (by default the launch cycle). */ extraTitle?: string };

/** Contacts made and successes of a channel or campaign (from the Execution dashboard). */
export interface SuccessRow {
  channel?: string;
  sent: number;
  successes: number;
  successRate: number | null;
}

type Level = { level: 'campaigns' } | { level: 'nodes'; campaignId: string } | { level: 'customers'; campaignId?: string; nodeId?: string; outcome: string };

function initialLevel(s: StepSelection, customersFirst?: boolean): Level {
  if (s.nodeId || customersFirst) return { level: 'customers', campaignId: s.campaignId, nodeId: s.nodeId, outcome: s.outcome };
  if (s.campaignId) return { level: 'nodes', campaignId: s.campaignId };
  return { level: 'campaigns' };
}

export function DrillDrawer({ drill, onClose }: { drill: Drill | null; onClose: () => void }) {
  const t = useTranslations('dashboards.drill');
  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      size="large"
      destroyOnHidden
      title={drill ? `${t('title')} · ${drill.title}` : t('title')}
      data-testid="drill-drawer"
    >
      {drill?.kind === 'steps' && <StepsDrill key={JSON.stringify(drill.selection) + drill.filter.from.toISOString()} drill={drill} />}
      {drill?.kind === 'tasks' && <TasksDrill drill={drill} />}
      {drill?.kind === 'optOuts' && <OptOutsDrill drill={drill} />}
      {drill?.kind === 'events' && <EventsDrill drill={drill} />}
      {drill?.kind === 'complaints' && <ComplaintsDrill drill={drill} />}
      {drill?.kind === 'slowest' && <SlowestDrill drill={drill} />}
      {drill?.kind === 'success' && <SuccessDrill drill={drill} />}
      {drill?.kind === 'campaigns' && <CampaignList rows={drill.rows} extraTitle={drill.extraTitle} filename={`octoflow-${drill.title}`} />}
    </Drawer>
  );
}

function CampaignList({ rows, extraTitle, filename }: { rows: CampaignRef[]; extraTitle?: string; filename: string }) {
  const t = useTranslations('dashboards.drill');
  const tl = useTranslations('dashboards.loop');
  const l = useLabels();
  const columns: Column<CampaignRef>[] = [
    { key: 'name', title: t('campaign'), value: (r) => r.name, render: (r) => <Link href={`/campaigns/${r.campaignId}`}>{r.name}</Link> },
    { key: 'department', title: t('department'), value: (r) => l.department(r.department) },
    ...(rows.some((r) => r.status) ? [{ key: 'status', title: tl('status'), value: (r: CampaignRef) => r.status ?? '', render: (r: CampaignRef) => (r.status ? <StatusTag status={r.status} /> : null) }] : []),
    ...(rows.some((r) => r.extra) ? [{ key: 'extra', title: extraTitle ?? tl('cycleHours'), value: (r: CampaignRef) => r.extra ?? '' }] : []),
  ];
  return <DataTable id="drill-campaigns" caption={t('campaigns')} columns={columns} rows={rows} rowKey={(r, i) => `${r.campaignId}|${i}`} filename={filename} />;
}

function StepsDrill({ drill }: { drill: Extract<Drill, { kind: 'steps' }> }) {
  const t = useTranslations('dashboards.drill');
  const [level, setLevel] = useState<Level>(() => initialLevel(drill.selection, drill.customersFirst));
  const campaignId = level.level === 'campaigns' ? undefined : level.campaignId;
  const crumbs = [
    { title: <a onClick={() => setLevel({ level: 'campaigns' })}>{t('campaigns')}</a>, key: 'c' },
    ...(campaignId ? [{ title: <a onClick={() => setLevel({ level: 'nodes', campaignId })}>{t('nodes')}</a>, key: 'n' }] : []),
    ...(level.level === 'customers' ? [{ title: t('customers'), key: 'u' }] : []),
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Breadcrumb items={crumbs} />
      {level.level === 'campaigns' && (
        <DrillCampaigns drill={drill} onPick={(id) => setLevel({ level: 'nodes', campaignId: id })} onCustomers={() => setLevel({ level: 'customers', outcome: drill.selection.outcome })} />
      )}
      {level.level === 'nodes' && (
        <DrillNodes filter={drill.filter} campaignId={level.campaignId} onPick={(nodeId, outcome) => setLevel({ level: 'customers', campaignId: level.campaignId, nodeId, outcome })} />
      )}
      {level.level === 'customers' && (
        <DrillCustomers
          filter={drill.filter}
          selection={{ outcome: level.outcome, campaignId: level.campaignId, nodeId: level.nodeId, reason: level.outcome === drill.selection.outcome ? drill.selection.reason : undefined }}
        />
      )}
    </Space>
  );
}

function DrillCampaigns({ drill, onPick, onCustomers }: { drill: Extract<Drill, { kind: 'steps' }>; onPick: (id: string) => void; onCustomers: () => void }) {
  const t = useTranslations('dashboards.drill');
  const l = useLabels();
  const trpc = useTRPC();
  const q = useQuery(trpc.dashboards.drillCampaigns.queryOptions({ filter: drill.filter, selection: drill.selection }));
  type Row = NonNullable<typeof q.data>[number];
  const columns: Column<Row>[] = [
    { key: 'name', title: t('campaign'), value: (r) => r.name, render: (r) => <a data-testid="drill-campaign">{r.name}</a> },
    { key: 'department', title: t('department'), value: (r) => l.department(r.department) },
    { key: 'n', title: t('count'), value: (r) => r.n, render: (r) => l.number(r.n), align: 'right' },
    ...(drill.selection.outcome === 'converted' ? [{ key: 'revenue', title: t('revenue'), value: (r: Row) => r.revenueCny, render: (r: Row) => l.money(r.revenueCny), align: 'right' as const }] : []),
  ];
  if (q.error) return <Alert type="error" showIcon title={q.error.message} />;
  return (
    <Spin spinning={q.isFetching}>
      <DataTable id="drill-campaigns" caption={t('campaigns')} columns={columns} rows={q.data ?? []} rowKey={(r) => r.campaignId} filename="octoflow-drill-campaigns" onRowClick={(r) => onPick(r.campaignId)} />
      <Button type="link" onClick={onCustomers} data-testid="drill-all-customers">
        {t('customers')} →
      </Button>
    </Spin>
  );
}

function DrillNodes({ filter, campaignId, onPick }: { filter: ApiFilter; campaignId: string; onPick: (nodeId: string, outcome: string) => void }) {
  const t = useTranslations('dashboards.drill');
  const l = useLabels();
  const trpc = useTRPC();
  const q = useQuery(trpc.dashboards.campaignNodes.queryOptions({ filter, campaignId }));
  type Row = NonNullable<typeof q.data>['nodes'][number];
  const columns: Column<Row>[] = [
    { key: 'node', title: t('node'), value: (r) => r.nodeId },
    { key: 'kind', title: t('kind'), value: (r) => r.kind },
    {
      key: 'outcomes',
      title: t('outcomes'),
      value: (r) => Object.entries(r.outcomes).map(([o, n]) => `${o}=${n}`).join('; '),
      render: (r) => (
        <Space wrap size={4}>
          {Object.entries(r.outcomes).map(([o, n]) => (
            <Tag key={o} style={{ cursor: 'pointer' }} onClick={() => onPick(r.nodeId, o)} data-testid={`node-${r.nodeId}-${o}`}>
              {l.outcome(o)} {l.number(n)}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];
  if (q.error) return <Alert type="error" showIcon title={q.error.message} />;
  return (
    <Spin spinning={q.isFetching}>
      {q.data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {q.data.name} <StatusTag status={q.data.status} />
          </Typography.Title>
          <Link href={`/campaigns/${campaignId}`} data-testid="drill-open-designer">
            <NodeIndexOutlined /> {t('openDesigner')}
          </Link>
          <Typography.Text type="secondary">{t('pickNode')}</Typography.Text>
          <DataTable id="drill-nodes" caption={t('nodes')} columns={columns} rows={q.data.nodes} rowKey={(r) => r.nodeId} filename={`octoflow-nodes-${campaignId}`} pageSize={20} />
        </Space>
      )}
    </Spin>
  );
}

function DrillCustomers({ filter, selection }: { filter: ApiFilter; selection: StepSelection }) {
  const t = useTranslations('dashboards.drill');
  const l = useLabels();
  const trpc = useTRPC();
  const q = useQuery(trpc.dashboards.drillSteps.queryOptions({ filter, selection }));
  type Row = NonNullable<typeof q.data>[number];
  const columns: Column<Row>[] = [
    { key: 'customer', title: t('customer'), value: (r) => r.customerId, render: (r) => <Link href={`/customers/${r.customerId}`} data-testid="drill-customer">{r.customerId}</Link> },
    { key: 'name', title: t('name'), value: (r) => r.customerName },
    { key: 'campaign', title: t('campaign'), value: (r) => r.campaign, render: (r) => <Link href={`/campaigns/${r.campaignId}`}>{r.campaign}</Link> },
    { key: 'node', title: t('node'), value: (r) => r.nodeId },
    { key: 'outcome', title: t('outcome'), value: (r) => l.outcome(r.outcome) },
    { key: 'reason', title: t('reason'), value: (r) => (r.reason ? l.reason(r.reason) : '') },
    { key: 'at', title: t('at'), value: (r) => new Date(r.at).toISOString(), render: (r) => l.dateTime(r.at) },
  ];
  if (q.error) return <Alert type="error" showIcon title={q.error.message} />;
  return (
    <Spin spinning={q.isFetching}>
      {q.data && q.data.length === 0 && !q.isFetching ? (
        <Alert type="info" showIcon title={t('noSteps')} />
      ) : (
        <>
          {(q.data?.length ?? 0) >= 200 && <Typography.Text type="secondary">{t('limit', { count: 200 })}</Typography.Text>}
          <DataTable id="drill-customers" caption={t('customers')} columns={columns} rows={q.data ?? []} rowKey={(r) => String(r.stepId)} filename="octoflow-drill-customers" pageSize={15} />
        </>
      )}
    </Spin>
  );
}

function TasksDrill({ drill }: { drill: Extract<Drill, { kind: 'tasks' }> }) {
  const t = useTranslations('dashboards.frontline');
  const l = useLabels();
  const trpc = useTRPC();
  const [campaignId, setCampaignId] = useState<string>();
  const q = useQuery(trpc.dashboards.frontlineTasks.queryOptions({ filter: drill.filter, selection: drill.selection }));
  type Row = NonNullable<typeof q.data>[number];
  const columns: Column<Row>[] = [
    { key: 'customer', title: t('customer'), value: (r) => r.customerId, render: (r) => <Link href={`/customers/${r.customerId}`} data-testid="drill-customer">{r.customerId}</Link> },
    { key: 'campaign', title: t('campaign'), value: (r) => r.campaign, render: (r) => <CampaignLink name={r.campaign} onOpen={() => setCampaignId(r.campaignId)} /> },
    { key: 'kind', title: t('kind'), value: (r) => l.channel(r.kind) },
    { key: 'region', title: t('region'), value: (r) => l.region(r.region) },
    { key: 'status', title: t('status'), value: (r) => l.taskStatus(r.status) },
    { key: 'outcome', title: t('outcome'), value: (r) => l.taskOutcome(r.outcome) },
    { key: 'worker', title: t('shopOrTeam'), value: (r) => l.worker(r) },
    { key: 'commission', title: t('commission'), value: (r) => (r.outcome === 'accepted' ? r.commissionCny : 0), align: 'right' },
    { key: 'created', title: t('createdAt'), value: (r) => new Date(r.createdAt).toISOString(), render: (r) => l.dateTime(r.createdAt) },
  ];
  if (q.error) return <Alert type="error" showIcon title={q.error.message} />;
  if (campaignId) return <FlowDrill filter={drill.filter} campaignId={campaignId} list={t('tasks')} onBack={() => setCampaignId(undefined)} />;
  return (
    <Spin spinning={q.isFetching}>
      <DataTable id="drill-tasks" caption={t('tasks')} columns={columns} rows={q.data ?? []} rowKey={(r) => r.taskId} filename="octoflow-drill-tasks" pageSize={15} />
    </Spin>
  );
}

function OptOutsDrill({ drill }: { drill: Extract<Drill, { kind: 'optOuts' }> }) {
  const t = useTranslations('dashboards.drill');
  const te = useTranslations('dashboards.execution');
  const l = useLabels();
  const trpc = useTRPC();
  const q = useQuery(trpc.dashboards.optOuts.queryOptions({ filter: drill.filter, selection: drill.selection }));
  type Row = NonNullable<typeof q.data>[number];
  const columns: Column<Row>[] = [
    { key: 'customer', title: t('customer'), value: (r) => r.customerId, render: (r) => <Link href={`/customers/${r.customerId}`} data-testid="drill-customer">{r.customerId}</Link> },
    { key: 'name', title: t('name'), value: (r) => r.customerName },
    { key: 'channel', title: te('channel'), value: (r) => (r.channel === '*' ? te('allChannels') : l.channel(r.channel)) },
    { key: 'source', title: te('source'), value: (r) => l.optOutSource(r.source) },
    { key: 'at', title: t('at'), value: (r) => new Date(r.at).toISOString(), render: (r) => l.dateTime(r.at) },
  ];
  if (q.error) return <Alert type="error" showIcon title={q.error.message} />;
  return (
    <Spin spinning={q.isFetching}>
      {(q.data?.length ?? 0) >= 200 && <Typography.Text type="secondary">{t('limit', { count: 200 })}</Typography.Text>}
      <DataTable id="drill-opt-outs" caption={t('customers')} columns={columns} rows={q.data ?? []} rowKey={(r) => `${r.customerId}|${r.channel}`} filename="octoflow-drill-opt-outs" pageSize={15} />
    </Spin>
  );
}

/** A campaign name that opens the campaign's flow with its per-node counts (in the drawer). */
function CampaignLink({ name, onOpen }: { name: string; onOpen: () => void }) {
  return (
    <a
      data-testid="drill-open-flow"
      onClick={(e) => {
        e.stopPropagation();
        onOpen();
      }}
    >
      {name}
    </a>
  );
}

/**
 * A campaign's flow with its per-node counts for the range, and the customers behind a count:
 * where a list of tasks, complaints or contacts leads on to, as the step drills do.
 */
function FlowDrill({ filter, campaignId, list, onBack }: { filter: ApiFilter; campaignId: string; list: string; onBack: () => void }) {
  const t = useTranslations('dashboards.drill');
  const [pick, setPick] = useState<{ nodeId: string; outcome: string }>();
  const crumbs = [
    { title: <a onClick={onBack} data-testid="drill-back">{list}</a>, key: 'l' },
    { title: pick ? <a onClick={() => setPick(undefined)}>{t('nodes')}</a> : t('nodes'), key: 'n' },
    ...(pick ? [{ title: t('customers'), key: 'u' }] : []),
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Breadcrumb items={crumbs} />
      {pick ? (
        <DrillCustomers filter={{ ...filter, channel: undefined }} selection={{ outcome: pick.outcome, campaignId, nodeId: pick.nodeId }} />
      ) : (
        <DrillNodes filter={filter} campaignId={campaignId} onPick={(nodeId, outcome) => setPick({ nodeId, outcome })} />
      )}
    </Space>
  );
}

function EventsDrill({ drill }: { drill: Extract<Drill, { kind: 'events' }> }) {
  const t = useTranslations('dashboards.drill');
  const l = useLabels();
  const trpc = useTRPC();
  const q = useQuery(trpc.dashboards.events.queryOptions({ filter: drill.filter, selection: drill.selection }));
  type Row = NonNullable<typeof q.data>[number];
  const columns: Column<Row>[] = [
    { key: 'customer', title: t('customer'), value: (r) => r.customerId, render: (r) => <Link href={`/customers/${r.customerId}`} data-testid="drill-customer">{r.customerId}</Link> },
    { key: 'name', title: t('name'), value: (r) => r.customerName },
    { key: 'type', title: t('eventType'), value: (r) => l.eventType(r.type) },
    { key: 'status', title: t('status'), value: (r) => l.eventStatus(r.status) },
    { key: 'occurred', title: t('occurredAt'), value: (r) => new Date(r.occurredAt).toISOString(), render: (r) => l.dateTime(r.occurredAt) },
    { key: 'received', title: t('receivedAt'), value: (r) => new Date(r.receivedAt).toISOString(), render: (r) => l.dateTime(r.receivedAt) },
  ];
  if (q.error) return <Alert type="error" showIcon title={q.error.message} />;
  return (
    <Spin spinning={q.isFetching}>
      {(q.data?.length ?? 0) >= 200 && <Typography.Text type="secondary">{t('limit', { count: 200 })}</Typography.Text>}
      <DataTable id="drill-events" caption={t('events')} columns={columns} rows={q.data ?? []} rowKey={(r) => r.eventId} filename="octoflow-drill-events" pageSize={15} />
    </Spin>
  );
}

function ComplaintsDrill({ drill }: { drill: Extract<Drill, { kind: 'complaints' }> }) {
  const t = useTranslations('dashboards.drill');
  const te = useTranslations('dashboards.execution');
  const l = useLabels();
  const trpc = useTRPC();
  const [campaignId, setCampaignId] = useState<string>();
  const q = useQuery(trpc.dashboards.complaints.queryOptions({ filter: drill.filter, selection: drill.selection }));
  type Row = NonNullable<typeof q.data>[number];
  const columns: Column<Row>[] = [
    { key: 'customer', title: t('customer'), value: (r) => r.customerId, render: (r) => <Link href={`/customers/${r.customerId}`} data-testid="drill-customer">{r.customerId}</Link> },
    { key: 'name', title: t('name'), value: (r) => r.customerName },
    { key: 'category', title: te('category'), value: (r) => l.complaintCategory(r.category) },
    { key: 'channel', title: te('channel'), value: (r) => (r.channel ? l.channel(r.channel) : '') },
    { key: 'source', title: te('lodged'), value: (r) => l.complaintSource(r.source) },
    { key: 'campaign', title: t('campaign'), value: (r) => r.campaign, render: (r) => (r.campaignId ? <CampaignLink name={r.campaign} onOpen={() => setCampaignId(r.campaignId!)} /> : '—') },
    { key: 'at', title: t('occurredAt'), value: (r) => new Date(r.occurredAt).toISOString(), render: (r) => l.dateTime(r.occurredAt) },
  ];
  if (q.error) return <Alert type="error" showIcon title={q.error.message} />;
  if (campaignId) return <FlowDrill filter={drill.filter} campaignId={campaignId} list={t('complainants')} onBack={() => setCampaignId(undefined)} />;
  return (
    <Spin spinning={q.isFetching}>
      {(q.data?.length ?? 0) >= 200 && <Typography.Text type="secondary">{t('limit', { count: 200 })}</Typography.Text>}
      <DataTable id="drill-complaints" caption={t('complainants')} columns={columns} rows={q.data ?? []} rowKey={(r) => r.eventId} filename="octoflow-drill-complaints" pageSize={15} />
    </Spin>
  );
}

function SlowestDrill({ drill }: { drill: Extract<Drill, { kind: 'slowest' }> }) {
  const t = useTranslations('dashboards.drill');
  const l = useLabels();
  const trpc = useTRPC();
  const [campaignId, setCampaignId] = useState<string>();
  const q = useQuery(trpc.dashboards.slowestContacts.queryOptions({ filter: drill.filter }));
  type Row = NonNullable<typeof q.data>[number];
  const columns: Column<Row>[] = [
    { key: 'customer', title: t('customer'), value: (r) => r.customerId, render: (r) => <Link href={`/customers/${r.customerId}`} data-testid="drill-customer">{r.customerId}</Link> },
    { key: 'name', title: t('name'), value: (r) => r.customerName },
    { key: 'latency', title: t('latency'), value: (r) => r.latencyMs, render: (r) => l.ms(r.latencyMs), align: 'right' },
    { key: 'campaign', title: t('campaign'), value: (r) => r.campaign, render: (r) => <CampaignLink name={r.campaign} onOpen={() => setCampaignId(r.campaignId)} /> },
    { key: 'node', title: t('node'), value: (r) => r.nodeId },
    { key: 'channel', title: t('channel'), value: (r) => (r.channel ? l.channel(r.channel) : '') },
    { key: 'event', title: t('eventType'), value: (r) => l.eventType(r.eventType) },
    { key: 'received', title: t('receivedAt'), value: (r) => new Date(r.receivedAt).toISOString(), render: (r) => l.dateTime(r.receivedAt) },
    { key: 'at', title: t('contactAt'), value: (r) => new Date(r.at).toISOString(), render: (r) => l.dateTime(r.at) },
  ];
  if (q.error) return <Alert type="error" showIcon title={q.error.message} />;
  if (campaignId) return <FlowDrill filter={drill.filter} campaignId={campaignId} list={t('slowest')} onBack={() => setCampaignId(undefined)} />;
  return (
    <Spin spinning={q.isFetching}>
      <Typography.Paragraph type="secondary">{t('slowestHint')}</Typography.Paragraph>
      <DataTable id="drill-slowest" caption={t('slowest')} columns={columns} rows={q.data ?? []} rowKey={(r) => String(r.stepId)} filename="octoflow-drill-slowest" pageSize={15} />
    </Spin>
  );
}

/**
 * Behind the success rate: contacts made and successes per channel and per campaign. A channel
 * leads to its contacts (campaigns, flow, customers); a campaign to its flow with its counts.
 */
function SuccessDrill({ drill }: { drill: Extract<Drill, { kind: 'success' }> }) {
  const t = useTranslations('dashboards.drill');
  const te = useTranslations('dashboards.execution');
  const l = useLabels();
  const [open, setOpen] = useState<{ channel: string } | { campaignId: string }>();
  const figures = <R extends SuccessRow>(): Column<R>[] => [
    { key: 'sent', title: te('sent'), value: (r) => r.sent, render: (r) => l.number(r.sent), align: 'right' },
    { key: 'successes', title: te('successes'), value: (r) => r.successes, render: (r) => l.number(r.successes), align: 'right' },
    { key: 'rate', title: te('successRate'), value: (r) => r.successRate, render: (r) => l.percent(r.successRate), align: 'right' },
  ];
  type Campaign = SuccessRow & CampaignRef;
  if (open && 'campaignId' in open) return <FlowDrill filter={drill.filter} campaignId={open.campaignId} list={te('successRate')} onBack={() => setOpen(undefined)} />;
  if (open)
    return (
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <a onClick={() => setOpen(undefined)} data-testid="drill-back">
          ← {t('back')}
        </a>
        <StepsDrill drill={{ kind: 'steps', title: l.channel(open.channel), filter: { ...drill.filter, channel: open.channel as ApiFilter['channel'] }, selection: { outcome: 'sent' } }} />
      </Space>
    );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <DataTable
        id="drill-success-channels"
        caption={t('successChannels')}
        columns={[{ key: 'channel', title: t('channel'), value: (r: SuccessRow) => l.channel(r.channel ?? '') }, ...figures<SuccessRow>()]}
        rows={drill.channels}
        rowKey={(r) => r.channel ?? ''}
        onRowClick={(r) => r.channel && setOpen({ channel: r.channel })}
        filename="octoflow-drill-success-channels"
      />
      <Typography.Text type="secondary">{t('pickCampaign')}</Typography.Text>
      <DataTable
        id="drill-success-campaigns"
        caption={t('successCampaigns')}
        columns={[
          { key: 'name', title: t('campaign'), value: (r: Campaign) => r.name, render: (r: Campaign) => <a data-testid="drill-campaign">{r.name}</a> },
          { key: 'department', title: t('department'), value: (r: Campaign) => l.department(r.department) },
          ...figures<Campaign>(),
        ]}
        rows={drill.campaigns}
        rowKey={(r) => r.campaignId}
        onRowClick={(r) => setOpen({ campaignId: r.campaignId })}
        filename="octoflow-drill-success-campaigns"
        pageSize={10}
      />
    </Space>
  );
}
