// NATS JetStream intake against the real server at 127.0.0.1:4222 (a fresh stream per test,
// deleted afterwards): events committed exactly once despite redelivery, poison refused
// without blocking, and a failed commit redelivered rather than lost.
import { randomBytes } from 'node:crypto';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { asc, eq, like } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deadLetters, events } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import type { EventInput } from '@/server/runtime/event-input';
import { startNatsIntake, type NatsIntake, type NatsIntakeOptions, type NatsRefusal } from '@/server/intake/nats-consumer';
import { createTestApp, type TestApp } from './support/test-app';

const SERVERS = process.env.OCTOFLOW_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomBytes(4).toString('hex');

let app: TestApp;
let nc: NatsConnection;
let jsm: JetStreamManager;
beforeAll(async () => {
  app = await createTestApp({ demo: false });
  nc = await connect({ servers: SERVERS });
  jsm = await jetstreamManager(nc);
});
afterAll(async () => {
  await nc?.drain();
  await app?.close();
});

let intake: NatsIntake | null = null;
const streams: string[] = [];
afterEach(async () => {
  await intake?.stop();
  intake = null;
  for (const s of streams.splice(0)) await jsm.streams.delete(s).catch(() => undefined);
});

let n = 0;
/** A stream, subject and event-id prefix of this test alone. */
function fresh() {
  n++;
  const stream = `OCTO_TEST_${run}_${n}`;
  streams.push(stream);
  return { stream, subject: `octo.test.${run}.${n}.events`, durable: `octoflow_${n}`, prefix: `${run}-${n}-` };
}

const event = (eventId: string, over: Record<string, unknown> = {}) => ({
  eventId,
  customerId: 'c-1001',
  type: 'data_usage_80pct',
  occurredAt: '2026-06-01T02:00:00Z',
  attributes: { pct: 80 },
  ...over,
});

async function start(t: ReturnType<typeof fresh>, extra: Partial<NatsIntakeOptions> = {}) {
  const logs: string[] = [];
  intake = startNatsIntake(app.rt, { servers: SERVERS, ...t, nakDelayMs: () => 50, log: (m) => logs.push(m), ...extra });
  await intake.ready;
  return logs;
}

const publish = (subject: string, body: unknown) => nc.publish(subject, typeof body === 'string' ? body : JSON.stringify(body));

async function rows(prefix: string) {
  return app.rt.db.select({ eventId: events.eventId }).from(events).where(like(events.eventId, `${prefix}%`)).orderBy(asc(events.eventId));
}

/** Waits until the consumer has nothing pending or unacknowledged. */
async function settled(stream: string, durable: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const info = await jsm.consumers.info(stream, durable);
    if (info.num_pending === 0 && info.num_ack_pending === 0) return;
    if (Date.now() > until) throw new Error(`consumer not settled: ${JSON.stringify({ pending: info.num_pending, ackPending: info.num_ack_pending })}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('NATS intake', () => {
  it('should commit published events exactly once even when the same message is redelivered', async () => {
    const t = fresh();
    let calls = 0;
    const committed: number[] = [];
    // The first commit succeeds but the process "loses" the ack: the message comes back.
    const ingest = async (items: EventInput[]) => {
      const result = await ingestEvents(app.rt, items);
      if (++calls === 1) throw new Error('connection reset after commit');
      return result;
    };
    const logs = await start(t, { ingest, onCommitted: (r) => committed.push(r.accepted) });

    publish(t.subject, [event(`${t.prefix}a`), event(`${t.prefix}b`)]);
    publish(t.subject, event(`${t.prefix}a`)); // a producer retry of an event already sent
    await settled(t.stream, t.durable);

    expect((await rows(t.prefix)).map((r) => r.eventId)).toEqual([`${t.prefix}a`, `${t.prefix}b`]);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(committed.reduce((a, b) => a + b, 0)).toBe(0); // the redelivery found them already committed
    expect(logs.some((l) => l.includes('will be redelivered'))).toBe(true);
  });

  it('should dead-letter poison with the field named, without redelivering it or blocking the next', async () => {
    const t = fresh();
    const logs = await start(t);

    publish(t.subject, `not json {${t.prefix}`);
    publish(t.subject, event(`${t.prefix}bad-type`, { type: 'Data Usage' }));
    publish(t.subject, [event(`${t.prefix}half`), event(`${t.prefix}no-time`, { occurredAt: undefined })]);
    publish(t.subject, event(`${t.prefix}good`));
    await settled(t.stream, t.durable);

    // The events behind the poison are in, and so is the good half of the mixed array.
    expect((await rows(t.prefix)).map((r) => r.eventId)).toEqual([`${t.prefix}good`, `${t.prefix}half`]);
    const letters = (await app.rt.db.select().from(deadLetters).where(eq(deadLetters.source, 'nats')).orderBy(asc(deadLetters.id))).filter(
      (d) => d.eventId?.startsWith(t.prefix) || String(d.payload).includes(t.prefix),
    );
    expect(letters.map((d) => ({ eventId: d.eventId, error: d.error, open: d.replayedAt === null }))).toEqual([
      { eventId: null, error: expect.stringMatching(/^body: not JSON/), open: true },
      { eventId: `${t.prefix}bad-type`, error: 'type: must be lower_snake_case, e.g. data_usage_80pct', open: true },
      { eventId: `${t.prefix}no-time`, error: expect.stringMatching(/^occurredAt: /), open: true },
    ]);
    // Each also in Chinese, for the operator who reads the operations page in Chinese.
    expect(letters.map((d) => (d.errorDetail?.code === 'refused' ? d.errorDetail.params.zh : null))).toEqual([
      expect.stringMatching(/^body：不是 JSON（/),
      'type：须为小写字母、数字和下划线（lower_snake_case），以字母开头，例如 data_usage_80pct',
      'occurredAt：必须填写',
    ]);
    expect(letters[0]!.payload).toBe(`not json {${t.prefix}`);
    expect(letters[2]!.payload).toMatchObject({ eventId: `${t.prefix}no-time`, type: 'data_usage_80pct' });
    expect(logs.filter((l) => l.includes('nats intake: refused'))).toHaveLength(3);
    expect(logs.some((l) => l.includes('refused event [1]') && l.includes('occurredAt'))).toBe(true);
    const info = await jsm.consumers.info(t.stream, t.durable);
    expect(info.num_redelivered).toBe(0);
  });

  it("should dead-letter an event its type's schema refuses, with source nats, and commit its neighbours", async () => {
    const t = fresh();
    const logs = await start(t);
    publish(t.subject, [event(`${t.prefix}unknown`, { type: 'no_such_event' }), event(`${t.prefix}fine`)]);
    await settled(t.stream, t.durable);

    expect((await rows(t.prefix)).map((r) => r.eventId)).toEqual([`${t.prefix}fine`]);
    const [letter] = await app.rt.db.select().from(deadLetters).where(eq(deadLetters.eventId, `${t.prefix}unknown`));
    expect(letter).toMatchObject({ source: 'nats', error: expect.stringContaining('type: unknown event type "no_such_event"') });
    expect(logs.some((l) => l.includes('no_such_event'))).toBe(true);
    expect((await jsm.consumers.info(t.stream, t.durable)).num_redelivered).toBe(0);
  });

  it('should dead-letter a tag update naming an undeclared tag, as the HTTP API refuses it, and commit a good one', async () => {
    const t = fresh();
    await start(t);
    const tags = (eventId: string, attributes: Record<string, unknown>) => event(eventId, { type: 'tags_updated', attributes });
    publish(t.subject, [tags(`${t.prefix}shoe`, { shoe_size: 42 }), tags(`${t.prefix}empty`, {}), tags(`${t.prefix}tenure`, { tenure_months: 14 })]);
    await settled(t.stream, t.durable);

    expect((await rows(t.prefix)).map((r) => r.eventId)).toEqual([`${t.prefix}tenure`]);
    const letters = await app.rt.db.select().from(deadLetters).where(like(deadLetters.eventId, `${t.prefix}%`)).orderBy(asc(deadLetters.id));
    expect(letters.map((d) => [d.eventId, d.source, d.error])).toEqual([
      [`${t.prefix}shoe`, 'nats', expect.stringMatching(/^attributes\.shoe_size: no such tag is declared \(declared tags: .*tenure_months/)],
      [`${t.prefix}empty`, 'nats', 'attributes: name at least one tag to change'],
    ]);
  });

  it('should redeliver a message whose commit failed until it is committed', async () => {
    const t = fresh();
    let failures = 2;
    const ingest = async (items: EventInput[]) => {
      if (failures-- > 0) throw new Error('database unavailable');
      return ingestEvents(app.rt, items);
    };
    const logs = await start(t, { ingest });

    publish(t.subject, event(`${t.prefix}x`));
    await settled(t.stream, t.durable);

    expect((await rows(t.prefix)).map((r) => r.eventId)).toEqual([`${t.prefix}x`]);
    expect(logs.filter((l) => l.includes('database unavailable'))).toHaveLength(2);
  });

  it('should redeliver a refused message when its dead-letter record cannot be written', async () => {
    const t = fresh();
    let failures = 1;
    const recorded: NatsRefusal[] = [];
    await start(t, {
      deadLetter: async (refused) => {
        if (failures-- > 0) throw new Error('dead_letters unavailable');
        recorded.push(...refused);
      },
    });
    publish(t.subject, '[1, 2');
    await settled(t.stream, t.durable);
    expect(recorded).toMatchObject([{ subject: t.subject, payload: '[1, 2', error: expect.stringMatching(/^body: not JSON/) }]);
  });

  it('should create the stream and a durable consumer, and commit through the real ingest path', async () => {
    const t = fresh();
    await start(t);
    const info = await jsm.streams.info(t.stream);
    expect(info.config.subjects).toEqual([t.subject]);
    expect((await jsm.consumers.info(t.stream, t.durable)).config.durable_name).toBe(t.durable);

    publish(t.subject, Array.from({ length: 50 }, (_, i) => event(`${t.prefix}${String(i).padStart(3, '0')}`)));
    for (let i = 0; i < 20; i++) publish(t.subject, event(`${t.prefix}single-${i}`));
    await settled(t.stream, t.durable);
    expect(await rows(t.prefix)).toHaveLength(70);
  });

  it('should commit a burst in inserts of at most 1000 events', async () => {
    const t = fresh();
    const sizes: number[] = [];
    await start(t, {
      ingest: async (items) => {
        sizes.push(items.length);
        return ingestEvents(app.rt, items, 'nats');
      },
    });
    for (let m = 0; m < 3; m++) publish(t.subject, Array.from({ length: 600 }, (_, i) => event(`${t.prefix}${m}-${i}`)));
    await settled(t.stream, t.durable, 30_000);
    expect(await rows(t.prefix)).toHaveLength(1800);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
  });

  it('should wait for ops when told not to create the stream, and say what is missing', async () => {
    const t = fresh();
    const logs: string[] = [];
    intake = startNatsIntake(app.rt, { servers: SERVERS, ...t, createStream: false, log: (m) => logs.push(m) });
    const until = Date.now() + 5_000;
    while (logs.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(logs[0]).toContain(`stream ${t.stream} does not exist: ops must create it`);
    await expect(jsm.streams.info(t.stream)).rejects.toThrow();
  });
});
