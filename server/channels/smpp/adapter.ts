// The SMS channel over SMPP: OutgoingContact -> submit_sm, and deliver_sm -> the app's
// callbacks (delivery receipts, mobile-originated replies). Idempotent on the effect key only
// because the SMSC deduplicates on it (docs/sms-gateway.md): a retry after a crash between
// submit and the outbox commit gets the first message_id back and sends nothing new.
import type { Executor } from '../../db/client';
import type { ChannelAdapter, DeliveryResult, OutgoingContact } from '../types';
import { SmppClient, type Incoming, type SmppClientOptions } from './client';
import type { ReceiptStatus } from './receipt';
import { isOptOutReply, normalizeMsisdn } from './replies';

export interface DeliveryReceipt {
  /** One segment's message_id, as found in the outbox row's provider_ref. */
  providerRef: string;
  status: ReceiptStatus;
  /** The SMSC's err: code when not 000. */
  error?: string;
  at: Date;
}

export interface MobileOriginated {
  /** The customer's number, normalised ('+8613812345678' -> '13812345678'). */
  from: string;
  /** The service number they replied to. */
  to: string;
  text: string;
  /** The whole reply is an opt-out word (TD, T, STOP, 退订…). */
  optOut: boolean;
  at: Date;
}

export interface SmppChannelOptions extends Omit<SmppClientOptions, 'onIncoming'> {
  /** Default 'sms'. */
  channel?: string;
  /** A throw makes the SMSC deliver the receipt again later. */
  onDeliveryReceipt?: (r: DeliveryReceipt) => void | Promise<void>;
  /** A throw makes the SMSC deliver the message again later: an opt-out is never lost. */
  onMobileOriginated?: (m: MobileOriginated) => void | Promise<void>;
  /**
   * After the SMSC accepted every segment, before send() returns: record the segment ids (to
   * match receipts) in the dispatcher's database (queued on the delivery batch: one query at a
   * time on its transaction). Runs again on a retry with the same ids.
   */
  onSubmitted?: (s: { contact: OutgoingContact; messageIds: string[]; db: Executor }) => Promise<void>;
}

export type SmppChannel = ChannelAdapter & {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly client: SmppClient;
};

export function createSmppChannel(options: SmppChannelOptions): SmppChannel {
  const { channel = 'sms', onDeliveryReceipt, onMobileOriginated, onSubmitted, ...clientOptions } = options;

  const onIncoming = async (m: Incoming) => {
    if (m.kind === 'receipt') {
      await onDeliveryReceipt?.({ providerRef: m.messageId, status: m.status, ...(m.error ? { error: m.error } : {}), at: m.at });
    } else {
      await onMobileOriginated?.({ from: normalizeMsisdn(m.from), to: m.to, text: m.text, optOut: isOptOutReply(m.text), at: m.at });
    }
  };
  const client = new SmppClient({ ...clientOptions, onIncoming });

  return {
    channel,
    client,
    start: () => client.start(),
    stop: () => client.stop(),
    async send(contact, batch): Promise<DeliveryResult> {
      const { address, text } = contact.payload;
      if (typeof address !== 'string' || !address) return { ok: false, permanent: true, error: 'customer has no phone number' };
      if (typeof text !== 'string' || !text) return { ok: false, permanent: true, error: 'SMS has no text' };
      const result = await client.submit({ to: address, text, effectKey: contact.effectKey });
      if (!result.ok) return result;
      if (onSubmitted) await batch.db((db) => onSubmitted({ contact, messageIds: result.messageIds, db }));
      return { ok: true, providerRef: result.messageIds.join(',') };
    },
  };
}
