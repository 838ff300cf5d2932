// The declared tag schema lives in the database, is administered through tRPC, and is the
// catalog flows and imports are checked against.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PGlite } from '@electric-sql/pglite';
import { migrationsFolder } from '@/server/db/client';
import { auditLog, tagDefinitions } from '@/server/db/schema';
import { checkCondition, demoCatalog } from '@/workflows';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { runImport } from '@/server/services/customer-import';
import { customerSteps } from '@/server/services/customers';
import { launchFlow } from './support/flows';
import { callerAs } from './support/actors';
import { rejection } from './support/errors';
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

  it('should refuse to add a tag whose name is taken, naming it, and leave that tag as it was', async () => {
    const en = await callerAs(app, 'admin@octoflow.demo', 'en');
    const tag = { name: 'household_size', type: 'int' as const, labelZh: '家庭人数', labelEn: 'Household size' };
    await en.customerData.saveTag({ ...tag, create: true });
    const before = app.rt.catalog.tags.find((t) => t.name === 'household_size');
    const err = await rejection(en.customerData.saveTag({ name: 'household_size', type: 'string', labelZh: '测试', labelEn: 'Test', create: true }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe('name: a tag household_size exists already: choose another name, or edit that tag in the list');
    const [row] = await app.rt.db.select().from(tagDefinitions).where(eq(tagDefinitions.name, 'household_size'));
    expect(row).toMatchObject({ type: 'int', labelEn: 'Household size' });
    expect(app.rt.catalog.tags.find((t) => t.name === 'household_size')).toEqual(before);
    // Editing it (no `create`) still changes it.
    await en.customerData.saveTag({ ...tag, labelEn: 'People in the household' });
    expect(app.rt.catalog.tags.find((t) => t.name === 'household_size')?.label.en).toBe('People in the household');
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

  it('should give the demo enum tags labels people read, in both languages', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const tags = (await designer.session.catalog()).tags;
    const labels = (name: string) => tags.find((t) => t.name === name)?.valueLabels;
    expect(labels('plan')?.unlimited_5g).toEqual({ zh: '5G畅享套餐', en: 'Unlimited 5G' });
    expect(labels('value_tier')?.gold).toEqual({ zh: '金卡', en: 'Gold' });
    expect(labels('region')?.hangzhou).toEqual({ zh: '杭州', en: 'Hangzhou' });
    expect(labels('channel_preference')?.shop).toEqual({ zh: '营业厅', en: 'Shop' });
    // Every declared value of the demo's enum tags has one.
    for (const demo of demoCatalog.tags.filter((t) => t.type === 'enum')) expect(Object.keys(labels(demo.name) ?? {})).toEqual(demo.values);
  });

  it('should save the labels an administrator gives enum values, audited, and put them in the catalog', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    await admin.customerData.saveTag({
      name: 'life_stage',
      type: 'enum',
      values: ['student', 'young_family', 'retired'],
      valueLabels: { student: { zh: ' 学生 ', en: 'Student' }, young_family: { zh: '年轻家庭', en: null }, retired: { zh: null, en: null } },
      labelZh: '人生阶段',
      labelEn: 'Life stage',
    });
    const [row] = (await admin.customerData.tags()).filter((t) => t.name === 'life_stage');
    // Trimmed; a language left out is not stored.
    expect(row!.valueLabels).toEqual({ student: { zh: '学生', en: 'Student' }, young_family: { zh: '年轻家庭' } });
    // The catalog reads a label given in one language in both, and a value without one as it is.
    expect(app.rt.catalog.tags.find((t) => t.name === 'life_stage')?.valueLabels).toEqual({
      student: { zh: '学生', en: 'Student' },
      young_family: { zh: '年轻家庭', en: '年轻家庭' },
    });
    const [entry] = await app.rt.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'tag_schema.create'), eq(auditLog.entityId, 'life_stage')))
      .orderBy(desc(auditLog.seq));
    expect(entry!.detail).toMatchObject({ valueLabels: { student: { zh: '学生', en: 'Student' }, young_family: { zh: '年轻家庭' } } });

    // Dropping a value drops its label from the catalog; relabelling is audited with what it was.
    await admin.customerData.saveTag({ name: 'life_stage', type: 'enum', values: ['student', 'retired'], valueLabels: { student: { en: 'Pupil' } }, labelZh: '人生阶段', labelEn: 'Life stage' });
    expect(app.rt.catalog.tags.find((t) => t.name === 'life_stage')?.valueLabels).toEqual({ student: { zh: 'Pupil', en: 'Pupil' } });
    const [update] = await app.rt.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'tag_schema.update'), eq(auditLog.entityId, 'life_stage')))
      .orderBy(desc(auditLog.seq));
    expect(update!.detail).toMatchObject({ valueLabels: { student: { en: 'Pupil' } }, was: { valueLabels: { student: { zh: '学生', en: 'Student' } } } });
  });

  it('should refuse a label for a value the tag does not declare, naming the value, and a label too long', async () => {
    const en = await callerAs(app, 'admin@octoflow.demo', 'en');
    const zh = await callerAs(app, 'admin@octoflow.demo', 'zh-CN');
    const tag = { name: 'life_stage', type: 'enum' as const, values: ['student', 'retired'], labelZh: '人生阶段', labelEn: 'Life stage' };
    const undeclared = { ...tag, valueLabels: { student: { zh: '学生' }, graduate: { zh: '毕业生', en: 'Graduate' } } };
    expect((await rejection(en.customerData.saveTag(undeclared))).message).toBe(`valueLabels.graduate: "graduate" is not one of the tag's values: a label is only for a declared value`);
    expect((await rejection(zh.customerData.saveTag(undeclared))).message).toBe('valueLabels.graduate: “graduate”不是该标签的取值：只能为已声明的取值设置显示名称');
    // Not an enum: no value may have a label.
    await expect(en.customerData.saveTag({ name: 'nickname', type: 'string', valueLabels: { x: { zh: '某' } }, labelZh: '昵称', labelEn: 'Nickname' })).rejects.toThrow(/valueLabels\.x: "x" is not one of the tag's values/);
    await expect(en.customerData.saveTag({ ...tag, valueLabels: { student: { en: 'S'.repeat(101) } } })).rejects.toThrow(/valueLabels\.student\.en/);
    await expect(en.customerData.saveTag({ ...tag, valueLabels: { student: { zh: '   ' } } })).rejects.toThrow(/valueLabels\.student\.zh/);
    // Nothing was written.
    expect(app.rt.catalog.tags.find((t) => t.name === 'life_stage')?.valueLabels).toEqual({ student: { zh: 'Pupil', en: 'Pupil' } });
    expect(app.rt.catalog.tags.map((t) => t.name)).not.toContain('nickname');
  });

  it('should have a saved tag in the catalog even when a refresh begun before the save finishes after it', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    // As a background refresh does when the catalog has aged: it reads the tags before the save.
    const earlier = app.catalog.refresh();
    await admin.customerData.saveTag({ name: 'house_type', type: 'enum', values: ['flat', 'villa'], valueLabels: { villa: { zh: '别墅', en: 'Villa' } }, labelZh: '房型', labelEn: 'Home' });
    expect(app.rt.catalog.tags.find((t) => t.name === 'house_type')?.valueLabels).toEqual({ villa: { zh: '别墅', en: 'Villa' } });
    await earlier;
    expect(app.rt.catalog.tags.map((t) => t.name)).toContain('house_type');
  });

  it('should keep building the catalog when a tag’s stored labels are not of the right shape, showing its codes', async () => {
    await app.rt.db.update(tagDefinitions).set({ valueLabels: { villa: 'Villa' } as never }).where(eq(tagDefinitions.name, 'house_type'));
    const catalog = await app.catalog.refresh();
    expect(catalog.tags.find((t) => t.name === 'house_type')).toMatchObject({ values: ['flat', 'villa'] });
    expect(catalog.tags.find((t) => t.name === 'house_type')?.valueLabels).toBeUndefined();
    expect(catalog.tags.find((t) => t.name === 'plan')?.valueLabels?.unlimited_5g).toEqual({ zh: '5G畅享套餐', en: 'Unlimited 5G' });
  });
});

describe('upgrading to value labels', () => {
  it('should give an upgraded database’s tags of the demo’s names the labels the workbench showed, for the values they declare', async () => {
    const migrations = readMigrationFiles({ migrationsFolder });
    const at = migrations.findIndex((m) => m.sql.some((q) => q.includes('"value_labels" jsonb')));
    const db = await PGlite.create();
    try {
      for (const m of migrations.slice(0, at)) for (const q of m.sql) await db.exec(q);
      await db.exec(`insert into tag_definitions (name, type, "values", label_zh, label_en) values
        ('plan', 'enum', '["unlimited_5g", "campus"]', '套餐', 'Plan'), ('region', 'string', '[]', '地市', 'City'), ('segment', 'enum', '["youth"]', '客群', 'Segment')`);
      for (const q of migrations[at]!.sql) await db.exec(q);
      const rows = await db.query<{ name: string; value_labels: unknown }>('select name, value_labels from tag_definitions order by name');
      expect(rows.rows).toEqual([
        { name: 'plan', value_labels: { unlimited_5g: { zh: '5G畅享套餐', en: 'Unlimited 5G' } } },
        { name: 'region', value_labels: {} },
        { name: 'segment', value_labels: {} },
      ]);
    } finally {
      await db.close();
    }
  });
});
