import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { ProductsView } from './products-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.products');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <RequirePage page="/admin/products">
      <ProductsView />
    </RequirePage>
  );
}
