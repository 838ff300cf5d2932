// Waking worker processes on PostgreSQL (LISTEN/NOTIFY). Worker loops in this process are woken
// directly; loops in other processes (`npm run worker`, web processes with their own workers)
// would otherwise find new events only at their next poll (250 ms when idle). Each committed
// intake statement notifies the channel once; every worker process listens on one dedicated
// connection and wakes its event loops. A notification carries no data: it only says "look".
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { listenOnPostgres } from '../db/listen';

export const WORK_CHANNEL = 'octoflow_work';

/** Tells listening worker processes that events were committed (PostgreSQL only). */
export async function notifyEvents(db: Executor): Promise<void> {
  await db.execute(sql`select pg_notify(${WORK_CHANNEL}, 'events')`);
}

/**
 * Listens for work on a dedicated connection and calls `onWork` for each notification, and once
 * listening (again): for anything committed while it was not. A lost connection is re-opened
 * after a second (the loops poll meanwhile, so nothing is missed, only later). Returns the stop
 * function.
 */
export function listenForWork(url: string, onWork: () => void, log: (msg: string) => void = console.error): () => Promise<void> {
  return listenOnPostgres(url, WORK_CHANNEL, { onNotify: () => onWork(), onListening: onWork }, log);
}
