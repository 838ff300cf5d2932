// Who may change a campaign, as the designer shows it, in a real browser with the demo's history:
// an ended campaign opens read-only with a notice saying how to run it again (Duplicate, which
// gives an editable copy); another department's campaign opens read-only naming its department.
// The server refuses the same edits (lifecycle.test.ts, campaign-lifecycle.test.ts). A running
// campaign whose draft is what runs offers no Submit to press until something changes.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let page: Page;
const session = useBrowserSession('campaign-editing', { env: { OCTOFLOW_DEMO_HISTORY: 'on' }, signInAs: 'designer@octoflow.demo' });
beforeAll(() => {
  ({ server, page } = session);
});

const openFromList = async (query: string) => {
  await page.goto(`${server.baseUrl}/campaigns?${query}`);
  const link = page.getByTestId('campaigns-table').locator('tbody tr td:first-child a').first();
  const name = await link.innerText();
  await link.click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]+$/);
  await page.getByTestId('designer-canvas').waitFor();
  return name;
};

describe('what the designer lets a person change', () => {
  it('should open an ended campaign read-only, and duplicate it into one that can be edited', async () => {
    const name = await openFromList('status=ended');
    const notice = page.getByTestId('campaign-locked');
    await expect(notice.getAttribute('data-reason')).resolves.toBe('ended');
    await expect(notice.innerText()).resolves.toContain('该营销活动已结束');
    await expect(page.getByTestId('designer-save').count()).resolves.toBe(0);
    await expect(page.getByTestId('designer-submit').count()).resolves.toBe(0);
    await expect(page.getByTestId('palette').count()).resolves.toBe(0);
    await expect(page.getByTestId('tool-delete').count()).resolves.toBe(0);

    await page.getByTestId('designer-duplicate').click();
    await poll(() => page.getByTestId('campaign-name').innerText()).toBe(`${name}（副本）`);
    await page.getByTestId('designer-save').waitFor();
    await expect(page.getByTestId('designer-submit').count()).resolves.toBe(1);
    await expect(page.getByTestId('palette').count()).resolves.toBe(1);
    await expect(page.getByTestId('campaign-locked').count()).resolves.toBe(0);
    await expect(page.getByTestId('campaign-status').innerText()).resolves.toBe('草稿');
  });

  it('should not offer to submit a running campaign unchanged, and offer it once the flow changes', async () => {
    await openFromList('department=market&status=live&q=5GB');
    const submit = page.getByTestId('designer-submit');
    await poll(() => submit.isDisabled()).toBe(true);
    await expect(submit.getAttribute('data-nothing-to-sign')).resolves.toMatch(/^版本 \d+ 与此流程、优惠和资源分配完全相同，正在运行；请先修改流程或策划再提交$/);
    // Hovering says why.
    await submit.hover({ force: true });
    await page.getByRole('tooltip').getByText('正在运行；请先修改流程或策划再提交', { exact: false }).waitFor();

    // A change to the wording is something new to sign; putting it back is not.
    const sms = page.getByTestId('node-sms_offer');
    await sms.click();
    const template = page.getByTestId('param-template');
    const wording = await template.inputValue();
    // Once saved (by the button or the autosave), the server is asked again about the new revision.
    const asked = () => page.waitForResponse((r) => r.url().includes('campaigns.submitCheck') && r.ok());
    let answer = asked();
    await template.fill(`${wording}（新）`);
    await poll(() => submit.isEnabled()).toBe(true);
    await page.getByTestId('designer-save').click();
    await answer;
    await poll(() => page.getByTestId('save-state').innerText()).toMatch(/已保存/);
    await expect(submit.isEnabled()).resolves.toBe(true);
    answer = asked();
    await template.fill(wording);
    await page.getByTestId('designer-save').click();
    await answer;
    await poll(() => submit.isDisabled()).toBe(true);
  });

  it("should open another department's campaign read-only, naming its department, on the flow and on the plan", async () => {
    await openFromList('department=channels&status=paused');
    const notice = page.getByTestId('campaign-locked');
    await expect(notice.getAttribute('data-reason')).resolves.toBe('department');
    await expect(notice.innerText()).resolves.toContain('该营销活动属于渠道部');
    await expect(page.getByTestId('designer-save').count()).resolves.toBe(0);
    await expect(page.getByTestId('designer-submit').count()).resolves.toBe(0);

    await page.getByTestId('campaign-plan-link').click();
    await page.waitForURL(/\/plan$/);
    await poll(() => page.getByTestId('campaign-locked').getAttribute('data-reason')).toBe('department');
    await expect(page.getByTestId('plan-save').count()).resolves.toBe(0);
  });
});
