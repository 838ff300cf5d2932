// Waking worker processes on PostgreSQL (LISTEN/NOTIFY). Worker loops in this process are woken
// directly; loops in other processes (`npm run worker`, web processes with their own workers)
// would otherwise find new events only at their next poll (250 ms when idle). Each committed
// intake statement notifies the channel once; every worker process listens (on its database's
// listening connection, db/listen.ts) and wakes its event loops. A notification carries no data:
// it only says "look".
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client';

export const WORK_CHANNEL = 'octoflow_work';

/** Tells listening worker processes that events were committed (PostgreSQL only). */
export async function notifyEvents(db: Executor): Promise<void> {
  await db.execute(sql`select pg_notify(${WORK_CHANNEL}, 'events')`);
}

/**
 * Calls `onWork` for each notification of work, and once listening (again): for anything
 * committed while it was not. A lost connection is re-opened after a second (the loops poll
 * meanwhile, so nothing is missed, only later). Returns the stop function.
 */
export function listenForWork(database: Pick<Database, 'listen'>, onWork: () => void): () => Promise<void> {
  return database.listen(WORK_CHANNEL, { onNotify: () => onWork(), onListening: onWork });
}
