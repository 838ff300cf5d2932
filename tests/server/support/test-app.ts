// A fresh Octoflow per test file: in-memory PGlite by default, or a new database on the
// PostgreSQL server named by DATABASE_URL (dropped afterwards), so files never share state.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp, type App } from '@/server/app';
import { openPglite, openPostgres, type Database, type Db, type Tx } from '@/server/db/client';
import { readEnv } from '@/server/env';
import { ManualClock } from '@/server/runtime/clock';
import type { ChannelAdapter } from '@/server/channels/types';
import { ensureDemo } from '@/server/services/demo';
import { recordingSms } from '@/server/channels/recording-sms';
import { taskQueueChannels } from '@/server/channels/task-queue';

export const onPostgres = Boolean(process.env.DATABASE_URL);

async function openTestDatabase(): Promise<Database & { url?: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) return openPglite();
  const name = `octo_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const database = await openPostgres(testUrl.toString());
  return {
    ...database,
    url: testUrl.toString(),
    close: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export interface TestApp extends App {
  clock: ManualClock;
  /** The test database's URL on PostgreSQL, for worker processes; undefined on PGlite. */
  databaseUrl?: string;
}

export async function createTestApp(opts: { demo?: boolean; channels?: ChannelAdapter[]; env?: Record<string, string> } = {}): Promise<TestApp> {
  const clock = new ManualClock();
  const env = readEnv({
    OCTOFLOW_DATA_DIR: path.join(os.tmpdir(), `octo-test-${process.pid}`, 'pglite'),
    BETTER_AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
    OCTOFLOW_WORKERS: 'off',
    ...opts.env,
  });
  const database = await openTestDatabase();
  const app = await createApp({ env, database, clock, workers: false, channels: opts.channels ?? [recordingSms, ...taskQueueChannels(() => clock.now())] });
  if (opts.demo !== false) await ensureDemo(app);
  return Object.assign(app, { clock, databaseUrl: database.url });
}

class RolledBack extends Error {
  constructor(readonly value: unknown) {
    super('rolled back');
  }
}

/** Runs `run` in a transaction that is then rolled back, and returns what it returned. */
export async function rolledBack<T>(db: Db, run: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await db.transaction(async (tx) => {
      throw new RolledBack(await run(tx));
    });
  } catch (err) {
    if (err instanceof RolledBack) return err.value as T;
    throw err;
  }
  throw new Error('unreachable: the transaction always rolls back');
}
