import { getTranslations } from 'next-intl/server';
import { CustomersView } from './customers-view';

export async function generateMetadata() {
  const t = await getTranslations('customers');
  return { title: `${t('title')} · Octoflow` };
}

export default function CustomersPage() {
  return <CustomersView />;
}
