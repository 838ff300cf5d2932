'use client';
import { useFormatter } from 'next-intl';

/** A point in time in the operator's time zone, with the full timestamp on hover. */
export function DateTime({ value, withSeconds = false }: { value: Date | string | null | undefined; withSeconds?: boolean }) {
  const format = useFormatter();
  if (!value) return null;
  const date = typeof value === 'string' ? new Date(value) : value;
  const text = format.dateTime(date, { dateStyle: 'short', timeStyle: withSeconds ? 'medium' : 'short' });
  return (
    <time dateTime={date.toISOString()} title={format.dateTime(date, { dateStyle: 'full', timeStyle: 'long' })}>
      {text}
    </time>
  );
}
