import { getTranslations } from 'next-intl/server';
import { OutboundView } from './outbound-view';

export async function generateMetadata() {
  const t = await getTranslations('workbench');
  return { title: `${t('tabs.outbound')} · ${t('title')} · Octoflow` };
}

export default function OutboundPage() {
  return <OutboundView />;
}
