// Per-customer approvals inside a journey, as approvers meet them: a gold customer's renewal
// gift waits in the market department's inbox with the customer, the offer, the campaign and the
// due time; an approval or a rejection continues that customer's journey on its branch; nobody
// deciding in time takes the timeout branch; half-way to the due time the head office is told and
// may decide too (a head-office task: the administrators). Every decision is in the audit log, and
// the chain verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { approvalTasks, auditLog, campaigns, customers, steps } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { verifyAuditChain } from '@/server/services/audit';
import type { FlowGraph } from '@/workflows';
import { callerAs } from './support/actors';
import { launchFlow } from './support/flows';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const HOUR = 3_600_000;

/** contract expiring -> approval (market, 1 day) -> approved: SMS with the upgrade offer; rejected / timeout: their own ends. */
const renewal: FlowGraph = {
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'contract_expiring', condition: '' } },
    { id: 'ok', kind: 'approval', position: { x: 0, y: 100 }, params: { department: 'market', role: '区域经理', note: '{{customer.name}}（ARPU {{customer.arpu}}）合约剩{{event.days_left}}天，续约赠送100元话费', timeout: { amount: 1, unit: 'days' } } },
    { id: 'gift', kind: 'sms', position: { x: 0, y: 200 }, params: { template: '续约赠送100元话费', offerId: 'offer_5g_upgrade_half' } },
    { id: 'done', kind: 'end', position: { x: 0, y: 300 }, params: {} },
    { id: 'no', kind: 'end', position: { x: 200, y: 200 }, params: {} },
    { id: 'late', kind: 'end', position: { x: 400, y: 200 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 'ok' },
    { id: 'e2', source: 'ok', sourcePort: 'approved', target: 'gift' },
    { id: 'e3', source: 'gift', sourcePort: 'out', target: 'done' },
    { id: 'e4', source: 'ok', sourcePort: 'rejected', target: 'no' },
    { id: 'e5', source: 'ok', sourcePort: 'timeout', target: 'late' },
  ],
};

let campaignId: string;
const pathOf = async (customerId: string) =>
  (await app.rt.db.select().from(steps).where(and(eq(steps.customerId, customerId), eq(steps.campaignId, campaignId))).orderBy(steps.id)).map((s) => `${s.nodeId}:${s.outcome}`);

async function expiring(customerId: string) {
  await app.rt.db.update(customers).set({ tags: { name: `客户${customerId}`, arpu: 188.0, opted_out: false, plan: 'family_5g' } }).where(eq(customers.id, customerId));
  await ingestEvents(app.rt, [{ eventId: `exp-${customerId}-${app.clock.now().getTime()}`, customerId, type: 'contract_expiring', occurredAt: app.clock.now().toISOString(), attributes: { days_left: 12 } }]);
  await drainRuntime(app.rt);
}

const taskOf = async (customerId: string) => {
  const [t] = await app.rt.db.select().from(approvalTasks).where(and(eq(approvalTasks.customerId, customerId), eq(approvalTasks.campaignId, campaignId))).orderBy(approvalTasks.createdAt);
  return t;
};

beforeAll(async () => {
  ({ campaignId } = await launchFlow(app, 'Gold renewal gifts', renewal));
});

describe('the approvers’ inbox', () => {
  it('should show a customer waiting at an approval node to the department’s approvers, with the offer and the due time', async () => {
    await expiring('C000101');
    const market = await callerAs(app, 'approver@octoflow.demo');
    const inbox = await market.approvals.tasks();
    const task = inbox.find((t) => t.customerId === 'C000101');
    expect(task).toMatchObject({
      campaignId,
      campaignName: 'Gold renewal gifts',
      customerName: expect.any(String),
      department: 'market',
      role: '区域经理',
      request: '客户C000101（ARPU 188）合约剩12天，续约赠送100元话费',
      offer: { id: 'offer_5g_upgrade_half', nameZh: '升级5G套餐前3月半价', priceCny: 129 },
      escalated: false,
      authoredByMe: false,
    });
    expect(task!.dueAt!.getTime()).toBe(app.clock.now().getTime() + 24 * HOUR);
    expect(await pathOf('C000101')).toEqual(['t:entered', 'ok:waiting']);

    // Another department's approver does not see it, and may not decide it.
    const cs = await callerAs(app, 'cs-approver@octoflow.demo');
    expect((await cs.approvals.tasks()).some((t) => t.customerId === 'C000101')).toBe(false);
    await expect(cs.approvals.decideTask({ taskId: task!.id, decision: 'approved' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('market') });
    // Designers and frontline staff have no inbox at all.
    await expect((await callerAs(app, 'designer@octoflow.demo')).approvals.tasks()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('should show the request as it was asked when the task opened, not as the customer’s tags read now', async () => {
    const market = await callerAs(app, 'approver@octoflow.demo');
    const [before] = await app.rt.db.select({ tags: customers.tags }).from(customers).where(eq(customers.id, 'C000101'));
    await app.rt.db.update(customers).set({ tags: { ...before.tags, name: '改名客户', arpu: 9.5 } }).where(eq(customers.id, 'C000101'));
    const task = (await market.approvals.tasks()).find((t) => t.customerId === 'C000101');
    expect(task?.request).toBe('客户C000101（ARPU 188）合约剩12天，续约赠送100元话费');
    expect((await taskOf('C000101')).request).toBe('客户C000101（ARPU 188）合约剩12天，续约赠送100元话费');
    await app.rt.db.update(customers).set({ tags: before.tags }).where(eq(customers.id, 'C000101'));
  });

  it('should tell the department’s approvers in one notice per campaign and worker pass, once', async () => {
    await expiring('C000102');
    const market = await callerAs(app, 'approver@octoflow.demo');
    const noticesOf = async () => (await market.notifications.list()).items.filter((n) => n.kind === 'approval_tasks_open' && n.campaignId === campaignId);
    const notices = await noticesOf();
    // Customers of the demo data whose contracts expire enter too: every open task is in a notice's count.
    const open = await app.rt.db.select().from(approvalTasks).where(eq(approvalTasks.campaignId, campaignId));
    expect(notices.length).toBeGreaterThanOrEqual(2); // at least one pass for C000101's event, one for C000102's
    expect(notices.reduce((a, n) => a + Number(n.detail.count), 0)).toBe(open.length);
    expect(notices[0].detail).toMatchObject({ campaignName: 'Gold renewal gifts', department: 'market' });
    expect(open.every((t) => t.notifiedAt !== null)).toBe(true);
    await drainRuntime(app.rt);
    expect(await noticesOf()).toHaveLength(notices.length);
  });
});

describe('deciding', () => {
  it('should continue the customer on the approved branch and record who approved it', async () => {
    const task = await taskOf('C000101');
    const market = await callerAs(app, 'approver@octoflow.demo');
    expect(await market.approvals.decideTask({ taskId: task.id, decision: 'approved', comment: '金牌客户，同意' })).toEqual({ status: 'approved' });
    await drainRuntime(app.rt);
    expect(await pathOf('C000101')).toEqual(['t:entered', 'ok:waiting', 'ok:approved', 'gift:contact_requested', 'done:exited', 'gift:sent']);
    expect((await market.approvals.tasks()).some((t) => t.id === task.id)).toBe(false);
    const [entry] = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'approval_task.decide'), eq(auditLog.entityId, task.id)));
    expect(entry).toMatchObject({ actorEmail: 'approver@octoflow.demo', detail: { customerId: 'C000101', decision: 'approved', comment: '金牌客户，同意', campaignId } });
    // Decided once: a second decision is refused and changes nothing.
    await expect(market.approvals.decideTask({ taskId: task.id, decision: 'rejected', comment: '改主意' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('should continue the customer on the rejected branch, and refuse a rejection without a reason', async () => {
    const task = await taskOf('C000102');
    const market = await callerAs(app, 'approver@octoflow.demo');
    await expect(market.approvals.decideTask({ taskId: task.id, decision: 'rejected', comment: '  ' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('comment') });
    await market.approvals.decideTask({ taskId: task.id, decision: 'rejected', comment: 'ARPU 不足以赠送' });
    await drainRuntime(app.rt);
    expect(await pathOf('C000102')).toEqual(['t:entered', 'ok:waiting', 'ok:rejected', 'no:exited']);
  });

  it('should refuse the author of the flow version (separation of duties)', async () => {
    // The administrator writes and launches a version; another approver signs it off.
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const c = await admin.campaigns.create({ name: 'Admin-written renewal', graph: renewal });
    await app.rt.db.update(campaigns).set({ exclusive: false }).where(eq(campaigns.id, c.id));
    const v = await admin.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v.id, decision: 'approved' });
    await admin.campaigns.launch({ id: c.id });
    await expiring('C000103');
    const [task] = await app.rt.db.select().from(approvalTasks).where(and(eq(approvalTasks.customerId, 'C000103'), eq(approvalTasks.campaignId, c.id)));
    const mine = (await admin.approvals.tasks()).find((t) => t.id === task.id);
    expect(mine?.authoredByMe).toBe(true);
    await expect(admin.approvals.decideTask({ taskId: task.id, decision: 'approved' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('separation of duties') });
    await admin.campaigns.pause({ id: c.id });
  });
});

describe('no decision in time', () => {
  it('should escalate to the head office half-way to the due time, whose approvers may then decide', async () => {
    await expiring('C000104');
    await expiring('C000105');
    const head = await callerAs(app, 'ho-approver@octoflow.demo');
    expect((await head.approvals.tasks()).filter((t) => t.campaignId === campaignId)).toEqual([]);
    app.clock.advance(13 * HOUR);
    await drainRuntime(app.rt);
    const notices = (await head.notifications.list()).items.filter((n) => n.kind === 'approval_task_escalation' && n.campaignId === campaignId);
    expect(notices).toHaveLength(1);
    const [audit, ...more] = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'approval_task.escalate'), eq(auditLog.entityId, campaignId)));
    expect(more).toEqual([]);
    expect(audit.detail.customers).toEqual(expect.arrayContaining(['C000104', 'C000105']));
    expect(notices[0].detail).toMatchObject({ department: 'market', count: (audit.detail.customers as string[]).length });
    const waiting = (await head.approvals.tasks()).filter((t) => t.campaignId === campaignId && ['C000104', 'C000105'].includes(t.customerId));
    // The level above decides without the node's role (区域经理): nothing marks the tasks as not theirs.
    expect(waiting.map((t) => [t.customerId, t.escalated, t.missingRole]).sort()).toEqual([['C000104', true, null], ['C000105', true, null]]);
    // The market's other approvers still see them too; other departments do not.
    expect((await (await callerAs(app, 'cs-approver@octoflow.demo')).approvals.tasks()).filter((t) => t.campaignId === campaignId)).toEqual([]);
    await head.approvals.decideTask({ taskId: waiting.find((t) => t.customerId === 'C000104')!.id, decision: 'approved', comment: '省公司同意' });
    await drainRuntime(app.rt);
    // 23:00 in Shanghai: the SMS itself waits for the end of quiet hours.
    expect(await pathOf('C000104')).toEqual(['t:entered', 'ok:waiting', 'ok:approved', 'gift:contact_requested', 'done:exited']);
    // Escalated once only.
    app.clock.advance(HOUR);
    await drainRuntime(app.rt);
    expect(await app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'approval_task.escalate'), eq(auditLog.entityId, campaignId)))).toHaveLength(1);
  });

  it('should take the timeout branch when the due time passes, close the task and record it', async () => {
    const task = await taskOf('C000105');
    app.clock.advance(10 * HOUR);
    await drainRuntime(app.rt);
    expect(await pathOf('C000105')).toEqual(['t:entered', 'ok:waiting', 'ok:timeout', 'late:exited']);
    const [closed] = await app.rt.db.select().from(approvalTasks).where(eq(approvalTasks.id, task.id));
    expect(closed.status).toBe('timed_out');
    const market = await callerAs(app, 'approver@octoflow.demo');
    expect((await market.approvals.tasks()).some((t) => t.id === task.id)).toBe(false);
    await expect(market.approvals.decideTask({ taskId: task.id, decision: 'approved' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringContaining('timed out') });
    const [entry] = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'approval_task.timeout'), eq(auditLog.entityId, task.id)));
    expect(entry).toMatchObject({ actorId: null, detail: { customerId: 'C000105', department: 'market' } });
  });

  it('should keep the audit chain intact through all of it', async () => {
    expect(await verifyAuditChain(app.rt.db)).toMatchObject({ ok: true });
  });
});

describe('a head-office task nobody decides', () => {
  /** balance low -> approval (head office, 1 day) -> approved: SMS; rejected / timeout: their own ends. */
  const topUpGift: FlowGraph = {
    version: 1,
    settings: { reentry: 'every_time', concurrent: false },
    nodes: [
      { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'balance_low', condition: '' } },
      { id: 'ho', kind: 'approval', position: { x: 0, y: 100 }, params: { department: 'head_office', note: '{{customer.name}}余额不足，赠送20元话费', timeout: { amount: 1, unit: 'days' } } },
      { id: 'gift', kind: 'sms', position: { x: 0, y: 200 }, params: { template: '赠送20元话费' } },
      { id: 'done', kind: 'end', position: { x: 0, y: 300 }, params: {} },
      { id: 'no', kind: 'end', position: { x: 200, y: 200 }, params: {} },
      { id: 'late', kind: 'end', position: { x: 400, y: 200 }, params: {} },
    ],
    edges: [
      { id: 'e1', source: 't', sourcePort: 'out', target: 'ho' },
      { id: 'e2', source: 'ho', sourcePort: 'approved', target: 'gift' },
      { id: 'e3', source: 'gift', sourcePort: 'out', target: 'done' },
      { id: 'e4', source: 'ho', sourcePort: 'rejected', target: 'no' },
      { id: 'e5', source: 'ho', sourcePort: 'timeout', target: 'late' },
    ],
  };

  it('should escalate to the administrators, the level above the head office, half-way to the due time', async () => {
    const { campaignId: hoCampaign } = await launchFlow(app, 'Head-office top-up gifts', topUpGift);
    await app.rt.db.update(customers).set({ tags: { name: '客户C000107', arpu: 66.0, opted_out: false, plan: 'family_5g' } }).where(eq(customers.id, 'C000107'));
    await ingestEvents(app.rt, [{ eventId: `low-C000107-${app.clock.now().getTime()}`, customerId: 'C000107', type: 'balance_low', occurredAt: app.clock.now().toISOString(), attributes: { balance: 1.5 } }]);
    await drainRuntime(app.rt);
    const [task] = await app.rt.db.select().from(approvalTasks).where(and(eq(approvalTasks.customerId, 'C000107'), eq(approvalTasks.campaignId, hoCampaign)));
    expect(task).toMatchObject({ department: 'head_office', status: 'open', escalatedAt: null });
    const escalations = () => app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'approval_task.escalate'), eq(auditLog.entityId, hoCampaign)));

    // Before half-way: nothing.
    app.clock.advance(11 * HOUR);
    await drainRuntime(app.rt);
    expect(await escalations()).toEqual([]);

    app.clock.advance(2 * HOUR);
    await drainRuntime(app.rt);
    const [audit, ...more] = await escalations();
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ actorId: null, detail: { department: 'head_office', to: 'admin', tasks: [task.id], customers: ['C000107'] } });
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const toAdmin = (await admin.notifications.list()).items.filter((n) => n.kind === 'approval_task_escalation' && n.campaignId === hoCampaign);
    expect(toAdmin).toHaveLength(1);
    expect(toAdmin[0].detail).toMatchObject({ department: 'head_office', count: 1, campaignName: 'Head-office top-up gifts' });
    // Not back to the head office, which was told when the task opened.
    const head = await callerAs(app, 'ho-approver@octoflow.demo');
    expect((await head.notifications.list()).items.filter((n) => n.kind === 'approval_task_escalation' && n.campaignId === hoCampaign)).toEqual([]);

    // The administrator decides it; escalated once only.
    const mine = (await admin.approvals.tasks()).find((t) => t.id === task.id)!;
    expect(mine).toMatchObject({ escalated: true, department: 'head_office' });
    await admin.approvals.decideTask({ taskId: task.id, decision: 'approved', comment: '管理员代批' });
    await drainRuntime(app.rt);
    expect((await app.rt.db.select().from(steps).where(and(eq(steps.customerId, 'C000107'), eq(steps.campaignId, hoCampaign))).orderBy(steps.id)).map((s) => `${s.nodeId}:${s.outcome}`)).toEqual([
      't:entered',
      'ho:waiting',
      'ho:approved',
      'gift:contact_requested',
      'done:exited',
    ]);
    app.clock.advance(HOUR);
    await drainRuntime(app.rt);
    expect(await escalations()).toHaveLength(1);
    expect(await verifyAuditChain(app.rt.db)).toMatchObject({ ok: true });
  });
});
