// The permission matrix, generated: every tRPC procedure of the app router is called by every
// role and by an anonymous caller, and every public HTTP route with an API key of every scope.
// Access that the permission table (server/auth/permissions.ts) does not grant fails the test,
// and so does a procedure that names no capability without being listed as public here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import { can, canOpenPage, type Permission } from '@/server/auth/permissions';
import { API_KEY_SCOPES, type ApiKeyScope } from '@/server/auth/api-scopes';
import { Role } from '@/server/auth/roles';
import { routePublicApi } from '@/server/http/public-api';
import { drainRuntime } from '@/server/runtime/workers';
import { createApiKey } from '@/server/services/api-keys';
import { demoAccounts } from '@/server/services/demo';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

/** Procedures anyone may call, signed in or not. */
const PUBLIC = new Set(['session.me']);

type AnyProcedure = { _def: { meta?: { permission?: Permission }; type: string } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>).map(([path, p]) => ({
  path,
  permission: p._def.meta?.permission,
}));

/** One demo account per role. */
const accountOf = (role: string) => demoAccounts.find((a) => a.role === role)!.email;

async function call(email: string | null, path: string): Promise<string> {
  const caller = (await callerAs(app, email)) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [ns, name] = path.split('.');
  try {
    // A minimal, invalid input: a refused caller must be refused before the input is read.
    await caller[ns][name]({ __permissionProbe: true, id: 'not-a-uuid' });
    return 'OK';
  } catch (err) {
    const e = err as { code?: string; message?: string };
    // The role check's own refusal (server/api/trpc.ts) is told apart from a service refusing one
    // record (e.g. a frontline clerk without a shop, another department's campaign).
    if (e.code === 'FORBIDDEN' && /^your role \(\w+\) may not /.test(e.message ?? '')) return 'ROLE_FORBIDDEN';
    return e.code ?? 'ERROR';
  }
}

describe('tRPC procedures', () => {
  it('should name a capability for every procedure that is not public', () => {
    expect(procedures.length).toBeGreaterThan(20);
    const unnamed = procedures.filter((p) => !p.permission && !PUBLIC.has(p.path)).map((p) => p.path);
    expect(unnamed).toEqual([]);
  });

  for (const role of Role.options) {
    it(`should give the ${role} exactly what the permission table grants`, async () => {
      const email = accountOf(role);
      const wrong: string[] = [];
      for (const p of procedures) {
        if (PUBLIC.has(p.path)) continue;
        const code = await call(email, p.path);
        const allowed = can(role, p.permission!);
        if (allowed && (code === 'ROLE_FORBIDDEN' || code === 'UNAUTHORIZED')) {
          wrong.push(`${p.path}: ${role} refused (${code}) though ${p.permission} grants it`);
        }
        if (!allowed && code !== 'ROLE_FORBIDDEN') wrong.push(`${p.path}: ${role} got ${code}, expected FORBIDDEN (${p.permission})`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('should refuse anonymous callers everything but the public procedures', async () => {
    const wrong: string[] = [];
    for (const p of procedures) {
      const code = await call(null, p.path);
      if (PUBLIC.has(p.path) ? code === 'UNAUTHORIZED' : code !== 'UNAUTHORIZED') wrong.push(`${p.path}: anonymous got ${code}`);
    }
    expect(wrong).toEqual([]);
  });
});

// Agents' shops are external partners and see masked numbers (docs/frontline.md): no frontline
// account reads the customer directory; each works the customers of their own tasks through the
// workbench, which needs nothing beyond frontline.work, frontline.report and the catalogue's names.
describe('the customer directory and frontline staff', () => {
  const FRONTLINE = ['agent1', 'agent2', 'clerk', 'partner'].map((n) => `${n}@octoflow.demo`);

  it('should refuse every frontline account, the partner shop among them, the customers pages and procedures', async () => {
    expect(canOpenPage('frontline', '/customers')).toBe(false);
    expect(canOpenPage('frontline', '/customers/[id]')).toBe(false);
    for (const email of FRONTLINE) {
      const caller = await callerAs(app, email);
      await expect(caller.customers.list({}), email).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'your role (frontline) may not customer.read' });
      await expect(caller.customers.get({ id: 'C000980' }), email).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller.products.subscriptions({ customerId: 'C000980' }), email).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    // The roles that plan, approve and evaluate campaigns keep it.
    expect((await (await callerAs(app, 'executive@octoflow.demo')).customers.get({ id: 'C000980' })).customer.id).toBe('C000980');
  });

  it('should leave the workbench working for each of them without the directory', async () => {
    await drainRuntime(app.rt); // the demo's seeded touchpoint events become open tasks
    const month = app.clock.now().toISOString().slice(0, 7);
    for (const email of FRONTLINE) {
      const caller = await callerAs(app, email);
      expect((await caller.frontline.statement({ month })).month, email).toBe(month);
      expect((await caller.session.catalog()).tags.find((f) => f.name === 'plan')?.valueLabels, email).toBeTruthy();
      expect(Array.isArray((await caller.notifications.list()).items), email).toBe(true);
    }
    const agent = await callerAs(app, 'agent1@octoflow.demo');
    expect((await agent.frontline.caller({ query: 'C000980' })).customer).toMatchObject({ id: 'C000980', msisdn: expect.stringMatching(/^\d{11}$/) });
    expect((await agent.frontline.queue()).team?.id).toBe('hz-callcenter');
    const partner = await callerAs(app, 'partner@octoflow.demo');
    const shop = await partner.frontline.opportunities();
    expect(shop.shop.kind).toBe('agent');
    expect(shop.opportunities.length).toBeGreaterThan(0);
    for (const o of [...shop.opportunities, ...shop.expired]) expect(o.msisdn).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect((await (await callerAs(app, 'clerk@octoflow.demo')).frontline.opportunities()).shop.id).toBe('HZ-WL-01');
  });

  it('should keep the caller lookup, which reads any customer, to call-centre agents', async () => {
    for (const email of ['clerk@octoflow.demo', 'partner@octoflow.demo']) {
      await expect((await callerAs(app, email)).frontline.caller({ query: 'C000980' }), email).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/^looking up a caller is for call-centre agents/),
      });
    }
    await expect((await callerAs(app, 'partner@octoflow.demo', 'zh-CN')).frontline.caller({ query: '13817760620' })).rejects.toThrow('来电查询仅供呼叫中心坐席使用');
  });
});

/** Every route of the public HTTP API with the scope it requires (server/http/). */
const ROUTES: [method: string, path: string, scope: ApiKeyScope][] = [
  ['POST', '/api/v1/events', 'events:write'],
  ['GET', '/api/v1/customers/C000001/steps', 'customers:read'],
  ['PATCH', '/api/v1/customers/C000001/tags', 'customers:write'],
  ['GET', '/api/v1/customers/C000001/offers', 'offers:read'],
  ['GET', '/api/v1/offers?msisdn=13800000000', 'offers:read'],
  ['GET', '/api/v1/customers/C000001/subscriptions', 'customers:read'],
  ['POST', '/api/v1/imports/customers', 'imports:write'],
  ['GET', '/api/v1/imports/00000000-0000-4000-8000-000000000000', 'imports:write'],
  ['POST', '/api/v1/enrolments', 'enrolments:write'],
  ['POST', '/api/v1/outcomes', 'outcomes:write'],
  ['GET', '/api/v1/tags', 'catalog:read'],
  ['GET', '/api/v1/event-types', 'catalog:read'],
  ['GET', '/api/v1/products', 'catalog:read'],
];

describe('HTTP API routes', () => {
  it('should accept each route only with a key of its scope', async () => {
    const keys = new Map<string, string>();
    for (const scope of API_KEY_SCOPES) keys.set(scope, (await createApiKey(app.rt.db, `probe ${scope}`, [scope])).key);
    const wrong: string[] = [];
    for (const [method, path, needed] of ROUTES) {
      const send = (key?: string) =>
        routePublicApi(
          app,
          new Request(`http://localhost${path}`, {
            method,
            headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
            body: method === 'GET' ? undefined : '{}',
          }),
        );
      const anon = await send();
      if (anon.status !== 401) wrong.push(`${method} ${path} without a key: ${anon.status}`);
      for (const scope of API_KEY_SCOPES) {
        const res = await send(keys.get(scope));
        if (scope === needed ? [401, 403].includes(res.status) : res.status !== 403) {
          wrong.push(`${method} ${path} with ${scope}: ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
