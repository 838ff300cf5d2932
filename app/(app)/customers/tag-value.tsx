'use client';
import { useTranslations } from 'next-intl';
import { useTagValueLabel } from '@/app/_lib/tag-values';

/** A customer tag's value as people read it: yes/no for flags, an enum value's label from the catalog (its code on hover), the value otherwise. */
export function TagValue({ name, value }: { name: string; value: unknown }) {
  const t = useTranslations('customers');
  const valueLabel = useTagValueLabel();
  if (value === null || value === undefined || value === '') return <span aria-label={t('noValue')}>—</span>;
  if (typeof value === 'boolean') return <>{value ? t('yes') : t('no')}</>;
  if (typeof value === 'object') return <code>{JSON.stringify(value)}</code>;
  if (typeof value === 'string') {
    const label = valueLabel(name, value);
    return (
      <span data-tag={name} data-value={value} title={label === value ? undefined : value}>
        {label}
      </span>
    );
  }
  return <span data-tag={name}>{String(value)}</span>;
}
