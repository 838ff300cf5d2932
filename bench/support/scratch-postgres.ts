// A benchmark's own PostgreSQL database, created on the server BENCH_PG_URL names (the local
// server's `postgres` database by default), migrated by opening it, and dropped at the end, so a
// benchmark never touches anyone's data and leaves nothing behind.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres, type Database } from '../../server/db/client';

export async function scratchPostgres(prefix: string): Promise<Database & { drop(): Promise<void> }> {
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `octo_bench_${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString());
  return {
    ...database,
    drop: async () => {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
