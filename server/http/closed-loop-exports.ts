// CSV downloads of the closed loop (issue 6), for signed-in users whose role may read them:
// GET /api/audit/export?actor=&action=&entityType=&entityId=&from=&to= (audit.read) and
// GET /api/campaigns/:id/evaluation (campaign.read).
import type { App } from '../app';
import { createContext } from '../api/trpc';
import { AuditFilterInput } from '../api/routers/audit';
import { can, type Permission } from '../auth/permissions';
import { exportAuditCsv } from '../services/audit';
import { ServiceError } from '../services/errors';
import { evaluateCampaign, evaluationCsv } from '../services/evaluation';

const json = (status: number, error: string) =>
  new Response(JSON.stringify({ error }), { status, headers: { 'content-type': 'application/json' } });

async function refuse(app: App, req: Request, permission: Permission): Promise<Response | null> {
  const { actor } = await createContext(app, req.headers);
  if (!actor) return json(401, 'sign in first');
  if (!can(actor.role, permission)) return json(403, `your role (${actor.role}) may not ${permission}`);
  return null;
}

const csv = (body: string, filename: string) =>
  // A byte-order mark so spreadsheet programs read the Chinese text as UTF-8.
  new Response(`\uFEFF${body}`, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
  });

export async function handleAuditExport(app: App, req: Request): Promise<Response> {
  const refused = await refuse(app, req, 'audit.read');
  if (refused) return refused;
  const params = Object.fromEntries([...new URL(req.url).searchParams].filter(([, v]) => v !== ''));
  const filter = AuditFilterInput.safeParse(params);
  if (!filter.success) return json(400, filter.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return csv(await exportAuditCsv(app.rt.db, filter.data), 'octoflow-audit.csv');
}

export async function handleEvaluationExport(app: App, req: Request, campaignId: string): Promise<Response> {
  const refused = await refuse(app, req, 'campaign.read');
  if (refused) return refused;
  if (!/^[0-9a-f-]{36}$/i.test(campaignId)) return json(400, 'id: not a campaign id');
  try {
    return csv(evaluationCsv(await evaluateCampaign(app.rt.db, campaignId)), `octoflow-evaluation-${campaignId}.csv`);
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'NOT_FOUND') return json(404, err.message);
    throw err;
  }
}
