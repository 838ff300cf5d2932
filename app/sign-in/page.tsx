import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/app/_lib/session';
import { getApp } from '@/server/app';
import { DEMO_PASSWORD, demoAccounts } from '@/server/services/demo';
import { SignInForm, type DemoHint } from './sign-in-form';

export async function generateMetadata() {
  const t = await getTranslations('signIn');
  return { title: `${t('title')} · Octoflow` };
}

export default async function SignInPage() {
  if (await currentActor()) redirect('/campaigns');
  // The demo accounts are a hint for evaluators; shown only where the demo seed is on.
  const demoOn = (await getApp()).env.OCTOFLOW_DEMO === 'on';
  const demo: DemoHint | null = demoOn
    ? { password: DEMO_PASSWORD, accounts: demoAccounts.map((a) => ({ email: a.email, name: a.name, role: a.role })) }
    : null;
  return <SignInForm demo={demo} />;
}
