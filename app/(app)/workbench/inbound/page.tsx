import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { workbenchTabs } from '../_components/tabs';
import { InboundView } from './inbound-view';

export async function generateMetadata() {
  const t = await getTranslations('workbench');
  return { title: `${t('tabs.inbound')} · ${t('title')} · Octoflow` };
}

export default function InboundPage() {
  // Only the people who have this screen (a call-centre team, a shop: workbenchTabs).
  return (
    <RequirePage page="/workbench/inbound" allowed={(actor) => workbenchTabs(actor).includes('inbound')}>
      <InboundView />
    </RequirePage>
  );
}
