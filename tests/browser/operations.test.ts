// Operations in a real browser: an upstream system posts an event with an attribute of the wrong
// type and is refused naming the field; an administrator finds it among the refused events,
// replays it (invalid JSON is caught in the page, the event as it was is refused again by the
// server, the corrected event is accepted), and the event really entered intake: the upstream
// system's retry of it is now a duplicate. A Chinese-speaking administrator reads the page in
// Chinese.
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './support/browser';
import { callApi } from './support/public-api';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
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
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-operations-replay.png') });
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
});
