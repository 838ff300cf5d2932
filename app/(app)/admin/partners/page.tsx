import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { PartnersView } from './partners-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.partners');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <RequirePage page="/admin/partners">
      <PartnersView />
    </RequirePage>
  );
}
