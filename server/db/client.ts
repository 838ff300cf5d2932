// Opens the database: embedded PGlite by default, PostgreSQL through node-postgres when
// DATABASE_URL is set. Both are drizzle PostgreSQL-dialect databases with one schema.
import fs from 'node:fs';
import path from 'node:path';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { is, type ExtractTablesWithRelations } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';
import { acquireDataDirLock, type DataDirLock } from './lock';
import { postgresListener, type ListenHandlers } from './listen';
import { migratePostgres } from './upgrade';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
  /** LISTENs on a notification channel until the returned function is called (db/listen.ts: on
   *  PostgreSQL one connection carries every channel of the database). */
  listen(channel: string, on: ListenHandlers): () => Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), 'server/db/migrations');

export async function openPostgres(url: string, opts: { poolSize?: number; idleInTransactionMs?: number } = {}): Promise<Database> {
  // A session idle inside a transaction longer than a worker lease is ended by the server, so a
  // stalled worker (paused, partitioned) releases its row locks and its lease can be taken over.
  const idle = opts.idleInTransactionMs ? ` -c idle_in_transaction_session_timeout=${opts.idleInTransactionMs}` : '';
  // No JIT: the engine's statements run in milliseconds, and a row estimate that crosses
  // jit_above_cost (the roll-up's per-step subqueries did) spends 100+ ms compiling each call.
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, options: `-c jit=off${idle}` });
  pool.on('error', (err) => console.error(`postgres pool: ${err.message}`));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  // drizzle's migration, but an index built beforehand (npm run db:prepare-upgrade) is kept: see upgrade.ts.
  await migratePostgres(db, migrationsFolder);
  // One listening connection for every channel this process listens on, opened with the first.
  const listener = postgresListener(url);
  return {
    db,
    kind: 'postgres',
    close: async () => {
      await listener.close();
      await pool.end();
    },
    listen: (channel, on) => listener.listen(channel, on),
  };
}

/** PGlite's extensions (bundled with it) that the migrations use. */
const pgliteExtensions = { pg_trgm };

/**
 * Opens PGlite. `dataDir` undefined means in memory (tests). A folder is owned by exactly one
 * process: a second opener would silently work on its own copy, so it is refused instead.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
  }
  try {
    // The extensions the migrations create (pg_trgm: the customer search's indexes, 0019) must be
    // loaded on every open: a folder migrated before 0019 opens and migrates the same way.
    const client = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: pgliteExtensions });
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    await migratePglite(db as never, { migrationsFolder });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await client.close();
        lock?.release();
      },
      // One process, one connection: a notification arrives as the statement that sent it
      // completes, and nothing is missed while the database is open.
      listen: (channel, on) => {
        const unlisten = client.listen(channel, (payload) => on.onNotify(payload)).then(
          (stop) => {
            on.onListening?.();
            return stop;
          },
          (err: Error) => {
            // Not listening: whoever asked keeps reading the database (nothing is missed).
            console.error(`octoflow: cannot listen on ${channel} (${err.message})`);
            return async () => undefined;
          },
        );
        return async () => {
          on.onLost?.();
          if (!client.closed) await (await unlisten)();
        };
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** True for an open transaction (whose writes must stay in it), false for the database itself. */
export function isTransaction(db: Executor): db is Tx {
  return is(db, PgTransaction);
}
