'use client';
// Names for the codes a contact carries — its channel, a step's outcome, why it was suppressed —
// in the user's language, worded as the dashboards word them (messages/*/dashboards.json), so the
// plan's evaluation, the designer's try panel, the approvals' dossier, the contact policy, the
// operations page and the dashboards say the same thing. An unknown
// code shows as itself rather than as nothing.
import { useMemo } from 'react';
import { useTranslations } from 'next-intl';

export function useCodeLabels() {
  const t = useTranslations('dashboards');
  return useMemo(() => {
    const own = (key: string, fallback: string): string => (t.has(key as never) ? t(key as never) : fallback);
    return {
      channel: (c: string) => (c ? own(`channels.${c}`, c) : t('channels.none')),
      outcome: (o: string) => own(`outcomes.${o}`, o),
      reason: (r: string) => own(`reasons.${r || 'unknown'}`, r),
    };
  }, [t]);
}
