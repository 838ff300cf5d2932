// What every step reads and operators rarely change: the global contact policy, the product
// catalogue's rules and its offers (whether each is on sale is judged at the step's moment). A worker loads them at most once per window (REFRESH_MS, as the flow index
// is cached) for all its passes, instead of once per batch, timer or step. A change saved in
// this process applies from the next pass (`settingsChanged()`, settings-changes.ts); one saved by another process
// within the window. What must be current at the moment of contact is never cached: customers'
// subscriptions, blocks, consents and contact ledger are read per batch under their row locks.
import { processWide } from '../process-wide';
import { offers, products } from '../db/schema';
import type { Executor } from '../db/client';
import { loadContactPolicy, type ContactPolicy } from './contact-policy';
import type { Runtime } from './runtime';
import { settingsGeneration } from './settings-changes';

export const REFRESH_MS = 2_000;

export type ProductRow = typeof products.$inferSelect;
export type OfferRow = typeof offers.$inferSelect;

class Cached<T> {
  private value: Promise<T> | null = null;
  private loadedAt = 0;
  private loadedGeneration = -1;

  constructor(private readonly load: (db: Executor) => Promise<T>) {}

  get(db: Executor): Promise<T> {
    const now = Date.now();
    if (!this.value || now - this.loadedAt >= REFRESH_MS || this.loadedGeneration !== settingsGeneration()) {
      const value = this.load(db);
      this.value = value;
      this.loadedAt = now;
      this.loadedGeneration = settingsGeneration();
      value.catch(() => {
        if (this.value === value) this.value = null; // a failed load is retried by the next caller
      });
    }
    return this.value;
  }
}

export class SettingsCache {
  private readonly policyCache = new Cached((db) => loadContactPolicy(db));
  private readonly productCache = new Cached(async (db) => new Map((await db.select().from(products)).map((p) => [p.id, p] as const)));

  private readonly offerCache = new Cached(async (db) => new Map((await db.select().from(offers)).map((o) => [o.id, o] as const)));

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

/** The runtime's cache (one per process and database). Loads go through the caller's executor. */
export function settingsOf(rt: Runtime): SettingsCache {
  let c = caches.get(rt);
  if (!c) caches.set(rt, (c = new SettingsCache()));
  return c;
}
