// App push through the operator's push gateway (an HTTP service in front of APNs/FCM and the
// vendor channels). It lives beside the webhook channel because it leaves through the same
// guarded sender: one SSRF guard for every outbound URL, not two. The gateway URL comes from
// configuration, so it is the only allowed host; a gateway on the internal network needs
// allowPrivate, which ops set knowingly.
import { z } from 'zod';
import { describeZodError } from '../../runtime/event-input';
import type { ChannelAdapter, DeliveryResult } from '../types';
import { createGuardedHttp, normaliseHost, type Resolve } from './guarded-http';

export interface AppPushChannelOptions {
  /** The gateway's send endpoint, e.g. https://push.internal.example/v1/messages. */
  url: string;
  /** Bearer token for the gateway. */
  token: string;
  allowPrivate?: boolean;
  timeoutMs?: number;
  resolve?: Resolve;
  ca?: string | Buffer | (string | Buffer)[];
}

/** What the journey puts in an app_push outbox row (workflows/kinds/app-push.ts + the runtime). */
export const AppPushPayload = z.object({
  title: z.string().max(64).default(''),
  text: z.string().min(1, 'the message text is empty').max(1024),
  deepLink: z.string().max(512).nullish(),
  offerId: z.string().max(64).nullish(),
});

/** The JSON body the gateway receives. */
export interface AppPushRequest {
  customerId: string;
  title: string;
  body: string;
  deepLink: string | null;
  offerId: string | null;
}

export function createAppPushChannel(options: AppPushChannelOptions): ChannelAdapter {
  const http = createGuardedHttp({
    allowHosts: [normaliseHost(new URL(options.url).hostname)],
    allowPrivate: options.allowPrivate,
    timeoutMs: options.timeoutMs ?? 5_000,
    resolve: options.resolve,
    ca: options.ca,
    label: 'push gateway',
  });

  return {
    channel: 'app_push',
    async send(contact): Promise<DeliveryResult> {
      const parsed = AppPushPayload.safeParse(contact.payload);
      if (!parsed.success) return { ok: false, permanent: true, error: `bad app push payload: ${describeZodError(parsed.error)}` };
      const p = parsed.data;
      const request: AppPushRequest = {
        customerId: contact.customerId,
        title: p.title,
        body: p.text,
        deepLink: p.deepLink ?? null,
        offerId: p.offerId ?? null,
      };
      const result = await http.post(options.url, JSON.stringify(request), {
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${options.token}`,
        'idempotency-key': contact.effectKey,
      });
      return result.ok ? result : { ...result, error: result.error.split(options.token).join('[token]') };
    },
  };
}
