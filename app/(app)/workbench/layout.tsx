import type { ReactNode } from 'react';
import { currentActor, redirectToSignIn } from '@/app/_lib/session';
import { workbenchTabs } from './_components/tabs';
import { WorkbenchNav } from './_components/workbench-nav';

export default async function WorkbenchLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) return redirectToSignIn();
  return (
    <>
      <WorkbenchNav tabs={workbenchTabs(actor)} />
      {children}
    </>
  );
}
