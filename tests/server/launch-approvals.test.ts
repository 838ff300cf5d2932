// Launch sign-offs by several departments: the approval nodes drawn before a flow's entry, in
// series and in parallel. Each approver sees what waits for their department; the version is
// approved when all have signed, rejected by any; nobody signs twice and authors never sign.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { campaigns, journeys } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { compileFlow, demoCatalog, validateFlow, type FlowGraph } from '@/workflows';
import { callerAs } from './support/actors';
import { signoff, signoffFlow, submitForSignoff } from './support/signoffs';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const as = (email: string) => callerAs(app, email);
const inbox = async (email: string) => (await (await as(email)).campaigns.pendingApprovals()).map((p) => p.campaignName);

const submit = (name: string, graph: FlowGraph) => submitForSignoff(app, name, graph);

describe('parallel sign-offs', () => {
  it('should show the version to both departments at once and approve it when both have signed', async () => {
    const { c, v } = await submit('Parallel', signoffFlow('balance_low', [signoff('mkt', 'market'), signoff('cs', 'customer_service')], [['mkt', 't'], ['cs', 't']]));
    expect(await inbox('approver@octoflow.demo')).toContain('Parallel');
    expect(await inbox('cs-approver@octoflow.demo')).toContain('Parallel');
    expect(await inbox('it-approver@octoflow.demo')).not.toContain('Parallel');

    const cs = await as('cs-approver@octoflow.demo');
    expect(await cs.campaigns.decide({ versionId: v.id, decision: 'approved', expectedHash: v.hash })).toEqual({ status: 'submitted', stepId: 'cs' });
    const designer = await as('designer@octoflow.demo');
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('in_approval');
    await expect(designer.campaigns.launch({ id: c.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await inbox('cs-approver@octoflow.demo')).not.toContain('Parallel');

    const mkt = await as('approver@octoflow.demo');
    expect(await mkt.campaigns.decide({ versionId: v.id, decision: 'approved', expectedHash: v.hash })).toEqual({ status: 'approved', stepId: 'mkt' });
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('approved');
  });

  it('should reject the version when any department rejects', async () => {
    const { c, v } = await submit('Parallel rejected', signoffFlow('balance_low', [signoff('mkt', 'market'), signoff('cs', 'customer_service')], [['mkt', 't'], ['cs', 't']]));
    await (await as('approver@octoflow.demo')).campaigns.decide({ versionId: v.id, decision: 'approved' });
    const cs = await as('cs-approver@octoflow.demo');
    expect(await cs.campaigns.decide({ versionId: v.id, decision: 'rejected', comment: '用语不规范' })).toMatchObject({ status: 'rejected' });
    const designer = await as('designer@octoflow.demo');
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('draft');
    expect((await designer.campaigns.versions({ id: c.id }))[0].status).toBe('rejected');
  });
});

describe('serial sign-offs', () => {
  const chain = () => signoffFlow('roaming_arrival', [signoff('mkt', 'market'), signoff('it', 'it_support'), signoff('ho', 'head_office')], [['mkt', 'it'], ['it', 'ho'], ['ho', 't']]);

  it('should open each step only once the one before it is approved', async () => {
    const { c, v } = await submit('Serial', chain());
    expect(await inbox('it-approver@octoflow.demo')).not.toContain('Serial');
    const it_ = await as('it-approver@octoflow.demo');
    await expect(it_.campaigns.decide({ versionId: v.id, decision: 'approved' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/opens once the sign-offs before it are approved/),
    });
    await (await as('approver@octoflow.demo')).campaigns.decide({ versionId: v.id, decision: 'approved' });
    expect(await inbox('it-approver@octoflow.demo')).toContain('Serial');
    expect(await inbox('ho-approver@octoflow.demo')).not.toContain('Serial');
    await it_.campaigns.decide({ versionId: v.id, decision: 'approved' });
    const ho = await as('ho-approver@octoflow.demo');
    const [item] = (await ho.campaigns.pendingApprovals()).filter((p) => p.campaignName === 'Serial');
    expect(item.steps.map((s) => [s.id, s.state])).toEqual([['mkt', 'approved'], ['it', 'approved'], ['ho', 'open']]);
    await ho.campaigns.decide({ versionId: v.id, decision: 'approved', stepId: 'ho' });

    // The sign-offs are not part of the running flow: the customer gets the SMS at once.
    const designer = await as('designer@octoflow.demo');
    await designer.campaigns.launch({ id: c.id });
    await ingestEvents(app.rt, [{ eventId: 'serial-1', customerId: 'C000200', type: 'roaming_arrival', occurredAt: '2026-06-01T02:00:00Z', attributes: { city: '上海', country: 'CN' } }]);
    await drainRuntime(app.rt);
    expect((await designer.customers.get({ id: 'C000200' })).messages.map((m) => m.body)).toContain('上线审批测试');
  });
});

describe('separation of duties', () => {
  it('should refuse a second sign-off by the same person, and the author', async () => {
    const { v } = await submit('Two hats', signoffFlow('balance_low', [signoff('a1', 'market'), signoff('a2', 'market')], [['a1', 'a2'], ['a2', 't']]));
    const mkt = await as('approver@octoflow.demo');
    await mkt.campaigns.decide({ versionId: v.id, decision: 'approved' });
    await expect(mkt.campaigns.decide({ versionId: v.id, decision: 'approved' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/already signed/),
    });
    const admin = await as('admin@octoflow.demo');
    const own = await admin.campaigns.create({ name: 'Admin authored', graph: signoffFlow('balance_low', [], []) });
    const ov = await admin.campaigns.submit({ id: own.id });
    await expect(admin.campaigns.decide({ versionId: ov.id, decision: 'approved' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/author/) });
  });

  it('should refuse another department’s step', async () => {
    const { v } = await submit('Wrong department', signoffFlow('balance_low', [signoff('cs', 'customer_service')], [['cs', 't']]));
    await expect((await as('approver@octoflow.demo')).campaigns.decide({ versionId: v.id, decision: 'approved' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/customer_service/),
    });
  });
});

describe('binding to the hash', () => {
  it('should apply an approval to the version the approver saw, never to a newer one', async () => {
    const designer = await as('designer@octoflow.demo');
    const { c, v } = await submit('Moving target', signoffFlow('balance_low', [signoff('mkt', 'market')], [['mkt', 't']]));
    const got = await designer.campaigns.get({ id: c.id });
    const changed = signoffFlow('balance_low', [signoff('mkt', 'market')], [['mkt', 't']]);
    (changed.nodes.find((n) => n.id === 's')!.params as { template: string }).template = '改过的短信';
    await designer.campaigns.saveDraft({ id: c.id, graph: changed, revision: got.draftRevision });
    const v2 = await designer.campaigns.submit({ id: c.id });
    const mkt = await as('approver@octoflow.demo');
    await expect(mkt.campaigns.decide({ versionId: v.id, decision: 'approved', expectedHash: v.hash })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(mkt.campaigns.decide({ versionId: v2.id, decision: 'approved', expectedHash: v.hash })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await designer.campaigns.versions({ id: c.id })).map((x) => x.status)).toEqual(['submitted', 'superseded']);
  });

  it('should not run a live version whose sign-offs are incomplete', async () => {
    const { c, v } = await submit('Half signed', signoffFlow('counter_visit', [signoff('mkt', 'market'), signoff('cs', 'customer_service')], [['mkt', 't'], ['cs', 't']]));
    await (await as('approver@octoflow.demo')).campaigns.decide({ versionId: v.id, decision: 'approved' });
    await app.rt.db.update(campaigns).set({ status: 'live', liveVersionId: v.id }).where(eq(campaigns.id, c.id));
    app.rt.flows.invalidate();
    await ingestEvents(app.rt, [{ eventId: 'half-1', customerId: 'C000201', type: 'counter_visit', occurredAt: '2026-06-01T02:00:00Z', attributes: { shop_id: 'HZ-01' } }]);
    await drainRuntime(app.rt);
    expect(await app.rt.db.select().from(journeys).where(eq(journeys.campaignId, c.id))).toHaveLength(0);
  });
});

describe('notifications', () => {
  it('should tell each department when its sign-off opens', async () => {
    const before = (await (await as('ho-approver@octoflow.demo')).notifications.list()).unread;
    const { v } = await submit('Notify chain', signoffFlow('balance_low', [signoff('mkt', 'market'), signoff('ho', 'head_office')], [['mkt', 'ho'], ['ho', 't']]));
    const ho = await as('ho-approver@octoflow.demo');
    expect((await ho.notifications.list()).unread).toBe(before);
    await (await as('approver@octoflow.demo')).campaigns.decide({ versionId: v.id, decision: 'approved' });
    const after = await ho.notifications.list();
    expect(after.unread).toBe(before + 1);
    expect(after.items[0]).toMatchObject({ kind: 'signoff_open', versionId: v.id, detail: { campaignName: 'Notify chain', department: 'head_office' } });
    await ho.notifications.markRead({});
    expect((await ho.notifications.list()).unread).toBe(0);
  });
});

describe('escalation', () => {
  it('should escalate a sign-off left open past its timeout to the head office, once', async () => {
    const { v } = await submit('Overdue', signoffFlow('balance_low', [signoff('cs', 'customer_service')], [['cs', 't']]));
    const ho = await as('ho-approver@octoflow.demo');
    const escalations = async () => (await ho.notifications.list()).items.filter((n) => n.kind === 'escalation' && n.versionId === v.id);
    // Versions are stamped with the database's time; the runtime clock is moved relative to it.
    app.clock.set(new Date(Date.now() + 24 * 3600_000));
    await drainRuntime(app.rt);
    expect(await escalations()).toHaveLength(0);
    app.clock.set(new Date(Date.now() + 3 * 24 * 3600_000));
    await drainRuntime(app.rt);
    await drainRuntime(app.rt);
    const got = await escalations();
    expect(got).toHaveLength(1);
    expect(got[0].detail).toMatchObject({ stepId: 'cs', department: 'customer_service', campaignName: 'Overdue' });
    const admin = await as('admin@octoflow.demo');
    expect((await admin.audit.search({ entityId: v.id, action: 'approval.escalate' }))).toHaveLength(1);
  });

  it('should escalate an overdue head-office sign-off to the administrators, the level above it', async () => {
    const { v } = await submit('Overdue at the top', signoffFlow('balance_low', [signoff('ho', 'head_office')], [['ho', 't']]));
    const forVersion = async (email: string) => (await (await as(email)).notifications.list()).items.filter((n) => n.kind === 'escalation' && n.versionId === v.id);
    app.clock.set(new Date(Date.now() + 3 * 24 * 3600_000));
    await drainRuntime(app.rt);
    expect(await forVersion('admin@octoflow.demo')).toHaveLength(1);
    expect((await forVersion('admin@octoflow.demo'))[0].detail).toMatchObject({ stepId: 'ho', department: 'head_office' });
    expect(await forVersion('ho-approver@octoflow.demo')).toHaveLength(0);
    const entries = await (await as('admin@octoflow.demo')).audit.search({ entityId: v.id, action: 'approval.escalate' });
    expect(entries.map((e) => (e.detail as { to: string }).to)).toEqual(['admin']);
  });
});

describe('sign-offs from the flow language', () => {
  it('should freeze the sign-offs with the version, covered by its hash: a changed role is a new version to sign', async () => {
    const graph = signoffFlow('balance_low', [signoff('mkt', 'market'), signoff('ho', 'head_office')], [['mkt', 'ho'], ['ho', 't']]);
    const { c, v } = await submit('Frozen sign-offs', graph);
    const designer = await as('designer@octoflow.demo');
    const frozen = await designer.campaigns.getVersion({ versionId: v.id });
    // The version keeps the sign-offs as drawn, and its hash is the compiler's over all of it.
    expect(frozen.graph.nodes.map((n) => n.id).sort()).toEqual(['e', 'ho', 'mkt', 's', 't']);
    expect(v.hash).toBe(compileFlow(validateFlow(graph, demoCatalog).graph!).hash);
    expect(v.signoffs).toEqual([
      { id: 'mkt', department: 'market', role: null, note: '上线审批', after: [], timeoutMs: 172_800_000 },
      { id: 'ho', department: 'head_office', role: null, note: '上线审批', after: ['mkt'], timeoutMs: 172_800_000 },
    ]);

    const changed = structuredClone(graph);
    (changed.nodes.find((n) => n.id === 'ho')!.params as { role?: string }).role = '总部营销总监';
    await designer.campaigns.saveDraft({ id: c.id, graph: changed, revision: (await designer.campaigns.get({ id: c.id })).draftRevision });
    const v2 = await designer.campaigns.submit({ id: c.id });
    expect(v2.hash).not.toBe(v.hash);
    expect((v2.signoffs as { id: string; role: string | null }[]).map((s) => [s.id, s.role])).toEqual([['mkt', null], ['ho', '总部营销总监']]);
    await expect((await as('approver@octoflow.demo')).campaigns.decide({ versionId: v2.id, decision: 'approved', expectedHash: v.hash })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('should refuse to submit a flow that contacts customers before its launch sign-off, naming the node', async () => {
    const graph = signoffFlow('balance_low', [signoff('mkt', 'market')], [['mkt', 't']]);
    graph.nodes.push({ id: 'teaser', kind: 'sms', position: { x: 0, y: -100 }, params: { template: '活动预告' } });
    graph.edges.push({ id: 'x1', source: 'teaser', sourcePort: 'out', target: 'mkt' });
    const designer = await as('designer@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Teaser first', graph });
    const err = await designer.campaigns.submit({ id: c.id }).catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.cause.details).toEqual([expect.objectContaining({ nodeId: 'teaser', rule: 'contact_before_signoff' })]);
  });

  it('should refuse a launch sign-off whose rejection is wired into the journey instead of dropping the wire', async () => {
    const graph = signoffFlow('balance_low', [signoff('mkt', 'market')], [['mkt', 't']]);
    graph.edges.push({ id: 'x1', source: 'mkt', sourcePort: 'rejected', target: 's' });
    const designer = await as('designer@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Rejected wired', graph });
    const err = await designer.campaigns.submit({ id: c.id }).catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.cause.details).toEqual([expect.objectContaining({ nodeId: 'mkt', rule: 'signoff_output_connected', field: 'rejected' })]);
  });
});
