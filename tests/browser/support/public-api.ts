// The public /api/v1 as an upstream system calls it, with the demo API key: browser tests post
// events and read a customer's steps through it while people act in the browser.
export const DEMO_API_KEY = 'octo_demo_key_change_me';

export async function callApi(baseUrl: string, method: string, route: string, body?: unknown) {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
