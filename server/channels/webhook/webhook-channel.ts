// Partner webhooks (开放互联): POSTs the contact's body as JSON to the partner's URL, signed
// with the partner's secret, through the guarded sender. The outbox may deliver the same effect
// twice after a crash, so the effect key travels as Idempotency-Key for the partner to dedupe.
import { z } from 'zod';
import { describeZodError } from '../../runtime/event-input';
import type { ChannelAdapter, DeliveryBatch, DeliveryResult } from '../types';
import { createGuardedHttp, type Resolve } from './guarded-http';
import { computeWebhookSignature } from './verify';

export interface WebhookChannelOptions {
  /** Partner host names that may be called; anything else is refused. */
  allowHosts: string[];
  /** Local development only: lets requests reach loopback and private networks. */
  allowPrivate?: boolean;
  timeoutMs: number;
  /** The partner's signing secret, may be read through the delivery batch (one query for the
   *  batch: channels/partner-endpoints.ts); undefined or throw for an unknown partner. */
  secretFor(partnerId: string, batch: DeliveryBatch): string | undefined | Promise<string | undefined>;
  resolve?: Resolve;
  ca?: string | Buffer | (string | Buffer)[];
  /** Seconds since the epoch (tests pin it). */
  nowSec?: () => number;
}

export const WebhookPayload = z.object({
  url: z.string().min(1).max(2048),
  partnerId: z.string().min(1).max(100),
  body: z.unknown().refine((b) => b !== undefined, 'required'),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export const WEBHOOK_USER_AGENT = 'Octoflow-Webhook/1';

export function createWebhookChannel(options: WebhookChannelOptions): ChannelAdapter {
  const http = createGuardedHttp({ ...options, label: 'partner' });
  const nowSec = options.nowSec ?? (() => Math.floor(Date.now() / 1000));

  return {
    channel: 'webhook',
    async send(contact, batch): Promise<DeliveryResult> {
      const parsed = WebhookPayload.safeParse(contact.payload);
      if (!parsed.success) return { ok: false, permanent: true, error: `bad webhook payload: ${describeZodError(parsed.error)}` };
      const { url, partnerId, body } = parsed.data;

      let secret: string | undefined;
      try {
        secret = await options.secretFor(partnerId, batch);
      } catch {
        secret = undefined; // the thrown message might quote configuration: do not pass it on
      }
      if (!secret) return { ok: false, permanent: true, error: `no signing secret configured for partner ${partnerId}` };

      const raw = JSON.stringify(body);
      const timestamp = String(nowSec());
      const result = await http.post(url, raw, {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': WEBHOOK_USER_AGENT,
        'x-octoflow-timestamp': timestamp,
        'x-octoflow-signature': `v1=${computeWebhookSignature(secret, timestamp, raw)}`,
        'idempotency-key': contact.effectKey,
      });
      // Belt and braces: nothing the partner echoes back may leak the secret into the outbox.
      return result.ok ? result : { ...result, error: result.error.split(secret).join('[secret]') };
    },
  };
}
