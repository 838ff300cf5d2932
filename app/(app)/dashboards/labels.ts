'use client';
// Names for the codes the roll-ups carry (channels, outcomes, reasons, statuses, departments,
// cities, event types, shops, teams), in the user's language; an unknown code shows as itself
// rather than as nothing. Cities and event types come from the catalog, shops and teams with the
// filters' options, a frontline outcome from the workbench's own wording (the buttons staff
// pressed to record it). Channels, outcomes and reasons are shared with other pages: app/_lib/code-labels.ts.
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/app/_lib/trpc';
import { pickText } from '@/app/_lib/localized';
import { useTagValueLabel } from '@/app/_lib/tag-values';
import { useCodeLabels } from '@/app/_lib/code-labels';

export function useLabels() {
  const t = useTranslations('dashboards');
  const ts = useTranslations('status');
  const td = useTranslations('shell.departments');
  const tw = useTranslations('workbench.outcome');
  const format = useFormatter();
  const locale = useLocale();
  const tagValue = useTagValueLabel();
  const codes = useCodeLabels();
  const trpc = useTRPC();
  const eventTypes = useQuery({ ...trpc.session.catalog.queryOptions(), staleTime: 60_000 }).data?.eventTypes;
  const org = useQuery(trpc.dashboards.options.queryOptions()).data;
  const shopName = (id: string) => pickText(org?.shops.find((s) => s.id === id)?.name, locale) || t('frontline.atShop', { id });
  const teamName = (id: string) => pickText(org?.teams.find((s) => s.id === id)?.name, locale) || t('frontline.inTeam', { id });
  const own = (key: string, fallback: string): string => (t.has(key as never) ? t(key as never) : fallback);
  return {
    region: (r: string) => (r ? tagValue('region', r) : t('frontline.none')),
    eventType: (type: string) => pickText(eventTypes?.find((e) => e.type === type)?.label, locale) || type,
    eventStatus: (s: string) => own(`eventStatuses.${s}`, s),
    taskStatus: (s: string) => own(`taskStatuses.${s}`, s),
    taskOutcome: (o: string | null) => (o ? (tw.has(o as never) ? tw(o as never) : o) : ''),
    /** Who recorded a frontline outcome: a shop, a call-centre team, or both, by name (a code the organisation does not know is named as a shop's or team's). */
    worker: (w: { shop?: string | null; team?: string | null }) => [w.shop ? shopName(w.shop) : '', w.team ? teamName(w.team) : ''].filter(Boolean).join(' · ') || t('frontline.none'),
    shop: (id: string) => (id ? shopName(id) : t('frontline.none')),
    team: (id: string) => (id ? teamName(id) : t('frontline.none')),
    // Opt-outs recorded by frontline staff ("never ask again") carry the task: `frontline:<task>`.
    optOutSource: (s: string) => own(`optOutSources.${s.startsWith('frontline:') ? 'frontline' : s || 'none'}`, s),
    channel: codes.channel,
    outcome: codes.outcome,
    reason: codes.reason,
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
