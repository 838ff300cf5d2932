// A tRPC call as whoever the page is signed in as (its session cookie), for set-up the UI would
// take minutes for and for checks of what the server refuses.
import type { Page } from 'playwright-core';

export interface TrpcAnswer {
  status: number;
  data: unknown;
  error?: { message: string; data?: { code?: string } };
}

/** The status and the result or the error of one procedure; queries by GET, mutations by POST. */
export async function trpcCall(page: Page, baseUrl: string, name: string, input: unknown, method: 'post' | 'get' = 'post'): Promise<TrpcAnswer> {
  const url = `${baseUrl}/api/trpc/${name}`;
  const res =
    method === 'post'
      ? await page.request.post(url, { data: { json: input } })
      : await page.request.get(`${url}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const body = (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: TrpcAnswer['error'] } };
  return { status: res.status(), data: body.result?.data.json, error: body.error?.json };
}

/** The result of one procedure; throws with the status and the error when it is refused. */
export async function trpc<T = unknown>(page: Page, baseUrl: string, name: string, input: unknown, method: 'post' | 'get' = 'post'): Promise<T> {
  const r = await trpcCall(page, baseUrl, name, input, method);
  if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.error)}`);
  return r.data as T;
}
