// The users and roles page in a real browser: an administrator finds an approver, gives them a
// job title, sees where each role came from, and is told in Chinese why they cannot take the
// last administrator's role away. A designer reaching the page gets 403. An approver without the
// role (岗位) a sign-off names sees it in the inbox marked with the role it needs, the decision
// buttons off and the reason given, and signs once the administrator gives it. An administrator
// creates an account (its generated password shown once) that signs in and must first choose its
// own password, then disables it: the person is signed out and refused at the sign-in page, and
// the account stays listed as disabled. An administrator resets someone's password: they are
// signed out, sign in with the one-time password, are taken to change it, then reach the campaigns;
// from the menu under their name they can change it again (a wrong current one refused).
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, docScreenshot } from './support/browser';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let browser: Browser;
let page: Page;

const session = useBrowserSession('users', { signInAs: 'admin@octoflow.demo' });
beforeAll(() => {
  ({ server, browser, page } = session);
});

const rowOf = (email: string) => page.getByTestId(`user-${email}`);

/** Signs in on `p` with a password, as a person types it at the sign-in page (at `path`). */
async function typeSignIn(p: Page, email: string, password: string, path = '/sign-in') {
  await p.goto(`${server.baseUrl}${path}`);
  await p.getByTestId('sign-in-email').fill(email);
  await p.getByTestId('sign-in-password').fill(password);
  await p.getByTestId('sign-in-submit').click();
}

/** Fills the change-password form and submits it. */
async function choosePassword(p: Page, current: string, chosen: string, again = chosen) {
  await p.getByTestId('current-password').fill(current);
  await p.getByTestId('new-password').fill(chosen);
  await p.getByTestId('confirm-password').fill(again);
  await p.getByTestId('change-password-submit').click();
}

describe('users and roles page', () => {
  it('should list the accounts with their roles and where they came from, and give an approver a job title', async () => {
    // The administration menu offers the page; the test opens it by its address (a client-side
    // navigation through the menu has hung past the timeout on a loaded CI machine).
    await page.getByTestId('nav-admin').click();
    expect(await page.getByTestId('nav-admin-users').getAttribute('href')).toBe('/admin/users');
    await page.goto(`${server.baseUrl}/admin/users`);
    const row = rowOf('cs-approver@octoflow.demo');
    await row.waitFor();
    expect(await row.getByTestId('user-role').textContent()).toBe('审批人 · 客服部');
    expect(await row.getByTestId('user-source').textContent()).toBe('初始账号');
    expect(await row.getByTestId('user-titles').textContent()).toBe('话术审核');

    await row.getByTestId('edit-cs-approver@octoflow.demo').click();
    const titles = page.getByTestId('access-titles').locator('input');
    await titles.fill('客服经理');
    await titles.press('Enter');
    await page.getByTestId('save-access').click();
    await poll(() => row.getByTestId('user-titles').textContent()).toBe('话术审核客服经理');
    expect(await row.getByTestId('user-source').textContent()).toBe('管理员设置');
    await docScreenshot(page, 'admin-users.png');

    // Kept after a reload: it is stored, not just shown.
    await page.reload();
    await poll(() => rowOf('cs-approver@octoflow.demo').getByTestId('user-titles').textContent()).toBe('话术审核客服经理');
  });

  it('should refuse to take away the only administrator’s role, saying why', async () => {
    await rowOf('admin@octoflow.demo').getByTestId('edit-admin@octoflow.demo').click();
    await page.getByTestId('access-role').click();
    await page.locator('.ant-select-item-option', { hasText: '设计人员' }).click();
    await page.getByTestId('save-access').click();
    await poll(() => page.getByTestId('access-error').textContent()).toContain('是唯一的管理员');
    await page.getByRole('button', { name: /^取\s*消$/ }).click();
    await page.reload();
    expect(await rowOf('admin@octoflow.demo').getByTestId('user-role').textContent()).toMatch(/^管理员/);
  });

  it('should create an account whose generated password signs in, and disable it: signed out, refused, still listed', async () => {
    const email = `leaver.${Date.now().toString(36)}@operator.example`;
    await page.goto(`${server.baseUrl}/admin/users`);
    await rowOf('admin@octoflow.demo').waitFor();
    // The administrator's own account cannot be disabled from the page.
    expect(await page.getByTestId('disable-admin@octoflow.demo').isDisabled()).toBe(true);

    // A taken email is refused under the field, in Chinese.
    await page.getByTestId('create-user').click();
    await page.getByTestId('new-user-email').fill('designer@octoflow.demo');
    await page.getByTestId('new-user-name').fill('离职坐席');
    await page.getByTestId('access-role').click();
    await page.locator('.ant-select-item-option', { hasText: '设计人员' }).click();
    await page.getByTestId('create-user-submit').click();
    await poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toContain('已有使用邮箱 designer@octoflow.demo 的账号');
    await page.getByTestId('new-user-email').fill(email);
    await page.getByTestId('create-user-submit').click();
    const shown = page.getByTestId('new-user-password-shown');
    await shown.waitFor();
    const password = (await shown.textContent())!.trim();
    expect(password.length).toBeGreaterThanOrEqual(8);
    await page.getByRole('button', { name: '我已复制' }).click();
    await poll(() => rowOf(email).getByTestId('user-status').textContent()).toBe('正常');
    expect(await rowOf(email).getByTestId('user-role').textContent()).toBe('设计人员 · 市场部');

    // The person signs in with it.
    const theirs = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const p = await theirs.newPage();
    await typeSignIn(p, email, password);
    // An administrator knows that password: the person chooses their own before anything else.
    await p.waitForURL(/\/change-password$/);
    await p.getByTestId('password-change-required').waitFor();
    await choosePassword(p, password, 'leaver-own-password');
    await p.waitForURL(/\/campaigns$/);

    // Disabled: still listed (and found under the filter), signed out at their next page, refused at sign-in.
    await rowOf(email).getByTestId(`disable-${email}`).click();
    await page.getByTestId('disable-confirm').click();
    await poll(() => rowOf(email).getByTestId('user-status').textContent()).toBe('已停用');
    await page.getByTestId('users-status-filter').click();
    await page.locator('.ant-select-item-option', { hasText: '已停用' }).click();
    await poll(async () => [...new Set(await page.getByTestId('user-status').allTextContents())]).toEqual(['已停用']);
    await rowOf(email).waitFor();
    await p.reload();
    await p.waitForURL(/\/sign-in/);
    await typeSignIn(p, email, 'leaver-own-password');
    await poll(() => p.getByTestId('sign-in-error').textContent()).toContain('此账号已停用');
    await theirs.close();
  });

  it('should reset a person’s password: signed out, in with the one-time password, made to change it, then at the campaigns', async () => {
    const email = `forgetful.${Date.now().toString(36)}@operator.example`;
    const created = await page.request.post(`${server.baseUrl}/api/trpc/users.create`, {
      data: { json: { email, name: '健忘的设计师', role: 'designer', department: 'market', password: 'given-password-1' } },
    });
    expect(created.ok()).toBe(true);
    const theirs = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const p = await theirs.newPage();
    p.setDefaultTimeout(30_000);
    // A page asked for comes back after the change.
    await p.goto(`${server.baseUrl}/customers`);
    await p.waitForURL(/\/sign-in\?next=%2Fcustomers$/);
    await typeSignIn(p, email, 'given-password-1', '/sign-in?next=%2Fcustomers');
    await p.waitForURL(/\/change-password\?next=%2Fcustomers$/);
    await choosePassword(p, 'given-password-1', 'forgotten-password-1');
    await p.waitForURL(/\/customers$/);

    // The administrator resets it; the one-time password is shown once.
    await page.goto(`${server.baseUrl}/admin/users`);
    await rowOf(email).getByTestId(`reset-${email}`).click();
    await page.getByTestId('reset-password-submit').click();
    const shown = page.getByTestId('reset-password-shown');
    await shown.waitFor();
    const oneTime = (await shown.textContent())!.trim();
    expect(oneTime.length).toBeGreaterThanOrEqual(8);
    await page.getByRole('button', { name: '我已复制' }).click();
    await poll(() => rowOf(email).getByTestId('user-must-change').textContent()).toBe('须修改密码');
    // Not one's own (changed from the menu under one's name instead).
    expect(await page.getByTestId('reset-admin@octoflow.demo').isDisabled()).toBe(true);

    // The person is signed out at their next page; the old password no longer works.
    await p.reload();
    await p.waitForURL(/\/sign-in/);
    await typeSignIn(p, email, 'forgotten-password-1');
    await poll(() => p.getByTestId('sign-in-error').textContent()).toContain('邮箱或密码不正确');
    // In with the one-time password, and taken to change it: the new one typed twice, alike.
    await typeSignIn(p, email, oneTime);
    await p.waitForURL(/\/change-password$/);
    await p.getByTestId('password-change-required').waitFor();
    await p.goto(`${server.baseUrl}/campaigns`);
    await p.waitForURL(/\/change-password$/);
    await choosePassword(p, oneTime, 'remembered-password-1', 'remembered-password-2');
    await poll(() => p.locator('.ant-form-item-explain-error').allTextContents()).toContain('两次输入的新密码不一致。');
    await p.getByTestId('confirm-password').fill('remembered-password-1');
    await p.getByTestId('change-password-submit').click();
    await p.waitForURL(/\/campaigns$/);
    await p.getByTestId('nav-campaigns').waitFor();

    // From the menu under their name they can change it again; a wrong current password is refused on its field.
    await p.getByTestId('current-user').click();
    await p.getByTestId('menu-change-password').click();
    await p.waitForURL(/\/change-password$/);
    expect(await p.getByTestId('password-change-required').count()).toBe(0);
    await choosePassword(p, 'not-my-password', 'remembered-password-3');
    await poll(() => p.locator('.ant-form-item-explain-error').allTextContents()).toContain('与当前密码不符');
    await p.getByTestId('change-password-back').click();
    await p.waitForURL(/\/campaigns$/);
    await page.reload();
    await rowOf(email).waitFor();
    expect(await rowOf(email).getByTestId('user-must-change').count()).toBe(0);
    await theirs.close();
  });

  it('should show a designer 403 on the page', async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const p = await other.newPage();
    await signIn(p, server.baseUrl, 'designer@octoflow.demo');
    await p.goto(`${server.baseUrl}/admin/users`);
    await p.getByText('403').first().waitFor();
    expect(await p.getByTestId('users-table').count()).toBe(0);
    await other.close();
  });

  it('should tell an approver without the role a sign-off names which role it needs, and let them sign once given', async () => {
    const name = `岗位会签 ${Date.now().toString(36)}`;
    const designer = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const d = await designer.newPage();
    await signIn(d, server.baseUrl, 'designer@octoflow.demo');
    const rpc = async (name: string, input: unknown) => {
      const res = await d.request.post(`${server.baseUrl}/api/trpc/${name}`, { data: { json: input } });
      expect(res.ok()).toBe(true);
      return ((await res.json()) as { result: { data: { json: { id: string } } } }).result.data.json;
    };
    const graph = {
      version: 1,
      settings: { reentry: 'every_time', concurrent: false },
      nodes: [
        { id: 'cs', kind: 'approval', position: { x: 0, y: 0 }, params: { department: 'customer_service', role: '投诉主管', note: '话术审核', timeout: { amount: 2, unit: 'days' } } },
        { id: 't', kind: 'trigger', position: { x: 0, y: 200 }, params: { eventType: 'balance_low', condition: '' } },
        { id: 's', kind: 'sms', position: { x: 0, y: 300 }, params: { template: '余额不足，充值享优惠' } },
        { id: 'e', kind: 'end', position: { x: 0, y: 400 }, params: {} },
      ],
      edges: [
        { id: 'l0', source: 'cs', sourcePort: 'approved', target: 't' },
        { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
        { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
      ],
    };
    const c = await rpc('campaigns.create', { name, graph });
    await rpc('campaigns.submit', { id: c.id });
    await designer.close();

    const approverContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const a = await approverContext.newPage();
    a.setDefaultTimeout(30_000);
    await signIn(a, server.baseUrl, 'cs-approver@octoflow.demo');
    const openReview = async () => {
      await a.getByTestId('nav-approvals').click();
      const row = a.getByTestId('approvals-table').getByRole('row').filter({ hasText: name });
      await poll(() => row.getByTestId('signoff-cs').textContent()).toContain('投诉主管');
      return row;
    };
    // Listed (it waits for a colleague) and marked with the role it needs; the decision buttons are off, saying why.
    let row = await openReview();
    expect(await row.getByTestId('needs-role').textContent()).toBe('需要“投诉主管”');
    await row.getByRole('button').click();
    const drawer = a.getByTestId('review-drawer');
    await drawer.getByTestId('review-my-step').waitFor();
    expect(await drawer.getByTestId('review-blocked').textContent()).toContain('此审批需要客服部的岗位“投诉主管”');
    expect(await drawer.getByTestId('review-approve').isDisabled()).toBe(true);
    expect(await drawer.getByTestId('review-reject').isDisabled()).toBe(true);
    await a.keyboard.press('Escape');

    // The administrator gives the role on the users page; the approver signs without signing in again.
    await page.goto(`${server.baseUrl}/admin/users`);
    await rowOf('cs-approver@octoflow.demo').getByTestId('edit-cs-approver@octoflow.demo').click();
    const titles = page.getByTestId('access-titles').locator('input');
    await titles.fill('投诉主管');
    await titles.press('Enter');
    await page.getByTestId('save-access').click();
    await poll(() => rowOf('cs-approver@octoflow.demo').getByTestId('user-titles').textContent()).toContain('投诉主管');

    await a.reload();
    row = await openReview();
    expect(await row.getByTestId('needs-role').count()).toBe(0);
    await row.getByRole('button').click();
    await drawer.getByTestId('review-my-step').waitFor();
    expect(await drawer.getByTestId('review-blocked').count()).toBe(0);
    await drawer.getByTestId('review-approve').click();
    await poll(() => row.count()).toBe(0);
    await approverContext.close();
  });
});
