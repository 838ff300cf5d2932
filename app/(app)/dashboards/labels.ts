'use client';
// Names for the codes the roll-ups carry (channels, outcomes, reasons, statuses, departments),
// in the user's language; an unknown code shows as itself rather than as nothing.
import { useFormatter, useTranslations } from 'next-intl';

export function useLabels() {
  const t = useTranslations('dashboards');
  const ts = useTranslations('status');
  const td = useTranslations('shell.departments');
  const format = useFormatter();
  const own = (key: string, fallback: string): string => (t.has(key as never) ? t(key as never) : fallback);
  return {
    channel: (c: string) => (c ? own(`channels.${c}`, c) : t('channels.none')),
    outcome: (o: string) => own(`outcomes.${o}`, o),
    reason: (r: string) => own(`reasons.${r || 'unknown'}`, r),
    complaintCategory: (c: string) => own(`complaintCategories.${c}`, c),
    complaintSource: (s: string) => own(`complaintSources.${s || 'none'}`, s),
    status: (s: string): string => (ts.has(s as never) ? ts(s as never) : s),
    department: (d: string): string => (td.has(d as never) ? td(d as never) : d),
    number: (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '—' : format.number(n, { maximumFractionDigits: digits })),
    percent: (r: number | null | undefined) => (r === null || r === undefined ? '—' : format.number(r, { style: 'percent', maximumFractionDigits: 1 })),
    money: (n: number) => format.number(n, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }),
    hours: (h: number | null | undefined) => (h === null || h === undefined ? '—' : t('common.hours', { value: format.number(h, { maximumFractionDigits: 1 }) })),
    ms: (v: number | null | undefined) => (v === null || v === undefined ? '—' : format.number(v, { maximumFractionDigits: 0 }) + ' ms'),
    time: (d: Date | string) => format.dateTime(new Date(d), { timeStyle: 'medium', timeZone: 'Asia/Shanghai' }),
    dateTime: (d: Date | string) => format.dateTime(new Date(d), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Shanghai' }),
  };
}

export type Labels = ReturnType<typeof useLabels>;
