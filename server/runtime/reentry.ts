// The flow's re-entry rule (once ever, once per period, every time) and whether a customer may
// be in it more than once at a time, judged on the customer's journeys in the campaign.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { journeys } from '../db/schema';
import type { RunnableFlow } from './live-flows';

/** A customer's journeys in one campaign, as much as the re-entry rule needs. */
export interface EntryHistory {
  /** Journeys still active. */
  active: number;
  /** When the latest one started; null if there is none. */
  lastStarted: Date | null;
}

/** The flow's re-entry rule on the customer's history in its campaign (null: never entered). */
export function reentryAllows(flow: RunnableFlow, history: EntryHistory | null, now: Date): boolean {
  if (!history || !history.lastStarted) return true;
  const { reentry, concurrent } = flow.settings;
  if (reentry === 'once') return false;
  if (!concurrent && history.active > 0) return false;
  if (typeof reentry === 'object') {
    const days = { day: 1, week: 7, month: 30 }[reentry.period];
    return history.lastStarted.getTime() < now.getTime() - days * 86_400_000;
  }
  return true;
}

/** The flow's re-entry rule and concurrency, checked against the customer's journeys. */
export async function mayEnter(db: Executor, flow: RunnableFlow, customer: { id: string }, now: Date): Promise<boolean> {
  const [row] = await db
    .select({
      active: sql<number>`count(*) filter (where ${journeys.status} = 'active')`.mapWith(Number),
      lastStarted: sql<string | null>`max(${journeys.startedAt})`,
    })
    .from(journeys)
    .where(and(eq(journeys.customerId, customer.id), eq(journeys.campaignId, flow.campaignId)));
  return reentryAllows(flow, row?.lastStarted ? { active: row.active, lastStarted: new Date(row.lastStarted) } : null, now);
}
