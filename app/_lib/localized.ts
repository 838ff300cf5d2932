'use client';
import { useLocale } from 'next-intl';
import { useCallback } from 'react';
import type { LocalizedText } from '@/workflows';

/** Picks the wording of a bilingual text (kind labels, catalog labels, flow issues) for a locale. */
export function pickText(text: LocalizedText | undefined, locale: string): string {
  if (!text) return '';
  return locale === 'en' ? text.en : text.zh;
}

export function useLocalized(): (text: LocalizedText | undefined) => string {
  const locale = useLocale();
  return useCallback((text: LocalizedText | undefined) => pickText(text, locale), [locale]);
}
