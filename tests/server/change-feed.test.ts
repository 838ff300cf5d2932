// Caches that hear of changes (db/change-feed.ts): a valid API key is served from memory while
// every change to the keys is heard, through a NOTIFY a trigger sends as the change commits. A
// revocation by this process, by another one or by hand in SQL is refused from the next request
// once heard; while a process is not listening it reads every key again. The live flows hear of
// launches and pauses the same way, and the workers' settings of a new contact policy, wherever
// the change was made.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@/server/app';
import { openPostgres } from '@/server/db/client';
import { LISTENER_APPLICATION_NAME } from '@/server/db/listen';
import { apiKeys, campaigns, journeys } from '@/server/db/schema';
import { routePublicApi } from '@/server/http/public-api';
import { serve } from '@/server/http/node-server';
import { defaultContactPolicy, saveContactPolicy, CONTACT_POLICY_KEY } from '@/server/runtime/contact-policy';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { createApiKey, revokeApiKey } from '@/server/services/api-keys';
import { launchCampaign } from '@/server/services/campaigns';
import { actorFor, callerAs } from './support/actors';
import { contactFlow, launchFlow } from './support/flows';
import { suppressionReasons, usageEvent } from './support/events';
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

/** A counter visit by `customerId`, processed to the end. */
const visit = async (customerId: string) => {
  await ingestEvents(app.rt, [
    { eventId: `visit-${++n}`, customerId, type: 'counter_visit', occurredAt: '2026-06-01T02:00:00Z', attributes: { shop_id: 'HZ-01' } },
  ]);
  await drainRuntime(app.rt);
};

describe('live flows reloaded as soon as a change is heard', () => {
  const entered = async (campaignId: string) =>
    (await app.rt.db.select({ c: journeys.customerId }).from(journeys).where(eq(journeys.campaignId, campaignId))).map((r) => r.c).sort();
  const heard = async (before: number, what: string) =>
    waitFor(async () => app.changes.generation('campaigns') > before, 5_000, what);

  it('should enter nobody into a campaign paused by hand in SQL from the next event once the pause is heard', async () => {
    const { campaignId } = await launchFlow(app, 'Paused by hand', contactFlow('counter_visit', '欢迎光临'));
    await visit('C000030'); // enters, and the index of live flows was read just now
    expect(await entered(campaignId)).toEqual(['C000030']);
    const before = app.changes.generation('campaigns');
    await app.rt.db.update(campaigns).set({ status: 'paused' }).where(eq(campaigns.id, campaignId));
    await heard(before, 'the pause to be heard');
    // Not seconds later, when the index would have been read again anyway: the next event.
    await visit('C000031');
    expect(await entered(campaignId)).toEqual(['C000030']);
  });

  it.runIf(onPostgres)('should enter nobody into a campaign another process paused, from the next event once heard', async () => {
    const other = await createApp({ env: app.env, database: await openPostgres(app.databaseUrl!), workers: false, channels: [] });
    try {
      const { campaignId } = await launchFlow(app, 'Paused elsewhere', contactFlow('counter_visit', '欢迎再来'));
      await visit('C000036');
      expect(await entered(campaignId)).toEqual(['C000036']);
      const before = app.changes.generation('campaigns');
      await (await callerAs(other, 'approver@octoflow.demo')).campaigns.pause({ id: campaignId });
      await heard(before, 'the other process’s pause to be heard');
      await visit('C000037');
      expect(await entered(campaignId)).toEqual(['C000036']);
    } finally {
      await other.close();
    }
  });

  it('should not make every process reload its flows for a draft saved in the designer', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const created = app.changes.generation('campaigns');
    const c = await designer.campaigns.create({ name: 'Edited a lot', graph: contactFlow('counter_visit', '草稿') });
    await waitFor(async () => app.changes.generation('campaigns') > created, 5_000, 'the new campaign to be heard');
    const before = app.changes.generation('campaigns');
    await designer.campaigns.saveDraft({ id: c.id, graph: contactFlow('counter_visit', '草稿二'), revision: 0 });
    await app.rt.db.update(campaigns).set({ priority: 70 }).where(eq(campaigns.id, c.id));
    // Notifications arrive in commit order: had the save been announced, it would count too.
    await heard(before, 'the new priority to be heard');
    expect(app.changes.generation('campaigns')).toBe(before + 1);
  });

  it.runIf(onPostgres)('should run a campaign launched while the flows were being read, once the launch commits and is heard', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Launched mid-read', graph: contactFlow('counter_visit', '新店开业') });
    const v = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v.id, decision: 'approved' });
    const actor = await actorFor(app, 'approver@octoflow.demo');
    const before = app.changes.generation('campaigns');
    await app.rt.db.transaction(async (tx) => {
      await launchCampaign(tx, app.rt, actor, c.id);
      // Another connection reads the live flows after the launch asked for a reload, but before
      // it committed: it cannot see the campaign yet.
      await visit('C000032');
    });
    expect(await entered(c.id)).toEqual([]);
    await heard(before, 'the launch to be heard');
    await visit('C000033');
    expect(await entered(c.id)).toEqual(['C000033']);
  });
});

describe('settings reloaded as soon as a change is heard', () => {
  const suppressions = (customerId: string) => suppressionReasons(app.rt.db, customerId);

  it('should apply a contact policy changed by hand in SQL from the next event once the change is heard', async () => {
    await launchFlow(app, 'Policy heard', contactFlow('counter_visit', '您好'));
    try {
      await visit('C000034'); // contacted, and the contact policy read just now
      expect(await suppressions('C000034')).not.toContain('fatigue_cap');
      const before = app.changes.generation('settings');
      const none = { ...defaultContactPolicy, caps: { perDay: 0, perWeek: 0 } };
      await app.rt.db.execute(
        sql`insert into settings (key, value) values (${CONTACT_POLICY_KEY}, ${JSON.stringify(none)}::jsonb)
            on conflict (key) do update set value = excluded.value`,
      );
      await waitFor(async () => app.changes.generation('settings') > before, 5_000, 'the new policy to be heard');
      await visit('C000035');
      expect(await suppressions('C000035')).toContain('fatigue_cap');
    } finally {
      await saveContactPolicy(app.rt.db, defaultContactPolicy);
    }
  });
});
