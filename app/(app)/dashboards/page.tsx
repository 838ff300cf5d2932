import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../require-page';
import { DashboardsView } from './dashboards-view';

export async function generateMetadata() {
  const t = await getTranslations('dashboards');
  return { title: `${t('title')} · Octoflow` };
}

export default function DashboardsPage() {
  return (
    <RequirePage page="/dashboards">
      <DashboardsView />
    </RequirePage>
  );
}
