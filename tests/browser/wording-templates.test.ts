// The wording templates page in a real browser: a designer finds the templates by kind of
// contact, is told in Chinese which placeholder names no customer tag when editing one, saves a
// corrected text, retires a template (the designer's picker no longer offers it, while a flow that
// copied its text keeps it; saving that text under the template's id from the designer is refused)
// and restores it; the page reads in English after the language
// switch; an approver has no entry in the menu and gets 403 on the page.
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { optionsOf, signIn, docScreenshot } from './support/browser';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let browser: Browser;
let page: Page;

const session = useBrowserSession('wording', { signInAs: 'designer@octoflow.demo' });
beforeAll(() => {
  ({ server, browser, page } = session);
});

const LOW_BALANCE = '尊敬的{{customer.name}}，您的话费余额为{{event.balance}}元，为免影响使用，请及时充值。';
const rowOf = (id: string) => page.getByTestId(`wording-row-${id}`);
/** Saves the open template: once the last save has come back (a click on a loading button is ignored). */
const save = async () => {
  const button = page.getByTestId('wording-save');
  await poll(async () => (await button.getAttribute('class')) ?? '').not.toContain('ant-btn-loading');
  await button.click();
};

describe('wording templates page', () => {
  it('should list the templates by kind and refuse a placeholder naming no customer tag, then save the corrected text', async () => {
    await page.getByTestId('nav-wording').click();
    await page.waitForURL(/\/wording$/);
    await rowOf('data-topup-5gb').waitFor();
    expect(await rowOf('data-topup-5gb').getByTestId('wording-status').textContent()).toBe('使用中');
    expect(await rowOf('renewal-call-script').count()).toBe(0);

    await page.getByTestId('wording-kind-app_push').click();
    await rowOf('upgrade-push').getByTestId('wording-edit').click();
    const body = page.getByTestId('wording-body');
    await body.fill('{{customer.shoe_size}}，5G畅享套餐首月免费');
    await save();
    const bodyItem = page.locator('.ant-modal .ant-form-item').filter({ has: body });
    await poll(() => bodyItem.locator('.ant-form-item-explain-error').textContent()).toContain('“{{customer.shoe_size}}”不对应任何客户标签');
    await body.fill('{{customer.name}}，5G畅享套餐首月免费，点击查看。');
    await save();
    await poll(() => rowOf('upgrade-push').textContent()).toContain('5G畅享套餐首月免费，点击查看。');
  });

  it('should retire a template so the designer no longer offers it, keep the text a flow copied, and restore it', async () => {
    const res = await page.request.post(`${server.baseUrl}/api/trpc/campaigns.create`, {
      data: {
        json: {
          name: `话术停用 ${Date.now().toString(36)}`,
          graph: {
            version: 1,
            settings: { reentry: 'every_time', concurrent: false },
            nodes: [
              { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'balance_low', condition: '' } },
              { id: 's', kind: 'sms', position: { x: 0, y: 150 }, params: { template: LOW_BALANCE } },
              { id: 'e', kind: 'end', position: { x: 0, y: 300 }, params: {} },
            ],
            edges: [
              { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
              { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
            ],
          },
        },
      },
    });
    expect(res.ok()).toBe(true);
    const campaignId = ((await res.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;

    await page.getByTestId('wording-kind-sms').click();
    await rowOf('balance-low-reminder').getByTestId('wording-retire').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /^停\s*用$/ }).click();
    await poll(() => rowOf('balance-low-reminder').getByTestId('wording-status').textContent()).toBe('已停用');
    await docScreenshot(page, 'wording-templates.png');

    await page.goto(`${server.baseUrl}/campaigns/${campaignId}`);
    await page.getByTestId('node-s').click();
    expect(await page.getByTestId('param-template').inputValue()).toBe(LOW_BALANCE);
    await page.getByTestId('param-template-wording').click();
    let options = await optionsOf(page, page.getByTestId('param-template-wording'));
    await poll(() => options.filter({ hasText: '流量加油包' }).count()).toBe(1);
    expect(await options.filter({ hasText: '余额不足提醒' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    // Saving the text as a template under the retired one's id does not replace it: the designer is told the id is taken.
    await page.getByTestId('wording-save-as').click();
    await page.getByTestId('wording-id').fill('balance-low-reminder');
    await page.getByTestId('wording-name-zh').fill('余额提醒（副本）');
    await page.getByTestId('wording-name-en').fill('Balance reminder (copy)');
    await page.locator('.ant-modal:visible').getByRole('button', { name: /^(OK|确\s*定)$/ }).click();
    await poll(() => page.locator('.ant-message').textContent()).toContain('话术模板“balance-low-reminder”已存在');
    await page.keyboard.press('Escape');

    await page.goto(`${server.baseUrl}/wording`);
    await rowOf('balance-low-reminder').getByTestId('wording-restore').click();
    await poll(() => rowOf('balance-low-reminder').getByTestId('wording-status').textContent()).toBe('使用中');
    await page.goto(`${server.baseUrl}/campaigns/${campaignId}`);
    await page.getByTestId('node-s').click();
    await page.getByTestId('param-template-wording').click();
    options = await optionsOf(page, page.getByTestId('param-template-wording'));
    await poll(() => options.filter({ hasText: '余额不足提醒' }).count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('should read in English after the language switch, and keep approvers out', async () => {
    await page.goto(`${server.baseUrl}/wording`);
    await page.getByTestId('language-switch').getByText('English').click();
    await poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Wording templates');
    expect(await rowOf('data-topup-5gb').getByTestId('wording-status').textContent()).toBe('In use');
    await page.getByTestId('language-switch').getByText('中文').click();
    await poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('话术模板');

    const other = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const p = await other.newPage();
    await signIn(p, server.baseUrl, 'approver@octoflow.demo');
    expect(await p.getByTestId('nav-wording').count()).toBe(0);
    await p.goto(`${server.baseUrl}/wording`);
    await p.getByText('403').first().waitFor();
    expect(await p.getByTestId('wording-table').count()).toBe(0);
    await other.close();
  });
});
