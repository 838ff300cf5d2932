import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { workbenchTabs } from '../_components/tabs';
import { ShopView } from './shop-view';

export async function generateMetadata() {
  const t = await getTranslations('workbench');
  return { title: `${t('tabs.shop')} · ${t('title')} · Octoflow` };
}

export default function ShopPage() {
  // Only the people who have this screen (a call-centre team, a shop: workbenchTabs).
  return (
    <RequirePage page="/workbench/shop" allowed={(actor) => workbenchTabs(actor).includes('shop')}>
      <ShopView />
    </RequirePage>
  );
}
