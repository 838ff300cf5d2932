import { getTranslations } from 'next-intl/server';
import { AdminOnly } from '../admin-only';
import { UsersView } from './users-view';

export async function generateMetadata() {
  const t = await getTranslations('users');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <AdminOnly permission="users.manage">
      <UsersView />
    </AdminOnly>
  );
}
