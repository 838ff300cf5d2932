'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { FundProjectionScreenOutlined } from '@ant-design/icons';

/** The designer's way to the campaign's plan, lifecycle and results page. */
export function PlanLink({ campaignId }: { campaignId: string }) {
  const t = useTranslations('closedLoop.plan');
  return (
    <Link href={`/campaigns/${campaignId}/plan`} data-testid="campaign-plan-link">
      <FundProjectionScreenOutlined /> {t('tab')}
    </Link>
  );
}
