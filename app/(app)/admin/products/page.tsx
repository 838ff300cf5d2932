import { getTranslations } from 'next-intl/server';
import { AdminOnly } from '../admin-only';
import { ProductsView } from './products-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.products');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <AdminOnly permission="products.manage">
      <ProductsView />
    </AdminOnly>
  );
}
