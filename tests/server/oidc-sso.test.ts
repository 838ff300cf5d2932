// Single sign-on through OpenID Connect (issue 6), end to end over real HTTP: a certified
// OpenID provider on loopback (oidc-provider), the app's better-auth endpoints on another port,
// and the authorization-code flow walked hop by hop: the provider's login and consent pages,
// the callback, the session. Also the refusals: a wrong state, an unmapped user, the provider down.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { toNodeHandler } from 'better-auth/node';
import { readEnv } from '@/server/env';
import { auditLog, user } from '@/server/db/schema';
import { claimValues, mapClaims, accessAfterSsoSignIn } from '@/server/auth/sso-access';
import { ssoButton } from '@/server/auth/sso';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';
import { createTestProvider, freePort, type TestProvider } from './support/oidc-provider';
import { CookieJar, location, send } from './support/http-client';

const ROLE_MAP = {
  'octoflow-admins': { role: 'admin', department: 'it_support' },
  'octoflow-market-approvers': { role: 'approver', department: 'market' },
  'octoflow-agents': { role: 'frontline', department: 'customer_service', team: 'hz-callcenter' },
};

let app: TestApp;
let provider: TestProvider;
let server: http.Server;
let appBase: string;
/** Everything the process wrote to the console or its output streams while the tests ran. */
const written: string[] = [];

function captureOutput() {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      written.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack} ${JSON.stringify(a.cause ?? null)}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      original(...args);
    };
  }
}

beforeAll(async () => {
  captureOutput();
  const appPort = await freePort();
  appBase = `http://127.0.0.1:${appPort}`;
  provider = await createTestProvider({
    port: await freePort(),
    redirectUri: `${appBase}/api/auth/callback/oidc`,
    people: {
      alice: { email: 'alice@operator.example', name: 'Alice Approver', groups: ['staff', 'octoflow-market-approvers'] },
      bob: { email: 'bob@operator.example', name: 'Bob Unmapped', groups: ['staff'] },
      carol: { email: 'carol@operator.example', name: 'Carol Agent', groups: ['octoflow-agents'] },
      demo: { email: 'executive@octoflow.demo', name: 'Executive', groups: ['staff'] },
    },
  });
  await provider.start();
  app = await createTestApp({
    env: {
      PORT: String(appPort),
      BETTER_AUTH_URL: appBase,
      OCTOFLOW_OIDC_ISSUER: provider.issuer,
      OCTOFLOW_OIDC_CLIENT_ID: provider.clientId,
      OCTOFLOW_OIDC_CLIENT_SECRET: provider.clientSecret,
      OCTOFLOW_OIDC_NAME: 'Staff SSO',
      OCTOFLOW_OIDC_SCOPES: 'openid profile email groups',
      OCTOFLOW_OIDC_ROLE_MAP: JSON.stringify(ROLE_MAP),
    },
  });
  server = http.createServer(toNodeHandler(app.auth));
  await new Promise<void>((resolve) => server.listen(appPort, '127.0.0.1', resolve));
}, 180_000);

afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve));
  await provider?.stop().catch(() => {});
  await app?.close();
});

interface Started {
  jar: CookieJar;
  /** The authorization request the app sent the browser to. */
  authorizeUrl: URL;
}

/** The sign-in page's button: ask the app where to go. */
async function startSignIn(jar = new CookieJar()) {
  const res = await send(jar, `${appBase}/api/auth/sign-in/social`, {
    json: { provider: 'oidc', callbackURL: '/campaigns', errorCallbackURL: '/sign-in' },
    origin: appBase,
  });
  return { jar, res };
}

/** Follows the provider's pages (login, then consent) as a person would, up to the redirect back. */
async function throughProvider({ jar, authorizeUrl }: Started, login: string): Promise<string> {
  let url = authorizeUrl.toString();
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(appBase)) return url;
    const res = await send(jar, url);
    if (res.status >= 300 && res.status < 400) {
      url = location(res, url);
      continue;
    }
    const html = await res.text();
    expect(res.status, html).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on the provider's page ${url}:\n${html.slice(0, 500)}`);
    const target = new URL(action, url).toString();
    const isLogin = html.includes('name="login"');
    const submitted = await send(jar, target, { form: isLogin ? { prompt: 'login', login, password: 'any password' } : { prompt: 'consent' } });
    url = location(submitted, target);
  }
  throw new Error('the provider did not send the browser back');
}

/** The whole sign-in; returns where the app finally sends the browser, and the jar. */
async function signInAs(login: string) {
  const { jar, res } = await startSignIn();
  expect(res.status).toBe(200);
  const { url } = (await res.json()) as { url: string };
  const callback = await throughProvider({ jar, authorizeUrl: new URL(url) }, login);
  const back = await send(jar, callback);
  return { jar, callback, back, landing: back.status === 302 ? location(back, callback) : null };
}

async function sessionOf(jar: CookieJar) {
  const res = await send(jar, `${appBase}/api/auth/get-session`);
  return (await res.json()) as { user: { email: string; role: string; department: string; team: string | null } } | null;
}

async function auditFor(email: string, action: string) {
  return app.rt.db.select().from(auditLog).where(and(eq(auditLog.actorEmail, email), eq(auditLog.action, action)));
}

describe('single sign-on through OpenID Connect', () => {
  it('should send the browser to the provider with PKCE (S256), a state and a nonce', async () => {
    const { res } = await startSignIn();
    expect(res.status).toBe(200);
    const url = new URL(((await res.json()) as { url: string }).url);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe(provider.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(`${appBase}/api/auth/callback/oidc`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(16);
    expect(url.searchParams.get('nonce')?.length).toBeGreaterThanOrEqual(16);
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'groups']));
  });

  it('should sign a mapped user in through the provider\'s login and consent pages, with the mapped role', async () => {
    const { jar, landing } = await signInAs('alice');
    expect(landing).toBe(`${appBase}/campaigns`);
    const session = await sessionOf(jar);
    expect(session?.user).toMatchObject({ email: 'alice@operator.example', role: 'approver', department: 'market' });
    const [row] = await app.rt.db.select().from(user).where(eq(user.email, 'alice@operator.example'));
    expect(row).toMatchObject({ name: 'Alice Approver', role: 'approver', department: 'market', roleSource: 'sso' });
  });

  it('should give frontline staff their team from the mapping', async () => {
    const { jar, landing } = await signInAs('carol');
    expect(landing).toBe(`${appBase}/campaigns`);
    expect((await sessionOf(jar))?.user).toMatchObject({ role: 'frontline', department: 'customer_service', team: 'hz-callcenter' });
  });

  it('should audit an SSO sign-in like a password sign-in, saying it came through the provider', async () => {
    const [entry] = await auditFor('alice@operator.example', 'auth.sign_in');
    expect(entry?.detail).toMatchObject({ method: 'sso', provider: 'oidc', subject: 'alice' });
    expect(entry?.entityType).toBe('user');
    const password = await app.auth.api.signInEmail({ body: { email: 'designer@octoflow.demo', password: 'octoflow-demo' } });
    expect(password.user.email).toBe('designer@octoflow.demo');
    const [pw] = await auditFor('designer@octoflow.demo', 'auth.sign_in');
    expect(pw?.detail).toMatchObject({ method: 'password' });
  });

  it('should refuse an unmapped user until an administrator assigns a role', async () => {
    const refused = await signInAs('bob');
    expect(refused.landing).not.toBeNull();
    const to = new URL(refused.landing!);
    expect(to.pathname).toBe('/sign-in');
    expect(to.searchParams.get('error')).toBe('SSO_NO_ROLE');
    expect(await sessionOf(refused.jar)).toBeNull();
    const [row] = await app.rt.db.select().from(user).where(eq(user.email, 'bob@operator.example'));
    expect(row).toMatchObject({ role: 'pending', roleSource: null });
    expect(await auditFor('bob@operator.example', 'auth.sign_in_refused')).toHaveLength(1);
    expect(await auditFor('bob@operator.example', 'auth.sign_in')).toHaveLength(0);
    // The address bar carries a reason code, never who was refused; the server log says who by id.
    expect(refused.landing).not.toMatch(/bob|operator\.example|%40/i);
    expect([null, 'SSO_NO_ROLE']).toContain(to.searchParams.get('error_description'));
    expect(written.some((line) => line.includes(`account ${row.id} has no role`))).toBe(true);
    expect(written.filter((line) => line.includes('bob@operator.example'))).toEqual([]);

    // An administrator assigns a role; the provider still maps nothing, and the assignment stands.
    await app.rt.db.update(user).set({ role: 'designer', department: 'customer_service' }).where(eq(user.email, 'bob@operator.example'));
    const again = await signInAs('bob');
    expect(again.landing).toBe(`${appBase}/campaigns`);
    expect((await sessionOf(again.jar))?.user).toMatchObject({ role: 'designer', department: 'customer_service' });
  });

  it('should follow the provider when it moves a user, and withdraw a role it no longer maps', async () => {
    provider.people.get('alice')!.groups = ['staff', 'octoflow-admins'];
    const moved = await signInAs('alice');
    expect((await sessionOf(moved.jar))?.user).toMatchObject({ role: 'admin', department: 'it_support' });

    provider.people.get('alice')!.groups = ['staff'];
    const removed = await signInAs('alice');
    expect(new URL(removed.landing!).searchParams.get('error')).toBe('SSO_NO_ROLE');
    expect(await sessionOf(removed.jar)).toBeNull();
    const changes = await auditFor('alice@operator.example', 'auth.sso_access');
    expect(changes.map((c) => (c.detail as { to: { role: string } }).to.role)).toEqual(['admin', 'pending']);
    provider.people.get('alice')!.groups = ['octoflow-market-approvers'];
  });

  it('should keep a role an administrator set by hand over the provider\'s mapping on the next sign-in', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const carol = (await admin.users.list()).find((u) => u.email === 'carol@operator.example')!;
    expect(carol).toMatchObject({ role: 'frontline', roleSource: 'sso' });
    await admin.users.setAccess({ userId: carol.id, role: 'designer', department: 'market', titles: [] });
    const again = await signInAs('carol');
    expect(again.landing).toBe(`${appBase}/campaigns`);
    expect((await sessionOf(again.jar))?.user).toMatchObject({ role: 'designer', department: 'market' });
    expect((await admin.users.list()).find((u) => u.id === carol.id)).toMatchObject({ role: 'designer', roleSource: 'manual' });
    expect(await auditFor('carol@operator.example', 'auth.sso_access')).toHaveLength(0);
  });

  it('should keep the role of an existing password account that signs in through the provider', async () => {
    const { jar, landing } = await signInAs('demo');
    expect(landing).toBe(`${appBase}/campaigns`);
    expect((await sessionOf(jar))?.user).toMatchObject({ email: 'executive@octoflow.demo', role: 'executive', department: 'head_office' });
  });

  it('should refuse a disabled account at the provider\'s sign-in and end its open session, until it is enabled again', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const open = await signInAs('carol');
    expect((await sessionOf(open.jar))?.user).toMatchObject({ email: 'carol@operator.example' });
    const carol = (await admin.users.list()).find((u) => u.email === 'carol@operator.example')!;
    await admin.users.disable({ userId: carol.id });
    expect(await sessionOf(open.jar)).toBeNull();
    const refused = await signInAs('carol');
    const to = new URL(refused.landing!);
    expect(to.pathname).toBe('/sign-in');
    expect(to.searchParams.get('error')).toBe('ACCOUNT_DISABLED');
    expect(await sessionOf(refused.jar)).toBeNull();
    expect((await auditFor('carol@operator.example', 'auth.sign_in_refused')).map((e) => e.detail)).toContainEqual({ reason: 'disabled', method: 'sso' });
    await admin.users.enable({ userId: carol.id });
    expect((await signInAs('carol')).landing).toBe(`${appBase}/campaigns`);
  });

  it('should refuse a callback whose state does not match the sign-in this browser started', async () => {
    const { jar, res } = await startSignIn();
    const { url } = (await res.json()) as { url: string };
    const callback = new URL(await throughProvider({ jar, authorizeUrl: new URL(url) }, 'alice'));
    callback.searchParams.set('state', 'forged-state-value-0123456789');
    const back = await send(jar, callback.toString());
    expect(back.status).toBe(302);
    const to = new URL(location(back, callback.toString()));
    expect(to.pathname).toBe('/sign-in');
    expect(to.searchParams.get('error')).toMatch(/^state_/);
    expect(await sessionOf(jar)).toBeNull();
  });

  it('should refuse a callback replayed from another browser (the state is bound to the browser that started it)', async () => {
    const started = await startSignIn();
    const { url } = (await started.res.json()) as { url: string };
    const callback = await throughProvider({ jar: started.jar, authorizeUrl: new URL(url) }, 'alice');
    const other = new CookieJar();
    const back = await send(other, callback);
    expect(new URL(location(back, callback)).searchParams.get('error')).toMatch(/^state_/);
    expect(await sessionOf(other)).toBeNull();
  });

  it('should refuse to accept an ID token posted by a client instead of the code flow', async () => {
    const res = await send(new CookieJar(), `${appBase}/api/auth/sign-in/social`, {
      json: { provider: 'oidc', idToken: { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.' } },
      origin: appBase,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('SSO_ID_TOKEN_REFUSED');
  });

  it('should say the provider cannot be reached instead of sending the browser to a dead page', async () => {
    await provider.stop();
    try {
      const { res } = await startSignIn();
      expect(res.status).toBe(503);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe('SSO_UNREACHABLE');
      expect(body.message).toContain('Staff SSO');
    } finally {
      await provider.start();
    }
  });

  it('should send the browser back to the sign-in page when the provider goes down during the sign-in', async () => {
    const { jar, res } = await startSignIn();
    const { url } = (await res.json()) as { url: string };
    const callback = await throughProvider({ jar, authorizeUrl: new URL(url) }, 'alice');
    await provider.stop();
    try {
      const back = await send(jar, callback);
      expect(back.status).toBe(302);
      const to = new URL(location(back, callback));
      expect(to.pathname).toBe('/sign-in');
      expect(to.searchParams.get('error')).toBe('invalid_code');
      expect(await sessionOf(jar)).toBeNull();
    } finally {
      await provider.start();
    }
  });

  it('should never write the client secret to the log', () => {
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((line) => line.includes(provider.clientSecret))).toEqual([]);
  });
});

describe('single sign-on settings', () => {
  const base = { OCTOFLOW_OIDC_ISSUER: 'https://sso.operator.example/realms/staff', OCTOFLOW_OIDC_CLIENT_ID: 'octoflow', OCTOFLOW_OIDC_CLIENT_SECRET: 's3cret' };

  it('should be off when nothing is set, and need issuer, client id and secret together', () => {
    expect(ssoButton(readEnv({}))).toBeNull();
    expect(ssoButton(readEnv({ ...base, OCTOFLOW_OIDC_NAME: 'Staff SSO' }))).toEqual({ name: 'Staff SSO' });
    expect(() => readEnv({ OCTOFLOW_OIDC_ISSUER: base.OCTOFLOW_OIDC_ISSUER, OCTOFLOW_OIDC_CLIENT_ID: 'octoflow' })).toThrow(
      /OCTOFLOW_OIDC_CLIENT_SECRET: is required for single sign-on when OCTOFLOW_OIDC_ISSUER and OCTOFLOW_OIDC_CLIENT_ID are set/,
    );
  });

  it('should refuse a plain-http issuer other than loopback, and scopes without openid', () => {
    expect(() => readEnv({ ...base, OCTOFLOW_OIDC_ISSUER: 'http://sso.operator.example' })).toThrow(/OCTOFLOW_OIDC_ISSUER: must be an https URL/);
    expect(readEnv({ ...base, OCTOFLOW_OIDC_ISSUER: 'http://127.0.0.1:9000/' }).OCTOFLOW_OIDC_ISSUER).toBe('http://127.0.0.1:9000');
    expect(() => readEnv({ ...base, OCTOFLOW_OIDC_SCOPES: 'profile email' })).toThrow(/OCTOFLOW_OIDC_SCOPES: must include openid/);
  });

  it('should name the mapping entry and field that is wrong', () => {
    expect(() => readEnv({ ...base, OCTOFLOW_OIDC_ROLE_MAP: '{"approvers":{"role":"boss","department":"market"}}' })).toThrow(/OCTOFLOW_OIDC_ROLE_MAP: .*approvers\.role: Invalid option: expected one of "designer"\|"approver"/);
    expect(() => readEnv({ ...base, OCTOFLOW_OIDC_ROLE_MAP: '{not json' })).toThrow(/OCTOFLOW_OIDC_ROLE_MAP: must be JSON/);
    expect(() => readEnv({ ...base, OCTOFLOW_OIDC_DEFAULT_ACCESS: '{"role":"designer"}' })).toThrow(/OCTOFLOW_OIDC_DEFAULT_ACCESS: .*department/);
  });

  it('should not put the client secret in a settings error', () => {
    try {
      readEnv({ ...base, OCTOFLOW_OIDC_CLIENT_SECRET: 'a-very-secret-value', OCTOFLOW_OIDC_ISSUER: 'not a url' });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).toContain('OCTOFLOW_OIDC_ISSUER');
      expect(String(err)).not.toContain('a-very-secret-value');
    }
  });
});

describe('claim mapping', () => {
  it('should read a claim at a dotted path, as a list or a space-separated string', () => {
    expect(claimValues({ realm_access: { roles: ['a', 'b', 3] } }, 'realm_access.roles')).toEqual(['a', 'b']);
    expect(claimValues({ groups: 'a b,c' }, 'groups')).toEqual(['a', 'b', 'c']);
    expect(claimValues({ groups: { a: 1 } }, 'groups')).toEqual([]);
    expect(claimValues({}, 'groups')).toEqual([]);
  });

  it('should take the first entry of the map the user holds', () => {
    const map = { admins: { role: 'admin' as const, department: 'it_support' as const }, staff: { role: 'designer' as const, department: 'market' as const } };
    expect(mapClaims(['staff', 'admins'], map)?.access.role).toBe('admin');
    expect(mapClaims(['other'], map)).toBeNull();
  });

  it('should give a new unmapped user the default access when one is configured', () => {
    expect(accessAfterSsoSignIn(null, null, { role: 'designer', department: 'market' })).toMatchObject({ role: 'designer', roleSource: null });
    expect(accessAfterSsoSignIn(null, null, null)).toMatchObject({ role: 'pending' });
  });
});
