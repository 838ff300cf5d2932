// Waking worker processes (runtime/notify.ts): on PostgreSQL a committed intake statement
// notifies every listening worker process, so one in another process starts on the events at
// once instead of at its next poll. (PGlite is one process: its loops are woken directly.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '@/server/runtime/event-intake';
import { listenForWork } from '@/server/runtime/notify';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';
import { usageEvent } from './support/events';
import { waitFor } from './support/worker-process';

describe.runIf(onPostgres)('work notifications on PostgreSQL', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => app?.close());

  it('should wake a listening worker process when events are committed, and not for duplicates', async () => {
    let woken = 0;
    const stop = listenForWork(app.database, () => woken++);
    try {
      await waitFor(async () => woken >= 1, 10_000, 'the listener to connect');
      const e = usageEvent('C000001');
      await ingestEvents(app.rt, [e]);
      await waitFor(async () => woken >= 2, 10_000, 'a notification after the intake committed');
      const before = woken;
      await ingestEvents(app.rt, [e]); // a duplicate commits nothing new
      await new Promise((r) => setTimeout(r, 300));
      expect(woken).toBe(before);
    } finally {
      await stop();
    }
  });
});
