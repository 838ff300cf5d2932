// Where a journey step reads what it needs and writes what it causes. Two stores, one contract:
//
// - directStore: every read and write is a query on the step's transaction, right away (timers,
//   approval decisions, scheduled audiences, and the one-event-at-a-time fallback).
// - BatchStore: the event processor's batch. Everything the batch's steps may read is loaded
//   with one query per table for all its customers, under their row locks (so it cannot change
//   underneath); the steps' writes are buffered and go out as one multi-row statement per table
//   before the batch commits (flush). Same transaction, same rows, same guarantees: ~15 round
//   trips per batch instead of ~15 per event.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { bulkWrite, rowFromJson, type BulkPart } from '../db/bulk-insert';
import { approvalTasks, contactBlocks, contactConsents, contactLedger, customers, journeys, offers, outbox, products, steps, subscriptions, timers } from '../db/schema';
import { reserveContact, reserveInMemory, type ContactDecision, type ContactMemory, type ContactPolicy, type ContactRequest } from './contact-policy';
import { loadEligibility, type EligibilityData, type OfferRow } from './eligibility';
import type { RunnableFlow } from './live-flows';
import { mayEnter, reentryAllows, type EntryHistory } from './reentry';
import { inJsonList } from '../db/in-list';

type CustomerRow = typeof customers.$inferSelect;
type JourneyRow = typeof journeys.$inferSelect;
export type JourneyInsert = typeof journeys.$inferInsert & { id: string };
type JourneyUpdate = Pick<JourneyRow, 'snapshot' | 'status' | 'currentNode' | 'waitingFor' | 'revision' | 'updatedAt'>;
type OutboxInsert = typeof outbox.$inferInsert;

export interface StepStore {
  readonly tx: Tx;
  /** The customer's active journeys waiting for an event of this type, oldest first. */
  waitingFor(customerId: string, eventType: string): Promise<JourneyRow[]>;
  /** Products and the customer's subscriptions, for the machine's eligibility checks. */
  eligibility(customerId: string, productIds: string[]): Promise<EligibilityData | null>;
  /** Every offer by id: offer choices and contacts take only offers on sale at the step's moment. */
  offers(): Promise<ReadonlyMap<string, OfferRow>>;
  /** The flow's re-entry rule for this customer. */
  mayEnter(flow: RunnableFlow, customer: CustomerRow, now: Date): Promise<boolean>;
  insertJourney(row: JourneyInsert): Promise<void>;
  /** Writes the journey's next state if it is still at `expectedRevision`; false if it moved. */
  updateJourney(id: string, expectedRevision: number, set: JourneyUpdate): Promise<boolean>;
  insertSteps(rows: (typeof steps.$inferInsert)[]): Promise<void>;
  reserveContact(policy: ContactPolicy, req: ContactRequest): Promise<ContactDecision>;
  insertOutbox(row: OutboxInsert): Promise<void>;
  /** One pending timer per (journey, node): a loop straight back into the same wait replaces it. */
  startTimer(row: { journeyId: string; nodeId: string; journeyRevision: number; dueAt: Date }): Promise<void>;
  insertApprovalTask(row: typeof approvalTasks.$inferInsert): Promise<void>;
}

const loadOffers = async (tx: Tx) => new Map((await tx.select().from(offers)).map((o) => [o.id, o] as const));

export function directStore(tx: Tx): StepStore {
  let offerRows: Promise<ReadonlyMap<string, OfferRow>> | null = null;
  return {
    tx,
    offers: () => (offerRows ??= loadOffers(tx)),
    waitingFor: (customerId, eventType) =>
      tx
        .select()
        .from(journeys)
        .where(and(eq(journeys.customerId, customerId), eq(journeys.status, 'active'), sql`${eventType} = any(${journeys.waitingFor})`))
        .orderBy(asc(journeys.startedAt)),
    eligibility: (customerId, productIds) => loadEligibility(tx, customerId, productIds),
    mayEnter: (flow, customer, now) => mayEnter(tx, flow, customer, now),
    async insertJourney(row) {
      await tx.insert(journeys).values(row);
    },
    async updateJourney(id, expectedRevision, set) {
      const updated = await tx
        .update(journeys)
        .set(set)
        .where(and(eq(journeys.id, id), eq(journeys.revision, expectedRevision)))
        .returning({ id: journeys.id });
      return updated.length > 0;
    },
    async insertSteps(rows) {
      if (rows.length) await tx.insert(steps).values(rows);
    },
    reserveContact: (policy, req) => reserveContact(tx, policy, req),
    async insertOutbox(row) {
      await tx.insert(outbox).values(row).onConflictDoNothing({ target: outbox.effectKey });
    },
    async startTimer(row) {
      await tx
        .update(timers)
        .set({ status: 'cancelled' })
        .where(and(eq(timers.journeyId, row.journeyId), eq(timers.nodeId, row.nodeId), eq(timers.status, 'pending')));
      await tx.insert(timers).values(row);
    },
    async insertApprovalTask(row) {
      await tx.insert(approvalTasks).values(row);
    },
  };
}

/** A store that is a transaction (old call sites) or already a store. */
export function storeOf(x: Tx | StepStore): StepStore {
  return 'insertSteps' in x ? x : directStore(x);
}

const key = (a: string, b: string) => `${a}\u0000${b}`;

/** What BatchStore.open reads in one statement, as JSON. */
interface Loaded {
  waiting: Record<string, unknown>[];
  history: { customer_id: string; campaign_id: string; active: number | string; last_started: string | null }[];
  subs: { customer_id: string; product_id: string }[];
  contacts: { k: string; customer_id: string; channel: string; reason: string | null; at: string | null }[];
}

export class BatchStore implements StepStore {
  private journeysOut: JourneyInsert[] = [];
  private journeyIndex = new Map<string, JourneyInsert>();
  private stepsOut: (typeof steps.$inferInsert)[] = [];
  private outboxOut: OutboxInsert[] = [];
  private ledgerOut: (typeof contactLedger.$inferInsert)[] = [];
  private timersOut = new Map<string, { journeyId: string; nodeId: string; journeyRevision: number; dueAt: Date }>();
  private tasksOut: (typeof approvalTasks.$inferInsert)[] = [];

  private constructor(
    readonly tx: Tx,
    private readonly customerIds: Set<string>,
    /** Active journeys waiting for events, per customer (kept current as the batch's steps run). */
    private readonly waiting: Map<string, JourneyRow[]>,
    private readonly history: Map<string, EntryHistory>,
    private readonly campaignIds: Set<string>,
    private readonly productRows: ReadonlyMap<string, typeof products.$inferSelect>,
    private readonly subscribed: Map<string, Set<string>>,
    private readonly contacts: Map<string, ContactMemory>,
    private offerRows: ReadonlyMap<string, OfferRow> | null,
  ) {}

  /**
   * Loads what the batch's steps may read for `customers` (already locked by the caller) and
   * the live flows: waiting journeys, entry history per campaign, products and subscriptions,
   * contact blocks, consents and the last week's contacts. `catalogue`: every product, when the
   * caller has it (the worker's cache, settings-cache.ts); otherwise the flows' are loaded.
   * `offerCatalogue`: every offer, likewise (loaded on first use when not given).
   */
  static async open(
    tx: Tx,
    customerIds: string[],
    flows: RunnableFlow[],
    now: Date,
    catalogue?: ReadonlyMap<string, typeof products.$inferSelect>,
    offerCatalogue?: ReadonlyMap<string, OfferRow>,
  ): Promise<BatchStore> {
    const ids = [...new Set(customerIds)];
    const campaignIds = [...new Set(flows.map((f) => f.campaignId))];
    const productIds = [...new Set(flows.flatMap((f) => f.productIds))];
    const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
    const none = ids.length === 0;
    // Everything in ONE statement (one round trip), read after the caller's lock statement
    // committed its locks (a new snapshot in READ COMMITTED, so nothing another worker committed
    // for these customers before we held them is missed). Rows come back as JSON.
    const inIds = (column: SQL) => inJsonList(column, ids);
    const part = (name: string, q: SQL) => sql`(select coalesce(json_agg(t), '[]'::json) from (${q}) t) as ${sql.raw(name)}`;
    const loaded = none
      ? null
      : ((await tx.execute(sql`select
          ${part('waiting', sql`select * from ${journeys} where ${inIds(sql`customer_id`)} and status = 'active' and waiting_for is not null`)},
          ${
            campaignIds.length
              ? part(
                  'history',
                  sql`select customer_id, campaign_id, count(*) filter (where status = 'active') as active, max(started_at) as last_started
                        from ${journeys} where ${inIds(sql`customer_id`)} and ${inJsonList(sql`campaign_id`, campaignIds, 'uuid')}
                       group by customer_id, campaign_id`,
                )
              : sql`'[]'::json as history`
          },
          ${productIds.length ? part('subs', sql`select customer_id, product_id from ${subscriptions} where ${inIds(sql`customer_id`)}`) : sql`'[]'::json as subs`},
          ${part(
            'contacts',
            sql`select 'b' as k, customer_id, channel, reason, null::timestamptz as at from ${contactBlocks} where ${inIds(sql`customer_id`)}
                union all select 'c', customer_id, channel, null, null from ${contactConsents} where ${inIds(sql`customer_id`)}
                union all select 'l', customer_id, channel, null, at from ${contactLedger} where ${inIds(sql`customer_id`)} and at >= ${weekAgo.toISOString()}::timestamptz`,
          )}`)) as unknown as { rows: Loaded[] }).rows[0];
    const waitingRows = (loaded?.waiting ?? []).map((j) => rowFromJson(journeys, j));
    const historyRows = (loaded?.history ?? []).map((h) => ({ customerId: h.customer_id, campaignId: h.campaign_id, active: Number(h.active), lastStarted: h.last_started }));
    const subRows = (loaded?.subs ?? []).map((r) => ({ customerId: r.customer_id, productId: r.product_id }));
    const contactRows = loaded?.contacts ?? [];
    const productRows = productIds.length && !catalogue ? await tx.select().from(products).where(inArray(products.id, productIds)) : [];

    const waiting = new Map<string, JourneyRow[]>();
    for (const j of waitingRows) push(waiting, j.customerId, j);
    const history = new Map<string, EntryHistory>();
    for (const h of historyRows) history.set(key(h.customerId, h.campaignId), { active: h.active, lastStarted: h.lastStarted ? new Date(h.lastStarted) : null });
    const subscribed = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
    for (const s of subRows) subscribed.get(s.customerId)?.add(s.productId);
    const contacts = new Map<string, ContactMemory>(ids.map((id) => [id, { blocks: [], consents: new Set<string>(), ledger: [] }]));
    for (const r of contactRows) {
      const memory = contacts.get(r.customer_id);
      if (!memory) continue;
      if (r.k === 'b') memory.blocks.push({ channel: r.channel, reason: r.reason ?? '' });
      else if (r.k === 'c') memory.consents.add(r.channel);
      else memory.ledger.push({ channel: r.channel, at: new Date(r.at!) });
    }
    return new BatchStore(
      tx,
      new Set(ids),
      waiting,
      history,
      new Set(campaignIds),
      catalogue ?? new Map(productRows.map((p) => [p.id, p])),
      productIds.length ? subscribed : new Map(),
      contacts,
      offerCatalogue ?? null,
    );
  }

  async waitingFor(customerId: string, eventType: string): Promise<JourneyRow[]> {
    return (this.waiting.get(customerId) ?? [])
      .filter((j) => j.status === 'active' && j.waitingFor?.includes(eventType))
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  }

  async eligibility(customerId: string, productIds: string[]): Promise<EligibilityData | null> {
    if (productIds.length === 0) return null;
    const subs = this.subscribed.get(customerId);
    if (!subs || !productIds.every((p) => this.productRows.has(p))) return loadEligibility(this.tx, customerId, productIds);
    return { products: new Map(productIds.map((p) => [p, this.productRows.get(p)!])), subscribed: subs };
  }

  async offers(): Promise<ReadonlyMap<string, OfferRow>> {
    return (this.offerRows ??= await loadOffers(this.tx));
  }

  async mayEnter(flow: RunnableFlow, customer: CustomerRow, now: Date): Promise<boolean> {
    if (!this.customerIds.has(customer.id) || !this.campaignIds.has(flow.campaignId)) return mayEnter(this.tx, flow, customer, now);
    return reentryAllows(flow, this.history.get(key(customer.id, flow.campaignId)) ?? null, now);
  }

  async insertJourney(row: JourneyInsert): Promise<void> {
    this.journeysOut.push(row);
    this.journeyIndex.set(row.id, row);
    const h = this.history.get(key(row.customerId, row.campaignId)) ?? { active: 0, lastStarted: null };
    const startedAt = row.startedAt ?? new Date();
    this.history.set(key(row.customerId, row.campaignId), {
      active: h.active + (row.status === 'active' ? 1 : 0),
      lastStarted: !h.lastStarted || startedAt > h.lastStarted ? startedAt : h.lastStarted,
    });
    if (row.status === 'active' && row.waitingFor) push(this.waiting, row.customerId, this.asRow(row));
  }

  async updateJourney(id: string, expectedRevision: number, set: JourneyUpdate): Promise<boolean> {
    const pending = this.journeyIndex.get(id);
    let row: { customerId: string; campaignId: string; status?: string } | undefined;
    if (pending) {
      if ((pending.revision ?? 0) !== expectedRevision) return false;
      Object.assign(pending, set);
      row = pending;
    } else {
      const updated = await this.tx
        .update(journeys)
        .set(set)
        .where(and(eq(journeys.id, id), eq(journeys.revision, expectedRevision)))
        .returning({ customerId: journeys.customerId, campaignId: journeys.campaignId });
      if (updated.length === 0) return false;
      row = updated[0];
    }
    // It was active (only active journeys step); keep the entry history and the waiting list current.
    if (set.status !== 'active') {
      const h = this.history.get(key(row.customerId, row.campaignId));
      if (h) h.active = Math.max(0, h.active - 1);
    }
    const list = this.waiting.get(row.customerId) ?? [];
    const at = list.findIndex((j) => j.id === id);
    const before = pending ? this.asRow(pending) : list[at];
    if (at >= 0) list.splice(at, 1);
    if (set.status === 'active' && set.waitingFor && before) push(this.waiting, row.customerId, { ...before, ...set, id });
    return true;
  }

  private asRow(row: JourneyInsert): JourneyRow {
    return row as unknown as JourneyRow; // all columns are set by startJourney
  }

  async insertSteps(rows: (typeof steps.$inferInsert)[]): Promise<void> {
    this.stepsOut.push(...rows);
  }

  async reserveContact(policy: ContactPolicy, req: ContactRequest): Promise<ContactDecision> {
    const memory = this.contacts.get(req.customerId);
    if (!memory) return reserveContact(this.tx, policy, req);
    const decision = reserveInMemory(policy, req, memory);
    if (decision.ok) this.ledgerOut.push({ customerId: req.customerId, channel: req.channel, campaignId: req.campaignId, effectKey: req.effectKey, at: decision.sendAt });
    return decision;
  }

  async insertOutbox(row: OutboxInsert): Promise<void> {
    this.outboxOut.push(row);
  }

  async startTimer(row: { journeyId: string; nodeId: string; journeyRevision: number; dueAt: Date }): Promise<void> {
    const k = key(row.journeyId, row.nodeId);
    // A journey started in this batch has no timers in the database yet.
    if (!this.journeyIndex.has(row.journeyId) && !this.timersOut.has(k)) {
      await this.tx
        .update(timers)
        .set({ status: 'cancelled' })
        .where(and(eq(timers.journeyId, row.journeyId), eq(timers.nodeId, row.nodeId), eq(timers.status, 'pending')));
    }
    this.timersOut.delete(k);
    this.timersOut.set(k, row);
  }

  async insertApprovalTask(row: typeof approvalTasks.$inferInsert): Promise<void> {
    this.tasksOut.push(row);
  }

  /**
   * Writes the buffered rows, one statement per table, in foreign-key order. Returns the outbox
   * rows inserted (for prompt dispatch of the ones due now).
   */
  async flush(also: SQL[] = []): Promise<{ id: number; nextAttemptAt: Date }[]> {
    return (await this.flushWith([], also)).outbox;
  }

  /**
   * flush, with more rows in the same statement: `first` are inserted before the step rows
   * (the intake's events, which they name); their RETURNING rows come back under their `as`.
   */
  async flushWith(first: BulkPart[], also: SQL[] = []): Promise<{ outbox: { id: number; nextAttemptAt: Date }[]; written: Record<string, Record<string, unknown>[]> }> {
    // One statement for all of it (bulk-insert.ts): one round trip per batch, not one per table.
    const written = await bulkWrite(
      this.tx,
      [
        ...first,
        { table: journeys, rows: this.journeysOut },
        { table: steps, rows: this.stepsOut },
        { table: contactLedger, rows: this.ledgerOut, onConflictDoNothing: ['effect_key'] },
        { table: outbox, rows: this.outboxOut, onConflictDoNothing: ['effect_key'], returning: ['id', 'next_attempt_at'], as: 'outbox' },
        { table: timers, rows: [...this.timersOut.values()] },
        { table: approvalTasks, rows: this.tasksOut },
      ],
      also,
    );
    return { outbox: written.outbox.map((r) => ({ id: Number(r.id), nextAttemptAt: new Date(r.next_attempt_at as string) })), written };
  }
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V) {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

