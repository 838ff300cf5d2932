// Opt-outs and do-not-disturb entries. Taken under the customer's row lock (FOR UPDATE): a send
// in flight holds that row FOR SHARE, so once an opt-out has committed nothing more is sent;
// contacts still queued for the customer are suppressed in the same transaction.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contactBlocks, outbox } from '../db/schema';
import { lockCustomer } from '../runtime/locks';
import { ServiceError } from './errors';
import { t } from '../../workflows';

export async function blockContact(
  db: Db,
  input: { customerId: string; channel: string; reason: 'opt_out' | 'dnd'; source: string },
): Promise<{ suppressedQueued: number }> {
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, input.customerId);
    if (!customer) throw new ServiceError('NOT_FOUND', t(`customer ${input.customerId} not found`, `找不到客户 ${input.customerId}`));
    await tx
      .insert(contactBlocks)
      .values({ customerId: input.customerId, channel: input.channel, reason: input.reason, source: input.source })
      .onConflictDoUpdate({ target: [contactBlocks.customerId, contactBlocks.channel], set: { reason: input.reason, source: input.source } });
    const channelFilter = input.channel === '*' ? undefined : eq(outbox.channel, input.channel);
    const queued = await tx
      .update(outbox)
      .set({ status: 'suppressed', suppressionReason: input.reason, lastError: `${input.reason} (${input.source}) before sending` })
      .where(and(eq(outbox.customerId, input.customerId), inArray(outbox.status, ['pending', 'held']), channelFilter))
      .returning({ id: outbox.id });
    return { suppressedQueued: queued.length };
  });
}
