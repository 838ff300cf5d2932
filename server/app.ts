// The process-wide Octoflow instance: database, runtime and workers, opened once. Next.js may
// load this module more than once (route handlers and pages are bundled apart), so the
// instance lives on globalThis; a second PGlite opener would otherwise fork the data.
import { demoCatalog } from '../workflows';
import { openPglite, openPostgres, type Database } from './db/client';
import { readEnv, type Env } from './env';
import { recordingSms } from './channels/recording-sms';
import { shiftedClock, systemClock, type Clock } from './runtime/clock';
import { FlowIndex } from './runtime/live-flows';
import type { Runtime } from './runtime/runtime';
import { startWorkers, type Workers } from './runtime/workers';
import type { ChannelAdapter } from './channels/types';
import { createAuth, type Auth } from './auth/auth';

export interface App {
  env: Env;
  database: Database;
  rt: Runtime;
  auth: Auth;
  workers: Workers | null;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  env?: Env;
  database?: Database;
  clock?: Clock;
  channels?: ChannelAdapter[];
  workers?: boolean;
}

export async function createApp(opts: CreateAppOptions = {}): Promise<App> {
  const env = opts.env ?? readEnv();
  const database =
    opts.database ?? (env.DATABASE_URL ? await openPostgres(env.DATABASE_URL, { idleInTransactionMs: env.OCTOFLOW_LEASE_MS }) : await openPglite(env.OCTOFLOW_DATA_DIR));
  const rt: Runtime = {
    db: database.db,
    dbKind: database.kind,
    clock: opts.clock ?? (env.OCTOFLOW_CLOCK_START ? shiftedClock(new Date(env.OCTOFLOW_CLOCK_START)) : systemClock),
    catalog: demoCatalog,
    flows: new FlowIndex(),
    channels: new Map((opts.channels ?? [recordingSms]).map((c) => [c.channel, c])),
    leaseMs: env.OCTOFLOW_LEASE_MS,
  };
  const wantWorkers = opts.workers ?? env.OCTOFLOW_WORKERS === 'in-process';
  const workers = wantWorkers ? startWorkers(rt) : null;
  let auth: Auth | undefined;
  return {
    env,
    database,
    rt,
    // Built on first use: worker processes never need it.
    get auth() {
      return (auth ??= createAuth(database.db, env));
    },
    workers,
    close: async () => {
      await workers?.stop();
      await database.close();
    },
  };
}

const KEY = Symbol.for('octoflow.app');
type Holder = { [KEY]?: Promise<App> };

/** The shared instance for this process, created on first use. */
export function getApp(): Promise<App> {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    g[KEY] = (async () => {
      const app = await createApp();
      const { ensureDemo } = await import('./services/demo');
      if (app.env.OCTOFLOW_DEMO === 'on') await ensureDemo(app);
      return app;
    })();
    g[KEY].catch(() => {
      delete g[KEY];
    });
  }
  return g[KEY];
}
