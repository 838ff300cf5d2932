import { getTranslations } from 'next-intl/server';
import { AdminOnly } from '../admin-only';
import { ApiKeysView } from './api-keys-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.apiKeys');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <AdminOnly permission="apikeys.manage">
      <ApiKeysView />
    </AdminOnly>
  );
}
