// A minimal browser over real HTTP for the sign-on tests: cookies per origin, redirects followed
// by hand so a test sees (and can tamper with) every hop.

let browsers = 0;

export class CookieJar {
  private jars = new Map<string, Map<string, string>>();
  /** Each browser comes from its own address (sent as X-Forwarded-For), as different people would. */
  readonly ip = `10.0.${Math.floor(++browsers / 250)}.${(browsers % 250) + 1}`;

  header(url: string): string {
    const jar = this.jars.get(new URL(url).origin);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  store(url: string, res: Response) {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    this.jars.set(origin, jar);
  }

  names(origin: string): string[] {
    return [...(this.jars.get(origin)?.keys() ?? [])];
  }
}

export async function send(jar: CookieJar, url: string, init: { method?: string; form?: Record<string, string>; json?: unknown; origin?: string } = {}) {
  const headers: Record<string, string> = { 'x-forwarded-for': jar.ip };
  const cookie = jar.header(url);
  if (cookie) headers.cookie = cookie;
  if (init.origin) headers.origin = init.origin;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
  jar.store(url, res);
  return res;
}

/** Where a redirect goes, as an absolute URL. */
export function location(res: Response, from: string): string {
  const to = res.headers.get('location');
  if (!to) throw new Error(`expected a redirect from ${from}, got ${res.status}`);
  return new URL(to, from).toString();
}
