// The index of what can run: live campaigns' approved versions, their machines built once and
// their triggers grouped by event type, so an event is matched against only the flows it can
// enter. Journeys stay pinned to the version they started on, live or not.
//
// When it reloads: whenever a change to what decides which flows run (a campaign, a sign-off, an
// offer) is heard from the change feed (db/change-feed.ts: a trigger's NOTIFY, sent when the change
// commits, by this process, another one or by hand), and at least once a minute. A reload that
// overlapped a change is followed by another, so a launch reloaded inside its own transaction
// (before it committed) is reloaded again once it is heard. While the feed is not listening,
// notifications may be missed: the index is then reloaded every 2 s, as before there was a feed.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { buildMachine, entryOfNode, FlowGraph, namedOffers, productsChecked, type Catalog, type CompiledEntry, type CompiledFlow } from '../../workflows';
import { eligibleNow, offerEligibleNow } from './eligibility';
import type { Executor } from '../db/client';
import { MAX_AGE_MS, type ChangeFeed, type WatchedTable } from '../db/change-feed';
import { approvals, campaigns, flowVersions } from '../db/schema';
import { offerChanges, offerTerms } from '../services/version-refs';

export interface RunnableFlow {
  versionId: string;
  campaignId: string;
  hash: string;
  priority: number;
  exclusive: boolean;
  quietHoursMode: 'hold' | 'drop';
  settings: FlowGraph['settings'];
  graph: FlowGraph;
  triggers: CompiledFlow['triggers'];
  /** Every entry with its kind (event, schedule, API). */
  entries: CompiledEntry[];
  /** When the campaign put this version live (null if it is not the live version). */
  liveSince: Date | null;
  /** Products its eligibility and offer-choice nodes check (loaded before each transition). */
  productIds: string[];
  /** Offers its offer choices and contacts name (whether each is on sale is checked at the step). */
  offerIds: string[];
  machineJson: CompiledFlow['machine'];
  machine: ReturnType<typeof buildMachine>;
}

/** Why a campaign's journeys may not contact anyone now (FlowIndex.stoppedCampaigns). */
export type StoppedStatus = 'paused' | 'ended';

/** How often the index is reloaded while the change feed is not listening. */
const REFRESH_MS = 2_000;
/** The tables whose changes decide which flows run. */
const HEARD: readonly WatchedTable[] = ['campaigns', 'approvals', 'offers'];

const campaignMeta = {
  liveVersionId: campaigns.liveVersionId,
  liveSince: campaigns.liveSince,
  priority: campaigns.priority,
  exclusive: campaigns.exclusive,
  quietHoursMode: campaigns.quietHoursMode,
};
type CampaignMeta = { liveVersionId: string | null; liveSince: Date | null; priority: number; exclusive: boolean; quietHoursMode: string };

export class FlowIndex {
  private versions = new Map<string, RunnableFlow>();
  private live: RunnableFlow[] = [];
  private byEventType = new Map<string, RunnableFlow[]>();
  private stopped = new Map<string, StoppedStatus>();
  private loadedAt = 0;
  private invalidations = 0;
  /** The generation of the heard tables when the loaded index was read. */
  private loadedGeneration = -1;
  /** Versions already reported as not run because what they reference changed. */
  private readonly refused = new Set<string>();

  constructor(
    private readonly catalog?: Catalog,
    private readonly feed?: ChangeFeed,
  ) {}

  // Every lookup takes the executor of the caller: inside a step that is its transaction
  // (PGlite has one connection, so a query outside the open transaction would wait forever).

  /**
   * Call after a campaign goes live, pauses or ends so the next event in this process sees it at
   * once, not when the change feed's notification is back (other processes hear it from the feed).
   */
  invalidate(): void {
    this.invalidations++;
  }

  /** Only grows: it changes with every invalidation and every change heard to the heard tables. */
  private generation(): number {
    return this.invalidations + (this.feed?.generationOf(HEARD) ?? 0);
  }

  private fresh(): boolean {
    if (this.loadedGeneration !== this.generation()) return false;
    return Date.now() - this.loadedAt < (this.feed?.live ? MAX_AGE_MS : REFRESH_MS);
  }

  async forEventType(db: Executor, type: string): Promise<RunnableFlow[]> {
    await this.refreshIfStale(db);
    return this.byEventType.get(type) ?? [];
  }

  async liveFlows(db: Executor): Promise<RunnableFlow[]> {
    await this.refreshIfStale(db);
    return this.live;
  }

  /**
   * Campaigns whose journeys may not contact anyone now, by id: paused (their contacts wait in the
   * outbox, `held`) or ended (their contacts are suppressed). A campaign not listed may contact.
   */
  async stoppedCampaigns(db: Executor): Promise<ReadonlyMap<string, StoppedStatus>> {
    await this.refreshIfStale(db);
    return this.stopped;
  }

  /** Any version a journey is pinned to, whether or not it is live now. */
  async byVersionId(db: Executor, versionId: string): Promise<RunnableFlow> {
    const cached = this.versions.get(versionId);
    if (cached) return cached;
    const [row] = await db
      .select({ fv: flowVersions, c: campaignMeta })
      .from(flowVersions)
      .innerJoin(campaigns, eq(campaigns.id, flowVersions.campaignId))
      .where(eq(flowVersions.id, versionId));
    if (!row) throw new Error(`flow version ${versionId} not found`);
    return this.remember(row.fv, row.c);
  }

  private remember(fv: typeof flowVersions.$inferSelect, c: CampaignMeta): RunnableFlow {
    const meta = {
      priority: c.priority,
      exclusive: c.exclusive,
      quietHoursMode: c.quietHoursMode === 'drop' ? 'drop' : 'hold',
      liveSince: c.liveVersionId === fv.id ? c.liveSince : null,
    } as const;
    const existing = this.versions.get(fv.id);
    if (existing) return Object.assign(existing, meta);
    const graph = FlowGraph.parse(fv.graph);
    const flow: RunnableFlow = {
      versionId: fv.id,
      campaignId: fv.campaignId,
      hash: fv.hash,
      ...meta,
      settings: graph.settings,
      graph,
      triggers: fv.triggers as CompiledFlow['triggers'],
      // Versions stored before entries were recorded derive them from the graph.
      entries: Array.isArray(fv.entries) && fv.entries.length
        ? (fv.entries as CompiledEntry[])
        : graph.nodes.map((n) => entryOfNode(n)).filter((e): e is CompiledEntry => !!e),
      productIds: productsChecked(graph.nodes, this.catalog),
      offerIds: namedOffers(graph),
      machineJson: fv.machine as CompiledFlow['machine'],
      machine: buildMachine(fv.machine as CompiledFlow['machine'], { catalog: this.catalog, eligible: eligibleNow, offerEligible: offerEligibleNow }),
    };
    this.versions.set(fv.id, flow);
    return flow;
  }

  private async refreshIfStale(db: Executor): Promise<void> {
    if (this.fresh()) return;
    // Taken before the read: a change heard while reading makes the next lookup read again.
    const generation = this.generation();
    const startedAt = Date.now();
    // A version runs only when its campaign is live AND an approval bound to its exact hash exists
    // for every launch sign-off step it requires (flow_versions.signoffs, issue 6), none rejected.
    const rows = await db
      .select({ fv: flowVersions, c: campaignMeta })
      .from(campaigns)
      .innerJoin(flowVersions, eq(flowVersions.id, campaigns.liveVersionId))
      .where(
        and(
          eq(campaigns.status, 'live'),
          sql`exists (select 1 from ${approvals} a where a.flow_version_id = ${flowVersions.id}
                and a.version_hash = ${flowVersions.hash} and a.decision = 'approved')`,
          sql`not exists (select 1 from jsonb_array_elements(${flowVersions.signoffs}) s where not exists (
                select 1 from ${approvals} a where a.flow_version_id = ${flowVersions.id}
                and a.version_hash = ${flowVersions.hash} and a.decision = 'approved' and a.step_id = s->>'id'))`,
          sql`not exists (select 1 from ${approvals} a where a.flow_version_id = ${flowVersions.id} and a.decision = 'rejected')`,
        ),
      );
    // ...and only while the offers it names still have the terms it was signed with (a changed
    // price or product needs a new version; version-refs.ts). The allocation is enforced by the
    // lifecycle worker, against the approved figure.
    const stopped = await db
      .select({ id: campaigns.id, status: campaigns.status })
      .from(campaigns)
      .where(inArray(campaigns.status, ['paused', 'ended', 'evaluated']));
    const signed = await this.withSignedOffers(db, rows);
    const live = signed.map((r) => this.remember(r.fv, r.c));
    const byType = new Map<string, RunnableFlow[]>();
    for (const flow of live) {
      for (const t of flow.triggers) {
        const list = byType.get(t.eventType) ?? [];
        if (!list.includes(flow)) list.push(flow);
        byType.set(t.eventType, list);
      }
    }
    for (const list of byType.values()) list.sort((a, b) => b.priority - a.priority);
    this.live = live;
    this.byEventType = byType;
    this.stopped = new Map(stopped.map((c) => [c.id, c.status === 'paused' ? 'paused' : 'ended']));
    this.loadedAt = startedAt;
    this.loadedGeneration = generation;
  }

  private async withSignedOffers<R extends { fv: typeof flowVersions.$inferSelect }>(db: Executor, rows: R[]): Promise<R[]> {
    const ids = [...new Set(rows.flatMap((r) => (r.fv.refs ? Object.keys(r.fv.refs.offers) : [])))];
    if (ids.length === 0) return rows;
    const now = await offerTerms(db, ids);
    return rows.filter((r) => {
      if (!r.fv.refs) return true;
      const changes = offerChanges(r.fv.refs.offers, now);
      if (changes.length === 0) return true;
      if (!this.refused.has(r.fv.id)) {
        this.refused.add(r.fv.id);
        console.warn(`flow version ${r.fv.id} (hash ${r.fv.hash.slice(0, 12)}) not run: ${changes.map((c) => c.en).join('; ')}; its sign-offs do not cover that`);
      }
      return false;
    });
  }
}
