import { getTranslations } from 'next-intl/server';
import { ShopView } from './shop-view';

export async function generateMetadata() {
  const t = await getTranslations('workbench');
  return { title: `${t('tabs.shop')} · ${t('title')} · Octoflow` };
}

export default function ShopPage() {
  return <ShopView />;
}
