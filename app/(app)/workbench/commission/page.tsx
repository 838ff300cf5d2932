import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { workbenchTabs } from '../_components/tabs';
import { CommissionView } from './commission-view';

export async function generateMetadata() {
  const t = await getTranslations('workbench');
  return { title: `${t('tabs.commission')} · ${t('title')} · Octoflow` };
}

export default function CommissionPage() {
  // Only the people who have this screen (a call-centre team, a shop: workbenchTabs).
  return (
    <RequirePage page="/workbench/commission" allowed={(actor) => workbenchTabs(actor).includes('commission')}>
      <CommissionView />
    </RequirePage>
  );
}
