import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { currentActor } from '@/app/_lib/session';
import { workbenchTabs } from './_components/tabs';
import { WorkbenchNav } from './_components/workbench-nav';

export default async function WorkbenchLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect('/sign-in');
  return (
    <>
      <WorkbenchNav tabs={workbenchTabs(actor)} />
      {children}
    </>
  );
}
