// Events that fail their declared schema are refused with the field named and kept for an
// operator, who can correct and replay them; the replayed event then runs like any other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, isNull } from 'drizzle-orm';
import { deadLetters, events } from '@/server/db/schema';
import { ingestEvents, replayDeadLetter } from '@/server/runtime/event-intake';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const base = { customerId: 'C000001', occurredAt: '2026-06-01T02:00:00Z' };

describe('event schemas at intake', () => {
  it('should refuse an unknown event type and an attribute of the wrong type, naming them', async () => {
    const r = await ingestEvents(app.rt, [
      { ...base, eventId: 'dl-1', type: 'data_usage_90pct', attributes: {} },
      { ...base, eventId: 'dl-2', type: 'data_usage_80pct', attributes: { pct: '80' } },
      { ...base, eventId: 'dl-3', type: 'data_usage_80pct', attributes: { pct: 80, extra: 'kept' } },
    ]);
    expect(r.accepted).toBe(1);
    expect(r.rejected[0]).toEqual({ index: 0, error: expect.stringMatching(/^type: unknown event type "data_usage_90pct"/) });
    expect(r.rejected[1]).toEqual({ index: 1, error: expect.stringMatching(/^attributes\.pct: expected a whole number/) });
    const letters = await app.rt.db.select().from(deadLetters).where(isNull(deadLetters.replayedAt));
    expect(letters.map((l) => l.eventId).sort()).toEqual(['dl-1', 'dl-2']);
  });

  it('should replay a corrected dead letter into a normal event, once', async () => {
    const [letter] = await app.rt.db.select().from(deadLetters).where(eq(deadLetters.eventId, 'dl-2'));
    const still = await replayDeadLetter(app.rt, letter.id);
    expect(still).toEqual({ ok: false, error: expect.stringMatching(/attributes\.pct/) });
    const fixed = { ...(letter.payload as object), attributes: { pct: 80 } };
    expect(await replayDeadLetter(app.rt, letter.id, fixed)).toEqual({ ok: true, duplicate: false });
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'dl-2'));
    expect(ev.attributes).toEqual({ pct: 80 });
    expect(await replayDeadLetter(app.rt, letter.id, fixed)).toMatchObject({ ok: false, error: expect.stringMatching(/already replayed/) });
  });
});
