// The role (岗位) an approval node names is enforced on the server: a launch sign-off or a
// customer's approval task whose node names 营销经理 is decided only by an approver of the
// department who holds that title; another approver of the same department is refused with
// FORBIDDEN naming the role, until an administrator gives it on the users page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createAccount } from '@/server/auth/accounts';
import { approvalTasks, customers } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import type { FlowGraph } from '@/workflows';
import { callerAs } from './support/actors';
import { launchFlow } from './support/flows';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let juniorId: string;
beforeAll(async () => {
  app = await createTestApp();
  // A second market approver without any title.
  juniorId = await createAccount(app.rt.db, { email: 'junior@operator.example', name: '市场部 · 新审批', password: 'long-enough-password', role: 'approver', department: 'market' });
});
afterAll(async () => app?.close());

const as = (email: string) => callerAs(app, email);

/** A launch sign-off by the market's 营销经理 before trigger -> sms -> end. */
const signedOff: FlowGraph = {
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 'mkt', kind: 'approval', position: { x: 0, y: -100 }, params: { department: 'market', role: '营销经理', note: '上线审批', timeout: { amount: 2, unit: 'days' } } },
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'balance_low', condition: '' } },
    { id: 's', kind: 'sms', position: { x: 0, y: 100 }, params: { template: '岗位审批测试' } },
    { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
  ],
  edges: [
    { id: 'l0', source: 'mkt', sourcePort: 'approved', target: 't' },
    { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
    { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
  ],
};

/** contract expiring -> approval by the market's 区域经理 -> three ends. */
const perCustomer: FlowGraph = {
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'contract_expiring', condition: '' } },
    { id: 'ok', kind: 'approval', position: { x: 0, y: 100 }, params: { department: 'market', role: '区域经理', note: '合约剩{{event.days_left}}天，续约赠送话费', timeout: { amount: 1, unit: 'days' } } },
    { id: 'yes', kind: 'end', position: { x: 0, y: 200 }, params: {} },
    { id: 'no', kind: 'end', position: { x: 200, y: 200 }, params: {} },
    { id: 'late', kind: 'end', position: { x: 400, y: 200 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 'ok' },
    { id: 'e2', source: 'ok', sourcePort: 'approved', target: 'yes' },
    { id: 'e3', source: 'ok', sourcePort: 'rejected', target: 'no' },
    { id: 'e4', source: 'ok', sourcePort: 'timeout', target: 'late' },
  ],
};

describe('a launch sign-off that names a role', () => {
  it('should refuse an approver of the department without the role, naming it, and accept one who holds it', async () => {
    const designer = await as('designer@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Role-bound launch', graph: signedOff });
    const v = await designer.campaigns.submit({ id: c.id });

    const junior = await as('junior@operator.example');
    const manager = await as('approver@octoflow.demo');
    // Both see it in their inbox; the one without the role is told which role it waits for.
    expect((await junior.campaigns.pendingApprovals()).find((p) => p.versionId === v.id)).toMatchObject({ myStepId: 'mkt', missingRole: '营销经理' });
    expect((await manager.campaigns.pendingApprovals()).find((p) => p.versionId === v.id)).toMatchObject({ myStepId: 'mkt', missingRole: null });
    const refused = junior.campaigns.decide({ versionId: v.id, decision: 'approved', expectedHash: v.hash });
    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('营销经理') });
    await expect(junior.campaigns.decide({ versionId: v.id, decision: 'approved', stepId: 'mkt' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('营销经理') });
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('submitted');

    // The demo market approver holds 营销经理.
    expect(await manager.campaigns.decide({ versionId: v.id, decision: 'approved', expectedHash: v.hash })).toEqual({ status: 'approved', stepId: 'mkt' });
  });

  it('should let the approver decide once an administrator gives them the role', async () => {
    const designer = await as('designer@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Role given later', graph: signedOff });
    const v = await designer.campaigns.submit({ id: c.id });
    const admin = await as('admin@octoflow.demo');
    await admin.users.setAccess({ userId: juniorId, role: 'approver', department: 'market', titles: ['营销经理'] });
    const junior = await as('junior@operator.example');
    expect((await junior.campaigns.pendingApprovals()).find((p) => p.versionId === v.id)).toMatchObject({ missingRole: null });
    expect(await junior.campaigns.decide({ versionId: v.id, decision: 'approved', expectedHash: v.hash })).toEqual({ status: 'approved', stepId: 'mkt' });
    await admin.users.setAccess({ userId: juniorId, role: 'approver', department: 'market', titles: [] });
  });
});

describe('a per-customer approval that names a role', () => {
  it('should refuse an approver of the department without the role, naming it, and let the holder decide', async () => {
    const { campaignId } = await launchFlow(app, 'Role-bound gifts', perCustomer);
    await app.rt.db.update(customers).set({ tags: { name: '客户C000201', opted_out: false } }).where(eq(customers.id, 'C000201'));
    await ingestEvents(app.rt, [{ eventId: 'role-exp-1', customerId: 'C000201', type: 'contract_expiring', occurredAt: app.clock.now().toISOString(), attributes: { days_left: 9 } }]);
    await drainRuntime(app.rt);
    const [task] = await app.rt.db.select().from(approvalTasks).where(and(eq(approvalTasks.campaignId, campaignId), eq(approvalTasks.customerId, 'C000201')));
    expect(task).toMatchObject({ role: '区域经理', status: 'open' });

    const junior = await as('junior@operator.example');
    // The task is the market's: it is in the junior's inbox with the role it needs.
    expect((await junior.approvals.tasks()).find((t) => t.id === task.id)).toMatchObject({ role: '区域经理', missingRole: '区域经理' });
    const manager = await as('approver@octoflow.demo');
    expect((await manager.approvals.tasks()).find((t) => t.id === task.id)).toMatchObject({ role: '区域经理', missingRole: null });
    await expect(junior.approvals.decideTask({ taskId: task.id, decision: 'approved' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('区域经理'),
    });
    const [still] = await app.rt.db.select().from(approvalTasks).where(eq(approvalTasks.id, task.id));
    expect(still.status).toBe('open');

    expect(await manager.approvals.decideTask({ taskId: task.id, decision: 'approved' })).toEqual({ status: 'approved' });
  });
});
