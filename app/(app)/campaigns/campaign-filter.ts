// The campaign list's filter, order and page live in the URL
// (?q=加油包&status=live,paused&department=market&sort=-priority&page=2), so a list can be
// bookmarked, shared and reloaded as it was. The server filters, sorts and pages
// (server/services/campaign-list.ts); this only reads and writes the address.
import { CampaignSortField, DEFAULT_CAMPAIGN_SORT, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type CampaignListQuery, type CampaignSort } from '@/server/services/campaign-list-query';

export interface CampaignFilter {
  /** Part of the name, any case. */
  q: string;
  status: string[];
  department: string[];
}

/** What the list shows: the filter, the order and the page (1-based) of `pageSize` campaigns. */
export type CampaignListView = CampaignListQuery;

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);

/** A positive whole number from the address, or `fallback` for anything else. */
function count(v: string | null, fallback: number, max = Infinity): number {
  const n = Number(v);
  return v && Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

/** `sort=name` is by name A–Z, `sort=-name` Z–A; anything else (or nothing) the latest changed first. */
function sortFrom(v: string | null): CampaignSort {
  const field = CampaignSortField.safeParse(v?.replace(/^-/, ''));
  return field.success ? { field: field.data, order: v!.startsWith('-') ? 'desc' : 'asc' } : DEFAULT_CAMPAIGN_SORT;
}

const sortParam = (s: CampaignSort) => (s.field === DEFAULT_CAMPAIGN_SORT.field && s.order === DEFAULT_CAMPAIGN_SORT.order ? '' : `${s.order === 'desc' ? '-' : ''}${s.field}`);

export function viewFromParams(params: { get(name: string): string | null }): CampaignListView {
  return {
    q: params.get('q')?.trim() ?? '',
    status: list(params.get('status')),
    department: list(params.get('department')),
    sort: sortFrom(params.get('sort')),
    page: count(params.get('page'), 1),
    pageSize: count(params.get('pageSize'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

/** The query string for a view, keeping any other parameters of `current`; defaults are left out. */
export function paramsWith(current: string, view: CampaignListView): string {
  const next = new URLSearchParams(current);
  const put = (k: string, v: string) => (v ? next.set(k, v) : next.delete(k));
  put('q', view.q.trim());
  put('status', view.status.join(','));
  put('department', view.department.join(','));
  put('sort', sortParam(view.sort));
  put('page', view.page > 1 ? String(view.page) : '');
  put('pageSize', view.pageSize !== DEFAULT_PAGE_SIZE ? String(view.pageSize) : '');
  return next.toString();
}

export const isFiltered = (f: CampaignFilter) => Boolean(f.q || f.status.length || f.department.length);
