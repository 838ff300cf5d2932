// The import page's upload: the same streamed import as the partner API, authorised by the
// signed-in administrator's session instead of an API key.
import type { App } from '../app';
import { createContext } from '../api/trpc';
import { can } from '../auth/permissions';
import { ImportKind, ImportMode, runImport } from '../services/customer-import';
import { importResponse } from './partner-api';
import { problem } from './responses';

export async function handleAdminImport(app: App, req: Request, kindText: string): Promise<Response> {
  const { actor } = await createContext(app, req.headers);
  if (!actor) return problem(401, 'sign in first');
  if (!can(actor.role, 'imports.run')) return problem(403, `your role (${actor.role}) may not import customer data`);
  const kind = ImportKind.safeParse(kindText);
  if (!kind.success) return problem(404, `no import of ${kindText}: use customers or subscriptions`);
  const url = new URL(req.url);
  const mode = ImportMode.safeParse(url.searchParams.get('mode') ?? 'partial');
  if (!mode.success) return problem(400, 'mode: expected partial or all_or_nothing');
  if (!req.body) return problem(400, 'body: the CSV file is missing');
  const report = await runImport(app.rt, req.body as unknown as AsyncIterable<Uint8Array>, {
    kind: kind.data,
    mode: mode.data,
    fileName: url.searchParams.get('fileName') ?? `${kind.data}.csv`,
    actor: actor.email,
  });
  return importResponse(report);
}
