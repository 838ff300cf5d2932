// Wording templates for contact nodes (issue 5): the designer's picker lists the approved texts
// for a kind of contact; a designer saves the text of a node as a new one, and a placeholder that
// names no customer tag is refused, naming it. On the wording templates page designers and
// administrators edit a template's names and text and retire / restore it, every change audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditLog } from '@/server/db/schema';
import { callerAs } from './support/actors';
import { contactFlow } from './support/flows';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

describe('wording templates', () => {
  it('should list the demo wordings for SMS, only SMS ones, with their placeholders', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const sms = await designer.wording.list({ kind: 'sms' });
    expect(sms.map((w) => w.id)).toContain('data-topup-5gb');
    expect(sms.every((w) => w.kind === 'sms')).toBe(true);
    expect(sms.find((w) => w.id === 'data-topup-5gb')!.body).toContain('{{customer.name}}');
    const calls = await designer.wording.list({ kind: 'outbound_call' });
    expect(calls.map((w) => w.id)).toEqual(['renewal-call-script']);
  });

  it('should save a designer\'s text as a template that the picker then lists', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await designer.wording.save({ id: 'roaming-welcome', kind: 'sms', nameZh: '漫游欢迎', nameEn: 'Roaming welcome', body: '{{customer.name}}，欢迎来到{{event.city}}！' });
    const sms = await designer.wording.list({ kind: 'sms' });
    expect(sms.find((w) => w.id === 'roaming-welcome')).toMatchObject({ nameEn: 'Roaming welcome', body: '{{customer.name}}，欢迎来到{{event.city}}！' });
    // Saving under an id that is taken does not replace that template (editing is on the templates page).
    await expect(designer.wording.save({ id: 'roaming-welcome', kind: 'sms', nameZh: '覆盖', nameEn: 'Over', body: '另一段话术' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"roaming-welcome" exists already'),
    });
    expect((await designer.wording.list({ kind: 'sms' })).find((w) => w.id === 'roaming-welcome')!.body).toBe('{{customer.name}}，欢迎来到{{event.city}}！');
  });

  it('should refuse a placeholder that names no customer tag, and a bad id, saying which', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await expect(designer.wording.save({ id: 'bad-tag', kind: 'sms', nameZh: '坏', nameEn: 'Bad', body: '您好 {{customer.nickname}}' })).rejects.toThrow(
      /body: "\{\{customer\.nickname\}\}" refers to no customer tag/,
    );
    await expect(designer.wording.save({ id: 'Bad Id', kind: 'sms', nameZh: '坏', nameEn: 'Bad', body: '您好' })).rejects.toThrow(/id/);
    expect((await designer.wording.list({ kind: 'sms' })).map((w) => w.id)).not.toContain('bad-tag');
  });

  it('should let approvers read but not write templates, and keep frontline staff out', async () => {
    const approver = await callerAs(app, 'approver@octoflow.demo');
    expect((await approver.wording.list({})).length).toBeGreaterThan(3);
    await expect(approver.wording.save({ id: 'x', kind: 'sms', nameZh: 'x', nameEn: 'x', body: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const clerk = await callerAs(app, 'clerk@octoflow.demo');
    await expect(clerk.wording.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the wording templates page', () => {
  const auditOf = (id: string) =>
    app.rt.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'wording_template'), eq(auditLog.entityId, id))).orderBy(asc(auditLog.seq));

  it('should edit a template\'s names and text, audited with what it was, and refuse an unknown tag by name', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const before = (await designer.wording.list({ kind: 'app_push' })).find((w) => w.id === 'upgrade-push')!;
    await expect(designer.wording.update({ id: 'upgrade-push', nameZh: '升级', nameEn: 'Upgrade', body: '{{customer.shoe_size}}，升级吧' })).rejects.toThrow(
      /"\{\{customer\.shoe_size\}\}" refers to no customer tag/,
    );
    await expect(designer.wording.update({ id: 'no-such-template', nameZh: '无', nameEn: 'None', body: '您好' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const saved = await designer.wording.update({ id: 'upgrade-push', nameZh: '套餐升级推送（新）', nameEn: 'Plan upgrade push (new)', body: '{{customer.name}}，5G畅享套餐首月免费，点击查看。' });
    expect(saved).toMatchObject({ kind: 'app_push', nameEn: 'Plan upgrade push (new)', body: '{{customer.name}}，5G畅享套餐首月免费，点击查看。' });
    expect((await designer.wording.list({ kind: 'app_push' })).find((w) => w.id === 'upgrade-push')!.nameZh).toBe('套餐升级推送（新）');
    const [entry] = (await auditOf('upgrade-push')).filter((e) => e.action === 'wording.update');
    expect(entry).toMatchObject({ actorEmail: 'designer@octoflow.demo' });
    expect(entry!.detail).toMatchObject({ body: saved.body, was: { nameEn: before.nameEn, body: before.body } });
  });

  it('should stop offering a retired template in the picker while a flow that copied its text keeps it, and offer it again once restored', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const text = (await designer.wording.list({ kind: 'sms' })).find((w) => w.id === 'balance-low-reminder')!.body;
    const c = await designer.campaigns.create({ name: 'Uses the low balance wording', graph: contactFlow('balance_low', text) });
    const v = await designer.campaigns.submit({ id: c.id });

    await admin.wording.setRetired({ id: 'balance-low-reminder', retired: true });
    expect((await designer.wording.list({ kind: 'sms' })).map((w) => w.id)).not.toContain('balance-low-reminder');
    const all = await designer.wording.list({ kind: 'sms', includeRetired: true });
    expect(all.find((w) => w.id === 'balance-low-reminder')!.retiredAt).not.toBeNull();
    const version = await designer.campaigns.getVersion({ versionId: v.id });
    expect(version.graph.nodes.find((n) => n.kind === 'sms')!.params.template).toBe(text);

    await designer.wording.setRetired({ id: 'balance-low-reminder', retired: false });
    expect((await designer.wording.list({ kind: 'sms' })).map((w) => w.id)).toContain('balance-low-reminder');
    expect((await auditOf('balance-low-reminder')).map((e) => [e.action, e.actorEmail])).toEqual([
      ['wording.retire', 'admin@octoflow.demo'],
      ['wording.restore', 'designer@octoflow.demo'],
    ]);
  });

  it('should let only designers and administrators edit, retire and restore', async () => {
    const approver = await callerAs(app, 'approver@octoflow.demo');
    await expect(approver.wording.setRetired({ id: 'data-topup-5gb', retired: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(approver.wording.update({ id: 'data-topup-5gb', nameZh: 'x', nameEn: 'x', body: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const exec = await callerAs(app, 'executive@octoflow.demo');
    await expect(exec.wording.setRetired({ id: 'data-topup-5gb', retired: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await approver.wording.list({ kind: 'sms' })).map((w) => w.id)).toContain('data-topup-5gb');
  });
});
