// Group commit: callers that arrive while a write is in flight wait for the next one, and that
// one serves all of them with a single statement. Under load a statement carries many callers
// (one round trip and one socket write for all of them); alone, a caller goes at once, so it adds
// no latency. Every caller's write starts after the caller arrived, so nothing is answered from
// a read older than the request (an API key looked up for a request is read after it arrived).
export type GroupFlush<I, O> = (items: I[]) => Promise<O[]>;

interface Waiter<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Wraps `flush` (many items in, one result per item, in order) into a per-item function. If a
 * grouped flush fails, each of its items is retried alone, so a bad item fails only its caller.
 */
export function groupCommit<I, O>(flush: GroupFlush<I, O>, maxItems = 500): (item: I) => Promise<O> {
  const queue: Waiter<I, O>[] = [];
  let running = false;
  const drain = async () => {
    running = true;
    while (queue.length) {
      const group = queue.splice(0, maxItems);
      try {
        const out = await flush(group.map((w) => w.item));
        group.forEach((w, i) => w.resolve(out[i]));
      } catch (err) {
        if (group.length === 1) group[0].reject(err);
        else for (const w of group) await flush([w.item]).then(([o]) => w.resolve(o), w.reject);
      }
    }
    running = false;
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!running) void drain();
    });
}

/** One group-commit function per key object (a database), made on first use. */
export function groupCommitPer<K extends object, I, O>(make: (key: K) => GroupFlush<I, O>, maxItems?: number) {
  const byKey = new WeakMap<K, (item: I) => Promise<O>>();
  return (key: K, item: I): Promise<O> => {
    let fn = byKey.get(key);
    if (!fn) byKey.set(key, (fn = groupCommit(make(key), maxItems)));
    return fn(item);
  };
}
