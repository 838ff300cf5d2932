import { getTranslations } from 'next-intl/server';
import { AdminOnly } from '../admin-only';
import { PartnersView } from './partners-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.partners');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <AdminOnly permission="partners.manage">
      <PartnersView />
    </AdminOnly>
  );
}
