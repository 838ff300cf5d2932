import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/app/_lib/session';
import { CampaignsView } from './campaigns-view';

export async function generateMetadata() {
  const t = await getTranslations('campaigns');
  return { title: `${t('title')} · Octoflow` };
}

export default async function CampaignsPage() {
  // Frontline staff have no campaigns to see: they land on their workbench (after sign-in too).
  if ((await currentActor())?.role === 'frontline') redirect('/workbench');
  return <CampaignsView />;
}
