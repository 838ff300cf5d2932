// In-process wake-ups between worker loops: the event loop tells the outbox loops the moment a
// batch that queued contacts has committed, so a contact leaves at once instead of at the next
// poll; an outbox batch that came back full says the same, so another loop takes the rest. (Other
// processes find the rows by polling; see docs/runtime.md.)
import { processWide } from '../process-wide';

// Process-wide: the workers subscribe from one copy of this module, a request may queue contacts
// from another (Next bundles route handlers apart).
const listeners = processWide('wakeups.contacts', () => new WeakMap<object, Set<() => void>>());

/** Calls `fn` whenever contacts due now were committed on `rt`. Returns the unsubscribe. */
export function onContactsQueued(rt: object, fn: () => void): () => void {
  let set = listeners.get(rt);
  if (!set) listeners.set(rt, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

export function contactsQueued(rt: object): void {
  for (const fn of listeners.get(rt) ?? []) fn();
}
