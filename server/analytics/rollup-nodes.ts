// Node counts for the designer's live view (issue 5's live counts, made to stay fast at issue 7's
// volume): steps per campaign x flow version x node x outcome, folded into analytics_node_counts
// past their own watermark (`node_steps`), in the same way and with the same guarantees as the
// dashboards' roll-ups in rollup.ts (batch and watermark in one transaction, id gaps re-read).
//
// Distinct journeys cannot be summed from counts, so each step row says, when it is rolled up,
// whether it is its journey's first at the node (`arrivals`) and its first with that outcome there
// (`journeys`): an earlier step of the same journey is found through steps_journey_idx (a journey
// has a handful of steps). A journey's steps at one node are written one after another (under the
// journey's lock, or after it by the outbox), so the first by id is also the first committed.
//
// A reader adds the steps the roll-up has not reached yet (past the watermark, or in its gaps,
// read by id range) to the counts, inside one snapshot: the figures are exact at any moment, and
// cost a lookup of the counts plus one pass of lag, not a scan of the campaign's steps.
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { advance } from './watermark';
import { changed, GAP_HORIZON_MS, lockWatermark, pastWatermark, queryRows, saveWatermark } from './rollup';

export const NODE_SOURCE = 'node_steps';

/**
 * Steps aliased `s`, each with what its journey did at the node before it (`e`), found in one pass
 * over the journey's earlier steps there (two NOT EXISTS read them twice).
 */
const STEPS_WITH_EARLIER = sql`steps s cross join lateral (
    select count(*) > 0 as at_node, coalesce(bool_or(p.outcome = s.outcome), false) as with_outcome
      from steps p where p.journey_id = s.journey_id and p.id < s.id and p.node_id = s.node_id) e`;
/** The per-row flags, over STEPS_WITH_EARLIER. */
const FIRST_AT_NODE = sql`not e.at_node`;
const FIRST_OUTCOME = sql`not e.with_outcome`;

interface NodeStepRow {
  id: number | string;
  campaign_id: string;
  version_hash: string;
  node_id: string;
  outcome: string;
  first_at_node: boolean;
  first_outcome: boolean;
}

export async function rollUpNodeCounts(tx: Tx, batch: number): Promise<number> {
  const wm = await lockWatermark(tx, NODE_SOURCE);
  if (!wm) return 0;
  const raw = await queryRows<NodeStepRow>(
    tx,
    pastWatermark(
      sql`s.id`,
      wm,
      batch,
      sql`s.id, s.campaign_id, s.version_hash, s.node_id, s.outcome, ${FIRST_AT_NODE} as first_at_node, ${FIRST_OUTCOME} as first_outcome`,
      STEPS_WITH_EARLIER,
    ),
  );
  const rows = raw.map((r) => ({ ...r, id: Number(r.id) }));
  const newIds = rows.filter((r) => r.id > wm.lastId).map((r) => r.id).sort((a, b) => a - b);
  const found = rows.filter((r) => r.id <= wm.lastId).map((r) => r.id);
  const next = advance(wm, newIds, found, Date.now(), GAP_HORIZON_MS);
  if (rows.length === 0) {
    if (changed(wm, next)) await saveWatermark(tx, NODE_SOURCE, next, 0);
    return 0;
  }
  const buckets = new Map<string, { c: string; h: string; node: string; o: string; n: number; j: number; a: number }>();
  for (const r of rows) {
    const key = [r.campaign_id, r.version_hash, r.node_id, r.outcome].join('|');
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { c: r.campaign_id, h: r.version_hash, node: r.node_id, o: r.outcome, n: 0, j: 0, a: 0 }));
    b.n += 1;
    if (r.first_outcome) b.j += 1;
    if (r.first_at_node) b.a += 1;
  }
  await tx.execute(sql`
    insert into analytics_node_counts (campaign_id, version_hash, node_id, outcome, n, journeys, arrivals)
    select c, h, node, o, n, j, a from jsonb_to_recordset(${JSON.stringify([...buckets.values()])}::jsonb)
      as x(c uuid, h text, node text, o text, n bigint, j bigint, a bigint)
    on conflict (campaign_id, version_hash, node_id, outcome) do update
      set n = analytics_node_counts.n + excluded.n, journeys = analytics_node_counts.journeys + excluded.journeys,
          arrivals = analytics_node_counts.arrivals + excluded.arrivals`);
  await saveWatermark(tx, NODE_SOURCE, next, rows.length);
  return rows.length;
}

export interface NodeOutcomeCount {
  nodeId: string;
  outcome: string;
  /** Steps. */
  n: number;
  /** Journeys with at least one such step at the node. */
  journeys: number;
  /** Journeys whose first step at the node had this outcome. */
  arrivals: number;
}

/**
 * A flow version's counts per node and outcome: the roll-up plus the steps it has not reached
 * yet, read in one repeatable-read snapshot so a pass committing meanwhile is neither missed nor
 * counted twice.
 */
export async function nodeOutcomeCounts(db: Db, campaignId: string, versionHash: string): Promise<NodeOutcomeCount[]> {
  return db.transaction(
    async (tx) => {
      const [w] = await queryRows<{ last_id: number | string; gaps: [number, number, number][] }>(
        tx,
        sql`select last_id, gaps from analytics_watermarks where source = ${NODE_SOURCE}`,
      );
      const lastId = Number(w?.last_id ?? 0);
      // Each id range on its own (the primary key's range scan), never an OR across them.
      const ranges = [sql`s.id > ${lastId}`, ...(w?.gaps ?? []).map(([a, b]) => sql`s.id between ${a} and ${b}`)];
      const tail = sql.join(
        ranges.map(
          (r) => sql`(select s.node_id, s.outcome, 1 as n, (${FIRST_OUTCOME})::int as j, (${FIRST_AT_NODE})::int as a from ${STEPS_WITH_EARLIER}
                      where ${r} and s.campaign_id = ${campaignId}::uuid and s.version_hash = ${versionHash})`,
        ),
        sql` union all `,
      );
      const rows = await queryRows<{ node_id: string; outcome: string; n: number; j: number; a: number }>(
        tx,
        sql`select node_id, outcome, sum(n)::float8 as n, sum(j)::float8 as j, sum(a)::float8 as a from (
              select node_id, outcome, n, journeys as j, arrivals as a from analytics_node_counts
              where campaign_id = ${campaignId}::uuid and version_hash = ${versionHash}
              union all ${tail}) x
            group by node_id, outcome`,
      );
      return rows.map((r) => ({ nodeId: r.node_id, outcome: r.outcome, n: Number(r.n), journeys: Number(r.j), arrivals: Number(r.a) }));
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
