import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/server/db/client';
import { journeys, steps } from '@/server/db/schema';

export const usageEvent = (customerId: string, over: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  customerId,
  type: 'data_usage_80pct',
  occurredAt: '2026-06-01T02:00:00Z',
  attributes: { pct: 80, plan_gb: 20 },
  ...over,
});

/** The event that started the journey which took the customer's first step (event order checks). */
export async function firstSteppedEvent(db: Db, customerId: string): Promise<string | null> {
  const [first] = await db
    .select({ trigger: journeys.triggerEventId })
    .from(steps)
    .innerJoin(journeys, eq(journeys.id, steps.journeyId))
    .where(eq(steps.customerId, customerId))
    .orderBy(steps.id)
    .limit(1);
  return first?.trigger ?? null;
}

/** Why each of the customer's contacts was suppressed (fatigue_cap, quiet_hours, opt_out, ...). */
export async function suppressionReasons(db: Db, customerId: string): Promise<string[]> {
  return (await db.select().from(steps).where(and(eq(steps.customerId, customerId), eq(steps.outcome, 'suppressed')))).map(
    (s) => (s.detail as { reason: string }).reason,
  );
}
