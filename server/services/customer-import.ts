// Bulk import of the analytics system's daily extract (经分数据): customers with their tags, and
// subscriptions. The file is streamed — bytes are parsed as they arrive (csv-parse)
// and written in batches of one set-based upsert each (customer-import-writers.ts: COPY into a
// staging table on PostgreSQL) while the next batch is parsed — so a file of millions of rows
// never sits in memory. Rows that break the schema are reported with their line and a reason
// code (worded in both languages by the UI); by the caller's choice the rest still import
// (`partial`) or nothing is written (`all_or_nothing`, one transaction). An upsert leaves
// identical rows untouched, so re-importing the same file changes nothing. An import whose
// process dies is marked failed by the next process that looks (recoverInterruptedImports).
import { processWide } from '../process-wide';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser, type CsvError, type Options } from 'csv-parse';
import { and, eq, lt, notInArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Catalog } from '../../workflows';
import type { Db, DbKind } from '../db/client';
import { imports, products, type ImportError, type ImportProblem } from '../db/schema';
import { checkHeader, checkRow, isProblem, problem, REQUIRED, type CustomerRow, type Header, type Problem, type Row, type SubscriptionRow } from './customer-import-rows';
import { importWriter, type ImportWriter, type Written } from './customer-import-writers';
import { CsvRecordGuard, tooLongAt } from './csv-record-guard';
import { appendAudit } from './audit';

import { ImportKind } from './customer-import-rows';

export { ImportKind };
export const ImportMode = z.enum(['partial', 'all_or_nothing']);
export type ImportMode = z.infer<typeof ImportMode>;
export type ImportStatus = 'running' | 'succeeded' | 'partial' | 'refused' | 'failed';

/** Rejected lines kept with their reasons in the report; all are counted. */
export const MAX_REPORTED_ERRORS = 1000;
/** Rows per upsert: COPY batches can be larger than one JSON parameter comfortably is. */
export const DEFAULT_BATCH_SIZE: Record<DbKind, number> = { pglite: 5000, postgres: 10_000 };
/** A running import shows progress at least this often; one silent for STALE_IMPORT_MS is dead. */
export const HEARTBEAT_MS = 10_000;
export const STALE_IMPORT_MS = 2 * 60_000;
/**
 * The most bytes one record (a line, or the lines a quoted line break joins) may hold. A longer one
 * is rejected with its line and the rest of the file still imports (csv-record-guard.ts); no real
 * row is near it (a name holds at most 200 characters, a tag value 1,000).
 */
export const MAX_RECORD_BYTES = 64 * 1024;

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
  errorDetail: ImportProblem | null;
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

/** This process, as recorded on the imports it runs. */
const PROCESS = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
/**
 * Live progress of the imports running in this process (read by the import page, and by the
 * recovery pass to tell them from dead ones). On globalThis: Next.js bundles route handlers and
 * pages apart, so this module may be loaded more than once in one process, and the upload route's
 * copy must be the map the workers' copy consults.
 */
const running = processWide('imports.running', () => new Map<string, ImportCounts>());
export const runningImportProgress = (id: string): ImportCounts | undefined => running.get(id);

class Refused extends Error {
  constructor(readonly problem: Problem) {
    super(problem.reason);
  }
}

type Numbered = { record: string[]; line: number };

/**
 * csv-parse's stream with each record's last line number travelling with it (as `on_record`'s
 * context.lines would give it, read at the same moment). An `on_record` callback costs more than
 * the rest of the parse: csv-parse builds a full info object for every record to pass it.
 */
class LineParser extends Parser {
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : ({ record: record as string[], line: this.info.lines } satisfies Numbered), encoding);
  }
}

const add = (counts: ImportCounts, w: Written) => {
  counts.inserted += w.inserted;
  counts.updated += w.updated;
  counts.unchanged += w.unchanged;
};

/** Runs one import and records it in `imports`. Never throws for bad data; the report says. */
export async function runImport(rt: ImportRuntime, source: CsvSource, opts: ImportOptions): Promise<ImportReport> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE[rt.dbKind];
  const id = randomUUID();
  const counts: ImportCounts = { lines: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  // In the map before the row exists: a recovery pass never takes this import for a dead one.
  running.set(id, counts);
  const errors: ImportError[] = [];
  let writer: ImportWriter | null = null;
  let heartbeat: NodeJS.Timeout | undefined;
  let status: ImportStatus = 'running';
  let fatal: Problem | null = null;
  try {
    await rt.db.insert(imports).values({
      id,
      kind: opts.kind,
      fileName: opts.fileName.slice(0, 300),
      mode: opts.mode,
      actor: opts.actor,
      status: 'running',
      owner: PROCESS,
      heartbeatAt: new Date(),
    });
    await appendAudit(rt.db, { actor: { id: opts.actor, email: opts.actor }, action: 'import.start', entityType: 'import', entityId: id, detail: { kind: opts.kind, mode: opts.mode, fileName: opts.fileName } });
    const reject = (line: number, p: Problem) => {
      counts.rejected++;
      if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line, reason: p.reason, code: p.code, params: p.params });
    };
    const productIds =
      opts.kind === 'subscriptions' ? new Set((await rt.db.select({ id: products.id }).from(products)).map((p) => p.id)) : new Set<string>();
    // Progress (and the heartbeat) is written to the row as batches commit, except inside an
    // all-or-nothing transaction on PGlite, whose single connection the transaction holds (the
    // in-process map still shows it, and PGlite has no other process to take it for dead).
    const progressToDb = opts.mode === 'partial' || rt.dbKind === 'postgres';
    const beat = () => rt.db.update(imports).set({ ...counts, heartbeatAt: new Date() }).where(eq(imports.id, id));
    if (progressToDb) heartbeat = setInterval(() => void beat().catch(() => undefined), HEARTBEAT_MS).unref();

    const options: Options = {
      relax_column_count: true,
      skip_empty_lines: true,
      // Bytes go to the parser as they arrive: it splits on ASCII delimiters (which no UTF-8
      // multi-byte sequence contains) and decodes each field once, invalid bytes becoming U+FFFD,
      // which the row check reports by line. A leading byte order mark is dropped.
      bom: true,
      skip_records_with_error: true,
      // The guard keeps longer records away (parsed records are never longer than their bytes);
      // should one get through all the same, csv-parse could not go on: the file is refused.
      max_record_size: MAX_RECORD_BYTES,
      on_skip: (err: CsvError | undefined) => {
        const e = err as (CsvError & { lines?: number }) | undefined;
        if (e?.code === 'CSV_MAX_RECORD_SIZE') throw new Refused(problem('record_too_long', { line: e.lines ?? counts.lines + 1, limit: MAX_RECORD_BYTES }));
        reject(e?.lines ?? counts.lines + 1, problem('csv_invalid', { detail: e?.message ?? 'unreadable record' }));
        return undefined;
      },
    };
    const parser = new LineParser(options);
    const feeding = pipeline(Readable.from(source), new CsvRecordGuard(MAX_RECORD_BYTES), parser);
    feeding.catch(() => undefined); // a read error is reported through the parser's iteration

    const work = async (w: ImportWriter) => {
      let header: Header | null = null;
      let batch = new Map<string, Row>();
      // One batch is written while the next is parsed; its failure surfaces at the next flush.
      let inFlight: Promise<void> = Promise.resolve();
      const write = async (rows: Row[]) => {
        // All-or-nothing after a rejected line: nothing will be kept, so only validate.
        const writing = () => opts.mode === 'partial' || counts.rejected === 0;
        if (opts.kind === 'customers') {
          if (writing()) add(counts, await w.customers(rows as CustomerRow[], header!.columns.filter((c) => !REQUIRED.customers.includes(c))));
        } else {
          const known = await w.existingCustomers((rows as SubscriptionRow[]).map((r) => r.customer_id));
          const good = (rows as SubscriptionRow[]).filter((r) => known.has(r.customer_id) || (reject(r.line, problem('customer_unknown', { value: r.customer_id })), false));
          if (writing()) add(counts, await w.subscriptions(good));
        }
        if (progressToDb) await beat();
      };
      const flush = async () => {
        await inFlight;
        if (batch.size === 0) return;
        const rows = [...batch.values()];
        batch = new Map();
        inFlight = write(rows);
        inFlight.catch(() => undefined); // awaited at the next flush
      };

      for await (const { record: rec, line } of parser as AsyncIterable<Numbered>) {
        const tooLong = tooLongAt(rec);
        if (tooLong !== null) {
          // A record past MAX_RECORD_BYTES, which the guard left out: one rejected line (its first).
          const p = problem(header ? 'record_too_long' : 'header_too_long', { line: tooLong, limit: MAX_RECORD_BYTES });
          if (!header) throw new Refused(p);
          counts.lines = line;
          reject(tooLong, p);
          continue;
        }
        if (!header) {
          const checked = checkHeader(opts.kind, rec, rt.catalog);
          if (isProblem(checked)) throw new Refused(checked);
          header = checked;
          counts.lines = line;
          continue;
        }
        counts.lines = line;
        const row = checkRow(opts.kind, header, rec, line, productIds);
        if (isProblem(row)) {
          reject(line, row);
          continue;
        }
        const key = 'id' in row ? row.id : `${row.customer_id}\u0000${row.product_id}`;
        if (batch.has(key)) await flush(); // the same key twice in one statement is not allowed
        batch.set(key, row);
        if (batch.size >= batchSize) await flush();
      }
      if (!header) throw new Refused(problem('empty_file'));
      await flush();
      await inFlight;
      if (opts.mode === 'all_or_nothing' && counts.rejected > 0) throw new Refused(problem('all_or_nothing', { count: counts.rejected }));
    };

    try {
      writer = await importWriter(rt.db, rt.dbKind);
      if (opts.mode === 'all_or_nothing') await writer.transaction(work);
      else await work(writer);
      status = counts.rejected > 0 ? 'partial' : 'succeeded';
    } catch (err) {
      parser.destroy();
      throw err;
    }
  } catch (err) {
    if (err instanceof Refused) {
      status = 'refused';
      fatal = err.problem;
    } else {
      status = 'failed';
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null;
      fatal = problem('failed', { line: counts.lines, detail: cause ?? (err instanceof Error ? err.message : String(err)) });
    }
    if (opts.mode === 'all_or_nothing') Object.assign(counts, { inserted: 0, updated: 0, unchanged: 0 });
  } finally {
    clearInterval(heartbeat);
    await writer?.close(status === 'failed');
  }
  errors.sort((a, b) => a.line - b.line); // batches check customers as they are written
  const error = fatal?.reason ?? null;
  const errorDetail = fatal ? { code: fatal.code, params: fatal.params } : null;
  try {
    await rt.db
      .update(imports)
      .set({ ...counts, status, errors, error, errorDetail, finishedAt: new Date(), heartbeatAt: new Date() })
      .where(eq(imports.id, id));
    await appendAudit(rt.db, { actor: { id: opts.actor, email: opts.actor }, action: 'import.finish', entityType: 'import', entityId: id, detail: { kind: opts.kind, status, ...counts, error } });
  } finally {
    running.delete(id);
  }
  return { id, kind: opts.kind, mode: opts.mode, status, ...counts, errors, error, errorDetail };
}

/**
 * Marks imports whose process died as failed, with a reason. An import is dead when it is not
 * running in this process and: on PGlite (one process owns the database) at all; on PostgreSQL
 * when it has shown no progress for STALE_IMPORT_MS (a live import beats every HEARTBEAT_MS).
 * Runs at start and as a worker stage. Returns how many it marked.
 */
export async function recoverInterruptedImports(rt: { db: Db; dbKind: DbKind }): Promise<number> {
  // Real time, not the runtime's clock: heartbeats are written in real time.
  const now = new Date();
  const mine = [...running.keys()];
  const conditions = [eq(imports.status, 'running')];
  if (mine.length) conditions.push(notInArray(imports.id, mine));
  if (rt.dbKind === 'postgres') conditions.push(lt(sql`coalesce(${imports.heartbeatAt}, ${imports.startedAt})`, new Date(now.getTime() - STALE_IMPORT_MS)));
  const dead = await rt.db.select({ id: imports.id, lines: imports.lines }).from(imports).where(and(...conditions));
  for (const d of dead) {
    const p = problem('interrupted', { line: d.lines });
    await rt.db
      .update(imports)
      .set({ status: 'failed', error: p.reason, errorDetail: { code: p.code, params: p.params }, finishedAt: now })
      .where(and(eq(imports.id, d.id), eq(imports.status, 'running')));
  }
  return dead.length;
}
