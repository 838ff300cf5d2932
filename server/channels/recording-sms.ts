// The walking skeleton's SMS channel: records each message in `sent_messages` (unique on the
// effect key, so a re-delivery after a crash is a no-op). The SMPP gateway replaces it later
// behind the same ChannelAdapter interface.
import { sentMessages } from '../db/schema';
import type { ChannelAdapter } from './types';

export const recordingSms: ChannelAdapter = {
  channel: 'sms',
  async send(contact, db) {
    const address = String(contact.payload.address ?? '');
    const body = String(contact.payload.text ?? '');
    if (!address) return { ok: false, permanent: true, error: 'customer has no phone number' };
    await db
      .insert(sentMessages)
      .values({
        outboxId: contact.outboxId,
        effectKey: contact.effectKey,
        customerId: contact.customerId,
        channel: 'sms',
        address,
        body,
        ...(contact.at ? { at: contact.at } : {}),
      })
      .onConflictDoNothing({ target: sentMessages.effectKey });
    return { ok: true, providerRef: `rec-${contact.outboxId}` };
  },
};
