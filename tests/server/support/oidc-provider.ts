// A real OpenID Connect provider on loopback for the single sign-on tests: panva's certified
// oidc-provider with its development login and consent pages (any login name, any password).
// PKCE is required of every client, so a flow without it fails at the provider.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import Provider from 'oidc-provider';

export { freePort } from '../../browser/support/server';

export interface TestPerson {
  email: string;
  name: string;
  groups: string[];
  emailVerified?: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Login name -> person; change a person's groups between sign-ins to move them. */
  people: Map<string, TestPerson>;
  start(): Promise<void>;
  /** Stops answering (connections refused) until start() again. */
  stop(): Promise<void>;
}

export async function createTestProvider(opts: { port: number; redirectUri: string; people: Record<string, TestPerson>; clientSecret?: string }): Promise<TestProvider> {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const clientId = 'octoflow-test';
  const clientSecret = opts.clientSecret ?? `test-client-secret-${randomUUID()}-never-logged`;
  const people = new Map(Object.entries(opts.people));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    scopes: ['openid', 'profile', 'email', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-cookie-key-not-a-secret'] },
    async findAccount(_ctx, id) {
      const person = people.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, email: person.email, email_verified: person.emailVerified ?? true, name: person.name, groups: person.groups }),
      };
    },
  });
  // Quiet: the development-only warnings go to the console otherwise.
  provider.on('server_error', () => {});
  const server = http.createServer(provider.callback());
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    people,
    start: () => new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, '127.0.0.1', () => resolve());
    }),
    stop: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
