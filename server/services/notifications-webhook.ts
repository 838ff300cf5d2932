// Approver notifications by webhook (e.g. to the operator's chat or ticket system): a signed JSON
// POST through the guarded sender used for partner webhooks (allow-listed host, address policy,
// pinned DNS, no redirects). Signature and headers as docs/webhooks.md describes for partners;
// the notice's key travels as Idempotency-Key. The secret is removed from any error text.
import { createGuardedHttp, type Resolve } from '../channels/webhook/guarded-http';
import { computeWebhookSignature } from '../channels/webhook/verify';
import type { DeliveryResult } from '../channels/types';
import type { NotificationMessage, NotificationSender } from './notifications-delivery';

export interface NotifyWebhookOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  /** Local development and tests only: lets the webhook reach loopback and private networks. */
  allowPrivate?: boolean;
  resolve?: Resolve;
  nowSec?: () => number;
}

export const NOTIFY_WEBHOOK_USER_AGENT = 'Octoflow-Notify/1';

export function createNotifyWebhookSender(opts: NotifyWebhookOptions): NotificationSender {
  const host = new URL(opts.url).hostname;
  const http = createGuardedHttp({ allowHosts: [host], allowPrivate: opts.allowPrivate, timeoutMs: opts.timeoutMs, resolve: opts.resolve, label: 'notification webhook' });
  const nowSec = opts.nowSec ?? (() => Math.floor(Date.now() / 1000));
  return {
    channel: 'webhook',
    async send(m: NotificationMessage): Promise<DeliveryResult> {
      const raw = JSON.stringify({
        id: m.key,
        event: `notification.${m.kind}`,
        recipient: { id: m.to.id, email: m.to.email, name: m.to.name, department: m.to.department },
        campaignId: m.campaignId,
        detail: m.detail,
        subject: m.subject,
        text: m.text,
        link: m.link,
        createdAt: m.createdAt.toISOString(),
      });
      const timestamp = String(nowSec());
      const result = await http.post(opts.url, raw, {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': NOTIFY_WEBHOOK_USER_AGENT,
        'x-octoflow-timestamp': timestamp,
        'x-octoflow-signature': `v1=${computeWebhookSignature(opts.secret, timestamp, raw)}`,
        'idempotency-key': m.key,
      });
      return result.ok ? result : { ...result, error: result.error.split(opts.secret).join('[secret]') };
    },
  };
}
