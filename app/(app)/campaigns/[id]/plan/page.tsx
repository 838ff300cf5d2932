import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../../require-page';
import { PlanView } from './plan-view';

export async function generateMetadata() {
  const t = await getTranslations('closedLoop.plan');
  return { title: `${t('tab')} · Octoflow` };
}

export default async function CampaignPlanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <RequirePage page="/campaigns/[id]/plan">
      <PlanView campaignId={id} />
    </RequirePage>
  );
}
