// Passes each page request's path and query to the server layouts in a request header
// (REQUEST_PATH_HEADER): a layout cannot read the URL, and the signed-in layout needs it to send a
// signed-out person to /sign-in?next=<the page they asked for> (app/(app)/layout.tsx).
// Whatever a client sent in that header is overwritten here; the layout checks it all the same.
import { NextResponse, type NextRequest } from 'next/server';
import { REQUEST_PATH_HEADER } from '@/app/_lib/return-path';

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  const search = new URLSearchParams(request.nextUrl.search);
  // The router's cache-busting parameter is no part of the page's address.
  search.delete('_rsc');
  const query = search.toString();
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${query ? `?${query}` : ''}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the API, Next's own files or the icon.
  matcher: ['/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)'],
};
