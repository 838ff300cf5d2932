// The author of a version hears the outcome of its launch sign-offs: a rejection with the
// department, the approver and their comment, or - once a version is ready to launch - every
// approver with their department, in the order they signed. Only whoever submitted the version is told; the notice is in the bell, rendered in
// either language, and waits in the outbox for e-mail and webhook like every other notice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { notificationDeliveries, notifications, user } from '@/server/db/schema';
import { renderNotice } from '@/server/services/notifications-delivery';
import { callerAs } from './support/actors';
import { signoff, signoffFlow, submitForSignoff } from './support/signoffs';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

/** Signed off in parallel by the market and customer service. */
const flow = signoffFlow('balance_low', [signoff('mkt', 'market'), signoff('cs', 'customer_service')], [['mkt', 't'], ['cs', 't']], '余额不足提醒');

const as = (email: string) => callerAs(app, email);
const COMMENT = '请把ARPU门槛调整为60元';

const submit = (name: string) => submitForSignoff(app, name, flow);

/** Everyone told about a decision on this campaign's versions. */
async function decisionNotices(campaignId: string) {
  return app.rt.db
    .select({ n: notifications, email: user.email, name: user.name, department: user.department })
    .from(notifications)
    .innerJoin(user, eq(user.id, notifications.userId))
    .where(and(eq(notifications.campaignId, campaignId), inArray(notifications.kind, ['version_rejected', 'version_approved'])));
}

const render = (r: Awaited<ReturnType<typeof decisionNotices>>[number]) =>
  renderNotice(r.n, { id: r.n.userId, email: r.email, name: r.name, department: r.department }, 'email', 'https://octoflow.operator.test');

describe('a rejected version', () => {
  it('should tell only its author, with the department, the approver and the comment, in both languages', async () => {
    const { c, v, designer } = await submit('ARPU 门槛 Rejected');
    await (await as('approver@octoflow.demo')).campaigns.decide({ versionId: v.id, decision: 'approved', comment: '价格已核对' });
    expect(await decisionNotices(c.id)).toEqual([]);
    await (await as('cs-approver@octoflow.demo')).campaigns.decide({ versionId: v.id, decision: 'rejected', comment: COMMENT });

    const rows = await decisionNotices(c.id);
    expect(rows.map((r) => [r.email, r.n.kind])).toEqual([['designer@octoflow.demo', 'version_rejected']]);
    const mine = (await designer.notifications.list()).items.filter((n) => n.campaignId === c.id && n.kind === 'version_rejected');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      read: false,
      versionId: v.id,
      detail: { campaignName: 'ARPU 门槛 Rejected', versionNo: 1, department: 'customer_service', approver: '客服部 · 陈审批', comment: COMMENT },
    });
    for (const other of ['approver@octoflow.demo', 'cs-approver@octoflow.demo', 'admin@octoflow.demo']) {
      const items = (await (await as(other)).notifications.list()).items;
      expect(items.filter((n) => n.kind === 'version_rejected' && n.campaignId === c.id)).toEqual([]);
    }

    const mail = render(rows[0]);
    expect(mail.subject).toContain('“ARPU 门槛 Rejected” v1 被驳回（客服部 · 陈审批，客服部）');
    expect(mail.subject).toContain('“ARPU 门槛 Rejected” v1 was rejected by 客服部 · 陈审批 (Customer service)');
    expect(mail.text).toContain(`审批意见：${COMMENT}`);
    expect(mail.text).toContain(`Comment: ${COMMENT}`);
    expect(mail.text).toContain('Change the flow as asked and submit it again.');
    expect(mail.text).toContain('You receive this because you designed this campaign');
    expect(mail.link).toBe(`https://octoflow.operator.test/campaigns/${c.id}`);
    // Leaves by e-mail and webhook through the same outbox as the other notices.
    const deliveries = await app.rt.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.notificationId, rows[0].n.id));
    expect(deliveries.map((d) => d.channel).sort()).toEqual(['email', 'webhook']);
  });

  it('should show who rejected it, when and why in the campaign’s versions', async () => {
    const { c, v, designer } = await submit('Versions show the reason');
    await (await as('approver@octoflow.demo')).campaigns.decide({ versionId: v.id, decision: 'rejected', comment: COMMENT });
    const [row] = await designer.campaigns.versions({ id: c.id });
    expect(row).toMatchObject({ status: 'rejected', rejection: { by: '市场部 · 王审批', department: 'market', comment: COMMENT } });
    expect(row.rejection?.at).toBeInstanceOf(Date);
  });
});

describe('an approved version', () => {
  it('should tell its author once the last sign-off is given, and not before, naming every approver', async () => {
    const { c, v, designer } = await submit('Ready to launch');
    await (await as('cs-approver@octoflow.demo')).campaigns.decide({ versionId: v.id, decision: 'approved', comment: '用语规范' });
    expect(await decisionNotices(c.id)).toEqual([]);
    await (await as('approver@octoflow.demo')).campaigns.decide({ versionId: v.id, decision: 'approved', comment: '价格已核对' });

    const rows = await decisionNotices(c.id);
    expect(rows.map((r) => [r.email, r.n.kind])).toEqual([['designer@octoflow.demo', 'version_approved']]);
    // In the bell: both sign-offs, customer service first (it signed first), then the market.
    const [mine] = (await designer.notifications.list()).items.filter((n) => n.campaignId === c.id && n.kind === 'version_approved');
    expect(mine.detail).toMatchObject({
      campaignName: 'Ready to launch',
      versionNo: 1,
      signoffs: [
        { stepId: 'cs', department: 'customer_service', approver: '客服部 · 陈审批' },
        { stepId: 'mkt', department: 'market', approver: '市场部 · 王审批' },
      ],
    });
    const mail = render(rows[0]);
    expect(mail.subject).toContain('“Ready to launch” v1 已通过全部会签：客服部 · 陈审批（客服部）、市场部 · 王审批（市场部）');
    expect(mail.subject).toContain('“Ready to launch” v1 is approved: every sign-off is done, by 客服部 · 陈审批 (Customer service) and 市场部 · 王审批 (Market)');
    expect(mail.text).toContain('现在可以上线此活动。');
    expect(mail.text).toContain('You can now launch it.');
    expect((await (await as('designer@octoflow.demo')).campaigns.versions({ id: c.id }))[0].rejection).toBeNull();
  });

  it('should name the approvers in the order they signed, not the order the steps are drawn', async () => {
    const three = signoffFlow(
      'balance_low',
      [signoff('mkt', 'market'), signoff('cs', 'customer_service'), signoff('it', 'it_support')],
      [['mkt', 't'], ['cs', 't'], ['it', 't']],
    );
    const { c, v } = await submitForSignoff(app, 'Three departments', three);
    for (const email of ['it-approver@octoflow.demo', 'approver@octoflow.demo', 'cs-approver@octoflow.demo']) {
      await (await as(email)).campaigns.decide({ versionId: v.id, decision: 'approved' });
    }
    const [row] = await decisionNotices(c.id);
    const mail = render(row);
    expect(mail.subject).toContain('已通过全部会签：IT支撑部 · 孙审批（IT支撑部）、市场部 · 王审批（市场部）、客服部 · 陈审批（客服部）');
    expect(mail.subject).toContain('every sign-off is done, by IT支撑部 · 孙审批 (IT support), 市场部 · 王审批 (Market), and 客服部 · 陈审批 (Customer service)');
    // The webhook carries the same words and the list itself.
    expect((row.n.detail as { signoffs: { stepId: string }[] }).signoffs.map((s) => s.stepId)).toEqual(['it', 'mkt', 'cs']);
  });

  it('should write nothing when the decision is refused', async () => {
    const { c, v } = await submit('Refused decision');
    await expect((await as('it-approver@octoflow.demo')).campaigns.decide({ versionId: v.id, decision: 'rejected', comment: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await decisionNotices(c.id)).toEqual([]);
  });
});
