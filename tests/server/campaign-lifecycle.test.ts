// Planning to launch through the tRPC API as each role would call it: drafts with conflict
// detection, versions frozen on submit, sign-off bound to the hash, and only approved runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { campaigns, journeys } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import type { FlowGraph } from '@/workflows';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const flow = (eventType: string, template: string): FlowGraph => ({
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType, condition: '' } },
    { id: 's', kind: 'sms', position: { x: 0, y: 100 }, params: { template } },
    { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
    { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
  ],
});

describe('access', () => {
  it('should refuse anonymous callers and roles without the permission', async () => {
    const anon = await callerAs(app, null);
    await expect(anon.campaigns.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const exec = await callerAs(app, 'executive@octoflow.demo');
    expect(await exec.campaigns.list()).toMatchObject({ rows: expect.any(Array) });
    await expect(exec.campaigns.create({ name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await expect(designer.campaigns.pendingApprovals()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('drafts', () => {
  it('should refuse a save based on a stale revision instead of overwriting', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Conflict test' });
    const g = flow('balance_low', '余额提醒');
    expect(await designer.campaigns.saveDraft({ id: c.id, graph: g, revision: 0 })).toEqual({ revision: 1 });
    await expect(designer.campaigns.saveDraft({ id: c.id, graph: g, revision: 0 })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/saved by someone else/),
    });
  });

  it('should refuse to submit an invalid flow and name the node and rule', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const bad = flow('balance_low', '余额提醒');
    bad.edges = bad.edges.slice(0, 1); // the SMS's output is left unconnected
    const c = await designer.campaigns.create({ name: 'Broken', graph: bad });
    const err = await designer.campaigns.submit({ id: c.id }).catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    const issues = err.cause.details as { nodeId?: string; rule: string }[];
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: 's', rule: 'port_unconnected' }));
  });
});

describe('approval and launch', () => {
  it('should let only an approved version go live, and not its author approve it', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const c = await admin.campaigns.create({ name: 'Roaming welcome', graph: flow('roaming_arrival', '欢迎来到{{event.city}}') });
    const v = await admin.campaigns.submit({ id: c.id });
    expect(v.hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(designer.campaigns.launch({ id: c.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(admin.campaigns.decide({ versionId: v.id, decision: 'approved' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/separation of duties/),
    });
    await expect(
      approver.campaigns.decide({ versionId: v.id, decision: 'approved', expectedHash: 'f'.repeat(64) }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await approver.campaigns.decide({ versionId: v.id, decision: 'approved', comment: 'ok' });
    await designer.campaigns.launch({ id: c.id });
    const got = await designer.campaigns.get({ id: c.id });
    expect(got.status).toBe('live');
    expect(got.liveVersionId).toBe(v.id);

    await ingestEvents(app.rt, [
      { eventId: 'roam-1', customerId: 'C000100', type: 'roaming_arrival', occurredAt: '2026-06-01T02:00:00Z', attributes: { city: '上海', country: 'CN' } },
    ]);
    await drainRuntime(app.rt);
    const customer = await designer.customers.get({ id: 'C000100' });
    expect(customer.messages.map((m) => m.body)).toContain('欢迎来到上海');
  });

  it('should refuse to resubmit what is already waiting, approved or running, and keep the sign-offs', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Twice', graph: flow('counter_visit', '欢迎再次光临') });
    // The designer's Submit button asks first, writing nothing (the same checks as the submission).
    const check = () => designer.campaigns.submitCheck({ id: c.id });
    expect(await check()).toEqual({ submittable: true });
    const v1 = await designer.campaigns.submit({ id: c.id });
    const versions = async () => (await designer.campaigns.versions({ id: c.id })).map((v) => `${v.versionNo}:${v.status}`);
    expect(await check()).toMatchObject({ submittable: false, reason: 'nothing_to_sign', message: expect.stringMatching(/version 1, the same flow .* is already waiting for approval/) });

    // Submitted again with nothing changed: v1 is not replaced, so nothing signed on it lapses.
    await expect(designer.campaigns.submit({ id: c.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/version 1, the same flow .* is already waiting for approval/) });
    expect(await versions()).toEqual(['1:submitted']);

    await approver.campaigns.decide({ versionId: v1.id, decision: 'approved' });
    await expect(designer.campaigns.submit({ id: c.id })).rejects.toMatchObject({ message: expect.stringMatching(/is already approved; launch it instead/) });
    await designer.campaigns.launch({ id: c.id });
    await expect(designer.campaigns.submit({ id: c.id })).rejects.toMatchObject({ message: expect.stringMatching(/is already running; change the flow or its plan/) });
    expect(await check()).toMatchObject({ submittable: false, reason: 'nothing_to_sign', message: expect.stringMatching(/is already running/) });
    const zh = await callerAs(app, 'designer@octoflow.demo', 'zh-CN');
    expect(await zh.campaigns.submitCheck({ id: c.id })).toMatchObject({ message: '版本 1 与此流程、优惠和资源分配完全相同，正在运行；请先修改流程或策划再提交' });
    // Only those who may submit are told.
    await expect((await callerAs(app, 'executive@octoflow.demo')).campaigns.submitCheck({ id: c.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await versions()).toEqual(['1:approved']);
    await designer.campaigns.pause({ id: c.id });
    await expect(designer.campaigns.submit({ id: c.id })).rejects.toMatchObject({ message: expect.stringMatching(/is the paused version; put the campaign live again/) });
    expect(await versions()).toEqual(['1:approved']);

    // The same flow with a new allocation is something new to sign.
    await designer.campaigns.plan({ id: c.id, objective: '', startAt: null, endAt: null, priority: 50, allocation: { sms: 500 }, onExhausted: 'pause' });
    expect(await check()).toEqual({ submittable: true });
    const v2 = await designer.campaigns.submit({ id: c.id });
    expect(v2.hash).toBe(v1.hash);
    expect(await versions()).toEqual(['2:submitted', '1:approved']);
  });

  it('should refuse to resubmit a version scheduled to go live, in the reader\'s language', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Later', graph: flow('counter_visit', '稍后见') });
    const start = new Date(app.clock.now().getTime() + 24 * 3_600_000);
    await designer.campaigns.plan({ id: c.id, objective: '', startAt: start, endAt: null, priority: 50, allocation: {}, onExhausted: 'pause' });
    const v1 = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v1.id, decision: 'approved' });
    expect(await designer.campaigns.launch({ id: c.id })).toMatchObject({ status: 'scheduled' });
    await expect(designer.campaigns.submit({ id: c.id })).rejects.toMatchObject({ message: expect.stringMatching(/version 1, the same flow .* is already scheduled to go live/) });
    const zh = await callerAs(app, 'designer@octoflow.demo', 'zh-CN');
    await expect(zh.campaigns.submit({ id: c.id })).rejects.toMatchObject({ message: '版本 1 与此流程、优惠和资源分配完全相同，已排期，将在执行期开始时上线' });
  });

  it('should not run a live version that has no sign-off on its hash', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Sneaky', graph: flow('counter_visit', '欢迎光临') });
    const v = await designer.campaigns.submit({ id: c.id });
    // Forced live behind the API's back: the runtime must still refuse to run it.
    await app.rt.db.update(campaigns).set({ status: 'live', liveVersionId: v.id }).where(eq(campaigns.id, c.id));
    app.rt.flows.invalidate();
    await ingestEvents(app.rt, [
      { eventId: 'visit-1', customerId: 'C000101', type: 'counter_visit', occurredAt: '2026-06-01T02:00:00Z', attributes: { shop_id: 'HZ-01' } },
    ]);
    await drainRuntime(app.rt);
    expect(await app.rt.db.select().from(journeys).where(eq(journeys.campaignId, c.id))).toHaveLength(0);
  });

  it('should keep journeys pinned to the version they started on', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Versions', graph: flow('inbound_call', 'v1') });
    const v1 = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v1.id, decision: 'approved' });
    await approver.campaigns.launch({ id: c.id });
    await ingestEvents(app.rt, [{ eventId: 'call-1', customerId: 'C000102', type: 'inbound_call', occurredAt: '2026-06-01T02:00:00Z', attributes: { reason: 'bill' } }]);
    await drainRuntime(app.rt);
    const got = await designer.campaigns.get({ id: c.id });
    await designer.campaigns.saveDraft({ id: c.id, graph: flow('inbound_call', 'v2'), revision: got.draftRevision });
    const v2 = await designer.campaigns.submit({ id: c.id });
    expect(v2.hash).not.toBe(v1.hash);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('live'); // v1 keeps running
    await approver.campaigns.decide({ versionId: v2.id, decision: 'approved' });
    await approver.campaigns.launch({ id: c.id });
    await ingestEvents(app.rt, [{ eventId: 'call-2', customerId: 'C000103', type: 'inbound_call', occurredAt: '2026-06-01T02:00:00Z', attributes: { reason: 'bill' } }]);
    await drainRuntime(app.rt);
    const js = await app.rt.db.select().from(journeys).where(eq(journeys.campaignId, c.id));
    const byCustomer = Object.fromEntries(js.map((j) => [j.customerId, j.versionHash]));
    expect(byCustomer).toEqual({ C000102: v1.hash, C000103: v2.hash });
  });
});
