'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Switch, Table, Tag, Typography } from 'antd';
import { RedoOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { DateTime } from '@/app/_components/date-time';
import { EmptyText } from './empty-text';
import { JsonBlock } from './json-block';
import { ReplayModal, type Letter } from './replay-modal';

/** Events refused at intake: the open ones with a Replay button, or (switched) the replayed ones, read-only. */
export function DeadLettersTab() {
  const t = useTranslations('operations');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const [showReplayed, setShowReplayed] = useState(false);
  const [replaying, setReplaying] = useState<Letter | null>(null);
  const list = useQuery(trpc.operations.deadLetters.queryOptions({ replayed: showReplayed }));
  const source = (s: string) => {
    const key = `sources.${s}` as 'sources.http';
    return t.has(key) ? t(key) : s;
  };

  return (
    <>
      <Flex justify="space-between" align="center" gap={16} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" style={{ maxWidth: 900 }}>
          {t('deadLetters.intro')}
        </Typography.Text>
        <Flex align="center" gap={8} style={{ flex: 'none' }}>
          <Switch checked={showReplayed} onChange={setShowReplayed} data-testid="show-replayed" id="show-replayed" />
          <label htmlFor="show-replayed">{t('deadLetters.showReplayed')}</label>
        </Flex>
      </Flex>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        data-testid="dead-letters-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <EmptyText loading={list.isPending} text={showReplayed ? t('deadLetters.emptyReplayed') : t('deadLetters.empty')} /> }}
        expandable={{ expandedRowRender: (r) => <JsonBlock value={r.payload} testId={`payload-${r.id}`} /> }}
        columns={[
          { title: t('columns.receivedAt'), dataIndex: 'receivedAt', width: 170, render: (d: Date) => <DateTime value={d} withSeconds /> },
          { title: t('columns.source'), dataIndex: 'source', width: 120, render: (s: string) => <Tag>{source(s)}</Tag> },
          { title: t('columns.eventId'), dataIndex: 'eventId', render: (id: string | null) => (id ? <Typography.Text code>{id}</Typography.Text> : tc('none')) },
          {
            title: t('columns.error'),
            dataIndex: 'error',
            render: (e: string, r) => (
              <Typography.Text type={showReplayed ? 'secondary' : 'danger'} data-testid={`dead-letter-error-${r.id}`}>
                {e}
              </Typography.Text>
            ),
          },
          ...(showReplayed
            ? [{ title: t('columns.replayedAt'), key: 'replayedAt', width: 170, render: (_: unknown, r: Letter) => <DateTime value={r.replayedAt} withSeconds /> }]
            : [
                {
                  key: 'actions',
                  align: 'right' as const,
                  width: 100,
                  render: (_: unknown, r: Letter) => (
                    <Button size="small" icon={<RedoOutlined />} data-testid={`replay-${r.id}`} onClick={() => setReplaying(r)}>
                      {t('deadLetters.replay')}
                    </Button>
                  ),
                },
              ]),
        ]}
      />
      <ReplayModal key={replaying?.id ?? 'closed'} letter={replaying} onClose={() => setReplaying(null)} />
    </>
  );
}
