// Waking worker processes on PostgreSQL (LISTEN/NOTIFY). Worker loops in this process are woken
// directly; loops in other processes (`npm run worker`, web processes with their own workers)
// would otherwise find new events only at their next poll (250 ms when idle). Each committed
// intake statement notifies the channel once; every worker process listens on one dedicated
// connection and wakes its event loops. A notification carries no data: it only says "look".
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

export const WORK_CHANNEL = 'octoflow_work';

/** Tells listening worker processes that events were committed (PostgreSQL only). */
export async function notifyEvents(db: Executor): Promise<void> {
  await db.execute(sql`select pg_notify(${WORK_CHANNEL}, 'events')`);
}

/**
 * Listens for work on a dedicated connection and calls `onWork` for each notification. A lost
 * connection is re-opened after a second (the loops poll meanwhile, so nothing is missed, only
 * later). Returns the stop function.
 */
export function listenForWork(url: string, onWork: () => void, log: (msg: string) => void = console.error): () => Promise<void> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const open = async () => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('notification', () => onWork());
    c.on('error', (err) => {
      log(`octoflow: work listener lost its connection (${err.message}); reconnecting`);
      reopen(c);
    });
    c.on('end', () => reopen(c));
    try {
      await c.connect();
      await c.query(`listen ${WORK_CHANNEL}`);
      onWork(); // anything committed while we were not listening
    } catch (err) {
      log(`octoflow: work listener cannot connect (${(err as Error).message}); retrying`);
      reopen(c);
    }
  };
  const reopen = (c: pg.Client) => {
    if (stopped || client !== c) return;
    client = null;
    c.removeAllListeners('end');
    void c.end().catch(() => undefined);
    retry = setTimeout(() => void open(), 1_000);
  };
  void open();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };
}
