import { getTranslations } from 'next-intl/server';
import { Result } from 'antd';
import { currentActor } from '@/app/_lib/session';
import { can } from '@/server/auth/permissions';
import { AuditView } from './audit-view';

export async function generateMetadata() {
  const t = await getTranslations('closedLoop.audit');
  return { title: `${t('title')} · Octoflow` };
}

export default async function AuditPage() {
  const actor = await currentActor();
  if (!actor || !can(actor.role, 'audit.read')) return <Result status="403" title="403" />;
  return <AuditView />;
}
