// Evaluating a campaign: entries, contacts and suppressions by channel, conversions and revenue,
// cost against the allocation, and the lift over the control group with a 95% interval, measured
// the same way for both arms. Newcombe's interval is checked against the published example.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { steps } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { evaluationCsv, newcombeDifference, wilson } from '@/server/services/evaluation';
import type { FlowGraph } from '@/workflows';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

describe('confidence interval', () => {
  it('should give Newcombe 1998 example values (56/70 vs 48/80)', () => {
    const r = newcombeDifference(56, 70, 48, 80);
    expect(r.difference).toBeCloseTo(0.2, 6);
    expect(r.low).toBeCloseTo(0.0524, 4);
    expect(r.high).toBeCloseTo(0.3339, 4);
  });

  it('should keep the Wilson interval inside [0, 1] for 0 of 10', () => {
    const [lo, hi] = wilson(0, 10);
    expect(lo).toBeCloseTo(0, 10);
    expect(hi).toBeCloseTo(0.2775, 4);
  });
});

const flow: FlowGraph = {
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'counter_visit', condition: '' } },
    { id: 'hold', kind: 'control_group', position: { x: 0, y: 100 }, params: { percent: 50 } },
    { id: 'can', kind: 'eligibility', position: { x: 0, y: 200 }, params: { productId: 'roaming_day_pass' } },
    { id: 's', kind: 'sms', position: { x: 0, y: 300 }, params: { template: '漫游日包限时优惠', offerId: 'offer_roaming_day' } },
    { id: 'g', kind: 'goal', position: { x: 0, y: 400 }, params: { eventType: 'order_placed', condition: 'event.product_id == "roaming_day_pass"', window: { amount: 24, unit: 'hours' } } },
    { id: 'e', kind: 'end', position: { x: 0, y: 500 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 'hold' },
    { id: 'e2', source: 'hold', sourcePort: 'control', target: 'e' },
    { id: 'e3', source: 'hold', sourcePort: 'treatment', target: 'can' },
    { id: 'e4', source: 'can', sourcePort: 'eligible', target: 's' },
    { id: 'e5', source: 'can', sourcePort: 'ineligible', target: 'e' },
    { id: 'e6', source: 's', sourcePort: 'out', target: 'g' },
    { id: 'e7', source: 'g', sourcePort: 'converted', target: 'e' },
    { id: 'e8', source: 'g', sourcePort: 'not_converted', target: 'e' },
  ],
};

describe('report', () => {
  it('should count what happened and compare the arms', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Evaluated', graph: flow });
    await designer.campaigns.plan({ id: c.id, objective: '漫游日包转化', startAt: null, endAt: null, priority: 50, allocation: { sms: 1000, budgetCny: 50 }, onExhausted: 'pause' });
    const v = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v.id, decision: 'approved' });
    await designer.campaigns.launch({ id: c.id });

    const ids = Array.from({ length: 60 }, (_, i) => `C000${String(400 + i).padStart(3, '0')}`);
    const at = app.clock.now().toISOString();
    await ingestEvents(app.rt, ids.map((id) => ({ eventId: `ev-${id}`, customerId: id, type: 'counter_visit', occurredAt: at, attributes: { shop_id: 'HZ-01' } })));
    await drainRuntime(app.rt);
    const armRows = await app.rt.db.select().from(steps).where(and(eq(steps.campaignId, c.id), eq(steps.nodeKind, 'control_group')));
    const control = armRows.filter((r) => r.outcome === 'control').map((r) => r.customerId);
    const treated = armRows.filter((r) => r.outcome === 'treatment').map((r) => r.customerId);
    expect(control.length).toBeGreaterThan(5);
    expect(treated.length).toBeGreaterThan(5);
    const contacted = (await app.rt.db.select().from(steps).where(and(eq(steps.campaignId, c.id), eq(steps.nodeId, 's'), eq(steps.outcome, 'sent')))).map((r) => r.customerId);

    // Half the contacted buy; two of the control buy on their own.
    const buyers = [...contacted.slice(0, Math.ceil(contacted.length / 2)), ...control.slice(0, 2)];
    app.clock.advance(3600_000);
    const later = app.clock.now().toISOString();
    await ingestEvents(app.rt, buyers.map((id) => ({ eventId: `order-${id}`, customerId: id, type: 'order_placed', occurredAt: later, attributes: { product_id: 'roaming_day_pass' } })));
    await drainRuntime(app.rt);

    const report = await designer.campaigns.evaluation({ id: c.id });
    expect(report.entries).toBe(60);
    const sms = report.channels.find((ch) => ch.channel === 'sms')!;
    expect(sms.contacts).toBe(contacted.length);
    expect(sms.costCny).toBeCloseTo(contacted.length * 0.05, 6);
    expect(report.conversions).toBe(Math.ceil(contacted.length / 2));
    expect(report.revenueCny).toBeCloseTo(Math.ceil(contacted.length / 2) * 25, 6);
    expect(report.allocation).toEqual({ sms: 1000, budgetCny: 50 });
    expect(report.lift).toMatchObject({
      treatment: { journeys: treated.length, converted: Math.ceil(contacted.length / 2) },
      control: { journeys: control.length, converted: 2 },
      method: 'newcombe',
    });
    const expected = newcombeDifference(Math.ceil(contacted.length / 2), treated.length, 2, control.length);
    expect(report.lift!.ci95[0]).toBeCloseTo(expected.low, 9);
    expect(report.lift!.difference).toBeCloseTo(expected.difference, 9);

    const csv = evaluationCsv(report);
    expect(csv).toContain('channel,sms,,contacts,' + contacted.length);
    expect(csv).toMatch(/lift,,,ci95_low,-?0\.\d{6}/);

    await expect(designer.campaigns.markEvaluated({ id: c.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });

    // The window closes: the campaign ends, and reviewing the report closes the loop.
    const endAt = new Date(app.clock.now().getTime() + 3600_000);
    await designer.campaigns.plan({ id: c.id, objective: '漫游日包转化', startAt: null, endAt, priority: 50, allocation: { sms: 1000, budgetCny: 50 }, onExhausted: 'pause' });
    app.clock.advance(2 * 3600_000);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('ended');
    const exec = await callerAs(app, 'executive@octoflow.demo');
    expect((await exec.campaigns.markEvaluated({ id: c.id })).conversions).toBe(report.conversions);
    const timeline = await exec.campaigns.timeline({ id: c.id });
    expect(timeline.at(-1)).toMatchObject({ to: 'evaluated', actorName: '省公司 · 赵总' });
  });
});
