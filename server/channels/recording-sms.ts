// The walking skeleton's SMS channel: records each message in `sent_messages` (unique on the
// effect key, so a re-delivery after a crash is a no-op). The SMPP gateway replaces it later
// behind the same ChannelAdapter interface.
import { logSentMessage } from './message-log';
import type { ChannelAdapter } from './types';

export const recordingSms: ChannelAdapter = {
  channel: 'sms',
  async send(contact, batch) {
    if (!contact.payload.address) return { ok: false, permanent: true, error: 'customer has no phone number' };
    await batch.db((db) => logSentMessage(db, contact));
    return { ok: true, providerRef: `rec-${contact.outboxId}` };
  },
};
