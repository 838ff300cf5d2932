// Entries besides touchpoint events: a scheduled audience enrols the customers its condition
// selects at each moment of its schedule, once per moment even across restarts and only the
// latest moment after downtime; an API enrolment starts a run at the campaign's API entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { campaigns, customers, events, journeys, scheduleRuns, steps } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { runSchedules } from '@/server/runtime/entries';
import { drainRuntime } from '@/server/runtime/workers';
import { loadExample } from '@/server/services/demo';
import type { FlowGraph } from '@/workflows';
import { createTestApp, type TestApp } from './support/test-app';
import { launchFlow } from './support/flows';

let app: TestApp;
const n = sql<number>`count(*)`.mapWith(Number);

beforeAll(async () => {
  app = await createTestApp();
  await app.rt.db.update(campaigns).set({ status: 'paused' }); // the demo campaign stays out
  app.rt.flows.invalidate();
});
afterAll(async () => app?.close());

const dailyGold: FlowGraph = {
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 'audience', kind: 'scheduled_audience', position: { x: 0, y: 0 }, params: { condition: 'customer.value_tier == "gold"', repeat: 'daily', time: '10:00' } },
    { id: 'done', kind: 'end', position: { x: 0, y: 100 }, params: {} },
  ],
  edges: [{ id: 'a', source: 'audience', sourcePort: 'out', target: 'done' }],
};

describe('scheduled audience', () => {
  it('should enrol exactly the gold customers at 10:00 China time, once per moment', async () => {
    app.clock.set(new Date('2026-06-01T00:30:00Z')); // 08:30 in Shanghai
    const { campaignId } = await launchFlow(app, 'Daily gold', dailyGold);
    const golds = (await app.rt.db.select({ n }).from(customers).where(sql`${customers.tags}->>'value_tier' = 'gold'`))[0].n;
    expect(golds).toBeGreaterThan(0);
    await runSchedules(app.rt);
    const entered = async () => (await app.rt.db.select({ n }).from(journeys).where(eq(journeys.campaignId, campaignId)))[0].n;
    expect(await entered()).toBe(0);

    app.clock.set(new Date('2026-06-01T02:01:00Z')); // 10:01
    while ((await runSchedules(app.rt)) > 0) {
      /* chunks */
    }
    expect(await entered()).toBe(golds);
    // A second worker pass (or a restart) at the same moment enrols nobody again.
    while ((await runSchedules(app.rt)) > 0) {
      /* nothing left */
    }
    expect(await entered()).toBe(golds);
    const [run] = await app.rt.db.select().from(scheduleRuns);
    expect(run).toMatchObject({ status: 'done', entered: golds, examined: 1000 });
  });

  it('should run only the latest missed moment after downtime', async () => {
    const before = (await app.rt.db.select({ n }).from(scheduleRuns))[0].n;
    app.clock.set(new Date('2026-06-04T03:00:00Z')); // three days later, 11:00
    while ((await runSchedules(app.rt)) > 0) {
      /* chunks */
    }
    const runs = await app.rt.db.select().from(scheduleRuns).orderBy(scheduleRuns.moment);
    expect(runs).toHaveLength(before + 1);
    expect(runs.at(-1)!.moment.toISOString()).toBe('2026-06-04T02:00:00.000Z');
  });
});

describe('API enrolment', () => {
  it('should start a run at the API entry with the enrolment attributes, and refuse a campaign that is not live', async () => {
    const { campaignId } = await launchFlow(app, 'Card enrolment', loadExample('partner-card-enrolment'));
    await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` }).where(eq(customers.id, 'C000500'));
    app.clock.set(new Date('2026-06-05T02:00:00Z'));
    const enrol = (eventId: string, campaign: string) => ({
      eventId,
      customerId: 'C000500',
      type: 'api_enrolment',
      occurredAt: app.clock.now().toISOString(),
      attributes: { campaign_id: campaign, entry_node_id: 'enrolled', partner: 'bank', attributes: { card_tier: 'platinum', credit_limit: 80000 } },
    });
    const r = await ingestEvents(app.rt, [enrol('enrol-1', campaignId), enrol('enrol-2', '00000000-0000-0000-0000-000000000000')]);
    expect(r.rejected).toEqual([]);
    await drainRuntime(app.rt);
    const path = (await app.rt.db.select().from(steps).where(and(eq(steps.customerId, 'C000500'), eq(steps.campaignId, campaignId))).orderBy(steps.id)).map((s) => `${s.nodeId}:${s.outcome}`);
    expect(path.slice(0, 3)).toEqual(['enrolled:entered', 'platinum:yes', 'call:contact_requested']);
    const [refused] = await app.rt.db.select().from(events).where(eq(events.eventId, 'enrol-2'));
    expect(refused.error).toMatch(/not enrolled: campaign .* is not live/);
  });
});
