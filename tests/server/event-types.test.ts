// Administrators declare event types beside the built-in ones: events of a declared type are
// accepted and type-checked at intake, flows can use them at once, and nothing a live flow relies
// on can be taken away from under it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { checkCondition } from '@/workflows';
import { auditLog, deadLetters, journeys } from '@/server/db/schema';
import { ingestEvents, replayDeadLetter } from '@/server/runtime/event-intake';
import { drainRuntime } from '@/server/runtime/workers';
import { buildCatalog } from '@/server/services/catalog';
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
