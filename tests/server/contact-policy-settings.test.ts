// The contact policy as administrators change it (docs/contact-policy.md): read by the roles that
// plan and approve campaigns, changed by administrators only, contradictions refused naming the
// field (in the person's language), applied by the runtime from the next contact, every change in
// the audit log, and a save based on a policy someone saved over since refused, not overwriting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, campaigns, customers, sentMessages } from '@/server/db/schema';
import { defaultContactPolicy, type ContactPolicy } from '@/server/runtime/contact-policy';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { verifyAuditChain } from '@/server/services/audit';
import { callerAs } from './support/actors';
import { rejection } from './support/errors';
import { suppressionReasons } from './support/events';
import { contactFlow, launchFlow } from './support/flows';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let n = 0;
const admin = () => callerAs(app, 'admin@octoflow.demo');
const lowBalance = (customerId: string) => ({
  eventId: `cps-${++n}`,
  customerId,
  type: 'balance_low',
  occurredAt: app.clock.now().toISOString(),
  attributes: { balance: 1 },
});
const sent = async (customerId: string) => (await app.rt.db.select().from(sentMessages).where(eq(sentMessages.customerId, customerId))).length;

/** Saves `change` over the policy the admin reads now, as the page does. */
async function adminSaves(change: Partial<ContactPolicy>, locale?: 'zh-CN' | 'en') {
  const caller = await callerAs(app, 'admin@octoflow.demo', locale);
  const { policy, revision } = await caller.contactPolicy.get();
  return caller.contactPolicy.save({ ...policy, ...change, revision });
}

beforeAll(async () => {
  app = await createTestApp();
  await app.rt.db.update(campaigns).set({ status: 'paused' }); // the demo campaign listens to other events
  app.clock.set(new Date('2026-06-01T02:00:00Z')); // 10:00 in Shanghai, outside quiet hours
  await app.rt.db.update(customers).set({ tags: sql`${customers.tags} || '{"opted_out": false}'::jsonb` }).where(sql`${customers.id} between 'C000400' and 'C000410'`);
  await launchFlow(app, 'Balance reminder', contactFlow('balance_low', '余额提醒'));
});
afterAll(async () => app?.close());

describe('reading the contact policy', () => {
  it('should show the defaults, and the channels flows contact through, before anyone saved it', async () => {
    const got = await (await callerAs(app, 'designer@octoflow.demo')).contactPolicy.get();
    expect(got.policy).toEqual(defaultContactPolicy);
    expect(got).toMatchObject({ saved: false, updatedAt: null, updatedBy: null, problem: null });
    expect(got.channels).toEqual(['sms', 'outbound_call', 'inbound', 'frontline', 'app_push', 'webhook']);
  });

  it('should let approvers and executives read it, and refuse frontline staff and anonymous callers', async () => {
    for (const email of ['approver@octoflow.demo', 'executive@octoflow.demo']) {
      expect((await (await callerAs(app, email)).contactPolicy.get()).policy.caps).toEqual(defaultContactPolicy.caps);
    }
    expect((await rejection((await callerAs(app, 'agent1@octoflow.demo')).contactPolicy.get())).code).toBe('FORBIDDEN');
    expect((await rejection((await callerAs(app, 'clerk@octoflow.demo')).contactPolicy.get())).code).toBe('FORBIDDEN');
    expect((await rejection((await callerAs(app, null)).contactPolicy.get())).code).toBe('UNAUTHORIZED');
  });
});

describe('saving it', () => {
  it('should let an administrator save it and everyone read it back, saying who saved it', async () => {
    const saved = await adminSaves({ quietHours: { start: '22:00', end: '07:30' }, consentRequired: ['app_push', 'webhook'], maxHeldHours: null });
    expect(saved.changed.sort()).toEqual(['consentRequired', 'maxHeldHours', 'quietHours']);
    const got = await (await callerAs(app, 'designer@octoflow.demo')).contactPolicy.get();
    expect(got.policy).toEqual({ ...defaultContactPolicy, quietHours: { start: '22:00', end: '07:30' }, consentRequired: ['app_push', 'webhook'], maxHeldHours: null });
    expect(got).toMatchObject({ saved: true, updatedBy: 'admin@octoflow.demo', revision: saved.revision });
    expect(got.updatedAt).toBeInstanceOf(Date);
  });

  it('should apply a saved cap to the next contact at once, though the runtime had the old policy in memory', async () => {
    const id = 'C000401';
    await ingestEvents(app.rt, [lowBalance(id)]);
    await drainRuntime(app.rt); // the runtime loads and keeps the policy: 3 a day, SMS 2 a day
    expect(await sent(id)).toBe(1);
    await adminSaves({ caps: { perDay: 1, perWeek: 5 } });
    await ingestEvents(app.rt, [lowBalance(id)]);
    await drainRuntime(app.rt);
    expect(await sent(id)).toBe(1);
    expect(await suppressionReasons(app.rt.db, id)).toEqual(['fatigue_cap']);
    // And a customer not yet contacted today still gets their one.
    await ingestEvents(app.rt, [lowBalance('C000402')]);
    await drainRuntime(app.rt);
    expect(await sent('C000402')).toBe(1);
  });

  it('should record each change in the audit log with what it was before and after', async () => {
    const before = (await (await admin()).contactPolicy.get()).policy.channelCaps;
    await adminSaves({ channelCaps: { ...before, sms: { perDay: 1, perWeek: 4 } } });
    const [entry] = await app.rt.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'contact_policy.save'), eq(auditLog.entityType, 'contact_policy')))
      .orderBy(sql`${auditLog.seq} desc`)
      .limit(1);
    expect(entry.actorEmail).toBe('admin@octoflow.demo');
    expect(entry.detail).toMatchObject({
      changed: ['channelCaps'],
      before: { channelCaps: { sms: { perDay: 2, perWeek: 5 } } },
      after: { channelCaps: { sms: { perDay: 1, perWeek: 4 } } },
    });
    expect(await verifyAuditChain(app.rt.db)).toMatchObject({ ok: true });
  });

  it('should write nothing when nothing changed', async () => {
    const entries = async () => (await app.rt.db.select().from(auditLog).where(eq(auditLog.entityType, 'contact_policy'))).length;
    const had = await entries();
    const { revision } = await (await admin()).contactPolicy.get();
    const saved = await adminSaves({});
    expect(saved.changed).toEqual([]);
    expect(saved.revision).toBe(revision);
    expect(await entries()).toBe(had);
  });

  it('should let a designer read it but not save it', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const { policy, revision } = await designer.contactPolicy.get();
    const refused = await rejection(designer.contactPolicy.save({ ...policy, caps: { perDay: 9, perWeek: 9 }, revision }));
    expect(refused.code).toBe('FORBIDDEN');
    expect((await designer.contactPolicy.get()).policy.caps).toEqual(policy.caps);
  });
});

describe('contradictions', () => {
  const cases: { what: string; change: Partial<ContactPolicy>; en: string; zh: string }[] = [
    {
      what: 'a per-7-days cap below the per-day cap',
      change: { caps: { perDay: 5, perWeek: 2 } },
      en: 'caps.perWeek: the per-7-days cap (2) is lower than the per-day cap (5)',
      zh: 'caps.perWeek: 每 7 天上限（2）低于每日上限（5）',
    },
    {
      what: 'a channel’s per-7-days cap below its per-day cap',
      change: { channelCaps: { sms: { perDay: 3, perWeek: 1 } } },
      en: 'channelCaps.sms.perWeek: the per-7-days cap (1) is lower than the per-day cap (3)',
      zh: 'channelCaps.sms.perWeek: 每 7 天上限（1）低于每日上限（3）',
    },
    {
      what: 'quiet hours that end when they start',
      change: { quietHours: { start: '21:00', end: '21:00' } },
      en: 'quietHours.end: quiet hours end when they start (21:00): give a window such as 21:00–08:00, or turn quiet hours off',
      zh: 'quietHours.end: 免打扰结束时间与开始时间相同（21:00）：请设置一个时段（如 21:00–08:00），或关闭免打扰',
    },
    {
      what: 'a cap on a channel flows do not have',
      change: { channelCaps: { mms: { perDay: 1, perWeek: 2 } } },
      en: 'channelCaps.mms: no channel "mms": use one of sms, outbound_call, inbound, frontline, app_push, webhook',
      zh: 'channelCaps.mms: 没有渠道“mms”：应为 sms、outbound_call、inbound、frontline、app_push、webhook 之一',
    },
    {
      what: 'consent asked for on an unknown channel',
      change: { consentRequired: ['wechat'] },
      en: 'consentRequired.0: no channel "wechat": use one of sms, outbound_call, inbound, frontline, app_push, webhook',
      zh: 'consentRequired.0: 没有渠道“wechat”：应为 sms、outbound_call、inbound、frontline、app_push、webhook 之一',
    },
    {
      what: 'an unknown channel exempted',
      change: { exempt: ['inbound', 'email'] },
      en: 'exempt.1: no channel "email": use one of sms, outbound_call, inbound, frontline, app_push, webhook',
      zh: 'exempt.1: 没有渠道“email”：应为 sms、outbound_call、inbound、frontline、app_push、webhook 之一',
    },
    {
      what: 'a cap on a channel exempt from caps',
      change: { channelCaps: { inbound: { perDay: 1, perWeek: 2 } }, exempt: ['inbound'] },
      en: 'channelCaps.inbound: inbound is exempt from caps and quiet hours, so its cap would never apply: remove the cap or the exemption',
      zh: 'channelCaps.inbound: inbound 已豁免频次上限和免打扰，其上限不会生效：请删除该上限或取消豁免',
    },
  ];

  for (const c of cases) {
    it(`should refuse ${c.what}, naming the field, in English and in Chinese, and keep the policy`, async () => {
      const { revision, policy } = await (await admin()).contactPolicy.get();
      const en = await rejection(adminSaves(c.change, 'en'));
      expect(en.code).toBe('BAD_REQUEST');
      expect(en.message).toBe(c.en);
      expect((await rejection(adminSaves(c.change, 'zh-CN'))).message).toBe(c.zh);
      const after = await (await admin()).contactPolicy.get();
      expect(after.revision).toBe(revision);
      expect(after.policy).toEqual(policy);
    });
  }

  it('should name every contradiction of one save', async () => {
    const refused = await rejection(adminSaves({ caps: { perDay: 4, perWeek: 3 }, quietHours: { start: '08:00', end: '08:00' } }, 'en'));
    expect(refused.message).toMatch(/^caps\.perWeek: .+; quietHours\.end: .+$/);
  });
});

describe('two administrators at once', () => {
  it('should refuse a save based on a policy saved over since, naming who saved it, and keep theirs', async () => {
    const first = await admin();
    const second = await callerAs(app, 'admin@octoflow.demo', 'zh-CN');
    const opened = await first.contactPolicy.get();
    const alsoOpened = await second.contactPolicy.get();
    await first.contactPolicy.save({ ...opened.policy, caps: { perDay: 2, perWeek: 6 }, revision: opened.revision });
    const refused = await rejection(second.contactPolicy.save({ ...alsoOpened.policy, quietHours: null, revision: alsoOpened.revision }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe('您打开后触达策略已被 admin@octoflow.demo 保存：请刷新查看对方的修改，再重新修改');
    const now = await first.contactPolicy.get();
    expect(now.policy.caps).toEqual({ perDay: 2, perWeek: 6 });
    expect(now.policy.quietHours).toEqual(opened.policy.quietHours);
    // Reloaded, the second one's change goes in.
    await second.contactPolicy.save({ ...now.policy, quietHours: null, revision: now.revision });
    expect((await first.contactPolicy.get()).policy).toMatchObject({ caps: { perDay: 2, perWeek: 6 }, quietHours: null });
  });

  it('should let exactly one of two saves from the same policy at the same moment through', async () => {
    const caller = await admin();
    const opened = await caller.contactPolicy.get();
    const results = await Promise.allSettled(
      [3, 4].map((perDay) => caller.contactPolicy.save({ ...opened.policy, caps: { perDay, perWeek: 8 }, revision: opened.revision })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected');
    expect((lost?.reason as { code?: string }).code).toBe('CONFLICT');
    const won = results.find((r) => r.status === 'fulfilled');
    expect((await caller.contactPolicy.get()).policy.caps).toEqual(won?.status === 'fulfilled' ? won.value.policy.caps : null);
  });

  it('should also refuse a save based on a policy changed outside Octoflow since', async () => {
    const caller = await admin();
    const opened = await caller.contactPolicy.get();
    await app.rt.db.execute(sql`update settings set value = jsonb_set(value, '{caps,perDay}', '1'), updated_at = now() where key = 'contact_policy'`);
    const refused = await rejection(caller.contactPolicy.save({ ...opened.policy, exempt: [], revision: opened.revision }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe('the contact policy was changed after you opened it: reload to see the change, then make yours again');
    expect(await caller.contactPolicy.get()).toMatchObject({ updatedBy: null, policy: { caps: { perDay: 1 }, exempt: ['inbound'] } });
  });
});

describe('a stored policy that breaks a rule', () => {
  it('should keep applying it, say why a save would refuse it, and let an administrator save a correct one', async () => {
    // Stored by hand, or by a release before the rule: the workers keep running on it (a rule added
    // in an upgrade must not stop every contact), and the page shows it with what to correct.
    await app.rt.db.execute(sql`update settings set value = jsonb_set(value, '{caps}', '{"perDay": 4, "perWeek": 1}'), updated_at = now() where key = 'contact_policy'`);
    const id = 'C000403';
    await ingestEvents(app.rt, [lowBalance(id)]);
    await drainRuntime(app.rt);
    expect(await sent(id)).toBe(1);
    await ingestEvents(app.rt, [lowBalance(id)]);
    await drainRuntime(app.rt);
    expect(await suppressionReasons(app.rt.db, id)).toEqual(['fatigue_cap']); // the week's 1
    const caller = await callerAs(app, 'admin@octoflow.demo', 'zh-CN');
    const got = await caller.contactPolicy.get();
    expect(got.problem).toEqual({
      en: 'caps.perWeek: the per-7-days cap (1) is lower than the per-day cap (4)',
      zh: 'caps.perWeek: 每 7 天上限（1）低于每日上限（4）',
    });
    expect(got.policy.caps).toEqual({ perDay: 4, perWeek: 1 });
    await expect(caller.contactPolicy.save({ ...got.policy, revision: got.revision })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('caps.perWeek') });
    const saved = await caller.contactPolicy.save({ ...got.policy, caps: defaultContactPolicy.caps, revision: got.revision });
    expect(saved.changed).toContain('caps');
    const [entry] = await app.rt.db.select().from(auditLog).where(eq(auditLog.entityType, 'contact_policy')).orderBy(sql`${auditLog.seq} desc`).limit(1);
    expect(entry.detail).toMatchObject({ before: { caps: { perDay: 4, perWeek: 1 } }, after: { caps: defaultContactPolicy.caps } });
    expect(await caller.contactPolicy.get()).toMatchObject({ problem: null, policy: { ...got.policy, caps: defaultContactPolicy.caps }, updatedBy: 'admin@octoflow.demo' });
  });
});
