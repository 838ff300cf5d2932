import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../require-page';
import { AuditView } from './audit-view';

export async function generateMetadata() {
  const t = await getTranslations('closedLoop.audit');
  return { title: `${t('title')} · Octoflow` };
}

export default function AuditPage() {
  return (
    <RequirePage page="/audit">
      <AuditView />
    </RequirePage>
  );
}
