// Reliability on real PostgreSQL with real worker processes: kill -9 at each point of a step,
// restarts, timers across a stopped fleet, and a worker paused past its lease. (PGlite has a
// single connection, so these prove nothing there and run only with DATABASE_URL.)
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { campaigns, customers, events, journeys, outbox, steps, timers } from '@/server/db/schema';
import { defaultContactPolicy, saveContactPolicy } from '@/server/runtime/contact-policy';
import { ingestEvents } from '@/server/runtime/event-intake';
import type { FlowGraph } from '@/workflows';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';
import { contactFlow, launchFlow } from './support/flows';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process';
import { startSmscSimulator, type SmscSimulator } from '@/server/channels/smpp/simulator';

const CUSTOMERS = 1000;
let app: TestApp;
// The SMS centre the worker processes deliver to over real SMPP (it deduplicates resubmissions
// of an effect key, as docs/sms-gateway.md requires of the production SMSC).
let smsc: SmscSimulator;
const running: WorkerProcess[] = [];
const worker = (env: Record<string, string> = {}) => {
  const w = startWorker(app.databaseUrl!, {
    OCTOFLOW_SMPP_HOST: '127.0.0.1',
    OCTOFLOW_SMPP_PORT: String(smsc.port),
    OCTOFLOW_SMPP_SYSTEM_ID: 'octoflow',
    OCTOFLOW_SMPP_PASSWORD: 'crash123',
    ...env,
  });
  running.push(w);
  return w;
};
const ids = Array.from({ length: CUSTOMERS }, (_, i) => `C${String(i + 1).padStart(6, '0')}`);
const count = async (q: Promise<{ n: number }[]>) => (await q)[0].n;
const n = sql<number>`count(*)`.mapWith(Number);

/** What is still open, for a failure message. */
async function openWork(campaignId: string) {
  const ev = await app.rt.db.select({ status: events.status, n }).from(events).groupBy(events.status);
  const ob = await app.rt.db.select({ status: outbox.status, n }).from(outbox).where(eq(outbox.campaignId, campaignId)).groupBy(outbox.status);
  const logs = running.map((w) => `--- worker ${w.child.pid}\n${w.output().slice(-2000)}`).join('\n');
  return `events ${JSON.stringify(ev)}, outbox ${JSON.stringify(ob)}\n${logs}`;
}

async function settled(campaignId: string) {
  const pendingEvents = await count(app.rt.db.select({ n }).from(events).where(eq(events.status, 'pending')));
  const open = await count(
    app.rt.db.select({ n }).from(outbox).where(and(eq(outbox.campaignId, campaignId), sql`${outbox.status} in ('pending','sending')`)),
  );
  return pendingEvents === 0 && open === 0;
}

/** Messages the SMS centre accepted for the campaign's text, per customer. */
async function messagesPerCustomer(text: string) {
  const byMsisdn = new Map((await app.rt.db.select({ id: customers.id, msisdn: customers.msisdn }).from(customers)).map((c) => [c.msisdn, c.id]));
  const per = new Map<string, number>();
  for (const m of smsc.messages()) {
    if (m.text !== text) continue;
    const id = byMsisdn.get(m.to) ?? `unknown:${m.to}`;
    per.set(id, (per.get(id) ?? 0) + 1);
  }
  return per;
}

const post = (type: string, attributes: Record<string, unknown>, tag: string) =>
  ingestEvents(
    app.rt,
    ids.map((customerId) => ({ eventId: `${tag}-${customerId}`, customerId, type, occurredAt: new Date().toISOString(), attributes })),
  );

describe.runIf(onPostgres)('reliability with worker processes on PostgreSQL', () => {
  beforeAll(async () => {
    smsc = await startSmscSimulator({ systemId: 'octoflow', password: 'crash123', receiptDelayMs: 100 });
    app = await createTestApp();
    await app.rt.db.update(campaigns).set({ status: 'paused' }); // the demo campaign stays out of it
    await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` });
    await saveContactPolicy(app.rt.db, { ...defaultContactPolicy, caps: { perDay: 100, perWeek: 100 }, channelCaps: {}, quietHours: null });
  }, 120_000);
  // A test that fails must not leave its workers running into the next one.
  afterEach(async () => {
    await Promise.all(running.splice(0).map((w) => w.stop()));
  });
  afterAll(async () => {
    await app?.close();
    await smsc?.close();
  });

  // The n-th pass of each failpoint: a step commits a batch of up to 100 events, so the 5th
  // step commit dies with 400 events committed and 100 in flight; a dispatch passes once per
  // message, so the 300th send dies with 299 (or 300) messages out.
  const matrix: [string, number, string, Record<string, unknown>][] = [
    ['step.before-commit', 5, 'balance_low', { balance: 2 }],
    ['dispatch.before-send', 300, 'contract_expiring', { days_left: 10 }],
    ['dispatch.after-send', 300, 'counter_visit', { shop_id: 'HZ-1' }],
  ];
  for (const [point, nth, type, attributes] of matrix) {
    it(`should give each of ${CUSTOMERS} customers exactly one SMS after kill -9 at ${point}`, async () => {
      const text = `${point} 提醒`;
      const { campaignId } = await launchFlow(app, `crash ${point}`, contactFlow(type, text), { exclusive: false });
      expect((await post(type, attributes, point)).accepted).toBe(CUSTOMERS);
      const doomed = worker({ OCTOFLOW_FAILPOINT: `${point}:${nth}` });
      const { signal } = await within(doomed.exited, 120_000, `the worker to die at ${point}`);
      expect(signal, doomed.output()).toBe('SIGKILL');
      const survivor = worker();
      await waitFor(() => settled(campaignId), 300_000, `campaign ${point} to settle`, () => openWork(campaignId));
      await survivor.stop();
      const per = await messagesPerCustomer(text);
      expect(per.size).toBe(CUSTOMERS);
      expect([...per.values()].every((v) => v === 1)).toBe(true);
    }, 600_000);
  }

  it('should process the same eventId once, across a restart', async () => {
    const { campaignId } = await launchFlow(app, 'dup across restart', contactFlow('inbound_call', '来电关怀'));
    const e = { eventId: 'same-5x', customerId: 'C000001', type: 'inbound_call', occurredAt: new Date().toISOString(), attributes: { reason: 'bill' } };
    for (let i = 0; i < 5; i++) {
      await ingestEvents(app.rt, [e]);
      const w = worker();
      await waitFor(() => settled(campaignId), 60_000, 'the event to settle', () => openWork(campaignId));
      await w.stop();
    }
    const js = await app.rt.db.select().from(journeys).where(eq(journeys.campaignId, campaignId));
    expect(js).toHaveLength(1);
    expect((await messagesPerCustomer('来电关怀')).get('C000001')).toBe(1);
  }, 120_000);

  it('should fire each of 10,000 waiting timers once, and none early, after the fleet was stopped', async () => {
    const waitFlow: FlowGraph = {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'sms_reply', condition: '' } },
        { id: 'w', kind: 'wait', position: { x: 0, y: 100 }, params: { duration: { amount: 1, unit: 'hours' } } },
        { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
      ],
      edges: [
        { id: 'a', source: 't', sourcePort: 'out', target: 'w' },
        { id: 'b', source: 'w', sourcePort: 'out', target: 'e' },
      ],
    };
    const { campaignId } = await launchFlow(app, 'ten thousand waits', waitFlow);
    const t0 = new Date(Date.now() + 365 * 86_400_000); // far from any other timer in this database
    for (let round = 0; round < 10; round++) {
      await ingestEvents(
        app.rt,
        ids.map((customerId) => ({ eventId: `wait-${round}-${customerId}`, customerId, type: 'sms_reply', occurredAt: new Date().toISOString(), attributes: { text: 'ok' } })),
      );
    }
    const starters = [worker({ OCTOFLOW_CLOCK_START: t0.toISOString() }), worker({ OCTOFLOW_CLOCK_START: t0.toISOString() })];
    const waiting = () => count(app.rt.db.select({ n }).from(timers).innerJoin(journeys, eq(journeys.id, timers.journeyId)).where(and(eq(journeys.campaignId, campaignId), eq(timers.status, 'pending'))));
    await waitFor(async () => (await waiting()) === 10_000, 900_000, '10,000 journeys to wait', async () => `${await waiting()} waiting; ${await openWork(campaignId)}`);
    await Promise.all(starters.map((w) => w.stop()));

    const early = worker({ OCTOFLOW_CLOCK_START: new Date(t0.getTime() + 55 * 60_000).toISOString() });
    await new Promise((r) => setTimeout(r, 3000));
    await early.stop();
    expect(await waiting()).toBe(10_000);

    const late = [1, 2].map(() => worker({ OCTOFLOW_CLOCK_START: new Date(t0.getTime() + 2 * 3600_000).toISOString() }));
    await waitFor(async () => (await waiting()) === 0, 900_000, 'all timers to fire', async () => `${await waiting()} waiting; ${await openWork(campaignId)}`);
    await Promise.all(late.map((w) => w.stop()));
    const elapsed = await count(app.rt.db.select({ n }).from(steps).where(and(eq(steps.campaignId, campaignId), eq(steps.outcome, 'elapsed'))));
    expect(elapsed).toBe(10_000);
    const done = await count(app.rt.db.select({ n }).from(journeys).where(and(eq(journeys.campaignId, campaignId), eq(journeys.status, 'done'))));
    expect(done).toBe(10_000);
  }, 1_800_000);

  it('should not double a contact when a worker is paused past its lease and resumes', async () => {
    const { campaignId } = await launchFlow(app, 'paused worker', contactFlow('order_placed', '感谢订购'));
    await ingestEvents(app.rt, [
      { eventId: 'pause-1', customerId: 'C000002', type: 'order_placed', occurredAt: new Date().toISOString(), attributes: { product_id: 'data_pack_5gb' } },
    ]);
    const paused = worker({ OCTOFLOW_FAILPOINT: 'dispatch.after-send:1:stop', OCTOFLOW_LEASE_MS: '2000' });
    await waitFor(async () => paused.child.exitCode === null && /State:\s+T/.test(await procStatus(paused.child.pid!)), 60_000, 'the worker to stop itself', () => openWork(campaignId));
    const other = worker({ OCTOFLOW_LEASE_MS: '2000' });
    await waitFor(() => settled(campaignId), 60_000, 'the other worker to take over', () => openWork(campaignId));
    paused.child.kill('SIGCONT');
    await new Promise((r) => setTimeout(r, 2000));
    await Promise.all([paused.stop(), other.stop()]);
    expect((await messagesPerCustomer('感谢订购')).get('C000002')).toBe(1);
    const sentSteps = await count(app.rt.db.select({ n }).from(steps).where(and(eq(steps.campaignId, campaignId), eq(steps.outcome, 'sent'))));
    expect(sentSteps).toBe(1);
  }, 120_000);
});

/** `promise`, or a failure naming what did not happen within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function procStatus(pid: number): Promise<string> {
  const fs = await import('node:fs/promises');
  return fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
}
