// Events that fail their declared schema are refused with the field named and kept for an
// operator, who can correct and replay them; the replayed event then runs like any other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, isNull } from 'drizzle-orm';
import { deadLetters, events } from '@/server/db/schema';
import { ingestEvents, replayDeadLetter } from '@/server/runtime/event-intake';
import { callerAs } from './support/actors';
import { rejection } from './support/errors';
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
    expect(still).toMatchObject({ ok: false, error: expect.stringMatching(/attributes\.pct/) });
    const fixed = { ...(letter.payload as object), attributes: { pct: 80 } };
    expect(await replayDeadLetter(app.rt, letter.id, fixed)).toEqual({ ok: true, duplicate: false });
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'dl-2'));
    expect(ev.attributes).toEqual({ pct: 80 });
    expect(await replayDeadLetter(app.rt, letter.id, fixed)).toMatchObject({ ok: false, error: expect.stringMatching(/already replayed/) });
  });

  it('should hold a replayed tag update to the tag schema, as at intake', async () => {
    const update = { ...base, eventId: 'dl-tags', type: 'tags_updated', attributes: { shoe_size: 42 } };
    expect((await ingestEvents(app.rt, [update])).rejected).toEqual([{ index: 0, error: expect.stringMatching(/^attributes\.shoe_size: no such tag is declared/) }]);
    const [letter] = await app.rt.db.select().from(deadLetters).where(eq(deadLetters.eventId, 'dl-tags'));
    // Corrected to another tag that does not exist, or to a value that does not fit: refused again, in Chinese too.
    const again = await replayDeadLetter(app.rt, letter.id, { ...update, attributes: { hat_size: 7 } });
    expect(again).toMatchObject({ ok: false, error: expect.stringMatching(/^attributes\.hat_size: no such tag is declared/) });
    expect(await replayDeadLetter(app.rt, letter.id, { ...update, attributes: { tenure_months: 'long' } })).toMatchObject({
      ok: false,
      error: 'attributes.tenure_months: expected a whole number, got "long"',
      problem: { zh: expect.stringMatching(/^attributes\.tenure_months：/) },
    });
    expect(await replayDeadLetter(app.rt, letter.id, { ...update, attributes: { tenure_months: 14 } })).toEqual({ ok: true, duplicate: false });
  });
});

describe("why an event was refused, in the operator's language", () => {
  const bad = [
    { ...base, eventId: 'dl-zh-1', type: 'data_usage_80pct', attributes: { pct: '80' } },
    { ...base, eventId: 'dl-zh-2', type: 'Data-Usage', attributes: {} },
    { ...base, eventId: 'dl-zh-3', type: 'data_usage_80pct', occurredAt: 'yesterday' },
    { ...base, eventId: 'dl-zh-4', type: 'no_such_event' },
  ];
  const letterOf = async (caller: Awaited<ReturnType<typeof callerAs>>, eventId: string) =>
    (await caller.operations.deadLetters({ search: eventId })).rows.find((r) => r.eventId === eventId)!;

  it('should word each refusal in Chinese for a Chinese reader and keep the English for the API and search', async () => {
    const r = await ingestEvents(app.rt, bad);
    expect(r.rejected.map((x) => x.error)).toEqual([
      'attributes.pct: expected a whole number for data_usage_80pct, got "80"',
      'type: must be lower_snake_case, e.g. data_usage_80pct',
      'occurredAt: Invalid ISO datetime',
      expect.stringMatching(/^type: unknown event type "no_such_event"; declared types are .*data_usage_80pct/),
    ]);
    const zh = await callerAs(app, 'admin@octoflow.demo', 'zh-CN');
    const en = await callerAs(app, 'admin@octoflow.demo', 'en');
    expect((await letterOf(zh, 'dl-zh-1')).message).toBe('attributes.pct：应为整数（事件类型 data_usage_80pct），收到 "80"');
    expect((await letterOf(zh, 'dl-zh-2')).message).toBe('type：须为小写字母、数字和下划线（lower_snake_case），以字母开头，例如 data_usage_80pct');
    expect((await letterOf(zh, 'dl-zh-3')).message).toBe('occurredAt：无效ISO日期时间');
    expect((await letterOf(zh, 'dl-zh-4')).message).toMatch(/^type：未声明的事件类型“no_such_event”；已声明的类型：.*data_usage_80pct/);
    expect((await letterOf(en, 'dl-zh-1')).message).toBe('attributes.pct: expected a whole number for data_usage_80pct, got "80"');
    // The English stays what search matches, whoever reads.
    expect((await zh.operations.deadLetters({ search: 'expected a whole number' })).rows.map((x) => x.eventId)).toContain('dl-zh-1');
  });

  it('should say in Chinese why a replay was refused again, one by one and in bulk, and why a closed letter cannot be replayed', async () => {
    const zh = await callerAs(app, 'admin@octoflow.demo', 'zh-CN');
    const letter = await letterOf(zh, 'dl-zh-1');
    const again = await zh.operations.replayDeadLetter({ id: letter.id, payload: { ...(letter.payload as object), attributes: { pct: 'eighty' } } });
    expect(again).toMatchObject({ ok: false, error: 'attributes.pct：应为整数（事件类型 data_usage_80pct），收到 "eighty"' });
    expect((await letterOf(zh, 'dl-zh-1')).message).toContain('收到 "eighty"');
    const bulk = await zh.operations.replayDeadLetters({ filter: { search: 'dl-zh-2' } });
    expect(bulk).toMatchObject({ refused: 1, errors: [{ error: 'type：须为小写字母、数字和下划线（lower_snake_case），以字母开头，例如 data_usage_80pct', count: 1 }] });
    await zh.operations.discardDeadLetter({ id: letter.id });
    expect((await rejection(zh.operations.replayDeadLetter({ id: letter.id }))).message).toBe(`拒收事件 ${letter.id} 已被admin@octoflow.demo丢弃`);
    expect((await rejection(zh.operations.replayDeadLetter({ id: 99_999_999 }))).message).toBe('找不到拒收事件 99999999');
  });

  it('should keep letters refused before the Chinese was kept readable, in their English', async () => {
    const [old] = await app.rt.db
      .insert(deadLetters)
      .values({ source: 'http', eventId: 'dl-zh-old', payload: { eventId: 'dl-zh-old' }, error: 'customerId: Invalid input: expected string, received undefined', receivedAt: new Date() })
      .returning();
    const zh = await callerAs(app, 'admin@octoflow.demo', 'zh-CN');
    expect((await letterOf(zh, 'dl-zh-old')).message).toBe(old.error);
  });
});
