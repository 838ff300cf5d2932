// The declared tag schema lives in the database, is administered through tRPC, and is the
// catalog flows and imports are checked against.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCondition, demoCatalog } from '@/workflows';
import { runImport } from '@/server/services/customer-import';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('tag schema', () => {
  it('should be seeded from the demo catalog and be the catalog the server uses', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const tags = await admin.customerData.tags();
    expect(tags.map((t) => t.name)).toEqual(demoCatalog.tags.map((t) => t.name));
    const catalog = await admin.session.catalog();
    expect(catalog.tags).toEqual(demoCatalog.tags);
    expect(catalog.eventTypes.map((e) => e.type)).toEqual(expect.arrayContaining(['data_usage_80pct', 'tags_updated', 'partner_outcome', 'api_enrolment']));
  });

  it('should let an administrator add a tag that flows can use at once', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const condition = 'customer.loyalty_points > 1000';
    expect(checkCondition(condition, { catalog: app.rt.catalog }).errors[0]?.message.en).toMatch(/loyalty_points/);
    await admin.customerData.saveTag({ name: 'loyalty_points', type: 'int', labelZh: '积分', labelEn: 'Loyalty points' });
    expect(app.rt.catalog.tags.map((t) => t.name)).toContain('loyalty_points');
    expect(checkCondition(condition, { catalog: app.rt.catalog }).errors).toEqual([]);
  });

  it('should check imported values against an edited tag', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    await admin.customerData.saveTag({ name: 'segment', type: 'enum', values: ['youth', 'senior'], labelZh: '客群', labelEn: 'Segment' });
    const csv = 'customer_id,msisdn,name,segment\nC000001,13800000001,王伟,youth\nC000002,13800000002,李芳,student\n';
    const report = await runImport(app.rt, [csv], { kind: 'customers', mode: 'partial', fileName: 'seg.csv', actor: 'admin@octoflow.demo' });
    expect(report.errors).toEqual([{ line: 3, reason: 'segment: expected one of youth, senior, got "student"' }]);
  });

  it('should refuse bad definitions with the field named, and non-administrators', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    await expect(admin.customerData.saveTag({ name: 'Bad Name', type: 'string', labelZh: 'x', labelEn: 'x' })).rejects.toThrow(/lower_snake_case/);
    await expect(admin.customerData.saveTag({ name: 'tier2', type: 'enum', values: [], labelZh: 'x', labelEn: 'x' })).rejects.toThrow(/at least one allowed value/);
    await expect(admin.customerData.saveTag({ name: 'msisdn', type: 'string', labelZh: 'x', labelEn: 'x' })).rejects.toThrow(/reserved/);
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await expect(designer.customerData.saveTag({ name: 'x', type: 'string', labelZh: 'x', labelEn: 'x' })).rejects.toThrow(/may not tags.manage/);
  });

  it('should refuse to delete or retype a tag a live campaign uses, naming the campaign', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    await expect(admin.customerData.deleteTag({ name: 'arpu' })).rejects.toThrow(/arpu is used by live campaigns \(流量80%提醒/);
    await expect(admin.customerData.saveTag({ name: 'arpu', type: 'string', labelZh: 'ARPU', labelEn: 'ARPU' })).rejects.toThrow(/type cannot change/);
    await admin.customerData.deleteTag({ name: 'birthday' });
    expect(app.rt.catalog.tags.map((t) => t.name)).not.toContain('birthday');
  });
});
