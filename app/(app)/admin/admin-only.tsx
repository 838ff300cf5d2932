import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { Result } from 'antd';
import { currentActor } from '@/app/_lib/session';
import { can, type Permission } from '@/server/auth/permissions';

/** Renders the page only for roles with `permission` (the API checks again on every call). */
export async function AdminOnly({ permission, children }: { permission: Permission; children: ReactNode }) {
  const actor = await currentActor();
  if (!actor || !can(actor.role, permission)) {
    const t = await getTranslations('customerData');
    return <Result status="403" title="403" subTitle={t('forbidden')} />;
  }
  return <>{children}</>;
}
