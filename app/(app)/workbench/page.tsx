import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Result } from 'antd';
import { currentActor, redirectToSignIn } from '@/app/_lib/session';
import { canOpenPage } from '@/server/auth/permissions';
import { Forbidden } from '../require-page';
import { workbenchTabs } from './_components/tabs';

export async function generateMetadata() {
  const t = await getTranslations('workbench');
  return { title: `${t('title')} · Octoflow` };
}

/** Opens the first screen the person has. */
export default async function WorkbenchPage() {
  const actor = await currentActor();
  if (!actor) return redirectToSignIn();
  if (!canOpenPage(actor.role, '/workbench')) return <Forbidden role={actor.role} />;
  const [first] = workbenchTabs(actor);
  if (first) redirect(`/workbench/${first}`);
  const t = await getTranslations('workbench');
  return <Result status="info" title={t('noWorkplace')} />;
}
