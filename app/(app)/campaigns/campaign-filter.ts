// The campaign list's filter lives in the URL (?q=加油包&status=live,paused&department=market), so a
// filtered list can be bookmarked, shared and reloaded.

export interface CampaignFilter {
  /** Part of the name, any case. */
  q: string;
  status: string[];
  department: string[];
}

interface Filterable {
  name: string;
  status: string;
  department: string;
}

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);

export function filterFromParams(params: { get(name: string): string | null }): CampaignFilter {
  return { q: params.get('q')?.trim() ?? '', status: list(params.get('status')), department: list(params.get('department')) };
}

/** The query string for a filter, keeping any other parameters of `current`. */
export function paramsWith(current: string, filter: CampaignFilter): string {
  const next = new URLSearchParams(current);
  const put = (k: string, v: string) => (v ? next.set(k, v) : next.delete(k));
  put('q', filter.q.trim());
  put('status', filter.status.join(','));
  put('department', filter.department.join(','));
  return next.toString();
}

export const isFiltered = (f: CampaignFilter) => Boolean(f.q || f.status.length || f.department.length);

export function matches(row: Filterable, f: CampaignFilter): boolean {
  if (f.q && !row.name.toLocaleLowerCase().includes(f.q.toLocaleLowerCase())) return false;
  if (f.status.length && !f.status.includes(row.status)) return false;
  if (f.department.length && !f.department.includes(row.department)) return false;
  return true;
}

/**
 * How many rows have each value of `key`, in order of first appearance: a filter's options. A value
 * chosen in the address that no row has is an option too (with 0), so it is shown by its name.
 */
export function countBy<T>(rows: readonly T[], key: (row: T) => string, chosen: readonly string[] = []): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  for (const c of chosen) if (!counts.has(c)) counts.set(c, 0);
  return [...counts];
}
