// Where to go after signing in: the page a signed-out person asked for (`/sign-in?next=…`),
// carried through password and single sign-on. Only a path on this site is followed; anything
// that a browser could read as another site (`//evil`, `/\evil`, their encoded forms, a scheme)
// falls back to the campaigns, so a shared link cannot turn the sign-in page into an open redirect
// (OWASP "Unvalidated Redirects and Forwards").

export const DEFAULT_RETURN_PATH = '/campaigns';

/** The request's path and query, set by proxy.ts for the layouts (which cannot read the URL). */
export const REQUEST_PATH_HEADER = 'x-octoflow-path';

const BASE = 'http://octoflow.invalid';
const MAX_LENGTH = 2048;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** A slash or backslash written as %2F / %5C (or encoded again, %252F): routers and proxies differ on them. */
const ENCODED_SEPARATOR = /%(25)*(2f|5c)/i;
/** Paths that are no page to come back to: the API, the sign-in and change-password pages themselves, Next's own files. */
const NOT_PAGES = /^\/(api|sign-in|change-password|_next)(\/|$)/i;

/** `s` decoded until it no longer changes (at most a few rounds), or null when it cannot be. */
function fullyDecoded(s: string): string | null {
  let cur = s;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(cur);
    } catch {
      return null;
    }
    if (next === cur) return cur;
    cur = next;
  }
  return null;
}

/** Whether `s` (raw or decoded) could lead off this site or hide what it is. */
function hostile(s: string): boolean {
  return !s.startsWith('/') || s.startsWith('//') || s.includes('\\') || CONTROL.test(s);
}

/**
 * `next` when it is a same-site relative path to a page (normalised: `/a/../approvals` becomes
 * `/approvals`), else `fallback`.
 */
export function safeReturnPath(next: unknown, fallback: string = DEFAULT_RETURN_PATH): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > MAX_LENGTH) return fallback;
  if (hostile(next)) return fallback;
  const rawPath = next.split(/[?#]/, 1)[0];
  if (ENCODED_SEPARATOR.test(rawPath)) return fallback;
  const decoded = fullyDecoded(next);
  if (decoded === null || hostile(decoded)) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const pathname = fullyDecoded(url.pathname);
  if (pathname === null || hostile(pathname) || NOT_PAGES.test(pathname)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `page`'s address that comes back to `path` afterwards (just `page` for the default). */
function comingBackTo(page: string, path: unknown): string {
  const back = safeReturnPath(path);
  return back === DEFAULT_RETURN_PATH ? page : `${page}?next=${encodeURIComponent(back)}`;
}

/** The sign-in page's address that comes back to `path` afterwards (just /sign-in for the default). */
export const signInPath = (path: unknown) => comingBackTo('/sign-in', path);

/** The change-password page's address that comes back to `path` once the password is changed. */
export const changePasswordPath = (path: unknown) => comingBackTo('/change-password', path);
