'use client';
import { useTranslations } from 'next-intl';

/** A customer tag's value as people read it: yes/no for flags, the raw code otherwise. */
export function TagValue({ name, value }: { name: string; value: unknown }) {
  const t = useTranslations('customers');
  if (value === null || value === undefined || value === '') return <span aria-label={t('noValue')}>—</span>;
  if (typeof value === 'boolean') return <>{value ? t('yes') : t('no')}</>;
  if (typeof value === 'object') return <code>{JSON.stringify(value)}</code>;
  return <span data-tag={name}>{String(value)}</span>;
}
