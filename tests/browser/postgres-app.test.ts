// The real app (`next start`) on PostgreSQL, as production runs it: the web process runs the
// workers, so the events its public API accepts are processed on intake. Next bundles the route
// handlers apart from the app's start-up, so this is where a step run from a request must reach
// the same process-wide state as the workers (the outbox wake-up, the machines' hooks).
// Needs PostgreSQL: E2E_PG_URL, default the machine's server (postgres://postgres@127.0.0.1:5432/postgres).
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from './support/public-api';
import { startServer, type TestServer } from './support/server';

const ADMIN_URL = process.env.E2E_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    console.warn(`postgres-app: PostgreSQL at ${ADMIN_URL} is not reachable; skipped (set E2E_PG_URL)`);
    return false;
  }
}

describe.runIf(await reachable())('the app on PostgreSQL', () => {
  let server: TestServer;
  const dbName = `octo_e2e_${randomBytes(5).toString('hex')}`;
  const admin = (sql: string) => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    return c.connect().then(() => c.query(sql).finally(() => c.end()));
  };

  beforeAll(async () => {
    await admin(`create database ${dbName}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${dbName}`;
    // As the README starts it: the whole demo (its history too, which the test runner otherwise
    // leaves out), with no OCTOFLOW_SECRET_KEY set, so no partner secrets can be stored. The first
    // events below come right after start, when the demo's campaigns must already be running.
    server = await startServer({ env: { DATABASE_URL: url.toString(), OCTOFLOW_DEMO_HISTORY: 'on' } });
  });
  afterAll(async () => {
    await server?.stop();
    await admin(`drop database if exists ${dbName} with (force)`);
  });

  it('should have stepped the journey by the 202 of an event, and deliver its SMS', async () => {
    const health = await fetch(`${server.baseUrl}/api/health`).then((r) => r.json());
    expect(health.db).toBe('postgres');
    const now = server.clockStart.getTime() + (Date.now() - server.startedAt);
    const customerId = 'C000004';
    const tags = await callApi(server.baseUrl, 'PATCH', `/api/v1/customers/${customerId}/tags`, {
      tags: { opted_out: false, arpu: 120.0 },
      occurredAt: new Date(now).toISOString(),
    });
    expect(tags.status).toBe(202);
    const steps = async () => {
      const { body } = await callApi(server.baseUrl, 'GET', `/api/v1/customers/${customerId}/steps`);
      return (body.steps as { journeyId: string; nodeKind: string; outcome: string }[]).map((s) => ({ journey: s.journeyId, step: `${s.nodeKind}:${s.outcome}` }));
    };
    const earlier = new Set((await steps()).map((s) => s.journey)); // the demo's history
    const fresh = async () => (await steps()).filter((s) => !earlier.has(s.journey)).map((s) => s.step);
    const event = { eventId: randomUUID(), customerId, type: 'data_usage_80pct', occurredAt: new Date(now + 1000).toISOString(), attributes: { pct: 80, plan_gb: 20 } };
    expect(await callApi(server.baseUrl, 'POST', '/api/v1/events', event)).toMatchObject({ status: 202, body: { accepted: 1, duplicates: 0 } });

    // Processed on intake: the new journey's steps are there as soon as the 202 is.
    expect((await fresh()).slice(0, 3)).toEqual(['trigger:entered', 'condition:yes', 'sms:contact_requested']);
    // The outbox hears of the contact at once and the simulated SMS centre accepts it.
    await expect.poll(fresh, { timeout: 30_000, interval: 200 }).toContain('sms:sent');
    // A repeat is a duplicate and steps nothing.
    expect(await callApi(server.baseUrl, 'POST', '/api/v1/events', event)).toMatchObject({ status: 202, body: { accepted: 0, duplicates: 1 } });
    expect((await fresh()).filter((s) => s === 'trigger:entered')).toHaveLength(1);
  });
});
