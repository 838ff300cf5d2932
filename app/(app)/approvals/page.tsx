import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../require-page';
import { ApprovalsView } from './approvals-view';

export async function generateMetadata() {
  const t = await getTranslations('approvals');
  return { title: `${t('title')} · Octoflow` };
}

export default function ApprovalsPage() {
  return (
    <RequirePage page="/approvals">
      <ApprovalsView />
    </RequirePage>
  );
}
