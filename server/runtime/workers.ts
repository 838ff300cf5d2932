// In-process workers (the embedded default): loops that process events, dispatch the outbox,
// fire timers and run the other stages, woken at once when there is work and otherwise polling.
import { rollUpAnalyticsBySource } from '../analytics/rollup';
import { EVENT_BATCH, processPendingEvents } from './event-processor';
import { dispatchOutbox, OUTBOX_PASS, releaseExpiredLeases } from './outbox-dispatcher';
import { fireDueTimers } from './timer-poller';
import { runSchedules } from './entries';
import { runLifecycle } from '../services/campaign-plan';
import { deliverNotificationsFor } from '../services/notifications-delivery';
import { expireOverdueTasks } from '../services/frontline-expiry';
import { recoverInterruptedImports } from '../services/customer-import';
import type { Runtime } from './runtime';
import { onContactsQueued } from './wakeups';

export interface Workers {
  wake(): void;
  stop(): Promise<void>;
  /** Runs passes until nothing is left to do (tests and demos). */
  drain(): Promise<void>;
}

const IDLE_MS = 250;
/**
 * Stages that need not run on every pass of a busy loop: the dashboards' roll-up folds new rows
 * at most once a second (the live strip counts per minute) unless it is catching up (its last run
 * found a full batch), so under load it does one large set-based pass instead of many small ones,
 * each with its own transactions and watermark locks.
 */
const PACED: Record<string, { everyMs: number; full: number }> = {
  analytics: { everyMs: 1_000, full: 5_000 },
  // Sweeps whose work is rare and not urgent to the second: once a second while they find
  // nothing (each is a query or a few; at the 250 ms poll they were a tenth of a busy process's
  // statements), at once again while they find some.
  'outbox-leases': { everyMs: 1_000, full: 1 },
  frontline: { everyMs: 1_000, full: 1 },
  imports: { everyMs: 10_000, full: 1 },
  lifecycle: { everyMs: 1_000, full: 1 },
  notifications: { everyMs: 1_000, full: 1 },
};

/**
 * The hot stages' full pass. A pass that handled less found the queue empty (or left only what
 * other workers hold): the loop sleeps until new work wakes it or the poll, instead of running
 * one more claim that finds nothing after every batch (half the claims of a busy run).
 */
const FULL: Record<string, number> = { events: EVENT_BATCH, outbox: OUTBOX_PASS };

type Stage = (rt: Runtime) => Promise<number>;

const stages: [string, Stage][] = [
  ['events', (rt) => processPendingEvents(rt)],
  ['timers', (rt) => fireDueTimers(rt)],
  ['schedules', (rt) => runSchedules(rt)],
  ['outbox', (rt) => dispatchOutbox(rt)],
  // Outbox rows an earlier release leased and left: due again once their lease passed.
  ['outbox-leases', (rt) => releaseExpiredLeases(rt)],
  // Frontline work past its due time with no answer expires, and flows hear of it (issue 8).
  ['frontline', (rt) => expireOverdueTasks(rt)],
  // Imports whose process died are marked failed, not left "running" (issue 8).
  ['imports', (rt) => recoverInterruptedImports(rt)],
  // Dashboards (issue 7): fold the steps and events written above into the hourly roll-ups.
  // Its pass counts as a full batch (catching up, not paced) when one source's batch was full:
  // the largest source, not their sum (which passes the batch size under any load).
  ['analytics', async (rt) => Math.max(...Object.values(await rollUpAnalyticsBySource(rt)))],
  // Closed loop (issue 6): schedule windows start and end campaigns; used-up allocations pause them.
  ['lifecycle', (rt) => runLifecycle(rt)],
  // People's notifications leave by email and webhook where configured (issue 6).
  ['notifications', (rt) => deliverNotificationsFor(rt)],
];

/**
 * One pass of every stage. A stage that fails is reported and the others still run: a broken
 * roll-up must not stop contacts from leaving.
 */
export async function runOnePass(rt: Runtime, onError?: (stage: string, err: unknown) => void): Promise<number> {
  let did = 0;
  for (const [name, stage] of stages) {
    try {
      did += await stage(rt);
    } catch (err) {
      if (!onError) throw err;
      onError(name, err);
    }
  }
  return did;
}

/** Runs passes until nothing is due (tests, demos, the CLI). */
export async function drainRuntime(rt: Runtime): Promise<void> {
  while ((await runOnePass(rt)) > 0) {
    /* keep going */
  }
}

/** Stages with their own loop: intake-to-contact latency must not wait for the others. */
const HOT = ['events', 'outbox'];

export interface WorkerOptions {
  /** Event and outbox loops of this process (each holds a connection while it works); default 1.
   *  On PostgreSQL two or more overlap one batch's database round trips with another's work. */
  loops?: number;
}

export function startWorkers(rt: Runtime, log: (msg: string) => void = console.error, opts: WorkerOptions = {}): Workers {
  let stopped = false;

  // The same failure repeating every pass is logged once a minute, not hundreds of times.
  const lastLogged = new Map<string, number>();
  const onError = (stage: string, err: unknown) => {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    const key = `${stage}:${text.split('\n')[0]}`;
    const now = Date.now();
    if ((lastLogged.get(key) ?? 0) + 60_000 > now) return;
    lastLogged.set(key, now);
    log(`octoflow worker (${stage}): ${text}`);
  };
  // Loops: events (woken when the API accepts some), outbox (woken the moment a batch that
  // queued contacts commits), `loops` of each, and one for every other stage. Each runs passes
  // while they find a full batch and otherwise sleeps until woken or IDLE_MS passes (polling finds
  // what other processes wrote).
  //
  // Loops of one kind share a signal, so new work costs ONE claim, not one per loop: a wake-up
  // goes to a sleeping loop; while a woken loop has not begun its pass, further wake-ups are
  // absorbed (its claim starts after their commits, so it sees them); when every loop is busy,
  // the first to finish its pass runs another. Waking all loops made all but one claim nothing.
  interface Kind {
    /** Work arrived while every loop was busy: the next loop to finish a pass runs another. */
    pending: boolean;
    loops: Loop[];
  }
  const loop = (names: string[], kind?: Kind) => {
    const mine = stages.filter(([name]) => names.includes(name));
    const lastRun = new Map<string, { at: number; did: number }>();
    let wakeUp: (() => void) | null = null;
    let woken = false; // woken, its pass not begun yet
    let again = false; // woken while busy: run one more pass before sleeping
    const takePending = () => {
      if (!kind?.pending) return false;
      kind.pending = false;
      return true;
    };
    const run = async () => {
      while (!stopped) {
        again = false;
        woken = false;
        let more = false;
        for (const [name, stage] of mine) {
          const pace = PACED[name];
          const last = lastRun.get(name);
          if (pace && last && last.did < pace.full && Date.now() - last.at < pace.everyMs) continue;
          try {
            const n = await stage(rt);
            if (n >= (FULL[name] ?? 1)) more = true;
            lastRun.set(name, { at: Date.now(), did: n });
          } catch (err) {
            lastRun.set(name, { at: Date.now(), did: 0 });
            onError(name, err);
          }
        }
        if (!more && !again && !takePending() && !stopped) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, IDLE_MS);
            wakeUp = () => {
              clearTimeout(t);
              resolve();
            };
          });
          wakeUp = null;
        }
      }
    };
    return {
      running: run(),
      sleeping: () => wakeUp !== null,
      woken: () => woken,
      wake: () => {
        const w = wakeUp;
        if (w) {
          wakeUp = null;
          woken = true;
          w();
        } else again = true;
      },
    };
  };
  type Loop = ReturnType<typeof loop>;
  const kindOf = (names: string[], n: number): Kind => {
    const kind: Kind = { pending: false, loops: [] };
    kind.loops = Array.from({ length: n }, () => loop(names, kind));
    return kind;
  };
  const wakeOne = (kind: Kind) => () => {
    if (kind.loops.some((l) => l.woken())) return;
    const idle = kind.loops.find((l) => l.sleeping());
    if (idle) idle.wake();
    else kind.pending = true;
  };
  const n = Math.max(1, opts.loops ?? 1);
  const eventKind = kindOf(['events'], n);
  const outboxKind = kindOf(['outbox'], n);
  const events = eventKind.loops;
  const outbox = outboxKind.loops;
  const rest = loop(stages.map(([name]) => name).filter((name) => !HOT.includes(name)));
  const wakeEvents = wakeOne(eventKind);
  const unsubscribe = onContactsQueued(rt, wakeOne(outboxKind));
  const all = [...events, ...outbox, rest];

  return {
    wake: wakeEvents,
    stop: async () => {
      stopped = true;
      unsubscribe();
      for (const l of all) l.wake();
      await Promise.all(all.map((l) => l.running));
    },
    drain: () => drainRuntime(rt),
  };
}
