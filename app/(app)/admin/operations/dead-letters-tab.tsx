'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, RedoOutlined } from '@ant-design/icons';
import { callError } from '@/app/_lib/trpc-error';
import { useTRPC } from '@/app/_lib/trpc';
import { DateTime } from '@/app/_components/date-time';
import { LongText } from '@/app/_components/long-text';
import { BulkActions } from './bulk-actions';
import { DeadLetterFilters, useSourceLabel, type LetterFilter } from './dead-letter-filters';
import { EmptyText } from './empty-text';
import { JsonBlock } from './json-block';
import { ReplayModal, type Letter } from './replay-modal';
import { usePaging } from './paging';
import { useRefreshOperations } from './use-operations';

/**
 * Events refused at intake, filtered and a page at a time: the open ones, each to replay
 * (corrected or not) or discard, or all those the filter matches at once; or (switched) the closed
 * ones, replayed or discarded, read-only.
 */
export function DeadLettersTab() {
  const t = useTranslations('operations');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const { message } = App.useApp();
  const refresh = useRefreshOperations();
  const source = useSourceLabel();
  const [showClosed, setShowClosed] = useState(false);
  const [filter, setFilter] = useState<LetterFilter>({});
  const paging = usePaging();
  const [replaying, setReplaying] = useState<Letter | null>(null);
  const list = useQuery({
    ...trpc.operations.deadLetters.queryOptions({ closed: showClosed, ...filter, page: paging.page, pageSize: paging.pageSize }),
    // Another page of the same list keeps the rows shown until it arrives; another list does not.
    placeholderData: (previous, query) => (query && (query.queryKey[1] as { input?: { closed?: boolean } } | undefined)?.input?.closed === showClosed ? previous : undefined),
  });
  const total = list.data?.total ?? 0;
  if (list.data && !list.isPlaceholderData) paging.clamp(total);
  const filtered = Boolean(filter.type || filter.source || filter.search);
  const discard = useMutation(
    trpc.operations.discardDeadLetter.mutationOptions({
      onSuccess: async () => {
        message.success(t('deadLetters.discarded'));
        await refresh();
      },
      onError: (e) => message.error(callError(e).message),
    }),
  );

  return (
    <>
      <Flex justify="space-between" align="center" gap={16} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" style={{ maxWidth: 900 }}>
          {t('deadLetters.intro')}
        </Typography.Text>
        <Flex align="center" gap={8} style={{ flex: 'none' }}>
          <Switch
            checked={showClosed}
            onChange={(on) => {
              setShowClosed(on);
              paging.reset();
            }}
            data-testid="show-closed"
            id="show-closed"
          />
          <label htmlFor="show-closed">{t('deadLetters.showClosed')}</label>
        </Flex>
      </Flex>
      <BulkActions
        closed={showClosed}
        filter={filter}
        total={total}
        ready={Boolean(list.data) && !list.isPlaceholderData}
        onDone={paging.reset}
        filters={
          <DeadLetterFilters
            closed={showClosed}
            value={filter}
            onChange={(f) => {
              setFilter(f);
              paging.reset();
            }}
          />
        }
      />
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="id"
        size="middle"
        loading={list.isPending || list.isPlaceholderData}
        dataSource={list.data?.rows ?? []}
        data-testid="dead-letters-table"
        pagination={paging.pagination(total, (from, to, count) => t('deadLetters.total', { from, to, count }))}
        locale={{
          emptyText: (
            <EmptyText
              loading={list.isPending}
              text={filtered ? t('deadLetters.emptyFiltered') : showClosed ? t('deadLetters.emptyClosed') : t('deadLetters.empty')}
            />
          ),
        }}
        expandable={{ expandedRowRender: (r) => <JsonBlock value={r.payload} testId={`payload-${r.id}`} /> }}
        columns={[
          { title: t('columns.receivedAt'), dataIndex: 'receivedAt', width: 170, render: (d: Date) => <DateTime value={d} withSeconds /> },
          { title: t('columns.source'), dataIndex: 'source', width: 120, render: (s: string) => <Tag>{source(s)}</Tag> },
          {
            title: t('columns.eventId'),
            dataIndex: 'eventId',
            // Ids come from outside and may be any length (a partner's 5,000 characters): cut to a width.
            render: (id: string | null, r) => (id ? <LongText value={id} code testId={`dead-letter-event-id-${r.id}`} /> : tc('none')),
          },
          {
            title: t('columns.error'),
            dataIndex: 'message',
            render: (e: string, r) => (
              <LongText value={e} rows={2} width={480} type={showClosed ? 'secondary' : 'danger'} testId={`dead-letter-error-${r.id}`} />
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
