'use client';
// A customer tag's (or an event attribute's) enum value as people read it, from the catalog's
// value labels (`plan` `unlimited_5g` → 5G畅享套餐 / 5G Unlimited); a value with no label shows as it is.
import { useCallback } from 'react';
import { useLocale } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/app/_lib/trpc';

export function useTagValueLabel(): (tag: string, value: string | null | undefined) => string {
  const trpc = useTRPC();
  const locale = useLocale();
  const catalog = useQuery({ ...trpc.session.catalog.queryOptions(), staleTime: 60_000 });
  const tags = catalog.data?.tags;
  return useCallback(
    (tag: string, value: string | null | undefined) => {
      if (value === null || value === undefined) return '';
      const label = tags?.find((f) => f.name === tag)?.valueLabels?.[value];
      return label ? (locale === 'en' ? label.en : label.zh) : value;
    },
    [tags, locale],
  );
}
