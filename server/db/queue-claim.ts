// Claims from a work queue (outbox, timers) read their partial index in its own order and stop at
// the limit. The planner, which knows nothing of the index entries left behind by rows that were
// claimed and finished since the last vacuum, estimates a handful of due rows and prefers a bitmap
// scan and a sort: that visits every such left-behind row on every claim (7,000 entries and 1,000
// heap pages per claim under load on the runtime bench) and, being a bitmap scan, never marks them
// dead. A plain index scan stops at the limit and marks each dead entry it passes, so later claims
// skip it.
import { sql } from 'drizzle-orm';
import type { Executor } from './client';

/** Runs `claim` (one statement) without bitmap scans; the rest of the transaction plans as usual. */
export async function claimInIndexOrder<T>(tx: Executor, claim: () => Promise<T>): Promise<T> {
  await tx.execute(sql`set local enable_bitmapscan = off`);
  const claimed = await claim();
  await tx.execute(sql`set local enable_bitmapscan to default`);
  return claimed;
}
