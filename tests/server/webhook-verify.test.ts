// verifyWebhookSignature as a partner uses it: the signed text, tampering, replay and rotation.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeWebhookSignature, verifyWebhookSignature } from '@/server/channels/webhook';

const secret = 'whsec_partner_one';
const now = 1_780_000_000;
const ts = String(now);
const body = '{"event":"campaign.contact","customerId":"c-1001","text":"您好"}';
const header = `v1=${computeWebhookSignature(secret, ts, body)}`;

describe('webhook signatures', () => {
  it('should sign "<timestamp>.<raw body>" with HMAC-SHA256 in hex', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`, 'utf8').digest('hex');
    expect(header).toBe(`v1=${expected}`);
  });

  it('should accept the untouched request, as a string or as the raw bytes', () => {
    expect(verifyWebhookSignature(secret, ts, body, header, 300, now)).toBe(true);
    expect(verifyWebhookSignature(secret, ts, Buffer.from(body, 'utf8'), header, 300, now)).toBe(true);
  });

  it('should refuse a tampered body, a re-serialised body or the wrong secret', () => {
    expect(verifyWebhookSignature(secret, ts, body.replace('c-1001', 'c-1002'), header, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, JSON.stringify(JSON.parse(body), null, 2), header, 300, now)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', ts, body, header, 300, now)).toBe(false);
  });

  it('should refuse a replay: an old timestamp, or a new timestamp on an old signature', () => {
    expect(verifyWebhookSignature(secret, ts, body, header, 300, now + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, header, 300, now - 301)).toBe(false);
    expect(verifyWebhookSignature(secret, String(now + 200), body, header, 300, now + 200)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, header, 300, now + 299)).toBe(true);
  });

  it('should accept any one matching signature during a secret rotation', () => {
    const both = `v1=${computeWebhookSignature('whsec_old', ts, body)}, ${header}`;
    expect(verifyWebhookSignature(secret, ts, body, both, 300, now)).toBe(true);
    expect(verifyWebhookSignature('whsec_old', ts, body, both, 300, now)).toBe(true);
  });

  it('should refuse missing or malformed headers without throwing', () => {
    for (const bad of [undefined, '', 'v1=', 'v1=zz', 'v0=' + header.slice(3), header.slice(3), 'v1=' + 'ab'.repeat(31)]) {
      expect(verifyWebhookSignature(secret, ts, body, bad, 300, now)).toBe(false);
    }
    expect(verifyWebhookSignature(secret, undefined, body, header, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, '1780000000.5', body, header, 300, now)).toBe(false);
    expect(verifyWebhookSignature('', ts, body, header, 300, now)).toBe(false);
  });
});
