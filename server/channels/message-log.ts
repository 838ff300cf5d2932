import { sentMessages } from '../db/schema';
import type { Executor } from '../db/client';
import type { OutgoingContact } from './types';

/** Logs a message handed to the SMS centre (what the customer was sent), once per effect key. */
export async function logSentMessage(db: Executor, contact: OutgoingContact): Promise<void> {
  await db
    .insert(sentMessages)
    .values({
      outboxId: contact.outboxId,
      effectKey: contact.effectKey,
      customerId: contact.customerId,
      channel: contact.channel,
      address: String(contact.payload.address ?? ''),
      body: String(contact.payload.text ?? ''),
      ...(contact.at ? { at: contact.at } : {}),
    })
    .onConflictDoNothing({ target: sentMessages.effectKey });
}
