import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/app/_lib/session';
import { RequirePage } from '../require-page';
import { CampaignsView } from './campaigns-view';

export async function generateMetadata() {
  const t = await getTranslations('campaigns');
  return { title: `${t('title')} · Octoflow` };
}

export default async function CampaignsPage() {
  // The landing page after sign-in: frontline staff have no campaigns to see and are sent on to
  // their workbench instead of being shown the forbidden screen.
  if ((await currentActor())?.role === 'frontline') redirect('/workbench');
  return (
    <RequirePage page="/campaigns">
      <CampaignsView />
    </RequirePage>
  );
}
