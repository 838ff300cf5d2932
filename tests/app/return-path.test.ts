// Where the sign-in page sends a person afterwards (`/sign-in?next=…`): back to the page they
// asked for when it is a page of this site, else to the campaigns — never to another site.
import { describe, expect, it } from 'vitest';
import { changePasswordPath, safeReturnPath, signInPath } from '@/app/_lib/return-path';

const HOME = '/campaigns';

describe('the page to come back to after signing in', () => {
  it.each([
    ['/approvals', '/approvals'],
    ['/dashboards?from=2026-05-01&to=2026-05-31&channel=sms&tab=loop', '/dashboards?from=2026-05-01&to=2026-05-31&channel=sms&tab=loop'],
    ['/campaigns/3f1c2a4e-1111-4222-8333-944455556666/plan', '/campaigns/3f1c2a4e-1111-4222-8333-944455556666/plan'],
    ['/customers?q=%E5%BC%A0%E4%B8%89', '/customers?q=%E5%BC%A0%E4%B8%89'],
    ['/workbench/tasks#open', '/workbench/tasks#open'],
    ['/audit/../approvals', '/approvals'],
  ])('should come back to the page %s', (next, expected) => {
    expect(safeReturnPath(next)).toBe(expected);
  });

  it.each([
    ['an absolute URL', 'https://evil.example/approvals'],
    ['an absolute URL without a scheme’s slashes', 'https:evil.example'],
    ['a protocol-relative URL', '//evil.example'],
    ['a protocol-relative URL with a path', '//evil.example/approvals'],
    ['a backslash after the slash', '/\\evil.example'],
    ['a backslash later on', '/approvals\\..\\..\\evil'],
    ['encoded slashes', '/%2F%2Fevil.example'],
    ['encoded slashes in lower case', '/%2f/evil.example'],
    ['an encoded backslash', '/%5Cevil.example'],
    ['a doubly encoded slash', '/%252F%252Fevil.example'],
    ['an encoded leading slash', '%2F%2Fevil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a javascript: URL in mixed case', 'JavaScript:alert(document.cookie)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['a tab inside the slashes', '/\t/evil.example'],
    ['a newline', '/approvals\n/evil'],
    ['an encoded newline', '/approvals%0d%0aSet-Cookie:x=1'],
    ['a leading space', ' /approvals'],
    ['the API', '/api/trpc/campaigns.list'],
    ['the API root', '/api'],
    ['the API in capitals', '/API/auth/sign-out'],
    ['the API reached through dot segments', '/approvals/../api/auth/sign-out'],
    ['the API reached through encoded dot segments', '/approvals/%2e%2e/api/auth/sign-out'],
    ['the sign-in page itself', '/sign-in?next=/approvals'],
    ['the change-password page', '/change-password?next=/approvals'],
    ['Next’s own files', '/_next/static/chunks/main.js'],
    ['a relative path without the slash', 'approvals'],
    ['a bad escape', '/approvals%E0%A4%A'],
    ['nothing', ''],
    ['something not text', ['/approvals', '/audit']],
    ['no value', undefined],
  ])('should refuse %s and go to the campaigns', (_what, next) => {
    expect(safeReturnPath(next)).toBe(HOME);
  });

  it('should fall back to what the caller says', () => {
    expect(safeReturnPath('//evil.example', '/workbench')).toBe('/workbench');
  });

  it('should carry the page into the sign-in address, and nothing for the default or a hostile one', () => {
    expect(signInPath('/dashboards?from=2026-05-01&tab=loop')).toBe('/sign-in?next=%2Fdashboards%3Ffrom%3D2026-05-01%26tab%3Dloop');
    expect(signInPath('/campaigns')).toBe('/sign-in');
    expect(signInPath('//evil.example')).toBe('/sign-in');
    expect(signInPath(null)).toBe('/sign-in');
  });

  it('should carry the page into the change-password address the same way', () => {
    expect(changePasswordPath('/approvals?tab=mine')).toBe('/change-password?next=%2Fapprovals%3Ftab%3Dmine');
    expect(changePasswordPath('/campaigns')).toBe('/change-password');
    expect(changePasswordPath('/change-password')).toBe('/change-password');
  });
});
