// The catalog the server validates flows and events against: customer tags from the database (the
// administered tag schema); products and offers from the database only (administered, or seeded
// with the demo), so with the demo off the designer offers nothing the operator does not sell;
// event types built in (the standard touchpoint feeds and the reserved ones Octoflow records) plus
// the ones administrators declared (services/event-types.ts); partner endpoints administered in
// the database only (the demo seeds its two samples there, disabled). Loaded at start and cached
// briefly: every process refreshes within CATALOG_MAX_AGE_MS of an edit made elsewhere, and at once
// after an edit it made itself.
import { asc } from 'drizzle-orm';
import { Catalog, demoCatalog, labelled, type EventTypeDef, type FieldDef } from '../../workflows';
import type { Executor } from '../db/client';
import { offers, partnerEndpoints, products } from '../db/schema';
import { listTagDefinitions, toFieldDef } from './tag-definitions';
import { listDeclaredEventTypes, toEventTypeDef } from './event-types';

export const CATALOG_MAX_AGE_MS = 5_000;

/** Reserved event types: incremental tag updates, API enrolments and partner outcomes. */
export const TAGS_UPDATED = 'tags_updated';
export const API_ENROLMENT = 'api_enrolment';
export const PARTNER_OUTCOME = 'partner_outcome';
export const OUTCOMES = ['accepted', 'declined', 'purchased', 'failed', 'no_answer'] as const;

/** How people read a partner's outcomes (the first two as the workbench's outcome buttons say them). */
const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], [en: string, zh: string]> = {
  accepted: ['Accepted', '接受办理'],
  declined: ['Declined', '拒绝'],
  purchased: ['Purchased', '已购买'],
  failed: ['Failed', '失败'],
  no_answer: ['No answer', '未接通'],
};

const field = (name: string, type: FieldDef['type'], en: string, zh: string): FieldDef => ({ name, type, label: { en, zh } });

/**
 * The event types the product ships: the standard touchpoint feeds (usage, balance, contract,
 * roaming, calls, counter visits, orders, top-ups, complaints) and the ones Octoflow records itself
 * (SMS replies, frontline outcomes, tag updates, API enrolments, partner outcomes). Administrators
 * declare others beside them, never in their place.
 */
export function builtInEventTypes(tags: FieldDef[]): EventTypeDef[] {
  const reserved = new Set([TAGS_UPDATED, API_ENROLMENT, PARTNER_OUTCOME]);
  return [...demoCatalog.eventTypes.filter((e) => !reserved.has(e.type)), ...reservedEventTypes(tags)];
}

/** Names no declared event type may take: the built-in types and the scheduled-audience entry. */
export const BUILT_IN_EVENT_TYPES: ReadonlySet<string> = new Set([...builtInEventTypes([]).map((e) => e.type), 'schedule']);

function reservedEventTypes(tags: FieldDef[]): EventTypeDef[] {
  return [
    {
      type: TAGS_UPDATED,
      label: { en: 'Customer tags updated', zh: '客户标签更新' },
      description: { en: 'The changed tags, merged into the customer before flows see the event', zh: '变更的标签，先并入客户资料再交给流程' },
      attributes: tags,
    },
    {
      type: API_ENROLMENT,
      label: { en: 'Enrolled through the API', zh: '接口入组' },
      description: { en: 'A partner or upstream system enrolled the customer into a campaign', zh: '合作方或上游系统将客户加入营销活动' },
      attributes: [field('campaign_id', 'string', 'Campaign', '营销活动'), field('partner', 'string', 'Partner', '合作方')],
    },
    {
      type: PARTNER_OUTCOME,
      label: { en: 'Outcome recorded by a partner', zh: '合作方回传结果' },
      attributes: [
        labelled('outcome', 'Outcome', '结果', OUTCOME_LABELS),
        field('campaign_id', 'string', 'Campaign', '营销活动'),
        field('offer_id', 'string', 'Offer', '优惠'),
        field('value_cny', 'double', 'Value (CNY)', '金额（元）'),
        field('partner', 'string', 'Partner', '合作方'),
      ],
    },
  ];
}

/** Builds the catalog from the database (no cache). */
export async function buildCatalog(db: Executor): Promise<Catalog> {
  const tags = (await listTagDefinitions(db)).map(toFieldDef);
  const productRows = await db.select({ id: products.id, zh: products.nameZh, en: products.nameEn }).from(products).orderBy(asc(products.id));
  const offerRows = await db
    .select({ id: offers.id, productId: offers.productId, zh: offers.nameZh, en: offers.nameEn })
    .from(offers)
    .orderBy(asc(offers.id));
  // Partner endpoints administered in the UI (issue 8), enabled or not: a flow naming a disabled
  // one stays valid, and its deliveries fail naming the endpoint until it is enabled again.
  const endpointRows = await db.select({ id: partnerEndpoints.id, zh: partnerEndpoints.nameZh, en: partnerEndpoints.nameEn }).from(partnerEndpoints).orderBy(asc(partnerEndpoints.id));
  const declared = (await listDeclaredEventTypes(db)).filter((r) => !BUILT_IN_EVENT_TYPES.has(r.type)).map(toEventTypeDef);
  return Catalog.parse({
    tags,
    eventTypes: [...builtInEventTypes(tags), ...declared],
    products: productRows.map((p) => ({ id: p.id, label: { zh: p.zh, en: p.en } })),
    offers: offerRows.map((o) => ({ id: o.id, productId: o.productId, label: { zh: o.zh, en: o.en } })),
    endpoints: endpointRows.map((e) => ({ id: e.id, label: { zh: e.zh, en: e.en } })),
  });
}

/**
 * The process's catalog: `current` is always answerable synchronously (event intake and
 * condition checks need it without a query); a read after CATALOG_MAX_AGE_MS starts a refresh
 * in the background, and `refresh()` reloads at once (after an edit).
 */
export class CatalogCache {
  private loadedAt = 0;
  private loading: Promise<Catalog> | null = null;
  /** Builds started, and the newest one applied. */
  private builds = 0;
  private applied = 0;
  private listeners: ((catalog: Catalog) => void)[] = [];

  private constructor(
    private readonly db: Executor,
    private value: Catalog,
    private readonly now: () => number = Date.now,
  ) {
    this.loadedAt = now();
  }

  static async load(db: Executor): Promise<CatalogCache> {
    return new CatalogCache(db, await buildCatalog(db));
  }

  get current(): Catalog {
    if (this.now() - this.loadedAt > CATALOG_MAX_AGE_MS && !this.loading) {
      this.refresh().catch((err: unknown) => console.error(`octoflow: catalog refresh failed: ${(err as Error).message}`));
    }
    return this.value;
  }

  /** Calls `listener` with the new catalog whenever a refresh finds it changed. */
  onChange(listener: (catalog: Catalog) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Reloads now (outside any open transaction: PGlite has one connection). Each call reads anew:
   * a background refresh under way may have read before the edit the caller just made, so joining
   * it would miss the edit; and a build that finishes after a newer one is not applied.
   */
  refresh(): Promise<Catalog> {
    const build = ++this.builds;
    const loading: Promise<Catalog> = buildCatalog(this.db)
      .then((c) => {
        if (build < this.applied) return this.value;
        this.applied = build;
        this.loadedAt = this.now();
        // Same content: keep the object, so caches keyed by it (condition environments,
        // compiled machines) stay warm.
        if (JSON.stringify(c) === JSON.stringify(this.value)) return this.value;
        this.value = c;
        for (const listener of this.listeners) listener(c);
        return c;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = null;
      });
    this.loading = loading;
    return loading;
  }
}

/** `loadCatalog(db)`: the catalog as the database declares it now. */
export const loadCatalog = buildCatalog;
