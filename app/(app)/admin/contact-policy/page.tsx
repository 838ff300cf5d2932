import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../../require-page';
import { ContactPolicyView } from './contact-policy-view';

export async function generateMetadata() {
  const t = await getTranslations('contactPolicy');
  return { title: `${t('title')} · Octoflow` };
}

export default function Page() {
  return (
    <RequirePage page="/admin/contact-policy">
      <ContactPolicyView />
    </RequirePage>
  );
}
