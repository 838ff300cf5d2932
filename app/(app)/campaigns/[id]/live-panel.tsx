'use client';
import { useState } from 'react';
import Link from 'next/link';
import { useLocale, useMessages, useTranslations } from 'next-intl';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Segmented, Switch, Table, Tag, Typography } from 'antd';
import { getKind, type FlowGraph } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { pickText } from '@/app/_lib/localized';
import { DateTime } from '@/app/_components/date-time';
import type { LiveNodeCounts } from '@/app/_components/flow/flow-context';

/** How often the live figures are read again while the designer watches. */
export const LIVE_REFRESH_MS = 5_000;
const PAGE_SIZE = 10;
const FIGURES = ['entered', 'waiting', 'contacted', 'suppressed', 'converted'] as const;

export interface LiveSummary {
  versionNo: number;
  at: string;
  nodes: Record<string, LiveNodeCounts>;
}

/**
 * The Live tab of a running campaign: whether counts show on the canvas, which version they are
 * from and when they were read, and for the selected step its figures and the customers there now
 * or who passed it, a page at a time.
 */
export function LivePanel(props: {
  campaignId: string;
  graph: FlowGraph;
  nodeId: string | undefined;
  live: LiveSummary | undefined;
  error: string | undefined;
  showOnCanvas: boolean;
  onShowOnCanvas(on: boolean): void;
}) {
  const { campaignId, graph, nodeId, live } = props;
  const t = useTranslations('designerTools.live');
  const locale = useLocale();
  const outcomes: Record<string, string> = useMessages().designerTools.live.outcomes;
  const node = nodeId ? graph.nodes.find((n) => n.id === nodeId) : undefined;
  const def = node ? getKind(node.kind) : undefined;
  const counts = nodeId ? live?.nodes[nodeId] : undefined;

  return (
    <div data-testid="live-panel">
      <label style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 8 }}>
        <Switch checked={props.showOnCanvas} onChange={props.onShowOnCanvas} data-testid="live-toggle" />
        {t('showOnCanvas')}
      </label>
      {props.error && <Alert type="error" showIcon title={t('failed', { message: props.error })} style={{ marginBottom: 8 }} />}
      {live && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="live-meta">
          {t('meta', { version: live.versionNo, seconds: LIVE_REFRESH_MS / 1000 })} <DateTime value={live.at} withSeconds />
        </Typography.Paragraph>
      )}
      {!node ? (
        <Typography.Paragraph type="secondary">{t('pickNode')}</Typography.Paragraph>
      ) : (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {def ? pickText(def.label, locale) : node.kind} <Typography.Text type="secondary">· {node.id}</Typography.Text>
          </Typography.Title>
          <Descriptions
            size="small"
            column={3}
            layout="vertical"
            data-testid="live-node-counts"
            items={FIGURES.map((k) => ({ key: k, label: t(`figures.${k}`), children: <span data-figure={k}>{counts?.[k] ?? 0}</span> }))}
          />
          <NodeCustomers key={node.id} campaignId={campaignId} nodeId={node.id} outcomes={outcomes} />
        </>
      )}
    </div>
  );
}

function NodeCustomers({ campaignId, nodeId, outcomes }: { campaignId: string; nodeId: string; outcomes: Record<string, string> }) {
  const t = useTranslations('designerTools.live');
  const trpc = useTRPC();
  const [which, setWhich] = useState<'here' | 'passed'>('passed');
  const [page, setPage] = useState(1);
  const list = useQuery({
    ...trpc.campaigns.nodeCustomers.queryOptions({ campaignId, nodeId, which, page, pageSize: PAGE_SIZE }),
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <Segmented
        block
        value={which}
        onChange={(v) => {
          setWhich(v as 'here' | 'passed');
          setPage(1);
        }}
        options={[
          { value: 'passed', label: t('passed') },
          { value: 'here', label: t('here') },
        ]}
        aria-label={t('whichLabel')}
        data-testid="live-which"
        style={{ marginBottom: 8 }}
      />
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table
        size="small"
        rowKey="journeyId"
        data-testid="live-customers"
        loading={list.isLoading}
        dataSource={list.data?.customers ?? []}
        locale={{ emptyText: which === 'here' ? t('noneHere') : t('nonePassed') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small', showTotal: (n) => t('total', { count: n }) }}
        columns={[
          { key: 'customer', title: t('columns.customer'), render: (_, r) => <Link href={`/customers/${r.customerId}`}>{r.customerId}</Link> },
          { key: 'name', title: t('columns.name'), dataIndex: 'name' },
          { key: 'outcome', title: t('columns.outcome'), render: (_, r) => <Tag>{outcomes[r.outcome] ?? r.outcome}</Tag> },
          { key: 'at', title: t('columns.at'), render: (_, r) => <DateTime value={r.at} /> },
        ]}
      />
    </>
  );
}
