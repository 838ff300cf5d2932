'use client';
// A journey step's outcome as people read it (`entered` → 进入流程, a condition's `yes` → 是, an
// offer choice's offer by its name, a branch by its port label); a branch the designer named
// (switch cases, splits) shows as named.
import { useCallback } from 'react';
import { useLocale, useMessages } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { getKind } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { pickText } from '@/app/_lib/localized';

export function useStepOutcomeLabel(): (kind: string, outcome: string) => string {
  const trpc = useTRPC();
  const locale = useLocale();
  const outcomes: Record<string, string> = useMessages().customers.outcomes;
  const offers = useQuery({ ...trpc.session.catalog.queryOptions(), staleTime: 60_000 }).data?.offers;
  return useCallback(
    (kind: string, outcome: string) => {
      if (outcomes[outcome]) return outcomes[outcome];
      const offer = kind === 'offer_choice' ? offers?.find((o) => o.id === outcome) : undefined;
      if (offer) return pickText(offer.label, locale);
      const port = getKind(kind)?.portLabels?.[outcome];
      return port ? pickText(port, locale) : outcome;
    },
    [outcomes, offers, locale],
  );
}
