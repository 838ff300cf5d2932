'use client';
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, List, Modal, Space, Spin, Tag, Typography } from 'antd';
import { getKind, type FlowGraph } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { pickText } from '@/app/_lib/localized';
import { diffGraphs } from '@/app/_components/flow/graph-diff';
import { DIFF_TAG } from './version-diff';

/**
 * Someone else saved this draft after it was opened (saveDraft said CONFLICT). The designer
 * chooses: reload theirs (dropping their own edits), or review what differs and then overwrite.
 * There is no silent path that loses either person's work.
 */
export function SaveConflict({
  campaignId,
  mine,
  onReload,
  onOverwrite,
}: {
  campaignId: string;
  mine: FlowGraph;
  onReload(): void;
  onOverwrite(theirRevision: number): void;
}) {
  const t = useTranslations('designerTools.conflict');
  const [open, setOpen] = useState(true);
  const [review, setReview] = useState(false);
  return (
    <>
      <Alert
        type="warning"
        showIcon
        data-testid="conflict-banner"
        style={{ marginBottom: 8 }}
        title={t('banner')}
        action={
          <Button size="small" onClick={() => setOpen(true)} data-testid="conflict-open">
            {t('decide')}
          </Button>
        }
      />
      <Modal
        open={open}
        title={t('title')}
        onCancel={() => setOpen(false)}
        width={review ? 720 : 520}
        data-testid="conflict-dialog"
        footer={
          <Space>
            <Button onClick={() => setOpen(false)}>{t('later')}</Button>
            <Button danger onClick={onReload} data-testid="conflict-reload">
              {t('reload')}
            </Button>
            {!review && (
              <Button type="primary" onClick={() => setReview(true)} data-testid="conflict-review">
                {t('review')}
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph>{t('explain')}</Typography.Paragraph>
        {review && <ConflictReview campaignId={campaignId} mine={mine} onOverwrite={onOverwrite} />}
      </Modal>
    </>
  );
}

function ConflictReview({ campaignId, mine, onOverwrite }: { campaignId: string; mine: FlowGraph; onOverwrite(revision: number): void }) {
  const t = useTranslations('designerTools');
  const locale = useLocale();
  const trpc = useTRPC();
  const theirs = useQuery({ ...trpc.campaigns.get.queryOptions({ id: campaignId }), staleTime: 0 });
  if (!theirs.data) return <Spin />;
  const diffs = diffGraphs(theirs.data.draftGraph, mine).filter((d) => d.status !== 'unchanged');
  return (
    <div data-testid="conflict-diff">
      <Typography.Paragraph type="secondary">{t('conflict.reviewHint', { revision: theirs.data.draftRevision })}</Typography.Paragraph>
      <List
        size="small"
        bordered
        locale={{ emptyText: t('conflict.same') }}
        dataSource={diffs}
        renderItem={(d) => {
          const def = getKind(d.kind);
          return (
            <List.Item>
              <Tag color={DIFF_TAG[d.status]}>{t(`diff.status.${d.status}`)}</Tag>
              {def ? pickText(def.label, locale) : d.kind} · {d.id}
              {d.changedParams.length > 0 && <Typography.Text type="secondary"> — {d.changedParams.join(', ')}</Typography.Text>}
            </List.Item>
          );
        }}
      />
      <Button type="primary" danger style={{ marginTop: 12 }} onClick={() => onOverwrite(theirs.data.draftRevision)} data-testid="conflict-overwrite">
        {t('conflict.overwrite')}
      </Button>
    </div>
  );
}
