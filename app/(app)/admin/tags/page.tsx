import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { TagsView } from './tags-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.tags');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <RequirePage page="/admin/tags">
      <TagsView />
    </RequirePage>
  );
}
