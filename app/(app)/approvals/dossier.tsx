'use client';
import { useMemo, useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { DiffOutlined } from '@ant-design/icons';
import type { Catalog, FlowGraph } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { useCodeLabels } from '@/app/_lib/code-labels';
import { diffGraphs } from '@/app/_components/flow/graph-diff';
import { DIFF_TAG, VersionDiff } from '../campaigns/[id]/version-diff';

/**
 * The impact dossier beside a version under review (server/services/dossier.ts): what changed
 * since the last approved version (counts here, the visual diff on the canvas one click away),
 * and the forecast from simulating the version over the last week of real events.
 */
export function ImpactDossier({ versionId, versionNo, graph, catalog }: { versionId: string; versionNo: number; graph: FlowGraph | undefined; catalog: Catalog | undefined }) {
  const t = useTranslations('closedLoop.dossier');
  const { channel: channelName } = useCodeLabels();
  const td = useTranslations('designerTools.diff');
  const format = useFormatter();
  const trpc = useTRPC();
  // A forecast simulates thousands of events: computed once a minute at most, not on every focus.
  const dossier = useQuery({ ...trpc.campaigns.dossier.queryOptions({ versionId }), staleTime: 60_000, refetchOnWindowFocus: false });
  const last = dossier.data?.lastApproved ?? null;
  const before = useQuery({ ...trpc.campaigns.getVersion.queryOptions({ versionId: last?.id ?? versionId }), enabled: !!last, staleTime: Infinity });
  const [diffOpen, setDiffOpen] = useState(false);
  const counts = useMemo(() => {
    if (!last || !before.data || !graph) return null;
    const c = { added: 0, removed: 0, changed: 0 };
    for (const d of diffGraphs(before.data.graph, graph)) if (d.status !== 'unchanged') c[d.status]++;
    return c;
  }, [last, before.data, graph]);

  if (dossier.error) return <Alert type="error" showIcon title={t('loadFailed', { message: dossier.error.message })} style={{ marginBottom: 12 }} />;
  if (!dossier.data) return <Spin style={{ display: 'block', margin: '12px 0' }} />;
  const f = dossier.data.forecast;
  const channels = Object.keys(f.contacts).sort();
  return (
    <Card size="small" title={t('title')} style={{ marginBottom: 12 }} data-testid="dossier">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <div data-testid="dossier-diff">
          <Typography.Text strong>{t('diffTitle')}: </Typography.Text>
          {!last ? (
            <Typography.Text type="secondary" data-testid="dossier-first">{t('firstVersion')}</Typography.Text>
          ) : (
            <Space wrap size={4}>
              <Typography.Text>{t('lastApproved', { n: last.versionNo })}</Typography.Text>
              {counts &&
                (counts.added + counts.removed + counts.changed === 0 ? (
                  <Typography.Text type="secondary">{t('sameAsApproved')}</Typography.Text>
                ) : (
                  (['added', 'removed', 'changed'] as const).map((s) => (
                    <Tag key={s} color={DIFF_TAG[s]} data-testid={`dossier-diff-${s}`} data-count={counts[s]}>
                      {td(`status.${s}`)}: {counts[s]}
                    </Tag>
                  ))
                ))}
              <Button size="small" icon={<DiffOutlined />} onClick={() => setDiffOpen(true)} disabled={!graph || !catalog} data-testid="dossier-open-diff">
                {t('openDiff', { before: last.versionNo, after: versionNo })}
              </Button>
            </Space>
          )}
        </div>
        <Typography.Text strong>{t('forecastTitle', { days: f.sample.days })}</Typography.Text>
        <Typography.Text type="secondary" data-testid="dossier-sample" data-events={f.sample.events}>
          {t('sample', {
            from: format.dateTime(new Date(f.sample.from), { dateStyle: 'short', timeStyle: 'short' }),
            to: format.dateTime(new Date(f.sample.to), { dateStyle: 'short', timeStyle: 'short' }),
            events: f.sample.events,
            customers: f.sample.customers,
          })}
        </Typography.Text>
        <Descriptions
          size="small"
          bordered
          column={2}
          items={[
            { key: 'customers', label: t('customers'), children: <span data-testid="dossier-customers">{f.customers}</span> },
            { key: 'entries', label: t('entries'), children: <span data-testid="dossier-entries">{f.entries}</span> },
            { key: 'cost', label: t('cost'), children: <span data-testid="dossier-cost">{t('cny', { n: f.budget.costCny })}</span> },
            { key: 'perDayCny', label: t('perDayCny'), children: <span data-testid="dossier-burn">{t('cny', { n: f.budget.perDayCny })}</span> },
            { key: 'budget', label: t('budget'), children: f.budget.budgetCny === null ? t('unlimited') : t('cny', { n: f.budget.budgetCny }) },
            { key: 'days', label: t('daysToExhaust'), children: <span data-testid="dossier-days">{f.budget.daysToExhaust === null ? t('never') : t('daysN', { n: f.budget.daysToExhaust })}</span> },
            {
              key: 'overlap',
              label: t('overlap'),
              span: 2,
              children: (
                <span data-testid="dossier-overlap" data-count={f.overlap.customers}>
                  {f.overlap.customers === 0
                    ? t('noOverlap')
                    : `${f.overlap.customers} · ${f.overlap.campaigns.map((c) => t('overlapWith', { name: c.name, n: c.customers })).join('；')}`}
                </span>
              ),
            },
          ]}
        />
        {channels.length === 0 ? (
          <Typography.Text type="secondary">{t('noContacts')}</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey="channel"
            pagination={false}
            data-testid="dossier-contacts"
            dataSource={channels.map((ch) => ({ channel: ch, total: f.contacts[ch], perDay: f.perDay[ch] }))}
            columns={[
              { title: t('channel'), dataIndex: 'channel', render: (ch: string) => channelName(ch) },
              { title: t('inSample'), dataIndex: 'total' },
              { title: t('perDay'), dataIndex: 'perDay', render: (n: number, row) => <span data-testid={`dossier-per-day-${row.channel}`}>{n}</span> },
            ]}
          />
        )}
        {f.notForecast.length > 0 && <Alert type="info" showIcon title={t('notForecast', { kinds: f.notForecast.join(', ') })} />}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('assumptions')}
        </Typography.Text>
      </Space>
      {last && graph && catalog && (
        <VersionDiff
          open={diffOpen}
          onClose={() => setDiffOpen(false)}
          before={last.id}
          after={versionId}
          draft={graph}
          catalog={catalog}
          labels={{ before: `v${last.versionNo}`, after: `v${versionNo}` }}
        />
      )}
    </Card>
  );
}
