// The impact dossier an approver reads with a version: the last approved version to diff
// against, and the forecast from simulating the version over the last seven days of real events.
// A known sample: five arrivals in the country "ZZ" within the week (three customers, one of
// them twice, one whose event fails the flow's condition), one older than the week, one of
// another type. Another live campaign greets the same arrivals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, gte, sql } from 'drizzle-orm';
import { events } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import type { FlowGraph, FlowNode } from '@/workflows';
import { callerAs } from './support/actors';
import { launchFlow } from './support/flows';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const as = (email: string) => callerAs(app, email);
const HOUR = 3600_000;

/** Arrivals in ZZ on a prepaid plan get an SMS, then a call; an approval node before the call. */
function roamingFlow(call: boolean): FlowGraph {
  return {
    version: 1,
    settings: { reentry: 'every_time', concurrent: true },
    nodes: [
      { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'roaming_arrival', condition: 'event.country == "ZZ" && event.city != "skip"' } },
      { id: 's', kind: 'sms', position: { x: 0, y: 100 }, params: { template: '欢迎来到ZZ，漫游日包25元', offerId: 'offer_roaming_day' } },
      ...(call
        ? ([
            { id: 'ok', kind: 'approval', position: { x: 0, y: 200 }, params: { department: 'market', note: '外呼确认', timeout: { amount: 1, unit: 'days' } } },
            { id: 'c', kind: 'outbound_call', position: { x: 0, y: 300 }, params: { script: '您好，关于漫游日包……' } },
          ] as FlowNode[])
        : []),
      { id: 'e', kind: 'end', position: { x: 0, y: 400 }, params: {} },
      ...(call ? ([{ id: 'x', kind: 'end', position: { x: 200, y: 300 }, params: {} }] as FlowNode[]) : []),
    ],
    edges: call
      ? [
          { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
          { id: 'e2', source: 's', sourcePort: 'out', target: 'ok' },
          { id: 'e3', source: 'ok', sourcePort: 'approved', target: 'c' },
          { id: 'e4', source: 'ok', sourcePort: 'rejected', target: 'x' },
          { id: 'e5', source: 'ok', sourcePort: 'timeout', target: 'x' },
          { id: 'e6', source: 'c', sourcePort: 'out', target: 'e' },
        ]
      : [
          { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
          { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
        ],
  };
}

/** Another live campaign: a greeting to every arrival in ZZ. */
const greeting: FlowGraph = {
  version: 1,
  settings: { reentry: 'every_time', concurrent: true },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'roaming_arrival', condition: 'event.country == "ZZ"' } },
    { id: 's', kind: 'app_push', position: { x: 0, y: 100 }, params: { title: '欢迎', body: '欢迎来到ZZ' } },
    { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
    { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
  ],
};

describe('the impact dossier', () => {
  it('should forecast entries, contacts per day per channel, budget burn and overlap from the last week of events, and name the last approved version', async () => {
    const now = app.clock.now().getTime();
    const arrival = (id: string, customerId: string, hoursAgo: number, attributes: Record<string, string>) => ({
      eventId: `dossier-${id}`,
      customerId,
      type: 'roaming_arrival',
      occurredAt: new Date(now - hoursAgo * HOUR).toISOString(),
      attributes,
    });
    // The demo's own arrivals of the week are in the sample too (none in ZZ).
    const [demo] = await app.rt.db
      .select({ events: sql<number>`count(*)::int`, customers: sql<number>`count(distinct ${events.customerId})::int` })
      .from(events)
      .where(and(eq(events.type, 'roaming_arrival'), gte(events.occurredAt, new Date(now - 7 * 24 * HOUR))));
    await ingestEvents(app.rt, [
      arrival('1', 'C000401', 30, { country: 'ZZ', city: 'A' }),
      arrival('2', 'C000401', 26, { country: 'ZZ', city: 'B' }),
      arrival('3', 'C000402', 60, { country: 'ZZ', city: 'A' }),
      arrival('4', 'C000403', 5, { country: 'ZZ', city: 'A' }),
      arrival('5', 'C000404', 5, { country: 'ZZ', city: 'skip' }),
      arrival('6', 'C000405', 8 * 24, { country: 'ZZ', city: 'A' }),
      arrival('7', 'C000406', 4, { country: 'FR', city: 'Paris' }),
    ]);
    await launchFlow(app, 'Dossier · greeting', greeting);

    const designer = await as('designer@octoflow.demo');
    const approver = await as('approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Dossier · roaming', graph: roamingFlow(false) });
    await designer.campaigns.plan({ id: c.id, objective: '', startAt: null, endAt: null, priority: 50, allocation: { budgetCny: 10 }, onExhausted: 'pause' });
    const v1 = await designer.campaigns.submit({ id: c.id });
    const first = await approver.campaigns.dossier({ versionId: v1.id });
    expect(first.lastApproved).toBeNull();
    await approver.campaigns.decide({ versionId: v1.id, decision: 'approved', expectedHash: v1.hash });

    const got = await designer.campaigns.get({ id: c.id });
    await designer.campaigns.saveDraft({ id: c.id, graph: roamingFlow(true), revision: got.draftRevision });
    const v2 = await designer.campaigns.submit({ id: c.id });
    const d = await (await as('cs-approver@octoflow.demo')).campaigns.dossier({ versionId: v2.id });

    expect(d.lastApproved).toMatchObject({ id: v1.id, versionNo: 1, hash: v1.hash });
    const f = d.forecast;
    // Six arrivals within the week (the FR one too: the sample is the week's events of the types
    // the flow listens to); five in ZZ, one of them failing the condition.
    expect(f.sample).toMatchObject({ days: 7, events: demo.events + 6, customers: demo.customers + 5 });
    expect(f.customers).toBe(3);
    expect(f.entries).toBe(4);
    // Per-customer approvals are assumed approved: each entry is an SMS and a call.
    expect(f.contacts).toEqual({ sms: 4, outbound_call: 4 });
    expect(f.perDay).toEqual({ sms: 0.57, outbound_call: 0.57 });
    expect(f.days.reduce((n, day) => n + (day.byChannel.sms ?? 0), 0)).toBe(4);
    // 4 × 0.05 + 4 × 1.20 = 5.00 CNY over the week; 0.714… a day; the 10 CNY budget lasts 14 days.
    expect(f.budget).toEqual({ costCny: 5, perDayCny: 0.71, budgetCny: 10, daysToExhaust: 14 });
    // All three entering customers would also get the other live campaign's greeting.
    expect(f.overlap).toEqual({ customers: 3, campaigns: [{ campaignId: expect.any(String), name: 'Dossier · greeting', customers: 3 }] });
    expect(f.notForecast).toEqual([]);
  });
});
