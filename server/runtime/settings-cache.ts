// What every step reads and operators rarely change: the global contact policy, the product
// catalogue's rules and its offers (whether each is on sale is judged at the step's moment). A
// worker keeps them in memory for all its passes, instead of loading them once per batch, timer
// or step, and loads them again when it hears of a change (db/change-feed.ts: a trigger's NOTIFY on
// `settings`, `products` or `offers`, sent when the change commits, by this process, another one
// or by hand) and at least once a minute. A change saved in this process applies from the next
// pass (`settingsChanged()`, settings-changes.ts), a load that overlapped a change is followed by
// another, and while the feed is not listening they are loaded every 2 s (REFRESH_MS). What must
// be current at the moment of contact is never cached: customers' subscriptions, blocks, consents
// and contact ledger are read per batch under their row locks.
import { processWide } from '../process-wide';
import { offers, products } from '../db/schema';
import type { Executor } from '../db/client';
import { feedOf, MAX_AGE_MS, type ChangeFeed, type WatchedTable } from '../db/change-feed';
import { loadContactPolicy, type ContactPolicy } from './contact-policy';
import type { Runtime } from './runtime';
import { settingsGeneration } from './settings-changes';

/** How often they are loaded while the change feed is not listening. */
export const REFRESH_MS = 2_000;

export type ProductRow = typeof products.$inferSelect;
export type OfferRow = typeof offers.$inferSelect;

/** A value loaded from the watched `tables`, kept while no change to them is heard (also used by
 *  the frontline organisation's cache, services/frontline-org.ts). */
export class Cached<T> {
  private value: Promise<T> | null = null;
  private loadedAt = 0;
  private loadedGeneration = -1;

  constructor(
    private readonly load: (db: Executor) => Promise<T>,
    private readonly feed: ChangeFeed | undefined,
    /** The tables whose changes it is read from. */
    private readonly tables: readonly WatchedTable[],
  ) {}

  /** Only grows: it changes with every change saved in this process or heard to its tables. */
  private generation(): number {
    return settingsGeneration() + (this.feed?.generationOf(this.tables) ?? 0);
  }

  get(db: Executor): Promise<T> {
    const now = Date.now();
    const generation = this.generation();
    const maxAge = this.feed?.live ? MAX_AGE_MS : REFRESH_MS;
    if (!this.value || now - this.loadedAt >= maxAge || this.loadedGeneration !== generation) {
      const value = this.load(db);
      this.value = value;
      this.loadedAt = now;
      this.loadedGeneration = generation;
      value.catch(() => {
        if (this.value === value) this.value = null; // a failed load is retried by the next caller
      });
    }
    return this.value;
  }
}

export class SettingsCache {
  private readonly policyCache: Cached<ContactPolicy>;
  private readonly productCache: Cached<ReadonlyMap<string, ProductRow>>;
  private readonly offerCache: Cached<ReadonlyMap<string, OfferRow>>;

  constructor(feed?: ChangeFeed) {
    this.policyCache = new Cached((db) => loadContactPolicy(db), feed, ['settings']);
    this.productCache = new Cached(async (db) => new Map((await db.select().from(products)).map((p) => [p.id, p] as const)), feed, ['products']);
    this.offerCache = new Cached(async (db) => new Map((await db.select().from(offers)).map((o) => [o.id, o] as const)), feed, ['offers']);
  }

  /** The global contact policy. */
  contactPolicy(db: Executor): Promise<ContactPolicy> {
    return this.policyCache.get(db);
  }

  /** Every product by id (the rules eligibility checks). */
  products(db: Executor): Promise<ReadonlyMap<string, ProductRow>> {
    return this.productCache.get(db);
  }

  /** Every offer by id, with its active flag and validity dates. */
  offers(db: Executor): Promise<ReadonlyMap<string, OfferRow>> {
    return this.offerCache.get(db);
  }
}

const caches = processWide('settings.caches', () => new WeakMap<Runtime, SettingsCache>());

/**
 * The runtime's cache (one per process and database), hearing of changes from the database's
 * change feed if the app started one. Loads go through the caller's executor.
 */
export function settingsOf(rt: Runtime): SettingsCache {
  let c = caches.get(rt);
  if (!c) caches.set(rt, (c = new SettingsCache(feedOf(rt.db))));
  return c;
}
