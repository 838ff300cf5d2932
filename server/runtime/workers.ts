// In-process workers (the embedded default): one loop that processes events, fires timers and
// dispatches the outbox, woken at once when the API accepts events and otherwise polling.
import { processPendingEvents } from './event-processor';
import { dispatchOutbox } from './outbox-dispatcher';
import { fireDueTimers } from './timer-poller';
import type { Runtime } from './runtime';

export interface Workers {
  wake(): void;
  stop(): Promise<void>;
  /** Runs passes until nothing is left to do (tests and demos). */
  drain(): Promise<void>;
}

const IDLE_MS = 250;

export async function runOnePass(rt: Runtime): Promise<number> {
  const e = await processPendingEvents(rt);
  const t = await fireDueTimers(rt);
  const o = await dispatchOutbox(rt);
  return e + t + o;
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

  const loop = async () => {
    while (!stopped) {
      let did = 0;
      try {
        did = await runOnePass(rt);
      } catch (err) {
        log(`octoflow worker: ${(err as Error).stack ?? err}`);
      }
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
