import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { workbenchTabs } from '../_components/tabs';
import { OutboundView } from './outbound-view';

export async function generateMetadata() {
  const t = await getTranslations('workbench');
  return { title: `${t('tabs.outbound')} · ${t('title')} · Octoflow` };
}

export default function OutboundPage() {
  // Only the people who have this screen (a call-centre team, a shop: workbenchTabs).
  return (
    <RequirePage page="/workbench/outbound" allowed={(actor) => workbenchTabs(actor).includes('outbound')}>
      <OutboundView />
    </RequirePage>
  );
}
