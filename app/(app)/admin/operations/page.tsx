import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { OperationsView } from './operations-view';

export async function generateMetadata() {
  const t = await getTranslations('operations');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <RequirePage page="/admin/operations">
      <OperationsView />
    </RequirePage>
  );
}
