// Offer choice in the designer, in a real browser: the template flow shows each output named by
// its offer, the offers are reordered in the settings panel (their order is their priority), a
// try on a demo customer says which offer was chosen and why others were skipped, a
// new offer choice from the palette says in plain Chinese what to fill in, English works too, and
// once such a campaign is live the customer's page names the offer chosen for them and why the
// offer ranked above it was passed over.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { chooseOption, pick, signIn, signOut } from './support/browser';
import { skipAfterFirstFailure } from './support/chain';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });
const DEMO_API_KEY = 'octo_demo_key_change_me';

let server: TestServer;
let page: Page;

const session = useBrowserSession('offer-choice', { acceptDialogs: true });
beforeAll(() => {
  ({ server, page } = session);
});

const node = (id: string) => page.getByTestId(`node-${id}`);
const edgeTexts = () => page.locator('.react-flow__edge-text').evaluateAll((els) => els.map((e) => e.textContent));
const issueTexts = () => page.getByTestId('issue-item').evaluateAll((els) => els.map((e) => e.textContent ?? ''));

describe('offer choice in the designer', () => {
  skipAfterFirstFailure();

  it('should open the counter template with each output named by its offer, in priority order', async () => {
    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    await page.getByTestId('new-campaign').click();
    await page.getByTestId('new-campaign-name').fill(`优惠择优测试 ${Date.now().toString(36)}`);
    // Picked with the mouse: Enter in the template box could also submit the dialog.
    await pick(page, page.locator('#new-campaign-template'), { option: '营业厅到访', search: '营业厅到访' });
    // The template is chosen and its list has closed before the dialog is submitted.
    await poll(() => page.locator('.ant-modal').locator('.ant-select-content, .ant-select-selection-item').first().innerText()).toContain('营业厅到访');
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
    await page.getByTestId('new-campaign-create').click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await node('best_offer').waitFor();
    await poll(() => node('best_offer').innerText()).toContain('升级5G套餐前3月半价 › 10元5GB加油包');
    await poll(() => node('best_offer').innerText()).toContain('均不可办理');
    await poll(edgeTexts).toEqual(expect.arrayContaining(['升级5G套餐前3月半价', '10元5GB加油包', '均不可办理']));
    expect(await node('best_offer').getAttribute('data-issues')).toBe('0');
  });

  it('should move an offer down in the settings panel, changing the priority', async () => {
    await node('best_offer').click();
    await page.getByRole('button', { name: '第1项下移（后判断）' }).click();
    await poll(() => node('best_offer').innerText()).toContain('10元5GB加油包 › 升级5G套餐前3月半价');
    expect(await page.getByRole('button', { name: '第1项上移（先判断）' }).isDisabled()).toBe(true);
    expect(await node('best_offer').getAttribute('data-issues')).toBe('0');
  });

  it('should try the flow on a demo customer and say which offer was chosen or skipped, first in priority', async () => {
    await page.getByTestId('tab-try').click();
    await chooseOption(page, 'try-customer', 'C000001');
    await page.getByTestId('try-tags').waitFor();
    await page.getByTestId('try-run').click();
    await page.getByTestId('try-result').waitFor();
    const step = page.locator('[data-testid="try-step"][data-node="best_offer"]');
    // The 5 GB pack now comes first: it is either chosen or said why it was skipped.
    await poll(() => step.innerText()).toMatch(/(选中|跳过)“10元5GB加油包”（offer_5gb_10cny）/);
    await poll(() => node('best_offer').getAttribute('data-mark')).toBe('path');
  });

  it('should place a new offer choice from the palette and say what it still needs', async () => {
    expect(await page.getByTestId('palette-offer_choice').innerText()).toContain('优惠择优');
    await page.getByTestId('palette-offer_choice').click();
    await node('offer_choice_1').waitFor();
    await poll(() => node('offer_choice_1').getAttribute('data-issues')).not.toBe('0');
    await page.getByTestId('tab-issues').click();
    await poll(issueTexts).toEqual(expect.arrayContaining([expect.stringContaining('请为第1行选择优惠')]));
    await node('offer_choice_1').click();
    await chooseOption(page, 'param-offer_choice_1-offers-0-offerId', 'offer_roaming_day');
    await poll(() => node('offer_choice_1').innerText()).toContain('25元漫游日包');
    await page.getByTestId('tab-issues').click();
    await poll(issueTexts).not.toEqual(expect.arrayContaining([expect.stringContaining('请为第1行选择优惠')]));
    // Its outputs are not connected yet: each is named, the offer by its name.
    await poll(issueTexts).toEqual(
      expect.arrayContaining([expect.stringContaining('出口“均不可办理”没有连接下一步'), expect.stringContaining('出口“25元漫游日包”没有连接下一步')]),
    );
  });

  it('should speak English after the language switch', async () => {
    await page.getByTestId('language-switch').getByText('English').click();
    await poll(() => page.getByTestId('palette-offer_choice').innerText()).toContain('Offer choice');
    await poll(() => node('best_offer').innerText()).toContain('5 GB for 10 CNY › Upgrade, first 3 months half price');
    await poll(() => node('best_offer').innerText()).toContain('None eligible');
    await page.getByTestId('language-switch').getByText('中文').click();
    await poll(() => page.getByTestId('palette-offer_choice').innerText()).toContain('优惠择优');
  });

  it("should show the offer chosen for a shop visitor on the customer's page once the campaign is live", async () => {
    const name = `营业厅择优上线 ${Date.now().toString(36)}`;
    // Straight to the list: the designer left behind has unsaved edits (the leave warning is accepted).
    await page.goto(`${server.baseUrl}/campaigns`);
    await page.getByTestId('new-campaign').click();
    await page.getByTestId('new-campaign-name').fill(name);
    // Picked with the mouse: Enter in the template box could also submit the dialog.
    await pick(page, page.locator('#new-campaign-template'), { option: '营业厅到访', search: '营业厅到访' });
    // The template is chosen and its list has closed before the dialog is submitted.
    await poll(() => page.locator('.ant-modal').locator('.ant-select-content, .ant-select-selection-item').first().innerText()).toContain('营业厅到访');
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
    await page.getByTestId('new-campaign-create').click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    const campaignUrl = page.url();
    await node('best_offer').waitFor();
    await page.getByTestId('designer-submit').click();
    await poll(() => page.getByTestId('campaign-status').locator('[data-status]').getAttribute('data-status')).toBe('submitted');
    await signOut(page);

    await signIn(page, server.baseUrl, 'approver@octoflow.demo');
    await page.getByTestId('nav-approvals').click();
    await page.getByRole('row').filter({ hasText: name }).getByRole('button').click();
    const drawer = page.getByTestId('review-drawer');
    await drawer.getByTestId('node-best_offer').waitFor();
    await drawer.getByTestId('review-comment').fill('优惠顺序已核对');
    await drawer.getByTestId('review-approve').click();
    await poll(() => page.getByRole('row').filter({ hasText: name }).count()).toBe(0);
    await page.goto(campaignUrl);
    await poll(() => page.getByTestId('campaign-status').locator('[data-status]').getAttribute('data-status')).toBe('approved');
    await page.getByTestId('designer-launch').click();
    await poll(() => page.getByTestId('campaign-status').locator('[data-status]').getAttribute('data-status')).toBe('live');

    // A 5G customer who used 12.5 GB: the upgrade is not for their plan, the 5 GB pack fits.
    const now = server.clockStart.getTime() + (Date.now() - server.startedAt);
    const api = (url: string, method: string, body: unknown) =>
      fetch(`${server.baseUrl}${url}`, { method, headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const tags = await api('/api/v1/customers/C000003/tags', 'PATCH', { tags: { plan: 'unlimited_5g', data_usage_gb: 12.5, opted_out: false }, occurredAt: new Date(now).toISOString() });
    expect(tags.status, await tags.clone().text()).toBe(202);
    const visit = await api('/api/v1/events', 'POST', { eventId: randomUUID(), customerId: 'C000003', type: 'counter_visit', occurredAt: new Date(now + 1000).toISOString(), attributes: { shop_id: 'HZ-WL-01' } });
    expect(visit.status, await visit.clone().text()).toBe(202);

    await page.goto(`${server.baseUrl}/customers/C000003`);
    const chosen = page.locator(`[data-testid="step"][data-campaign="${name}"][data-node="best_offer"]`);
    await chosen.waitFor();
    expect(await chosen.getAttribute('data-outcome')).toBe('offer_5gb_10cny');
    await poll(() => chosen.innerText()).toContain('10元5GB加油包');
    expect(await chosen.innerText()).not.toContain('offer_5gb_10cny');
    // The upgrade ranked above it was passed over, and the page says why, in both languages.
    const skipped = chosen.getByTestId('offers-skipped').locator('li');
    await poll(() => skipped.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-offer')}:${e.getAttribute('data-why')}`))).toEqual(['offer_5g_upgrade_half:not_eligible']);
    expect(await skipped.innerText()).toBe('未选 · 升级5G套餐前3月半价：客户当前不能办理：套餐 5G畅享套餐 不在可办理范围（4G基础套餐/预付费）');
    // The shop opportunity handed to the shops is recorded under its channel, and named as such.
    const handed = page.locator(`[data-testid="step"][data-campaign="${name}"][data-kind="frontline"]`).first();
    // (The shops' queue takes it a moment later: reload until it is there.)
    await poll(async () => {
      if (!(await handed.count())) await page.reload();
      return (await handed.count()) ? handed.innerText() : '';
    }).toContain(`${name} · 营业厅商机 (pitch_pack)`);
    await page.getByTestId('language-switch').getByText('English').click();
    await poll(() => handed.innerText()).toContain(`${name} · Shop opportunity (pitch_pack)`);
    await poll(() => skipped.innerText()).toBe('Passed over · Upgrade, first 3 months half price: the customer may not take it: plan Unlimited 5G is not one of 4G basic / Prepaid');
    await page.getByTestId('language-switch').getByText('中文').click();
  });
});
