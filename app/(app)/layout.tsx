import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { currentActor } from '@/app/_lib/session';
import { AppShell } from './app-shell';

// Every page of the signed-in app passes here: no session, no page. The API checks again.
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/sign-in');
  return <AppShell actor={actor}>{children}</AppShell>;
}
