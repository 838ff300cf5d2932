// Accounts an administrator creates and disables (issue 6, a leaver keeps no access), and their
// passwords, over real HTTP where people meet it: a created account signs in with its initial
// password and must choose its own before anything else answers; a disabled one cannot sign in, its
// open session is signed out at once and the API keys it created stop working; enabled again it
// signs in. A person changes their own password (the current one checked, their other sessions
// ended); an administrator resets someone's (all their sessions ended, a change forced). Refusals
// name the field in the reader's language; only `users.manage` creates, resets and disables.
import { randomUUID } from 'node:crypto';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { appRouter } from '@/server/api/root';
import { createContext } from '@/server/api/trpc';
import { MIN_PASSWORD_LENGTH } from '@/server/auth/password-length';
import { account, auditLog, frontlineTasks, session, user } from '@/server/db/schema';
import { serve } from '@/server/http/node-server';
import { handleAuditExport } from '@/server/http/closed-loop-exports';
import { routePublicApi } from '@/server/http/public-api';
import { verifyAuditChain } from '@/server/services/audit';
import { callerAs } from './support/actors';
import { rejection } from './support/errors';
import { createTestApp, type TestApp } from './support/test-app';
import { freePort } from './support/oidc-provider';

let app: TestApp;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  const port = await freePort();
  app = await createTestApp({ env: { PORT: String(port), BETTER_AUTH_URL: `http://127.0.0.1:${port}` } });
  // The app's routes as Next serves them: better-auth, tRPC with the session cookie, the public API.
  server = await serve(async (req) => {
    const path = new URL(req.url).pathname;
    if (path.startsWith('/api/auth/')) return app.auth.handler(req);
    if (path.startsWith('/api/trpc/')) return fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => createContext(app, req.headers) });
    return routePublicApi(app, req);
  }, port);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await app?.close();
});

const as = (email: string, locale?: 'zh-CN' | 'en') => callerAs(app, email, locale);
const admin = () => as('admin@octoflow.demo');

/**
 * Signs in by password over HTTP: the response, and the session cookie it set. The server allows
 * 10 sign-ins in 10 seconds from one address (server/auth/auth.ts): told to wait, this waits as a
 * person would, and tries again.
 */
async function signIn(email: string, password: string) {
  let res: Response;
  for (let attempt = 1; ; attempt++) {
    res = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 429 || attempt === 3) break;
    await new Promise((resolve) => setTimeout(resolve, (Number(res.headers.get('x-retry-after')) || 10) * 1000 + 200));
  }
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { status: res.status, body: (await res.json()) as { code?: string }, cookie };
}

/** Calls a tRPC procedure over HTTP with this session cookie: the status, and the result or the error. */
async function rpc(cookie: string, path: string, input?: unknown, locale: 'zh-CN' | 'en' = 'en') {
  const headers: Record<string, string> = { cookie, 'accept-language': locale };
  const res =
    input === undefined
      ? await fetch(`${server.url}/api/trpc/${path}`, { headers })
      : await fetch(`${server.url}/api/trpc/${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ json: input }) });
  const body = (await res.json()) as { result?: { data: { json: unknown } }; error?: { json: { message: string; data: { code: string; fields: { path: string[]; message: string }[] } } } };
  return { status: res.status, data: body.result?.data.json, error: body.error?.json };
}

/** Changes the password of the holder of this cookie. */
const changePassword = (cookie: string, currentPassword: string, newPassword: string, locale?: 'zh-CN' | 'en') => rpc(cookie, 'account.changePassword', { currentPassword, newPassword }, locale);

/** A first sign-in with a password an administrator set: signs in and chooses `chosen`; the session's cookie. */
async function firstSignIn(email: string, given: string, chosen: string): Promise<string> {
  const signedIn = await signIn(email, given);
  expect(signedIn.status).toBe(200);
  expect((await changePassword(signedIn.cookie, given, chosen)).status).toBe(200);
  return signedIn.cookie;
}

/** Who the app takes the holder of this cookie for (null: signed out). */
async function me(cookie: string): Promise<{ email: string; role: string } | null> {
  const res = await fetch(`${server.url}/api/trpc/session.me`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: { data: { json: { email: string; role: string } | null } } }).result.data.json;
}

const userRow = async (email: string) => (await app.rt.db.select().from(user).where(eq(user.email, email)))[0];
const userCount = async () => (await app.rt.db.select({ id: user.id }).from(user)).length;

describe('creating an account', () => {
  it('should create an account with a generated password shown once, which signs in over HTTP', async () => {
    const created = await (await admin()).users.create({ email: ' Wang.Fang@Operator.example ', name: '王芳', role: 'frontline', department: 'customer_service', titles: ['坐席'], team: 'hz-callcenter' });
    expect(created).toMatchObject({ email: 'wang.fang@operator.example', name: '王芳', generatedPassword: expect.any(String) });
    const password = created.generatedPassword!;
    expect(password.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);

    const listed = (await (await admin()).users.list()).find((u) => u.id === created.id);
    expect(listed).toMatchObject({ name: '王芳', role: 'frontline', department: 'customer_service', titles: ['坐席'], team: 'hz-callcenter', roleSource: 'manual', disabledAt: null });
    // Stored only as the auth library's hash, and not in the audit entry.
    const [credential] = await app.rt.db.select().from(account).where(eq(account.userId, created.id));
    expect(credential.password).not.toContain(password);
    const [entry] = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.create'), eq(auditLog.entityId, created.id)));
    expect(entry).toMatchObject({ actorEmail: 'admin@octoflow.demo', detail: { email: 'wang.fang@operator.example', role: 'frontline', team: 'hz-callcenter', passwordGenerated: true } });
    expect(JSON.stringify(entry.detail)).not.toContain(password);

    const signedIn = await signIn('wang.fang@operator.example', password);
    expect(signedIn.status).toBe(200);
    // An administrator knows this password: the person must choose their own first (see "passwords").
    expect(await me(signedIn.cookie)).toBeNull();
    expect((await changePassword(signedIn.cookie, password, 'wang-fang-own-1')).status).toBe(200);
    expect(await me(signedIn.cookie)).toMatchObject({ email: 'wang.fang@operator.example', role: 'frontline' });
  });

  it('should create an account with the password the administrator typed, and not return it', async () => {
    const created = await (await admin()).users.create({ email: 'zhao.lei@operator.example', name: '赵磊', role: 'admin', department: 'it_support', password: 'typed-password-1' });
    expect(created.generatedPassword).toBeNull();
    expect((await signIn('zhao.lei@operator.example', 'wrong-password')).status).toBe(401);
    const cookie = await firstSignIn('zhao.lei@operator.example', 'typed-password-1', 'zhao-lei-own-1');
    expect(await me(cookie)).toMatchObject({ role: 'admin' });
  });

  it('should refuse a taken email, a bad email and a short password naming the field, in English and Chinese, and write nothing', async () => {
    const before = await userCount();
    const en = await admin();
    const zh = await as('admin@octoflow.demo', 'zh-CN');
    const base = { name: '李雷', role: 'designer', department: 'market' } as const;

    const taken = await rejection(en.users.create({ ...base, email: 'Designer@octoflow.demo' }));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toBe('email: an account with email designer@octoflow.demo already exists');
    expect((await rejection(zh.users.create({ ...base, email: 'designer@octoflow.demo' }))).message).toBe('邮箱：已有使用邮箱 designer@octoflow.demo 的账号');

    const bad = await rejection(en.users.create({ ...base, email: 'li.lei-at-operator' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toBe('email: must be an email address, such as li.lei@operator.example');
    expect((await rejection(zh.users.create({ ...base, email: 'li.lei-at-operator' }))).message).toBe('email: 须为邮箱地址，例如 li.lei@operator.example');

    const short = await rejection(en.users.create({ ...base, email: 'li.lei@operator.example', password: 'short' }));
    expect(short.message).toBe(`password: must be at least ${MIN_PASSWORD_LENGTH} characters`);
    expect((await rejection(zh.users.create({ ...base, email: 'li.lei@operator.example', password: 'short' }))).message).toBe(`password: 至少需要 ${MIN_PASSWORD_LENGTH} 个字符`);

    // The frontline organisation's checks, as for a change of role.
    expect((await rejection(en.users.create({ ...base, role: 'frontline', email: 'li.lei@operator.example', team: 'no-such-team' }))).message).toBe('team: no team no-such-team');
    expect(await userCount()).toBe(before);
    expect(await userRow('li.lei@operator.example')).toBeUndefined();
  });

  it('should let only one of two simultaneous creations of the same email through', async () => {
    const input = { email: 'twice@operator.example', name: 'Twice', role: 'designer', department: 'market' } as const;
    const results = await Promise.allSettled([(await admin()).users.create(input), (await admin()).users.create(input)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
  });
});

describe('disabling an account', () => {
  it('should sign the person out at once, refuse their sign-in, revoke their API keys and free their calls; enabled again they sign in', async () => {
    const password = 'leaver-password-2';
    const leaver = await (await admin()).users.create({ email: 'leaver@operator.example', name: 'Leaver', role: 'admin', department: 'it_support', password: 'leaver-password-1' });
    const signedIn = { cookie: await firstSignIn('leaver@operator.example', 'leaver-password-1', password) };
    expect(await me(signedIn.cookie)).toMatchObject({ email: 'leaver@operator.example' });
    // An API key they made, working on the public API.
    const { key } = await (await as('leaver@operator.example')).apiKeys.create({ name: 'leaver key', scopes: ['catalog:read'] });
    const products = () => fetch(`${server.url}/api/v1/products`, { headers: { authorization: `Bearer ${key}` } });
    expect((await products()).status).toBe(200);
    // A call they had claimed and a call-back they promised to make themselves.
    const task = (id: string, over: Partial<typeof frontlineTasks.$inferInsert>) => ({
      effectKey: `test-${id}`,
      kind: 'outbound_call',
      customerId: 'C000001',
      campaignId: randomUUID(),
      journeyId: randomUUID(),
      nodeId: 'call',
      script: 'hello',
      dueAt: new Date(Date.now() + 86_400_000),
      createdAt: new Date(),
      ...over,
    });
    const [claimed, callBack] = await app.rt.db
      .insert(frontlineTasks)
      .values([task('claimed', { status: 'claimed', claimedBy: leaver.id, claimedAt: new Date() }), task('call-back', { status: 'open', assignedTo: leaver.id })])
      .returning({ id: frontlineTasks.id });

    const disabled = await (await admin()).users.disable({ userId: leaver.id });
    // Stamped by the server's clock (a test's clock here), as the audit entry is.
    expect(disabled.disabledAt).toEqual(app.clock.now());

    // The open session is signed out on its next request, and no new one is made.
    expect(await me(signedIn.cookie)).toBeNull();
    expect(await app.rt.db.select().from(session).where(eq(session.userId, leaver.id))).toEqual([]);
    const refused = await signIn('leaver@operator.example', password);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ACCOUNT_DISABLED');
    expect(refused.cookie).not.toContain('session_token');
    expect((await products()).status).toBe(401);
    // Their work goes back to the team's queue.
    expect((await app.rt.db.select().from(frontlineTasks).where(eq(frontlineTasks.id, claimed.id)))[0]).toMatchObject({ status: 'open', claimedBy: null });
    expect((await app.rt.db.select().from(frontlineTasks).where(eq(frontlineTasks.id, callBack.id)))[0]).toMatchObject({ status: 'open', assignedTo: null });

    // Still listed, so history keeps the name, marked disabled.
    expect((await (await admin()).users.list()).find((u) => u.id === leaver.id)).toMatchObject({ name: 'Leaver', disabledAt: expect.any(Date) });
    const [entry] = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.disable'), eq(auditLog.entityId, leaver.id)));
    expect(entry).toMatchObject({ actorEmail: 'admin@octoflow.demo', at: expect.any(Date), detail: { email: 'leaver@operator.example', sessionsEnded: 1, frontlineTasksReleased: 2 } });
    expect((entry.detail as { apiKeysRevoked: string[] }).apiKeysRevoked).toHaveLength(1);
    const [refusal] = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.sign_in_refused'), eq(auditLog.entityId, leaver.id)));
    expect(refusal.detail).toMatchObject({ reason: 'disabled', method: 'password' });

    await expect((await admin()).users.disable({ userId: leaver.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await (await admin()).users.enable({ userId: leaver.id });
    const again = await signIn('leaver@operator.example', password);
    expect(again.status).toBe(200);
    expect(await me(again.cookie)).toMatchObject({ email: 'leaver@operator.example', role: 'admin' });
    // The keys they knew stay revoked.
    expect((await products()).status).toBe(401);
    const [enabled] = await app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.enable'), eq(auditLog.entityId, leaver.id)));
    expect(enabled).toMatchObject({ actorEmail: 'admin@octoflow.demo', detail: { email: 'leaver@operator.example' } });
    expect((await verifyAuditChain(app.rt.db)).ok).toBe(true);
  });

  it('should refuse an administrator disabling their own account, in English and Chinese', async () => {
    const adminId = (await userRow('admin@octoflow.demo')).id;
    const en = await rejection((await admin()).users.disable({ userId: adminId }));
    expect(en.code).toBe('PRECONDITION_FAILED');
    expect(en.message).toBe('you cannot disable your own account: ask another administrator');
    expect((await rejection((await as('admin@octoflow.demo', 'zh-CN')).users.disable({ userId: adminId }))).message).toBe('不能停用自己的账号：请由其他管理员操作');
    expect((await userRow('admin@octoflow.demo')).disabledAt).toBeNull();
  });

  it('should let only one of two administrators disabling each other at the same time through', async () => {
    const a = await (await admin()).users.create({ email: 'admin.a@operator.example', name: 'Admin A', role: 'admin', department: 'it_support' });
    const b = await (await admin()).users.create({ email: 'admin.b@operator.example', name: 'Admin B', role: 'admin', department: 'it_support' });
    const results = await Promise.allSettled([(await as('admin.a@operator.example')).users.disable({ userId: b.id }), (await as('admin.b@operator.example')).users.disable({ userId: a.id })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rows = await app.rt.db.select().from(user).where(eq(user.role, 'admin'));
    expect(rows.filter((r) => r.email.startsWith('admin.') && !r.disabledAt)).toHaveLength(1);
  });

  it('should refuse everybody but administrators', async () => {
    const target = (await userRow('designer@octoflow.demo')).id;
    for (const email of ['designer@octoflow.demo', 'approver@octoflow.demo', 'executive@octoflow.demo', 'agent1@octoflow.demo']) {
      const caller = await as(email);
      await expect(caller.users.create({ email: 'x@operator.example', name: 'X', role: 'admin', department: 'market' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller.users.disable({ userId: target })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller.users.enable({ userId: target })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const anonymous = await callerAs(app, null);
    await expect(anonymous.users.disable({ userId: target })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await userRow('x@operator.example')).toBeUndefined();
    expect((await userRow('designer@octoflow.demo')).disabledAt).toBeNull();
  });
});

describe('passwords', () => {
  const sessionsOf = async (userId: string) => app.rt.db.select({ id: session.id }).from(session).where(eq(session.userId, userId));
  const auditOf = async (action: string, userId: string) => app.rt.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, userId)));

  it('should let a new account do nothing but change its password until it has, in English and Chinese', async () => {
    const created = await (await admin()).users.create({ email: 'first.time@operator.example', name: 'First Time', role: 'admin', department: 'it_support', password: 'given-password-1' });
    expect((await (await admin()).users.list()).find((u) => u.id === created.id)).toMatchObject({ mustChangePassword: true, hasPassword: true });
    const { cookie } = await signIn('first.time@operator.example', 'given-password-1');

    // Every procedure refuses, saying why, in the reader's language.
    expect(await me(cookie)).toBeNull();
    const en = await rpc(cookie, 'campaigns.list');
    expect(en.status).toBe(403);
    expect(en.error?.message).toBe('change your password first: an administrator set it, and you must choose your own before anything else');
    expect((await rpc(cookie, 'campaigns.list', undefined, 'zh-CN')).error?.message).toBe('请先修改密码：您的密码由管理员设置，须改为您自己的密码后才能继续');
    // So do the routes the pages download from with the session (the audit export here).
    const auditExport = () => handleAuditExport(app, new Request(`${server.url}/api/audit/export`, { headers: { cookie } }));
    expect((await auditExport()).status).toBe(401);

    // Changed: this session goes on, everything answers, and the flag is gone.
    const changed = await changePassword(cookie, 'given-password-1', 'my-own-password-1');
    expect(changed).toMatchObject({ status: 200, data: { sessionsEnded: 0 } });
    expect(await me(cookie)).toMatchObject({ email: 'first.time@operator.example' });
    expect((await rpc(cookie, 'campaigns.list')).status).toBe(200);
    expect((await auditExport()).status).toBe(200);
    expect((await userRow('first.time@operator.example')).mustChangePassword).toBe(false);
    const [entry] = await auditOf('user.password_change', created.id);
    expect(entry).toMatchObject({ actorEmail: 'first.time@operator.example', detail: { email: 'first.time@operator.example', required: true, sessionsEnded: 0 } });
    expect(JSON.stringify(entry.detail)).not.toMatch(/given-password|my-own-password/);

    // Demo accounts and the seed were never made to change theirs.
    expect((await userRow('designer@octoflow.demo')).mustChangePassword).toBe(false);
  });

  it('should refuse a wrong current password on its field in English and Chinese, and end the person’s other sessions when it is right', async () => {
    await (await admin()).users.create({ email: 'changer@operator.example', name: 'Changer', role: 'approver', department: 'market', password: 'given-password-2' });
    const here = await firstSignIn('changer@operator.example', 'given-password-2', 'changer-own-1');
    const elsewhere = (await signIn('changer@operator.example', 'changer-own-1')).cookie;
    const id = (await userRow('changer@operator.example')).id;
    expect(await sessionsOf(id)).toHaveLength(2);
    const hashBefore = (await app.rt.db.select().from(account).where(eq(account.userId, id)))[0].password;

    const wrong = await changePassword(here, 'not-my-password', 'changer-own-2');
    expect(wrong.status).toBe(400);
    expect(wrong.error?.message).toBe('currentPassword: is not your current password');
    expect(wrong.error?.data.fields).toEqual([{ path: ['currentPassword'], message: 'is not your current password' }]);
    const zh = await changePassword(here, 'not-my-password', 'changer-own-2', 'zh-CN');
    expect(zh.error?.message).toBe('当前密码：与当前密码不符');
    expect(zh.error?.data.fields).toEqual([{ path: ['currentPassword'], message: '与当前密码不符' }]);
    const same = await changePassword(here, 'changer-own-1', 'changer-own-1');
    expect(same.error?.data.fields).toEqual([{ path: ['newPassword'], message: 'must differ from your current password' }]);
    const short = await changePassword(here, 'changer-own-1', 'short');
    expect(short.error?.message).toBe(`newPassword: must be at least ${MIN_PASSWORD_LENGTH} characters`);
    // Nothing changed, and both sessions still work.
    expect((await app.rt.db.select().from(account).where(eq(account.userId, id)))[0].password).toBe(hashBefore);
    expect(await me(elsewhere)).toMatchObject({ email: 'changer@operator.example' });

    expect((await changePassword(here, 'changer-own-1', 'changer-own-2')).data).toEqual({ sessionsEnded: 1 });
    expect(await me(here)).toMatchObject({ email: 'changer@operator.example' });
    expect(await me(elsewhere)).toBeNull();
    expect((await signIn('changer@operator.example', 'changer-own-1')).status).toBe(401);
    expect((await signIn('changer@operator.example', 'changer-own-2')).status).toBe(200);
    const entries = await auditOf('user.password_change', id);
    expect(entries.at(-1)).toMatchObject({ actorEmail: 'changer@operator.example', detail: { required: false, sessionsEnded: 1 } });
    expect(JSON.stringify(entries.map((e) => e.detail))).not.toContain('changer-own');
  });

  it('should reset a password: the old one refused, the one-time one signs in, every session ended, a change forced; API keys keep working', async () => {
    const target = await (await admin()).users.create({ email: 'forgetful@operator.example', name: 'Forgetful', role: 'admin', department: 'it_support', password: 'given-password-3' });
    const first = await firstSignIn('forgetful@operator.example', 'given-password-3', 'forgotten-own-1');
    const second = (await signIn('forgetful@operator.example', 'forgotten-own-1')).cookie;
    const { key } = await (await as('forgetful@operator.example')).apiKeys.create({ name: 'forgetful key', scopes: ['catalog:read'] });
    const products = () => fetch(`${server.url}/api/v1/products`, { headers: { authorization: `Bearer ${key}` } });

    const reset = await (await admin()).users.resetPassword({ userId: target.id });
    expect(reset).toMatchObject({ id: target.id, name: 'Forgetful', generatedPassword: expect.any(String), sessionsEnded: 2 });
    const oneTime = reset.generatedPassword!;
    expect(oneTime.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
    // Signed out everywhere at once; the API key is no session and goes on.
    expect(await me(first)).toBeNull();
    expect(await me(second)).toBeNull();
    expect(await sessionsOf(target.id)).toEqual([]);
    expect((await products()).status).toBe(200);
    expect((await (await admin()).users.list()).find((u) => u.id === target.id)).toMatchObject({ mustChangePassword: true });

    expect((await signIn('forgetful@operator.example', 'forgotten-own-1')).status).toBe(401);
    const { status, cookie } = await signIn('forgetful@operator.example', oneTime);
    expect(status).toBe(200);
    expect((await rpc(cookie, 'users.list')).status).toBe(403);
    expect((await changePassword(cookie, oneTime, 'remembered-own-1')).status).toBe(200);
    expect((await rpc(cookie, 'users.list')).status).toBe(200);

    const [entry] = await auditOf('user.password_reset', target.id);
    expect(entry).toMatchObject({ actorEmail: 'admin@octoflow.demo', detail: { email: 'forgetful@operator.example', passwordGenerated: true, sessionsEnded: 2 } });
    expect(JSON.stringify(entry.detail)).not.toContain(oneTime);
    expect((await auditOf('user.password_change', target.id)).at(-1)).toMatchObject({ detail: { required: true } });

    // A typed one-time password is not returned.
    const typed = await (await admin()).users.resetPassword({ userId: target.id, password: 'typed-one-time-1' });
    expect(typed.generatedPassword).toBeNull();
    expect((await signIn('forgetful@operator.example', 'typed-one-time-1')).status).toBe(200);
    expect((await verifyAuditChain(app.rt.db)).ok).toBe(true);
  });

  it('should refuse resetting one’s own password, a single sign-on account’s, a short one, and to anyone but administrators', async () => {
    const adminId = (await userRow('admin@octoflow.demo')).id;
    const self = await rejection((await admin()).users.resetPassword({ userId: adminId }));
    expect(self.code).toBe('PRECONDITION_FAILED');
    expect(self.message).toBe('you cannot reset your own password: change it from the menu under your name, giving the current one');
    expect((await rejection((await as('admin@octoflow.demo', 'zh-CN')).users.resetPassword({ userId: adminId }))).message).toBe('不能重置自己的密码：请在页面顶部点击您的姓名修改密码（需填写当前密码）');

    // An account that signs in only through single sign-on has no password here, to reset or to change.
    const [sso] = await app.rt.db
      .insert(user)
      .values({ id: randomUUID(), email: 'sso.only@operator.example', name: 'SSO Only', emailVerified: true, role: 'designer', department: 'market', roleSource: 'sso' })
      .returning();
    expect((await (await admin()).users.list()).find((u) => u.id === sso.id)).toMatchObject({ hasPassword: false, mustChangePassword: false });
    const ssoReset = await rejection((await admin()).users.resetPassword({ userId: sso.id }));
    expect(ssoReset.code).toBe('PRECONDITION_FAILED');
    expect(ssoReset.message).toBe('SSO Only (sso.only@operator.example) signs in through single sign-on: their password is managed by the identity provider');
    const ssoChange = await rejection((await as('sso.only@operator.example', 'zh-CN')).account.changePassword({ currentPassword: 'anything-1', newPassword: 'anything-2' }));
    expect(ssoChange.message).toBe('您的账号通过单点登录登录：密码由身份提供方管理，请在那里修改');

    const target = (await userRow('designer@octoflow.demo')).id;
    const short = await rejection((await admin()).users.resetPassword({ userId: target, password: 'short' }));
    expect(short.message).toBe(`password: must be at least ${MIN_PASSWORD_LENGTH} characters`);
    for (const email of ['designer@octoflow.demo', 'approver@octoflow.demo', 'executive@octoflow.demo', 'agent1@octoflow.demo']) {
      await expect((await as(email)).users.resetPassword({ userId: target })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect((await callerAs(app, null)).users.resetPassword({ userId: target })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect((await callerAs(app, null)).account.changePassword({ currentPassword: 'a', newPassword: 'anything-2' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await auditOf('user.password_reset', target)).toEqual([]);
    expect((await signIn('designer@octoflow.demo', 'octoflow-demo')).status).toBe(200);
  });
});
