import { getTranslations } from 'next-intl/server';
import { RequirePage } from '../require-page';
import { WordingView } from './wording-view';

export async function generateMetadata() {
  const t = await getTranslations('wordingTemplates');
  return { title: `${t('title')} · Octoflow` };
}

/** The wording templates page (docs/designer.md): designers and administrators keep the approved texts. */
export default function Page() {
  return (
    <RequirePage page="/wording">
      <WordingView />
    </RequirePage>
  );
}
