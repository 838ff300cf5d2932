// Administrators declare event types beside the built-in ones: events of a declared type are
// accepted and type-checked at intake, flows can use them at once, and nothing a live flow relies
// on can be taken away from under it. An enum attribute's values read as people read them, in
// both languages: the built-in ones as the rest of the product words them, declared ones as the
// administrator labels them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { checkCondition } from '@/workflows';
import { auditLog, deadLetters, eventTypeDefinitions, journeys } from '@/server/db/schema';
import { ingestEvents, replayDeadLetter } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { BUILT_IN_EVENT_TYPES, buildCatalog } from '@/server/services/catalog';
import { DEMO_API_KEY } from '@/server/services/demo';
import { routePublicApi } from '@/server/http/public-api';
import { serve } from '@/server/http/node-server';
import { callerAs } from './support/actors';
import { launchFlow } from './support/flows';
import { createTestApp, type TestApp } from './support/test-app';
import { rejection } from './support/errors';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const wifi = {
  type: 'wifi_hotspot_join',
  labelZh: '连接热点',
  labelEn: 'Joined a Wi-Fi hotspot',
  attributes: [
    { name: 'signal_dbm', type: 'int' as const, labelZh: '信号强度', labelEn: 'Signal (dBm)' },
    { name: 'venue', type: 'enum' as const, values: ['mall', 'airport'], labelZh: '场所', labelEn: 'Venue' },
  ],
};
const event = (eventId: string, attributes: Record<string, unknown>) => ({
  eventId,
  customerId: 'C000001',
  type: 'wifi_hotspot_join',
  occurredAt: '2026-06-01T02:00:00Z',
  attributes,
});

describe('declared event types', () => {
  it('should refuse an event of an undeclared type, then accept its replay once the type is declared', async () => {
    const refused = await ingestEvents(app.rt, [event('wifi-0', { signal_dbm: -60, venue: 'mall' })]);
    expect(refused.rejected[0].error).toMatch(/^type: unknown event type "wifi_hotspot_join"/);

    const admin = await callerAs(app, 'admin@octoflow.demo');
    await admin.customerData.saveEventType(wifi);
    const listed = await admin.customerData.eventTypes();
    expect(listed.find((e) => e.type === 'wifi_hotspot_join')).toMatchObject({ builtIn: false, labelEn: 'Joined a Wi-Fi hotspot', updatedBy: 'admin@octoflow.demo' });
    expect(listed.find((e) => e.type === 'data_usage_80pct')).toMatchObject({ builtIn: true });
    expect((await admin.session.catalog()).eventTypes.map((e) => e.type)).toContain('wifi_hotspot_join');

    // Upstream systems read the accepted types over the API.
    const server = await serve((req) => routePublicApi(app, req));
    try {
      const res = await fetch(`${server.url}/api/v1/event-types`, { headers: { authorization: `Bearer ${DEMO_API_KEY}` } });
      const { eventTypes } = (await res.json()) as { eventTypes: { type: string; attributes: { name: string; type: string; values?: string[] }[] }[] };
      expect(eventTypes.find((e) => e.type === 'wifi_hotspot_join')?.attributes).toEqual([
        expect.objectContaining({ name: 'signal_dbm', type: 'int' }),
        expect.objectContaining({ name: 'venue', type: 'enum', values: ['mall', 'airport'] }),
      ]);
    } finally {
      await server.close();
    }

    const [letter] = await app.rt.db.select().from(deadLetters).where(eq(deadLetters.eventId, 'wifi-0'));
    expect(await replayDeadLetter(app.rt, letter.id)).toEqual({ ok: true, duplicate: false });
  });

  it('should check the declared attributes of an event at intake, naming the field', async () => {
    const r = await ingestEvents(app.rt, [event('wifi-1', { signal_dbm: -55, venue: 'airport' }), event('wifi-2', { signal_dbm: 'strong' }), event('wifi-3', { venue: 'beach' })]);
    expect(r.accepted).toBe(1);
    expect(r.rejected.map((x) => x.error)).toEqual([
      expect.stringMatching(/^attributes\.signal_dbm: expected a whole number for wifi_hotspot_join/),
      expect.stringMatching(/^attributes\.venue: expected one of mall, airport for wifi_hotspot_join/),
    ]);
  });

  it('should let a flow trigger on the declared type and type-check its attributes', async () => {
    expect(checkCondition('event.signal_dbm > -70', { catalog: app.rt.catalog, eventType: 'wifi_hotspot_join' }).errors).toEqual([]);
    expect(checkCondition('event.signal_dbm == "x"', { catalog: app.rt.catalog, eventType: 'wifi_hotspot_join' }).errors).not.toEqual([]);
    await launchFlow(app, 'Airport Wi-Fi roaming pass', {
      version: 1,
      settings: { reentry: 'every_time', concurrent: true },
      nodes: [
        { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'wifi_hotspot_join', condition: 'event.venue == "airport"' } },
        { id: 'e', kind: 'end', position: { x: 0, y: 100 }, params: {} },
      ],
      edges: [{ id: 'e1', source: 't', sourcePort: 'out', target: 'e' }],
    });
    await ingestEvents(app.rt, [
      { ...event('wifi-4', { signal_dbm: -50, venue: 'airport' }), customerId: 'C000002' },
      { ...event('wifi-5', { signal_dbm: -50, venue: 'mall' }), customerId: 'C000003' },
    ]);
    await drainRuntime(app.rt);
    const entered = await app.rt.db.select({ customerId: journeys.customerId }).from(journeys);
    expect(entered.map((j) => j.customerId)).toContain('C000002');
    expect(entered.map((j) => j.customerId)).not.toContain('C000003');
  });

  it('should keep what a live flow relies on: no removed or retyped attribute, no deletion', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const retyped = await rejection(admin.customerData.saveEventType({ ...wifi, attributes: [{ ...wifi.attributes[0], type: 'string' }, wifi.attributes[1]] }));
    expect(retyped.code).toBe('CONFLICT');
    expect(retyped.message).toMatch(/signal_dbm of wifi_hotspot_join cannot be removed or change type while campaigns that may run \(scheduled, live or paused\) use it \(Airport Wi-Fi roaming pass\)/);
    const narrowed = await rejection(admin.customerData.saveEventType({ ...wifi, attributes: [wifi.attributes[0], { ...wifi.attributes[1], values: ['mall'] }] }));
    expect(narrowed.message).toMatch(/venue of wifi_hotspot_join/);
    const deleted = await rejection(admin.customerData.deleteEventType({ type: 'wifi_hotspot_join' }));
    expect(deleted.message).toMatch(/used by campaigns that may run \(scheduled, live or paused\): Airport Wi-Fi roaming pass; end them first/);
    // Adding an attribute and relabelling is fine while live.
    await admin.customerData.saveEventType({ ...wifi, labelEn: 'Joined a hotspot', attributes: [...wifi.attributes, { name: 'ssid', type: 'string', labelZh: '热点名', labelEn: 'SSID' }] });
    expect(app.rt.catalog.eventTypes.find((e) => e.type === 'wifi_hotspot_join')?.attributes.map((a) => a.name)).toEqual(['signal_dbm', 'venue', 'ssid']);
  });

  it('should refuse bad declarations, naming what is wrong, and write nothing', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const builtIn = await rejection(admin.customerData.saveEventType({ ...wifi, type: 'data_usage_80pct' }));
    expect(builtIn.message).toMatch(/data_usage_80pct is a built-in event type/);
    const dup = await rejection(admin.customerData.saveEventType({ ...wifi, type: 'shop_wifi', attributes: [wifi.attributes[0], wifi.attributes[0]] }));
    expect(dup.message).toMatch(/attributes\.1\.name: signal_dbm is declared twice/);
    const enumless = await rejection(admin.customerData.saveEventType({ ...wifi, type: 'shop_wifi', attributes: [{ ...wifi.attributes[1], values: [] }] }));
    expect(enumless.message).toMatch(/attributes\.0\.values: an enum attribute needs at least one allowed value/);
    const badName = await rejection(admin.customerData.saveEventType({ ...wifi, type: 'Shop WiFi' }));
    expect(badName.message).toMatch(/type: must be lower_snake_case/);
    expect((await buildCatalog(app.rt.db)).eventTypes.map((e) => e.type)).not.toContain('shop_wifi');
    await expect(admin.customerData.deleteEventType({ type: 'sms_reply' })).rejects.toThrow(/sms_reply is a built-in event type/);
    // "Add event type" with a type already declared: refused, naming it; the declared one is kept.
    const [before] = await app.rt.db.select().from(eventTypeDefinitions).where(eq(eventTypeDefinitions.type, wifi.type));
    const taken = await rejection(admin.customerData.saveEventType({ type: wifi.type, labelZh: '测试', labelEn: 'Test', attributes: [], create: true }));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toBe(`type: an event type ${wifi.type} is declared already: choose another type, or edit that one in the list`);
    expect((await app.rt.db.select().from(eventTypeDefinitions).where(eq(eventTypeDefinitions.type, wifi.type)))[0]).toEqual(before);
  });

  it('should let only administrators declare types, audit every change, and refuse events once a type is removed', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    expect((await rejection(designer.customerData.saveEventType({ ...wifi, type: 'shop_wifi' }))).code).toBe('FORBIDDEN');
    const admin = await callerAs(app, 'admin@octoflow.demo');
    await admin.customerData.saveEventType({ ...wifi, type: 'shop_wifi', attributes: [] });
    await admin.customerData.deleteEventType({ type: 'shop_wifi' });
    const actions = (await app.rt.db.select().from(auditLog).where(eq(auditLog.entityType, 'event_type'))).map((a) => `${a.action} ${a.entityId}`);
    expect(actions).toEqual(expect.arrayContaining(['event_type.create wifi_hotspot_join', 'event_type.update wifi_hotspot_join', 'event_type.create shop_wifi', 'event_type.delete shop_wifi']));
    const r = await ingestEvents(app.rt, [{ ...event('shop-1', {}), type: 'shop_wifi' }]);
    expect(r.rejected[0].error).toMatch(/unknown event type "shop_wifi"/);
  });
});

describe('value labels of enum attributes', () => {
  const appSession = {
    type: 'app_session',
    labelZh: 'App 会话',
    labelEn: 'App session',
    attributes: [
      { name: 'screen', type: 'enum' as const, values: ['home', 'bill', 'shop'], labelZh: '页面', labelEn: 'Screen' },
      { name: 'seconds', type: 'int' as const, labelZh: '时长（秒）', labelEn: 'Seconds' },
    ],
  };
  const withLabels = (valueLabels: Record<string, { zh?: string | null; en?: string | null }>, i = 0) => ({
    ...appSession,
    attributes: appSession.attributes.map((a, j) => (j === i ? { ...a, valueLabels } : a)),
  });
  const screen = (catalog: Awaited<ReturnType<typeof buildCatalog>>) => catalog.eventTypes.find((e) => e.type === 'app_session')?.attributes.find((a) => a.name === 'screen');
  const lastAudit = async (action: string) =>
    (await app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, 'app_session'))).orderBy(desc(auditLog.seq)).limit(1))[0];

  it('should save the labels an administrator gives an enum attribute’s values, audited, and offer them in the catalog', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    await admin.customerData.saveEventType(withLabels({ home: { zh: ' 首页 ', en: 'Home' }, bill: { zh: '账单', en: null }, shop: { zh: null, en: null } }));
    // As given, trimmed; a language or a value left blank is not kept.
    const listed = (await admin.customerData.eventTypes()).find((e) => e.type === 'app_session');
    expect(listed?.attributes[0]?.valueLabels).toEqual({ home: { zh: '首页', en: 'Home' }, bill: { zh: '账单' } });
    expect(listed?.attributes[1]?.valueLabels).toBeUndefined();
    // What the designer's condition builder reads: both languages, a label given in one shows in both.
    expect(screen(await admin.session.catalog())?.valueLabels).toEqual({ home: { zh: '首页', en: 'Home' }, bill: { zh: '账单', en: '账单' } });
    expect((await lastAudit('event_type.create'))?.detail).toMatchObject({ attributes: [{ name: 'screen', valueLabels: { home: { zh: '首页', en: 'Home' }, bill: { zh: '账单' } } }, { name: 'seconds' }] });

    // Relabelled: audited with what it was; a value dropped takes its label with it.
    const relabelled = withLabels({ home: { en: 'Start' } });
    await admin.customerData.saveEventType({ ...relabelled, attributes: [{ ...relabelled.attributes[0]!, values: ['home', 'shop'] }, relabelled.attributes[1]!] });
    expect(screen(app.rt.catalog)?.valueLabels).toEqual({ home: { zh: 'Start', en: 'Start' } });
    expect((await lastAudit('event_type.update'))?.detail).toMatchObject({
      attributes: [{ name: 'screen', valueLabels: { home: { en: 'Start' } } }, { name: 'seconds' }],
      was: { attributes: [{ name: 'screen', valueLabels: { home: { zh: '首页', en: 'Home' }, bill: { zh: '账单' } } }, { name: 'seconds' }] },
    });
  });

  it('should refuse a label for a value not declared, on an attribute that is not a choice, or too long, naming the field, and write nothing', async () => {
    const en = await callerAs(app, 'admin@octoflow.demo', 'en');
    const zh = await callerAs(app, 'admin@octoflow.demo', 'zh-CN');
    const undeclared = withLabels({ home: { zh: '首页' }, tablet: { zh: '平板', en: 'Tablet' } });
    expect((await rejection(en.customerData.saveEventType(undeclared))).message).toBe(
      `attributes.0.valueLabels.tablet: "tablet" is not one of the attribute's values: a label is only for a declared value`,
    );
    expect((await rejection(zh.customerData.saveEventType(undeclared))).message).toBe('attributes.0.valueLabels.tablet: “tablet”不是该属性的取值：只能为已声明的取值设置显示名称');
    await expect(en.customerData.saveEventType(withLabels({ '30': { zh: '半分钟' } }, 1))).rejects.toThrow(/^attributes\.1\.valueLabels\.30: "30" is not one of the attribute's values/);
    await expect(en.customerData.saveEventType(withLabels({ home: { en: 'H'.repeat(101) } }))).rejects.toThrow(/attributes\.0\.valueLabels\.home\.en/);
    await expect(en.customerData.saveEventType(withLabels({ home: { zh: '   ' } }))).rejects.toThrow(/attributes\.0\.valueLabels\.home\.zh/);
    expect(screen(await buildCatalog(app.rt.db))?.valueLabels).toEqual({ home: { zh: 'Start', en: 'Start' } });
  });

  it('should keep building the catalog when an attribute’s stored labels are not of the right shape, showing its codes', async () => {
    const [row] = await app.rt.db.select().from(eventTypeDefinitions).where(eq(eventTypeDefinitions.type, 'app_session'));
    const attributes = row!.attributes.map((a) => (a.name === 'screen' ? { ...a, valueLabels: { home: 'Home' } as never } : a));
    await app.rt.db.update(eventTypeDefinitions).set({ attributes }).where(eq(eventTypeDefinitions.type, 'app_session'));
    const catalog = await app.catalog.refresh();
    expect(screen(catalog)).toMatchObject({ type: 'enum', values: ['home', 'shop'] });
    expect(screen(catalog)?.valueLabels).toBeUndefined();
    const admin = await callerAs(app, 'admin@octoflow.demo');
    expect((await admin.customerData.eventTypes()).find((e) => e.type === 'app_session')?.attributes[0]?.valueLabels).toBeUndefined();
    // The rest of the catalog is untouched.
    expect(catalog.eventTypes.find((e) => e.type === 'complaint')?.attributes.find((a) => a.name === 'category')?.valueLabels?.billing).toEqual({ zh: '计费', en: 'Billing' });
  });

  it('should label every value of the built-in enum attributes in both languages, in the words the workbench and dashboards use', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const builtIn = (await designer.session.catalog()).eventTypes.filter((e) => BUILT_IN_EVENT_TYPES.has(e.type));
    const enums = builtIn.flatMap((e) => e.attributes.filter((a) => a.type === 'enum').map((a) => ({ at: `${e.type}.${a.name}`, ...a })));
    expect(enums.map((a) => a.at)).toEqual(expect.arrayContaining(['offer_outcome.outcome', 'offer_outcome.channel', 'complaint.category', 'complaint.channel', 'complaint.source', 'partner_outcome.outcome']));
    for (const a of enums) {
      expect(Object.keys(a.valueLabels ?? {}), a.at).toEqual(a.values);
      for (const label of Object.values(a.valueLabels ?? {})) expect(label.zh.trim() && label.en.trim(), a.at).toBeTruthy();
    }

    const messages = (locale: string, ns: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../messages/${locale}/${ns}.json`), 'utf8')) as Record<string, Record<string, string>>;
    const [zhDash, enDash, zhWork, enWork] = [messages('zh-CN', 'dashboards'), messages('en', 'dashboards'), messages('zh-CN', 'workbench'), messages('en', 'workbench')];
    const labels = (at: string) => enums.find((a) => a.at === at)?.valueLabels ?? {};
    const sameAs = (at: string, zh: Record<string, string>, en: Record<string, string>) => {
      for (const [value, label] of Object.entries(labels(at))) if (value in en) expect(label, `${at} ${value}`).toEqual({ zh: zh[value], en: en[value] });
    };
    sameAs('complaint.category', zhDash.complaintCategories!, enDash.complaintCategories!);
    sameAs('complaint.source', zhDash.complaintSources!, enDash.complaintSources!);
    sameAs('complaint.channel', zhDash.channels!, enDash.channels!);
    sameAs('offer_outcome.channel', zhDash.channels!, enDash.channels!);
    sameAs('offer_outcome.outcome', zhWork.outcome!, enWork.outcome!);
    expect(labels('offer_outcome.outcome').not_interested).toEqual({ zh: '不再推荐', en: 'Never ask again' });
    expect(labels('complaint.category').marketing_contact).toEqual({ zh: '营销打扰', en: 'Marketing contact' });
  });
});
