// Webhook signatures, both sides. Self-contained on purpose (node:crypto only): partners may
// copy this file as it is. See docs/webhooks.md for the rules in plain words.
//
//   X-Octoflow-Timestamp: 1780000000
//   X-Octoflow-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
//
// The timestamp is inside the signed text, so an old request cannot be replayed with a new
// timestamp; a receiver refuses timestamps outside its tolerance and dedupes the rest on the
// Idempotency-Key header.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The hex HMAC-SHA256 of `<timestamp>.<rawBody>`: the value after `v1=`. */
export function computeWebhookSignature(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * True when `header` (the X-Octoflow-Signature value) carries a `v1=` signature of exactly
 * these body bytes made with `secret`, and `timestamp` is within `toleranceSec` of now. The
 * header may list several comma-separated signatures (during a secret rotation): one match
 * is enough. Pass the body as received, before any JSON parsing.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | undefined,
  rawBody: string | Buffer,
  header: string | undefined,
  toleranceSec = 300,
  nowSec: number = Math.floor(Date.now() / 1000),
): boolean {
  if (!secret || !timestamp || !header || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSec - Number(timestamp)) > toleranceSec) return false;
  const expected = Buffer.from(computeWebhookSignature(secret, timestamp, rawBody), 'hex');
  return header.split(',').some((part) => {
    const [scheme, value] = part.trim().split('=', 2);
    if (scheme !== 'v1' || !value || !/^[0-9a-f]{64}$/i.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, 'hex'), expected);
  });
}
