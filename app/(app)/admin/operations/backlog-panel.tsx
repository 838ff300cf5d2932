'use client';
import { useFormatter, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';

/** Older than this, what waits is behind, not just in flight. */
const BEHIND_MS = 60_000;

/**
 * Whether the runtime keeps up, refreshed every 5 seconds: events received and not yet processed,
 * contacts due to be sent, waits whose time has come, each with how long the oldest has waited
 * (and what is held for later). After a crash or an outage the operator watches them drain.
 */
export function BacklogPanel() {
  const t = useTranslations('operations.backlog');
  const format = useFormatter();
  const trpc = useTRPC();
  const backlog = useQuery({ ...trpc.operations.backlog.queryOptions(), refetchInterval: 5_000 });
  const b = backlog.data;
  const item = (testId: string, title: string, count: number | undefined, oldest: Date | null | undefined, later?: string) => {
    const behind = b && oldest ? b.at.getTime() - oldest.getTime() > BEHIND_MS : false;
    return (
      <Col xs={24} md={8}>
        <Card size="small" style={{ height: '100%' }} data-testid={testId} data-count={count ?? ''} data-behind={behind ? 'yes' : 'no'}>
          <Statistic title={title} value={count ?? '–'} loading={backlog.isPending} styles={{ content: { fontSize: 22 } }} />
          <Typography.Text type="secondary">
            {oldest && b ? t('oldest', { when: format.relativeTime(oldest, b.at) }) : t('none')}
          </Typography.Text>{' '}
          {b && <Tag color={behind ? 'orange' : 'green'}>{behind ? t('behind') : t('keepingUp')}</Tag>}
          {later && (
            <div>
              <Typography.Text type="secondary">{later}</Typography.Text>
            </div>
          )}
        </Card>
      </Col>
    );
  };
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {item('backlog-events', t('events'), b?.events.waiting, b?.events.oldest)}
      {item('backlog-contacts', t('contacts'), b?.contacts.due, b?.contacts.oldestDue, b && [t('contactsLater', { count: b.contacts.later }), b.contacts.paused ? t('contactsPaused', { count: b.contacts.paused }) : ''].filter(Boolean).join(t('separator')))}
      {item('backlog-timers', t('timers'), b?.timers.due, b?.timers.oldestDue, b && t('timersLater', { count: b.timers.later }))}
    </Row>
  );
}
