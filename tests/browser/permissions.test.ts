// The page permission matrix in a real browser: every page of the signed-in app (app/(app)/) is
// opened by every kind of person — designer, approver, executive, call-centre agent, shop clerk,
// administrator — and signed out. A page the role may open (pagePermissions in
// server/auth/permissions.ts, the one table) renders its content; any other shows the one
// forbidden screen, in Chinese and in English, and none of the page's content. Signed out, every
// page sends the person to sign-in. Every page opens without an uncaught error in the browser,
// a failed hydration among them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { canOpenPage, type AppPage } from '@/server/auth/permissions';
import type { Role } from '@/server/auth/roles';
import { DEMO_PASSWORD } from './support/browser';
import type { TestServer } from './support/server';
import { useBrowserSession } from './support/session';

let server: TestServer;
const session = useBrowserSession('permissions');
beforeAll(() => {
  ({ server } = session);
});

/** Something only the page itself renders once it is allowed to (a table, a field, a button). */
const CONTENT: Record<AppPage, string> = {
  '/campaigns': 'campaigns-table',
  '/campaigns/[id]': 'campaign-name',
  '/campaigns/[id]/plan': 'plan-status',
  '/approvals': 'approvals-table',
  '/customers': 'customers-table',
  '/customers/[id]': 'customer-tags',
  '/dashboards': 'tab-execution',
  '/wording': 'wording-table',
  '/audit': 'audit-filter',
  '/workbench': '', // redirects to the person's first screen
  '/workbench/inbound': 'caller-number',
  '/workbench/outbound': 'queue-waiting',
  '/workbench/shop': 'shop-name',
  '/workbench/commission': 'statement-month',
  '/admin/users': 'users-table',
  '/admin/tags': 'tags-table',
  '/admin/event-types': 'event-types-table',
  '/admin/imports': 'import-kind',
  '/admin/products': 'products-table',
  '/admin/api-keys': 'keys-table',
  '/admin/operations': 'operations-tabs',
  '/admin/partners': 'endpoints-table',
  '/admin/frontline-org': 'org-shops-table',
  '/admin/contact-policy': 'policy-form',
};
const PAGES = Object.keys(CONTENT) as AppPage[];

const PEOPLE: { email: string; role: Role; team?: boolean; shop?: boolean }[] = [
  { email: 'designer@octoflow.demo', role: 'designer' },
  { email: 'approver@octoflow.demo', role: 'approver' },
  { email: 'executive@octoflow.demo', role: 'executive' },
  { email: 'agent1@octoflow.demo', role: 'frontline', team: true },
  { email: 'clerk@octoflow.demo', role: 'frontline', shop: true },
  { email: 'admin@octoflow.demo', role: 'admin', team: true, shop: true },
];

let campaignId = '';
const customerId = 'C000001';

function urlOf(pageKey: AppPage): string {
  return `${server.baseUrl}${pageKey.replace('[id]', pageKey.startsWith('/customers') ? customerId : campaignId)}`;
}

/** What each signed-in page threw uncaught (a failed hydration among them), since its last visit. */
const thrown = new WeakMap<Page, string[]>();

async function signedIn(email: string, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  const p = await context.newPage();
  p.setDefaultTimeout(30_000);
  const errors: string[] = [];
  thrown.set(p, errors);
  p.on('pageerror', (e) => void errors.push(e.message));
  await p.goto(`${server.baseUrl}/sign-in`);
  await p.getByTestId('sign-in-email').fill(email);
  await p.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
  await p.getByTestId('sign-in-submit').click();
  await p.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return p;
}

async function settled(p: Page) {
  await p.waitForLoadState('networkidle');
  for (let i = 0; i < 2; i++) await p.evaluate(() => new Promise((done) => requestIdleCallback(() => done(null), { timeout: 3000 })));
}

/** Whether a frontline person has the workbench screen at all (workbenchTabs: a team, a shop). */
function hasScreen(person: (typeof PEOPLE)[number], pageKey: AppPage): boolean {
  if (pageKey === '/workbench/inbound' || pageKey === '/workbench/outbound') return !!person.team;
  if (pageKey === '/workbench/shop') return !!person.shop;
  return true;
}

async function expectForbidden(p: Page, what: string) {
  await p.getByTestId('forbidden').waitFor();
  for (const id of Object.values(CONTENT).filter(Boolean)) {
    expect(await p.getByTestId(id).count(), `${what}: ${id} rendered behind the forbidden screen`).toBe(0);
  }
}

describe('page permissions', () => {
  beforeAll(async () => {
    const admin = await signedIn('admin@octoflow.demo');
    const res = await admin.context().request.get(`${server.baseUrl}/api/trpc/campaigns.list?input=${encodeURIComponent(JSON.stringify({ json: null }))}`);
    const body = (await res.json()) as { result: { data: { json: { rows: { id: string }[] } } } };
    campaignId = body.result.data.json.rows[0]!.id;
    expect(campaignId).toBeTruthy();
    await admin.context().close();
  }, 120_000);

  for (const person of PEOPLE) {
    it(`should let ${person.email} open exactly the pages the table gives the ${person.role} role`, async () => {
      const p = await signedIn(person.email);
      try {
        for (const pageKey of PAGES) {
          const what = `${person.email} on ${pageKey}`;
          thrown.get(p)!.length = 0;
          await p.goto(urlOf(pageKey));
          const allowed = canOpenPage(person.role, pageKey) && hasScreen(person, pageKey);
          if (pageKey === '/campaigns' && person.role === 'frontline') {
            // Their landing page after sign-in: sent on to their workbench.
            await p.waitForURL(/\/workbench\/(inbound|shop)$/);
          } else if (pageKey === '/workbench' && allowed) {
            await p.waitForURL(/\/workbench\/(inbound|outbound|shop|commission)$/);
            expect(await p.getByTestId('forbidden').count(), what).toBe(0);
          } else if (allowed) {
            await p.getByTestId(CONTENT[pageKey]).first().waitFor({ timeout: 30_000 }).catch(() => {
              throw new Error(`${what}: expected the page's ${CONTENT[pageKey]}`);
            });
            expect(await p.getByTestId('forbidden').count(), what).toBe(0);
          } else {
            await expectForbidden(p, what);
          }
          expect(await p.getByText('Application error').count(), what).toBe(0);
          // Drawn by the server and taken over by the browser without a mismatch (React says
          // "Minified React error #418" when the two differ, and draws the page again). Taking over
          // is work on the page's main thread: once its requests are done and the thread is idle,
          // it is over.
          if (allowed) await settled(p);
          expect(thrown.get(p), what).toEqual([]);
        }
      } finally {
        await p.context().close();
      }
    }, 300_000);
  }

  it('should say why in Chinese and in English', async () => {
    const zh = await signedIn('designer@octoflow.demo', 'zh-CN');
    await zh.goto(urlOf('/audit'));
    await expect.poll(() => zh.getByTestId('forbidden').textContent()).toBe('您的角色（设计人员）无权打开此页面，页面内容未加载。');
    await zh.context().close();

    const en = await signedIn('agent1@octoflow.demo', 'en');
    await en.getByTestId('language-switch').getByText('English').click();
    await en.goto(urlOf('/dashboards'));
    await expect.poll(() => en.getByTestId('forbidden').textContent()).toBe('Your role (Frontline) cannot open this page. Nothing on it was loaded.');
    await en.context().close();
  }, 120_000);

  it('should send a signed-out visitor to sign-in from every page, keeping the page to come back to', async () => {
    const context = await session.browser.newContext();
    const p = await context.newPage();
    for (const pageKey of PAGES) {
      await p.goto(urlOf(pageKey));
      const asked = new URL(urlOf(pageKey)).pathname;
      // The campaigns are where sign-in leads anyway: no need to say so.
      await p.waitForURL((u) => u.pathname === '/sign-in' && u.searchParams.get('next') === (asked === '/campaigns' ? null : asked));
      await p.getByTestId('sign-in-email').waitFor();
    }
    await context.close();
  }, 120_000);
});

describe('links opened while signed out', () => {
  /** Opens `path` signed out, signs in with a password on the page it is sent to, and returns where it lands. */
  async function openSignedOut(path: string, email: string): Promise<Page> {
    const context = await session.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const p = await context.newPage();
    p.setDefaultTimeout(30_000);
    await p.goto(`${server.baseUrl}${path}`);
    await p.waitForURL((u) => u.pathname === '/sign-in');
    await p.getByTestId('sign-in-email').fill(email);
    await p.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
    await p.getByTestId('sign-in-submit').click();
    await p.waitForURL((u) => u.pathname !== '/sign-in');
    return p;
  }

  it('should bring an approver from an approval notice’s link to the approvals after signing in', async () => {
    const p = await openSignedOut('/approvals', 'approver@octoflow.demo');
    expect(new URL(p.url()).pathname).toBe('/approvals');
    await p.getByTestId('approvals-table').waitFor();
    await p.context().close();
  }, 120_000);

  it('should bring an executive from a dashboards link to the same view, filters and tab kept', async () => {
    const link = '/dashboards?from=2026-06-01&to=2026-06-30&channel=sms&tab=loop';
    const p = await openSignedOut(link, 'executive@octoflow.demo');
    const landed = new URL(p.url());
    expect(`${landed.pathname}${landed.search}`).toBe(link);
    await p.locator('[role="tab"][aria-selected="true"]').getByTestId('tab-loop').waitFor();
    await expect.poll(() => p.locator('.ant-picker-range input').first().inputValue()).toBe('2026-06-01');
    await p.context().close();
  }, 120_000);

  it('should not follow a link to another site or into the API after signing in', async () => {
    for (const next of ['https://evil.example/approvals', '//evil.example', '/%5Cevil.example', '/api/auth/sign-out']) {
      const p = await openSignedOut(`/sign-in?next=${encodeURIComponent(next)}`, 'approver@octoflow.demo');
      const landed = new URL(p.url());
      expect(`${landed.origin}${landed.pathname}`, next).toBe(`${server.baseUrl}/campaigns`);
      await p.getByTestId('campaigns-table').waitFor();
      await p.context().close();
    }
  }, 180_000);
});
