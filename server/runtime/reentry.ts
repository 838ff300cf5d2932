// The flow's re-entry rule (once ever, once per period, every time) and whether a customer may
// be in it more than once at a time, checked against the customer's journeys in the database.
import { and, desc, eq, gte } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { journeys } from '../db/schema';
import type { CustomerRow } from './journey';
import type { RunnableFlow } from './live-flows';
import type { Runtime } from './runtime';

/** The flow's re-entry rule: once ever, once per period, or every time; and concurrency. */
export async function mayEnter(tx: Tx, rt: Runtime, flow: RunnableFlow, customer: CustomerRow): Promise<boolean> {
  const same = and(eq(journeys.customerId, customer.id), eq(journeys.campaignId, flow.campaignId));
  const { reentry, concurrent } = flow.settings;
  if (reentry === 'once') {
    const [any] = await tx.select({ id: journeys.id }).from(journeys).where(same).limit(1);
    return !any;
  }
  if (!concurrent) {
    const [active] = await tx
      .select({ id: journeys.id })
      .from(journeys)
      .where(and(same, eq(journeys.status, 'active')))
      .limit(1);
    if (active) return false;
  }
  if (typeof reentry === 'object') {
    const days = { day: 1, week: 7, month: 30 }[reentry.period];
    const since = new Date(rt.clock.now().getTime() - days * 86_400_000);
    const [recent] = await tx
      .select({ id: journeys.id })
      .from(journeys)
      .where(and(same, gte(journeys.startedAt, since)))
      .orderBy(desc(journeys.startedAt))
      .limit(1);
    return !recent;
  }
  return true;
}

