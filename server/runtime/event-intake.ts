// Durable intake: an accepted event is a committed row before the caller gets 202. The row's
// primary key is the sender's eventId, so a repeat (a retry, a replay) is a duplicate forever.
// An event that fails its shape or its type's schema is refused with the field named and kept
// in `dead_letters`, where an operator can inspect, correct and replay it.
import { eq } from 'drizzle-orm';
import { deadLetters, events } from '../db/schema';
import { EventInput, zodProblem } from './event-input';
import { checkEventAgainstCatalog } from './event-schema';
import { refusal } from './event-failure';
import { t, type LocalizedText } from '../../workflows';
import type { Runtime } from './runtime';
import { isTransaction, type Executor } from '../db/client';
import { groupCommitPer } from './group-commit';
import { bulkInsert } from '../db/bulk-insert';
import { notifyEvents } from './notify';
import { EVENT_BATCH } from './event-processor';
import { RecordedConcurrently, recordAndProcess, type EventInsert, type RecordedEvents } from './process-on-intake';

export interface IntakeResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
  /** Accepted events left for the workers (the others were processed as they were recorded). */
  queued: number;
}

/** A runtime that processes on intake, or what a plain intake needs (also inside a transaction). */
type IntakeRuntime = Runtime | (Pick<Runtime, 'db' | 'clock' | 'catalog'> & { dbKind?: Runtime['dbKind']; processOnIntake?: false });

export async function ingestEvents(rt: IntakeRuntime, items: unknown[], source = 'http'): Promise<IntakeResult> {
  const rejected: IntakeResult['rejected'] = [];
  const valid: EventInput[] = [];
  const dead: (typeof deadLetters.$inferInsert)[] = [];
  const now = rt.clock.now();
  items.forEach((item, index) => {
    const parsed = EventInput.safeParse(item);
    const problem = parsed.success ? checkEventAgainstCatalog(rt.catalog, parsed.data) : zodProblem(parsed.error, item);
    if (parsed.success && !problem) {
      valid.push(parsed.data);
      return;
    }
    rejected.push({ index, error: problem!.en });
    dead.push(deadLetterRow(source, item, problem!, now));
  });
  if (dead.length) await rt.db.insert(deadLetters).values(dead);
  if (valid.length === 0) return { accepted: 0, duplicates: 0, rejected, queued: 0 };
  const rows = valid.map((e) => ({
    eventId: e.eventId,
    customerId: e.customerId,
    type: e.type,
    occurredAt: new Date(e.occurredAt),
    attributes: e.attributes ?? {},
    receivedAt: now,
    nextAttemptAt: now,
  }));
  // Inside a caller's transaction the rows go with it; otherwise concurrent requests share one
  // statement (group commit), each answered only after the statement that holds its rows
  // committed: where this process runs the event workers, the one that also processes them.
  const { accepted, queued } = isTransaction(rt.db)
    ? (await recordGroups(rt.db, [rows]))[0]
    : rt.processOnIntake
      ? await processGrouped(rt, rows)
      : await insertGrouped(rt.db, { rows, notify: rt.dbKind === 'postgres' });
  return { accepted, duplicates: valid.length - accepted, rejected, queued };
}

/**
 * A refused event as kept for the operator: what arrived, and why it was refused in English
 * (`error`, which search and the API's answers use) and in both languages (`errorDetail`).
 */
export function deadLetterRow(source: string, item: unknown, problem: LocalizedText, receivedAt: Date, eventId = eventIdOf(item)): typeof deadLetters.$inferInsert {
  return { source, eventId, payload: item ?? null, error: problem.en, errorDetail: refusal(problem), receivedAt };
}

/** The eventId an item carries, when it carries one as text (kept as sent: the operator sees what came). */
export function eventIdOf(item: unknown): string | null {
  const id = item !== null && typeof item === 'object' ? (item as { eventId?: unknown }).eventId : undefined;
  return typeof id === 'string' ? id : null;
}

interface Recorded {
  accepted: number;
  queued: number;
}

/**
 * Records several callers' events with one statement, by `record` (given distinct eventIds):
 * how many of each caller's rows were new, and how many of those wait for the workers. An eventId
 * seen before, or twice in the statement, counts once: for the first caller.
 */
async function recordGroups(
  db: Executor,
  groups: EventInsert[][],
  record: (rows: EventInsert[]) => Promise<RecordedEvents> = async (rows) => {
    const inserted = new Set((await bulkInsert(db, events, rows, { onConflictDoNothing: ['event_id'], returning: ['event_id'] })).map((r) => r.event_id as string));
    return { inserted, queued: inserted };
  },
): Promise<Recorded[]> {
  const seen = new Set<string>();
  const owner = new Map<string, number>();
  const rows: EventInsert[] = [];
  groups.forEach((group, g) =>
    group.forEach((row) => {
      if (seen.has(row.eventId)) return;
      seen.add(row.eventId);
      owner.set(row.eventId, g);
      rows.push(row);
    }),
  );
  const counts = groups.map(() => ({ accepted: 0, queued: 0 }));
  if (rows.length === 0) return counts;
  const { inserted, queued } = await record(rows);
  for (const id of inserted) counts[owner.get(id)!].accepted++;
  for (const id of queued) counts[owner.get(id)!].queued++;
  return counts;
}

// Each grouped statement is followed by one NOTIFY on PostgreSQL, so worker processes elsewhere
// hear of the events at once instead of at their next poll (runtime/notify.ts).
const insertGrouped = groupCommitPer((db: Executor) => async (items: { rows: EventInsert[]; notify: boolean }[]) => {
  const counts = await recordGroups(db, items.map((i) => i.rows));
  // A failed notification loses nothing (the loops poll): it must not fail the committed insert.
  if (items.some((item, i) => item.notify && counts[i].accepted > 0)) await notifyEvents(db).catch(() => undefined);
  return counts;
});

// Processing on intake (process-on-intake.ts): a group holds at most one worker batch, and one
// group is in flight at a time, so the callers arriving meanwhile share the next: measured on the
// runtime bench, two or three groups in flight halved the groups and cost more CPU per event
// (each group pays its statements) for no more events/s. If the transaction fails, the group is
// recorded plainly, pending for the workers: a failure there is retried and recorded per event
// (event-processor.ts), and nothing accepted is lost. Other worker processes hear of events left
// pending through NOTIFY.
const processGrouped = groupCommitPer(
  (rt: Runtime) => async (groups: EventInsert[][]) => {
    let counts: Recorded[];
    try {
      counts = await recordGroups(rt.db, groups, (rows) => recordAndProcess(rt, rows));
    } catch (err) {
      // A concurrent recording of one of the eventIds is a race, not a failure: not logged.
      if (!(err instanceof RecordedConcurrently)) warnFallback(err);
      counts = await recordGroups(rt.db, groups);
    }
    if (rt.dbKind === 'postgres' && counts.some((c) => c.queued > 0)) await notifyEvents(rt.db).catch(() => undefined);
    return counts;
  },
  EVENT_BATCH,
);

// A processing failure is normally one event's, which the workers retry and record on the event;
// the log says it happened (at most once a minute), so a failure that repeats on every group, and
// sends every event the slow way, is seen.
let lastWarned = 0;
function warnFallback(err: unknown) {
  if (Date.now() - lastWarned < 60_000) return;
  lastWarned = Date.now();
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  console.warn(`octoflow intake: processing on intake failed, the events went to the workers: ${cause instanceof Error ? cause.message : String(cause)}`);
}

/** What a replay did; `letter` says when there was no open letter to replay (missing or closed). */
export interface ReplayOutcome {
  ok: boolean;
  /** Why it was refused, in English. */
  error?: string;
  /** The same, in both languages. */
  problem?: LocalizedText;
  duplicate?: boolean;
  letter?: 'missing' | 'closed';
}

const refused = (problem: LocalizedText, letter?: ReplayOutcome['letter']): ReplayOutcome => ({ ok: false, error: problem.en, problem, ...(letter ? { letter } : {}) });

/**
 * Replays a dead letter, optionally with a corrected payload. Accepted (or already present):
 * the letter is closed. Still invalid: it stays open with the new error. The letter is locked
 * and the event recorded in one transaction, so two replays at once cannot both go through and a
 * replay is either recorded and closed or neither; the workers pick the event up from the queue.
 */
export async function replayDeadLetter(
  rt: IntakeRuntime,
  id: number,
  corrected?: unknown,
): Promise<ReplayOutcome> {
  const run = async (tx: Executor): Promise<ReplayOutcome> => {
    const [letter] = await tx.select().from(deadLetters).where(eq(deadLetters.id, id)).for('update');
    if (!letter) return refused(t(`dead letter ${id} not found`, `找不到拒收事件 ${id}`), 'missing');
    if (letter.replayedAt) return refused(t(`dead letter ${id} was already replayed`, `拒收事件 ${id} 已被重放`), 'closed');
    if (letter.discardedAt) {
      const by = letter.discardedBy;
      return refused(t(`dead letter ${id} was discarded by ${by ?? 'an operator'}`, `拒收事件 ${id} 已被${by ?? '运维人员'}丢弃`), 'closed');
    }
    const payload = corrected === undefined ? letter.payload : corrected;
    const parsed = EventInput.safeParse(payload);
    const problem = parsed.success ? checkEventAgainstCatalog(rt.catalog, parsed.data) : zodProblem(parsed.error, payload);
    if (problem) {
      await tx.update(deadLetters).set({ error: problem.en, errorDetail: refusal(problem) }).where(eq(deadLetters.id, id));
      return refused(problem);
    }
    const result = await ingestEvents({ db: tx, clock: rt.clock, catalog: rt.catalog }, [parsed.data!], 'replay');
    await tx.update(deadLetters).set({ replayedAt: rt.clock.now(), payload }).where(eq(deadLetters.id, id));
    return { ok: true, duplicate: result.duplicates === 1 };
  };
  return isTransaction(rt.db) ? run(rt.db) : rt.db.transaction(run);
}
