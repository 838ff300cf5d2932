// Caching what every request or delivery batch would otherwise read again, without serving it
// after it changed. A trigger on each watched table (migrations 0013, 0014) NOTIFYs `octoflow_changes`
// with the table's name in the transaction that changes it, so every process hears of a commit
// within milliseconds: any change, by the app, another process or an operator's SQL. Each table
// has a generation that a notification bumps; a cached entry is served only while its generation
// is current and the process is listening. While the listening connection is down, notifications
// are missed, so nothing is served from the cache; when it is back every generation is bumped.
// A change this process commits bumps its own generation at once (`changed`), before the
// notification comes back.
import { processWide } from '../process-wide';
import { isTransaction, type Database, type Executor } from './client';

export const CHANGES_CHANNEL = 'octoflow_changes';
/**
 * API keys and partner endpoints (their caches); campaigns, approvals and offers (the live flows);
 * settings, products and offers (the settings cache: contact policy, product rules, offers); the
 * frontline teams and shops (the organisation the workbench routes work by).
 */
export const WATCHED_TABLES = ['api_keys', 'partner_endpoints', 'campaigns', 'approvals', 'offers', 'settings', 'products', 'frontline_teams', 'frontline_shops'] as const;
export type WatchedTable = (typeof WATCHED_TABLES)[number];

/** However quiet the feed, an entry is read again after this long. */
export const MAX_AGE_MS = 60_000;

export class ChangeFeed {
  private readonly generations = new Map<string, number>();
  private listening = false;
  private readonly stopListening: () => Promise<void>;

  constructor(database: Pick<Database, 'listen'>) {
    this.stopListening = database.listen(CHANGES_CHANNEL, {
      onNotify: (table) => this.bump(table),
      onListening: () => {
        for (const t of WATCHED_TABLES) this.bump(t);
        this.listening = true;
      },
      onLost: () => {
        this.listening = false;
      },
    });
  }

  /** True while every committed change is heard: only then may caches serve what they hold. */
  get live(): boolean {
    return this.listening;
  }

  generation(table: WatchedTable): number {
    return this.generations.get(table) ?? 0;
  }

  /** The sum of the tables' generations: it grows whenever one of them changes. */
  generationOf(tables: readonly WatchedTable[]): number {
    return tables.reduce((sum, t) => sum + this.generation(t), 0);
  }

  /** A change to `table` this process committed: cached entries go at once. */
  changed(table: WatchedTable): void {
    this.bump(table);
  }

  stop(): Promise<void> {
    return this.stopListening();
  }

  private bump(table: string) {
    this.generations.set(table, (this.generations.get(table) ?? 0) + 1);
  }
}

const feeds = processWide('change-feeds', () => new WeakMap<object, ChangeFeed>());

/** Starts the feed of a database (once per app), found from its `db` by feedOf. */
export function startChangeFeed(database: Pick<Database, 'db' | 'listen'>): ChangeFeed {
  const feed = new ChangeFeed(database);
  feeds.set(database.db, feed);
  return feed;
}

/** The feed of a database, or undefined (none started, or inside a transaction). */
export function feedOf(db: Executor): ChangeFeed | undefined {
  return isTransaction(db) ? undefined : feeds.get(db);
}

/** After a committed change by `db` (not a caller's open transaction, which commits later). */
export function changedBy(db: Executor, table: WatchedTable): void {
  feedOf(db)?.changed(table);
}

/** Values read from one watched table, by key, served while the feed says they are current. */
export class FeedCache<V> {
  private readonly entries = new Map<string, { value: V; generation: number; at: number }>();

  constructor(
    private readonly feed: ChangeFeed,
    private readonly table: WatchedTable,
    /** Which loaded values may be kept (e.g. not "no such key", which anyone can ask for). */
    private readonly keep: (value: V) => boolean = () => true,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value for `key`, from the cache or from `load`. */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const [value] = (await this.getMany([key], async () => new Map([[key, await load()]]))).values();
    return value;
  }

  /** The values for `keys`, the ones not cached read with one `load` (which returns every key). */
  async getMany(keys: readonly string[], load: (missing: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
    const generation = this.feed.generation(this.table);
    const now = Date.now();
    const found = new Map<string, V>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      const e = this.feed.live ? this.entries.get(key) : undefined;
      if (e && e.generation === generation && now - e.at < MAX_AGE_MS) found.set(key, e.value);
      else missing.push(key);
    }
    if (missing.length === 0) return found;
    const loaded = await load(missing);
    // A change heard while loading may have come after the read: serve the value, do not keep it.
    const current = this.feed.live && this.feed.generation(this.table) === generation;
    if (current && this.entries.size + missing.length > this.maxEntries) this.entries.clear();
    for (const [key, value] of loaded) {
      found.set(key, value);
      if (current && this.keep(value)) this.entries.set(key, { value, generation, at: now });
    }
    return found;
  }
}
