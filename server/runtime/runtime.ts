import type { Catalog } from '../../workflows';
import type { Db, DbKind } from '../db/client';
import type { ChannelAdapter } from '../channels/types';
import type { NotificationSender } from '../services/notifications-delivery';
import type { Clock } from './clock';
import type { FlowIndex } from './live-flows';

/** Everything the engine needs, built once per process (server/app.ts) or per test. */
export interface Runtime {
  db: Db;
  dbKind: DbKind;
  clock: Clock;
  catalog: Catalog;
  flows: FlowIndex;
  channels: Map<string, ChannelAdapter>;
  /** How long a worker holds a claimed outbox row before another may take it over. */
  leaseMs: number;
  /**
   * Set where this process runs the event workers: accepted events are processed in the
   * transaction that records them (process-on-intake.ts). Unset: the intake only records them,
   * for the workers.
   */
  processOnIntake?: boolean;
  /** Email and webhook senders for people's notifications, and the app's address for their links. */
  notify?: { senders: NotificationSender[]; baseUrl: string };
}
