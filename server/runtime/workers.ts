// In-process workers (the embedded default): one loop that processes events, fires timers and
// dispatches the outbox, woken at once when the API accepts events and otherwise polling.
import { rollUpAnalytics } from '../analytics/rollup';
import { processPendingEvents } from './event-processor';
import { dispatchOutbox } from './outbox-dispatcher';
import { fireDueTimers } from './timer-poller';
import { runSchedules } from './entries';
import { runLifecycle } from '../services/campaign-plan';
import { deliverNotificationsFor } from '../services/notifications-delivery';
import { expireOverdueTasks } from '../services/frontline-expiry';
import { recoverInterruptedImports } from '../services/customer-import';
import type { Runtime } from './runtime';

export interface Workers {
  wake(): void;
  stop(): Promise<void>;
  /** Runs passes until nothing is left to do (tests and demos). */
  drain(): Promise<void>;
}

const IDLE_MS = 250;

type Stage = (rt: Runtime) => Promise<number>;

const stages: [string, Stage][] = [
  ['events', (rt) => processPendingEvents(rt)],
  ['timers', (rt) => fireDueTimers(rt)],
  ['schedules', (rt) => runSchedules(rt)],
  ['outbox', (rt) => dispatchOutbox(rt)],
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

export function startWorkers(rt: Runtime, log: (msg: string) => void = console.error): Workers {
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let running: Promise<void> = Promise.resolve();

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
  const loop = async () => {
    while (!stopped) {
      const did = await runOnePass(rt, onError);
      if (did === 0 && !stopped) {
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
  running = loop();

  return {
    wake: () => wakeUp?.(),
    stop: async () => {
      stopped = true;
      wakeUp?.();
      await running;
    },
    drain: () => drainRuntime(rt),
  };
}
