// Administrators give users roles (issue 6): the users list says where each role came from, a
// change is marked as set by hand and audited with what it was, only `users.manage` may do it,
// and a change that would leave no administrator is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createAccount } from '@/server/auth/accounts';
import { auditLog, user } from '@/server/db/schema';
import { verifyAuditChain } from '@/server/services/audit';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let ssoUserId: string;
beforeAll(async () => {
  app = await createTestApp();
  // An account whose role came from the sign-in provider's claims.
  ssoUserId = await createAccount(app.rt.db, { email: 'sso.user@operator.example', name: 'SSO User', password: 'long-enough-password', role: 'designer', department: 'market' });
  await app.rt.db.update(user).set({ roleSource: 'sso' }).where(eq(user.id, ssoUserId));
});
afterAll(async () => app?.close());

const as = (email: string) => callerAs(app, email);
const idOf = async (email: string) => (await app.rt.db.select({ id: user.id }).from(user).where(eq(user.email, email)))[0].id;

describe('the users list', () => {
  it('should list every account with its role, department, titles and where the role came from', async () => {
    const users = await (await as('admin@octoflow.demo')).users.list();
    expect(users.find((u) => u.email === 'approver@octoflow.demo')).toMatchObject({ role: 'approver', department: 'market', titles: ['营销经理', '区域经理'], roleSource: null });
    expect(users.find((u) => u.email === 'sso.user@operator.example')).toMatchObject({ role: 'designer', roleSource: 'sso' });
  });

  it('should refuse everybody but administrators, listing and changing alike', async () => {
    for (const email of ['designer@octoflow.demo', 'approver@octoflow.demo', 'executive@octoflow.demo', 'agent1@octoflow.demo']) {
      const caller = await as(email);
      await expect(caller.users.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller.users.setAccess({ userId: ssoUserId, role: 'admin', department: 'market', titles: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect((await callerAs(app, null)).users.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const [row] = await app.rt.db.select().from(user).where(eq(user.id, ssoUserId));
    expect(row.role).toBe('designer');
  });
});

describe('changing a role', () => {
  it('should set the role, department and titles by hand and audit what it was', async () => {
    const admin = await as('admin@octoflow.demo');
    const saved = await admin.users.setAccess({ userId: ssoUserId, role: 'approver', department: 'customer_service', titles: [' 话术审核 ', '话术审核', ''] });
    expect(saved).toMatchObject({ role: 'approver', department: 'customer_service', titles: ['话术审核'], roleSource: 'manual' });
    expect((await admin.users.list()).find((u) => u.id === ssoUserId)).toMatchObject({ role: 'approver', department: 'customer_service', titles: ['话术审核'], roleSource: 'manual' });
    // The person's next call already has the new role.
    expect(await (await as('sso.user@operator.example')).approvals.tasks()).toEqual(expect.any(Array));

    const [entry] = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.set_access'), eq(auditLog.entityId, ssoUserId)));
    expect(entry).toMatchObject({
      actorEmail: 'admin@octoflow.demo',
      entityType: 'user',
      detail: { email: 'sso.user@operator.example', from: { role: 'designer', department: 'market', roleSource: 'sso' }, to: { role: 'approver', department: 'customer_service', titles: ['话术审核'], roleSource: 'manual' } },
    });
    expect((await verifyAuditChain(app.rt.db)).ok).toBe(true);
  });

  it('should refuse bad input with what is wrong', async () => {
    const admin = await as('admin@octoflow.demo');
    await expect(admin.users.setAccess({ userId: ssoUserId, role: 'boss' as 'admin', department: 'market', titles: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('role') });
    await expect(admin.users.setAccess({ userId: 'no-such-user', role: 'designer', department: 'market', titles: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('should refuse taking away the last administrator’s role, and allow it once there is another', async () => {
    const admin = await as('admin@octoflow.demo');
    const adminId = await idOf('admin@octoflow.demo');
    await expect(admin.users.setAccess({ userId: adminId, role: 'designer', department: 'it_support', titles: [] })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('only administrator'),
    });
    expect((await app.rt.db.select().from(user).where(eq(user.id, adminId)))[0].role).toBe('admin');
    // Keeping the administrator an administrator (another department) is fine.
    await admin.users.setAccess({ userId: adminId, role: 'admin', department: 'head_office', titles: [] });

    await admin.users.setAccess({ userId: ssoUserId, role: 'admin', department: 'it_support', titles: [] });
    await admin.users.setAccess({ userId: adminId, role: 'designer', department: 'it_support', titles: [] });
    expect((await app.rt.db.select().from(user).where(eq(user.id, adminId)))[0].role).toBe('designer');
    // Now the other one is the last.
    const other = await as('sso.user@operator.example');
    await expect(other.users.setAccess({ userId: ssoUserId, role: 'approver', department: 'market', titles: [] })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await other.users.setAccess({ userId: adminId, role: 'admin', department: 'it_support', titles: [] });
  });

  it('should let only one of two simultaneous demotions through when two administrators are left', async () => {
    const admin = await as('admin@octoflow.demo');
    const adminId = await idOf('admin@octoflow.demo');
    const results = await Promise.allSettled([
      admin.users.setAccess({ userId: adminId, role: 'designer', department: 'it_support', titles: [] }),
      admin.users.setAccess({ userId: ssoUserId, role: 'designer', department: 'it_support', titles: [] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await app.rt.db.select().from(user).where(eq(user.role, 'admin'))).toHaveLength(1);
  });
});

describe('the titles approvers hold', () => {
  it("should offer designers each department's approver titles for an approval node's role, and follow a change", async () => {
    const designer = await as('designer@octoflow.demo');
    const before = await designer.users.approverTitles();
    expect(before.find((d) => d.department === 'market')?.titles).toEqual(['区域经理', '营销经理']);
    expect(before.find((d) => d.department === 'customer_service')?.titles).toContain('话术审核');
    // A title given on the users page is offered from then on; a designer's own titles are not an approver's.
    // (The tests above leave one administrator, whichever of two demotions lost the race.)
    const [{ email: adminEmail }] = await app.rt.db.select({ email: user.email }).from(user).where(eq(user.role, 'admin')).limit(1);
    const admin = await as(adminEmail);
    const designerId = await idOf('designer@octoflow.demo');
    await admin.users.setAccess({ userId: await idOf('cs-approver@octoflow.demo'), role: 'approver', department: 'customer_service', titles: ['话术审核', '投诉主管'] });
    await admin.users.setAccess({ userId: designerId, role: 'designer', department: 'market', titles: ['设计师岗'] });
    const after = await designer.users.approverTitles();
    expect(after.find((d) => d.department === 'customer_service')?.titles).toEqual(expect.arrayContaining(['话术审核', '投诉主管']));
    expect(after.flatMap((d) => d.titles)).not.toContain('设计师岗');
  });

  it('should not show approver titles to those who do not design flows', async () => {
    await expect((await as('agent1@octoflow.demo')).users.approverTitles()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await callerAs(app, null)).users.approverTitles()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
