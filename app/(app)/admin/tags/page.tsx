import { getTranslations } from 'next-intl/server';
import { AdminOnly } from '../admin-only';
import { TagsView } from './tags-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.tags');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <AdminOnly permission="tags.manage">
      <TagsView />
    </AdminOnly>
  );
}
