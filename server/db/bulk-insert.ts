// Multi-row INSERTs on the hot paths (the event batch, the intake, the outbox) as ONE JSON
// parameter expanded by PostgreSQL (json_populate_recordset), instead of one bound parameter per
// value. Same statement, same rows and defaults; but building a 150-row insert through the query
// builder cost more CPU than the rest of the step (every value is type-checked and mapped one
// by one), while JSON.stringify is native. Identifiers come from the drizzle schema, never input.
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

export interface BulkInsertOptions {
  /** SQL column names of a unique index: rows that conflict on it are skipped. */
  onConflictDoNothing?: string[];
  /** SQL column names to return for the inserted rows. */
  returning?: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Inserts `rows` (drizzle insert shapes) into `table`; returns the `returning` columns as the driver gives them. */
export async function bulkInsert<T extends PgTable>(
  db: Executor,
  table: T,
  rows: readonly T['$inferInsert'][],
  opts: BulkInsertOptions = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const columns = Object.entries(getTableColumns(table));
  // Rows with the same columns set go together: a column left out keeps its database default.
  const groups = new Map<string, { names: string[]; values: Record<string, unknown>[] }>();
  for (const row of rows) {
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
  const out: Record<string, unknown>[] = [];
  const target = quote(getTableName(table));
  for (const { names, values } of groups.values()) {
    const list = names.map(quote).join(', ');
    const conflict = opts.onConflictDoNothing ? ` on conflict (${opts.onConflictDoNothing.map(quote).join(', ')}) do nothing` : '';
    const returning = opts.returning?.length ? ` returning ${opts.returning.map(quote).join(', ')}` : '';
    const q = sql`${sql.raw(`insert into ${target} (${list}) select ${list} from json_populate_recordset(null::${target}, `)}${JSON.stringify(values)}${sql.raw(`::json)${conflict}${returning}`)}`;
    const result = (await db.execute(q)) as unknown as { rows: Record<string, unknown>[] };
    out.push(...result.rows);
  }
  return out;
}
