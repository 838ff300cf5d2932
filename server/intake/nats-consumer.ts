// Touchpoint events from NATS JetStream (usage, location, call and billing feeds publish there
// instead of calling the HTTP API). A durable pull consumer hands us messages; each message's
// JSON body is one event or an array of them. Delivery is at-least-once and the events table
// dedupes on eventId, so the result is exactly one row per event:
//   - ACK only after the message's events (and its refusals) are committed;
//   - a DB failure NAKs with a growing delay, so the message comes back (it is never lost);
//   - a refused event (body not JSON, schema failed) is recorded in `dead_letters` with the
//     field named, for an operator to inspect and replay; a message with nothing usable left is
//     TERMed, so poison is not redelivered forever and does not hold up the messages behind it.
// Messages that arrive together are committed in one insert (micro-batching under load).
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { deadLetters } from '../db/schema';
import { deadLetterRow, ingestEvents, type IntakeResult } from '../runtime/event-intake';
import { MAX_EVENTS_PER_REQUEST, type EventInput } from '../runtime/event-input';
import { parseIntakeMessage, type RefusedEvent } from './message-events';

/** What the intake needs of the runtime: whatever ingestEvents needs (the database and clock). */
export type IntakeRuntime = Parameters<typeof ingestEvents>[0];

export interface NatsIntakeOptions {
  /** nats://host:port, one or several. */
  servers: string | string[];
  stream: string;
  /** The subject events are published on (may be a wildcard, e.g. events.>). */
  subject: string;
  /** Durable consumer name: several Octoflow processes with the same name share the work. */
  durable: string;
  /** Create the stream if it is missing (default true). With false, ops must create it first. */
  createStream?: boolean;
  /** Redelivery delay after a failed commit, by delivery count (default 1 s doubling to 60 s). */
  nakDelayMs?: (deliveryCount: number) => number;
  /** Records refused events; default: rows in `dead_letters` with source "nats". */
  deadLetter?: (refused: NatsRefusal[]) => Promise<void>;
  /** After events were committed (wake the event worker). */
  onCommitted?: (result: IntakeResult) => void;
  /** Replaces ingestEvents (tests simulate failures with it). */
  ingest?: (items: EventInput[]) => Promise<IntakeResult>;
  /** Authentication and TLS for the connection (token, user/pass, authenticator, tls). */
  connection?: Partial<NodeConnectionOptions>;
  log?: (msg: string) => void;
}

/** A refused event (or a whole unreadable message) and where it came from. */
export interface NatsRefusal extends RefusedEvent {
  subject: string;
  streamSequence: number;
}

export interface NatsIntake {
  /** Resolves once the consumer is pulling (the connection and setup retry in the background). */
  ready: Promise<void>;
  /** Stops pulling, finishes (acks or naks) what is in hand, then drains the connection. */
  stop(): Promise<void>;
}

const RETRY_MS = 5_000;
const MAX_IN_HAND = 256;

export const defaultNakDelayMs = (deliveryCount: number): number => Math.min(60_000, 1_000 * 2 ** Math.max(0, deliveryCount - 1));

interface InHand {
  msg: JsMsg;
  events: EventInput[];
  refused: NatsRefusal[];
}

export function startNatsIntake(rt: IntakeRuntime, options: NatsIntakeOptions): NatsIntake {
  const log = options.log ?? console.error;
  const ingest = options.ingest ?? ((items: EventInput[]) => ingestEvents(rt, items, 'nats'));
  const deadLetter =
    options.deadLetter ??
    (async (refused: NatsRefusal[]) => {
      const receivedAt = rt.clock.now();
      await rt.db.insert(deadLetters).values(refused.map((r) => deadLetterRow('nats', r.payload, r.problem, receivedAt, r.eventId)));
    });
  const nakDelay = options.nakDelayMs ?? defaultNakDelayMs;
  let stopped = false;
  let nc: NatsConnection | null = null;
  let current: ConsumerMessages | null = null;
  let wake: (() => void) | null = null;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  async function flush(batch: JsMsg[]): Promise<void> {
    const inHand = batch.map((msg): InHand => {
      const { events, refused } = parseIntakeMessage(msg.data);
      const where = { subject: msg.subject, streamSequence: msg.info.streamSequence };
      return { msg, events, refused: refused.map((r) => ({ ...r, ...where })) };
    });
    for (const group of chunks(inHand)) await commit(group);
  }

  /**
   * Commits these messages' events in one insert and records their refusals, then settles
   * each message: ACK if it carried events, TERM if it carried only refusals. Events go first:
   * if recording a refusal fails, the redelivery finds the events already there.
   */
  async function commit(group: InHand[]): Promise<void> {
    const events = group.flatMap((g) => g.events);
    const refused = group.flatMap((g) => g.refused);
    let result: IntakeResult | null = null;
    try {
      if (events.length > 0) result = await ingest(events);
      if (refused.length > 0) await deadLetter(refused);
    } catch (err) {
      log(`nats intake: commit failed, ${group.length} message(s) will be redelivered: ${(err as Error).message}`);
      for (const { msg } of group) msg.nak(nakDelay(msg.info.deliveryCount));
      return;
    }
    for (const r of refused) {
      const item = r.index === null ? '' : ` event [${r.index}]`;
      log(`nats intake: refused${item} ${r.subject}#${r.streamSequence}: ${r.error}`);
    }
    // ingestEvents also checks each event against its type's declared schema; it records those
    // refusals in dead_letters itself (source "nats").
    for (const r of result?.rejected ?? []) log(`nats intake: event refused by its type's schema: ${r.error}`);
    if (result) options.onCommitted?.(result);
    for (const g of group) {
      // No reason on the TERM: servers before 2.10.4 do not parse "+TERM <reason>" and would
      // leave the message pending. The reason is in the log and in dead_letters.
      if (g.events.length === 0 && g.refused.length > 0) g.msg.term();
      else g.msg.ack();
    }
  }

  async function pump(messages: ConsumerMessages): Promise<void> {
    let batch: JsMsg[] = [];
    for await (const msg of messages) {
      batch.push(msg);
      // Keep gathering while more messages are already waiting in the client's buffer.
      if (messages.getPending() > 0 && batch.length < MAX_IN_HAND) continue;
      const taken = batch;
      batch = [];
      await flush(taken);
    }
    if (batch.length) await flush(batch);
  }

  async function run(): Promise<void> {
    while (!stopped) {
      try {
        nc ??= await connect({ name: 'octoflow-intake', maxReconnectAttempts: -1, ...options.connection, servers: options.servers });
        if (stopped) break;
        const jsm = await jetstreamManager(nc);
        await ensureStream(jsm, options);
        await ensureConsumer(jsm, options);
        const consumer = await jetstream(nc).consumers.get(options.stream, options.durable);
        if (stopped) break;
        current = await consumer.consume({ max_messages: MAX_IN_HAND });
        markReady();
        await pump(current);
      } catch (err) {
        log(`nats intake: ${(err as Error).message}; retrying in ${RETRY_MS / 1000} s`);
      }
      current = null;
      if (!stopped) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, RETRY_MS).unref()));
    }
  }
  const running = run();

  return {
    ready,
    async stop() {
      stopped = true;
      markReady(); // nobody waits forever on an intake that was stopped before it started
      wake?.();
      await current?.close();
      await running;
      await nc?.drain().catch(() => undefined);
    },
  };
}

/** Groups messages so that no insert carries more than MAX_EVENTS_PER_REQUEST events. */
function* chunks<T extends { events: unknown[] }>(items: T[]): Generator<T[]> {
  let group: T[] = [];
  let count = 0;
  for (const item of items) {
    if (group.length > 0 && count + item.events.length > MAX_EVENTS_PER_REQUEST) {
      yield group;
      group = [];
      count = 0;
    }
    group.push(item);
    count += item.events.length;
  }
  if (group.length > 0) yield group;
}

async function ensureStream(jsm: JetStreamManager, o: NatsIntakeOptions): Promise<void> {
  try {
    const info = await jsm.streams.info(o.stream);
    const subjects = info.config.subjects ?? [];
    if (!subjects.some((s) => subjectCovers(s, o.subject))) {
      throw new Error(`stream ${o.stream} does not capture subject ${o.subject} (its subjects: ${subjects.join(', ') || 'none'})`);
    }
  } catch (err) {
    if (!isApiError(err, JetStreamApiCodes.StreamNotFound)) throw err;
    if (o.createStream === false) throw new Error(`stream ${o.stream} does not exist: ops must create it (subjects: ${o.subject})`);
    await jsm.streams.add({ name: o.stream, subjects: [o.subject] });
  }
}

async function ensureConsumer(jsm: JetStreamManager, o: NatsIntakeOptions): Promise<void> {
  try {
    const info = await jsm.consumers.info(o.stream, o.durable);
    const filter = info.config.filter_subject;
    if (filter && filter !== o.subject) throw new Error(`consumer ${o.durable} filters ${filter}, not ${o.subject}: rename it or delete it`);
  } catch (err) {
    if (!isApiError(err, JetStreamApiCodes.ConsumerNotFound)) throw err;
    await jsm.consumers.add(o.stream, {
      durable_name: o.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: o.subject,
      ack_wait: nanos(30_000),
      max_ack_pending: 1_000,
    });
  }
}

function isApiError(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}

/** Whether a stream subject (with NATS wildcards * and >) captures every subject `subject` can match. */
export function subjectCovers(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return i < s.length;
    if (i >= s.length) return false;
    if (p[i] === '*') {
      if (s[i] === '>') return false;
      continue;
    }
    if (p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}
