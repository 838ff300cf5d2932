import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../require-page';
import { CustomersView } from './customers-view';

export async function generateMetadata() {
  const t = await getTranslations('customers');
  return { title: `${t('title')} · Octoflow` };
}

export default function CustomersPage() {
  return (
    <RequirePage page="/customers">
      <CustomersView />
    </RequirePage>
  );
}
