// The campaign lifecycle with its plan: a window in the future schedules the campaign, the
// lifecycle worker puts it live at the start and ends it at the end; what it sends draws down
// its allocation, and a used-up allocation pauses it or asks its approvers for more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createFormatter, createTranslator, type Messages } from 'next-intl';
import { lifecycleNoteText } from '@/app/(app)/campaigns/[id]/plan/lifecycle-note';
import { loadMessages } from '@/app/i18n/load-messages';
import { Department } from '@/server/auth/roles';
import { campaignEvents, sentMessages } from '@/server/db/schema';
import type { TimelineNote } from '@/server/services/timeline-note';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { callerAs } from './support/actors';
import { contactFlow } from './support/flows';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const HOUR = 3600_000;
let n = 0;
const visit = (customerId: string) => ({
  eventId: `visit-${++n}`,
  customerId,
  type: 'counter_visit',
  occurredAt: app.clock.now().toISOString(),
  attributes: { shop_id: 'HZ-01' },
});
/** A timeline note as the plan page words it for a reader of `locale` (in the operator's time zone). */
function read(note: TimelineNote | null, locale: 'zh-CN' | 'en'): string {
  if (!note) return '';
  const messages = loadMessages(locale) as Messages;
  const departments = createTranslator({ locale, messages, namespace: 'shell.departments' });
  return lifecycleNoteText(note, {
    t: createTranslator({ locale, messages, namespace: 'closedLoop' }),
    format: createFormatter({ locale, timeZone: 'Asia/Shanghai' }),
    department: (d) => departments(Department.parse(d)),
    locale,
  });
}
const smsTo = async (customerId: string, body: string) =>
  (await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, customerId))).filter((m) => m.body === body).length;

async function approved(name: string, template: string, plan: Partial<Parameters<Awaited<ReturnType<typeof callerAs>>['campaigns']['plan']>[0]>) {
  const designer = await callerAs(app, 'designer@octoflow.demo');
  const approver = await callerAs(app, 'approver@octoflow.demo');
  const c = await designer.campaigns.create({ name, graph: contactFlow('counter_visit', template) });
  await designer.campaigns.plan({ id: c.id, objective: '', startAt: null, endAt: null, priority: 50, allocation: {}, onExhausted: 'pause', ...plan });
  const v = await designer.campaigns.submit({ id: c.id });
  await approver.campaigns.decide({ versionId: v.id, decision: 'approved' });
  return { c, designer, approver };
}

describe('schedule window', () => {
  it('should schedule a campaign whose window starts later, put it live at the start and end it at the end', async () => {
    const start = new Date(app.clock.now().getTime() + 2 * HOUR);
    const end = new Date(start.getTime() + 24 * HOUR);
    const { c, designer } = await approved('Window', '窗口期短信', { objective: '提升到店转化', startAt: start, endAt: end });
    expect(await designer.campaigns.launch({ id: c.id })).toMatchObject({ status: 'scheduled' });

    await ingestEvents(app.rt, [visit('C000300')]);
    await drainRuntime(app.rt);
    expect(await smsTo('C000300', '窗口期短信')).toBe(0);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('scheduled');

    app.clock.advance(2 * HOUR);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('live');
    await ingestEvents(app.rt, [visit('C000301')]);
    await drainRuntime(app.rt);
    expect(await smsTo('C000301', '窗口期短信')).toBe(1);

    app.clock.advance(24 * HOUR);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('ended');
    await ingestEvents(app.rt, [visit('C000302')]);
    await drainRuntime(app.rt);
    expect(await smsTo('C000302', '窗口期短信')).toBe(0);

    const timeline = await designer.campaigns.timeline({ id: c.id });
    expect(timeline.map((e) => e.to)).toEqual(['draft', 'submitted', 'approved', 'scheduled', 'live', 'ended']);
    expect(timeline.find((e) => e.to === 'approved')?.actorName).toBe('市场部 · 王审批');
    expect(timeline.find((e) => e.to === 'live')?.actorName).toBeNull(); // the worker, not a person
    await expect(designer.campaigns.launch({ id: c.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('should refuse a window that ends before it starts, and a plan by another department', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Bad window' });
    const at = app.clock.now();
    await expect(
      designer.campaigns.plan({ id: c.id, objective: '', startAt: at, endAt: new Date(at.getTime() - HOUR), priority: 50, allocation: {}, onExhausted: 'pause' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const other = await admin.campaigns.create({ name: 'IT campaign' });
    await expect(designer.campaigns.plan({ id: other.id, objective: '', startAt: null, endAt: null, priority: 50, allocation: {}, onExhausted: 'pause' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('should lapse the change waiting for approval when the campaign ends, and take no more edits, submissions or sign-offs', async () => {
    const end = new Date(app.clock.now().getTime() + 3 * HOUR);
    const { c, designer, approver } = await approved('Ends with a change waiting', '结束前短信', { endAt: end });
    await designer.campaigns.launch({ id: c.id });
    // A change submitted while live: it waits for the approvers.
    const draft = await designer.campaigns.get({ id: c.id });
    const saved = await designer.campaigns.saveDraft({ id: c.id, graph: contactFlow('counter_visit', '改版短信'), revision: draft.draftRevision });
    const v2 = await designer.campaigns.submit({ id: c.id });
    expect((await approver.campaigns.pendingApprovals()).map((p) => p.versionId)).toContain(v2.id);

    app.clock.advance(3 * HOUR);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('ended');
    // It could never run: out of the approvers' inbox, marked lapsed, and the timeline says why.
    expect((await approver.campaigns.pendingApprovals()).map((p) => p.versionId)).not.toContain(v2.id);
    expect((await designer.campaigns.versions({ id: c.id })).find((v) => v.id === v2.id)?.status).toBe('lapsed');
    const ended = (await designer.campaigns.timeline({ id: c.id })).find((e) => e.to === 'ended');
    expect(read(ended!.note, 'en')).toMatch(new RegExp(`^the window ended at .*; version ${v2.versionNo}, waiting for approval, lapsed$`));
    expect(read(ended!.note, 'zh-CN')).toMatch(new RegExp(`^执行时间窗已于 .* 结束；待审批的版本 ${v2.versionNo} 随之失效$`));
    await expect(approver.campaigns.decide({ versionId: v2.id, decision: 'approved' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: `version ${v2.versionNo} is lapsed, not waiting for approval`,
    });

    // The ended campaign is history: the refusal says how to run it again, in the reader's language.
    const endedMessage = `campaign "Ends with a change waiting" has ended; copy it into a new campaign to run it again`;
    await expect(designer.campaigns.saveDraft({ id: c.id, graph: contactFlow('counter_visit', '再改'), revision: saved.revision })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: endedMessage,
    });
    await expect(designer.campaigns.submit({ id: c.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: endedMessage });
    const designerZh = await callerAs(app, 'designer@octoflow.demo', 'zh-CN');
    await expect(designerZh.campaigns.submit({ id: c.id })).rejects.toMatchObject({ message: '营销活动“Ends with a change waiting”已结束；如需再次运行，请复制为新活动' });
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('ended');
    expect((await designer.campaigns.versions({ id: c.id })).map((v) => v.status)).toEqual(['lapsed', 'approved']);
  });
});

describe('allocation', () => {
  it('should pause a campaign that has used up its SMS quota', async () => {
    const { c, designer } = await approved('Quota pause', '配额短信', { allocation: { sms: 2, budgetCny: 100 }, onExhausted: 'pause' });
    await designer.campaigns.launch({ id: c.id });
    await ingestEvents(app.rt, [visit('C000310')]);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('live');
    await ingestEvents(app.rt, [visit('C000311')]);
    await drainRuntime(app.rt);
    expect(await designer.campaigns.usage({ id: c.id })).toMatchObject({ sms: 2, costCny: 0.1 });
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('paused');
    await ingestEvents(app.rt, [visit('C000312')]);
    await drainRuntime(app.rt);
    expect(await smsTo('C000312', '配额短信')).toBe(0);
    const timeline = await designer.campaigns.timeline({ id: c.id });
    expect(timeline.at(-1)?.to).toBe('paused');
    expect(read(timeline.at(-1)!.note, 'en')).toBe('allocation used up: SMS volume 2 of 2');
    expect(read(timeline.at(-1)!.note, 'zh-CN')).toBe('资源分配已用完：短信量 2 / 2');
  });

  it('should ask the approvers for more once, and keep running, when the campaign says so', async () => {
    const { c, designer, approver } = await approved('Quota request', '追加短信', { allocation: { sms: 1 }, onExhausted: 'request' });
    const before = (await approver.notifications.list()).unread;
    await designer.campaigns.launch({ id: c.id });
    await ingestEvents(app.rt, [visit('C000320')]);
    await drainRuntime(app.rt);
    await ingestEvents(app.rt, [visit('C000321')]);
    await drainRuntime(app.rt);
    expect((await designer.campaigns.get({ id: c.id })).status).toBe('live');
    const after = await approver.notifications.list();
    expect(after.unread).toBe(before + 1);
    expect(after.items[0]).toMatchObject({ kind: 'allocation_request', campaignId: c.id, detail: { exhausted: [expect.stringMatching(/^sms /)] } });
  });
});

describe('lifecycle timeline in the reader\'s language', () => {
  it('should word each move for a Chinese and an English reader, the department by name and the time in China Standard Time', async () => {
    // 09:30 in Shanghai on 15 January 2027: the window starts later, so the launch schedules it.
    const start = new Date('2027-01-15T01:30:00Z');
    const { c, designer } = await approved('Timeline words', '时间线短信', { startAt: start });
    await designer.campaigns.launch({ id: c.id });
    // A note an earlier release wrote, in plain English: still shown, as it is.
    await app.rt.db.insert(campaignEvents).values({ campaignId: c.id, fromStatus: 'scheduled', toStatus: 'scheduled', note: 'window moved by the operator' });

    const timeline = await designer.campaigns.timeline({ id: c.id });
    expect(timeline.map((e) => e.to)).toEqual(['draft', 'submitted', 'approved', 'scheduled', 'scheduled']);
    expect(timeline.map((e) => read(e.note, 'zh-CN'))).toEqual(['', '版本 1 已提交审批', '市场部：已通过', '版本 1 已排期，将于 2027/1/15 09:30 上线', 'window moved by the operator']);
    expect(timeline.map((e) => read(e.note, 'en'))).toEqual(['', 'version 1 submitted for approval', 'Market: approved', 'version 1 scheduled to go live at 1/15/27, 9:30 AM', 'window moved by the operator']);
  });

  it("should keep the approver's own words beside the department's decision", async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Timeline comment', graph: contactFlow('counter_visit', '评语短信') });
    const v = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v.id, decision: 'rejected', comment: '优惠价格需复核' });
    const rejected = (await designer.campaigns.timeline({ id: c.id })).at(-1)!;
    expect(rejected.to).toBe('draft');
    expect(read(rejected.note, 'zh-CN')).toBe('市场部：已驳回——“优惠价格需复核”');
    expect(read(rejected.note, 'en')).toBe('Market: rejected — “优惠价格需复核”');
  });
});
