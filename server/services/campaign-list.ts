// The campaign list, filtered, counted, sorted and paged in the database: after years of campaigns
// the page gets one page of them and the filter's counts, not the whole history.
import { and, asc, count, desc, ilike, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { containsPattern } from '../db/like';
import { campaigns } from '../db/schema';
import type { CampaignListQuery, CampaignSortField } from './campaign-list-query';
import { STATUS_ORDER, statusRank } from './status-order';

/** A filter's options: each value with how many campaigns choosing it would add to the list. */
export type Facet = [value: string, count: number][];

export interface CampaignList {
  rows: { id: string; name: string; department: string; status: string; priority: number; updatedAt: Date }[];
  /** Every campaign there is. */
  total: number;
  /** The campaigns the filter matches, on every page. */
  matched: number;
  /**
   * Per filter, its values with their counts under the search and the OTHER filter (values of one
   * filter are alternatives): what each option would show. A chosen value no campaign has is there, with 0.
   */
  facets: { status: Facet; department: Facet };
}

/** statusRank in SQL: a status's place in STATUS_ORDER, unknown ones last. */
const statusPlace = sql`coalesce(array_position(array[${sql.join(
  STATUS_ORDER.map((s) => sql`${s}`),
  sql`, `,
)}]::text[], ${campaigns.status}), ${STATUS_ORDER.length}::int)`;

const SORT_KEYS: Record<Exclude<CampaignSortField, 'name'>, SQL | AnyColumn> = {
  status: statusPlace,
  priority: campaigns.priority,
  updatedAt: campaigns.updatedAt,
};

const rowColumns = {
  id: campaigns.id,
  name: campaigns.name,
  department: campaigns.department,
  status: campaigns.status,
  priority: campaigns.priority,
  updatedAt: campaigns.updatedAt,
};
type Row = CampaignList['rows'][number];

/** One page in an order the database can sort by: status, priority or last change. */
function pageInSql(db: Executor, where: SQL | undefined, { sort, page, pageSize }: CampaignListQuery): Promise<Row[]> {
  const direction = sort.order === 'asc' ? asc : desc;
  const field = sort.field === 'name' ? 'updatedAt' : sort.field;
  return (
    db
      .select(rowColumns)
      .from(campaigns)
      .where(where)
      // Equal keys: the latest changed first, then by id, so that no campaign is on two pages or none.
      .orderBy(direction(SORT_KEYS[field]), ...(field === 'updatedAt' ? [] : [desc(campaigns.updatedAt)]), asc(campaigns.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
  );
}

/**
 * Names in the order people read them: Chinese by pinyin, as in the browser's own sort (Intl's
 * zh-CN collation, with numbers by value: 第2期 before 第10期). Neither PGlite nor a database in
 * the C locale sorts so, and ICU collations exist only on some PostgreSQL builds; so the matching
 * names (two short columns, a few thousand rows for an operator's years of campaigns) are sorted
 * here, and only the page's rows are read in full.
 */
const nameOrder = new Intl.Collator('zh-CN', { numeric: true });

async function pageByName(db: Executor, where: SQL | undefined, { sort, page, pageSize }: CampaignListQuery): Promise<Row[]> {
  const keys = await db.select({ id: campaigns.id, name: campaigns.name, updatedAt: campaigns.updatedAt }).from(campaigns).where(where);
  const sign = sort.order === 'asc' ? 1 : -1;
  // Equal names: the latest changed first, then by id, as in SQL.
  keys.sort((a, b) => sign * nameOrder.compare(a.name, b.name) || b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = keys.slice((page - 1) * pageSize, page * pageSize).map((k) => k.id);
  if (!ids.length) return [];
  const rows = await db.select(rowColumns).from(campaigns).where(inArray(campaigns.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function listCampaignPage(db: Executor, query: CampaignListQuery): Promise<CampaignList> {
  const { q, status, department, sort } = query;
  const named = q ? ilike(campaigns.name, containsPattern(q)) : undefined;
  const ofStatus = status.length ? inArray(campaigns.status, status) : undefined;
  const ofDepartment = department.length ? inArray(campaigns.department, department) : undefined;
  const where = and(named, ofStatus, ofDepartment);
  const n = count();

  const [rows, [counts], statuses, departments] = await Promise.all([
    sort.field === 'name' ? pageByName(db, where, query) : pageInSql(db, where, query),
    db
      .select({ total: n, matched: sql`count(*) filter (where ${where ?? sql`true`})`.mapWith(Number) })
      .from(campaigns),
    db.select({ value: campaigns.status, n }).from(campaigns).where(and(named, ofDepartment)).groupBy(campaigns.status),
    db.select({ value: campaigns.department, n }).from(campaigns).where(and(named, ofStatus)).groupBy(campaigns.department),
  ]);

  return {
    rows,
    total: counts.total,
    matched: counts.matched,
    facets: {
      status: facet(statuses, status).sort(([a], [b]) => statusRank(a) - statusRank(b)),
      department: facet(departments, department).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
    },
  };
}

function facet(groups: { value: string; n: number }[], chosen: readonly string[]): Facet {
  const counts = new Map(groups.map((g) => [g.value, g.n]));
  for (const c of chosen) if (!counts.has(c)) counts.set(c, 0);
  return [...counts];
}
