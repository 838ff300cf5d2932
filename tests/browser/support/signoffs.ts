// Launch sign-offs in the browser tests: a flow whose launch needs departments' sign-offs
// (parallel or in series), submitted through the API, and an approver's inbox.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { trpc } from './trpc';

/** A launch sign-off step of `department`. */
export const approval = (id: string, department: string, y: number) => ({
  id,
  kind: 'approval',
  position: { x: 0, y },
  params: { department, note: '上线会签', timeout: { amount: 2, unit: 'days' } },
});

/** Sign-offs linked by `links` (on approval) ahead of a balance-low trigger that sends `text`. */
export function signoffGraph(signoffs: ReturnType<typeof approval>[], links: [string, string][], text = '余额不足，充值享优惠') {
  return {
    version: 1,
    settings: { reentry: 'every_time', concurrent: false },
    nodes: [
      ...signoffs,
      { id: 't', kind: 'trigger', position: { x: 0, y: 300 }, params: { eventType: 'balance_low', condition: '' } },
      { id: 's', kind: 'sms', position: { x: 0, y: 400 }, params: { template: text } },
      { id: 'e', kind: 'end', position: { x: 0, y: 500 }, params: {} },
    ],
    edges: [
      ...links.map(([a, b], i) => ({ id: `l${i}`, source: a, sourcePort: 'approved', target: b })),
      { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
      { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
    ],
  };
}

/** Creates the campaign as whoever `page` is signed in as and submits it for sign-off. */
export async function createAndSubmit(page: Page, baseUrl: string, name: string, graph: unknown) {
  const c = await trpc<{ id: string }>(page, baseUrl, 'campaigns.create', { name, graph });
  const v = await trpc<{ id: string; hash: string }>(page, baseUrl, 'campaigns.submit', { id: c.id });
  return { id: c.id, versionId: v.id, hash: v.hash };
}

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 200 });

/** The row of campaign `name` in the approval inbox on the page. */
export const inboxRow = (page: Page, name: string) => page.getByTestId('approvals-table').getByRole('row').filter({ hasText: name });

/** Opens the approval inbox from the side menu. */
export async function openInbox(page: Page) {
  await page.getByTestId('nav-approvals').click();
  await page.getByTestId('approvals-table').waitFor();
}

/** Opens the request for `name` in the review drawer, at the reader's own step. */
export async function openReview(page: Page, name: string) {
  await inboxRow(page, name).getByRole('button').first().click();
  const drawer = page.getByTestId('review-drawer');
  await drawer.getByTestId('review-my-step').waitFor();
  return drawer;
}

/** Approves `name` from the inbox with a comment and waits until it leaves the inbox. */
export async function approveInInbox(page: Page, name: string) {
  const drawer = await openReview(page, name);
  await drawer.getByTestId('review-comment').fill('已核对');
  await drawer.getByTestId('review-approve').click();
  await poll(() => inboxRow(page, name).count()).toBe(0);
}
