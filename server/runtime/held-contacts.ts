// Contacts of a campaign that is not live. A paused campaign's journeys go on (a reply, a goal, a
// wait still counts), but what they would send waits in the outbox as `held` (the dispatcher
// holds a claimed row whose campaign is paused, and takes its reservation out of the contact
// ledger); when the campaign is live again each held contact meets the contact policy afresh, as
// if made at that moment (caps, opt-outs, quiet hours), and goes out. When the campaign ends,
// they are suppressed (`campaign_ended`, with a `suppressed` step), as is any contact of an ended
// campaign the dispatcher claims. The lifecycle stage settles held contacts every pass, so one
// held by a dispatcher that had not yet heard of a resume goes out a moment later. A contact asked
// for longer ago than the policy's `maxHeldHours` is not released but suppressed (`held_too_long`):
// "your data is 80% used" a week late is wrong, and the flow's next contact will be right.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { bulkWrite } from '../db/bulk-insert';
import { inJsonList } from '../db/in-list';
import { campaigns, customers, outbox, steps } from '../db/schema';
import { loadContactPolicy, reserveContact, sendableAt } from './contact-policy';
import { stepForEffect } from './outbox-steps';

/**
 * Held contacts one pass settles at most: each released one is judged by the contact policy on
 * its own (a few queries), so a large campaign's are released over several passes.
 */
export const SETTLE_BATCH = 500;
const HOUR_MS = 3_600_000;

type OutboxRow = typeof outbox.$inferSelect;

/**
 * Makes outbox rows pending again, each due at `now` or when the customer's quiet hours on its
 * channel end. `set` adds columns to reset (an operator's retry gives fresh attempts). Returns
 * how many wait for quiet hours.
 */
export async function requeueWhenSendable(
  tx: Executor,
  rows: { id: number; channel: string; tags: Record<string, unknown> | null }[],
  now: Date,
  set: Partial<typeof outbox.$inferInsert> = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const policy = await loadContactPolicy(tx);
  const due = rows.map((r) => ({ id: r.id, at: sendableAt(policy, r.channel, r.tags ?? {}, now) }));
  await requeueAt(tx, due, set);
  return due.filter((d) => d.at > now).length;
}

/** Makes outbox rows pending, each due at its time: one UPDATE per distinct time. */
async function requeueAt(tx: Executor, due: { id: number; at: Date }[], set: Partial<typeof outbox.$inferInsert> = {}) {
  const byTime = new Map<number, string[]>();
  for (const d of due) {
    const ids = byTime.get(d.at.getTime());
    if (ids) ids.push(String(d.id));
    else byTime.set(d.at.getTime(), [String(d.id)]);
  }
  for (const [t, ids] of byTime) {
    await tx.update(outbox).set({ ...set, status: 'pending', nextAttemptAt: new Date(t) }).where(inJsonList(sql`${outbox.id}`, ids, 'bigint'));
  }
}

/**
 * Releases the held contacts of campaigns that are live again and suppresses those of campaigns
 * that ended (only `campaignIds`, when given). A released contact meets the contact policy as if
 * it were made now, under its customer's row lock: reserved again and sent at once or when the
 * customer's quiet hours end, or suppressed with the reason (a cap reached meanwhile, an opt-out,
 * quiet hours when the campaign drops contacts then, or held longer than the policy allows). A
 * customer another transaction holds keeps their contacts held for the next pass. Returns how many were released and suppressed.
 */
export async function settleHeldContacts(tx: Executor, now: Date, campaignIds?: string[]): Promise<{ released: number; suppressed: number }> {
  const ids = campaignIds ?? (await campaignsWithHeld(tx));
  if (ids.length === 0) return { released: 0, suppressed: 0 };
  const held = await tx
    .select({ row: outbox, campaignStatus: campaigns.status, quietHoursMode: campaigns.quietHoursMode })
    .from(outbox)
    .innerJoin(campaigns, eq(campaigns.id, outbox.campaignId))
    .where(
      and(
        eq(outbox.status, 'held'),
        inArray(campaigns.status, ['live', 'ended', 'evaluated']),
        inArray(outbox.campaignId, ids),
      ),
    )
    .orderBy(outbox.id)
    .limit(SETTLE_BATCH)
    .for('update', { of: outbox, skipLocked: true });
  if (held.length === 0) return { released: 0, suppressed: 0 };
  const dropped: { row: OutboxRow; reason: string; detail: string }[] = held
    .filter((h) => h.campaignStatus !== 'live')
    .map((h) => ({ row: h.row, reason: 'campaign_ended', detail: 'campaign ended before sending' }));
  const policy = await loadContactPolicy(tx);
  const oldest = policy.maxHeldHours === null ? null : now.getTime() - policy.maxHeldHours * HOUR_MS;
  const live: typeof held = [];
  for (const h of held) {
    if (h.campaignStatus !== 'live') continue;
    if (oldest !== null && h.row.createdAt.getTime() < oldest) {
      const hours = Math.floor((now.getTime() - h.row.createdAt.getTime()) / HOUR_MS);
      dropped.push({ row: h.row, reason: 'held_too_long', detail: `held ${hours} h while the campaign was paused; the contact policy releases none older than ${policy.maxHeldHours} h` });
    } else live.push(h);
  }
  const due: { id: number; at: Date }[] = [];
  if (live.length) {
    const locked = await tx
      .select({ id: customers.id, tags: customers.tags })
      .from(customers)
      .where(inJsonList(sql`${customers.id}`, new Set(live.map((h) => h.row.customerId))))
      .orderBy(customers.id)
      .for('update', { skipLocked: true });
    const tagsOf = new Map(locked.map((c) => [c.id, c.tags ?? {}]));
    for (const { row, quietHoursMode } of live) {
      const tags = tagsOf.get(row.customerId);
      if (!tags) continue;
      const decision = await reserveContact(tx, policy, {
        customerId: row.customerId,
        tags,
        channel: row.channel,
        campaignId: row.campaignId,
        effectKey: row.effectKey,
        quietHoursMode: quietHoursMode === 'drop' ? 'drop' : 'hold',
        now,
      });
      if (!decision.ok) {
        dropped.push({ row, reason: decision.reason, detail: decision.detail });
        continue;
      }
      due.push({ id: row.id, at: decision.sendAt });
    }
  }
  await requeueAt(tx, due);
  if (dropped.length) {
    const values = dropped.map((d) => sql`(${d.row.id}::bigint, ${d.reason}::text, ${d.detail}::text)`);
    await bulkWrite(
      tx,
      [{ table: steps, rows: dropped.map((d) => stepForEffect(d.row, 'suppressed', { channel: d.row.channel, providerRef: null, error: null, reason: d.reason }, now)) }],
      [
        sql`update ${outbox} o set status = 'suppressed', suppression_reason = v.reason, last_error = v.detail
              from (values ${sql.join(values, sql`, `)}) as v(id, reason, detail) where o.id = v.id`,
      ],
    );
  }
  return { released: due.length, suppressed: dropped.length };
}

/**
 * The campaigns with held contacts that are live or ended, one index probe per campaign with held
 * contacts (a skip scan of `outbox_held_idx`): a campaign paused with a million contacts held
 * costs each pass one probe, not a read of its million rows.
 */
export function heldCampaignsStatement() {
  return sql`
    with recursive c(id) as (
      (select campaign_id from ${outbox} where status = 'held' order by campaign_id limit 1)
      union all
      select (select o.campaign_id from ${outbox} o where o.status = 'held' and o.campaign_id > c.id order by o.campaign_id limit 1)
        from c where c.id is not null
    )
    select c.id from c
     where (select k.status from ${campaigns} k where k.id = c.id) in ('live', 'ended', 'evaluated')`;
}

async function campaignsWithHeld(tx: Executor): Promise<string[]> {
  const found = (await tx.execute(heldCampaignsStatement())) as unknown as { rows: { id: string }[] };
  return found.rows.map((r) => r.id);
}
