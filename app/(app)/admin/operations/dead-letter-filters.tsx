'use client';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Flex } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { FacetSelect, SearchBox, useFilterWords } from './filter-bar';

/** Which refused events the operator means: of one event type, from one source, matching a text. */
export interface LetterFilter {
  type?: string;
  source?: string;
  search?: string;
}

/** A source's name for people (the code itself when it has none). */
export function useSourceLabel() {
  const t = useTranslations('operations');
  return (s: string) => {
    const key = `sources.${s}` as 'sources.http';
    return t.has(key) ? t(key) : s;
  };
}

/** The filter in words, for a confirmation ("type x, source Public API, search “y”"); empty when there is none. */
export function useDescribeFilter() {
  const t = useTranslations('operations.bulk');
  const words = useFilterWords();
  const source = useSourceLabel();
  return (f: LetterFilter) =>
    words([f.type && t('filterType', { type: f.type }), f.source && t('filterSource', { source: source(f.source) }), f.search && t('filterSearch', { search: f.search })]);
}

/**
 * The refused events' filter: an event type and a source (the choices those among the open, or
 * closed, events have, with how many), and a text the event ID or error contains or the customer is.
 */
export function DeadLetterFilters({ closed, value, onChange }: { closed: boolean; value: LetterFilter; onChange: (f: LetterFilter) => void }) {
  const t = useTranslations('operations.filters');
  const trpc = useTRPC();
  const source = useSourceLabel();
  const facets = useQuery(trpc.operations.deadLetterFacets.queryOptions({ closed }));

  return (
    <Flex gap={8} wrap>
      <FacetSelect
        placeholder={t('type')}
        value={value.type}
        onChange={(type) => onChange({ ...value, type })}
        options={facets.data?.types.map((f) => ({ value: f.value, label: t('typeOption', { type: f.value, count: f.count }) }))}
        loading={facets.isPending}
        width={240}
        testId="filter-type"
      />
      <FacetSelect
        placeholder={t('source')}
        value={value.source}
        onChange={(s) => onChange({ ...value, source: s })}
        options={facets.data?.sources.map((f) => ({ value: f.value, label: t('sourceOption', { source: source(f.value), count: f.count }) }))}
        loading={facets.isPending}
        width={180}
        testId="filter-source"
      />
      <SearchBox placeholder={t('search')} value={value.search} onSearch={(search) => onChange({ ...value, search })} testId="filter-search" />
    </Flex>
  );
}
