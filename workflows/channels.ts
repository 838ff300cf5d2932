import { z } from 'zod';

/**
 * The channels a flow reaches customers through: the `channel` of every contact action a contact
 * node emits (kinds/contact.ts takes only these), so the one list the contact policy's caps,
 * consent and exemptions, the dashboards' channel filter and the complaint event name.
 */
export const CONTACT_CHANNELS = ['sms', 'outbound_call', 'inbound', 'frontline', 'app_push', 'webhook'] as const;
export const ContactChannel = z.enum(CONTACT_CHANNELS);
export type ContactChannel = z.infer<typeof ContactChannel>;

export const isContactChannel = (channel: string): channel is ContactChannel => (CONTACT_CHANNELS as readonly string[]).includes(channel);
