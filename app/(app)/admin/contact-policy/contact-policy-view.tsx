'use client';
import { useState } from 'react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { useCan } from '@/app/_lib/actor';
import type { ContactPolicySettings } from '@/server/services/contact-policy-settings';
import { PolicyEditor } from './policy-editor';

/**
 * The global contact policy (docs/contact-policy.md): fatigue caps, quiet hours, consent and
 * exemptions, and how long a paused campaign's contacts may wait. Administrators change it; the
 * roles that plan and approve campaigns read it. The form starts from the revision it loaded and
 * saves over that one only: someone else's save in between is reported, never overwritten.
 */
export function ContactPolicyView() {
  const t = useTranslations('contactPolicy');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const locale = useLocale();
  const format = useFormatter();
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' }) : '');
  const canManage = useCan('contactpolicy.manage');
  const current = useQuery(trpc.contactPolicy.get.queryOptions());
  // What the form was loaded from; a later save by someone else shows up in `current` only.
  const [base, setBase] = useState<ContactPolicySettings | null>(null);
  if (current.data && !base) setBase(current.data);
  const saved = (s: ContactPolicySettings) => {
    setBase(s);
    queryClient.setQueryData(trpc.contactPolicy.get.queryKey(), s);
  };
  const reload = async () => {
    const { data } = await current.refetch();
    if (data) setBase(data);
  };

  return (
    <>
      <Typography.Title level={2}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('intro')}
      </Typography.Paragraph>
      {current.error && <Alert type="error" showIcon title={tc('loadFailed', { message: current.error.message })} />}
      {!canManage && <Alert type="info" showIcon title={t('readOnly')} style={{ marginBottom: 12, maxWidth: 900 }} data-testid="policy-read-only" />}
      {base && (
        <Typography.Paragraph data-testid="policy-last-saved">
          {!base.saved
            ? t('defaults')
            : base.updatedBy
              ? t('lastSaved', { who: base.updatedBy, when: when(base.updatedAt) })
              : t('lastChanged', { when: when(base.updatedAt) })}
        </Typography.Paragraph>
      )}
      {base?.problem && <Alert type="warning" showIcon title={t('problem', { problem: locale === 'en' ? base.problem.en : base.problem.zh })} style={{ marginBottom: 12 }} />}
      {current.data && base && current.data.revision !== base.revision && (
        <Alert
          type="warning"
          showIcon
          title={t('changedElsewhere')}
          action={<Button onClick={reload}>{t('reload')}</Button>}
          style={{ marginBottom: 12, maxWidth: 900 }}
          data-testid="policy-changed-elsewhere"
        />
      )}
      {base && <PolicyEditor key={base.revision} settings={base} canManage={canManage} onSaved={saved} onReload={reload} />}
    </>
  );
}
