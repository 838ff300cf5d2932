// The walking skeleton, end to end in a real browser: a designer draws and submits a flow, an
// approver signs it off and puts it live, an event posted through the public API reaches a
// customer, and the SMS shows on the customer's page.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseOption, dragBetween, signIn, signOut, docScreenshot } from './support/browser';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const DEMO_API_KEY = 'octo_demo_key_change_me';
const DEMO_CAMPAIGN = '流量80%提醒 · 5GB加油包';

/** Waits for what a user would wait for: up to 30 s, checking often. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let page: Page;
/** Set when the scenario ran to its end. */

const session = useBrowserSession('browser');
beforeAll(() => {
  ({ server, page } = session);
});

const campaignName = `流量提醒E2E ${Date.now().toString(36)}`;
const edges = () => page.locator('.react-flow__edge');

async function openCampaign(name: string) {
  await page.getByTestId('nav-campaigns').click();
  await page.getByRole('link', { name }).click();
  await page.getByTestId('campaign-name').filter({ hasText: name }).waitFor();
}

async function addNode(kind: string, id: string) {
  await page.getByTestId(`palette-${kind}`).click();
  await page.getByTestId(`node-${id}`).waitFor();
  await poll(() => page.getByTestId('node-panel').getAttribute('data-node')).toBe(id);
}

describe('walking skeleton', () => {
  it('should take a campaign from drawing to a customer receiving its SMS', async () => {
    // The designer signs in. The seeded demo campaign listens to the same event and would win
    // the customer for it, so it is paused first (also exercising Pause).
    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    await openCampaign(DEMO_CAMPAIGN);
    await page.getByTestId('designer-pause').click();
    await poll(() => page.getByTestId('campaign-status').locator('[data-status]').getAttribute('data-status')).toBe('paused');

    // A new campaign opens in the designer.
    await page.getByTestId('nav-campaigns').click();
    await page.getByTestId('new-campaign').click();
    await page.getByTestId('new-campaign-name').fill(campaignName);
    await page.getByTestId('new-campaign-create').click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await page.getByTestId('palette').waitFor();

    // Trigger on "80% of data used".
    await addNode('trigger', 'trigger_1');
    await chooseOption(page, 'param-trigger_1-eventType', 'data_usage_80pct');
    await poll(() => page.getByTestId('node-trigger_1').innerText()).toContain('流量使用达80%');

    // Condition: valuable customers who did not opt out. A typo is reported on the node first.
    await addNode('condition', 'condition_1');
    await page.getByTestId('condition-mode-text').click();
    await page.getByTestId('param-expr').fill('customer.arpu >= 50.0 && !customer.opted_ot');
    await poll(() => page.getByTestId('param-form').innerText()).toContain('opted_ot');
    await poll(() => page.getByTestId('node-condition_1').getAttribute('data-issues')).not.toBe('0');
    await page.getByTestId('param-expr').fill('customer.arpu >= 50.0 && !customer.opted_out');

    // SMS with the offer, then the end of the "yes" branch.
    await addNode('sms', 'sms_1');
    await page.getByTestId('param-template').fill('尊敬的{{customer.name}}，您本月流量已用{{event.pct}}%，回复Y办理10元5GB加油包。');
    // The node on the canvas shows the text before the offer is picked (as a person would see it).
    await poll(() => page.getByTestId('node-sms_1').innerText()).toContain('尊敬的');
    await chooseOption(page, 'param-sms_1-offerId', 'offer_5gb_10cny');
    // With nothing selected a new step stands alone (it is connected by hand below).
    await page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
    await addNode('end', 'end_1');

    // The "no" branch ends too: select the condition and add an end under it.
    await page.getByTestId('node-condition_1').click();
    await addNode('end', 'end_2');

    // A step added with one step selected follows it on its first free output: trigger → condition,
    // condition "yes" → SMS, condition "no" → end_2. The SMS → end_1 link is drawn by hand.
    await poll(() => edges().count()).toBe(3);
    await page.locator('.react-flow__controls-fitview').click();
    await page.waitForTimeout(400);
    await dragBetween(page, 'handle-trigger_1-out', 'handle-condition_1-in');
    await dragBetween(page, 'handle-condition_1-yes', 'handle-sms_1-in');
    await dragBetween(page, 'handle-condition_1-no', 'handle-end_2-in');
    await dragBetween(page, 'handle-sms_1-out', 'handle-end_1-in');
    await poll(() => edges().count()).toBe(4);

    // The canvas refuses a second link from a port that is already connected, and links into the trigger.
    await dragBetween(page, 'handle-condition_1-yes', 'handle-end_1-in');
    await dragBetween(page, 'handle-end_1-in', 'handle-trigger_1-out');
    await poll(() => edges().count()).toBe(4);

    // No problems left: Validate says so.
    await page.getByTestId('designer-validate').click();
    await page.getByTestId('issues-none').waitFor();
    await poll(() => page.locator('[data-testid^="node-"][data-issues]:not([data-issues="0"])').count()).toBe(0);

    await page.getByTestId('node-condition_1').click();
    await docScreenshot(page, 'designer.png');

    // Save, then submit for approval.
    await page.getByTestId('designer-save').click();
    await poll(() => page.getByTestId('save-state').innerText()).toContain('已保存');
    await page.getByTestId('designer-submit').click();
    await poll(() => page.getByTestId('campaign-status').locator('[data-status]').getAttribute('data-status')).toBe('submitted');
    await signOut(page);

    // The approver reads the flow on a read-only canvas and approves it.
    await signIn(page, server.baseUrl, 'approver@octoflow.demo');
    await page.getByTestId('nav-approvals').click();
    const row = page.getByRole('row').filter({ hasText: campaignName });
    await row.getByRole('button').click();
    const drawer = page.getByTestId('review-drawer');
    await drawer.getByTestId('node-sms_1').waitFor();
    await poll(() => drawer.getByTestId('review-hash-check').getAttribute('class')).toMatch(/success/);
    await poll(() => drawer.getByTestId('palette').count()).toBe(0);
    await drawer.getByTestId('review-comment').fill('用语与优惠已核对');
    await docScreenshot(page, 'approval.png');
    await drawer.getByTestId('review-approve').click();
    await poll(() => page.getByRole('row').filter({ hasText: campaignName }).count()).toBe(0);

    // And puts it live.
    await openCampaign(campaignName);
    await poll(() => page.getByTestId('campaign-status').locator('[data-status]').getAttribute('data-status')).toBe('approved');
    await page.getByTestId('designer-launch').click();
    await poll(() => page.getByTestId('campaign-status').locator('[data-status]').getAttribute('data-status')).toBe('live');

    // An upstream system reports that C000001 used 80% of their data.
    const occurredAt = new Date(server.clockStart.getTime() + (Date.now() - server.startedAt)).toISOString();
    const res = await fetch(`${server.baseUrl}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: randomUUID(), customerId: 'C000001', type: 'data_usage_80pct', occurredAt, attributes: { pct: 80, plan_gb: 30 } }),
    });
    expect(res.status, await res.clone().text()).toBe(202);

    // The customer's page shows the journey and the SMS (it refreshes itself).
    await page.goto(`${server.baseUrl}/customers/C000001`);
    const step = (node: string, outcome: string) =>
      page.locator(`[data-testid="step"][data-campaign="${campaignName}"][data-node="${node}"][data-outcome="${outcome}"]`);
    await step('trigger_1', 'entered').waitFor();
    await step('condition_1', 'yes').waitFor();
    await step('sms_1', 'sent').waitFor();
    await poll(() => page.getByTestId('message-body').first().innerText()).toContain('您本月流量已用80%');
    await docScreenshot(page, 'customer.png');
  });
});
