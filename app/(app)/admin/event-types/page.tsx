import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { EventTypesView } from './event-types-view';

export async function generateMetadata() {
  const t = await getTranslations('customerData.eventTypes');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <RequirePage page="/admin/event-types">
      <EventTypesView />
    </RequirePage>
  );
}
