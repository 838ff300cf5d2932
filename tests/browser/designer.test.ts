// The designer as a marketer works in it all day, in a real browser: a campaign from a template,
// undo and redo of every kind of change, multi-select, copy and paste (within and across flows),
// tidy layout, autosave, recovery of unsaved edits after a reload, a save conflict between two
// tabs, import and export, the visual diff of two versions, wording templates with a live
// preview, live counts on a running flow, visible keyboard focus, and the language switch.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseOption, optionsOf, pick, signIn, docScreenshot } from './support/browser';
import { NODE_KINDS } from '@/workflows';
import { skipAfterFirstFailure } from './support/chain';
import { createLargeFlowCampaign } from './support/large-flow';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const DEMO_CAMPAIGN = '流量80%提醒 · 5GB加油包';
const DEMO_API_KEY = 'octo_demo_key_change_me';
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let campaignUrl = '';

const session = useBrowserSession('designer', { context: { acceptDownloads: true }, acceptDialogs: true });
beforeAll(() => {
  ({ server, browser, context, page } = session);
});

const node = (id: string) => page.getByTestId(`node-${id}`);
const nodesOfKind = (kind: string) => page.locator(`[data-testid^="node-"][data-kind="${kind}"]`);
const mod = (key: string) => page.keyboard.press(`Control+${key}`);
/** Clicks an empty spot of the canvas: nothing selected, keyboard focus on the canvas. */
const clickPane = () => page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
const savedRevision = async () => {
  const text = await page.getByTestId('save-state').innerText();
  const m = /第 (\d+) 版/.exec(text);
  return m ? Number(m[1]) : -1;
};

describe('designer', () => {
  skipAfterFirstFailure();

  it('should start a campaign from a template and submit it unchanged', async () => {
    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    await page.getByTestId('new-campaign').click();
    await page.getByTestId('new-campaign-name').fill(`设计器测试 ${Date.now().toString(36)}`);
    await pick(page, page.locator('#new-campaign-template'), { search: '流量80%' });
    await page.getByTestId('new-campaign-create').click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    campaignUrl = page.url();
    await node('check_value').waitFor();
    await poll(() => nodesOfKind('end').count()).toBe(2);
    // Branches are labelled on the edges.
    await poll(() => page.locator('.react-flow__edge-text').evaluateAll((els) => els.map((e) => e.textContent))).toEqual(expect.arrayContaining(['是', '否']));
    await page.getByTestId('designer-submit').click();
    await poll(() => page.getByTestId('campaign-status').locator('[data-status]').getAttribute('data-status')).toBe('submitted');
  });

  it('should build a condition by pointing and clicking, and highlight a mistake in the expression', async () => {
    await node('check_value').click();
    const builder = page.getByTestId('condition-builder');
    await poll(() => builder.locator('[data-testid^="condition-rule-"]').count()).toBe(2);
    await page.getByTestId('condition-add-0').click();
    await pick(page, page.locator('#condition-field-0-2'), { search: 'value_tier' });
    await poll(() => page.getByTestId('condition-cel').innerText()).toContain('customer.value_tier == "gold"');
    await pick(page, page.locator('#condition-op-0-2'), { option: '属于其中之一' });
    // A multiple choice whose box is empty has a zero-width input: click its box, as a user would.
    await pick(page, page.locator('.ant-select').filter({ has: page.locator('#condition-value-0-2') }), { option: 'silver' });
    await page.keyboard.press('Escape');
    await poll(() => page.getByTestId('condition-cel').innerText()).toContain('customer.value_tier in ["silver"]');
    // What the builder wrote is a valid condition: the node has no problem.
    await poll(() => node('check_value').getAttribute('data-issues')).toBe('0');
    await docScreenshot(page, 'condition-builder.png');

    // The expression, typed with a mistake, shows where the mistake is.
    await page.getByTestId('condition-mode-text').click();
    await page.getByTestId('param-expr').fill('customer.arpu >= 50.0 && customer.valeu_tier == "gold"');
    await poll(() => page.getByTestId('condition-error-mark').innerText()).toContain('valeu_tier');
    await page.getByTestId('param-expr').fill('!customer.opted_out && customer.arpu >= 50.0');
    await page.getByTestId('condition-mode-builder').click();
    await poll(() => builder.locator('[data-testid^="condition-rule-"]').count()).toBe(2);
  });

  it('should try the flow on a demo customer and light up the path', async () => {
    await page.getByTestId('tab-try').click();
    await pick(page, page.locator('#try-customer'), { option: 'C000001', search: 'C000001' });
    await page.getByTestId('try-tags').waitFor();
    await page.getByTestId('try-run').click();
    await page.getByTestId('try-result').waitFor();
    await poll(() => page.locator('[data-testid="try-step"][data-node="check_value"]').getAttribute('data-outcome')).toBe('yes');
    await poll(() => node('check_value').getAttribute('data-mark')).toBe('path');
    await poll(() => page.getByTestId('try-contact').first().innerText()).toContain('5GB');
    // Outcomes, the channel and the customer's tags in words, not codes.
    expect(await page.getByTestId('try-step').locator('.ant-tag').allInnerTexts()).toEqual(['进入流程', '是', '请求触达', '离开流程']);
    expect(await page.getByTestId('try-contact').first().innerText()).toMatch(/^短信 · sms_offer/);
    const tags = await page.getByTestId('try-tags').innerText();
    expect(tags).toContain('套餐: 5G畅享套餐');
    expect(tags).not.toMatch(/plan:|value_tier|opted_out|false/);
    await docScreenshot(page, 'simulation.png');
  });

  it('should undo and redo adding, editing, moving and deleting', async () => {
    // Add, undo, redo.
    await page.getByTestId('palette-end').click();
    await node('end_1').waitFor();
    await clickPane();
    await mod('z');
    await poll(() => node('end_1').count()).toBe(0);
    await mod('Shift+z');
    await node('end_1').waitFor();
    await mod('z');
    await poll(() => node('end_1').count()).toBe(0);
    await mod('y');
    await node('end_1').waitFor();

    // Editing a setting, typed in one go, is one undo step.
    await node('sms_offer').click();
    await page.getByTestId('param-template').fill('新的短信内容');
    await poll(() => node('sms_offer').innerText()).toContain('新的短信内容');
    await clickPane();
    await mod('z');
    await poll(() => node('sms_offer').innerText()).toContain('尊敬的');

    // Moving a node.
    const before = (await node('end_skipped').boundingBox())!;
    await page.mouse.move(before.x + 60, before.y + 15);
    await page.mouse.down();
    await page.mouse.move(before.x + 160, before.y + 135, { steps: 8 });
    await page.mouse.up();
    await poll(async () => Math.round((await node('end_skipped').boundingBox())!.y - before.y)).toBeGreaterThan(50);
    await mod('z');
    await poll(async () => Math.round((await node('end_skipped').boundingBox())!.y - before.y)).toBe(0);

    // Deleting with the keyboard, then undoing the delete (the node's links come back too).
    const edgeCount = await page.locator('.react-flow__edge').count();
    await node('end_skipped').click();
    await page.keyboard.press('Delete');
    await poll(() => node('end_skipped').count()).toBe(0);
    await poll(() => page.locator('.react-flow__edge').count()).toBe(edgeCount - 1);
    await clickPane();
    await mod('z');
    await node('end_skipped').waitFor();
    await poll(() => page.locator('.react-flow__edge').count()).toBe(edgeCount);
  });

  it('should select several nodes and copy and paste them with fresh ids', async () => {
    await node('sms_offer').click();
    await node('end_contacted').click({ modifiers: ['Shift'] });
    await poll(() => page.getByTestId('multi-selection').innerText()).toContain('2');
    await mod('c');
    await mod('v');
    await poll(() => nodesOfKind('sms').count()).toBe(2);
    await node('sms_1').waitFor();
    // The copied link between the two came along, between the copies.
    await poll(() => page.getByTestId('rf__edge-e_sms_1_out').count()).toBe(1);
    // Ctrl+A selects everything.
    await clickPane();
    await mod('a');
    await poll(async () => page.getByTestId('multi-selection').innerText()).toContain(String(await page.locator('[data-testid^="node-"][data-kind]').count()));
  });

  it('should tidy the layout so that no two nodes overlap, and undo it', async () => {
    // Pile two nodes on one another first.
    const target = (await node('end_contacted').boundingBox())!;
    const moving = (await node('end_1').boundingBox())!;
    await clickPane();
    await page.mouse.move(moving.x + 60, moving.y + 15);
    await page.mouse.down();
    await page.mouse.move(target.x + 70, target.y + 20, { steps: 10 });
    await page.mouse.up();
    const overlaps = async () => {
      const boxes = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
      let n = 0;
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) n++;
        }
      return n;
    };
    await poll(overlaps).toBeGreaterThan(0);
    await page.getByTestId('tool-layout').click();
    await poll(overlaps).toBe(0);
    await docScreenshot(page, 'designer-tools.png');
    await clickPane();
    await mod('z');
    await poll(overlaps).toBeGreaterThan(0);
    await mod('Shift+z');
    await poll(overlaps).toBe(0);
  });

  it('should save by itself a moment after a change', async () => {
    await poll(() => page.getByTestId('save-state').innerText()).toContain('已保存');
    const start = await savedRevision();
    await clickPane();
    await page.locator('#flow-concurrent').click();
    await poll(savedRevision).toBeGreaterThan(start);
    await poll(() => page.getByTestId('save-state').innerText()).toContain('已保存');
  });

  it('should offer to recover edits a reload lost while the server was unreachable', async () => {
    await page.route('**/api/trpc/**', (route) => (route.request().url().includes('saveDraft') ? route.abort() : route.continue()));
    await page.getByTestId('palette-wait').click();
    await node('wait_1').waitFor();
    await poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('octoflow.draft.') && localStorage.getItem(k)!.includes('wait_1')).length)).toBe(1);
    // The autosave fails: the page says so, and keeps the edits.
    await poll(() => page.getByTestId('save-state').innerText()).toContain('未能保存');
    await page.reload();
    await page.getByTestId('recover-banner').waitFor();
    // When the edits were kept, in the app's date-time format and the operator's time zone.
    const at = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('octoflow.draft.'))![1]).then((raw) => (JSON.parse(raw) as { at: number }).at);
    const when = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(at);
    await poll(() => page.getByTestId('recover-banner').innerText()).toContain(`（${when}）`);
    await poll(() => node('wait_1').count()).toBe(0);
    await poll(savedRevision).toBeGreaterThan(0);
    const before = await savedRevision();
    await page.getByTestId('recover-apply').click();
    await node('wait_1').waitFor();
    await page.unroute('**/api/trpc/**');
    // Saved for real (a new revision), not the moment before the recovered edits count as unsaved.
    await poll(savedRevision).toBeGreaterThan(before);
  });

  it('should warn about a save by someone else and overwrite only after review', async () => {
    const mine = await savedRevision();
    const other = await context.newPage();
    await other.goto(campaignUrl);
    await other.getByTestId('node-wait_1').waitFor();
    await other.getByTestId('palette-goal').click();
    await other.getByTestId('node-goal_1').waitFor();
    // Ctrl+S straight after the edit saves that edit (not the moment-behind copy the panels show).
    await other.keyboard.press('Control+s');
    await expect.poll(() => other.getByTestId('save-state').innerText(), { timeout: 30_000 }).toContain(`第 ${mine + 1} 版`);
    await other.close();

    await page.getByTestId('palette-end').click();
    await node('end_3').waitFor();
    await page.getByTestId('conflict-banner').waitFor();
    await page.getByTestId('conflict-review').click();
    await poll(() => page.getByTestId('conflict-diff').innerText()).toContain('goal_1');
    await page.getByTestId('conflict-overwrite').click();
    await poll(() => page.getByTestId('conflict-banner').count()).toBe(0);
    await poll(() => page.getByTestId('save-state').innerText()).toContain('已保存');
  });

  it('should export the flow and refuse a broken import naming what is wrong', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('tool-export').click()]);
    const file = await download.path();
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: { id: string }[] };
    expect(exported.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['check_value', 'sms_1', 'end_2']));

    await page.getByTestId('import-file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ version: 1, settings: { reentry: 'once', concurrent: false }, nodes: [{ id: 'x', kind: 'teleport', position: { x: 0, y: 0 }, params: {} }], edges: [] })),
    });
    await poll(() => page.getByTestId('import-errors').innerText()).toContain('nodes[0].kind');
    await page.locator('.ant-modal-confirm .ant-btn').click();
    await node('check_value').waitFor();
  });

  it('should show two versions on one canvas with what was added, removed and changed', async () => {
    await node('end_skipped').click();
    await page.keyboard.press('Delete');
    await poll(() => node('end_skipped').count()).toBe(0);
    await page.getByTestId('tab-versions').click();
    await page.getByTestId('diff-open').click();
    const diff = page.getByTestId('version-diff');
    await diff.getByTestId('node-sms_1').waitFor();
    await poll(() => diff.getByTestId('diff-count-added').getAttribute('data-count')).not.toBe('0');
    await poll(() => diff.getByTestId('node-end_skipped').getAttribute('data-mark')).toBe('removed');
    await poll(() => diff.getByTestId('node-sms_1').getAttribute('data-mark')).toBe('added');
    await diff.getByTestId('node-check_value').click();
    await poll(() => diff.getByTestId('diff-node').getAttribute('data-node')).toBe('check_value');
    await docScreenshot(page, 'diff.png');
    await page.keyboard.press('Escape');
  });

  it('should pick an SMS wording from the templates and preview it for a demo customer', async () => {
    await page.goto(campaignUrl);
    await node('sms_offer').click();
    const picker = page.getByTestId('param-template-wording');
    await pick(page, picker, { option: '余额不足提醒' });
    await poll(() => page.getByTestId('param-template').inputValue()).toBe('尊敬的{{customer.name}}，您的话费余额为{{event.balance}}元，为免影响使用，请及时充值。');
    // The trigger's event (data usage) has no balance: the preview says what it cannot fill.
    await poll(() => page.getByTestId('param-template-preview').innerText()).toContain('event.balance');
    await pick(page, picker, { option: '流量加油包' });
    const preview = page.getByTestId('param-template-preview-text');
    await poll(() => preview.innerText()).toMatch(/^尊敬的\S+，您本月流量已用80%，回复Y办理10元5GB加油包/);
    expect(await preview.innerText()).not.toContain('{{');
    // The preview follows the text as it is edited.
    await page.getByTestId('param-template').fill('{{customer.name}}您好，流量提醒');
    await poll(() => preview.innerText()).toMatch(/^\S+您好，流量提醒$/);
    await page.getByTestId('param-template').fill('尊敬的{{customer.name}}，您本月流量已用{{event.pct}}%，回复Y办理10元5GB加油包，当月有效。');
    await docScreenshot(page.getByTestId('node-panel'), 'wording-picker.png');
  });

  it('should show a clear focus ring on a step reached with the keyboard', async () => {
    await clickPane();
    let focused = '';
    for (let i = 0; i < 40 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement?.classList.contains('react-flow__node') ? (document.activeElement.getAttribute('data-id') ?? '') : ''));
    }
    expect(focused).not.toBe('');
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: s.outlineWidth };
    });
    expect(ring).toEqual({ style: 'solid', width: '3px' });
  });

  it('should show live counts on a running flow that change while watching, and list the customers at a step', async () => {
    await page.goto(`${server.baseUrl}/campaigns`);
    await page.getByRole('link', { name: DEMO_CAMPAIGN }).click();
    await page.getByTestId('tab-live').click();
    const figure = (nodeId: string, name: string) => node(nodeId).locator(`[data-figure="${name}"] b`);
    await figure('trigger', 'entered').waitFor();
    const before = Number(await figure('trigger', 'entered').innerText());
    // A customer who never met this campaign: their data usage reaches 80%.
    let customerId = '';
    for (let n = 999; n > 900 && !customerId; n--) {
      const id = `C000${n}`;
      const res = await fetch(`${server.baseUrl}/api/v1/customers/${id}/steps`, { headers: { authorization: `Bearer ${DEMO_API_KEY}` } });
      const body = (await res.json()) as { steps?: unknown[] };
      if (res.ok && (body.steps ?? []).length === 0) customerId = id;
    }
    expect(customerId).not.toBe('');
    const occurredAt = new Date(server.clockStart.getTime() + (Date.now() - server.startedAt)).toISOString();
    const res = await fetch(`${server.baseUrl}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: randomUUID(), customerId, type: 'data_usage_80pct', occurredAt, attributes: { pct: 80, plan_gb: 30 } }),
    });
    expect(res.status, await res.clone().text()).toBe(202);
    // The canvas updates itself: one more customer entered, no reload.
    await poll(async () => Number(await figure('trigger', 'entered').innerText())).toBe(before + 1);
    // The edge out of the trigger says how many took it.
    await poll(() => page.locator('.react-flow__edge-text').evaluateAll((els) => els.map((e) => e.textContent ?? ''))).toContain(String(before + 1));
    // Clicking the step the customer passed lists them, newest first.
    await node('check_value').click();
    await poll(() => page.getByTestId('live-panel').getByTestId('live-customers').locator('tbody tr').first().innerText()).toContain(customerId);
    await docScreenshot(page, 'designer-live.png');
    // Turned off, the canvas shows no counts.
    await page.getByTestId('live-toggle').click();
    await poll(() => page.getByTestId('designer-canvas').getAttribute('data-live')).toBe('off');
    expect(await page.getByTestId('live-trigger').count()).toBe(0);
    await page.getByTestId('live-toggle').click();
    await page.goto(campaignUrl);
  });

  it('should pick products, customer tags and approver roles from lists instead of typing them', async () => {
    const picked = (testId: string) => page.getByTestId(testId).locator('.ant-select-content, .ant-select-selection-item').first().innerText();
    // A product eligibility check offers the catalog's products by name.
    await page.getByTestId('palette-eligibility').click();
    await node('eligibility_1').click();
    await chooseOption(page, 'param-eligibility_1-productId', '漫游');
    await poll(() => picked('param-productId')).toContain('漫游日包');
    await poll(() => node('eligibility_1').getAttribute('data-issues')).not.toBe(null);
    // A tag to set is one of the declared customer tags.
    await page.getByTestId('palette-set_tag').click();
    await node('set_tag_1').click();
    await chooseOption(page, 'param-set_tag_1-tag', '套餐');
    await poll(() => picked('param-tag')).toContain('套餐');
    // An approval's role lists the job titles the department's approvers hold (given on the users page).
    await page.getByTestId('palette-approval').click();
    await node('approval_1').click();
    await poll(() => picked('param-department')).toContain('市场部');
    await page.locator('#param-approval_1-role').click({ force: true });
    const options = await optionsOf(page, page.locator('#param-approval_1-role'));
    await poll(() => options.allInnerTexts()).toEqual(['区域经理', '营销经理']);
    await options.filter({ hasText: '营销经理' }).click();
    await poll(() => picked('param-role')).toContain('营销经理');
    await docScreenshot(page, 'designer-pickers.png');
  });

  it('should draw every kind of step from the palette, each with its settings form, a click adding it after the selected step', async () => {
    const panelNode = () => page.getByTestId('node-panel').getAttribute('data-node');
    for (const kind of NODE_KINDS) {
      await clickPane();
      const before = await nodesOfKind(kind).count();
      await page.getByTestId(`palette-${kind}`).click();
      await poll(() => nodesOfKind(kind).count()).toBe(before + 1);
      // The new step is selected and its form, generated from the kind's settings, is open (the
      // panel may follow the canvas a render later).
      await poll(async () => node((await panelNode())!).getAttribute('data-kind')).toBe(kind);
      await page.getByTestId('node-panel').waitFor();
    }
    // A click with a step selected adds the new one after it, on the first free output.
    await clickPane();
    await page.getByTestId('palette-wait').click();
    const wait = (await panelNode())!;
    await page.getByTestId('palette-sms').click();
    await poll(panelNode).not.toBe(wait);
    const sms = (await panelNode())!;
    await page.getByTestId(`rf__edge-e_${wait}_out`).waitFor({ state: 'attached' });
    await page.getByTestId('palette-end').click();
    await poll(panelNode).not.toBe(sms);
    await page.getByTestId(`rf__edge-e_${sms}_out`).waitFor({ state: 'attached' });
  });

  it('should keep both of two settings changed in the same moment', async () => {
    await clickPane();
    await page.getByTestId('palette-app_push').click();
    await page.getByTestId('param-deepLink').waitFor();
    // Two inputs in one task: React renders once for both, so the second change must apply to
    // the params the first left, not to those the form last rendered with.
    await page.evaluate(() => {
      const type = (testId: string, value: string) => {
        const el = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-testid="${testId}"]`)!;
        Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value')!.set!.call(el, value);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      };
      type('param-title', '流量提醒');
      type('param-deepLink', 'app://usage');
    });
    await poll(() => page.getByTestId('param-deepLink').inputValue()).toBe('app://usage');
    expect(await page.getByTestId('param-title').inputValue()).toBe('流量提醒');
  });

  it("should try a flow with the customer's real product eligibility and an approver's decision on the timeline", async () => {
    const fromTemplate = async (search: string) => {
      // A fresh load of the list: a designer page left by the menu can still finish a save and
      // refresh the list under the open dialog.
      await page.goto(`${server.baseUrl}/campaigns`);
      await page.getByTestId('new-campaign').click();
      await page.getByTestId('new-campaign-name').fill(`试运行 ${search} ${Date.now().toString(36)}`);
      // Picked with the mouse: Enter in the template box could also submit the dialog.
      await pick(page, page.locator('#new-campaign-template'), { option: search, search });
      await page.getByTestId('new-campaign-create').click();
      await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
      await page.getByTestId('tab-try').click();
      await chooseOption(page, 'try-customer', 'C000001');
      await page.getByTestId('try-tags').waitFor();
    };
    const stepsAt = (nodeId: string) => page.locator(`[data-testid="try-step"][data-node="${nodeId}"]`);
    // An approval step is on the path twice: waiting, then decided.
    const outcome = (nodeId: string) => stepsAt(nodeId).last().getAttribute('data-outcome');

    // The shop counter's best offer: C000001 is on unlimited_5g, so the upgrade (first in
    // priority) is not for them; the panel says why, and the simulation picks the 5 GB pack.
    await fromTemplate('营业厅到访');
    const upgrade = page.locator('[data-testid="try-eligibility-product"][data-product="unlimited_5g_upgrade"]');
    await poll(() => upgrade.getAttribute('data-eligible')).toBe('false');
    expect(await upgrade.innerText()).toContain('套餐 5G畅享套餐 不在可办理范围（4G基础套餐/预付费）');
    await page.getByTestId('try-run').click();
    await poll(() => outcome('best_offer')).toBe('offer_5gb_10cny');

    // Contract renewal: a gold customer's renewal gift waits for the department's approval.
    await fromTemplate('合约到期');
    await page.locator('#try-trigger-attrs').fill('{"days_left": 12}');
    await page.getByTestId('try-add-decision').click();
    await page.getByTestId('try-run').click();
    await poll(() => outcome('sign_off')).toBe('approved');
    await poll(() => stepsAt('call').count()).toBe(1);
    // Rejected instead: the customer gets the SMS branch, not the call.
    await pick(page, page.getByTestId('try-decision'), { option: '驳回' });
    await page.getByTestId('try-run').click();
    await poll(() => outcome('sign_off')).toBe('rejected');
    await poll(() => stepsAt('sms_renew').count()).toBe(1);
    expect(await stepsAt('call').count()).toBe(0);
    await docScreenshot(page, 'simulation-decisions.png');

    // No demo customer: the tags are entered by hand; a typo is named, not run.
    await page.getByTestId('try-customer').hover();
    await page.locator('[data-testid="try-customer"] .ant-select-clear').click();
    await page.getByTestId('try-custom-tags').fill('{"opted_out": true,');
    await page.getByTestId('try-run').click();
    await poll(() => page.getByTestId('try-panel').locator('.ant-alert-error').innerText()).toContain('客户标签不是 JSON 对象');
    await page.getByTestId('try-custom-tags').fill('{"opted_out": true}');
    await page.getByTestId('try-run').click();
    await poll(() => outcome('opted_out')).toBe('yes');
    await poll(() => stepsAt('skip').count()).toBe(1);
    await page.goto(campaignUrl);
    await node('check_value').waitFor();
  });

  it('should open a 300-step flow on its entry at a readable size, and show it whole on demand', async () => {
    const id = await createLargeFlowCampaign(page, server.baseUrl, 300);
    await page.goto(`${server.baseUrl}/campaigns/${id}`);
    await node('start').waitFor();
    const zoom = () => page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
    const drawn = () => page.locator('.react-flow__node').count();
    // Opened on the entry at a size where a step can be read; only the steps in view are drawn.
    await poll(zoom).toBeGreaterThanOrEqual(0.5);
    const canvas = (await page.getByTestId('designer-canvas').boundingBox())!;
    const entry = (await node('start').boundingBox())!;
    expect(entry.x >= canvas.x && entry.y >= canvas.y && entry.x + entry.width <= canvas.x + canvas.width && entry.y + entry.height <= canvas.y + canvas.height).toBe(true);
    expect(await drawn()).toBeLessThan(300);
    // The fit button shows the whole flow.
    await page.getByTestId('tool-fit').click();
    await poll(zoom).toBeLessThan(0.5);
    await poll(drawn).toBe(300);
    await page.goto(campaignUrl);
    await node('check_value').waitFor();
  });

  it('should speak English after the language switch, remembered for the user on another browser', async () => {
    await page.getByTestId('language-switch').getByText('English').click();
    await poll(() => page.getByTestId('tool-layout').getAttribute('aria-label')).toBe('Tidy layout');
    // Another browser (no cookie, a Chinese browser): the designer signs in and reads English.
    const elsewhere = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    try {
      const other = await elsewhere.newPage();
      await signIn(other, server.baseUrl, 'designer@octoflow.demo');
      await poll(() => other.getByTestId('new-campaign').innerText()).toContain('New campaign');
    } finally {
      await elsewhere.close();
    }
    await page.getByTestId('language-switch').getByText('中文').click();
    await poll(() => page.getByTestId('tool-layout').getAttribute('aria-label')).toBe('自动排版');
  });

  it("should label the canvas's zoom buttons in the reader's language, and fit the English names of steps and tabs", async () => {
    // A live campaign: its side panel has all five tabs.
    await page.goto(`${server.baseUrl}/campaigns`);
    await page.getByRole('link', { name: DEMO_CAMPAIGN }).click();
    await page.getByTestId('tab-live').waitFor();
    const zoomIn = page.locator('.react-flow__controls-zoomin');
    expect(await zoomIn.getAttribute('aria-label')).toBe('放大');
    expect(await zoomIn.getAttribute('title')).toBe('放大');
    expect(await page.locator('.react-flow__controls-fitview').getAttribute('aria-label')).toBe('显示整个流程');
    expect(await page.locator('.react-flow__attribution').count()).toBe(1); // React Flow's credit stays
    // In Chinese every step name fits one line of a standard button.
    const heights = await page.getByTestId('palette').locator('button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    expect(new Set(heights)).toEqual(new Set([32]));

    await page.getByTestId('language-switch').getByText('English').click();
    await poll(() => zoomIn.getAttribute('aria-label')).toBe('Zoom in');
    // "Scheduled audience" stays inside its button (on two lines) …
    const button = page.getByTestId('palette-scheduled_audience');
    const outside = () =>
      button.evaluate((b) => {
        const box = b.getBoundingClientRect();
        return [...b.querySelectorAll('span')].some((s) => {
          const r = s.getBoundingClientRect();
          return r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5;
        });
      });
    await poll(() => button.innerText()).toBe('Scheduled audience');
    expect(await outside()).toBe(false);
    // … and every tab of the side panel is shown whole, with no "more" menu.
    const nav = page.locator('aside .ant-tabs-nav-wrap').first();
    const navBox = (await nav.boundingBox())!;
    const versions = (await page.getByTestId('tab-versions').boundingBox())!;
    expect(versions.x + versions.width).toBeLessThanOrEqual(navBox.x + navBox.width);
    expect(await page.locator('aside .ant-tabs-nav-operations-hidden').count()).toBe(1);

    await page.getByTestId('language-switch').getByText('中文').click();
    await poll(() => zoomIn.getAttribute('aria-label')).toBe('放大');
    await page.goto(campaignUrl);
    await node('check_value').waitFor();
  });

  it('should keep every key of a condition, a message and a number typed quickly on a slow computer', async () => {
    const expr = 'customer.arpu >= 60.0 && !customer.opted_out';
    const added = ' Reply TD to opt out, 60.0 >= 6.0!';
    const template = page.getByTestId('param-template');
    const amount = page.getByTestId('param-duration-amount');
    await clickPane();
    await page.getByTestId('palette-wait').click();
    const wait = (await page.getByTestId('node-panel').getAttribute('data-node'))!;
    await amount.waitFor();
    // A slow office laptop: each key costs the page several times what it costs here.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    let message = '';
    try {
      await node('check_value').click();
      await page.getByTestId('condition-mode-text').click();
      await page.getByTestId('param-expr').fill('');
      await page.getByTestId('param-expr').pressSequentially(expr, { delay: 20 });
      await node('sms_offer').click();
      message = (await template.inputValue()) + added;
      await template.click();
      await page.keyboard.press('Control+End');
      await template.pressSequentially(added, { delay: 20 });
      await node(wait).click();
      await amount.click();
      await page.keyboard.press('Control+a');
      await amount.pressSequentially('1250', { delay: 20 });
      await page.keyboard.press('Backspace');
      await amount.pressSequentially('7', { delay: 0 });
      await page.keyboard.press('Control+s');
    } finally {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await cdp.detach();
    }
    await poll(() => page.getByTestId('save-state').innerText()).toContain('已保存');
    // What was saved, read back from the server: exactly what was typed.
    await page.reload();
    await node('sms_offer').click();
    await poll(() => template.inputValue()).toBe(message);
    await node('check_value').click();
    await page.getByTestId('condition-mode-text').click();
    await poll(() => page.getByTestId('param-expr').inputValue()).toBe(expr);
    await node(wait).click();
    await poll(() => amount.inputValue()).toBe('1257');
  });
});
