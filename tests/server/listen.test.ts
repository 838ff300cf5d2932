// The listening connection (db/listen.ts): on PostgreSQL a process holds one connection for every
// channel it listens on (work wake-ups and the change feed), whoever listens hears only its own
// channel, and when the connection is lost every listener is told, and told again once it is back.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTENER_APPLICATION_NAME, type ListenHandlers } from '@/server/db/listen';
import { listenForWork, notifyEvents } from '@/server/runtime/notify';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';
import { waitFor } from './support/worker-process';

describe.runIf(onPostgres)('the listening connection on PostgreSQL', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
    await waitFor(async () => app.changes.live, 10_000, 'the change feed to listen');
  });
  afterAll(async () => app?.close());

  const listeners = async () =>
    Number(
      (
        (await app.rt.db.execute(
          sql`select count(*) as n from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`,
        )) as unknown as { rows: { n: string }[] }
      ).rows[0].n,
    );

  /** A handler that records what it was told. */
  const recorder = () => {
    const seen = { payloads: [] as string[], listening: 0, lost: 0 };
    const on: ListenHandlers = { onNotify: (p) => seen.payloads.push(p), onListening: () => seen.listening++, onLost: () => seen.lost++ };
    return { seen, on };
  };

  it('should carry the work wake-ups and the change feed on one connection, each hearing its own channel', async () => {
    let woken = 0;
    const stopWork = listenForWork(app.database, () => woken++);
    const other = recorder();
    const stopOther = app.database.listen('octoflow_listen_test', other.on);
    try {
      await waitFor(async () => woken >= 1 && other.seen.listening === 1, 10_000, 'both to be listening');
      expect(await listeners()).toBe(1);
      await notifyEvents(app.rt.db);
      await waitFor(async () => woken >= 2, 5_000, 'the work notification');
      expect(other.seen.payloads).toEqual([]);
      await app.rt.db.execute(sql`select pg_notify('octoflow_listen_test', 'hello')`);
      await waitFor(async () => other.seen.payloads.length === 1, 5_000, 'the test channel’s notification');
      expect(other.seen.payloads).toEqual(['hello']);
    } finally {
      await stopWork();
      await stopOther();
    }
    // The change feed still listens, on the same connection.
    expect(app.changes.live).toBe(true);
    expect(await listeners()).toBe(1);
  });

  it('should tell every listener the connection was lost, and again when it listens anew', async () => {
    const a = recorder();
    const stopA = app.database.listen('octoflow_listen_a', a.on);
    try {
      await waitFor(async () => a.seen.listening === 1, 10_000, 'the listener to be listening');
      await app.rt.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`);
      await waitFor(async () => a.seen.lost === 1 && !app.changes.live, 5_000, 'both listeners to hear the loss');
      await waitFor(async () => a.seen.listening === 2 && app.changes.live, 10_000, 'both to listen again');
      expect(await listeners()).toBe(1);
      // Re-subscribed: notifications reach it again.
      await app.rt.db.execute(sql`select pg_notify('octoflow_listen_a', 'again')`);
      await waitFor(async () => a.seen.payloads.includes('again'), 5_000, 'a notification after reconnecting');
    } finally {
      await stopA();
    }
    expect(a.seen.lost).toBe(2); // the kill, and the stop
  });

  it('should end the connection with its last listener, and open it again for a new one', async () => {
    await app.changes.stop();
    await waitFor(async () => (await listeners()) === 0, 5_000, 'the connection to end');
    const b = recorder();
    const stopB = app.database.listen('octoflow_listen_b', b.on);
    await waitFor(async () => b.seen.listening === 1, 10_000, 'a new connection');
    expect(await listeners()).toBe(1);
    await stopB();
    await waitFor(async () => (await listeners()) === 0, 5_000, 'the connection to end again');
  });

  it('should refuse a channel name that is not a plain identifier, naming it', () => {
    expect(() => app.database.listen('work; drop table events', recorder().on)).toThrow(/not a notification channel name: "work; drop table events"/);
  });
});
