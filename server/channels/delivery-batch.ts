// The DeliveryBatch the outbox dispatcher hands its channels (types.ts): database work of
// concurrent sends queued one after another on the batch's transaction.
import type { Executor } from '../db/client';
import type { DeliveryBatch, OutgoingContact } from './types';

export function deliveryBatch(db: Executor, contacts: readonly OutgoingContact[] = []): DeliveryBatch {
  let tail: Promise<unknown> = Promise.resolve();
  const loaded = new Map<string, Promise<unknown>>();
  const serial = <T>(fn: (db: Executor) => Promise<T>): Promise<T> => {
    const run = tail.then(() => fn(db));
    tail = run.catch(() => undefined); // a failed query does not stop the queue; its caller sees the error
    return run;
  };
  return {
    contacts,
    db: serial,
    once<T>(key: string, load: (db: Executor) => Promise<T>): Promise<T> {
      let p = loaded.get(key) as Promise<T> | undefined;
      if (!p) {
        p = serial(load);
        loaded.set(key, p);
      }
      return p;
    },
  };
}
