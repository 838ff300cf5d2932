import { getTranslations } from 'next-intl/server';
import { AdminOnly } from '../admin-only';
import { ImportsView } from './imports-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.imports');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <AdminOnly permission="imports.run">
      <ImportsView />
    </AdminOnly>
  );
}
