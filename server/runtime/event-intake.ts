// Durable intake: an accepted event is a committed row before the caller gets 202. The row's
// primary key is the sender's eventId, so a repeat (a retry, a replay) is a duplicate forever.
import { events } from '../db/schema';
import type { Runtime } from './runtime';
import { EventInput, describeZodError } from './event-input';

export interface IntakeResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}

export async function ingestEvents(rt: Pick<Runtime, 'db' | 'clock'>, items: unknown[]): Promise<IntakeResult> {
  const rejected: IntakeResult['rejected'] = [];
  const valid: EventInput[] = [];
  items.forEach((item, index) => {
    const parsed = EventInput.safeParse(item);
    if (parsed.success) valid.push(parsed.data);
    else rejected.push({ index, error: describeZodError(parsed.error) });
  });
  if (valid.length === 0) return { accepted: 0, duplicates: 0, rejected };
  const now = rt.clock.now();
  const inserted = await rt.db
    .insert(events)
    .values(
      valid.map((e) => ({
        eventId: e.eventId,
        customerId: e.customerId,
        type: e.type,
        occurredAt: new Date(e.occurredAt),
        attributes: e.attributes ?? {},
        receivedAt: now,
        nextAttemptAt: now,
      })),
    )
    .onConflictDoNothing({ target: events.eventId })
    .returning({ eventId: events.eventId });
  return { accepted: inserted.length, duplicates: valid.length - inserted.length, rejected };
}
