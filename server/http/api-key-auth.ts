// Bearer API keys for the public /api/v1 routes: the key's hash is checked (cached while every
// change to the keys is heard: a revoked key is refused from the next request in the process that
// revoked it and within moments in every other one, see services/api-keys.ts), then the scope,
// then the key's rate limit.
import type { App } from '../app';
import { findApiKey, type ApiKeyScope } from '../services/api-keys';
import { processRateLimiter } from './rate-limit';
import { problem } from './responses';

export type Scope = ApiKeyScope;

export interface ApiCaller {
  keyId: string;
  name: string;
}

/** The caller, or the refusal to send back: 401 (no/invalid/revoked key), 403 (scope), 429 (rate). */
export async function authenticate(app: App, req: Request, scope: Scope): Promise<ApiCaller | Response> {
  const header = req.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    return problem(401, 'missing API key: send "Authorization: Bearer <api key>"');
  }
  const key = await findApiKey(app.rt.db, match[1]);
  if (!key) return problem(401, 'invalid or revoked API key');
  if (!key.scopes.includes(scope)) return problem(403, `this API key lacks the scope ${scope}`);
  const taken = processRateLimiter().take(key.id, { ratePerSecond: key.ratePerSecond, burst: key.burst });
  if (!taken.ok) {
    return problem(
      429,
      `rate limit of this API key exceeded (${key.ratePerSecond} requests per second, bursts of ${key.burst}); retry after ${taken.retryAfterSeconds} s`,
      { retryAfterSeconds: taken.retryAfterSeconds },
      { 'retry-after': String(taken.retryAfterSeconds) },
    );
  }
  return { keyId: key.id, name: key.name };
}

/** The refusal for a request without a valid key of `scope`, or null to go on. */
export async function requireApiKey(app: App, req: Request, scope: Scope): Promise<Response | null> {
  const caller = await authenticate(app, req, scope);
  return caller instanceof Response ? caller : null;
}
