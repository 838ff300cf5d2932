import { getTranslations } from 'next-intl/server';
import { CampaignsView } from './campaigns-view';

export async function generateMetadata() {
  const t = await getTranslations('campaigns');
  return { title: `${t('title')} · Octoflow` };
}

export default function CampaignsPage() {
  return <CampaignsView />;
}
