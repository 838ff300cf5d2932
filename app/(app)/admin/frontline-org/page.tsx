import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { FrontlineOrgView } from './frontline-org-view';

export async function generateMetadata() {
  const t = await getTranslations('frontlineOrg');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <RequirePage page="/admin/frontline-org">
      <FrontlineOrgView />
    </RequirePage>
  );
}
