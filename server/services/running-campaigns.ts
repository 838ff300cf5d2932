// Campaigns that may run (scheduled, live or paused), as what a catalogue entry checks before it is
// deleted or changed under them: those whose running version's graph matches a SQL/JSON path (a
// partner endpoint, an event type), or whose running version the change would make invalid (a
// tag). Drafts and ended campaigns hold nothing.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { validateFlow, type Catalog, type FlowIssue, type LocalizedText } from '../../workflows';
import type { Executor } from '../db/client';
import { campaigns, flowVersions } from '../db/schema';

const MAY_RUN = ['scheduled', 'live', 'paused'] as const;

/** `path` is a jsonpath over the graph with `$value` bound to `value`, e.g. `$.nodes[*] ? (@.params.eventType == $value)`. */
export async function runningCampaignsWhere(db: Executor, path: string, value: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: campaigns.id, name: campaigns.name })
    .from(campaigns)
    .innerJoin(flowVersions, eq(flowVersions.id, campaigns.liveVersionId))
    .where(
      and(
        inArray(campaigns.status, [...MAY_RUN]),
        sql`jsonb_path_exists(${flowVersions.graph}, ${path}::jsonpath, jsonb_build_object('value', ${value}::text))`,
      ),
    )
    .orderBy(asc(campaigns.name));
}

/**
 * Campaigns that may run whose running version has a problem against the catalog `after` a change
 * that it did not have `before` (so an issue the flow already had is not blamed on the change),
 * each with that problem in both languages. It asks the flow validator, so every way a flow names a tag
 * counts: conditions and audiences, set-tag and wait-until nodes, a webhook's shared tags, SMS
 * wording placeholders.
 */
export async function runningCampaignsBrokenBy(db: Executor, before: Catalog, after: Catalog): Promise<{ id: string; name: string; problem: LocalizedText }[]> {
  const rows = await db
    .select({ id: campaigns.id, name: campaigns.name, graph: flowVersions.graph })
    .from(campaigns)
    .innerJoin(flowVersions, eq(flowVersions.id, campaigns.liveVersionId))
    .where(inArray(campaigns.status, [...MAY_RUN]))
    .orderBy(asc(campaigns.name));
  const key = (i: FlowIssue) => [i.rule, i.nodeId, i.edgeId, i.field, i.message.en].join('\u0000');
  const broken: { id: string; name: string; problem: LocalizedText }[] = [];
  for (const r of rows) {
    const had = new Set(validateFlow(r.graph, before).issues.map(key));
    const fresh = validateFlow(r.graph, after).issues.find((i) => !had.has(key(i)));
    if (fresh) broken.push({ id: r.id, name: r.name, problem: fresh.message });
  }
  return broken;
}
