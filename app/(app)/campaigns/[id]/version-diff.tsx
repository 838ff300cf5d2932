'use client';
import { useMemo, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { Descriptions, Drawer, Empty, Flex, Space, Spin, Tag, Typography } from 'antd';
import { getKind, type Catalog, type FlowGraph } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { pickText } from '@/app/_lib/localized';
import { AutoFit } from '@/app/_components/flow/auto-fit';
import { FlowCanvas } from '@/app/_components/flow/flow-canvas';
import type { NodeMark } from '@/app/_components/flow/flow-context';
import { toRf } from '@/app/_components/flow/graph-convert';
import { diffGraphs, mergedForDiff, type DiffStatus, type NodeDiff } from '@/app/_components/flow/graph-diff';

export const DIFF_TAG: Record<DiffStatus, string> = { added: 'green', removed: 'red', changed: 'gold', unchanged: 'default' };

/** `draft` or a version id. */
export type DiffSide = string;

/**
 * Two versions (or a version and the current draft) on one canvas: added nodes green, removed
 * red and dashed, changed amber; clicking a node compares its settings side by side.
 */
export function VersionDiff({
  open,
  onClose,
  before,
  after,
  draft,
  catalog,
  labels,
}: {
  open: boolean;
  onClose(): void;
  before: DiffSide;
  after: DiffSide;
  draft: FlowGraph;
  catalog: Catalog;
  labels: { before: string; after: string };
}) {
  const t = useTranslations('designerTools.diff');
  const trpc = useTRPC();
  const load = (side: DiffSide) => ({ ...trpc.campaigns.getVersion.queryOptions({ versionId: side }), enabled: open && side !== 'draft', staleTime: Infinity });
  const a = useQuery(load(before));
  const b = useQuery(load(after));
  const ga = before === 'draft' ? draft : a.data?.graph;
  const gb = after === 'draft' ? draft : b.data?.graph;
  return (
    <Drawer open={open} onClose={onClose} size="90vw" title={t('title', labels)} destroyOnHidden data-testid="version-diff">
      {ga && gb ? <DiffBody before={ga} after={gb} catalog={catalog} labels={labels} /> : <Spin />}
    </Drawer>
  );
}

function DiffBody({ before, after, catalog, labels }: { before: FlowGraph; after: FlowGraph; catalog: Catalog; labels: { before: string; after: string } }) {
  const t = useTranslations('designerTools.diff');
  const diffs = useMemo(() => diffGraphs(before, after), [before, after]);
  const { nodes, edges } = useMemo(() => {
    const rf = toRf(mergedForDiff(before, after));
    return {
      nodes: rf.nodes,
      edges: rf.edges.map((e) => (e.id.startsWith('removed:') ? { ...e, style: { stroke: '#cf1322', strokeDasharray: '6 4' } } : e)),
    };
  }, [before, after]);
  const marks = useMemo(() => new Map(diffs.filter((d) => d.status !== 'unchanged').map((d) => [d.id, d.status as NodeMark])), [diffs]);
  const ui = useMemo(() => ({ readOnly: true, catalog, issuesByNode: new Map(), marks }), [catalog, marks]);
  const [picked, setPicked] = useState<string | null>(() => diffs.find((d) => d.status !== 'unchanged')?.id ?? null);
  const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const d of diffs) counts[d.status]++;
  const pick = diffs.find((d) => d.id === picked);

  return (
    <Flex vertical gap={12} style={{ height: '100%' }}>
      <Space wrap data-testid="diff-summary">
        {(['added', 'removed', 'changed'] as const).map((s) => (
          <Tag key={s} color={DIFF_TAG[s]} data-testid={`diff-count-${s}`} data-count={counts[s]}>
            {t(`status.${s}`)}: {counts[s]}
          </Tag>
        ))}
        {counts.added + counts.removed + counts.changed === 0 && <Typography.Text type="secondary">{t('same')}</Typography.Text>}
      </Space>
      <Flex gap={12} style={{ flex: 1, minHeight: 0 }}>
        <div style={{ flex: 1, minWidth: 0, border: '1px solid #f0f0f0', borderRadius: 8 }} data-testid="diff-canvas">
          <ReactFlowProvider>
            <FlowCanvas nodes={nodes} edges={edges} ui={ui} ariaLabel={t('canvas')} onNodeClick={setPicked}>
              <AutoFit />
            </FlowCanvas>
          </ReactFlowProvider>
        </div>
        <aside style={{ width: 420, overflowY: 'auto' }} aria-label={t('details')}>
          {pick ? <NodeCompare diff={pick} labels={labels} /> : <Empty description={t('pickNode')} />}
        </aside>
      </Flex>
    </Flex>
  );
}

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v, null, 1));

function NodeCompare({ diff, labels }: { diff: NodeDiff; labels: { before: string; after: string } }) {
  const t = useTranslations('designerTools.diff');
  const locale = useLocale();
  const def = getKind(diff.kind);
  const keys = [...new Set([...Object.keys(diff.before?.params ?? {}), ...Object.keys(diff.after?.params ?? {})])];
  return (
    <div data-testid="diff-node" data-node={diff.id}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <Tag color={DIFF_TAG[diff.status]}>{t(`status.${diff.status}`)}</Tag>
        {def ? pickText(def.label, locale) : diff.kind} · {diff.id}
      </Typography.Title>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={keys.map((k) => {
          const changed = diff.changedParams.includes(k);
          return {
            key: k,
            label: k,
            children: (
              <Flex gap={8} data-testid={`diff-param-${k}`} data-changed={changed}>
                <div style={{ flex: 1, minWidth: 0, background: changed ? '#fff1f0' : undefined, padding: 4, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                  <Typography.Text type="secondary" style={{ fontSize: 11, display: 'block' }}>
                    {labels.before}
                  </Typography.Text>
                  {show(diff.before?.params[k])}
                </div>
                <div style={{ flex: 1, minWidth: 0, background: changed ? '#f6ffed' : undefined, padding: 4, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                  <Typography.Text type="secondary" style={{ fontSize: 11, display: 'block' }}>
                    {labels.after}
                  </Typography.Text>
                  {show(diff.after?.params[k])}
                </div>
              </Flex>
            ),
          };
        })}
      />
      {diff.changedLinks.length > 0 && (
        <Typography.Paragraph style={{ marginTop: 8 }}>{t('linksChanged', { ports: diff.changedLinks.join(', ') })}</Typography.Paragraph>
      )}
    </div>
  );
}
