// The notification channels configured in the environment: email when OCTOFLOW_SMTP_URL is set,
// a webhook when OCTOFLOW_NOTIFY_WEBHOOK_URL is (README, docs/closed-loop.md).
import { createSmtpSender } from '../channels/email/smtp-sender';
import type { Env } from '../env';
import type { NotificationSender } from './notifications-delivery';
import { createNotifyWebhookSender } from './notifications-webhook';

export function notificationSenders(env: Env): NotificationSender[] {
  const senders: NotificationSender[] = [];
  if (env.OCTOFLOW_SMTP_URL) {
    senders.push(createSmtpSender({ url: env.OCTOFLOW_SMTP_URL, from: env.OCTOFLOW_SMTP_FROM, requireTls: env.OCTOFLOW_SMTP_REQUIRE_TLS === 'on' }));
  }
  if (env.OCTOFLOW_NOTIFY_WEBHOOK_URL && env.OCTOFLOW_NOTIFY_WEBHOOK_SECRET) {
    senders.push(
      createNotifyWebhookSender({
        url: env.OCTOFLOW_NOTIFY_WEBHOOK_URL,
        secret: env.OCTOFLOW_NOTIFY_WEBHOOK_SECRET,
        timeoutMs: env.OCTOFLOW_WEBHOOK_TIMEOUT_MS,
        allowPrivate: env.OCTOFLOW_NOTIFY_WEBHOOK_ALLOW_PRIVATE === 'on',
      }),
    );
  }
  return senders;
}

/** The address people reach the app at, for links in notices. */
export function appBaseUrl(env: Env): string {
  return env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`;
}
