'use client';
// The dashboards' filters live in the URL (?from=2026-06-01&to=2026-06-30&department=…&tab=…),
// so a view can be bookmarked, shared and reloaded (read by url-filter.ts). Days are China
// Standard Time days.
import { useCallback, useMemo } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTRPC } from '@/app/_lib/trpc';
import type { DashboardFilter } from '@/server/analytics/filter-schema';
import { useLabels } from './labels';
import { DAY, dayStart, dropUnknown, parseUrlFilter, ymd } from './url-filter';

/** The filter the dashboards' API takes (server/analytics/filter-schema.ts). */
export type ApiFilter = DashboardFilter;
export const dayLabel = ymd;
export { dayStart };

export function useDashboardState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = params.toString();
  // Read once per address: a link's bad parts are left out and named (see url-filter.ts).
  const read = useMemo(() => parseUrlFilter(new URLSearchParams(query), Date.now()), [query]);
  const trpc = useTRPC();
  const options = useQuery(trpc.dashboards.options.queryOptions());
  const parsed = useMemo(() => dropUnknown(read, options.data), [read, options.data]);
  const tab = params.get('tab') ?? 'execution';

  const set = useCallback(
    (changes: Record<string, string | undefined>) => {
      const next = new URLSearchParams(params.toString());
      // A change of filter also drops what the link had that could not be applied.
      for (const k of parsed.ignoredParams) next.delete(k);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [params, parsed, pathname, router],
  );

  return { ...parsed, tab, set, options: options.data };
}

export type DashboardState = ReturnType<typeof useDashboardState>;

export function FiltersBar({ state }: { state: DashboardState }) {
  const t = useTranslations('dashboards.filters');
  const l = useLabels();
  const o = state.options;
  const campaigns = (o?.campaigns ?? []).filter((c) => !state.department || c.department === state.department);
  return (
    <section aria-label={t('label')} style={{ marginBottom: 16 }}>
      <Space wrap size={[16, 8]} align="end">
        <div>
          <label htmlFor="dash-range" style={{ display: 'block', fontSize: 12 }}>
            {t('range')}
          </label>
          <DatePicker.RangePicker
            id="dash-range"
            data-testid="filter-range"
            allowClear={false}
            value={[dayjs(state.fromDay), dayjs(state.toDay)]}
            onChange={(v) => {
              if (v?.[0] && v[1]) state.set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') });
            }}
          />
        </div>
        <FilterSelect
          id="department"
          label={t('department')}
          all={t('all')}
          value={state.department}
          options={(o?.departments ?? []).map((d) => ({ value: d, label: l.department(d) }))}
          onChange={(v) => state.set({ department: v, campaign: undefined })}
        />
        <FilterSelect
          id="campaign"
          label={t('campaign')}
          all={t('all')}
          value={state.campaignId}
          width={260}
          options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
          onChange={(v) => state.set({ campaign: v })}
        />
        <FilterSelect
          id="channel"
          label={t('channel')}
          all={t('all')}
          value={state.channel}
          options={(o?.channels ?? []).map((c) => ({ value: c, label: l.channel(c) }))}
          onChange={(v) => state.set({ channel: v })}
        />
        <FilterSelect
          id="region"
          label={t('region')}
          all={t('all')}
          value={state.region}
          options={(o?.regions ?? []).map((r) => ({ value: r, label: l.region(r) }))}
          onChange={(v) => state.set({ region: v })}
        />
        <Button
          data-testid="filter-reset"
          onClick={() => state.set({ from: undefined, to: undefined, department: undefined, campaign: undefined, channel: undefined, region: undefined })}
        >
          {t('reset')}
        </Button>
      </Space>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
        {t('rangeHint')}
      </Typography.Text>
    </section>
  );
}

function FilterSelect({
  id,
  label,
  all,
  value,
  options,
  onChange,
  width = 170,
}: {
  id: string;
  label: string;
  all: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (v: string | undefined) => void;
  width?: number;
}) {
  return (
    <div>
      <label htmlFor={`filter-${id}`} style={{ display: 'block', fontSize: 12 }}>
        {label}
      </label>
      <Select
        id={`filter-${id}`}
        data-testid={`filter-${id}`}
        style={{ width }}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={all}
        value={value}
        options={options}
        onChange={(v?: string) => onChange(v || undefined)}
      />
    </div>
  );
}

/** A CSV file name that says what and which days: octoflow-channels-2026-06-01_2026-06-30. */
export const csvName = (what: string, f: ApiFilter) => `octoflow-${what}-${ymd(f.from.getTime())}_${ymd(f.to.getTime() - DAY)}`;
