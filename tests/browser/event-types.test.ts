// Event type administration in a real browser: the administrator sees the built-in types, which
// cannot be changed; declares a new upstream event with typed attributes, after which the public
// API accepts events of that type and refuses one whose attribute breaks its declaration, naming
// the attribute; is told which field is wrong when a declaration is invalid, and nothing is saved;
// labels an enum attribute's values, which the designer's condition builder then offers; and
// removes the declared type, after which its events are refused again.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { optionsOf, pick } from './support/browser';
import { callApi } from './support/public-api';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let page: Page;

const session = useBrowserSession('event-types', { signInAs: 'admin@octoflow.demo' });
beforeAll(() => {
  ({ server, page } = session);
});

/** An upstream system reports that C000001 joined a hotspot, now on the server's clock. */
function joinHotspot(attributes: Record<string, unknown>) {
  const occurredAt = new Date(server.clockStart.getTime() + (Date.now() - server.startedAt)).toISOString();
  return callApi(server.baseUrl, 'POST', '/api/v1/events', { eventId: randomUUID(), customerId: 'C000001', type: 'wifi_hotspot_join', occurredAt, attributes });
}

const row = (type: string) => page.getByTestId('event-types-table').locator(`tr[data-row-key="${type}"]`);
const saveButton = () => page.locator('.ant-modal').getByRole('button', { name: /^保\s*存$/ });

async function pickType(index: number, label: string) {
  const select = page.getByTestId(`attribute-type-${index}`);
  await pick(page, select, { option: label });
  // And the choice it then shows.
  await expect.poll(() => select.locator('.ant-select-content, .ant-select-selection-item').first().textContent()).toMatch(new RegExp(`^${label}`));
}

async function fillAttribute(index: number, name: string, type: string, zh: string, en: string) {
  await page.getByTestId('add-attribute').click();
  await page.getByTestId(`attribute-name-${index}`).fill(name);
  await pickType(index, type);
  await page.getByTestId(`attribute-label-zh-${index}`).fill(zh);
  await page.getByTestId(`attribute-label-en-${index}`).fill(en);
}

describe('event types page', () => {
  it('should list the built-in types as built-in, without edit or delete', async () => {
    // The administration menu offers the page; the test opens it by its address (a client-side
    // navigation through the menu has hung past the timeout on a loaded CI machine).
    await page.getByTestId('nav-admin').click();
    expect(await page.getByTestId('nav-admin-eventTypes').getAttribute('href')).toBe('/admin/event-types');
    await page.goto(`${server.baseUrl}/admin/event-types`);
    const builtIn = row('data_usage_80pct');
    await builtIn.waitFor();
    expect(await builtIn.textContent()).toContain('流量使用达80%');
    expect(await builtIn.getByTestId('event-type-built-in').textContent()).toBe('内置');
    expect(await builtIn.getByTestId('event-type-attribute').allTextContents()).toEqual(['pct: int', 'plan_gb: double']);
    expect(await builtIn.getByRole('button').count()).toBe(0);
    // A built-in choice's values read as the workbench words them.
    expect(await row('offer_outcome').getByTestId('event-type-attribute').allTextContents()).toContain(
      'outcome: enum (accepted · 接受办理, declined · 拒绝, call_back · 稍后再联系, not_interested · 不再推荐, expired · 已逾期)',
    );
  });

  it('should declare a type whose events intake accepts at once, refusing an attribute outside its declaration', async () => {
    // Not declared yet: intake refuses it.
    const before = await joinHotspot({ signal_dbm: -60, venue: 'airport' });
    expect(before.status).toBe(400);
    expect(before.body.error).toMatch(/^type: unknown event type "wifi_hotspot_join"/);

    await page.getByTestId('add-event-type').click();
    await page.getByTestId('event-type-name').fill('wifi_hotspot_join');
    await page.getByTestId('event-type-label-zh').fill('连接 WiFi 热点');
    await page.getByTestId('event-type-label-en').fill('Joined a Wi-Fi hotspot');
    await fillAttribute(0, 'signal_dbm', '整数', '信号强度（dBm）', 'Signal (dBm)');
    await page.getByTestId('add-attribute').click();
    await page.getByTestId('attribute-name-1').fill('venue');
    await pickType(1, '选项');
    const values = page.getByTestId('attribute-values-1').locator('input');
    for (const v of ['mall', 'airport']) {
      await values.fill(v);
      await values.press('Enter');
    }
    await page.getByTestId('attribute-label-zh-1').fill('场所');
    await page.getByTestId('attribute-label-en-1').fill('Venue');
    await saveButton().click();

    await page.getByText('已保存').waitFor();
    await poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
    const declared = row('wifi_hotspot_join');
    await declared.waitFor();
    expect(await declared.textContent()).toContain('连接 WiFi 热点');
    expect(await declared.getByTestId('event-type-attribute').allTextContents()).toEqual(['signal_dbm: int', 'venue: enum (mall, airport)']);
    expect(await declared.getByTestId('event-type-declared').textContent()).toBe('自定义');
    expect(await declared.getByTestId('event-type-built-in').count()).toBe(0);
    await declared.getByTestId('edit-event-type-wifi_hotspot_join').waitFor();
    await declared.getByTestId('delete-event-type-wifi_hotspot_join').waitFor();

    // The upstream system's events of the new type are accepted; a venue not declared is refused, named.
    const accepted = await joinHotspot({ signal_dbm: -60, venue: 'airport' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const refused = await joinHotspot({ signal_dbm: -60, venue: 'beach' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/^attributes\.venue: expected one of mall, airport/);

    // Reopened, the form shows what was saved; the code cannot change.
    await declared.getByTestId('edit-event-type-wifi_hotspot_join').click();
    await page.getByTestId('event-type-name').waitFor();
    expect(await page.getByTestId('event-type-name').isDisabled()).toBe(true);
    expect(await page.getByTestId('attribute-name-1').inputValue()).toBe('venue');
    expect(await page.getByTestId('attribute-values-1').textContent()).toContain('airport');
    await page.locator('.ant-modal').getByRole('button', { name: /^取\s*消$/ }).click();
  });

  it('should label a choice’s values, which the designer’s condition builder then offers', async () => {
    const declared = row('wifi_hotspot_join');
    await declared.getByTestId('edit-event-type-wifi_hotspot_join').click();
    await page.getByTestId('attribute-1-value-label-airport-zh').fill(' 机场 ');
    await page.getByTestId('attribute-1-value-label-airport-en').fill('Airport');
    await saveButton().click();
    await poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
    await poll(() => declared.getByTestId('event-type-attribute').allTextContents()).toEqual(['signal_dbm: int', 'venue: enum (mall, airport · 机场)']);

    // A campaign the new event starts: its trigger's condition offers the venue by its label.
    const graph = {
      version: 1,
      settings: { reentry: 'once', concurrent: false },
      nodes: [
        { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'wifi_hotspot_join', condition: 'event.venue == "airport"' } },
        { id: 'e', kind: 'end', position: { x: 0, y: 150 }, params: {} },
      ],
      edges: [{ id: 'e1', source: 't', sourcePort: 'out', target: 'e' }],
    };
    const id = await page.evaluate(async ({ url, graph }) => {
      const res = await fetch(`${url}/api/trpc/campaigns.create?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ 0: { json: { name: `机场热点 ${Date.now().toString(36)}`, graph } } }),
      });
      return ((await res.json()) as [{ result: { data: { json: { id: string } } } }])[0].result.data.json.id;
    }, { url: server.baseUrl, graph });
    await page.goto(`${server.baseUrl}/campaigns/${id}`);
    await page.getByTestId('node-t').click();
    const value = page.locator('.ant-select').filter({ has: page.locator('#condition-value-0-0') });
    await poll(() => value.innerText()).toBe('机场 · airport');
    await value.click();
    await poll(async () => (await optionsOf(page, page.locator('#condition-value-0-0'))).allInnerTexts()).toEqual(['mall', '机场 · airport']);
    await page.keyboard.press('Escape');
    await page.goto(`${server.baseUrl}/admin/event-types`);
    await row('wifi_hotspot_join').waitFor();
  });

  it('should name the field of an invalid declaration and save nothing', async () => {
    await page.getByTestId('add-event-type').click();
    await page.getByTestId('event-type-name').fill('lounge_visit');
    await page.getByTestId('event-type-label-zh').fill('贵宾室到访');
    await page.getByTestId('event-type-label-en').fill('Lounge visit');
    await fillAttribute(0, 'Bad Name', '文本', '贵宾室', 'Lounge');
    await saveButton().click();
    const error = (i: number) => page.getByTestId(`attribute-${i}`).locator('.ant-form-item-explain-error');
    await poll(() => error(0).textContent()).toBe('只能使用小写字母、数字和下划线，以字母开头（2–64 个字符）。');

    // Fixed, but declared twice.
    await page.getByTestId('attribute-name-0').fill('lounge');
    await fillAttribute(1, 'lounge', '文本', '贵宾室', 'Lounge');
    await saveButton().click();
    await poll(() => error(1).textContent()).toBe('属性 lounge 重复声明');

    // A built-in type cannot be redeclared: the server refuses, naming the field.
    await page.getByTestId('remove-attribute-1').click();
    await page.getByTestId('event-type-name').fill('data_usage_80pct');
    await saveButton().click();
    const typeItem = page.locator('.ant-modal .ant-form-item').filter({ has: page.getByTestId('event-type-name') });
    await poll(() => typeItem.locator('.ant-form-item-explain-error').textContent()).toBe('data_usage_80pct 是内置事件类型，不能重新声明');
    await page.locator('.ant-modal').getByRole('button', { name: /^取\s*消$/ }).click();

    await page.reload();
    await row('data_usage_80pct').waitFor();
    expect(await row('lounge_visit').count()).toBe(0);
    expect(await row('data_usage_80pct').getByTestId('event-type-attribute').allTextContents()).toEqual(['pct: int', 'plan_gb: double']);
    expect(await page.getByTestId('event-types-table').getByText('贵宾室到访').count()).toBe(0);
  });

  it('should remove a declared type, after which its events are refused', async () => {
    await page.getByTestId('delete-event-type-wifi_hotspot_join').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '是' }).click();
    await poll(() => row('wifi_hotspot_join').count()).toBe(0);
    const refused = await joinHotspot({ signal_dbm: -60, venue: 'airport' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/^type: unknown event type "wifi_hotspot_join"/);
  });
});
