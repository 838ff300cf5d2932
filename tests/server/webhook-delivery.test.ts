// Partner webhooks and app push against real HTTP servers on 127.0.0.1: what the partner
// receives (signed body, idempotency key) and how each answer maps onto the outbox's retries.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppPushChannel, createWebhookChannel, verifyWebhookSignature } from '@/server/channels/webhook';
import type { ChannelAdapter, OutgoingContact } from '@/server/channels/types';
import { deliveryBatch } from '@/server/channels/delivery-batch';
import type { Executor } from '@/server/db/client';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(handler: (req: Received, res: http.ServerResponse) => void = (_q, res) => res.end('ok')): Promise<TestServer> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      handler(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const s: TestServer = {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

const SECRET = 'whsec_test_0123456789abcdef';
const NOW = 1_780_000_000;
const db = deliveryBatch({} as Executor); // HTTP channels never touch the database

function webhook(extra: Partial<Parameters<typeof createWebhookChannel>[0]> = {}): ChannelAdapter {
  return createWebhookChannel({
    allowHosts: ['127.0.0.1'],
    allowPrivate: true, // these servers live on loopback; webhook-ssrf.test.ts covers the refusals
    timeoutMs: 2_000,
    secretFor: (partnerId) => (partnerId === 'p1' ? SECRET : undefined),
    nowSec: () => NOW,
    ...extra,
  });
}

const contact = (payload: Record<string, unknown>, effectKey = 'j1:3:notify'): OutgoingContact => ({
  outboxId: 7,
  effectKey,
  customerId: 'c-1001',
  channel: 'webhook',
  payload,
});

describe('webhook delivery', () => {
  it('should POST the JSON body signed with the partner secret and the effect key as Idempotency-Key', async () => {
    const partner = await startServer((_q, res) => res.writeHead(202, { 'x-request-id': 'partner-42' }).end());
    const body = { event: 'campaign.contact', customerId: 'c-1001', tags: { plan: '5G畅享' } };
    const result = await webhook().send(contact({ url: `${partner.url}/hooks/octoflow?v=1`, partnerId: 'p1', body }), db);

    expect(result).toEqual({ ok: true, providerRef: 'partner-42' });
    const [req] = partner.received;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/hooks/octoflow?v=1');
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(req!.headers['idempotency-key']).toBe('j1:3:notify');
    expect(req!.headers['x-octoflow-timestamp']).toBe(String(NOW));
    expect(req!.headers['x-octoflow-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(JSON.parse(req!.body)).toEqual(body);
    const sig = req!.headers['x-octoflow-signature'] as string;
    expect(verifyWebhookSignature(SECRET, String(NOW), req!.body, sig, 300, NOW)).toBe(true);
    expect(verifyWebhookSignature(SECRET, String(NOW), req!.body.replace('c-1001', 'c-1002'), sig, 300, NOW)).toBe(false);
  });

  it('should send the same Idempotency-Key when the outbox delivers an effect twice', async () => {
    const partner = await startServer();
    const channel = webhook();
    const c = contact({ url: partner.url, partnerId: 'p1', body: { n: 1 } }, 'j9:1:hook');
    expect((await channel.send(c, db)).ok).toBe(true);
    expect((await channel.send(c, db)).ok).toBe(true);
    expect(partner.received.map((r) => r.headers['idempotency-key'])).toEqual(['j9:1:hook', 'j9:1:hook']);
  });

  it.each([
    [200, true, undefined],
    [204, true, undefined],
    [408, false, false],
    [429, false, false],
    [500, false, false],
    [503, false, false],
    [400, false, true],
    [401, false, true],
    [404, false, true],
    [410, false, true],
  ])('should map a %i answer to ok=%s permanent=%s', async (status, ok, permanent) => {
    const partner = await startServer((_q, res) => res.writeHead(status).end(status >= 400 ? 'partner says no' : undefined));
    const result = await webhook().send(contact({ url: partner.url, partnerId: 'p1', body: {} }), db);
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      expect(result.permanent).toBe(permanent);
      expect(result.error).toContain(`partner answered ${status}`);
      expect(result.error).toContain('partner says no');
    }
  });

  it('should not follow a redirect and fail permanently naming it', async () => {
    const elsewhere = await startServer();
    const partner = await startServer((_q, res) => res.writeHead(302, { location: `${elsewhere.url}/internal` }).end());
    const result = await webhook().send(contact({ url: partner.url, partnerId: 'p1', body: {} }), db);
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringContaining(`302 redirect to ${elsewhere.url}/internal`) });
    expect(elsewhere.received).toHaveLength(0);
  });

  it('should treat a partner that does not answer in time as a transient failure', async () => {
    const partner = await startServer(() => undefined); // reads the request, never answers
    const started = Date.now();
    const result = await webhook({ timeoutMs: 300 }).send(contact({ url: partner.url, partnerId: 'p1', body: {} }), db);
    expect(result).toMatchObject({ ok: false, permanent: false, error: expect.stringContaining('timed out after 300 ms') });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('should treat a refused connection as a transient failure', async () => {
    const gone = await startServer();
    await gone.close();
    const result = await webhook().send(contact({ url: gone.url, partnerId: 'p1', body: {} }), db);
    expect(result).toMatchObject({ ok: false, permanent: false, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('should fail permanently on a bad payload or an unknown partner, naming the problem', async () => {
    const partner = await startServer();
    expect(await webhook().send(contact({ partnerId: 'p1', body: {} }), db)).toMatchObject({ permanent: true, error: expect.stringContaining('url') });
    expect(await webhook().send(contact({ url: partner.url, partnerId: 'p1' }), db)).toMatchObject({ permanent: true, error: expect.stringContaining('body') });
    expect(await webhook().send(contact({ url: partner.url, partnerId: 'nobody', body: {} }), db)).toMatchObject({
      permanent: true,
      error: 'no signing secret configured for partner nobody',
    });
    expect(partner.received).toHaveLength(0);
  });

  it('should never put the secret in an error', async () => {
    const partner = await startServer((_q, res) => res.writeHead(401).end(`bad secret ${SECRET}`));
    const result = await webhook().send(contact({ url: partner.url, partnerId: 'p1', body: {} }), db);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    const throwing = webhook({
      secretFor: () => {
        throw new Error(`vault said ${SECRET}`);
      },
    });
    expect(JSON.stringify(await throwing.send(contact({ url: partner.url, partnerId: 'p1', body: {} }), db))).not.toContain(SECRET);
  });
});

describe('app push', () => {
  const push = { title: '流量提醒', text: '您的流量已用80%，加10元得5GB', deepLink: 'app://offers/5g', offerId: 'data_5g', nodeId: 'n1', versionHash: 'h' };

  it('should POST the notification to the gateway with the token and the effect key', async () => {
    const gateway = await startServer((_q, res) => res.writeHead(200, { 'x-request-id': 'push-9' }).end());
    const channel = createAppPushChannel({ url: `${gateway.url}/v1/messages`, token: 'push-token', allowPrivate: true });
    const result = await channel.send({ ...contact(push, 'j2:1:push'), channel: 'app_push' }, db);
    expect(channel.channel).toBe('app_push');
    expect(result).toEqual({ ok: true, providerRef: 'push-9' });
    const [req] = gateway.received;
    expect(req!.url).toBe('/v1/messages');
    expect(req!.headers.authorization).toBe('Bearer push-token');
    expect(req!.headers['idempotency-key']).toBe('j2:1:push');
    expect(JSON.parse(req!.body)).toEqual({ customerId: 'c-1001', title: '流量提醒', body: push.text, deepLink: 'app://offers/5g', offerId: 'data_5g' });
  });

  it('should go through the same guard: a gateway on loopback is refused unless allowed', async () => {
    const gateway = await startServer();
    const channel = createAppPushChannel({ url: gateway.url, token: 'push-token' });
    const result = await channel.send(contact(push), db);
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringContaining('loopback') });
    expect(gateway.received).toHaveLength(0);
  });

  it('should retry a busy gateway and never put the token in an error', async () => {
    const gateway = await startServer((q, res) => res.writeHead(503).end(`busy, token was ${q.headers.authorization}`));
    const result = await createAppPushChannel({ url: gateway.url, token: 'push-token', allowPrivate: true }).send(contact(push), db);
    expect(result).toMatchObject({ ok: false, permanent: false, error: expect.stringContaining('push gateway answered 503') });
    expect(JSON.stringify(result)).not.toContain('push-token');
  });

  it('should refuse a contact with no text', async () => {
    const gateway = await startServer();
    const result = await createAppPushChannel({ url: gateway.url, token: 't', allowPrivate: true }).send(contact({ title: 'x' }), db);
    expect(result).toMatchObject({ permanent: true, error: expect.stringContaining('text') });
  });
});
