// The declared tag schema lives in the database, is administered through tRPC, and is the
// catalog flows and imports are checked against.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCondition, demoCatalog } from '@/workflows';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { runImport } from '@/server/services/customer-import';
import { customerSteps } from '@/server/services/customers';
import { launchFlow } from './support/flows';
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

  it('should run a flow whose condition uses the tag added after the server started', async () => {
    // loyalty_points was added by the test above, after this server built its flow index.
    await launchFlow(app, 'Loyalty reward', {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'counter_visit', condition: '' } },
        { id: 'c', kind: 'condition', position: { x: 0, y: 100 }, params: { expr: 'customer.loyalty_points > 1000' } },
        { id: 'y', kind: 'end', position: { x: 0, y: 200 }, params: {} },
        { id: 'n', kind: 'end', position: { x: 200, y: 200 }, params: {} },
      ],
      edges: [
        { id: 'e1', source: 't', sourcePort: 'out', target: 'c' },
        { id: 'e2', source: 'c', sourcePort: 'yes', target: 'y' },
        { id: 'e3', source: 'c', sourcePort: 'no', target: 'n' },
      ],
    });
    await ingestEvents(app.rt, [
      { eventId: 'lp-1', customerId: 'C000050', type: 'tags_updated', occurredAt: '2026-06-01T01:00:00Z', attributes: { loyalty_points: 5000 } },
      { eventId: 'lp-2', customerId: 'C000050', type: 'counter_visit', occurredAt: '2026-06-01T02:00:00Z', attributes: { shop_id: 'HZ-01' } },
    ]);
    await drainRuntime(app.rt);
    const steps = await customerSteps(app.rt.db, 'C000050');
    expect(steps.filter((st) => st.nodeId === 'c').map((st) => st.outcome)).toEqual(['yes']);
  });

  it('should check imported values against an edited tag', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    await admin.customerData.saveTag({ name: 'segment', type: 'enum', values: ['youth', 'senior'], labelZh: '客群', labelEn: 'Segment' });
    const csv = 'customer_id,msisdn,name,segment\nC000001,13800000001,王伟,youth\nC000002,13800000002,李芳,student\n';
    const report = await runImport(app.rt, [csv], { kind: 'customers', mode: 'partial', fileName: 'seg.csv', actor: 'admin@octoflow.demo' });
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 3, code: expect.any(String), reason: 'segment: expected one of youth, senior, got "student"' }),
    ]);
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
    await expect(admin.customerData.deleteTag({ name: 'arpu' })).rejects.toThrow(/^removing tag arpu would break campaigns that may run: 流量80%提醒[^;]*\(.*arpu/);
    await expect(admin.customerData.saveTag({ name: 'arpu', type: 'string', labelZh: 'ARPU', labelEn: 'ARPU' })).rejects.toThrow(/^changing tag arpu would break campaigns that may run: 流量80%提醒/);
    // Relabelling never breaks a flow.
    const arpu = (await admin.customerData.tags()).find((t) => t.name === 'arpu')!;
    await admin.customerData.saveTag({ name: 'arpu', type: arpu.type as 'double', labelZh: '月均收入', labelEn: 'ARPU (CNY)' });
    expect(app.rt.catalog.tags.find((t) => t.name === 'arpu')).toMatchObject({ type: arpu.type, label: { zh: '月均收入', en: 'ARPU (CNY)' } });
    await admin.customerData.deleteTag({ name: 'birthday' });
    expect(app.rt.catalog.tags.map((t) => t.name)).not.toContain('birthday');
  });

  it('should refuse a change that would break a scheduled campaign, however its flow names the tag, and write nothing', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    await admin.customerData.saveTag({ name: 'loyalty_tier', type: 'enum', values: ['silver', 'gold'], labelZh: '忠诚等级', labelEn: 'Loyalty tier' });
    // Not in a condition: the flow sets the tag, and starts next week.
    const c = await designer.campaigns.create({
      name: 'Gold upgrade',
      graph: {
        version: 1,
        nodes: [
          { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'counter_visit' } },
          { id: 's', kind: 'set_tag', position: { x: 0, y: 100 }, params: { tag: 'loyalty_tier', value: 'gold' } },
          { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
        ],
        edges: [
          { id: 'a', source: 't', sourcePort: 'out', target: 's' },
          { id: 'b', source: 's', sourcePort: 'out', target: 'e' },
        ],
      },
    });
    await designer.campaigns.plan({ id: c.id, objective: '', startAt: new Date(app.clock.now().getTime() + 7 * 86_400_000), endAt: null, priority: 50, allocation: {}, onExhausted: 'pause' });
    const v = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v.id, decision: 'approved' });
    expect(await approver.campaigns.launch({ id: c.id })).toMatchObject({ status: 'scheduled' });

    await expect(admin.customerData.deleteTag({ name: 'loyalty_tier' })).rejects.toThrow(/^removing tag loyalty_tier would break campaigns that may run: Gold upgrade \(.*loyalty_tier.*\); change or end them first$/);
    await expect(admin.customerData.saveTag({ name: 'loyalty_tier', type: 'enum', values: ['silver', 'platinum'], labelZh: '忠诚等级', labelEn: 'Loyalty tier' })).rejects.toThrow(
      /^changing tag loyalty_tier would break campaigns that may run: Gold upgrade \(Set tag node "s": "gold" is not a valid value for Loyalty tier/,
    );
    // A value added and a new label break nothing.
    await admin.customerData.saveTag({ name: 'loyalty_tier', type: 'enum', values: ['silver', 'gold', 'platinum'], labelZh: '忠诚等级', labelEn: 'Loyalty level' });
    const [tag] = (await admin.customerData.tags()).filter((t) => t.name === 'loyalty_tier');
    expect(tag).toMatchObject({ values: ['silver', 'gold', 'platinum'], labelEn: 'Loyalty level' });
  });
});
