import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { UsersView } from './users-view';

export async function generateMetadata() {
  const t = await getTranslations('users');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <RequirePage page="/admin/users">
      <UsersView />
    </RequirePage>
  );
}
