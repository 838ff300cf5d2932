import { getTranslations } from 'next-intl/server';
import { safeReturnPath } from '@/app/_lib/return-path';
import { currentUser, redirectToSignIn } from '@/app/_lib/session';
import { getApp } from '@/server/app';
import { passwordCredential } from '@/server/auth/accounts';
import { ChangePasswordForm } from './change-password-form';

export async function generateMetadata() {
  const t = await getTranslations('account');
  return { title: `${t('title')} · Octoflow` };
}

// Changing one's own password, opened from the menu under one's name; and the one page a person
// whose password an administrator set reaches (app/_lib/session.ts sends them here) until they
// have chosen their own. Outside the app's shell: nothing else is open to them yet.
export default async function ChangePasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next: asked } = await searchParams;
  // Where to go afterwards (the page they asked for, or came from), if it is a page of this site.
  const next = safeReturnPath(asked);
  const u = await currentUser();
  if (!u || u.disabledAt) return redirectToSignIn();
  const { rt } = await getApp();
  // An account that signs in only through single sign-on has no password here to change.
  const hasPassword = (await passwordCredential(rt.db, u.id)) !== null;
  return <ChangePasswordForm name={u.name} required={u.mustChangePassword === true} hasPassword={hasPassword} next={next} />;
}
