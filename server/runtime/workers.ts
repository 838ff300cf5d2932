// In-process workers (the embedded default): loops that process events, dispatch the outbox,
// fire timers and run the other stages, woken at once when there is work and otherwise polling.
import { rollUpAnalytics } from '../analytics/rollup';
import { processPendingEvents } from './event-processor';
import { dispatchOutbox, releaseExpiredLeases } from './outbox-dispatcher';
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
const PACED: Record<string, { everyMs: number; full: number }> = { analytics: { everyMs: 1_000, full: 5_000 } };

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
  ['analytics', (rt) => rollUpAnalytics(rt)],
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
  // queued contacts commits), `loops` of each, and one for every other stage. Each runs passes while they find work
  // and otherwise sleeps until woken or IDLE_MS passes (polling finds what other processes wrote).
  const loop = (names: string[]) => {
    const mine = stages.filter(([name]) => names.includes(name));
    const lastRun = new Map<string, { at: number; did: number }>();
    let wakeUp: (() => void) | null = null;
    let again = false; // woken while busy: run one more pass before sleeping
    const run = async () => {
      while (!stopped) {
        again = false;
        let did = 0;
        for (const [name, stage] of mine) {
          const pace = PACED[name];
          const last = lastRun.get(name);
          if (pace && last && last.did < pace.full && Date.now() - last.at < pace.everyMs) continue;
          try {
            const n = await stage(rt);
            did += n;
            lastRun.set(name, { at: Date.now(), did: n });
          } catch (err) {
            lastRun.set(name, { at: Date.now(), did: 0 });
            onError(name, err);
          }
        }
        if (did === 0 && !again && !stopped) {
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
      wake: () => {
        again = true;
        wakeUp?.();
      },
    };
  };
  const n = Math.max(1, opts.loops ?? 1);
  const events = Array.from({ length: n }, () => loop(['events']));
  const outbox = Array.from({ length: n }, () => loop(['outbox']));
  const rest = loop(stages.map(([name]) => name).filter((name) => !HOT.includes(name)));
  const unsubscribe = onContactsQueued(rt, () => outbox.forEach((l) => l.wake()));
  const all = [...events, ...outbox, rest];

  return {
    wake: () => events.forEach((l) => l.wake()),
    stop: async () => {
      stopped = true;
      unsubscribe();
      for (const l of all) l.wake();
      await Promise.all(all.map((l) => l.running));
    },
    drain: () => drainRuntime(rt),
  };
}
