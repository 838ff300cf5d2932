import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { changePasswordPath, safeReturnPath } from '@/app/_lib/return-path';
import { currentActor, mustChangePassword } from '@/app/_lib/session';
import { getApp } from '@/server/app';
import { ssoButton } from '@/server/auth/sso';
import { DEMO_PASSWORD, demoAccounts } from '@/server/services/demo';
import { SignInForm, type DemoHint } from './sign-in-form';

export async function generateMetadata() {
  const t = await getTranslations('signIn');
  return { title: `${t('title')} · Octoflow` };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { error, next: asked } = await searchParams;
  // The page to come back to (a link opened while signed out), if it is a page of this site.
  const next = safeReturnPath(asked);
  if (await currentActor()) redirect(next);
  if (await mustChangePassword()) redirect(changePasswordPath(next));
  const { env } = await getApp();
  // The demo accounts are a hint for evaluators; shown only where the demo seed is on.
  const demoOn = env.OCTOFLOW_DEMO === 'on';
  const demo: DemoHint | null = demoOn
    ? { password: DEMO_PASSWORD, accounts: demoAccounts.map((a) => ({ email: a.email, name: a.name, role: a.role })) }
    : null;
  // A failed single sign-on comes back here as ?error=<code> (see server/auth/auth.ts).
  const ssoError = typeof error === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(error) ? error : null;
  return <SignInForm demo={demo} sso={ssoButton(env)} ssoError={ssoError} next={next} />;
}
