// The frontline organisation as administrators keep it (Admin → Frontline organisation): teams and
// shops are data, seeded with the ones earlier releases declared in code; an id taken or a city the
// app does not know is refused naming the field; only administrators may change it; a deactivated
// shop or team takes no new work and leaves the pickers but keeps its name in history; a new shop's
// city brings its staff that city's opportunities; every change is audited. It stays consistent:
// a city served by an active team or shop cannot leave the tag region, a team or shop goes only to
// frontline staff, and the single sign-on mapping names only active ones (checked at start-up; what
// it names cannot be deactivated or deleted).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { createAccount } from '@/server/auth/accounts';
import { migrationsFolder, openPglite } from '@/server/db/client';
import { auditLog, customers, frontlineTasks } from '@/server/db/schema';
import { ingestEvents } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { verifyAuditChain } from '@/server/services/audit';
import { ServiceError } from '@/server/services/errors';
import { findShop, findTeam, loadOrg, orgOf } from '@/server/services/frontline-org';
import { checkSsoMapping } from '@/server/services/sso-mapping';
import type { SsoAccess } from '@/server/auth/sso-env';
import { actorFor, callerAs } from './support/actors';
import { rejection } from './support/errors';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';

let app: TestApp;
let admin: Awaited<ReturnType<typeof callerAs>>;
let zh: Awaited<ReturnType<typeof callerAs>>;

beforeAll(async () => {
  app = await createTestApp();
  await drainRuntime(app.rt);
  admin = await callerAs(app, 'admin@octoflow.demo');
  zh = await callerAs(app, 'admin@octoflow.demo', 'zh-CN');
});
afterAll(async () => app?.close());

let seq = 0;
const event = (customerId: string, type: string, attributes: Record<string, unknown>) => ({
  eventId: `org-${++seq}`,
  customerId,
  type,
  occurredAt: app.clock.now().toISOString(),
  attributes,
});

/** A customer the demo inbound campaign fits (a 4G subscriber of two years) and its retention call, in `region`. */
async function customerIn(id: string, region: string) {
  await app.rt.db
    .update(customers)
    .set({ tags: { name: `客户${id.slice(-3)}`, plan: 'basic_4g', arpu: 88.0, value_tier: 'silver', region, tenure_months: 24, opted_out: false, timezone: 'Asia/Shanghai' } })
    .where(eq(customers.id, id));
}

async function send(...items: ReturnType<typeof event>[]) {
  await ingestEvents(app.rt, items);
  await drainRuntime(app.rt);
}

/** A new frontline account, signed in as the API would see it. */
async function staff(email: string, name: string) {
  const id = await createAccount(app.rt.db, { email, name, password: 'octoflow-test', role: 'frontline', department: 'channels' });
  return { id, as: () => callerAs(app, email) };
}

/** The refused fields of a service refusal, in Chinese. */
const fieldsOf = (err: { cause?: unknown }) => (err.cause instanceof ServiceError ? err.cause.fieldsIn('zh-CN') : []);

describe('the organisation as data', () => {
  it('should carry the teams and shops earlier releases declared in code, with both names', async () => {
    const { teams, shops } = await admin.frontlineOrg.list();
    expect(teams.map((t) => t.id)).toEqual(['hz-callcenter', 'hz-outbound-2', 'jh-callcenter', 'nb-callcenter', 'sx-callcenter', 'wz-callcenter']);
    expect(shops).toHaveLength(9);
    expect(teams.find((t) => t.id === 'hz-callcenter')).toMatchObject({ nameZh: '杭州客服中心', nameEn: 'Hangzhou call centre', regions: ['hangzhou', 'shaoxing', 'jinhua'], active: true, staff: 2 });
    expect(shops.find((s) => s.id === 'HZ-AG-17')).toMatchObject({ nameZh: '杭州西溪代理店', nameEn: 'Hangzhou Xixi agent shop', kind: 'agent', region: 'hangzhou', active: true, staff: 1 });
    // The demo staff work where they did before.
    expect((await (await callerAs(app, 'clerk@octoflow.demo')).frontline.opportunities()).shop).toMatchObject({ id: 'HZ-WL-01', name: { zh: '杭州武林自营厅' } });
  });

  it('should add, change and delete a shop and a team, refusing a taken id and naming the id field', async () => {
    await zh.frontlineOrg.saveShop({ id: 'NB-YZ-08', nameZh: '宁波鄞州自营厅', nameEn: 'Ningbo Yinzhou own shop', kind: 'own', region: 'ningbo', create: true });
    await zh.frontlineOrg.saveTeam({ id: 'nb-outbound-3', nameZh: '宁波外呼三组', nameEn: 'Ningbo outbound team 3', regions: ['ningbo', 'ningbo'], create: true });
    let listed = await admin.frontlineOrg.list();
    expect(listed.shops.find((s) => s.id === 'NB-YZ-08')).toMatchObject({ kind: 'own', region: 'ningbo', active: true, staff: 0, history: false, updatedBy: 'admin@octoflow.demo' });
    expect(listed.teams.find((t) => t.id === 'nb-outbound-3')).toMatchObject({ regions: ['ningbo'], staff: 0 });

    const taken = await rejection(zh.frontlineOrg.saveShop({ id: 'HZ-WL-01', nameZh: '另一个厅', nameEn: 'Another', kind: 'agent', region: 'ningbo', create: true }));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toBe('编号：营业厅 HZ-WL-01 已存在：请换一个编号，或在列表中编辑该营业厅');
    expect(fieldsOf(taken)).toEqual([{ path: ['id'], message: '营业厅 HZ-WL-01 已存在：请换一个编号，或在列表中编辑该营业厅' }]);
    const teamTaken = await rejection(admin.frontlineOrg.saveTeam({ id: 'hz-callcenter', nameZh: 'x', nameEn: 'x', regions: ['ningbo'], create: true }));
    expect(teamTaken).toMatchObject({ code: 'CONFLICT', message: 'id: a team hz-callcenter exists already: choose another id, or edit that team in the list' });
    // Nothing was overwritten.
    expect(findShop(await orgOf(app.rt.db), 'HZ-WL-01')).toMatchObject({ name: { zh: '杭州武林自营厅' }, kind: 'own', region: 'hangzhou' });
    expect((await rejection(admin.frontlineOrg.saveShop({ id: 'has space', nameZh: 'x', nameEn: 'x', kind: 'own', region: 'ningbo', create: true }))).message).toMatch(/^id: /);

    // Edited (no `create`): renamed and moved.
    await admin.frontlineOrg.saveShop({ id: 'NB-YZ-08', nameZh: '宁波鄞州旗舰厅', nameEn: 'Ningbo Yinzhou flagship', kind: 'own', region: 'ningbo' });
    await admin.frontlineOrg.saveTeam({ id: 'nb-outbound-3', nameZh: '宁波外呼三组', nameEn: 'Ningbo outbound team 3', regions: ['ningbo', 'wenzhou'] });
    listed = await admin.frontlineOrg.list();
    expect(listed.shops.find((s) => s.id === 'NB-YZ-08')?.nameZh).toBe('宁波鄞州旗舰厅');
    expect(listed.teams.find((t) => t.id === 'nb-outbound-3')?.regions).toEqual(['ningbo', 'wenzhou']);

    // Nothing refers to them yet: they may be deleted.
    await admin.frontlineOrg.deleteShop({ id: 'NB-YZ-08' });
    await admin.frontlineOrg.deleteTeam({ id: 'nb-outbound-3' });
    listed = await admin.frontlineOrg.list();
    expect(listed.shops.map((s) => s.id)).not.toContain('NB-YZ-08');
    expect(listed.teams.map((t) => t.id)).not.toContain('nb-outbound-3');
    expect((await rejection(admin.frontlineOrg.deleteShop({ id: 'NB-YZ-08' }))).code).toBe('NOT_FOUND');
    // One with staff is not: it is deactivated instead.
    const inUse = await rejection(zh.frontlineOrg.deleteTeam({ id: 'hz-callcenter' }));
    expect(inUse.code).toBe('CONFLICT');
    expect(inUse.message).toContain('不能删除班组 hz-callcenter：有 2 名人员归属于它');
  });

  it('should refuse a city the app does not know, naming the field, and keep one a record already has', async () => {
    const shop = await rejection(zh.frontlineOrg.saveShop({ id: 'XA-01', nameZh: '西安厅', nameEn: "Xi'an shop", kind: 'own', region: 'xian', create: true }));
    expect(shop.code).toBe('BAD_REQUEST');
    expect(shop.message).toBe('城市：没有城市 xian：请从客户标签 region 的城市中选择（hangzhou、ningbo、wenzhou、shaoxing、jinhua）');
    expect(fieldsOf(shop).map((f) => f.path)).toEqual([['region']]);
    const team = await rejection(admin.frontlineOrg.saveTeam({ id: 'xa-team', nameZh: 'x', nameEn: 'x', regions: ['hangzhou', 'xian', 'lanzhou'], create: true }));
    expect(team.message).toBe('regions: no city xian, lanzhou: choose among the cities of the customer tag region (hangzhou, ningbo, wenzhou, shaoxing, jinhua)');
    expect(fieldsOf(team).map((f) => f.path)).toEqual([['regions']]);
    expect((await rejection(admin.frontlineOrg.saveTeam({ id: 'xa-team', nameZh: 'x', nameEn: 'x', regions: [], create: true }))).message).toMatch(/^regions: choose at least one city/);
    expect((await admin.frontlineOrg.list()).shops.map((s) => s.id)).not.toContain('XA-01');

    // A city stored before it left the tag schema stays on the record that has it (it can still be
    // renamed or deactivated), and is refused for any other.
    await app.rt.db.execute(sql`update frontline_shops set region = 'quzhou' where id = 'JH-YW-05'`);
    await admin.frontlineOrg.saveShop({ id: 'JH-YW-05', nameZh: '金华义乌代理店', nameEn: 'Jinhua Yiwu agent shop', kind: 'agent', region: 'quzhou' });
    expect((await rejection(admin.frontlineOrg.saveShop({ id: 'QZ-01', nameZh: '衢州厅', nameEn: 'Quzhou shop', kind: 'own', region: 'quzhou', create: true }))).code).toBe('BAD_REQUEST');
    await admin.frontlineOrg.saveShop({ id: 'JH-YW-05', nameZh: '金华义乌代理店', nameEn: 'Jinhua Yiwu agent shop', kind: 'agent', region: 'jinhua' });
  });

  it('should let only administrators see or change it', async () => {
    for (const email of ['designer@octoflow.demo', 'executive@octoflow.demo', 'clerk@octoflow.demo', 'agent1@octoflow.demo']) {
      const other = await callerAs(app, email);
      for (const call of [
        () => other.frontlineOrg.list(),
        () => other.frontlineOrg.choices(),
        () => other.frontlineOrg.saveShop({ id: 'HZ-WL-01', nameZh: '改名', nameEn: 'Renamed', kind: 'own', region: 'hangzhou' }),
        () => other.frontlineOrg.saveTeam({ id: 'x-team', nameZh: 'x', nameEn: 'x', regions: ['hangzhou'], create: true }),
        () => other.frontlineOrg.deleteShop({ id: 'HZ-XH-02' }),
      ]) {
        expect((await rejection(call())).code, email).toBe('FORBIDDEN');
      }
    }
    expect((await rejection((await callerAs(app, null)).frontlineOrg.list())).code).toBe('UNAUTHORIZED');
    expect(findShop(await loadOrg(app.rt.db), 'HZ-WL-01')?.name.zh).toBe('杭州武林自营厅');
  });
});

describe('a new shop and team', () => {
  it('should bring the staff of a new shop the opportunities of its city, and credit the shop by name', async () => {
    await zh.frontlineOrg.saveShop({ id: 'WZ-OV-09', nameZh: '温州瓯海自营厅', nameEn: 'Wenzhou Ouhai own shop', kind: 'own', region: 'wenzhou', create: true });
    const clerk = await staff('ouhai.clerk@octoflow.test', '瓯海营业厅 · 林店员');
    await admin.users.setAccess({ userId: clerk.id, role: 'frontline', department: 'channels', titles: [], shopId: 'WZ-OV-09' });
    const me = await clerk.as();
    expect((await me.frontline.opportunities()).shop).toMatchObject({ id: 'WZ-OV-09', region: 'wenzhou' });

    await customerIn('C000811', 'wenzhou');
    await customerIn('C000812', 'hangzhou');
    await send(event('C000811', 'inbound_call', { reason: 'bill' }), event('C000812', 'inbound_call', { reason: 'bill' }));
    const seen = (await me.frontline.opportunities()).opportunities;
    expect(seen.map((o) => o.customerId)).toContain('C000811');
    expect(seen.map((o) => o.customerId)).not.toContain('C000812');
    expect((await (await callerAs(app, 'clerk@octoflow.demo')).frontline.opportunities()).opportunities.map((o) => o.customerId)).not.toContain('C000811');

    const opp = seen.find((o) => o.customerId === 'C000811')!;
    await me.frontline.recordOutcome({ taskId: opp.id, outcome: 'accepted' });
    const [task] = await app.rt.db.select().from(frontlineTasks).where(eq(frontlineTasks.id, opp.id));
    expect(task.outcomeShopId).toBe('WZ-OV-09');
    const month = app.clock.now().toISOString().slice(0, 7);
    const { csv } = await me.frontline.statementCsv({ month, locale: 'zh-CN' });
    expect(csv).toContain('WZ-OV-09 温州瓯海自营厅');
    // Now the shop has staff and history: it cannot be deleted.
    expect((await rejection(admin.frontlineOrg.deleteShop({ id: 'WZ-OV-09' }))).message).toMatch(/1 staff are assigned to it and work was recorded for it/);
  });

  it('should give a new team the outbound calls of its cities only', async () => {
    await admin.frontlineOrg.saveTeam({ id: 'wz-outbound-9', nameZh: '温州外呼九组', nameEn: 'Wenzhou outbound team 9', regions: ['wenzhou'], create: true });
    const agent = await staff('wz.agent@octoflow.test', '温州外呼 · 何坐席');
    await admin.users.setAccess({ userId: agent.id, role: 'frontline', department: 'customer_service', titles: [], team: 'wz-outbound-9' });
    const me = await agent.as();
    expect((await me.frontline.queue()).team).toMatchObject({ id: 'wz-outbound-9', name: { en: 'Wenzhou outbound team 9' } });
    await customerIn('C000821', 'wenzhou');
    await customerIn('C000822', 'hangzhou');
    await send(event('C000821', 'contract_expiring', { days_left: 5 }), event('C000822', 'contract_expiring', { days_left: 5 }));
    const claimed: string[] = [];
    for (let t = await me.frontline.claimNext(); t; t = await me.frontline.claimNext()) {
      claimed.push(t.customerId);
      await me.frontline.recordOutcome({ taskId: t.id, outcome: 'declined' });
    }
    expect(claimed).toContain('C000821');
    expect(claimed).not.toContain('C000822');
  });
});

describe('deactivating', () => {
  it('should stop a deactivated shop taking work and leave it out of the pickers, while history and the dashboards keep its name', async () => {
    const clerk = await callerAs(app, 'clerk@octoflow.demo');
    await customerIn('C000831', 'hangzhou');
    await send(event('C000831', 'inbound_call', { reason: 'bill' }));
    const [opp] = (await clerk.frontline.opportunities()).opportunities.filter((o) => o.customerId === 'C000831');
    await zh.frontlineOrg.saveShop({ id: 'HZ-WL-01', nameZh: '杭州武林自营厅', nameEn: 'Hangzhou Wulin own shop', kind: 'own', region: 'hangzhou', active: false });

    // No new work: the queue and an outcome on an opportunity are refused, saying why.
    const refused = await rejection(clerk.frontline.opportunities());
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Hangzhou Wulin own shop (HZ-WL-01) is deactivated') });
    expect((await rejection(clerk.frontline.recordOutcome({ taskId: opp.id, outcome: 'accepted' }))).message).toMatch(/is deactivated/);
    // Out of the pickers: the workbench's shop picker, and the users page offers it to nobody new.
    expect((await admin.frontline.me()).shops.map((s) => s.id)).not.toContain('HZ-WL-01');
    expect((await admin.frontlineOrg.choices()).shops.find((s) => s.id === 'HZ-WL-01')).toMatchObject({ active: false });
    const partnerId = (await actorFor(app, 'partner@octoflow.demo')).id;
    const assign = await rejection(zh.users.setAccess({ userId: partnerId, role: 'frontline', department: 'channels', titles: [], shopId: 'HZ-WL-01' }));
    expect(assign.code).toBe('BAD_REQUEST');
    expect(assign.message).toBe('营业厅：杭州武林自营厅（HZ-WL-01）已停用：不再接收新人员');
    expect(fieldsOf(assign).map((f) => f.path)).toEqual([['shopId']]);
    expect((await rejection(admin.users.setAccess({ userId: partnerId, role: 'frontline', department: 'channels', titles: [], shopId: 'NO-SUCH-SHOP' }))).message).toBe('shopId: no shop NO-SUCH-SHOP');
    // Its own clerk keeps it (their role may still be changed) until moved.
    const clerkId = (await actorFor(app, 'clerk@octoflow.demo')).id;
    await admin.users.setAccess({ userId: clerkId, role: 'frontline', department: 'channels', titles: ['店长'] });
    expect((await admin.users.list()).find((u) => u.id === clerkId)).toMatchObject({ shopId: 'HZ-WL-01', titles: ['店长'] });
    // History keeps its name: the dashboards' names and the admin list.
    expect((await admin.dashboards.options()).shops.find((s) => s.id === 'HZ-WL-01')?.name).toEqual({ zh: '杭州武林自营厅', en: 'Hangzhou Wulin own shop' });

    // Reactivated, it works again.
    await admin.frontlineOrg.saveShop({ id: 'HZ-WL-01', nameZh: '杭州武林自营厅', nameEn: 'Hangzhou Wulin own shop', kind: 'own', region: 'hangzhou', active: true });
    expect((await clerk.frontline.opportunities()).opportunities.map((o) => o.id)).toContain(opp.id);
  });

  it('should stop a deactivated team taking calls, and let its agent finish the call in hand', async () => {
    const agent = await callerAs(app, 'agent1@octoflow.demo');
    await customerIn('C000841', 'shaoxing');
    await send(event('C000841', 'contract_expiring', { days_left: 5 }));
    const inHand = await agent.frontline.claimNext();
    expect(inHand).not.toBeNull();
    await admin.frontlineOrg.saveTeam({ id: 'hz-callcenter', nameZh: '杭州客服中心', nameEn: 'Hangzhou call centre', regions: ['hangzhou', 'shaoxing', 'jinhua'], active: false });
    expect((await rejection(agent.frontline.claimNext())).message).toMatch(/Hangzhou call centre \(hz-callcenter\) is deactivated and takes no new calls/);
    expect((await rejection(agent.frontline.queue())).code).toBe('FORBIDDEN');
    expect((await rejection(agent.frontline.recordOutcome({ taskId: (await inboundTaskOf('C000831'))!, outcome: 'declined' }))).message).toMatch(/is deactivated/);
    await agent.frontline.recordOutcome({ taskId: inHand!.id, outcome: 'declined' });
    expect((await admin.frontline.me()).teams.map((t) => t.id)).not.toContain('hz-callcenter');
    expect((await admin.dashboards.options()).teams.find((t) => t.id === 'hz-callcenter')?.name.zh).toBe('杭州客服中心');
    await admin.frontlineOrg.saveTeam({ id: 'hz-callcenter', nameZh: '杭州客服中心', nameEn: 'Hangzhou call centre', regions: ['hangzhou', 'shaoxing', 'jinhua'], active: true });
    expect((await agent.frontline.queue()).team?.id).toBe('hz-callcenter');
  });
});

/** The open inbound offer made to a customer. */
async function inboundTaskOf(customerId: string) {
  const [row] = await app.rt.db
    .select({ id: frontlineTasks.id })
    .from(frontlineTasks)
    .where(and(eq(frontlineTasks.customerId, customerId), eq(frontlineTasks.kind, 'inbound'), eq(frontlineTasks.status, 'open')));
  return row?.id;
}

describe('the record of changes', () => {
  it('should audit every change with who made it and what it was before', async () => {
    const rows = await app.rt.db.select().from(auditLog).where(like(auditLog.entityType, 'frontline_%')).orderBy(asc(auditLog.seq));
    const of = (id: string) => rows.filter((r) => r.entityId === id).map((r) => r.action);
    expect(of('NB-YZ-08')).toEqual(['frontline_shop.create', 'frontline_shop.update', 'frontline_shop.delete']);
    expect(of('nb-outbound-3')).toEqual(['frontline_team.create', 'frontline_team.update', 'frontline_team.delete']);
    expect(of('HZ-WL-01')).toEqual(['frontline_shop.deactivate', 'frontline_shop.reactivate']);
    expect(of('hz-callcenter')).toEqual(['frontline_team.deactivate', 'frontline_team.reactivate']);
    expect(rows.every((r) => r.actorEmail === 'admin@octoflow.demo')).toBe(true);
    expect(rows.find((r) => r.entityId === 'NB-YZ-08' && r.action === 'frontline_shop.update')?.detail).toMatchObject({
      nameZh: '宁波鄞州旗舰厅',
      was: { nameZh: '宁波鄞州自营厅', region: 'ningbo', active: true },
    });
    const [assigned] = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.set_access'), eq(auditLog.entityType, 'user'))).orderBy(asc(auditLog.seq)).limit(1);
    expect(assigned.detail).toMatchObject({ from: { shopId: null }, to: { shopId: 'WZ-OV-09' } });
    expect((await verifyAuditChain(app.rt.db)).ok).toBe(true);
  });

  it('should hear a change made outside the app (another process, an operator’s SQL) at once', async () => {
    expect(findShop(await orgOf(app.rt.db), 'NB-TY-02')?.name.en).toBe('Ningbo Tianyi own shop');
    await app.rt.db.execute(sql`update frontline_shops set name_en = 'Ningbo Tianyi flagship' where id = 'NB-TY-02'`);
    await expect.poll(async () => findShop(await orgOf(app.rt.db), 'NB-TY-02')?.name.en, { timeout: 5_000 }).toBe('Ningbo Tianyi flagship');
  });
});

describe('keeping the organisation consistent', () => {
  /** Saves the customer tag `region` with `values` (labels of the values kept). */
  async function saveRegion(caller: typeof admin, values: string[]) {
    const region = (await admin.customerData.tags()).find((x) => x.name === 'region')!;
    const valueLabels = Object.fromEntries(Object.entries(region.valueLabels).filter(([v]) => values.includes(v)));
    return caller.customerData.saveTag({ name: 'region', type: 'enum', values, valueLabels, labelZh: region.labelZh, labelEn: region.labelEn });
  }
  const cities = ['hangzhou', 'ningbo', 'wenzhou', 'shaoxing', 'jinhua'];

  it('should refuse taking a city off the tag region while an active team or shop serves it, naming them', async () => {
    await saveRegion(admin, [...cities, 'lishui']);
    await admin.frontlineOrg.saveShop({ id: 'LS-01', nameZh: '丽水自营厅', nameEn: 'Lishui own shop', kind: 'own', region: 'lishui', create: true });
    await admin.frontlineOrg.saveTeam({ id: 'ls-team', nameZh: '丽水外呼组', nameEn: 'Lishui outbound team', regions: ['ningbo', 'lishui'], create: true });

    const refused = await rejection(saveRegion(zh, cities));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe('可选值：不能删除城市 lishui：班组 丽水外呼组（ls-team），营业厅 丽水自营厅（LS-01） 正服务该城市。请先在“系统管理 → 一线组织”中将其改到其他城市或停用');
    expect(fieldsOf(refused).map((f) => f.path)).toEqual([['values']]);
    const en = await rejection(saveRegion(admin, cities));
    expect(en.message).toBe(
      'values: cannot remove city lishui: teams Lishui outbound team (ls-team) and shops Lishui own shop (LS-01) serve it. Move them to another city or deactivate them under Admin → Frontline organisation first',
    );
    // Nothing changed: the city is still declared, and the app still offers it.
    expect((await admin.session.catalog()).tags.find((x) => x.name === 'region')?.values).toContain('lishui');

    // A long list is cut to the first few and a count; every city taken away is named.
    const many = await rejection(saveRegion(admin, ['ningbo', 'wenzhou', 'shaoxing', 'jinhua']));
    expect(many.message).toMatch(/^values: cannot remove city hangzhou: teams Hangzhou call centre \(hz-callcenter\), Hangzhou outbound team 2 \(hz-outbound-2\) and shops Hangzhou Xixi agent shop \(HZ-AG-17\), Hangzhou Binjiang agent shop \(HZ-BJ-06\), Hangzhou Wulin own shop \(HZ-WL-01\) and 1 more serve it; city lishui: /);
    expect((await rejection(saveRegion(zh, ['ningbo', 'wenzhou', 'shaoxing', 'jinhua']))).message).toContain('营业厅 杭州西溪代理店（HZ-AG-17）、杭州滨江代理店（HZ-BJ-06）、杭州武林自营厅（HZ-WL-01） 等 4 个');
    // Removing the tag, or retyping it, takes every city away: refused the same way.
    expect((await rejection(admin.customerData.deleteTag({ name: 'region' }))).message).toMatch(/^name: cannot remove city hangzhou: /);
    const region = (await admin.customerData.tags()).find((x) => x.name === 'region')!;
    expect((await rejection(admin.customerData.saveTag({ name: 'region', type: 'string', labelZh: region.labelZh, labelEn: region.labelEn }))).message).toMatch(/^values: cannot remove city hangzhou: /);

    // Moved and deactivated: the city may go; the deactivated shop keeps it (it takes no work).
    await admin.frontlineOrg.saveTeam({ id: 'ls-team', nameZh: '丽水外呼组', nameEn: 'Lishui outbound team', regions: ['ningbo'] });
    await admin.frontlineOrg.saveShop({ id: 'LS-01', nameZh: '丽水自营厅', nameEn: 'Lishui own shop', kind: 'own', region: 'lishui', active: false });
    await saveRegion(admin, cities);
    expect((await admin.session.catalog()).tags.find((x) => x.name === 'region')?.values).toEqual(cities);
    expect(findShop(await loadOrg(app.rt.db), 'LS-01')).toMatchObject({ region: 'lishui', active: false });
  });

  it('should refuse giving a team or shop to a role that works in none, on the users page', async () => {
    const designer = await actorFor(app, 'designer@octoflow.demo');
    const refused = await rejection(zh.users.setAccess({ userId: designer.id, role: 'designer', department: 'market', titles: [], team: 'nb-callcenter' }));
    expect(refused.message).toBe('班组：只有一线人员归属班组：角色 designer 不归属任何班组');
    expect(fieldsOf(refused).map((f) => f.path)).toEqual([['team']]);
    expect((await rejection(admin.users.setAccess({ userId: designer.id, role: 'executive', department: 'market', titles: [], shopId: 'NB-TY-02' }))).message).toBe(
      'shopId: only frontline staff work for a shop: the role executive has none',
    );
    // A frontline clerk changing role keeps the shop they have (as a deactivated one is kept).
    const clerk = await actorFor(app, 'clerk@octoflow.demo');
    await admin.users.setAccess({ userId: clerk.id, role: 'executive', department: 'channels', titles: [], shopId: 'HZ-WL-01' });
    await admin.users.setAccess({ userId: clerk.id, role: 'frontline', department: 'channels', titles: [], shopId: 'HZ-WL-01' });
  });

  it('should refuse a single sign-on mapping that names a team or shop the organisation lacks, has deactivated, or the role does not fit', async () => {
    const map = (roleMap: Record<string, SsoAccess>, defaultAccess: SsoAccess | null = null) => checkSsoMapping(app.rt.db, { roleMap, defaultAccess });
    await map({ agents: { role: 'frontline', department: 'customer_service', team: 'hz-callcenter' }, clerks: { role: 'frontline', department: 'channels', shopId: 'NB-TY-02' } });
    const typo = await map({ agents: { role: 'frontline', department: 'customer_service', team: 'hz-callcentre' } }).then(() => null, (e: ServiceError) => e);
    expect(typo?.message).toBe('OCTOFLOW_OIDC_ROLE_MAP.agents.team: no team hz-callcentre (single sign-on mapping)');
    expect(typo?.messageIn('zh-CN')).toBe('OCTOFLOW_OIDC_ROLE_MAP.agents.team：没有班组 hz-callcentre（单点登录映射）');
    await expect(map({ clerks: { role: 'frontline', department: 'channels', shopId: 'LS-01' } })).rejects.toThrow(
      'OCTOFLOW_OIDC_ROLE_MAP.clerks.shopId: Lishui own shop (LS-01) is deactivated: it takes no new staff (single sign-on mapping)',
    );
    await expect(map({ bosses: { role: 'executive', department: 'market', shopId: 'NB-TY-02' } })).rejects.toThrow(
      'OCTOFLOW_OIDC_ROLE_MAP.bosses.shopId: only frontline staff work for a shop: the role executive has none (single sign-on mapping)',
    );
    await expect(map({}, { role: 'frontline', department: 'channels', shopId: 'XX-99' })).rejects.toThrow('OCTOFLOW_OIDC_DEFAULT_ACCESS.shopId: no shop XX-99');

    // The mapping is saved in the environment: a server given a bad one says so at start, and still
    // starts (its administrator creates the team through it).
    const sso = { OCTOFLOW_OIDC_ISSUER: 'http://127.0.0.1:9/realm', OCTOFLOW_OIDC_CLIENT_ID: 'octoflow', OCTOFLOW_OIDC_CLIENT_SECRET: 'secret' };
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: unknown) => void logged.push(String(m)));
    try {
      const started = await createTestApp({ demo: false, env: { ...sso, OCTOFLOW_OIDC_ROLE_MAP: JSON.stringify({ agents: { role: 'frontline', department: 'customer_service', team: 'hz-callcentre' } }) } });
      await started.close();
    } finally {
      spy.mockRestore();
    }
    expect(logged).toContain('octoflow: check the single sign-on mapping: OCTOFLOW_OIDC_ROLE_MAP.agents.team: no team hz-callcentre (single sign-on mapping)');
  });

  it('should refuse deactivating or deleting a team or shop the single sign-on mapping names, and say so in the list', async () => {
    await admin.frontlineOrg.saveTeam({ id: 'sso-team', nameZh: '单点登录组', nameEn: 'SSO team', regions: ['ningbo'], create: true });
    const saved = { ...app.env };
    Object.assign(app.env, {
      OCTOFLOW_OIDC_ISSUER: 'http://127.0.0.1:9/realm',
      OCTOFLOW_OIDC_CLIENT_ID: 'octoflow',
      OCTOFLOW_OIDC_CLIENT_SECRET: 'secret',
      OCTOFLOW_OIDC_ROLE_MAP: { 'nb-agents': { role: 'frontline', department: 'customer_service', team: 'sso-team' }, 'nb-clerks': { role: 'frontline', department: 'channels', shopId: 'NB-TY-02' } },
    });
    try {
      const listed = await admin.frontlineOrg.list();
      expect(listed.teams.find((x) => x.id === 'sso-team')).toMatchObject({ staff: 0, history: false, sso: ['nb-agents'] });
      expect(listed.shops.find((x) => x.id === 'NB-TY-02')?.sso).toEqual(['nb-clerks']);
      expect(listed.shops.find((x) => x.id === 'HZ-WL-01')?.sso).toEqual([]);

      const deactivate = await rejection(zh.frontlineOrg.saveTeam({ id: 'sso-team', nameZh: '单点登录组', nameEn: 'SSO team', regions: ['ningbo'], active: false }));
      expect(deactivate.code).toBe('CONFLICT');
      expect(deactivate.message).toBe('启用：不能停用班组 sso-team：单点登录映射将其分配给以 nb-agents 登录的人员。请先修改 OCTOFLOW_OIDC_ROLE_MAP');
      expect(fieldsOf(deactivate).map((f) => f.path)).toEqual([['active']]);
      const del = await rejection(admin.frontlineOrg.deleteTeam({ id: 'sso-team' }));
      expect(del).toMatchObject({ code: 'CONFLICT', message: 'the team sso-team cannot be deleted: the single sign-on mapping gives it to people signing in with nb-agents. Change OCTOFLOW_OIDC_ROLE_MAP first' });
      expect((await rejection(admin.frontlineOrg.saveShop({ id: 'NB-TY-02', nameZh: '宁波天一自营厅', nameEn: 'Ningbo Tianyi own shop', kind: 'own', region: 'ningbo', active: false }))).message).toMatch(/^active: the shop NB-TY-02 cannot be deactivated: /);
      expect((await rejection(admin.frontlineOrg.deleteShop({ id: 'NB-TY-02' }))).message).toMatch(/^the shop NB-TY-02 cannot be deleted: the single sign-on mapping/);
      // Renaming what the mapping names is fine.
      await admin.frontlineOrg.saveTeam({ id: 'sso-team', nameZh: '单点登录一组', nameEn: 'SSO team 1', regions: ['ningbo'] });
      expect(findTeam(await loadOrg(app.rt.db), 'sso-team')).toMatchObject({ active: true, name: { en: 'SSO team 1' } });
    } finally {
      for (const k of Object.keys(app.env) as (keyof typeof app.env)[]) if (!(k in saved)) delete app.env[k];
      Object.assign(app.env, saved);
    }
    // Without the mapping it may go.
    await admin.frontlineOrg.deleteTeam({ id: 'sso-team' });
  });
});

describe.skipIf(onPostgres)('a PGlite data folder of the release before', () => {
  it('should open with the organisation it had in code, its staff still assigned', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'octo-org-'));
    const oldFolder = path.join(dir, 'migrations');
    const dataDir = path.join(dir, 'pglite');
    try {
      fs.mkdirSync(path.join(oldFolder, 'meta'), { recursive: true });
      const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
      const old = journal.entries.filter((e) => e.tag < '0020');
      for (const e of old) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(oldFolder, `${e.tag}.sql`));
      fs.writeFileSync(path.join(oldFolder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: old }));
      // The release before 0020: its migrations (0019's trigram indexes need pg_trgm).
      const before = await PGlite.create({ dataDir, extensions: { pg_trgm } });
      await migrate(drizzle(before), { migrationsFolder: oldFolder });
      await before.exec(`insert into "user" (id, name, email, role, department, shop_id) values ('u1', '旧店员', 'old@x', 'frontline', 'channels', 'NB-TY-02')`);
      await before.close();

      const upgraded = await openPglite(dataDir);
      try {
        const org = await loadOrg(upgraded.db);
        expect(org.teams).toHaveLength(6);
        expect(org.shops).toHaveLength(9);
        expect(findShop(org, 'NB-TY-02')).toEqual({ id: 'NB-TY-02', name: { zh: '宁波天一自营厅', en: 'Ningbo Tianyi own shop' }, kind: 'own', region: 'ningbo', active: true });
      } finally {
        await upgraded.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
