import type { outbox, steps } from '../db/schema';

/** The journey step that records what happened to an outbox effect (sent, delivered, …). */
export function stepForEffect(
  row: typeof outbox.$inferSelect,
  outcome: string,
  detail: Record<string, unknown>,
  at: Date,
): typeof steps.$inferInsert {
  return {
    journeyId: row.journeyId,
    customerId: row.customerId,
    campaignId: row.campaignId,
    versionHash: String(row.payload.versionHash ?? ''),
    nodeId: row.nodeId,
    nodeKind: String(row.payload.kind ?? row.channel),
    outcome,
    detail,
    at,
  };
}
