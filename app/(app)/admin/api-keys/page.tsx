import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { ApiKeysView } from './api-keys-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.apiKeys');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <RequirePage page="/admin/api-keys">
      <ApiKeysView />
    </RequirePage>
  );
}
