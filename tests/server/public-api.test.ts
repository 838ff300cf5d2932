// The public HTTP API as upstream systems use it: real HTTP, real database.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routePublicApi } from '@/server/http/public-api';
import { serve } from '@/server/http/node-server';
import { drainRuntime } from '@/server/runtime/workers';
import { DEMO_API_KEY } from '@/server/services/demo';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';
import { usageEvent } from './support/events';

let app: TestApp;
let server: Awaited<ReturnType<typeof serve>>;
const auth = { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' };

const post = (body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  app = await createTestApp();
  server = await serve((req) => routePublicApi(app, req));
});
afterAll(async () => {
  await server?.close();
  await app?.close();
});

describe('GET /api/health', () => {
  it('should report ok, which database it runs on and the time on its clock', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: onPostgres ? 'postgres' : 'pglite', time: app.clock.now().toISOString() });
  });
});

describe('POST /api/v1/events', () => {
  it('should refuse a request without a key or with a wrong key with 401', async () => {
    expect((await post(usageEvent('C000001'), { 'content-type': 'application/json' })).status).toBe(401);
    const wrong = await post(usageEvent('C000001'), { ...auth, authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toMatch(/invalid or revoked/);
  });

  it('should accept one event with 202 and count it', async () => {
    const res = await post(usageEvent('C000001'));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it('should count a repeated eventId as a duplicate, also inside one batch', async () => {
    const e = usageEvent('C000002');
    expect(await (await post(e)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await (await post(e)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const f = usageEvent('C000003');
    expect(await (await post([f, f])).json()).toMatchObject({ accepted: 1, duplicates: 1 });
  });

  it('should accept each of many events posted at once exactly once, and their concurrent repeats as duplicates', async () => {
    // Concurrent requests share intake statements (group commit); each must still get its own answer.
    const events = Array.from({ length: 16 }, (_, i) => usageEvent(`C0000${String(20 + i).padStart(2, '0')}`));
    const answers = await Promise.all([...events, ...events, events[0]].map(async (e) => (await post(e)).json()));
    expect(answers.reduce((n, a) => n + a.accepted, 0)).toBe(16);
    expect(answers.reduce((n, a) => n + a.duplicates, 0)).toBe(17);
    expect(answers.every((a) => a.accepted + a.duplicates === 1)).toBe(true);
    const res = await app.rt.db.execute(sql`select count(*)::int as n from events where event_id in ${events.map((e) => e.eventId)}`);
    expect((res as unknown as { rows: { n: number }[] }).rows[0].n).toBe(16);
  });

  it('should answer 400 naming the problem for a body that is not JSON', async () => {
    const res = await post('{"eventId": ');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/not valid JSON/);
  });

  it('should answer 400 naming the field for an event of the wrong shape', async () => {
    const res = await post({ ...usageEvent('C000001'), occurredAt: 'yesterday' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^occurredAt:/);
    const missing = await post({ customerId: 'C000001', type: 'x', occurredAt: '2026-06-01T02:00:00Z' });
    expect((await missing.json()).error).toMatch(/^eventId:/);
  });

  it('should accept the good events of a batch and report the bad ones by index', async () => {
    const res = await post([usageEvent('C000004'), { ...usageEvent('C000005'), customerId: 42 }, usageEvent('C000006')]);
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected).toEqual([{ index: 1, error: expect.stringMatching(/^customerId:/) }]);
  });

  it('should refuse more than 1000 events in one request', async () => {
    const many = Array.from({ length: 1001 }, () => usageEvent('C000007'));
    const res = await post(many);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/at most 1000/);
  });
});

describe('GET /api/v1/customers/{id}/steps', () => {
  it('should list the steps of the journeys an event caused, oldest first', async () => {
    await post(usageEvent('C000001', { eventId: 'steps-1' }));
    await drainRuntime(app.rt);
    const res = await fetch(`${server.url}/api/v1/customers/C000001/steps`, { headers: auth });
    expect(res.status).toBe(200);
    const { steps } = await res.json();
    const kinds = steps.map((s: { nodeKind: string; outcome: string }) => `${s.nodeKind}:${s.outcome}`);
    expect(kinds).toContain('sms:sent');
    expect(kinds[0]).toBe('trigger:entered');
    expect(steps[0]).toMatchObject({
      campaignId: expect.any(String),
      flowVersionHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      nodeId: expect.any(String),
      at: expect.any(String),
    });
  });

  it('should require the key', async () => {
    expect((await fetch(`${server.url}/api/v1/customers/C000001/steps`)).status).toBe(401);
  });
});
