'use client';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Spin, Statistic, Tooltip, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { pickText } from '@/app/_lib/localized';
import { ExpiredList } from '../_components/expired-list';
import { TaskCard } from '../_components/task-card';

/** The team's outbound queue: claim the next call, make it, record the answer. One call at a time. */
export function OutboundView() {
  const t = useTranslations('workbench');
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const queue = useQuery({ ...trpc.frontline.queue.queryOptions(), refetchInterval: 5_000 });
  const claim = useMutation(
    trpc.frontline.claimNext.mutationOptions({
      onSuccess: async (task) => {
        if (!task) message.info(t('outbound.empty'));
        await queryClient.invalidateQueries({ queryKey: trpc.frontline.queue.queryKey() });
      },
      onError: (err) => message.error(t('loadFailed', { message: callError(err).message })),
    }),
  );

  if (queue.error && !queue.data) return <Alert type="error" showIcon title={t('loadFailed', { message: queue.error.message })} />;
  if (!queue.data) return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  const { team, current, waiting, high, later, myNextCallBack, expired, now } = queue.data;

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('outbound.title')}
      </Typography.Title>
      {team && <Typography.Paragraph type="secondary">{t('outbound.team', { team: pickText(team.name, locale) })}</Typography.Paragraph>}
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', marginBottom: 20 }}>
        <Card size="small" style={{ minWidth: 140 }}>
          <Statistic title={t('outbound.waiting')} value={waiting} data-testid="queue-waiting" />
        </Card>
        <Card size="small" style={{ minWidth: 140 }}>
          <Statistic title={t('outbound.high')} value={high} />
        </Card>
        <Card size="small" style={{ minWidth: 140 }}>
          <Statistic title={t('outbound.later')} value={later} data-testid="queue-later" />
        </Card>
      </div>
      {myNextCallBack && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="my-call-back"
          title={t('outbound.myCallBack', { at: format.dateTime(new Date(myNextCallBack), { dateStyle: 'short', timeStyle: 'short' }) })}
        />
      )}
      {current ? (
        <>
          <Typography.Title level={3}>{t('outbound.current')}</Typography.Title>
          <TaskCard
            task={current}
            serverNow={now}
            extra={
              <div style={{ marginBottom: 12, fontSize: 18 }} data-testid="current-call">
                <strong data-testid="current-customer">{current.customerName}</strong>{' '}
                <a href={`tel:${current.msisdn}`} aria-label={t('outbound.dial', { msisdn: current.msisdn })} style={{ marginLeft: 8 }}>
                  <PhoneOutlined /> {current.msisdn}
                </a>
              </div>
            }
          />
        </>
      ) : (
        <>
          {/* Nothing claimable (the server's own count): the button says why instead of refusing
              after a click. A call arriving meanwhile enables it at the next poll. */}
          <Tooltip title={waiting === 0 ? t('outbound.empty') : undefined}>
            <Button
              type="primary"
              size="large"
              icon={<PhoneOutlined />}
              loading={claim.isPending}
              disabled={waiting === 0}
              aria-describedby={waiting === 0 ? 'queue-empty' : undefined}
              onClick={() => claim.mutate()}
              data-testid="claim-next"
              style={{ minHeight: 64, minWidth: 260, fontSize: 20, marginBottom: 16 }}
            >
              {t('outbound.next')}
            </Button>
          </Tooltip>
          {waiting === 0 && <Empty description={<span id="queue-empty">{t('outbound.empty')}</span>} />}
        </>
      )}
      <ExpiredList tasks={expired} />
    </>
  );
}
