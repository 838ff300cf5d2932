// Index builds without blocking writes when a big PostgreSQL database is upgraded (issue 7).
//
// drizzle applies all pending migrations in ONE transaction, and its generated SQL builds indexes
// with a plain CREATE INDEX, which holds a SHARE lock on the table (no inserts or updates) for the
// whole build and then until that transaction commits: minutes on 10 M steps. CREATE INDEX
// CONCURRENTLY cannot run inside a transaction, and shipped migration files are never edited.
// So, on PostgreSQL:
//  - `prepareIndexes` (npm run db:prepare-upgrade, run before the new release starts) builds the
//    pending migrations' indexes on existing tables with CREATE INDEX CONCURRENTLY, one at a time
//    outside any transaction, replacing an invalid leftover of an interrupted build;
//  - `migratePostgres` is drizzle's own migration (same files, same hashes in its ledger) with
//    each CREATE INDEX read as CREATE INDEX IF NOT EXISTS, so an index built beforehand is kept
//    and the migration's lock on its table lasts only as long as the (now short) transaction.
// An index that needs an extension's operator class (0019's trigram indexes, gin_trgm_ops) is
// built after `prepareIndexes` has created the pending migrations' extensions (CREATE EXTENSION IF
// NOT EXISTS, as the migration itself has it: it adds functions and operators, and locks no table).
// Without the preparation nothing changes: the migration builds the index as before.
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import type pg from 'pg';

/** drizzle-kit's index statement: CREATE [UNIQUE] INDEX "name" ON "table" … */
const CREATE_INDEX = /^(\s*)CREATE (UNIQUE )?INDEX "([^"]+)" ON "([^"]+)"/;

export interface IndexStatement {
  name: string;
  table: string;
  /** The statement as the migration has it. */
  sql: string;
}

/** The index statements of one migration. */
export function indexStatements(m: MigrationMeta): IndexStatement[] {
  return m.sql.flatMap((s) => {
    const x = CREATE_INDEX.exec(s);
    return x ? [{ name: x[3]!, table: x[4]!, sql: s.trim() }] : [];
  });
}

/** A migration's CREATE EXTENSION IF NOT EXISTS, after any comment lines of its statement. */
const CREATE_EXTENSION = /^\s*CREATE EXTENSION IF NOT EXISTS "?([a-z_][a-z0-9_]*)"?/im;

/** The extensions one migration creates. */
export function extensionsCreated(m: MigrationMeta): string[] {
  return m.sql.flatMap((s) => {
    const x = CREATE_EXTENSION.exec(s);
    return x ? [x[1]!] : [];
  });
}

/** The migrations with every CREATE INDEX made IF NOT EXISTS (their hashes are the files'). */
export function withIndexesIfNotExists(migrations: MigrationMeta[]): MigrationMeta[] {
  return migrations.map((m) => ({ ...m, sql: m.sql.map((s) => s.replace(CREATE_INDEX, '$1CREATE $2INDEX IF NOT EXISTS "$3" ON "$4"')) }));
}

/** drizzle's migrate() for node-postgres (drizzle-orm/node-postgres/migrator), on the rewritten statements. */
export async function migratePostgres(db: unknown, migrationsFolder: string): Promise<void> {
  const migrations = withIndexesIfNotExists(readMigrationFiles({ migrationsFolder }));
  const d = db as { dialect: { migrate(m: MigrationMeta[], session: unknown, config: { migrationsFolder: string }): Promise<void> }; session: unknown };
  await d.dialect.migrate(migrations, d.session, { migrationsFolder });
}

/** The migrations not applied yet: those newer than the last one drizzle's ledger records. */
async function pendingMigrations(client: pg.ClientBase, migrationsFolder: string): Promise<MigrationMeta[]> {
  const all = readMigrationFiles({ migrationsFolder });
  const ledger = await client.query<{ t: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!ledger.rows[0]?.t) return []; // a new database: every table is created empty
  const last = await client.query<{ at: string | null }>(`select max(created_at)::text as at from drizzle.__drizzle_migrations`);
  const lastAt = Number(last.rows[0]?.at ?? 0);
  return all.filter((m) => m.folderMillis > lastAt);
}

export interface PreparedIndex {
  name: string;
  table: string;
  /**
   * built, kept (already there and valid), rebuilt (an invalid leftover was dropped first), or
   * skipped: its table does not exist yet (the migration creates it empty), or it needs a column
   * a pending migration adds (the migration adds the column and builds the index itself).
   */
  action: 'built' | 'kept' | 'rebuilt' | 'skipped';
  statement?: string;
}

/** What the migration would do first, so that its indexes can be built now. */
async function createExtension(client: pg.ClientBase, name: string, log: (line: string) => void): Promise<void> {
  const had = await client.query(`select 1 from pg_extension where extname = $1`, [name]);
  if (had.rows.length) return;
  try {
    await client.query(`CREATE EXTENSION IF NOT EXISTS "${name}"`);
  } catch (err) {
    // The migration would fail the same way when the release starts: say so now, with what to do.
    throw new Error(
      `extension ${name}: cannot create it (${(err as Error).message}); the new release's migration needs it. ` +
        `Install PostgreSQL's contrib modules, or have a superuser run CREATE EXTENSION ${name} in this database, then run this again.`,
      { cause: err },
    );
  }
  log(`extension ${name}: created`);
}

/**
 * Builds the pending migrations' indexes on existing tables CONCURRENTLY (reads and writes go on),
 * one at a time. `client` must not be inside a transaction.
 */
export async function prepareIndexes(client: pg.ClientBase, migrationsFolder: string, log: (line: string) => void = () => {}): Promise<PreparedIndex[]> {
  const done: PreparedIndex[] = [];
  for (const m of await pendingMigrations(client, migrationsFolder)) {
    for (const ext of extensionsCreated(m)) await createExtension(client, ext, log);
    for (const ix of indexStatements(m)) {
      const table = await client.query<{ t: string | null }>(`select to_regclass($1)::text as t`, [`public."${ix.table}"`]);
      if (!table.rows[0]?.t) {
        done.push({ name: ix.name, table: ix.table, action: 'skipped' });
        continue;
      }
      const existing = await client.query<{ valid: boolean }>(
        `select i.indisvalid as valid from pg_index i where i.indexrelid = to_regclass($1)`,
        [`public."${ix.name}"`],
      );
      if (existing.rows[0]?.valid) {
        done.push({ name: ix.name, table: ix.table, action: 'kept' });
        continue;
      }
      // An interrupted CONCURRENTLY build leaves an invalid index under the name: IF NOT EXISTS
      // would keep it, and it would never be used.
      if (existing.rows.length) await client.query(`DROP INDEX CONCURRENTLY IF EXISTS "${ix.name}"`);
      const statement = ix.sql.replace(CREATE_INDEX, '$1CREATE $2INDEX CONCURRENTLY IF NOT EXISTS "$3" ON "$4"').replace(/;\s*$/, '');
      const started = Date.now();
      log(`${ix.name} on ${ix.table}: building…`);
      try {
        await client.query(statement);
      } catch (err) {
        // 42703 undefined_column: PostgreSQL refuses before building anything, so nothing is left behind.
        if ((err as { code?: string }).code !== '42703') throw err;
        log(`${ix.name} on ${ix.table}: skipped, it needs a column the migration adds (${(err as Error).message}); the migration builds it`);
        done.push({ name: ix.name, table: ix.table, action: 'skipped' });
        continue;
      }
      log(`${ix.name} on ${ix.table}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      done.push({ name: ix.name, table: ix.table, action: existing.rows.length ? 'rebuilt' : 'built', statement });
    }
  }
  return done;
}
