// Customer data administration in a real browser: an administrator creates a partner API key
// (shown once), the partner uses it, the administrator revokes it and the partner is refused;
// then imports a CSV extract with a bad line and reads the line-numbered result in Chinese; and
// registers a partner webhook endpoint (URL on the operator's allow-list, secret shown once), and
// cannot delete it while a live campaign sends to it, but can delete one nothing uses; edits a
// product in its dialog; and reads the API reference page rendered from the served OpenAPI document.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, signOut, docScreenshot } from './support/browser';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';
import { trpc } from './support/trpc';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

let server: TestServer;
let page: Page;

// The operator's allow-list of partner hosts (an ops setting administrators cannot widen).
const session = useBrowserSession('admin-data', { env: { OCTOFLOW_WEBHOOK_ALLOW_HOSTS: 'hooks.hotel-partner.example' }, signInAs: 'admin@octoflow.demo' });
beforeAll(() => {
  ({ server, page } = session);
});

const tagsWith = (key: string) => fetch(`${server.baseUrl}/api/v1/tags`, { headers: { authorization: `Bearer ${key}` } });

describe('API keys page', () => {
  it('should show a new key once, and refuse it as soon as it is revoked', async () => {
    // The administration menu offers the page; the test opens it by its address (a client-side
    // navigation through the menu has hung past the timeout on a loaded CI machine).
    await page.getByTestId('nav-admin').click();
    expect(await page.getByTestId('nav-admin-apiKeys').getAttribute('href')).toBe('/admin/api-keys');
    await page.goto(`${server.baseUrl}/admin/api-keys`);
    await page.getByTestId('create-key').click();
    await page.getByTestId('key-name').fill('银行合作伙伴');
    await page.getByLabel(/读取目录/).check();
    await page.getByRole('button', { name: '创建密钥' }).last().click();
    const shown = page.getByTestId('new-key');
    await shown.waitFor();
    const key = (await shown.textContent())!.trim();
    expect(key).toMatch(/^octo_[A-Za-z0-9_-]{32}$/);
    await docScreenshot(page, 'admin-api-key-created.png');
    await page.getByRole('button', { name: /^完\s*成$/ }).click();

    // The partner can call the API with it; the page never shows the key again.
    expect((await tagsWith(key)).status).toBe(200);
    await page.reload();
    const row = page.getByTestId('keys-table').locator('tr', { hasText: '银行合作伙伴' });
    await row.waitFor();
    expect(await page.content()).not.toContain(key);

    await row.getByTestId('revoke-银行合作伙伴').click();
    await page.getByRole('button', { name: /^吊\s*销$/ }).last().click();
    await poll(() => row.getByTestId('key-status').textContent()).toMatch(/已于 .* 吊销/);
    const refused = await tagsWith(key);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toBe('invalid or revoked API key');
  });

  it('should create one key when Enter is pressed again while the first is being created', async () => {
    await page.goto(`${server.baseUrl}/admin/api-keys`);
    // A slow network: the creation takes a second to answer.
    await page.route('**/api/trpc/apiKeys.create**', async (route) => {
      await new Promise((r) => setTimeout(r, 1_000));
      await route.continue();
    });
    try {
      await page.getByTestId('create-key').click();
      await page.getByTestId('key-name').fill('慢网络伙伴');
      await page.getByTestId('key-name').press('Enter');
      await page.getByRole('button', { name: '创建密钥' }).last().locator('.ant-btn-loading-icon').waitFor();
      await page.getByTestId('key-name').press('Enter');
      await page.getByTestId('new-key').waitFor();
    } finally {
      await page.unroute('**/api/trpc/apiKeys.create**');
    }
    await page.getByRole('button', { name: /^完\s*成$/ }).click();
    await page.reload();
    await page.getByTestId('keys-table').locator('tr', { hasText: '慢网络伙伴' }).first().waitFor();
    expect(await page.getByTestId('keys-table').locator('tr', { hasText: '慢网络伙伴' }).count()).toBe(1);
  });
});

describe('data import page', () => {
  it('should import a CSV, reporting the bad line with its number and reason', async () => {
    await page.getByTestId('nav-admin-imports').click();
    await page.waitForURL(/\/admin\/imports$/);
    const csv = [
      'customer_id,msisdn,name,arpu,plan,region',
      'E2E00001,13912340001,测试甲,88.5,unlimited_5g,hangzhou',
      'E2E00002,13912340002,测试乙,很多,basic_4g,ningbo',
      'E2E00003,13912340003,测试丙,45,prepaid,wenzhou',
    ].join('\n');
    await page.locator('.ant-upload input[type=file]').setInputFiles({
      name: 'jingfen-2026-11-29.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    const result = page.getByTestId('import-result');
    await result.waitFor();
    await poll(() => page.getByTestId('import-status').textContent()).toBe('已导入（有拒绝行）');
    expect(await page.getByTestId('import-inserted').locator('.ant-statistic-content-value').textContent()).toBe('2');
    expect(await page.getByTestId('import-rejected').locator('.ant-statistic-content-value').textContent()).toBe('1');
    const error = page.getByTestId('import-errors').locator('tbody tr').first();
    expect(await error.locator('td').nth(0).textContent()).toBe('3');
    expect(await error.locator('td').nth(1).textContent()).toBe('arpu：应为数字，实际为“很多”');
    await poll(() => page.getByTestId('imports-table').locator('tbody tr').first().textContent()).toContain('jingfen-2026-11-29.csv');
    await docScreenshot(page, 'admin-import-result.png', { fullPage: true });

    // The imported customer is on the customers page with its tags.
    await page.goto(`${server.baseUrl}/customers/E2E00001`);
    await poll(() => page.getByTestId('customer-tags').textContent()).toContain('88.5');
  });
});

describe('partner endpoints page', () => {
  it('should register an endpoint on the allow-list, show its secret once, refuse other hosts and rotate the secret', async () => {
    await page.goto(`${server.baseUrl}/admin/partners`);
    await page.getByTestId('allow-hosts').getByText('hooks.hotel-partner.example').waitFor();
    await page.getByTestId('create-endpoint').click();
    await page.getByTestId('endpoint-id').fill('hotel_partner');
    await page.getByTestId('endpoint-name-zh').fill('酒店合作伙伴');
    await page.getByTestId('endpoint-name-en').fill('Hotel partner');
    await page.getByTestId('endpoint-url').fill('https://hooks.hotel-partner.example/octoflow');
    await page.getByTestId('endpoint-save').click();
    const shown = page.getByTestId('shown-secret');
    await shown.waitFor();
    const secret = (await shown.textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await docScreenshot(page, 'admin-partner-endpoint.png');
    await page.getByRole('button', { name: /^完\s*成$/ }).click();

    await page.reload();
    const row = page.getByTestId('endpoints-table').locator('tr', { hasText: 'hotel_partner' });
    await row.waitFor();
    expect(await row.textContent()).toContain('https://hooks.hotel-partner.example/octoflow');
    expect(await page.getByTestId('secret-hotel_partner').textContent()).toContain('已设置');
    expect(await page.content()).not.toContain(secret);

    // A host the operator has not allowed is refused, naming it.
    await row.getByTestId('edit-hotel_partner').click();
    await page.getByTestId('endpoint-url').fill('https://evil.example/steal');
    await page.getByTestId('endpoint-save').click();
    // The refusal sits under the field it is about.
    const urlItem = page.locator('.ant-modal .ant-form-item').filter({ has: page.getByTestId('endpoint-url') });
    await poll(() => urlItem.locator('.ant-form-item-explain-error').textContent()).toContain('主机 evil.example 不在允许列表中');
    await page.getByRole('button', { name: /^取\s*消$/ }).click();

    await row.getByTestId('rotate-hotel_partner').click();
    await page.getByRole('button', { name: '更换密钥' }).last().click();
    await shown.waitFor();
    const rotated = (await shown.textContent())!.trim();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByRole('button', { name: /^完\s*成$/ }).click();

    // Both changes are in the audit log.
    await page.goto(`${server.baseUrl}/audit`);
    await poll(() => page.locator('body').textContent()).toContain('partner_endpoint.rotate_secret');
    expect(await page.locator('body').textContent()).toContain('partner_endpoint.create');
    expect(await page.content()).not.toContain(rotated);
  });

  it('should refuse to delete an endpoint a live campaign sends to, naming the campaign, and delete one nothing uses', async () => {
    // A live campaign whose webhook node sends to hotel_partner, set up through the API as the
    // designer and the approver would.
    const campaign = `E2E酒店推送 ${Date.now().toString(36)}`;
    await signOut(page);
    await signIn(page, server.baseUrl, 'designer@octoflow.demo');
    const { id } = await rpc<{ id: string }>('campaigns.create', {
      name: campaign,
      graph: {
        version: 1,
        settings: { reentry: 'every_time', concurrent: true },
        nodes: [
          { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'roaming_arrival', condition: '' } },
          { id: 'w', kind: 'webhook', position: { x: 0, y: 120 }, params: { endpointId: 'hotel_partner', eventName: 'traveller.arrived', includeTags: [] } },
          { id: 'e', kind: 'end', position: { x: 0, y: 240 }, params: {} },
        ],
        edges: [
          { id: 'a', source: 't', sourcePort: 'out', target: 'w' },
          { id: 'b', source: 'w', sourcePort: 'out', target: 'e' },
        ],
      },
    });
    const version = await rpc<{ id: string }>('campaigns.submit', { id });
    await signOut(page);
    await signIn(page, server.baseUrl, 'approver@octoflow.demo');
    await rpc('campaigns.decide', { versionId: version.id, decision: 'approved' });
    await rpc('campaigns.launch', { id });
    await signOut(page);
    await signIn(page, server.baseUrl, 'admin@octoflow.demo');
    await rpc('partnerEndpoints.create', { id: 'spare_partner', nameZh: '备用伙伴', nameEn: 'Spare partner', url: 'https://hooks.hotel-partner.example/spare' });

    await page.goto(`${server.baseUrl}/admin/partners`);
    const table = page.getByTestId('endpoints-table');
    await table.getByTestId('delete-hotel_partner').click();
    await page.getByRole('button', { name: /^删\s*除$/ }).last().click();
    await page.getByText(`无法删除 hotel_partner：运行中的活动正在向它推送（${campaign}）。`, { exact: false }).waitFor();
    await page.reload();
    await table.locator('tr', { hasText: 'hotel_partner' }).waitFor();

    await table.getByTestId('delete-spare_partner').click();
    await page.getByRole('button', { name: /^删\s*除$/ }).last().click();
    await page.getByText('已删除 spare_partner').waitFor();
    await poll(() => table.locator('tr', { hasText: 'spare_partner' }).count()).toBe(0);
    expect(await table.locator('tr', { hasText: 'hotel_partner' }).count()).toBe(1);

    await page.goto(`${server.baseUrl}/audit`);
    await poll(() => page.locator('body').textContent()).toContain('partner_endpoint.delete');
  });
});

/** A tRPC call with the signed-in user's session cookie (set-up the UI would take minutes for). */
const rpc = <T = unknown>(name: string, input: unknown) => trpc<T>(page, server.baseUrl, name, input);

describe('products page', () => {
  it('should save a product from its dialog, and open the next edit from what was saved, not what was typed and cancelled', async () => {
    await page.goto(`${server.baseUrl}/admin/products`);
    const row = page.getByTestId('products-table').locator('tr', { hasText: 'data_pack_5gb' }).first();
    const dialog = page.getByRole('dialog', { name: '产品' });
    const price = dialog.getByLabel('价格（元）');

    await row.getByRole('button', { name: /^编\s*辑$/ }).click();
    await poll(() => price.inputValue()).toBe('10');
    await price.fill('999');
    await dialog.getByRole('button', { name: /^取\s*消$/ }).click();
    // Reopened at once, while the cancelled dialog may still be fading out.
    await row.getByRole('button', { name: /^编\s*辑$/ }).click();
    await poll(() => price.inputValue()).toBe('10');

    // Enter in a field saves, as the OK button does.
    await price.fill('28');
    await price.press('Enter');
    await page.locator('.ant-message').getByText('已保存').first().waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => row.locator('td').nth(3).innerText()).toBe('28');

    await page.reload();
    await row.getByRole('button', { name: /^编\s*辑$/ }).click();
    await poll(() => price.inputValue()).toBe('28');

    // A rule only the server checks (a product cannot exclude itself): the refusal sits under the
    // field it is about, not in a banner above the form, and nothing is saved.
    const exclusive = dialog.locator('.ant-form-item').filter({ hasText: '互斥产品' });
    await exclusive.locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '(data_pack_5gb)' }).click();
    await dialog.locator('.ant-modal-title').click();
    await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
    await poll(() => exclusive.locator('.ant-form-item-explain-error').textContent()).toBe('data_pack_5gb 不能与自身互斥');
    expect(await dialog.getByTestId('form-error').count()).toBe(0);
    await dialog.getByRole('button', { name: /^取\s*消$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByRole('button', { name: /^编\s*辑$/ }).click();
    expect(await exclusive.locator('.ant-select-selection-item').count()).toBe(0);
    await dialog.getByRole('button', { name: /^取\s*消$/ }).click();
  });

  it('should name required plans and exclusive products in the reader\'s language, the code on hover', async () => {
    await page.goto(`${server.baseUrl}/admin/products`);
    const row = (id: string) => page.getByTestId('products-table').locator('tr', { has: page.locator('code', { hasText: new RegExp(`^${id}$`) }) });
    await poll(() => row('family_plan_add').innerText()).toContain('5G家庭套餐');
    expect(await row('family_plan_add').innerText()).toContain('5G畅享套餐');
    expect(await row('family_plan_add').innerText()).not.toMatch(/family_5g|unlimited_5g/);
    expect(await row('family_plan_add').getByText('5G家庭套餐').getAttribute('title')).toBe('family_5g');
    expect(await row('roaming_day_pass').innerText()).toContain('升级5G畅享套餐');
  });
});

describe('tag schema page', () => {
  it('should say in words what a tag name may be, and keep a tag name on one line', async () => {
    await page.goto(`${server.baseUrl}/admin/tags`);
    const cell = page.getByTestId('tags-table').getByTestId('tag-name-cell').filter({ hasText: 'channel_preference' });
    await cell.waitFor();
    // One line: as tall as a one-line name.
    const [long, short] = [await cell.boundingBox(), await page.getByTestId('tag-name-cell').filter({ hasText: /^plan$/ }).boundingBox()];
    expect(long!.height).toBe(short!.height);

    await page.getByTestId('add-tag').click();
    await page.getByTestId('tag-name').fill('Bad Name!');
    const error = page.locator('.ant-form-item').filter({ has: page.getByTestId('tag-name') }).locator('.ant-form-item-explain-error');
    await poll(() => error.textContent()).toBe('只能包含小写字母、数字和下划线，以字母开头，最多 64 个字符。');
    await page.getByRole('dialog').getByRole('button', { name: /^取\s*消$/ }).click();
  });
});

describe('API reference page', () => {
  it('should render every route of the served OpenAPI document, link answers to their schemas and show how to verify webhook signatures', async () => {
    const doc = (await (await fetch(`${server.baseUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    await page.goto(`${server.baseUrl}/api-docs`);
    await page.getByTestId('api-docs-title').waitFor();
    const routes = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `op-${m}-${p}`));
    expect(routes.length).toBeGreaterThan(10);
    for (const id of routes) expect(await page.locator(`[id="${id}"]`).count(), id).toBe(1);
    // The offers a telephony system reads: the answer is the schema the handler parses it with.
    expect(await page.locator('[id="op-get-/api/v1/customers/{customerId}/offers"] a[href="#schema-CallerOffers"]').count()).toBe(1);
    for (const name of Object.keys(doc.components.schemas)) expect(await page.locator(`[id="schema-${name}"]`).count(), name).toBe(1);
    const webhooks = await page.getByTestId('webhook-signatures').textContent();
    expect(webhooks).toContain('X-Octoflow-Signature');
    expect(webhooks).toContain('HMAC-SHA256');
    expect(webhooks).toContain('constant time');
  });
});
