// Campaigns that may run (scheduled, live or paused) whose running version's graph matches a
// SQL/JSON path: what a catalogue entry a flow names (a partner endpoint, an event type) checks
// before it is deleted or changed under it. Drafts and ended campaigns hold nothing.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { campaigns, flowVersions } from '../db/schema';

/** `path` is a jsonpath over the graph with `$value` bound to `value`, e.g. `$.nodes[*] ? (@.params.eventType == $value)`. */
export async function runningCampaignsWhere(db: Executor, path: string, value: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: campaigns.id, name: campaigns.name })
    .from(campaigns)
    .innerJoin(flowVersions, eq(flowVersions.id, campaigns.liveVersionId))
    .where(
      and(
        inArray(campaigns.status, ['scheduled', 'live', 'paused']),
        sql`jsonb_path_exists(${flowVersions.graph}, ${path}::jsonpath, jsonb_build_object('value', ${value}::text))`,
      ),
    )
    .orderBy(asc(campaigns.name));
}
