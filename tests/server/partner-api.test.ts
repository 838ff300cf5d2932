// The partner and upstream API over real HTTP: scopes, per-key rate limits (429 + Retry-After),
// revoked keys, tag updates in event order, enrolments, outcomes, catalogue reads, OpenAPI.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { apiKeys, customers, deadLetters, events, frontlineTasks } from '@/server/db/schema';
import { routePublicApi } from '@/server/http/public-api';
import { serve } from '@/server/http/node-server';
import { drainRuntime } from '@/server/runtime/workers';
import { createApiKey } from '@/server/services/api-keys';
import { DEMO_API_KEY } from '@/server/services/demo';
import { loadExample } from '@/server/services/demo';
import { callerAs } from './support/actors';
import { launchFlow } from './support/flows';
import { createTestApp, type TestApp } from './support/test-app';
import { usageEvent } from './support/events';

let app: TestApp;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  app = await createTestApp();
  server = await serve((req) => routePublicApi(app, req));
});
afterAll(async () => {
  await server?.close();
  await app?.close();
});

const call = (method: string, path: string, body?: unknown, key = DEMO_API_KEY) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const tagsOf = async (id: string) => (await app.rt.db.select().from(customers).where(eq(customers.id, id)))[0].tags;

describe('API keys', () => {
  it('should refuse a route whose scope the key lacks with 403, naming the scope', async () => {
    const { key } = await createApiKey(app.rt.db, 'reader', ['customers:read']);
    const res = await call('POST', '/api/v1/outcomes', { outcomeId: 'o-1', customerId: 'C000001', outcome: 'accepted' }, key);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'this API key lacks the scope outcomes:write' });
    expect((await call('GET', '/api/v1/customers/C000001/subscriptions', undefined, key)).status).toBe(200);
  });

  it('should answer 429 with Retry-After once a key has spent its burst, and serve again after waiting', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const { key } = await admin.apiKeys.create({ name: 'Bank partner', scopes: ['catalog:read'], ratePerSecond: 1, burst: 3 });
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await call('GET', '/api/v1/tags', undefined, key);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toContain(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited!.json()).error).toMatch(/rate limit of this API key exceeded \(1 requests per second, bursts of 3\)/);
    // Another key is not affected by this one's limit.
    expect((await call('GET', '/api/v1/tags')).status).toBe(200);
    await new Promise((r) => setTimeout(r, Number(limited!.headers.get('retry-after')) * 1000 + 50));
    expect((await call('GET', '/api/v1/tags', undefined, key)).status).toBe(200);
  });

  it('should refuse a revoked key from the very next request', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const { id, key } = await admin.apiKeys.create({ name: 'Travel partner', scopes: ['events:write'] });
    expect((await call('POST', '/api/v1/events', usageEvent('C000010'), key)).status).toBe(202);
    await admin.apiKeys.revoke({ id });
    const res = await call('POST', '/api/v1/events', usageEvent('C000010'), key);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid or revoked API key' });
    const listed = (await admin.apiKeys.list()).find((k) => k.id === id)!;
    expect(listed.revokedAt).toBeInstanceOf(Date);
    expect(listed).not.toHaveProperty('keyHash');
    // Only a SHA-256 of the key is kept: no column holds the key itself.
    const [row] = await app.rt.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row.keyHash).toBe(createHash('sha256').update(key, 'utf8').digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key);
  });

  it('should let only administrators create and revoke keys', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await expect(designer.apiKeys.create({ name: 'x', scopes: ['events:write'] })).rejects.toThrow(/may not apikeys.manage/);
    await expect(designer.apiKeys.list()).rejects.toThrow(/may not/);
  });
});

describe('incremental tag updates', () => {
  it('should apply PATCH /customers/{id}/tags in order with the customer’s events', async () => {
    const res = await call('PATCH', '/api/v1/customers/C000020/tags', { tags: { arpu: 199.5, value_tier: 'gold', device: null }, occurredAt: '2026-06-01T01:00:00Z' });
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body).toMatchObject({ accepted: true, duplicate: false });
    expect(await tagsOf('C000020')).toHaveProperty('device'); // not yet: it is an event
    await drainRuntime(app.rt);
    const tags = await tagsOf('C000020');
    expect(tags).toMatchObject({ arpu: 199.5, value_tier: 'gold' });
    expect(tags).not.toHaveProperty('device');
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, body.eventId));
    expect(ev).toMatchObject({ type: 'tags_updated', status: 'processed' });
  });

  it('should let an event after a tag update see the new tags (the demo flow needs arpu >= 50)', async () => {
    // Customer C000030 gets a low ARPU, then a high one, then uses 80% of its data: the flow's
    // condition must see the last value, because tag updates run in event order.
    await call('POST', '/api/v1/events', [
      { eventId: 'tu-1', customerId: 'C000030', type: 'tags_updated', occurredAt: '2026-06-01T01:00:00Z', attributes: { arpu: 10, opted_out: false } },
      { eventId: 'tu-2', customerId: 'C000030', type: 'tags_updated', occurredAt: '2026-06-01T01:30:00Z', attributes: { arpu: 120 } },
      usageEvent('C000030', { eventId: 'use-1', occurredAt: '2026-06-01T02:00:00Z' }),
    ]);
    await drainRuntime(app.rt);
    expect((await tagsOf('C000030')).arpu).toBe(120);
    const steps = await (await call('GET', '/api/v1/customers/C000030/steps')).json();
    expect(steps.steps.map((s: { nodeKind: string; outcome: string }) => `${s.nodeKind}:${s.outcome}`)).toContain('condition:yes');
  });

  it('should refuse undeclared tags and ill-typed values, naming the tag', async () => {
    const unknown = await call('PATCH', '/api/v1/customers/C000020/tags', { tags: { shoe_size: 42 } });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatch(/^tags\.shoe_size: no such tag is declared/);
    const typed = await call('PATCH', '/api/v1/customers/C000020/tags', { tags: { tenure_months: 'long' } });
    expect((await typed.json()).error).toBe('tags.tenure_months: expected a whole number, got "long"');
    const batch = await call('POST', '/api/v1/events', [
      usageEvent('C000021'),
      { eventId: 'bad-tags', customerId: 'C000021', type: 'tags_updated', occurredAt: '2026-06-01T01:00:00Z', attributes: { plan: 'platinum' } },
    ]);
    const result = await batch.json();
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([{ index: 1, error: expect.stringMatching(/^attributes\.plan: expected one of basic_4g/) }]);
    const [letter] = await app.rt.db.select().from(deadLetters).where(eq(deadLetters.eventId, 'bad-tags'));
    expect(letter.error).toMatch(/attributes\.plan/);
    expect((await call('PATCH', '/api/v1/customers/NOBODY/tags', { tags: { arpu: 1 } })).status).toBe(404);
  });
});

describe('enrolments and outcomes', () => {
  it('should refuse an enrolment into a campaign without an API entry, and an unknown customer', async () => {
    const { rows } = await (await callerAs(app, 'designer@octoflow.demo')).campaigns.list({ status: ['live'] });
    const live = rows[0]!;
    const res = await call('POST', '/api/v1/enrolments', { customerId: 'C000001', campaignId: live.id });
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatch(/has no API entry/);
    const nobody = await call('POST', '/api/v1/enrolments', { customerId: 'NOBODY', campaignId: live.id });
    expect(nobody.status).toBe(404);
    const both = await call('POST', '/api/v1/enrolments', { customerId: 'C000001' });
    expect((await both.json()).error).toBe('campaignId: give exactly one of campaignId and flowId');
  });

  it('should enrol a customer into a live campaign with an API entry, checking the declared attributes', async () => {
    const { campaignId } = await launchFlow(app, 'Co-branded card welcome', loadExample('partner-card-enrolment'));
    const bad = await call('POST', '/api/v1/enrolments', { customerId: 'C000060', campaignId, attributes: { card_tier: 'diamond' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('attributes.card_tier: "card_tier" must be one of: standard, platinum.');
    const missing = await call('POST', '/api/v1/enrolments', { customerId: 'C000060', campaignId, attributes: {} });
    expect((await missing.json()).error).toBe('attributes.card_tier: "card_tier" is required.');
    const ok = await call('POST', '/api/v1/enrolments', {
      enrolmentId: 'bank-enrol-1',
      customerId: 'C000060',
      campaignId,
      attributes: { card_tier: 'platinum', credit_limit: 80000 },
    });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ eventId: 'bank-enrol-1', accepted: true, duplicate: false });
    const [ev] = await app.rt.db.select().from(events).where(eq(events.eventId, 'bank-enrol-1'));
    expect(ev).toMatchObject({ type: 'api_enrolment', customerId: 'C000060' });
    expect(ev.attributes).toEqual({
      campaign_id: campaignId,
      entry_node_id: 'enrolled',
      partner: 'Demo upstream system',
      attributes: { card_tier: 'platinum', credit_limit: 80000 },
    });
  });

  it('should record an outcome as a partner_outcome event, once per outcomeId', async () => {
    const body = { outcomeId: 'bank-789', customerId: 'C000040', outcome: 'purchased', offerId: 'offer_5gb_10cny', valueCny: 10 };
    const first = await call('POST', '/api/v1/outcomes', body);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ eventId: 'bank-789', accepted: true, duplicate: false });
    expect(await (await call('POST', '/api/v1/outcomes', body)).json()).toEqual({ eventId: 'bank-789', accepted: false, duplicate: true });
    const [ev] = await app.rt.db.select().from(events).where(and(eq(events.eventId, 'bank-789'), eq(events.type, 'partner_outcome')));
    expect(ev.attributes).toMatchObject({ outcome: 'purchased', offer_id: 'offer_5gb_10cny', value_cny: 10, partner: 'Demo upstream system' });
    const bad = await call('POST', '/api/v1/outcomes', { ...body, outcomeId: 'x', outcome: 'maybe' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^outcome: /);
  });
});

describe('catalogue reads', () => {
  it('should list products with offers and whether each is on sale now', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    await admin.products.saveOffer({
      id: 'offer_5gb_summer',
      productId: 'data_pack_5gb',
      nameZh: '暑期5GB',
      nameEn: 'Summer 5 GB',
      priceCny: 8,
      validFrom: new Date('2020-06-01T00:00:00Z'),
      validTo: new Date('2020-09-01T00:00:00Z'),
    });
    const { products } = await (await call('GET', '/api/v1/products')).json();
    const pack = products.find((p: { id: string }) => p.id === 'data_pack_5gb');
    expect(pack).toMatchObject({ priceCny: 10, active: true });
    expect(pack.offers).toEqual([
      expect.objectContaining({ id: 'offer_5gb_10cny', onSale: true, validTo: null }),
      expect.objectContaining({ id: 'offer_5gb_summer', onSale: false, validTo: '2020-09-01T00:00:00.000Z' }),
    ]);
    const upgrade = products.find((p: { id: string }) => p.id === 'unlimited_5g_upgrade');
    expect(upgrade).toMatchObject({ requiredPlans: ['basic_4g', 'prepaid'], minTenureMonths: 6 });
  });

  it('should list a customer’s subscriptions', async () => {
    const res = await call('GET', '/api/v1/customers/C000010/subscriptions');
    expect(await res.json()).toEqual({
      customerId: 'C000010',
      subscriptions: [expect.objectContaining({ productId: 'data_pack_5gb', nameEn: '5 GB data top-up' })],
    });
  });

  it('should serve an OpenAPI 3.1 document whose schemas are the validators’', async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/events', '/api/v1/imports/{kind}', '/api/v1/enrolments', '/api/v1/outcomes', '/api/v1/customers/{customerId}/tags']),
    );
    expect(doc.components.schemas.Outcome.properties.outcome.enum).toEqual(['accepted', 'declined', 'purchased', 'failed', 'no_answer']);
    expect(doc.components.schemas.Outcome.required).toEqual(expect.arrayContaining(['outcomeId', 'customerId', 'outcome']));
    expect(doc.paths['/api/v1/enrolments'].post.responses['429'].headers).toHaveProperty('Retry-After');
    expect(doc.info.description).toMatch(/X-Octoflow-Signature/);
  });

  // The document is checked against the answers the API really gives, not against itself: each
  // answer below is validated with the JSON Schema the served document gives for its route and status.
  it('should answer every route with a body that fits the schema its OpenAPI document gives for that status', async () => {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const local = (x: unknown) => JSON.parse(JSON.stringify(x).replaceAll('#/components/schemas/', '#/$defs/'));
    const fits = async (method: string, path: string, route: string, res: Response) => {
      const operation = doc.paths[route][method.toLowerCase()];
      const schema = operation.responses[String(res.status)]?.content?.['application/json']?.schema;
      expect(schema, `${method} ${route} documents no JSON body for ${res.status}`).toBeDefined();
      const body = await res.json();
      const checked = z.fromJSONSchema({ ...local(schema), $defs: local(doc.components.schemas) }).safeParse(body);
      expect(checked.success, `${method} ${path} ${res.status}: ${checked.error?.message}`).toBe(true);
      return body;
    };
    await drainRuntime(app.rt); // the demo's touchpoints become inbound offers
    const [task] = await app.rt.db.select().from(frontlineTasks).where(and(eq(frontlineTasks.kind, 'inbound'), eq(frontlineTasks.status, 'open')));
    const [caller] = await app.rt.db.select().from(customers).where(eq(customers.id, task.customerId));
    const offers = await fits('GET', `/api/v1/customers/${caller.id}/offers`, '/api/v1/customers/{customerId}/offers', await call('GET', `/api/v1/customers/${caller.id}/offers`));
    expect(offers.offers.length).toBeGreaterThan(0);
    await fits('GET', '/api/v1/offers', '/api/v1/offers', await call('GET', `/api/v1/offers?msisdn=${caller.msisdn}`));
    const sent = await fits('POST', '/api/v1/events', '/api/v1/events', await call('POST', '/api/v1/events', [usageEvent('C000070', { eventId: 'doc-fit-1' }), { eventId: 'doc-fit-2' }]));
    expect(sent).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] });
    await drainRuntime(app.rt);
    const steps = await fits('GET', '/api/v1/customers/C000070/steps', '/api/v1/customers/{customerId}/steps', await call('GET', '/api/v1/customers/C000070/steps'));
    expect(steps.steps.length).toBeGreaterThan(0);
    await fits('PATCH', '/api/v1/customers/C000070/tags', '/api/v1/customers/{customerId}/tags', await call('PATCH', '/api/v1/customers/C000070/tags', { eventId: 'doc-fit-3', tags: { arpu: 77 } }));
    await fits('POST', '/api/v1/outcomes', '/api/v1/outcomes', await call('POST', '/api/v1/outcomes', { outcomeId: 'doc-fit-4', customerId: 'C000070', outcome: 'declined' }));
    await fits('GET', '/api/v1/tags', '/api/v1/tags', await call('GET', '/api/v1/tags'));
    const types = await fits('GET', '/api/v1/event-types', '/api/v1/event-types', await call('GET', '/api/v1/event-types'));
    expect(types.eventTypes.find((e: { type: string }) => e.type === 'data_usage_80pct').attributes.map((a: { name: string }) => a.name)).toEqual(['pct', 'plan_gb']);
    await fits('GET', '/api/v1/products', '/api/v1/products', await call('GET', '/api/v1/products'));
    await fits('GET', '/api/v1/customers/C000070/subscriptions', '/api/v1/customers/{customerId}/subscriptions', await call('GET', '/api/v1/customers/C000070/subscriptions'));
    const csv = 'customer_id,msisdn,name,arpu\nC000070,13900000070,文档,oops\n';
    const imported = await fetch(`${server.url}/api/v1/imports/customers`, { method: 'POST', headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'text/csv' }, body: csv });
    expect((await fits('POST', '/api/v1/imports/customers', '/api/v1/imports/{kind}', imported)).errors).toEqual([expect.objectContaining({ line: 2, code: 'tag_not_number' })]);
    await fits('GET', '/api/v1/offers', '/api/v1/offers', await call('GET', '/api/v1/offers?msisdn=0'));
  });
});
