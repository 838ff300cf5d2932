'use client';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Tabs, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { BacklogPanel } from './backlog-panel';
import { DeadLettersTab } from './dead-letters-tab';
import { FailedDeliveriesTab } from './failed-deliveries-tab';
import { FailedEventsTab } from './failed-events-tab';

/**
 * What the runtime could not do on its own, for an operator to inspect and send again: events
 * refused at intake (corrected and replayed), events whose processing failed, deliveries that
 * failed for good (retried). The tab badges count what is waiting.
 */
export function OperationsView() {
  const t = useTranslations('operations');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const summary = useQuery(trpc.operations.summary.queryOptions());
  const label = (text: string, count: number | undefined, testId: string) => (
    <span>
      {text} <Badge count={count ?? 0} size="small" overflowCount={999} data-testid={testId} data-count={count ?? ''} />
    </span>
  );

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('intro')}
      </Typography.Paragraph>
      <BacklogPanel />
      {summary.error && <Alert type="error" showIcon title={tc('loadFailed', { message: summary.error.message })} style={{ marginBottom: 12 }} />}
      <Tabs
        data-testid="operations-tabs"
        items={[
          { key: 'deadLetters', label: label(t('tabs.deadLetters'), summary.data?.deadLetters, 'count-dead-letters'), children: <DeadLettersTab /> },
          { key: 'failedEvents', label: label(t('tabs.failedEvents'), summary.data?.failedEvents, 'count-failed-events'), children: <FailedEventsTab /> },
          {
            key: 'failedDeliveries',
            label: label(t('tabs.failedDeliveries'), summary.data?.failedDeliveries, 'count-failed-deliveries'),
            children: <FailedDeliveriesTab />,
          },
        ]}
      />
    </>
  );
}
