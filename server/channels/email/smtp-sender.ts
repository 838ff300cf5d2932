// Approver notifications by email over SMTP (nodemailer). Configured by OCTOFLOW_SMTP_URL
// (smtp://user:password@host:587 for STARTTLS when offered, smtps://…:465 for implicit TLS;
// certificates are verified) and OCTOFLOW_SMTP_FROM. The password never leaves this module: it
// is removed from every error message, and the URL is never printed.
import nodemailer from 'nodemailer';
import type { DeliveryResult } from '../types';
import type { NotificationMessage, NotificationSender } from '../../services/notifications-delivery';

export interface SmtpOptions {
  /** smtp:// or smtps:// URL, with user and password if the server wants them. */
  url: string;
  from: string;
  timeoutMs?: number;
  /** Require STARTTLS on smtp:// (refuse to send in clear). */
  requireTls?: boolean;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
}

/** Parses the SMTP URL; the error names what is wrong without quoting the URL (it may hold a password). */
export function parseSmtpUrl(url: string): SmtpConfig {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('OCTOFLOW_SMTP_URL: must be a URL such as smtp://user:password@mail.example.com:587');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error(`OCTOFLOW_SMTP_URL: the scheme must be smtp: or smtps:, not ${u.protocol}`);
  if (!u.hostname) throw new Error('OCTOFLOW_SMTP_URL: names no host');
  const secure = u.protocol === 'smtps:';
  const user = decodeURIComponent(u.username);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    auth: user ? { user, pass: decodeURIComponent(u.password) } : undefined,
  };
}

/** SMTP reply codes 5xx are permanent (bad address, refused); everything else may pass later. */
function classify(err: unknown, secrets: string[]): DeliveryResult {
  const e = err as { message?: string; responseCode?: number; code?: string };
  let message = `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`;
  for (const s of secrets) if (s) message = message.split(s).join('[secret]');
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.code !== 'EAUTH';
  return { ok: false, permanent, error: `smtp: ${message}` };
}

export function createSmtpSender(opts: SmtpOptions): NotificationSender {
  const cfg = parseSmtpUrl(opts.url);
  const timeout = opts.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    requireTLS: opts.requireTls ?? false,
    auth: cfg.auth,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // nodemailer logs nothing unless asked; say so explicitly, its debug log would show the AUTH exchange.
    logger: false,
    debug: false,
  });
  const secrets = [cfg.auth?.pass ?? '', cfg.auth?.pass ? Buffer.from(cfg.auth.pass).toString('base64') : ''];
  return {
    channel: 'email',
    async send(m: NotificationMessage): Promise<DeliveryResult> {
      try {
        const info = await transport.sendMail({
          from: opts.from,
          to: { name: m.to.name, address: m.to.email },
          subject: m.subject,
          text: m.text,
          // The same notice re-sent after a crash has the same Message-ID: mail systems drop the repeat.
          messageId: `<${m.key}@notifications.octoflow>`,
          headers: { 'X-Octoflow-Notification': m.kind },
        });
        if (info.rejected.length > 0) return { ok: false, permanent: true, error: `smtp: the server refused ${m.to.email}` };
        return { ok: true, providerRef: info.messageId };
      } catch (err) {
        return classify(err, secrets);
      }
    },
  };
}
