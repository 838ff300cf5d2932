import type { ReactNode } from 'react';
import { currentActor, redirectToSignIn } from '@/app/_lib/session';
import { AppShell } from './app-shell';

// Every page of the signed-in app passes here: no session, no page. The API checks again.
// Signed out, the page asked for (path and query) rides along to the sign-in page and back; signed
// in with a password an administrator set, to the change-password page and back.
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) return redirectToSignIn();
  return <AppShell actor={actor}>{children}</AppShell>;
}
