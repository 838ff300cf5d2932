// Contacts made by people: outbound call tasks, inbound scenario offers and frontline
// opportunities become rows in `frontline_tasks`, the queues the frontline workbench serves.
// Written in the delivery transaction and unique on the effect key, so delivery is exactly once.
import { inArray } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { customers, frontlineTasks } from '../db/schema';
import type { ChannelAdapter, DeliveryBatch, DeliveryResult } from './types';

const PRIORITY: Record<string, number> = { low: 0, normal: 1, high: 2 };
const HOUR = 3_600_000;

export type TaskChannel = 'outbound_call' | 'inbound' | 'frontline';
const TASK_CHANNELS: readonly string[] = ['outbound_call', 'inbound', 'frontline'];

const regions = (db: Executor, ids: string[]) =>
  db
    .select({ id: customers.id, tags: customers.tags })
    .from(customers)
    .where(inArray(customers.id, ids))
    .then((rows) => new Map(rows.map((r) => [r.id, typeof r.tags.region === 'string' ? r.tags.region : null])));

/** The customer's region tag; the first task of a batch loads every task customer's with one query. */
async function regionOf(batch: DeliveryBatch, customerId: string): Promise<string | null> {
  const ids = [...new Set(batch.contacts.filter((c) => TASK_CHANNELS.includes(c.channel)).map((c) => c.customerId))];
  const all = ids.includes(customerId) ? await batch.once('task-queue:regions', (db) => regions(db, ids)) : await batch.db((db) => regions(db, [customerId]));
  return all.get(customerId) ?? null;
}

export function createTaskQueueChannel(channel: TaskChannel, now: () => Date = () => new Date()): ChannelAdapter {
  return {
    channel,
    async send(contact, batch) {
      const p = contact.payload;
      const at = now();
      const hours =
        channel === 'outbound_call'
          ? Number(p.deadlineHours ?? 72)
          : channel === 'inbound'
            ? Number(p.validForHours ?? 72)
            : Number(p.validForDays ?? 7) * 24;
      // A frontline opportunity for "any shop" carries no city, so every shop sees it.
      const anyShop = channel === 'frontline' && p.shopScope === 'any';
      const region = anyShop ? null : await regionOf(batch, contact.customerId);
      // One query at a time on the delivery batch's transaction (types.ts).
      return batch.db(async (db): Promise<DeliveryResult> => {
        const [row] = await db
          .insert(frontlineTasks)
          .values({
            effectKey: contact.effectKey,
            kind: channel,
            customerId: contact.customerId,
            campaignId: String(p.campaignId),
            journeyId: String(p.journeyId ?? contact.effectKey.split(':')[0]),
            nodeId: String(p.nodeId),
            offerId: typeof p.offerId === 'string' ? p.offerId : null,
            script: String(p.text ?? ''),
            priority: PRIORITY[String(p.priority ?? 'normal')] ?? 1,
            region,
            commissionCny: Number(p.commissionCny ?? 0),
            dueAt: new Date(at.getTime() + hours * HOUR),
            createdAt: at,
          })
          .onConflictDoNothing({ target: frontlineTasks.effectKey })
          .returning({ id: frontlineTasks.id });
        return { ok: true, providerRef: row?.id };
      });
    },
  };
}

export const taskQueueChannels = (now?: () => Date) =>
  (['outbound_call', 'inbound', 'frontline'] as const).map((c) => createTaskQueueChannel(c, now));
