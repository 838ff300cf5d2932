'use client';
import type { ReactNode } from 'react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Card, Descriptions, Tag, Typography } from 'antd';
import type { TaskView } from '@/server/services/frontline-tasks';
import { pickText } from '@/app/_lib/localized';
import { DateTime } from '@/app/_components/date-time';
import { OutcomeButtons } from './outcome-buttons';

const PRIORITY_COLOR = ['default', 'blue', 'red'] as const;

/** One offer or opportunity: what to offer, why now, the approved wording, and the answers. */
export function TaskCard({ task, serverNow, extra, onRecorded }: { task: TaskView; serverNow: Date; extra?: ReactNode; onRecorded?: () => void }) {
  const t = useTranslations('workbench');
  const locale = useLocale();
  const format = useFormatter();
  const headingId = `task-${task.id}`;

  return (
    <Card
      data-testid="task-card"
      data-task-id={task.id}
      data-customer-id={task.customerId}
      aria-labelledby={headingId}
      style={{ marginBottom: 16 }}
      styles={{ body: { padding: 20 } }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12 }}>
        <Typography.Title level={4} id={headingId} style={{ margin: 0 }} data-testid="task-offer">
          {task.offerLabel ? pickText(task.offerLabel, locale) : t('task.noOffer')}
        </Typography.Title>
        <Tag color={PRIORITY_COLOR[task.priority] ?? 'default'}>{t(`task.priority.${String(task.priority) as '1'}`)}</Tag>
        {task.eligibility &&
          (task.eligibility.eligible ? (
            <Tag color="green" data-testid="task-eligible">{t('task.eligible')}</Tag>
          ) : (
            <Tag color="orange" data-testid="task-ineligible">
              {t('task.ineligible', { reason: pickText(task.eligibility.reason ?? undefined, locale) })}
            </Tag>
          ))}
        {task.outcome === 'call_back' && (
          <Tag color="purple" data-testid="task-called-back">
            {task.availableAt ? t('task.calledBackAt', { at: format.dateTime(new Date(task.availableAt), { dateStyle: 'short', timeStyle: 'short' }) }) : t('task.calledBack')}
          </Tag>
        )}
      </div>
      {extra}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        style={{ marginBottom: 12 }}
        items={[
          {
            key: 'why',
            label: t('task.why'),
            children: (
              <span data-testid="task-why">
                {t('task.whyText', { campaign: task.campaignName, trigger: task.triggerLabel ? pickText(task.triggerLabel, locale) : (task.triggerType ?? task.nodeId) })}
              </span>
            ),
          },
          { key: 'due', label: task.kind === 'outbound_call' ? t('task.dueBy') : t('task.validUntil'), children: <DateTime value={task.dueAt} /> },
          ...(task.kind === 'frontline'
            ? [
                {
                  key: 'commission',
                  label: t('task.commission'),
                  children: <strong data-testid="task-commission">{t('task.commissionValue', { amount: task.commissionCny.toFixed(2) })}</strong>,
                },
              ]
            : []),
        ]}
      />
      <section aria-label={t('task.script')} style={{ background: '#f5f9ff', borderLeft: '4px solid #0b6bcb', padding: '12px 16px', marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('task.script')}</Typography.Text>
        <Typography.Paragraph style={{ fontSize: 18, lineHeight: 1.6, margin: '4px 0 0' }} data-testid="task-script">
          {task.script}
        </Typography.Paragraph>
      </section>
      <OutcomeButtons task={task} serverNow={serverNow} onRecorded={onRecorded} />
    </Card>
  );
}
