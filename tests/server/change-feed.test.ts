// Caches that hear of changes (db/change-feed.ts): a valid API key is served from memory while
// every change to the keys is heard, through a NOTIFY a trigger sends as the change commits. A
// revocation by this process, by another one or by hand in SQL is refused from the next request
// once heard; while a process is not listening it reads every key again.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@/server/app';
import { openPostgres } from '@/server/db/client';
import { LISTENER_APPLICATION_NAME } from '@/server/db/listen';
import { apiKeys } from '@/server/db/schema';
import { routePublicApi } from '@/server/http/public-api';
import { serve } from '@/server/http/node-server';
import { createApiKey, revokeApiKey } from '@/server/services/api-keys';
import { usageEvent } from './support/events';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';
import { waitFor } from './support/worker-process';

let app: TestApp;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  app = await createTestApp();
  server = await serve((req) => routePublicApi(app, req));
  await waitFor(async () => app.changes.live, 10_000, 'the app to listen for changes');
});
afterAll(async () => {
  await server?.close();
  await app?.close();
});

let n = 0;
/** The status of one event posted with `key`. */
const post = async (key: string) =>
  (
    await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(usageEvent('C000020', { eventId: `feed-${++n}` })),
    })
  ).status;

const revokeBySql = (id: string) => app.rt.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));

/** Runs `fn` with the api_keys trigger off: changes made meanwhile are not heard. */
async function unheard(fn: () => Promise<unknown>) {
  await app.rt.db.execute(sql`alter table api_keys disable trigger api_keys_changed`);
  try {
    await fn();
  } finally {
    await app.rt.db.execute(sql`alter table api_keys enable trigger api_keys_changed`);
  }
}

describe('API keys cached while every change is heard', () => {
  it('should serve a checked key from memory, so a change nobody hears would go unseen', async () => {
    const { id, key } = await createApiKey(app.rt.db, 'cached', ['events:write']);
    expect(await post(key)).toBe(202);
    // Without the trigger's notification the revocation is not heard, and the key still passes:
    // the cache is real, and the trigger is what keeps it honest.
    await unheard(() => revokeBySql(id));
    expect(await post(key)).toBe(202);
  });

  it('should refuse a key revoked by hand in SQL from the next request once the change is heard', async () => {
    const { id, key } = await createApiKey(app.rt.db, 'by hand', ['events:write']);
    expect(await post(key)).toBe(202);
    const heard = app.changes.generation('api_keys');
    await revokeBySql(id);
    await waitFor(async () => app.changes.generation('api_keys') > heard, 5_000, 'the revocation to be heard');
    expect(await post(key)).toBe(401);
  });

  it('should refuse a key revoked through the app from the very next request, not once the notification is back', async () => {
    const { id, key } = await createApiKey(app.rt.db, 'by the app', ['events:write']);
    expect(await post(key)).toBe(202);
    await unheard(() => revokeApiKey(app.rt.db, null, id, new Date()));
    expect(await post(key)).toBe(401);
  });

  it.runIf(onPostgres)('should refuse a key another process revoked, as soon as it hears of it', async () => {
    const other = await createApp({ env: app.env, database: await openPostgres(app.databaseUrl!), workers: false, channels: [] });
    try {
      const { id, key } = await createApiKey(app.rt.db, 'elsewhere', ['events:write']);
      expect(await post(key)).toBe(202);
      await revokeApiKey(other.rt.db, null, id, new Date());
      await waitFor(async () => (await post(key)) === 401, 5_000, 'the other process’s revocation to apply here');
    } finally {
      await other.close();
    }
  });

  it.runIf(onPostgres)('should read every key again while not listening, and after listening again', async () => {
    const { id, key } = await createApiKey(app.rt.db, 'while deaf', ['events:write']);
    expect(await post(key)).toBe(202);
    await app.rt.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`,
    );
    await waitFor(async () => !app.changes.live, 5_000, 'the app to notice it stopped listening');
    // Revoked unheard (no notification at all): still refused, because nothing is served from
    // the cache while notifications may be missed...
    await unheard(() => revokeBySql(id));
    expect(await post(key)).toBe(401);
    // ...nor what was cached before, once listening again.
    await waitFor(async () => app.changes.live, 10_000, 'the app to listen again');
    expect(await post(key)).toBe(401);
  });
});
