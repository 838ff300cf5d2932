// How checked import rows reach the database. Both writers end in the same set-based upsert
// (INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE IS DISTINCT FROM, so unchanged rows are neither
// rewritten nor counted as changed); they differ in how a batch gets to the server:
// - PostgreSQL: COPY … FROM STDIN (pg-copy-streams) into a session temporary staging table on one
//   dedicated connection, then the upsert from it. COPY's text format is parsed by the server far
//   faster than JSON, and the batch can be large (docs/benchmarks.md).
// - PGlite (embedded, no COPY FROM STDIN over its wire): one jsonb_to_recordset parameter.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, DbKind, Executor } from '../db/client';
import type { CustomerRow, SubscriptionRow } from './customer-import-rows';

export interface Written {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportWriter {
  customers(rows: CustomerRow[], tagColumns: string[]): Promise<Written>;
  subscriptions(rows: SubscriptionRow[]): Promise<Written>;
  /** Which of these customer ids exist. */
  existingCustomers(ids: string[]): Promise<Set<string>>;
  /** Runs `fn` in one transaction (all-or-nothing imports). */
  transaction<T>(fn: (w: ImportWriter) => Promise<T>): Promise<T>;
  close(failed?: boolean): Promise<void>;
}

/** The set-based upserts, reading the batch from `source` (a relation with the batch's columns). */
function upsertCustomers(source: SQL, tagColumns: string[]): SQL {
  const tags = `{${tagColumns.join(',')}}`;
  return sql`
    with up as (
      insert into customers as c (id, msisdn, name, tags, updated_at)
      select x.id, x.msisdn, x.name, x.tags, now() from ${source}
      on conflict (id) do update
        set msisdn = excluded.msisdn, name = excluded.name,
            tags = (c.tags - ${tags}::text[]) || excluded.tags, updated_at = excluded.updated_at
        where c.msisdn is distinct from excluded.msisdn or c.name is distinct from excluded.name
           or ((c.tags - ${tags}::text[]) || excluded.tags) is distinct from c.tags
      returning (xmax = 0) as inserted)
    select (count(*) filter (where inserted))::int as inserted, count(*)::int as changed from up`;
}

function upsertSubscriptions(source: SQL): SQL {
  return sql`
    with up as (
      insert into subscriptions as s (customer_id, product_id, since)
      select x.customer_id, x.product_id, x.since from ${source}
      on conflict (customer_id, product_id) do update set since = excluded.since
        where s.since is distinct from excluded.since
      returning (xmax = 0) as inserted)
    select (count(*) filter (where inserted))::int as inserted, count(*)::int as changed from up`;
}

async function written(ex: Executor, query: SQL, total: number): Promise<Written> {
  const result = (await ex.execute(query)) as unknown as { rows: { inserted: number | string; changed: number | string }[] };
  const inserted = Number(result.rows[0]?.inserted ?? 0);
  const changed = Number(result.rows[0]?.changed ?? 0);
  return { inserted, updated: changed - inserted, unchanged: total - changed };
}

async function existing(ex: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await ex.execute(sql`select id from customers where id = any(${`{${ids.map((i) => `"${i}"`).join(',')}}`}::text[])`);
  return new Set((result as unknown as { rows: { id: string }[] }).rows.map((r) => r.id));
}

/** PGlite: the batch as one JSON parameter. */
export function jsonWriter(ex: Executor): ImportWriter {
  return {
    async customers(rows, tagColumns) {
      const payload = JSON.stringify(rows.map((r) => ({ id: r.id, msisdn: r.msisdn, name: r.name, tags: r.tags })));
      return written(ex, upsertCustomers(sql`jsonb_to_recordset(${payload}::jsonb) as x(id text, msisdn text, name text, tags jsonb)`, tagColumns), rows.length);
    },
    async subscriptions(rows) {
      if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      const payload = JSON.stringify(rows.map((r) => ({ customer_id: r.customer_id, product_id: r.product_id, since: r.since })));
      return written(ex, upsertSubscriptions(sql`jsonb_to_recordset(${payload}::jsonb) as x(customer_id text, product_id text, since timestamptz)`), rows.length);
    },
    existingCustomers: (ids) => existing(ex, ids),
    transaction: (fn) => ex.transaction((tx) => fn(jsonWriter(tx))),
    close: async () => undefined,
  };
}

/** COPY's text format: backslash, tab, newline and carriage return escaped. */
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const copyField = (v: string) => (/[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v);

const STAGES = {
  customers: { table: 'octo_import_customers', columns: '(id text, msisdn text, name text, tags jsonb)', list: '(id, msisdn, name, tags)' },
  subscriptions: { table: 'octo_import_subscriptions', columns: '(customer_id text, product_id text, since timestamptz)', list: '(customer_id, product_id, since)' },
} as const;

/** PostgreSQL: COPY into a temporary staging table on a connection of our own, then upsert. */
export async function copyWriter(pool: pg.Pool): Promise<ImportWriter> {
  const client = await pool.connect();
  const db = drizzle(client) as unknown as Db;
  const made = new Set<string>();

  async function stage(kind: keyof typeof STAGES, text: string): Promise<SQL> {
    const s = STAGES[kind];
    if (!made.has(kind)) {
      await client.query(`create temporary table if not exists ${s.table} ${s.columns}`);
      made.add(kind);
    }
    await client.query(`truncate ${s.table}`);
    await pipeline(Readable.from([text]), client.query(copyFrom(`copy ${s.table} ${s.list} from stdin`)));
    // 'finish' comes as the server is ready again, but before pg has let go of the COPY query.
    await new Promise((resolve) => setImmediate(resolve));
    return sql.raw(`${s.table} as x`);
  }

  const writer: ImportWriter = {
    async customers(rows, tagColumns) {
      // One string for the batch, appended to (V8 keeps it as a rope until it is written).
      let text = '';
      for (const r of rows) text += `${copyField(r.id)}\t${copyField(r.msisdn)}\t${copyField(r.name)}\t${copyField(JSON.stringify(r.tags))}\n`;
      return written(db, upsertCustomers(await stage('customers', text), tagColumns), rows.length);
    },
    async subscriptions(rows) {
      if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      let text = '';
      for (const r of rows) text += `${copyField(r.customer_id)}\t${copyField(r.product_id)}\t${r.since}\n`;
      return written(db, upsertSubscriptions(await stage('subscriptions', text)), rows.length);
    },
    existingCustomers: (ids) => existing(db, ids),
    async transaction(fn) {
      await client.query('begin');
      try {
        const result = await fn(writer);
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      }
    },
    async close(failed) {
      try {
        // The staging tables die with the session, but the connection goes back to the pool.
        if (!failed) for (const kind of made) await client.query(`drop table if exists ${STAGES[kind as keyof typeof STAGES].table}`);
      } finally {
        // After a failure the connection may be mid-COPY: destroy it rather than reuse it.
        client.release(failed ? true : undefined);
      }
    },
  };
  return writer;
}

/** The writer for this database: COPY on PostgreSQL, JSON on PGlite. */
export async function importWriter(db: Db, kind: DbKind): Promise<ImportWriter> {
  const pool = (db as unknown as { $client?: pg.Pool }).$client;
  if (kind === 'postgres' && pool && typeof pool.connect === 'function') return copyWriter(pool);
  return jsonWriter(db);
}
