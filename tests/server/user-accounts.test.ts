// Accounts an administrator creates and disables (issue 6, a leaver keeps no access), over real
// HTTP where people meet it: a created account signs in with its initial password; a disabled one
// cannot sign in, its open session is signed out at once and the API keys it created stop working;
// enabled again it signs in. Refusals name the field in the reader's language; only `users.manage`.
import { randomUUID } from 'node:crypto';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { appRouter } from '@/server/api/root';
import { createContext } from '@/server/api/trpc';
import { MIN_PASSWORD_LENGTH } from '@/server/auth/password-length';
import { account, auditLog, frontlineTasks, session, user } from '@/server/db/schema';
import { serve } from '@/server/http/node-server';
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

/** Signs in by password over HTTP: the response, and the session cookie it set. */
async function signIn(email: string, password: string) {
  const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { status: res.status, body: (await res.json()) as { code?: string }, cookie };
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
    expect(await me(signedIn.cookie)).toMatchObject({ email: 'wang.fang@operator.example', role: 'frontline' });
  });

  it('should create an account with the password the administrator typed, and not return it', async () => {
    const created = await (await admin()).users.create({ email: 'zhao.lei@operator.example', name: '赵磊', role: 'admin', department: 'it_support', password: 'typed-password-1' });
    expect(created.generatedPassword).toBeNull();
    expect((await signIn('zhao.lei@operator.example', 'wrong-password')).status).toBe(401);
    const signedIn = await signIn('zhao.lei@operator.example', 'typed-password-1');
    expect(signedIn.status).toBe(200);
    expect(await me(signedIn.cookie)).toMatchObject({ role: 'admin' });
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
    const password = 'leaver-password-1';
    const leaver = await (await admin()).users.create({ email: 'leaver@operator.example', name: 'Leaver', role: 'admin', department: 'it_support', password });
    const signedIn = await signIn('leaver@operator.example', password);
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
    expect(disabled.disabledAt).toBeInstanceOf(Date);

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
