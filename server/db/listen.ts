// LISTEN on PostgreSQL: one dedicated connection per database a process opened (a pooled one
// would drop the subscriptions), shared by every channel the process listens on (work wake-ups,
// the change feed), and re-opened a second after it is lost. Whoever listens is told when it is
// listening and when it stopped, because notifications sent meanwhile are gone: work loops poll
// to catch up, caches stop trusting what they hold (change-feed.ts). In pg_stat_activity the
// connection is `application_name = 'octoflow listener'`.
import pg from 'pg';

export interface ListenHandlers {
  /** Each notification on the channel, with its payload. */
  onNotify(payload: string): void;
  /** Listening (again): anything sent before now may have been missed. */
  onListening?(): void;
  /** The connection is gone: notifications are missed until onListening. */
  onLost?(): void;
}

export interface Listener {
  /** Listens on `channel` until the returned function is called. */
  listen(channel: string, on: ListenHandlers): () => Promise<void>;
  /** Ends the connection; every listener is told it stopped. */
  close(): Promise<void>;
}

export const LISTENER_APPLICATION_NAME = 'octoflow listener';

/** Channel names are SQL identifiers written into LISTEN; ours are constants, so refuse anything else. */
function checkChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`not a notification channel name: ${JSON.stringify(channel)}`);
  return channel;
}

/**
 * The listening connection of one database. It is opened with the first channel and ended with
 * the last one (or `close`); channels added while it is open are LISTENed on it at once.
 */
export function postgresListener(url: string, log: (msg: string) => void = console.error): Listener {
  const channels = new Map<string, Set<ListenHandlers>>();
  let client: pg.Client | null = null;
  /** The current connection's statements, one after another (pg 9 will not queue them itself). */
  let tail: Promise<unknown> = Promise.resolve();
  const run = (c: pg.Client, text: string) => {
    const done = tail.then(() => c.query(text));
    tail = done.catch(() => undefined);
    return done;
  };
  /** Handlers told they are listening on the current connection. */
  const live = new Set<ListenHandlers>();
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const lose = () => {
    for (const on of live) on.onLost?.();
    live.clear();
  };
  const subscribe = (c: pg.Client, channel: string) =>
    run(c, `listen ${channel}`).then(
      () => {
        if (client !== c) return;
        for (const on of channels.get(channel) ?? []) {
          if (live.has(on)) continue;
          live.add(on);
          on.onListening?.();
        }
      },
      () => undefined, // the connection failed: its 'error' or 'end' reopens it
    );
  const open = () => {
    retry = undefined;
    const c = new pg.Client({ connectionString: url, application_name: LISTENER_APPLICATION_NAME });
    client = c;
    c.on('notification', (n) => {
      for (const on of channels.get(n.channel) ?? []) on.onNotify(n.payload ?? '');
    });
    c.on('error', (err) => {
      log(`octoflow: the listening connection was lost (${err.message}); reconnecting`);
      reopen(c);
    });
    c.on('end', () => reopen(c));
    const connected = c.connect();
    tail = connected.catch((err: Error) => {
      log(`octoflow: the listening connection cannot connect (${err.message}); retrying`);
      reopen(c);
    });
    // Run once it is connected.
    for (const channel of channels.keys()) void subscribe(c, channel);
  };
  const reopen = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    lose();
    c.removeAllListeners('end');
    void c.end().catch(() => undefined);
    if (!closed && channels.size > 0) retry = setTimeout(open, 1_000);
  };
  const end = async () => {
    clearTimeout(retry);
    retry = undefined;
    const c = client;
    client = null;
    lose();
    if (c) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
    }
  };

  return {
    listen(channel, on) {
      checkChannel(channel);
      if (closed) throw new Error('the listening connection was closed');
      if (!channels.has(channel)) channels.set(channel, new Set());
      channels.get(channel)!.add(on);
      // LISTEN is idempotent: a channel already listened on costs one more tiny statement.
      if (client) void subscribe(client, channel);
      else if (!retry) open();
      return async () => {
        const set = channels.get(channel);
        if (!set?.delete(on)) return;
        if (live.delete(on)) on.onLost?.();
        if (set.size > 0) return;
        channels.delete(channel);
        if (channels.size === 0) await end();
        else if (client) await run(client, `unlisten ${channel}`).catch(() => undefined);
      };
    },
    async close() {
      closed = true;
      channels.clear();
      await end();
    },
  };
}
