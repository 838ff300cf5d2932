// Bearer API keys for the public /api/v1 routes, checked against the stored hash and scope.
import type { App } from '../app';
import { findApiKey } from '../services/api-keys';
import { problem } from './responses';

export type Scope = 'events:write' | 'customers:read';

export async function requireApiKey(app: App, req: Request, scope: Scope): Promise<Response | null> {
  const header = req.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    return problem(401, 'missing API key: send "Authorization: Bearer <api key>"');
  }
  const key = await findApiKey(app.rt.db, match[1]);
  if (!key) return problem(401, 'invalid or revoked API key');
  if (!key.scopes.includes(scope)) return problem(403, `this API key lacks the scope ${scope}`);
  return null;
}
