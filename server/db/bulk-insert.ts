// Multi-row INSERTs on the hot paths (the event batch, the intake, the outbox) as ONE JSON
// parameter per table expanded by PostgreSQL (json_populate_recordset), instead of one bound
// parameter per value; and several tables' inserts as ONE statement (one round trip). Same rows,
// defaults and ON CONFLICT as the query builder's INSERT; but building a 150-row insert through
// the builder cost more CPU than the rest of the step (every value is type-checked and mapped one
// by one), while JSON.stringify is native. Identifiers come from the drizzle schema, never input.
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

export interface BulkInsertOptions {
  /** SQL column names of a unique index: rows that conflict on it are skipped. */
  onConflictDoNothing?: string[];
  /** SQL column names to return for the inserted rows. */
  returning?: string[];
}

/** One table's rows in a bulkWrite; `as` names its returned rows. */
export interface BulkPart<T extends PgTable = PgTable> extends BulkInsertOptions {
  table: T;
  rows: readonly T['$inferInsert'][];
  as?: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The INSERT statements for a part: one per set of columns given (a column left out keeps its default). */
function insertsOf(part: BulkPart): SQL[] {
  const columns = Object.entries(getTableColumns(part.table));
  const groups = new Map<string, { names: string[]; values: Record<string, unknown>[] }>();
  for (const row of part.rows) {
    const record: Record<string, unknown> = {};
    const names: string[] = [];
    for (const [key, column] of columns) {
      let value = (row as Record<string, unknown>)[key];
      if (value === undefined && column.defaultFn) value = column.defaultFn();
      if (value === undefined) continue;
      record[column.name] = value;
      names.push(column.name);
    }
    const signature = names.join(',');
    const group = groups.get(signature);
    if (group) group.values.push(record);
    else groups.set(signature, { names, values: [record] });
  }
  const target = quote(getTableName(part.table));
  const conflict = part.onConflictDoNothing ? ` on conflict (${part.onConflictDoNothing.map(quote).join(', ')}) do nothing` : '';
  const returning = part.as ? ` returning ${part.returning?.length ? part.returning.map(quote).join(', ') : '1 as one'}` : '';
  return [...groups.values()].map(({ names, values }) => {
    const list = names.map(quote).join(', ');
    return sql`${sql.raw(`insert into ${target} (${list}) select ${list} from json_populate_recordset(null::${target}, `)}${JSON.stringify(values)}${sql.raw(`::json)${conflict}${returning}`)}`;
  });
}

/** Inserts `rows` (drizzle insert shapes) into `table`; returns the `returning` columns as the driver gives them. */
export async function bulkInsert<T extends PgTable>(db: Executor, table: T, rows: readonly T['$inferInsert'][], opts: BulkInsertOptions = {}) {
  return (await bulkWrite(db, [{ table, rows, ...opts, as: 'rows' }])).rows ?? [];
}

/**
 * Several tables' inserts, and any further data-modifying statements (`also`), in ONE statement
 * (data-modifying CTEs: all run, on one snapshot; foreign keys are checked at its end). Returns
 * the returned rows of each part that has an `as` name.
 */
export async function bulkWrite(db: Executor, parts: BulkPart[], also: SQL[] = []): Promise<Record<string, Record<string, unknown>[]>> {
  const ctes: { name: string; query: SQL; as?: string }[] = [];
  parts.forEach((part, p) => {
    if (part.rows.length) insertsOf(part).forEach((query, g) => ctes.push({ name: `w${p}_${g}`, query, as: part.as }));
  });
  also.forEach((query, i) => ctes.push({ name: `x${i}`, query }));
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const part of parts) if (part.as) out[part.as] = [];
  if (ctes.length === 0) return out;
  const named = ctes.filter((c) => c.as);
  const select = named.length
    ? sql.join(named.map((c) => sql.raw(`select '${c.as}' as "_part", to_json(${c.name}) as "_row" from ${c.name}`)), sql.raw(' union all '))
    : sql.raw(`select null as "_part", null::json as "_row"`);
  const q = sql`with ${sql.join(ctes.map((c) => sql`${sql.raw(c.name)} as (${c.query})`), sql.raw(', '))} ${select}`;
  const result = (await db.execute(q)) as unknown as { rows: { _part: string | null; _row: Record<string, unknown> }[] };
  for (const r of result.rows) if (r._part) out[r._part].push(r._row);
  return out;
}

/**
 * A row of `table` read as JSON (`to_json(t)` in a hand-written statement) in the shape the query
 * builder returns: JS property names, timestamps as Dates, bigints as numbers.
 */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    out[key] = value == null ? null : column.dataType === 'date' ? new Date(value as string) : value;
  }
  return out as T['$inferSelect'];
}
