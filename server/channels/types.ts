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

/**
 * The delivery batch a send belongs to: its database is the dispatcher's transaction, one
 * connection. The batch's sends run concurrently (they wait on the network), but a connection
 * runs one query at a time (node-postgres warns on overlapping queries; pg 9 refuses them), so
 * a send reaches the database only through `db()` (queued behind the batch's other queries) or
 * `once()` (what the whole batch needs, loaded by the first send that asks, with one query).
 */
export interface DeliveryBatch {
  /** Every contact of the batch, for loading what all of them need at once. */
  readonly contacts: readonly OutgoingContact[];
  /** Runs `fn` on the batch's database after the batch's queries queued before it. */
  db<T>(fn: (db: Executor) => Promise<T>): Promise<T>;
  /** `load`'s result for `key`, loaded once per batch (later callers get the same promise). */
  once<T>(key: string, load: (db: Executor) => Promise<T>): Promise<T>;
}

export interface ChannelAdapter {
  channel: string;
  send(contact: OutgoingContact, batch: DeliveryBatch): Promise<DeliveryResult>;
}
