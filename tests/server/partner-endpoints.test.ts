// Partner endpoints administered in the app (issue 8): an administrator registers a URL on the
// operator's allow-list and a signing secret; the secret is shown once, stored only encrypted,
// never listed, logged or audited in clear; a flow's webhook node reaches the endpoint through
// the outbox with requests signed by the secret read from the database, also after a rotation.
import http from 'node:http';
import pg from 'pg';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { batchResolver, cachedEndpoints, secretFrom, withPartnerEndpoints, type EndpointsLoader } from '@/server/channels/partner-endpoints';
import { recordingSms } from '@/server/channels/recording-sms';
import { taskQueueChannels } from '@/server/channels/task-queue';
import { createWebhookChannel, verifyWebhookSignature } from '@/server/channels/webhook';
import { auditLog, campaigns, customers, outbox, partnerEndpoints } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { processPendingEvents } from '@/server/runtime/event-processor';
import { dispatchOutbox } from '@/server/runtime/outbox-dispatcher';
import { drainRuntime } from '@/server/runtime/workers';
import { verifyAuditChain } from '@/server/services/audit';
import { resolveEndpoint, resolveEndpoints, urlProblem } from '@/server/services/partner-endpoints';
import { loadSecretBox, parseSecretKey, secretBox } from '@/server/services/secret-box';
import type { FlowGraph } from '@/workflows';
import { callerAs } from './support/actors';
import { launchFlow } from './support/flows';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';
import { waitFor } from './support/worker-process';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}
let app: TestApp;
let partner: { url: string; received: Received[]; close(): Promise<void> };
let admin: Awaited<ReturnType<typeof callerAs>>;
const logged: string[] = [];

beforeAll(async () => {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.end('ok');
    });
  });
  // Idle connections are kept longer than the sender's keep-alive, as a partner's server would:
  // at Node's 5 s default a socket closed while reused resets the next delivery (a retry later).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  partner = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
  // The webhook channel as server/app.ts builds it: endpoints and secrets from the database,
  // cached while the app hears every change to them. (`app` is assigned once createTestApp
  // returns; the demo's own deliveries may come earlier.)
  let load: EndpointsLoader | undefined;
  const resolve = batchResolver(async (db, ids) =>
    app
      ? (load ??= cachedEndpoints(app.changes, (d, missing) => resolveEndpoints(d, app.secrets, missing)))(db, ids)
      : new Map(ids.map((id) => [id, { error: `endpointId: partner endpoint "${id}" is not configured` }])),
  );
  const webhook = createWebhookChannel({ allowHosts: ['127.0.0.1'], allowPrivate: true, timeoutMs: 2_000, secretFor: secretFrom(resolve) });
  app = await createTestApp({ channels: [recordingSms, ...taskQueueChannels(() => app.clock.now()), withPartnerEndpoints(webhook, resolve)] });
  // The operator's allow-list; loopback only because the test partner lives there.
  Object.assign(app.env, { OCTOFLOW_WEBHOOK_ALLOW_HOSTS: '127.0.0.1,api.partner.example', OCTOFLOW_WEBHOOK_ALLOW_PRIVATE: 'on' });
  admin = await callerAs(app, 'admin@octoflow.demo');
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await partner?.close();
  await app?.close();
});

const flow = (endpointId: string, city = 'PARTNER-TEST'): FlowGraph => ({
  version: 1,
  settings: { reentry: 'every_time', concurrent: true },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'roaming_arrival', condition: `event.city == '${city}'` } },
    { id: 'w', kind: 'webhook', position: { x: 0, y: 100 }, params: { endpointId, eventName: 'traveller.arrived', includeTags: ['plan'] } },
    { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
  ],
  edges: [
    { id: 'a', source: 't', sourcePort: 'out', target: 'w' },
    { id: 'b', source: 'w', sourcePort: 'out', target: 'e' },
  ],
});

let seq = 0;
/** A customer who takes marketing arrives: the flow hands them to the partner. */
async function arrive(customerId: string) {
  await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` }).where(eq(customers.id, customerId));
  await ingestEvents(app.rt, [{ eventId: `pe-${++seq}`, customerId, type: 'roaming_arrival', occurredAt: app.clock.now().toISOString(), attributes: { city: 'PARTNER-TEST', country: 'CN' } }]);
  await drainRuntime(app.rt);
}

describe('administering partner endpoints', () => {
  let secret = '';

  it('should register an endpoint and show its generated secret once, never in the list, the table or the audit log', async () => {
    const created = await admin.partnerEndpoints.create({ id: 'hotel_partner', nameZh: '酒店合作伙伴', nameEn: 'Hotel partner', url: `${partner.url}/hooks/octoflow` });
    secret = created.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await admin.partnerEndpoints.list();
    // Beside the demo's two sample partners, seeded disabled for an administrator to complete.
    expect(listed.endpoints).toEqual([
      expect.objectContaining({ id: 'bank_partner', active: false }),
      expect.objectContaining({ id: 'hotel_partner', url: `${partner.url}/hooks/octoflow`, active: true, secretReadable: true }),
      expect.objectContaining({ id: 'travel_partner', active: false }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    const [row] = await app.rt.db.select().from(partnerEndpoints).where(eq(partnerEndpoints.id, 'hotel_partner'));
    expect(row.secretSealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(row.secretSealed).not.toContain(secret);
    expect(row.secretSealed).not.toContain(Buffer.from(secret).toString('base64url'));
    const audit = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'partner_endpoint'), eq(auditLog.entityId, 'hotel_partner')));
    expect(audit.map((a) => a.action)).toEqual(['partner_endpoint.create']);
    expect(audit[0].actorEmail).toBe('admin@octoflow.demo');
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect((await verifyAuditChain(app.rt.db)).ok).toBe(true);
  });

  it('should refuse URLs off the allow-list, without https, with credentials or at private addresses, naming the rule', async () => {
    await expect(admin.partnerEndpoints.create({ id: 'evil', nameZh: '坏', nameEn: 'Evil', url: 'https://evil.example/x' })).rejects.toThrow(
      /url: the host evil\.example is not on the allow-list \(127\.0\.0\.1, api\.partner\.example\)/,
    );
    await expect(admin.partnerEndpoints.create({ id: 'hotel_partner', nameZh: '重', nameEn: 'Again', url: 'https://api.partner.example/x' })).rejects.toThrow(
      /id: a partner endpoint hotel_partner already exists/,
    );
    await expect(admin.partnerEndpoints.create({ id: 'short', nameZh: '短', nameEn: 'Short', url: 'https://api.partner.example/x', secret: 'too-short' })).rejects.toThrow(/secret/);
    const strict = { allowHosts: ['api.partner.example', '10.0.0.8'], allowPrivate: false };
    expect(urlProblem('http://api.partner.example/x', strict)?.en).toBe('must start with https://');
    expect(urlProblem('https://user:pw@api.partner.example/x', strict)?.en).toMatch(/must not contain a user name or password/);
    expect(urlProblem('https://10.0.0.8/x', strict)).toEqual({ en: '10.0.0.8 is a private address', zh: '10.0.0.8 是私有地址' });
    expect(urlProblem('not a url', strict)?.en).toMatch(/not a valid URL/);
    expect(urlProblem('https://API.partner.example:8443/hooks', strict)).toBeNull();
    expect(urlProblem('https://api.partner.example/x', { allowHosts: [], allowPrivate: false })?.en).toMatch(/OCTOFLOW_WEBHOOK_ALLOW_HOSTS/);
  });

  it('should refuse the endpoints to everyone but administrators', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await expect(designer.partnerEndpoints.list()).rejects.toThrow(/may not/);
    await expect(designer.partnerEndpoints.rotateSecret({ id: 'hotel_partner' })).rejects.toThrow(/may not/);
  });

  it('should deliver a flow’s webhook to the endpoint, signed with the stored secret, and after a rotation with the new one', async () => {
    await launchFlow(app, 'Hotel partner', flow('hotel_partner'));
    await arrive('C000701');
    expect(partner.received).toHaveLength(1);
    const first = partner.received[0];
    expect(verifyWebhookSignature(secret, first.headers['x-octoflow-timestamp'] as string, first.body, first.headers['x-octoflow-signature'] as string, 300)).toBe(true);
    expect(JSON.parse(first.body)).toMatchObject({ event: 'traveller.arrived', customerId: 'C000701' });

    const rotated = await admin.partnerEndpoints.rotateSecret({ id: 'hotel_partner' });
    expect(rotated.secret).not.toBe(secret);
    await arrive('C000702');
    const second = partner.received[1];
    const check = (s: string) => verifyWebhookSignature(s, second.headers['x-octoflow-timestamp'] as string, second.body, second.headers['x-octoflow-signature'] as string, 300);
    expect(check(rotated.secret)).toBe(true);
    expect(check(secret)).toBe(false);
    const actions = (await app.rt.db.select().from(auditLog).where(eq(auditLog.entityId, 'hotel_partner'))).map((a) => a.action);
    expect(actions).toEqual(['partner_endpoint.create', 'partner_endpoint.rotate_secret']);
    expect(logged.join('\n')).not.toContain(secret);
    expect(logged.join('\n')).not.toContain(rotated.secret);
  }, 180_000);

  it('should send nothing to a disabled endpoint and say so in the outbox; a changed URL applies at once', async () => {
    await admin.partnerEndpoints.update({ id: 'hotel_partner', nameZh: '酒店合作伙伴', nameEn: 'Hotel partner', url: `${partner.url}/v2/hooks`, active: false });
    await arrive('C000703');
    expect(partner.received).toHaveLength(2);
    const dead = await app.rt.db.select().from(outbox).where(and(eq(outbox.channel, 'webhook'), eq(outbox.customerId, 'C000703')));
    expect(dead[0]).toMatchObject({ status: 'dead' });
    expect(dead[0].lastError).toContain('partner endpoint "hotel_partner" is disabled');
    await admin.partnerEndpoints.update({ id: 'hotel_partner', nameZh: '酒店合作伙伴', nameEn: 'Hotel partner', url: `${partner.url}/v2/hooks`, active: true });
    await arrive('C000704');
    expect(partner.received).toHaveLength(3);
    const update = (await app.rt.db.select().from(auditLog).where(eq(auditLog.action, 'partner_endpoint.update')))[0];
    expect(update.detail).toMatchObject({ before: { url: `${partner.url}/hooks/octoflow`, active: true }, after: { url: `${partner.url}/v2/hooks`, active: false } });
  }, 180_000);

  it('should send nothing to an endpoint disabled by hand in SQL, from the first delivery after the change is heard', async () => {
    const before = partner.received.length;
    await arrive('C000705'); // delivered, and the endpoint cached
    expect(partner.received).toHaveLength(before + 1);
    const heard = app.changes.generation('partner_endpoints');
    await app.rt.db.update(partnerEndpoints).set({ active: false }).where(eq(partnerEndpoints.id, 'hotel_partner'));
    await waitFor(async () => app.changes.generation('partner_endpoints') > heard, 5_000, 'the change to be heard');
    await arrive('C000706');
    expect(partner.received).toHaveLength(before + 1);
    const [dead] = await app.rt.db.select().from(outbox).where(and(eq(outbox.channel, 'webhook'), eq(outbox.customerId, 'C000706')));
    expect(dead).toMatchObject({ status: 'dead', lastError: expect.stringContaining('partner endpoint "hotel_partner" is disabled') });
    await app.rt.db.update(partnerEndpoints).set({ active: true }).where(eq(partnerEndpoints.id, 'hotel_partner'));
  }, 180_000);

  it('should apply a change made in the app from the very next delivery, before any notification of it arrives', async () => {
    const before = partner.received.length;
    await arrive('C000707'); // delivered, and the endpoint cached
    expect(partner.received).toHaveLength(before + 1);
    // With the trigger off no notification is sent: only the app's own word drops the cache.
    await app.rt.db.execute(sql`alter table partner_endpoints disable trigger partner_endpoints_changed`);
    try {
      const heard = app.changes.generation('partner_endpoints');
      await admin.partnerEndpoints.update({ id: 'hotel_partner', nameZh: '酒店合作伙伴', nameEn: 'Hotel partner', url: `${partner.url}/v2/hooks`, active: false });
      expect(app.changes.generation('partner_endpoints')).toBeGreaterThan(heard);
      await arrive('C000708');
      expect(partner.received).toHaveLength(before + 1);
      const [dead] = await app.rt.db.select().from(outbox).where(and(eq(outbox.channel, 'webhook'), eq(outbox.customerId, 'C000708')));
      expect(dead).toMatchObject({ status: 'dead', lastError: expect.stringContaining('partner endpoint "hotel_partner" is disabled') });
      await admin.partnerEndpoints.update({ id: 'hotel_partner', nameZh: '酒店合作伙伴', nameEn: 'Hotel partner', url: `${partner.url}/v2/hooks`, active: true });
      await arrive('C000709');
      expect(partner.received).toHaveLength(before + 2);
    } finally {
      await app.rt.db.execute(sql`alter table partner_endpoints enable trigger partner_endpoints_changed`);
    }
  }, 180_000);
});

describe('the secret key', () => {
  it('should refuse to open a secret sealed with another key or moved to another row, naming why', () => {
    const a = secretBox(parseSecretKey('a'.repeat(64)));
    const b = secretBox(parseSecretKey(Buffer.alloc(32, 7).toString('base64')));
    const sealed = a.seal('whsec_s3cr3t_s3cr3t_s3cr3t', 'row_1');
    expect(a.open(sealed, 'row_1')).toBe('whsec_s3cr3t_s3cr3t_s3cr3t');
    expect(() => b.open(sealed, 'row_1')).toThrow(`encrypted with key ${a.keyId}, but OCTOFLOW_SECRET_KEY is key ${b.keyId}`);
    expect(() => a.open(sealed, 'row_2')).toThrow(/does not decrypt/);
    expect(() => parseSecretKey('short')).toThrow(/OCTOFLOW_SECRET_KEY: must be 32 random bytes/);
  });

  it('should not store secrets on PostgreSQL without OCTOFLOW_SECRET_KEY, and say which variable to set', async () => {
    expect(loadSecretBox({ DATABASE_URL: 'postgres://db/octoflow', OCTOFLOW_DATA_DIR: '.data/pglite', OCTOFLOW_SECRET_KEY: undefined })).toBeNull();
    const saved = app.secrets;
    Object.assign(app, { secrets: null });
    await app.rt.db.update(partnerEndpoints).set({ active: true }).where(eq(partnerEndpoints.id, 'hotel_partner'));
    try {
      await expect(admin.partnerEndpoints.create({ id: 'nokey', nameZh: '无', nameEn: 'No key', url: 'https://api.partner.example/x' })).rejects.toThrow(/set OCTOFLOW_SECRET_KEY/);
      expect((await admin.partnerEndpoints.list()).canStoreSecrets).toBe(false);
      expect(await resolveEndpoint(app.rt.db, null, 'hotel_partner')).toEqual({ error: expect.stringContaining('OCTOFLOW_SECRET_KEY is not set') });
    } finally {
      Object.assign(app, { secrets: saved });
    }
  });
});

describe('deleting a partner endpoint', () => {
  it('should refuse while a running campaign’s webhook node sends to it, naming the campaign, and delete it (audited) once that campaign has ended', async () => {
    await admin.partnerEndpoints.create({ id: 'taxi_partner', nameZh: '出租车伙伴', nameEn: 'Taxi partner', url: `${partner.url}/taxi` });
    const { campaignId } = await launchFlow(app, 'Taxi at the airport', flow('taxi_partner'));
    const refused = admin.partnerEndpoints.delete({ id: 'taxi_partner' });
    await expect(refused).rejects.toThrow(/partner endpoint taxi_partner cannot be deleted: the webhook nodes of running campaigns send to it \(Taxi at the airport\)/);
    await expect(refused).rejects.toMatchObject({ cause: { details: { reason: 'endpoint_in_use', campaigns: ['Taxi at the airport'] } } });
    // Paused, it may be resumed: still refused.
    await (await callerAs(app, 'approver@octoflow.demo')).campaigns.pause({ id: campaignId });
    await expect(admin.partnerEndpoints.delete({ id: 'taxi_partner' })).rejects.toThrow(/cannot be deleted/);
    expect((await admin.partnerEndpoints.list()).endpoints.map((e) => e.id)).toContain('taxi_partner');

    // As the lifecycle worker does when the campaign's window closes.
    await app.rt.db.update(campaigns).set({ status: 'ended' }).where(eq(campaigns.id, campaignId));
    await admin.partnerEndpoints.delete({ id: 'taxi_partner' });
    expect((await admin.partnerEndpoints.list()).endpoints.map((e) => e.id)).not.toContain('taxi_partner');
    expect(await resolveEndpoint(app.rt.db, app.secrets, 'taxi_partner')).toEqual({ error: 'endpointId: partner endpoint "taxi_partner" is not configured' });
    const audit = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.entityId, 'taxi_partner'), eq(auditLog.action, 'partner_endpoint.delete')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmail: 'admin@octoflow.demo', detail: { url: `${partner.url}/taxi`, nameEn: 'Taxi partner' } });
    expect((await verifyAuditChain(app.rt.db)).ok).toBe(true);
    await expect(admin.partnerEndpoints.delete({ id: 'taxi_partner' })).rejects.toThrow(/partner endpoint taxi_partner not found/);
  }, 180_000);

  it('should let only administrators delete, and not be held up by a draft that names the endpoint', async () => {
    await admin.partnerEndpoints.create({ id: 'draft_partner', nameZh: '草稿伙伴', nameEn: 'Draft partner', url: `${partner.url}/draft` });
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await designer.campaigns.create({ name: 'Not launched yet', graph: flow('draft_partner') });
    await expect(designer.partnerEndpoints.delete({ id: 'draft_partner' })).rejects.toThrow(/may not/);
    await admin.partnerEndpoints.delete({ id: 'draft_partner' });
    expect((await admin.partnerEndpoints.list()).endpoints.map((e) => e.id)).not.toContain('draft_partner');
  });

  it('should refuse to launch a version whose webhook node names an endpoint that is not registered, naming it', async () => {
    await admin.partnerEndpoints.create({ id: 'gone_partner', nameZh: '已删伙伴', nameEn: 'Gone partner', url: `${partner.url}/gone` });
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Approved, then its partner left', graph: flow('gone_partner') });
    const v = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v.id, decision: 'approved' });
    await admin.partnerEndpoints.delete({ id: 'gone_partner' });
    const refused = approver.campaigns.launch({ id: c.id });
    await expect(refused).rejects.toThrow(/cannot be launched: its webhook nodes send to partner endpoints that are not registered \(gone_partner\)/);
    await expect(refused).rejects.toMatchObject({ cause: { details: { reason: 'endpoint_missing', endpoints: ['gone_partner'] } } });
    const [row] = await app.rt.db.select().from(campaigns).where(eq(campaigns.id, c.id));
    expect(row).toMatchObject({ status: 'approved', liveVersionId: null });
  });
});

// Deleting checks that no running campaign sends to the endpoint, and launching that the
// endpoints a version sends to exist; each in its own transaction. Without a lock they pass each
// other: both check, both commit, and a live flow sends to an endpoint that is gone.
describe('deleting an endpoint while a campaign sending to it is launched', () => {
  const rounds = onPostgres ? 40 : 3;
  it(`should let exactly one of them win, ${rounds} times at once, never leaving a running flow without its endpoint`, async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const wins = { delete: 0, launch: 0 };
    for (let i = 0; i < rounds; i++) {
      const id = `race_partner_${i}`;
      await admin.partnerEndpoints.create({ id, nameZh: `竞争${i}`, nameEn: `Race ${i}`, url: `${partner.url}/race` });
      const c = await designer.campaigns.create({ name: `Race ${i}`, graph: flow(id, `RACE-${i}`) });
      const v = await designer.campaigns.submit({ id: c.id });
      await approver.campaigns.decide({ versionId: v.id, decision: 'approved' });
      // Alternate which starts first: each order must hold.
      const [first, second] = i % 2 ? ['launch', 'delete'] : ['delete', 'launch'];
      const run = (what: string) => (what === 'delete' ? admin.partnerEndpoints.delete({ id }) : approver.campaigns.launch({ id: c.id }));
      const [a, b] = await Promise.allSettled([run(first), run(second)]);
      const result = { [first]: a, [second]: b } as Record<'delete' | 'launch', PromiseSettledResult<unknown>>;
      const [row] = await app.rt.db.select().from(campaigns).where(eq(campaigns.id, c.id));
      const endpoint = (await app.rt.db.select().from(partnerEndpoints).where(eq(partnerEndpoints.id, id)))[0];
      if (result.delete.status === 'fulfilled') {
        expect(result.launch, `round ${i}: deleted, so the launch must be refused`).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/not registered \(race_partner_\d+\)/) } });
        expect(row.status).toBe('approved');
        expect(endpoint).toBeUndefined();
        wins.delete++;
      } else {
        expect(result.delete, `round ${i}: the delete was refused, so the launch must have gone through`).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/cannot be deleted/) } });
        expect(result.launch.status).toBe('fulfilled');
        expect(row.status).toBe('live');
        expect(endpoint).toBeDefined();
        wins.launch++;
      }
      if (row.status === 'live') await app.rt.db.update(campaigns).set({ status: 'ended' }).where(eq(campaigns.id, c.id));
    }
    expect(wins.delete + wins.launch).toBe(rounds);
  }, 300_000);
});

describe('a delivery batch of several partner webhooks', () => {
  type PgClient = { _activeQuery?: unknown; _queryQueue?: unknown[] };
  type Query = (this: PgClient, ...args: unknown[]) => unknown;

  // node-postgres runs one query at a time per connection; a query issued while another is
  // executing is deprecated (it warns "Calling client.query() when the client is already
  // executing a query") and pg 9 refuses it. The batch's sends run concurrently on one
  // transaction, so their lookups must not overlap: the endpoints are loaded once for the batch.
  it('should sign every send with its endpoint’s secret, look the endpoints up with one query and never overlap queries on the connection', async () => {
    const a = await admin.partnerEndpoints.create({ id: 'batch_a', nameZh: '批量甲', nameEn: 'Batch A', url: `${partner.url}/a` });
    const b = await admin.partnerEndpoints.create({ id: 'batch_b', nameZh: '批量乙', nameEn: 'Batch B', url: `${partner.url}/b` });
    await launchFlow(app, 'Batch A', flow('batch_a', 'BATCH-A'));
    await launchFlow(app, 'Batch B', flow('batch_b', 'BATCH-B'));
    const who = Array.from({ length: 8 }, (_, i) => ({ id: `C00072${i}`, city: i % 2 ? 'BATCH-B' : 'BATCH-A' }));
    await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` }).where(sql`${customers.id} in ${who.map((w) => w.id)}`);
    await ingestEvents(
      app.rt,
      who.map((w) => ({ eventId: `batch-${w.id}`, customerId: w.id, type: 'roaming_arrival', occurredAt: app.clock.now().toISOString(), attributes: { city: w.city, country: 'CN' } })),
    );
    while ((await processPendingEvents(app.rt)) > 0) {
      /* all events, then one delivery pass */
    }

    const before = partner.received.length;
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const overlapping: string[] = [];
    const endpointLookups: string[] = [];
    const original = pg.Client.prototype.query as unknown as Query;
    const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: PgClient, ...args: unknown[]) {
      const q = args[0] as string | { text?: string };
      const text = typeof q === 'string' ? q : (q?.text ?? '');
      if (this._activeQuery || this._queryQueue?.length) overlapping.push(text);
      if (/from "partner_endpoints"/.test(text)) endpointLookups.push(text);
      return original.apply(this, args);
    } as never);
    try {
      expect(await dispatchOutbox(app.rt)).toBeGreaterThanOrEqual(who.length);
    } finally {
      spy.mockRestore();
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      process.off('warning', onWarning);
    }

    const got = partner.received.slice(before);
    expect(got).toHaveLength(who.length);
    for (const w of who) {
      const req = got.find((r) => JSON.parse(r.body).customerId === w.id);
      expect(req, `${w.id} got no partner request`).toBeDefined();
      const secret = w.city === 'BATCH-A' ? a.secret : b.secret;
      expect(verifyWebhookSignature(secret, req!.headers['x-octoflow-timestamp'] as string, req!.body, req!.headers['x-octoflow-signature'] as string, 300)).toBe(true);
    }
    const rows = await app.rt.db.select().from(outbox).where(and(eq(outbox.channel, 'webhook'), sql`${outbox.customerId} in ${who.map((w) => w.id)}`));
    expect(rows.map((r) => r.status)).toEqual(who.map(() => 'sent'));
    expect(warnings).toEqual([]);
    if (onPostgres) {
      // PGlite runs in this process without node-postgres: these two hold on PostgreSQL.
      expect(overlapping).toEqual([]);
      expect(endpointLookups).toHaveLength(1);
    }
  }, 180_000);
});
