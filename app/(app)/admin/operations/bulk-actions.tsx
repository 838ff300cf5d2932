'use client';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Popconfirm, Progress, Space, Typography } from 'antd';
import { DeleteOutlined, RedoOutlined } from '@ant-design/icons';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import { useTRPC, useTRPCClient } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { useDescribeFilter, type LetterFilter } from './dead-letter-filters';
import { useRefreshOperations } from './use-operations';

/** What a bulk replay did, summed over its batches (the server's counts per call), and how many matching events it did not reach (stopped or failed half-way). */
type Outcome = Omit<inferRouterOutputs<AppRouter>['operations']['replayDeadLetters'], 'lastId' | 'remaining'> & { left: number };

/**
 * The refused events' toolbar: the `filters`, and for the open ones buttons that replay or discard
 * every event the filter matches (`total` of them, once `ready`: counted for this filter), each
 * behind a confirmation naming the count and the filter. A replay goes a batch at a time, with its progress and a Stop; its outcome stays shown
 * until dismissed (the closed list too). `onDone` runs after either.
 */
export function BulkActions(props: { filters: ReactNode; closed: boolean; filter: LetterFilter; total: number; ready: boolean; onDone: () => void }) {
  const { filter, total, onDone } = props;
  const t = useTranslations('operations.bulk');
  const to = useTranslations('operations.deadLetters');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { message } = App.useApp();
  const refresh = useRefreshOperations();
  const describe = useDescribeFilter();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<Outcome | null>(null);
  const stopping = useRef(false);
  const discard = useMutation(
    trpc.operations.discardDeadLetters.mutationOptions({
      onSuccess: async (r) => {
        message.success(t('discarded', { count: r.discarded }));
        onDone();
        await refresh();
      },
      onError: (e) => message.error(callError(e).message),
    }),
  );

  const replayAll = async () => {
    stopping.current = false;
    setResult(null);
    setProgress({ done: 0, total });
    const sum = { replayed: 0, accepted: 0, duplicates: 0, refused: 0, skipped: 0 };
    const errors = new Map<string, number>();
    let afterId = 0;
    let left = 0;
    try {
      for (;;) {
        const batch = await client.operations.replayDeadLetters.mutate({ filter, afterId });
        for (const k of ['replayed', 'accepted', 'duplicates', 'refused', 'skipped'] as const) sum[k] += batch[k];
        for (const e of batch.errors) errors.set(e.error, (errors.get(e.error) ?? 0) + e.count);
        left = batch.remaining;
        if (batch.lastId === null || batch.remaining === 0) break;
        afterId = batch.lastId;
        const done = sum.replayed + sum.skipped;
        setProgress({ done, total: done + batch.remaining });
        void refresh();
        if (stopping.current) break;
      }
    } catch (e) {
      message.error(callError(e).message);
    } finally {
      setProgress(null);
      if (sum.replayed + sum.skipped > 0) {
        const top = [...errors].sort((a, b) => b[1] - a[1]).slice(0, 5);
        setResult({ ...sum, errors: top.map(([error, count]) => ({ error, count })), left });
      }
      onDone();
      await refresh();
    }
  };

  const busy = progress !== null || discard.isPending;
  const matching = describe(filter);
  const confirm = (question: string, hint: string) => (
    <Space orientation="vertical" size={4} style={{ maxWidth: 420 }}>
      <span>{question}</span>
      <Typography.Text type="secondary">{matching ? t('matching', { filter: matching }) : t('noFilter')}</Typography.Text>
      <Typography.Text type="secondary">{hint}</Typography.Text>
    </Space>
  );

  return (
    <>
      <Flex justify="space-between" align="start" gap={8} wrap style={{ marginBottom: 12 }}>
        {props.filters}
        {!props.closed && (
          <Space wrap>
            <Popconfirm
              title={confirm(t('replayConfirm', { count: total }), t('replayHint'))}
              onConfirm={() => void replayAll()}
              okText={to('replay')}
              cancelText={tc('cancel')}
              disabled={busy || !props.ready || total === 0}
            >
              <Button icon={<RedoOutlined />} disabled={busy || !props.ready || total === 0} loading={progress !== null} data-testid="bulk-replay">
                {t('replayAll', { count: total })}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={confirm(t('discardConfirm', { count: total }), t('discardHint'))}
              onConfirm={() => discard.mutate({ filter })}
              okText={to('discard')}
              okButtonProps={{ danger: true }}
              cancelText={tc('cancel')}
              disabled={busy || !props.ready || total === 0}
            >
              <Button danger icon={<DeleteOutlined />} disabled={busy || !props.ready || total === 0} loading={discard.isPending} data-testid="bulk-discard">
                {t('discardAll', { count: total })}
              </Button>
            </Popconfirm>
          </Space>
        )}
      </Flex>
      {progress && (
        <Flex align="center" gap={12} style={{ marginBottom: 12 }} data-testid="bulk-progress">
          <Progress percent={progress.total ? Math.floor((progress.done / progress.total) * 100) : 0} status="active" style={{ flex: 1, margin: 0 }} />
          <Typography.Text style={{ flex: 'none' }}>{t('progress', { done: progress.done, total: progress.total })}</Typography.Text>
          <Button size="small" onClick={() => (stopping.current = true)} data-testid="bulk-stop">
            {t('stop')}
          </Button>
        </Flex>
      )}
      {result && <BulkResult result={result} onClose={() => setResult(null)} />}
    </>
  );
}

/** A bulk replay's outcome: how many were accepted, duplicates, refused again (and why), skipped. */
function BulkResult({ result, onClose }: { result: Outcome; onClose: () => void }) {
  const t = useTranslations('operations.bulk');
  const notes = [
    result.skipped > 0 && t('skipped', { count: result.skipped }),
    result.left > 0 && t('stopped', { count: result.left }),
  ].filter((n): n is string => Boolean(n));
  return (
    <Alert
      type={result.refused > 0 || result.left > 0 ? 'warning' : 'success'}
      showIcon
      closable={{ onClose }}
      style={{ marginBottom: 12 }}
      data-testid="bulk-result"
      title={t('result', { replayed: result.replayed, accepted: result.accepted, duplicates: result.duplicates, refused: result.refused })}
      description={
        result.errors.length > 0 || notes.length > 0 ? (
          <>
            {result.errors.length > 0 && (
              <>
                <Typography.Text>{t('reasons')}</Typography.Text>
                <ul style={{ margin: '4px 0', paddingInlineStart: 20 }} data-testid="bulk-reasons">
                  {result.errors.map((e) => (
                    <li key={e.error}>
                      <Typography.Text type="danger">{t('reason', { error: e.error, count: e.count })}</Typography.Text>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {notes.map((n) => (
              <div key={n}>{n}</div>
            ))}
          </>
        ) : undefined
      }
    />
  );
}
