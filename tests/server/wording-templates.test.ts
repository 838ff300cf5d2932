// Wording templates for contact nodes (issue 5): the designer's picker lists the approved texts
// for a kind of contact; a designer saves the text of a node as a new one, and a placeholder that
// names no customer tag is refused, naming it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerAs } from './support/actors';
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
