'use client';
import { useLocale, useTranslations } from 'next-intl';
import { Collapse, List, Tag, Typography } from 'antd';
import type { TaskView } from '@/server/services/frontline-tasks';
import { pickText } from '@/app/_lib/localized';
import { DateTime } from '@/app/_components/date-time';

/** Work that passed its due time unanswered in the last day: shown, marked expired, not actionable. */
export function ExpiredList({ tasks }: { tasks: TaskView[] }) {
  const t = useTranslations('workbench.expired');
  const locale = useLocale();
  if (tasks.length === 0) return null;
  return (
    <Collapse
      style={{ marginTop: 24 }}
      data-testid="expired-list"
      items={[
        {
          key: 'expired',
          label: t('title', { count: tasks.length }),
          children: (
            <List
              dataSource={tasks}
              renderItem={(task) => (
                <List.Item key={task.id} data-testid="expired-task" data-task-id={task.id}>
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', width: '100%' }}>
                    <Tag color="default" data-testid="expired-tag">{t('tag')}</Tag>
                    <strong>{task.customerName}</strong>
                    <span>{task.msisdn}</span>
                    <Typography.Text type="secondary">
                      {task.offerLabel ? pickText(task.offerLabel, locale) : task.campaignName}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ marginLeft: 'auto' }}>
                      {t('dueWas')} <DateTime value={task.dueAt} />
                    </Typography.Text>
                  </div>
                </List.Item>
              )}
            />
          ),
        },
      ]}
    />
  );
}
