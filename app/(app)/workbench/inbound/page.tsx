import { getTranslations } from 'next-intl/server';
import { InboundView } from './inbound-view';

export async function generateMetadata() {
  const t = await getTranslations('workbench');
  return { title: `${t('tabs.inbound')} · ${t('title')} · Octoflow` };
}

export default function InboundPage() {
  return <InboundView />;
}
