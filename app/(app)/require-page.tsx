import type { ReactNode } from 'react';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Button, Result } from 'antd';
import { currentActor, redirectToSignIn } from '@/app/_lib/session';
import { canOpenPage, type AppPage } from '@/server/auth/permissions';
import type { Actor } from '@/server/auth/roles';

/**
 * Renders a page of the signed-in app only for the roles `pagePermissions` lets open it (and, with
 * `allowed`, only for the people it names); everyone else gets the forbidden screen, rendered on the
 * server before any of the page's data is asked for. The API checks again on every call.
 */
export async function RequirePage({ page, allowed, children }: { page: AppPage; allowed?: (actor: Actor) => boolean; children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) return redirectToSignIn();
  if (canOpenPage(actor.role, page) && (!allowed || allowed(actor))) return <>{children}</>;
  return <Forbidden role={actor.role} />;
}

/** The one forbidden screen of the app, in the person's language. */
export async function Forbidden({ role }: { role: Actor['role'] }) {
  const t = await getTranslations('shell');
  return (
    <Result
      status="403"
      title="403"
      subTitle={<span data-testid="forbidden">{t('forbidden', { role: t(`roles.${role}`) })}</span>}
      extra={
        <Link href="/">
          <Button type="primary">{t('forbiddenHome')}</Button>
        </Link>
      }
    />
  );
}
