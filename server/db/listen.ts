// LISTEN on PostgreSQL over a dedicated connection (a pooled one would drop the subscription),
// re-opened a second after it is lost. Whoever listens is told when it is listening and when it
// stopped, because notifications sent meanwhile are gone: work loops poll to catch up, caches
// stop trusting what they hold (change-feed.ts).
import pg from 'pg';

export interface ListenHandlers {
  /** Each notification on the channel, with its payload. */
  onNotify(payload: string): void;
  /** Listening (again): anything sent before now may have been missed. */
  onListening?(): void;
  /** The connection is gone: notifications are missed until onListening. */
  onLost?(): void;
}

/** Listens on `channel` until the returned function is called. */
export function listenOnPostgres(url: string, channel: string, on: ListenHandlers, log: (msg: string) => void = console.error): () => Promise<void> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const open = async () => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('notification', (n) => on.onNotify(n.payload ?? ''));
    c.on('error', (err) => {
      log(`octoflow: listener on ${channel} lost its connection (${err.message}); reconnecting`);
      reopen(c);
    });
    c.on('end', () => reopen(c));
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
      if (client === c) on.onListening?.();
    } catch (err) {
      log(`octoflow: listener on ${channel} cannot connect (${(err as Error).message}); retrying`);
      reopen(c);
    }
  };
  const reopen = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    on.onLost?.();
    if (stopped) return;
    c.removeAllListeners('end');
    void c.end().catch(() => undefined);
    retry = setTimeout(() => void open(), 1_000);
  };
  void open();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    on.onLost?.();
    await c?.end().catch(() => undefined);
  };
}
