// Bulk import of the analytics system's daily extract (经分数据): customers with their tags, and
// subscriptions. The file is streamed — bytes are decoded and parsed as they arrive (csv-parse)
// and written in batches of one set-based upsert each — so a file of millions of rows never
// sits in memory. Rows that break the schema are reported with their line and reason; by the
// caller's choice the rest still import (`partial`) or nothing is written (`all_or_nothing`,
// one transaction). An upsert leaves identical rows untouched, so re-importing the same file
// changes nothing and reports every row as unchanged.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError, type InfoRecord, type Options } from 'csv-parse';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { findTag, type Catalog, type FieldDef } from '../../workflows';
import type { Db, DbKind, Executor } from '../db/client';
import { imports, products, type ImportError } from '../db/schema';
import { parseTagCell } from './tag-schema';
import { appendAudit } from './audit';

export const ImportKind = z.enum(['customers', 'subscriptions']);
export type ImportKind = z.infer<typeof ImportKind>;
export const ImportMode = z.enum(['partial', 'all_or_nothing']);
export type ImportMode = z.infer<typeof ImportMode>;
export type ImportStatus = 'running' | 'succeeded' | 'partial' | 'refused' | 'failed';

/** Rejected lines kept with their reasons in the report; all are counted. */
export const MAX_REPORTED_ERRORS = 1000;
export const DEFAULT_BATCH_SIZE = 5000;

export interface ImportCounts {
  lines: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportReport extends ImportCounts {
  id: string;
  kind: ImportKind;
  mode: ImportMode;
  status: ImportStatus;
  errors: ImportError[];
  error: string | null;
}

export interface ImportOptions {
  kind: ImportKind;
  mode: ImportMode;
  fileName: string;
  /** Who: a user's email, or `api-key:<name>`. */
  actor: string;
  batchSize?: number;
}

/** The file as it arrives: a request body, a file stream, or text chunks. */
export type CsvSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

interface ImportRuntime {
  db: Db;
  dbKind: DbKind;
  catalog: Catalog;
}

/** Live progress of the imports running in this process (read by the import page). */
const running = new Map<string, ImportCounts>();
export const runningImportProgress = (id: string): ImportCounts | undefined => running.get(id);

class Refused extends Error {}

const REQUIRED: Record<ImportKind, string[]> = {
  customers: ['customer_id', 'msisdn', 'name'],
  subscriptions: ['customer_id', 'product_id', 'since'],
};

const REPLACEMENT = '\uFFFD';
const ENCODING_REASON = 'not valid UTF-8 (save the file as UTF-8; exports from Excel in Chinese are often GBK)';

/** Decodes UTF-8 as it streams; invalid bytes become U+FFFD, which the row check reports by line. */
async function* decode(source: CsvSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

interface CustomerRow {
  line: number;
  id: string;
  msisdn: string;
  name: string;
  tags: Record<string, unknown>;
}
interface SubscriptionRow {
  line: number;
  customer_id: string;
  product_id: string;
  since: string;
}
type Row = CustomerRow | SubscriptionRow;

const CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const MSISDN = /^\+?[0-9]{5,20}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `since` as an instant: a date alone is midnight in China (UTC+8), where the extract is made. */
function parseSince(text: string): Date | null {
  const iso = DATE_ONLY.test(text) ? `${text}T00:00:00+08:00` : text;
  if (!DATE_ONLY.test(text) && !z.iso.datetime({ offset: true }).safeParse(text).success) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The header's problem (the whole file is refused), or the columns. */
function checkHeader(kind: ImportKind, header: string[], catalog: Catalog): { error: string } | { columns: string[]; tags: (FieldDef | null)[] } {
  const columns = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim().toLowerCase());
  if (columns.some((c) => c.includes(REPLACEMENT))) return { error: `line 1 (header): ${ENCODING_REASON}` };
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) return { error: `line 1 (header): the column ${dup} appears twice` };
  const missing = REQUIRED[kind].filter((c) => !columns.includes(c));
  if (missing.length) {
    return { error: `line 1 (header): missing the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; a ${kind} file starts with ${REQUIRED[kind].join(',')}` };
  }
  if (kind === 'subscriptions') {
    const extra = columns.filter((c) => !REQUIRED.subscriptions.includes(c));
    if (extra.length) return { error: `line 1 (header): unknown column${extra.length > 1 ? 's' : ''} ${extra.join(', ')}; a subscriptions file has customer_id,product_id,since` };
    return { columns, tags: columns.map(() => null) };
  }
  const tags = columns.map((c) => (REQUIRED.customers.includes(c) ? null : (findTag(catalog, c) ?? null)));
  const unknown = columns.filter((c, i) => !REQUIRED.customers.includes(c) && !tags[i]);
  if (unknown.length) {
    return {
      error: `line 1 (header): ${unknown.join(', ')} ${unknown.length > 1 ? 'are not declared tags' : 'is not a declared tag'}; declared tags are ${catalog.tags.map((t) => t.name).join(', ')} (administer them under Admin → Tag schema)`,
    };
  }
  return { columns, tags };
}

/** Runs one import and records it in `imports`. Never throws for bad data; the report says. */
export async function runImport(rt: ImportRuntime, source: CsvSource, opts: ImportOptions): Promise<ImportReport> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const [record] = await rt.db
    .insert(imports)
    .values({ kind: opts.kind, fileName: opts.fileName.slice(0, 300), mode: opts.mode, actor: opts.actor, status: 'running' })
    .returning({ id: imports.id });
  const id = record.id;
  await appendAudit(rt.db, { actor: { id: opts.actor, email: opts.actor }, action: 'import.start', entityType: 'import', entityId: id, detail: { kind: opts.kind, mode: opts.mode, fileName: opts.fileName } });
  const counts: ImportCounts = { lines: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const errors: ImportError[] = [];
  running.set(id, counts);
  const reject = (line: number, reason: string) => {
    counts.rejected++;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line, reason });
  };
  const catalog = rt.catalog;
  const productIds =
    opts.kind === 'subscriptions' ? new Set((await rt.db.select({ id: products.id }).from(products)).map((p) => p.id)) : new Set<string>();
  // Progress is written to the row as batches commit, except inside an all-or-nothing
  // transaction on PGlite, whose single connection the transaction holds (the in-process map
  // still shows it).
  const progressToDb = opts.mode === 'partial' || rt.dbKind === 'postgres';

  let status: ImportStatus = 'running';
  let fatal: string | null = null;
  const options: Options<{ record: string[]; line: number }, string[]> = {
    relax_column_count: true,
    skip_empty_lines: true,
    // The record's last line travels with it (cheaper than `info: true`, which copies the whole
    // info object per record).
    on_record: (record: string[], context: InfoRecord) => ({ record, line: context.lines }),
    skip_records_with_error: true,
    max_record_size: 64 * 1024,
    on_skip: (err: CsvError | undefined) => {
      const e = err as (CsvError & { lines?: number }) | undefined;
      reject(e?.lines ?? counts.lines + 1, `not valid CSV: ${e?.message ?? 'unreadable record'}`);
      return undefined;
    },
  };
  // csv-parse's overloads have no signature for an on_record that changes the record's type.
  const parser = parse(options as unknown as Options);
  const feeding = pipeline(Readable.from(decode(source)), parser);
  feeding.catch(() => undefined); // a read error is reported through the parser's iteration

  const work = async (ex: Executor) => {
    let header: { columns: string[]; tags: (FieldDef | null)[] } | null = null;
    let batch = new Map<string, Row>();
    const flush = async () => {
      if (batch.size === 0) return;
      const rows = [...batch.values()];
      batch = new Map();
      // All-or-nothing after a rejected line: nothing will be kept, so only validate.
      const writing = opts.mode === 'partial' || counts.rejected === 0;
      if (opts.kind === 'customers') {
        if (writing) await upsertCustomers(ex, rows as CustomerRow[], header!.columns, counts);
      } else {
        const known = await existingCustomers(ex, (rows as SubscriptionRow[]).map((r) => r.customer_id));
        const good = (rows as SubscriptionRow[]).filter((r) => {
          if (known.has(r.customer_id)) return true;
          reject(r.line, `customer_id: no customer ${r.customer_id} (import the customers first)`);
          return false;
        });
        if (opts.mode === 'partial' || counts.rejected === 0) await upsertSubscriptions(ex, good, counts);
      }
      if (progressToDb) {
        await rt.db.update(imports).set({ ...counts }).where(eq(imports.id, id));
      }
    };

    for await (const { record: rec, line } of parser as AsyncIterable<{ record: string[]; line: number }>) {
      if (!header) {
        const checked = checkHeader(opts.kind, rec, catalog);
        if ('error' in checked) throw new Refused(checked.error);
        header = checked;
        counts.lines = line;
        continue;
      }
      counts.lines = line;
      const row = checkRow(opts.kind, header, rec, line, productIds);
      if (typeof row === 'string') {
        reject(line, row);
        continue;
      }
      const key = 'id' in row ? row.id : `${row.customer_id}\u0000${row.product_id}`;
      if (batch.has(key)) await flush(); // the same key twice in one statement is not allowed
      batch.set(key, row);
      if (batch.size >= batchSize) await flush();
    }
    if (!header) throw new Refused('the file is empty: expected a header line and rows');
    await flush();
    if (opts.mode === 'all_or_nothing' && counts.rejected > 0) {
      throw new Refused(`${counts.rejected} line${counts.rejected > 1 ? 's' : ''} failed the schema; nothing was imported (all-or-nothing)`);
    }
  };

  try {
    if (opts.mode === 'all_or_nothing') await rt.db.transaction((tx) => work(tx));
    else await work(rt.db);
    status = counts.rejected > 0 ? 'partial' : 'succeeded';
  } catch (err) {
    parser.destroy();
    if (err instanceof Refused) {
      status = 'refused';
      fatal = err.message;
      if (opts.mode === 'all_or_nothing') Object.assign(counts, { inserted: 0, updated: 0, unchanged: 0 });
    } else {
      status = 'failed';
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null;
      fatal = `import stopped at line ${counts.lines}: ${cause ?? (err instanceof Error ? err.message : String(err))}`;
      if (opts.mode === 'all_or_nothing') Object.assign(counts, { inserted: 0, updated: 0, unchanged: 0 });
    }
  } finally {
    running.delete(id);
  }
  await rt.db
    .update(imports)
    .set({ ...counts, status, errors, error: fatal, finishedAt: new Date() })
    .where(eq(imports.id, id));
  await appendAudit(rt.db, { actor: { id: opts.actor, email: opts.actor }, action: 'import.finish', entityType: 'import', entityId: id, detail: { kind: opts.kind, status, ...counts, error: fatal } });
  return { id, kind: opts.kind, mode: opts.mode, status, ...counts, errors, error: fatal };
}

/** The row, or why it was rejected. */
function checkRow(
  kind: ImportKind,
  header: { columns: string[]; tags: (FieldDef | null)[] },
  rec: string[],
  line: number,
  productIds: Set<string>,
): Row | string {
  const { columns, tags } = header;
  if (rec.length !== columns.length) return `expected ${columns.length} fields as in the header, got ${rec.length}`;
  if (rec.some((c) => c.includes(REPLACEMENT))) return ENCODING_REASON;
  const get = (name: string) => rec[columns.indexOf(name)].trim();
  const customerId = get('customer_id');
  if (!CUSTOMER_ID.test(customerId)) {
    return customerId ? `customer_id: ${JSON.stringify(customerId.slice(0, 40))} is not an id (letters, digits, _ . : -, at most 100)` : 'customer_id: empty';
  }
  if (kind === 'subscriptions') {
    const productId = get('product_id');
    if (!productIds.has(productId)) return `product_id: no product ${JSON.stringify(productId.slice(0, 40))} in the product catalogue`;
    const since = parseSince(get('since'));
    if (!since) return `since: expected a date (2026-11-29) or a date-time with offset, got ${JSON.stringify(get('since').slice(0, 40))}`;
    return { line, customer_id: customerId, product_id: productId, since: since.toISOString() };
  }
  const msisdn = get('msisdn');
  if (!MSISDN.test(msisdn)) return `msisdn: expected 5 to 20 digits, got ${JSON.stringify(msisdn.slice(0, 40))}`;
  const name = get('name');
  if (!name) return 'name: empty';
  if (name.length > 200) return 'name: longer than 200 characters';
  const values: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const def = tags[i];
    if (!def || rec[i].trim() === '') continue; // an empty cell leaves the tag unset
    const parsed = parseTagCell(def, rec[i]);
    if (parsed.error !== undefined) return `${def.name}: ${parsed.error}`;
    values[def.name] = parsed.value;
  }
  return { line, id: customerId, msisdn, name, tags: values };
}

type Returned = { inserted: boolean };
const rowsOf = (r: unknown) => (r as { rows: Returned[] }).rows;

/**
 * One statement per batch. The tags named by the file's columns are replaced (an empty cell
 * removes the tag), other tags are kept. The WHERE clause skips rows that would not change, so
 * they are neither rewritten nor returned: returned rows are inserted (xmax = 0) or updated.
 */
async function upsertCustomers(ex: Executor, rows: CustomerRow[], columns: string[], counts: ImportCounts) {
  const tagColumns = `{${columns.filter((c) => !REQUIRED.customers.includes(c)).join(',')}}`;
  const payload = JSON.stringify(rows.map((r) => ({ id: r.id, msisdn: r.msisdn, name: r.name, tags: r.tags })));
  const result = await ex.execute(sql`
    insert into customers as c (id, msisdn, name, tags, updated_at)
    select x.id, x.msisdn, x.name, x.tags, now()
      from jsonb_to_recordset(${payload}::jsonb) as x(id text, msisdn text, name text, tags jsonb)
    on conflict (id) do update
      set msisdn = excluded.msisdn, name = excluded.name,
          tags = (c.tags - ${tagColumns}::text[]) || excluded.tags, updated_at = excluded.updated_at
      where c.msisdn is distinct from excluded.msisdn or c.name is distinct from excluded.name
         or ((c.tags - ${tagColumns}::text[]) || excluded.tags) is distinct from c.tags
    returning (xmax = 0) as inserted`);
  count(rowsOf(result), rows.length, counts);
}

async function upsertSubscriptions(ex: Executor, rows: SubscriptionRow[], counts: ImportCounts) {
  if (rows.length === 0) return;
  const payload = JSON.stringify(rows.map((r) => ({ customer_id: r.customer_id, product_id: r.product_id, since: r.since })));
  const result = await ex.execute(sql`
    insert into subscriptions as s (customer_id, product_id, since)
    select x.customer_id, x.product_id, x.since
      from jsonb_to_recordset(${payload}::jsonb) as x(customer_id text, product_id text, since timestamptz)
    on conflict (customer_id, product_id) do update set since = excluded.since
      where s.since is distinct from excluded.since
    returning (xmax = 0) as inserted`);
  count(rowsOf(result), rows.length, counts);
}

function count(returned: Returned[], total: number, counts: ImportCounts) {
  let inserted = 0;
  for (const r of returned) if (r.inserted === true || (r.inserted as unknown) === 't') inserted++;
  counts.inserted += inserted;
  counts.updated += returned.length - inserted;
  counts.unchanged += total - returned.length;
}

async function existingCustomers(ex: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await ex.execute(sql`select id from customers where id = any(${`{${ids.map((i) => `"${i}"`).join(',')}}`}::text[])`);
  return new Set((result as unknown as { rows: { id: string }[] }).rows.map((r) => r.id));
}
