import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { ImportsView } from './imports-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.imports');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <RequirePage page="/admin/imports">
      <ImportsView />
    </RequirePage>
  );
}
