// The outbound guard: a partner URL cannot reach loopback, the internal network or the cloud
// metadata service, by literal, by odd spelling or through DNS, and the socket goes to the
// address that was checked (no second lookup, so DNS rebinding has nothing to rebind).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebhookChannel, type Resolve } from '@/server/channels/webhook';
import type { OutgoingContact } from '@/server/channels/types';
import { deliveryBatch } from '@/server/channels/delivery-batch';
import type { Executor } from '@/server/db/client';

const db = deliveryBatch({} as Executor);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A server on 127.0.0.1 that records the Host header of every request it gets. */
async function listen(server: http.Server | https.Server, hosts: string[]): Promise<number> {
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    hosts.push(req.headers.host ?? '');
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}

const send = (url: string, opts: { allowHosts: string[]; allowPrivate?: boolean; resolve?: Resolve; ca?: string }) =>
  createWebhookChannel({ timeoutMs: 2_000, secretFor: () => 'secret', ...opts }).send(
    { outboxId: 1, effectKey: 'k', customerId: 'c', channel: 'webhook', payload: { url, partnerId: 'p', body: {} } } satisfies OutgoingContact,
    db,
  );

describe('address literals', () => {
  it('should refuse a server on 127.0.0.1 when private addresses are not allowed, and never connect', async () => {
    const hosts: string[] = [];
    const port = await listen(http.createServer(), hosts);
    const result = await send(`http://127.0.0.1:${port}/hook`, { allowHosts: ['127.0.0.1'] });
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringContaining('loopback') });
    expect(hosts).toEqual([]);
  });

  it.each([
    ['http://10.1.2.3/hook', '10.1.2.3', 'private'],
    ['http://192.168.1.10/hook', '192.168.1.10', 'private'],
    ['http://172.20.0.5/hook', '172.20.0.5', 'private'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'link-local'],
    ['http://100.64.0.1/hook', '100.64.0.1', 'carrier-grade NAT'],
    ['http://0.0.0.0/hook', '0.0.0.0', 'unspecified'],
    ['http://224.0.0.1/hook', '224.0.0.1', 'multicast'],
    ['http://[::1]/hook', '::1', 'loopback'],
    ['http://[::]/hook', '::', 'unspecified'],
    ['http://[::ffff:127.0.0.1]/hook', '::ffff:127.0.0.1', 'loopback (IPv4-mapped)'],
    ['http://[::ffff:a9fe:a9fe]/hook', '::ffff:169.254.169.254', 'link-local (IPv4-mapped)'],
    ['http://[fe80::1]/hook', 'fe80::1', 'link-local'],
    ['http://[fd00::5]/hook', 'fd00::5', 'private'],
    ['http://2130706433/hook', '2130706433', 'loopback'], // 127.0.0.1 spelled as one number
    ['http://0x7f.1/hook', '0x7f.1', 'loopback'],
  ])('should refuse %s even when its host is on the allow-list', async (url, allowed, reason) => {
    const resolve = vi.fn<Resolve>();
    const result = await send(url, { allowHosts: [allowed], resolve });
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringContaining(`a ${reason} address`) });
    expect(resolve).not.toHaveBeenCalled();
  });
});

describe('allow-list and URL rules', () => {
  it('should refuse a host that is not on the allow-list without resolving it', async () => {
    const resolve = vi.fn<Resolve>(async () => ['93.184.216.34']);
    const result = await send('https://evil.example/hook', { allowHosts: ['partner.example'], resolve });
    expect(result).toEqual({ ok: false, permanent: true, error: 'refused evil.example: the host is not on the allow-list' });
    expect(resolve).not.toHaveBeenCalled();
  });

  it('should not treat a sub-domain or a look-alike as allowed', async () => {
    for (const url of ['https://partner.example.evil.test/', 'https://api.partner.example/', 'https://partner.example@evil.test/']) {
      const result = await send(url, { allowHosts: ['partner.example'], resolve: async () => ['93.184.216.34'] });
      expect(result).toMatchObject({ ok: false, permanent: true });
    }
  });

  it.each(['ftp://partner.example/x', 'file:///etc/passwd', 'gopher://partner.example/', 'not a url'])('should refuse %s', async (url) => {
    const result = await send(url, { allowHosts: ['partner.example'], allowPrivate: true });
    expect(result).toMatchObject({ ok: false, permanent: true });
  });

  it('should refuse credentials in the URL without repeating them', async () => {
    const result = await send('https://user:hunter2@partner.example/x', { allowHosts: ['partner.example'] });
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringContaining('credentials in the URL') });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});

describe('DNS', () => {
  it('should refuse a name whose DNS answer points at a private address', async () => {
    const result = await send('https://partner.example/hook', { allowHosts: ['partner.example'], resolve: async () => ['10.0.0.7'] });
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringContaining('partner.example resolves to 10.0.0.7') });
  });

  it('should refuse a name whose answers mix public and internal addresses', async () => {
    const result = await send('https://partner.example/hook', {
      allowHosts: ['partner.example'],
      resolve: async () => ['93.184.216.34', '::ffff:169.254.169.254'],
    });
    expect(result).toMatchObject({ ok: false, permanent: true, error: expect.stringContaining('link-local') });
  });

  it('should treat a failed lookup as transient', async () => {
    const result = await send('https://partner.example/hook', {
      allowHosts: ['partner.example'],
      resolve: async () => {
        throw Object.assign(new Error('queryA ETIMEOUT'), { code: 'ETIMEOUT' });
      },
    });
    expect(result).toMatchObject({ ok: false, permanent: false, error: 'cannot resolve partner.example: ETIMEOUT' });
  });

  it('should resolve once and connect to the checked address, with the Host header of the name', async () => {
    const hosts: string[] = [];
    const port = await listen(http.createServer(), hosts);
    // A rebinding resolver: the first answer is the one checked, later ones would point elsewhere.
    // partner.test does not exist in real DNS, so a second lookup by Node itself would fail.
    const answers = [['127.0.0.1'], ['203.0.113.9']];
    const resolve = vi.fn<Resolve>(async () => answers.shift() ?? []);
    const result = await send(`http://partner.test:${port}/hook`, { allowHosts: ['partner.test'], allowPrivate: true, resolve });
    expect(result).toEqual({ ok: true });
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(hosts).toEqual([`partner.test:${port}`]);
  });

  it('should verify TLS against the host name while connecting to the pinned address', async () => {
    const hosts: string[] = [];
    const port = await listen(https.createServer({ key: TEST_KEY, cert: TEST_CERT }), hosts);
    const ok = await send(`https://partner.test:${port}/hook`, {
      allowHosts: ['partner.test'],
      allowPrivate: true,
      resolve: async () => ['127.0.0.1'],
      ca: TEST_CERT,
    });
    expect(ok).toEqual({ ok: true });
    expect(hosts).toEqual([`partner.test:${port}`]);
    // The same server under a name its certificate does not carry: the handshake must fail.
    const wrongName = await send(`https://other.test:${port}/hook`, {
      allowHosts: ['other.test'],
      allowPrivate: true,
      resolve: async () => ['127.0.0.1'],
      ca: TEST_CERT,
    });
    expect(wrongName).toMatchObject({ ok: false, permanent: false, error: expect.stringContaining('ERR_TLS_CERT_ALTNAME_INVALID') });
    expect(hosts).toHaveLength(1);
  });
});

// A self-signed certificate for partner.test (test only, valid until 2126).
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjMF85G3+L3fnPsJz
3nXCMx2ndAZQM5Hk+DULvc9IPHahRANCAAStAIkj4MYQYP4w6Sqq6q96+d9GuC+X
AWQG7CjDCPWJ3uLMHRopXfyiH1aHDuRjcBP+yeF0CHUOfbxryIFxAyNl
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBnzCCAUSgAwIBAgIUY9XcwqFSTkDQg7i0CBHKb5u0F+4wCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMcGFydG5lci50ZXN0MCAXDTI2MTEyOTE1NTkwOFoYDzIxMjYx
MTA1MTU1OTA4WjAXMRUwEwYDVQQDDAxwYXJ0bmVyLnRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAStAIkj4MYQYP4w6Sqq6q96+d9GuC+XAWQG7CjDCPWJ3uLM
HRopXfyiH1aHDuRjcBP+yeF0CHUOfbxryIFxAyNlo2wwajAdBgNVHQ4EFgQUA+63
BECY39S31CmkSjd32wrHaYMwHwYDVR0jBBgwFoAUA+63BECY39S31CmkSjd32wrH
aYMwDwYDVR0TAQH/BAUwAwEB/zAXBgNVHREEEDAOggxwYXJ0bmVyLnRlc3QwCgYI
KoZIzj0EAwIDSQAwRgIhAMzsG/JT/JH6Kk16xdTg8afLacAQ4pfxSNWSNcDpBDyh
AiEAvTRIUCQ2zO9ih7L8TLjlTz5nsBpNeZ6ZBGi+efee9Rg=
-----END CERTIFICATE-----`;
