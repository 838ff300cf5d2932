'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, RedoOutlined } from '@ant-design/icons';
import { callError } from '@/app/_lib/trpc-error';
import { useTRPC } from '@/app/_lib/trpc';
import { DateTime } from '@/app/_components/date-time';
import { EmptyText } from './empty-text';
import { JsonBlock } from './json-block';
import { ReplayModal, type Letter } from './replay-modal';
import { useRefreshOperations } from './use-operations';

/**
 * Events refused at intake: the open ones, each to replay (corrected or not) or discard, or
 * (switched) the closed ones, replayed or discarded, read-only.
 */
export function DeadLettersTab() {
  const t = useTranslations('operations');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const { message } = App.useApp();
  const refresh = useRefreshOperations();
  const [showClosed, setShowClosed] = useState(false);
  const [replaying, setReplaying] = useState<Letter | null>(null);
  const list = useQuery(trpc.operations.deadLetters.queryOptions({ closed: showClosed }));
  const discard = useMutation(
    trpc.operations.discardDeadLetter.mutationOptions({
      onSuccess: async () => {
        message.success(t('deadLetters.discarded'));
        await refresh();
      },
      onError: (e) => message.error(callError(e).message),
    }),
  );
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
          <Switch checked={showClosed} onChange={setShowClosed} data-testid="show-closed" id="show-closed" />
          <label htmlFor="show-closed">{t('deadLetters.showClosed')}</label>
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
        locale={{ emptyText: <EmptyText loading={list.isPending} text={showClosed ? t('deadLetters.emptyClosed') : t('deadLetters.empty')} /> }}
        expandable={{ expandedRowRender: (r) => <JsonBlock value={r.payload} testId={`payload-${r.id}`} /> }}
        columns={[
          { title: t('columns.receivedAt'), dataIndex: 'receivedAt', width: 170, render: (d: Date) => <DateTime value={d} withSeconds /> },
          { title: t('columns.source'), dataIndex: 'source', width: 120, render: (s: string) => <Tag>{source(s)}</Tag> },
          { title: t('columns.eventId'), dataIndex: 'eventId', render: (id: string | null) => (id ? <Typography.Text code>{id}</Typography.Text> : tc('none')) },
          {
            title: t('columns.error'),
            dataIndex: 'error',
            render: (e: string, r) => (
              <Typography.Text type={showClosed ? 'secondary' : 'danger'} data-testid={`dead-letter-error-${r.id}`}>
                {e}
              </Typography.Text>
            ),
          },
          ...(showClosed
            ? [
                {
                  title: t('columns.closed'),
                  key: 'closed',
                  width: 220,
                  render: (_: unknown, r: Letter) =>
                    r.replayedAt ? (
                      <Flex vertical data-testid={`closed-${r.id}`}>
                        <Tag color="green">{t('deadLetters.replayed')}</Tag>
                        <DateTime value={r.replayedAt} withSeconds />
                      </Flex>
                    ) : (
                      <Flex vertical data-testid={`closed-${r.id}`}>
                        <Tag>{t('deadLetters.discardedBy', { by: r.discardedBy ?? '' })}</Tag>
                        <DateTime value={r.discardedAt} withSeconds />
                      </Flex>
                    ),
                },
              ]
            : [
                {
                  key: 'actions',
                  align: 'right' as const,
                  width: 200,
                  render: (_: unknown, r: Letter) => (
                    <Space>
                      <Button size="small" icon={<RedoOutlined />} data-testid={`replay-${r.id}`} onClick={() => setReplaying(r)}>
                        {t('deadLetters.replay')}
                      </Button>
                      <Popconfirm title={t('deadLetters.discardConfirm')} onConfirm={() => discard.mutate({ id: r.id })} okText={t('deadLetters.discard')} okButtonProps={{ danger: true }} cancelText={tc('cancel')}>
                        <Button size="small" danger icon={<DeleteOutlined />} data-testid={`discard-${r.id}`}>
                          {t('deadLetters.discard')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]),
        ]}
      />
      <ReplayModal key={replaying?.id ?? 'closed'} letter={replaying} onClose={() => setReplaying(null)} />
    </>
  );
}
