// Claims from a work queue (outbox, timers) read their partial index in its own order and stop at
// the limit. The planner, which knows nothing of the index entries left behind by rows that were
// claimed and finished since the last vacuum, estimates a handful of due rows and prefers a bitmap
// scan and a sort: that visits every such left-behind row on every claim (7,000 heap pages per
// claim under load on the runtime bench) and, being a bitmap scan, never marks them dead. A plain
// index scan stops at the limit and marks each dead entry it passes, so later claims skip it.
import { sql } from 'drizzle-orm';
import type { Executor } from './client';

/** For the rest of this transaction: no bitmap scans (call before the claim statement). */
export async function claimInIndexOrder(tx: Executor): Promise<void> {
  await tx.execute(sql`set local enable_bitmapscan = off`);
}
