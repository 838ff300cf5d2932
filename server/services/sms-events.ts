// What comes back from the SMS centre: delivery receipts, recorded on the contact's journey, and
// customers' replies, kept as an audit trail, turned into `sms_reply` events (so a flow waiting
// for "reply Y" continues) and, for STOP/TD/退订, an opt-out that takes effect at once.
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { DeliveryReceipt, MobileOriginated } from '../channels/smpp/adapter';
import type { OutgoingContact } from '../channels/types';
import type { Executor } from '../db/client';
import { customers, outbox, smsReplies, smsSegments, steps } from '../db/schema';
import { logSentMessage } from '../channels/message-log';
import { stepForEffect } from '../runtime/outbox-steps';
import { ingestEvents } from '../runtime/event-intake';
import type { Runtime } from '../runtime/runtime';
import { blockContact } from './opt-out';

/** Called in the delivery transaction once the SMSC accepted a message: the message log (what
 *  the customer was sent) and its segments' ids, to match receipts later. */
export async function recordSegments(db: Executor, contact: OutgoingContact, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await logSentMessage(db, contact);
  await db
    .insert(smsSegments)
    .values(
      messageIds.map((messageId, i) => ({
        messageId,
        outboxId: contact.outboxId,
        effectKey: contact.effectKey,
        customerId: contact.customerId,
        segment: i + 1,
        segments: messageIds.length,
      })),
    )
    .onConflictDoNothing({ target: smsSegments.messageId });
}

export async function recordReceipt(rt: Runtime, r: DeliveryReceipt): Promise<void> {
  await rt.db.transaction(async (tx) => {
    const [seg] = await tx
      .update(smsSegments)
      .set({ receiptStatus: r.status, receiptAt: r.at })
      .where(and(eq(smsSegments.messageId, r.providerRef), isNull(smsSegments.receiptStatus)))
      .returning();
    if (!seg || seg.segment !== 1) return; // one journey step per message, not per segment
    const [row] = await tx.select().from(outbox).where(eq(outbox.id, seg.outboxId));
    if (!row) return;
    const outcome = r.status === 'DELIVRD' ? 'delivered' : 'undelivered';
    await tx.insert(steps).values(stepForEffect(row, outcome, { status: r.status, error: r.error ?? null, messageId: r.providerRef }, r.at));
  });
}

export async function handleReply(rt: Runtime, m: MobileOriginated): Promise<void> {
  const [customer] = await rt.db.select({ id: customers.id }).from(customers).where(eq(customers.msisdn, m.from)).limit(1);
  await rt.db.insert(smsReplies).values({
    msisdn: m.from,
    serviceNumber: m.to,
    text: m.text,
    optOut: m.optOut,
    customerId: customer?.id ?? null,
    receivedAt: m.at,
  });
  if (!customer) return;
  if (m.optOut) await blockContact(rt.db, { customerId: customer.id, channel: '*', reason: 'opt_out', source: 'sms_reply' });
  await ingestEvents(
    rt,
    [{ eventId: `mo-${randomUUID()}`, customerId: customer.id, type: 'sms_reply', occurredAt: m.at.toISOString(), attributes: { text: m.text, to: m.to, opt_out: m.optOut } }],
    'smpp',
  );
}
