'use client';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Skeleton, Timeline, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { DateTime } from '@/app/_components/date-time';
import { StatusTag } from '@/app/_components/status-tag';
import { useDepartmentName } from '@/app/_components/department-name';
import { lifecycleNoteText } from './lifecycle-note';

/** Every lifecycle move: to which status, when, by whom (or the system), and why. */
export function LifecycleTimeline({ campaignId }: { campaignId: string }) {
  const t = useTranslations('closedLoop.plan');
  const wording = { t: useTranslations('closedLoop'), format: useFormatter(), department: useDepartmentName(), locale: useLocale() };
  const trpc = useTRPC();
  const timeline = useQuery({ ...trpc.campaigns.timeline.queryOptions({ id: campaignId }), refetchInterval: 15_000 });
  if (!timeline.data) return <Skeleton active />;
  return (
    <Timeline
      data-testid="lifecycle-timeline"
      items={timeline.data.map((e, i) => ({
        key: i,
        content: (
          <div data-testid="lifecycle-move" data-to={e.to}>
            <StatusTag status={e.to} /> <DateTime value={e.at} />
            <div>
              <Typography.Text type="secondary">{e.actorName ? t('by', { name: e.actorName }) : t('bySystem')}</Typography.Text>
              {e.note && <Typography.Text type="secondary" data-testid="lifecycle-note"> · {lifecycleNoteText(e.note, wording)}</Typography.Text>}
            </div>
          </div>
        ),
      }))}
    />
  );
}
