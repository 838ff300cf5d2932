import { getTranslations } from 'next-intl/server';
import { CommissionView } from './commission-view';

export async function generateMetadata() {
  const t = await getTranslations('workbench');
  return { title: `${t('tabs.commission')} · ${t('title')} · Octoflow` };
}

export default function CommissionPage() {
  return <CommissionView />;
}
