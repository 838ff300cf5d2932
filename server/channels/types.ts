// A channel adapter delivers one outbox effect. It must be idempotent on `effectKey`: the
// dispatcher may hand the same effect over again after a crash between send and commit.
import type { Executor } from '../db/client';

export interface OutgoingContact {
  outboxId: number;
  effectKey: string;
  customerId: string;
  channel: string;
  payload: Record<string, unknown>;
  /** When the runtime hands it over, on the runtime's clock (records use it, not the DB's). */
  at?: Date;
}

export type DeliveryResult =
  | { ok: true; providerRef?: string }
  | { ok: false; permanent: boolean; error: string };

export interface ChannelAdapter {
  channel: string;
  send(contact: OutgoingContact, db: Executor): Promise<DeliveryResult>;
}
