// Operations in a real browser: an upstream system posts an event with an attribute of the wrong
// type and is refused naming the field; an administrator finds it among the refused events,
// replays it (invalid JSON is caught in the page, the event as it was is refused again by the
// server, the corrected event is accepted), and the event really entered intake: the upstream
// system's retry of it is now a duplicate. A Chinese-speaking administrator reads the page in
// Chinese. A feed sends a batch of events of a type nobody declared: the administrator finds them
// by type, a page at a time, declares the type and replays them all at once; junk is discarded in bulk.
// A partner's event with a 5,000-character eventId is cut to its column: the page keeps the
// window's width and its actions stay in reach. A failed event tells why in the reader's language.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { pick, signIn, docScreenshot } from './support/browser';
import { callApi, DEMO_API_KEY } from './support/public-api';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let page: Page;

const session = useBrowserSession('operations', { context: { locale: 'en' }, signInAs: 'admin@octoflow.demo' });
beforeAll(() => {
  ({ server, page } = session);
});

/** Waits for a dialog's opening animation to end, so what is typed and clicked reaches it. */
const settled = (dialog: Locator) => dialog.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)).then(() => undefined));

/** Which of the replay dialog's two errors shows, and what it says (null while neither does). */
const modalError = async () => {
  const shown = page.getByTestId('replay-json-error').or(page.getByTestId('replay-error'));
  if ((await shown.count()) === 0) return null;
  return { id: await shown.first().getAttribute('data-testid'), text: await shown.first().textContent() };
};

/** Picks an option from the select with this test id. */
const choose = (testId: string, option: string) => pick(page, page.getByTestId(testId), { option });

const EVENT_ID = 'ops-bad-1';
const badEvent = (pct: unknown) => ({ eventId: EVENT_ID, customerId: 'C000001', type: 'data_usage_80pct', occurredAt: new Date().toISOString(), attributes: { pct } });

describe('operations page', () => {
  it('should let an administrator correct a refused event and replay it into intake', async () => {
    // The upstream system sends the percentage as a string: refused, naming the field.
    const refused = await callApi(server.baseUrl, 'POST', '/api/v1/events', badEvent('80'));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('attributes.pct');

    // Every replay the page sends, to show that invalid JSON sends nothing.
    const replays: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('operations.replayDeadLetter')) replays.push(req.url());
    });

    await page.goto(`${server.baseUrl}/admin/operations`);
    await page.getByRole('heading', { level: 2, name: 'Operations' }).waitFor();
    await page.getByTestId('operations-tabs').getByRole('tab', { name: /Refused events/ }).waitFor();
    await poll(() => page.getByTestId('count-dead-letters').getAttribute('data-count')).toBe('1');
    const row = page.getByTestId('dead-letters-table').locator('tbody tr', { hasText: EVENT_ID });
    await row.waitFor();
    expect(await row.locator('[data-testid^="dead-letter-error-"]').textContent()).toContain('attributes.pct');

    // The event as received, pretty-printed for correction (typed into once the dialog has opened).
    await row.locator('[data-testid^="replay-"]').click();
    const payload = page.getByTestId('replay-payload');
    await payload.waitFor();
    await settled(page.locator('.ant-modal'));
    const original = await payload.inputValue();
    expect(original).toContain('"pct": "80"');
    expect(original).toContain(`"eventId": "${EVENT_ID}"`);

    // Broken JSON is caught in the page and nothing is sent.
    const broken = original.replace(/}\s*$/, '');
    await payload.fill(broken);
    await poll(() => payload.inputValue()).toBe(broken);
    await page.getByTestId('replay-submit').click();
    await poll(() => modalError()).toEqual({ id: 'replay-json-error', text: expect.stringContaining('The JSON is invalid') });
    expect(replays).toEqual([]);

    // The event as it was: the server refuses it again, naming the field; the modal stays open.
    await payload.fill(original);
    await poll(() => payload.inputValue()).toBe(original);
    await page.getByTestId('replay-submit').click();
    await poll(() => modalError()).toEqual({ id: 'replay-error', text: expect.stringContaining('attributes.pct') });
    expect(replays.length).toBe(1);
    await docScreenshot(page, 'admin-operations-replay.png');
    expect(await payload.isVisible()).toBe(true);

    // Corrected: accepted, the modal closes and the letter leaves the open list.
    const corrected = original.replace('"pct": "80"', '"pct": 80');
    await payload.fill(corrected);
    await poll(() => payload.inputValue()).toBe(corrected);
    await page.getByTestId('replay-submit').click();
    await page.locator('.ant-message').getByText('Event replayed and accepted.').waitFor();
    await payload.waitFor({ state: 'hidden' });
    await poll(() => row.count()).toBe(0);
    await poll(() => page.getByTestId('count-dead-letters').getAttribute('data-count')).toBe('0');
    await page.getByTestId('dead-letters-table').getByText('No refused event is waiting.').waitFor();

    // Listed among the closed ones as replayed, read-only.
    await page.getByTestId('show-closed').click();
    const replayed = page.getByTestId('dead-letters-table').locator('tbody tr', { hasText: EVENT_ID });
    await replayed.waitFor();
    expect(await replayed.locator('[data-testid^="closed-"]').textContent()).toContain('Replayed');
    expect(await replayed.locator('[data-testid^="replay-"]').count()).toBe(0);
    await page.getByTestId('show-closed').click();

    // The replayed event entered intake: the upstream system's retry of it is a duplicate.
    const again = await callApi(server.baseUrl, 'POST', '/api/v1/events', badEvent(80));
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('should let an administrator discard a refused event that is not worth replaying', async () => {
    const junk = await callApi(server.baseUrl, 'POST', '/api/v1/events', { eventId: 'ops-junk-1', customerId: 'C000001', type: 'load_test_ping', occurredAt: new Date().toISOString() });
    expect(junk.status).toBe(400);
    await page.goto(`${server.baseUrl}/admin/operations`);
    const row = page.getByTestId('dead-letters-table').locator('tbody tr', { hasText: 'ops-junk-1' });
    await row.waitFor();
    const count = () => page.getByTestId('count-dead-letters').getAttribute('data-count');
    await poll(count).not.toBe('');
    const before = Number(await count());
    expect(await row.locator('[data-testid^="dead-letter-error-"]').textContent()).toContain('unknown event type "load_test_ping"');
    await row.locator('[data-testid^="discard-"]').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Discard' }).click();
    await page.locator('.ant-message').getByText('Event discarded.').waitFor();
    await poll(() => row.count()).toBe(0);
    await poll(count).toBe(String(before - 1));
    await page.getByTestId('show-closed').click();
    const closed = page.getByTestId('dead-letters-table').locator('tbody tr', { hasText: 'ops-junk-1' });
    expect(await closed.locator('[data-testid^="closed-"]').textContent()).toContain('Discarded by admin@octoflow.demo');
  });

  it('should show the page in Chinese to a Chinese-speaking administrator', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await context.addCookies([{ name: 'NEXT_LOCALE', value: 'zh-CN', url: server.baseUrl }]);
    try {
      const p = await context.newPage();
      p.setDefaultTimeout(30_000);
      await signIn(p, server.baseUrl, 'admin@octoflow.demo');
      await p.goto(`${server.baseUrl}/admin/operations`);
      await p.getByRole('heading', { level: 2, name: '异常处理' }).waitFor();
      expect(await p.title()).toBe('异常处理 · Octoflow');
      // Whether the runtime keeps up: nothing is waiting on this quiet server.
      for (const [id, title] of [['backlog-events', '待处理的事件'], ['backlog-contacts', '待发送的触达'], ['backlog-timers', '已到时的等待']]) {
        const card = p.getByTestId(id);
        await poll(() => card.getAttribute('data-count')).toBe('0');
        expect(await card.textContent()).toContain(title);
        expect(await card.textContent()).toContain('运行正常');
      }
      const tabs = p.getByTestId('operations-tabs');
      for (const name of ['拒收事件', '处理失败的事件', '发送失败的触达']) await tabs.getByRole('tab', { name: new RegExp(name) }).waitFor();
      await p.getByTestId('dead-letters-table').getByText('没有待处理的拒收事件。').waitFor();
      // Nothing failed in processing or delivery here: each tab says nothing is waiting.
      await tabs.getByRole('tab', { name: /处理失败的事件/ }).click();
      await p.getByTestId('failed-events-table').getByText('没有待处理的失败事件。').waitFor();
      await tabs.getByRole('tab', { name: /发送失败的触达/ }).click();
      await p.getByTestId('failed-deliveries-table').getByText('没有待处理的发送失败触达。').waitFor();
      expect(await p.getByTestId('count-failed-deliveries').getAttribute('data-count')).toBe('0');
    } finally {
      await context.close();
    }
  });

  it('should find refused events by type and replay all of them once their type is declared', async () => {
    // A new feed sends 25 roaming events before anyone declared the type; another feed a bad percentage.
    const occurredAt = new Date().toISOString();
    const roaming = Array.from({ length: 25 }, (_, i) => ({
      eventId: `ops-roam-${i + 1}`,
      customerId: `C${String(i + 1).padStart(6, '0')}`,
      type: 'roaming_started',
      occurredAt,
      attributes: { country: 'FR' },
    }));
    const posted = await callApi(server.baseUrl, 'POST', '/api/v1/events', roaming);
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ accepted: 0, rejected: expect.arrayContaining([{ index: 0, error: expect.stringContaining('unknown event type "roaming_started"') }]) });
    expect((posted.body.rejected as unknown[]).length).toBe(25);
    const other = await callApi(server.baseUrl, 'POST', '/api/v1/events', { ...badEvent('90'), eventId: 'ops-other-1' });
    expect(other.status).toBe(400);

    const table = page.getByTestId('dead-letters-table');
    const rows = table.locator('tbody tr.ant-table-row');
    const count = () => page.getByTestId('count-dead-letters').getAttribute('data-count');
    // The table's pagination (beside the table, the only one on the visible tab).
    const pagination = page.locator('.ant-pagination:visible');
    const totalText = () => pagination.locator('.ant-pagination-total-text').textContent();
    const byType = (type: string) => choose('filter-type', `${type} (`);
    const confirm = (name: string) => page.locator('.ant-popconfirm:visible').getByRole('button', { name }).click();

    await page.goto(`${server.baseUrl}/admin/operations`);
    await poll(count).not.toBe('');
    const before = Number(await count());
    expect(before).toBeGreaterThanOrEqual(26);

    // Filtered by type: 20 on the first page of 25, newest first; the second page has the other 5.
    await byType('roaming_started');
    await poll(totalText).toBe('1–20 of 25 refused events');
    await poll(() => rows.count()).toBe(20);
    expect(await rows.filter({ hasText: 'ops-other-1' }).count()).toBe(0);
    expect(await page.getByTestId('bulk-replay').textContent()).toContain('Replay all 25 matching');
    await pagination.locator('.ant-pagination-item-2').click();
    await poll(totalText).toBe('21–25 of 25 refused events');
    await poll(() => rows.count()).toBe(5);
    expect(await rows.filter({ hasText: 'ops-roam-1' }).count()).toBe(1);

    // Replayed before the type is declared: each is refused again, for the reason the result names.
    await page.getByTestId('bulk-replay').click();
    expect(await page.locator('.ant-popconfirm:visible').textContent()).toContain('Replay 25 refused events as they were received?Matching type roaming_started.');
    await confirm('Replay');
    const result = page.getByTestId('bulk-result');
    await poll(() => result.locator('.ant-alert-title').textContent()).toBe('Replayed 25: 0 accepted, 0 duplicates, 25 refused again');
    expect(await result.getByTestId('bulk-reasons').textContent()).toMatch(/^type: unknown event type "roaming_started"; declared types are .+ \(25 events\)$/);
    await poll(totalText).toBe('1–20 of 25 refused events');
    expect(await count()).toBe(String(before));
    await docScreenshot(page, 'admin-operations-bulk.png');
    await result.locator('.ant-alert-close-icon').click();
    await poll(() => result.count()).toBe(0);

    // The administrator declares the type under Admin → Event types.
    await page.goto(`${server.baseUrl}/admin/event-types`);
    await page.getByTestId('add-event-type').click();
    await page.getByTestId('event-type-name').fill('roaming_started');
    await page.getByTestId('event-type-label-zh').fill('开始漫游');
    await page.getByTestId('event-type-label-en').fill('Roaming started');
    await page.locator('.ant-modal').getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('event-types-table').locator('tr[data-row-key="roaming_started"]').waitFor();

    // Back in Operations: all 25 replayed at once and accepted; none is left open.
    await page.goto(`${server.baseUrl}/admin/operations`);
    await poll(count).toBe(String(before));
    await byType('roaming_started');
    await poll(totalText).toBe('1–20 of 25 refused events');
    await page.getByTestId('bulk-replay').click();
    await confirm('Replay');
    await poll(() => result.locator('.ant-alert-title').textContent()).toBe('Replayed 25: 25 accepted, 0 duplicates, 0 refused again');
    expect(await result.getByTestId('bulk-reasons').count()).toBe(0);
    await table.getByText('No refused event matches the filter.').waitFor();
    await poll(count).toBe(String(before - 25));
    expect(await page.getByTestId('bulk-replay').isDisabled()).toBe(true);

    // Closed now, as replayed; and in intake: the feed's retry of one of them is a duplicate.
    await page.getByTestId('show-closed').click();
    await poll(totalText).toBe('1–20 of 25 refused events');
    expect(await rows.first().locator('[data-testid^="closed-"]').textContent()).toContain('Replayed');
    expect(await page.getByTestId('bulk-replay').count()).toBe(0);
    await result.waitFor();
    await page.getByTestId('show-closed').click();
    const again = await callApi(server.baseUrl, 'POST', '/api/v1/events', roaming[6]);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });

    // The bad percentage is junk: found by its error among the public API's events and discarded in bulk.
    await page.getByTestId('filter-type').hover();
    await page.getByTestId('filter-type').locator('.ant-select-clear').click();
    await choose('filter-source', 'Public API (');
    await page.getByTestId('filter-search').locator('input').fill('attributes.pct');
    await page.getByTestId('filter-search').locator('input').press('Enter');
    await poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('ops-other-1');
    await page.getByTestId('bulk-discard').click();
    expect(await page.locator('.ant-popconfirm:visible').textContent()).toContain('Matching source Public API and search “attributes.pct”.');
    await confirm('Discard');
    await page.locator('.ant-message').getByText('Discarded 1 refused event.').waitFor();
    await poll(count).toBe(String(before - 26));
    await table.getByText('No refused event matches the filter.').waitFor();
  });

  it('should run again every failed event of a type at once, once their customers have been imported', async () => {
    // Three shop visits for customers the operator's systems have not sent yet: they fail.
    const occurredAt = new Date().toISOString();
    const visits = [1, 2, 3].map((i) => ({ eventId: `ops-late-${i}`, customerId: `C_LATE_${i}`, type: 'counter_visit', occurredAt, attributes: { shop_id: 'HZ-01' } }));
    expect((await callApi(server.baseUrl, 'POST', '/api/v1/events', visits)).body).toMatchObject({ accepted: 3 });
    const failedCount = async () => {
      await page.reload();
      const counted = page.locator('[data-testid="count-failed-events"]:not([data-count=""])');
      await counted.waitFor();
      return counted.getAttribute('data-count');
    };
    await page.goto(`${server.baseUrl}/admin/operations`);
    await expect.poll(failedCount, { timeout: 30_000, interval: 1_000 }).toBe('3');

    const tabs = page.getByTestId('operations-tabs');
    await tabs.getByRole('tab', { name: /Failed events/ }).click();
    const table = page.getByTestId('failed-events-table');
    await choose('failed-events-filter-type', 'counter_visit (3)');
    await poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(3);
    expect(await table.textContent()).toContain('unknown customer C_LATE_2');

    // The customers arrive with the next import; the operator retries the three at once.
    const csv = 'customer_id,msisdn,name\nC_LATE_1,8613900000101,Late One\nC_LATE_2,8613900000102,Late Two\nC_LATE_3,8613900000103,Late Three\n';
    const imported = await fetch(`${server.baseUrl}/api/v1/imports/customers`, { method: 'POST', headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'text/csv' }, body: csv });
    expect(await imported.json()).toMatchObject({ status: 'succeeded', inserted: 3 });
    await page.getByTestId('retry-all-events').click();
    expect(await page.locator('.ant-popconfirm:visible').textContent()).toContain('Put 3 failed events back in the queue?Matching type counter_visit.');
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'Retry' }).click();
    await page.locator('.ant-message').getByText('3 events are back in the queue.').waitFor();
    await table.getByText('No failed event matches the filter.').waitFor();

    // A later visit of a customer still unknown fails; by then the three have run, and did not fail again.
    expect((await callApi(server.baseUrl, 'POST', '/api/v1/events', { ...visits[0], eventId: 'ops-late-ghost', customerId: 'C_GHOST' })).body).toMatchObject({ accepted: 1 });
    await expect.poll(failedCount, { timeout: 30_000, interval: 1_000 }).toBe('1');
    await tabs.getByRole('tab', { name: /Failed events/ }).click();
    await poll(() => table.locator('tbody tr.ant-table-row').allTextContents()).toEqual([expect.stringContaining('ops-late-ghost')]);
  });

  it('should tell a Chinese-speaking administrator in Chinese why an event failed, and that it was tried', async () => {
    // The event of the still unknown customer (C_GHOST) from the test before, and one refused at intake.
    expect((await callApi(server.baseUrl, 'POST', '/api/v1/events', { ...badEvent('eighty'), eventId: 'ops-zh-refused' })).status).toBe(400);
    const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await context.addCookies([{ name: 'NEXT_LOCALE', value: 'zh-CN', url: server.baseUrl }]);
    try {
      const p = await context.newPage();
      p.setDefaultTimeout(30_000);
      await signIn(p, server.baseUrl, 'admin@octoflow.demo');
      await p.goto(`${server.baseUrl}/admin/operations`);
      // Why it was refused, in Chinese; the API answered the upstream system in English.
      const letter = p.getByTestId('dead-letters-table').locator('tbody tr', { hasText: 'ops-zh-refused' });
      await letter.waitFor();
      expect(await letter.locator('[data-testid^="dead-letter-error-"]').textContent()).toContain('attributes.pct：应为整数（事件类型 data_usage_80pct），收到 "eighty"');
      await p.getByTestId('operations-tabs').getByRole('tab', { name: /处理失败的事件/ }).click();
      const table = p.getByTestId('failed-events-table');
      const row = table.locator('tbody tr.ant-table-row', { hasText: 'ops-late-ghost' });
      await row.waitFor();
      expect(await row.getByTestId('failed-event-error-ops-late-ghost').textContent()).toContain('未知客户 C_GHOST');
      const attempts = (await table.locator('thead th').allTextContents()).indexOf('尝试次数');
      expect(attempts).toBeGreaterThan(0);
      expect(await row.locator('td').nth(attempts).textContent()).toBe('1');
    } finally {
      await context.close();
    }
  });

  it('should keep a refused event with a 5,000-character eventId within the window, its Replay and Discard in reach', async () => {
    // A partner's system sends an eventId of 5,000 characters: refused (at most 200), and kept as sent.
    const longId = `ops-long-${'x'.repeat(4_991)}`;
    const refused = await callApi(server.baseUrl, 'POST', '/api/v1/events', { ...badEvent(80), eventId: longId });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('eventId');

    await page.goto(`${server.baseUrl}/admin/operations`);
    const row = page.getByTestId('dead-letters-table').locator('tbody tr', { hasText: 'ops-long-' });
    await row.waitFor();
    const window = page.viewportSize()!;
    // The page is no wider than the window, and the row's actions are within it.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(window.width);
    for (const action of ['replay-', 'discard-']) {
      const box = (await row.locator(`[data-testid^="${action}"]`).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, action).toBeLessThanOrEqual(window.width);
    }
    // The id is cut to its column; hovering shows it (its beginning), the copy button copies all of it.
    const id = row.locator('[data-testid^="dead-letter-event-id-"]');
    expect((await id.boundingBox())!.width).toBeLessThan(300);
    await id.hover();
    await poll(() => page.locator('.ant-tooltip:visible').textContent()).toContain('ops-long-xxxx');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    await id.getByRole('button', { name: /copy/i }).click();
    await poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(longId);

    // The replay dialog names the event by its beginning and stays within the window too.
    await row.locator('[data-testid^="replay-"]').click();
    await page.getByTestId('replay-payload').waitFor();
    await settled(page.locator('.ant-modal'));
    const title = page.locator('.ant-modal-title');
    expect(await title.textContent()).toContain('ops-long-xxx');
    const titleBox = (await title.boundingBox())!;
    expect(titleBox.x + titleBox.width).toBeLessThanOrEqual(window.width);
    await page.locator('.ant-modal').getByRole('button', { name: 'Cancel' }).click();
    await poll(() => page.locator('.ant-modal:visible').count()).toBe(0);

    // Its Discard works as any row's: nothing is left open.
    await row.locator('[data-testid^="discard-"]').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Discard' }).click();
    await poll(() => row.count()).toBe(0);
  });
});
