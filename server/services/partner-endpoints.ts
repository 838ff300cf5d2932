// Partner endpoints administered in the UI (issue 8): the URL a flow's webhook node reaches and
// the secret that signs each request. URLs must pass the operator's allow-list (the hosts in
// OCTOFLOW_WEBHOOK_ALLOW_HOSTS, an ops decision administrators cannot widen); secrets are sealed
// with AES-256-GCM before they reach the database, shown to the administrator once (when set) and
// never again, never written to the audit log or any error. Every change is audited; an endpoint running flows
// still send to cannot be deleted.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { formatMessage } from '../../workflows/zod-text';
import { FlowGraph, t, type LocalizedText } from '../../workflows';
import type { Executor } from '../db/client';
import { partnerEndpoints } from '../db/schema';
import { blockedAddressReason } from '../channels/webhook/address-policy';
import { normaliseHost } from '../channels/webhook/guarded-http';
import { appendAudit, type AuditEntry } from './audit';
import { fieldRefusal, parseInput, ServiceError } from './errors';
import { runningCampaignsWhere } from './running-campaigns';
import { requireSecretBox, type SecretBox } from './secret-box';

export interface UrlPolicy {
  allowHosts: string[];
  /** Local development only: http:, loopback and private addresses. */
  allowPrivate: boolean;
}

const Secret = z.string().min(16, formatMessage('at least 16 characters', '至少 16 个字符')).max(256, formatMessage('at most 256 characters', '最多 256 个字符')).regex(/^\S+$/, formatMessage('no spaces', '不能包含空格'));

export const EndpointInput = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, formatMessage('lower-case letters, digits and _, starting with a letter (2–64)', '只能包含小写字母、数字和 _，以字母开头（2–64 个字符）')),
  nameZh: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  url: z.string().trim().min(1).max(2048),
  active: z.boolean().default(true),
});
export type EndpointInput = z.input<typeof EndpointInput>;
export const NewEndpoint = EndpointInput.extend({ secret: Secret.optional() });
export type NewEndpoint = z.input<typeof NewEndpoint>;
export const RotateSecret = z.object({ id: z.string().min(1).max(64), secret: Secret.optional() });
export const EndpointId = z.object({ id: z.string().min(1).max(64) });

type AuditActor = AuditEntry['actor'];

/** The kinds of address the sender refuses (address-policy.ts), in Chinese. */
const ADDRESS_KIND_ZH: Record<string, string> = {
  loopback: '回环',
  private: '私有',
  'link-local': '链路本地',
  multicast: '组播',
  reserved: '保留',
  unspecified: '未指定',
  documentation: '文档专用',
  'carrier-grade NAT': '运营商级 NAT',
};
const addressKindZh = (reason: string) => reason.replace(/^[a-z -]+?(?= \(|$)/i, (kind) => ADDRESS_KIND_ZH[kind] ?? kind);

/** Why a URL may not be used, or null. The same rules the sender enforces at delivery. */
export function urlProblem(raw: string, policy: UrlPolicy): LocalizedText | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return t('not a valid URL (e.g. https://api.partner.example/hooks/octoflow)', '不是有效的网址（例如 https://api.partner.example/hooks/octoflow）');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowPrivate)) return t('must start with https://', '必须以 https:// 开头');
  if (url.username || url.password) return t('must not contain a user name or password (the request is signed instead)', '不能包含用户名或密码（请求改用签名）');
  const hosts = policy.allowHosts.map(normaliseHost);
  if (hosts.length === 0) {
    return t(
      'no partner host is allowed on this installation (the operator sets OCTOFLOW_WEBHOOK_ALLOW_HOSTS)',
      '本系统尚未允许任何合作伙伴主机（由运维人员设置 OCTOFLOW_WEBHOOK_ALLOW_HOSTS）',
    );
  }
  const host = normaliseHost(url.hostname);
  if (!hosts.includes(host)) return t(`the host ${host} is not on the allow-list (${hosts.join(', ')})`, `主机 ${host} 不在允许列表中（${hosts.join('，')}）`);
  if (!policy.allowPrivate && isIP(host.replace(/^\[|\]$/g, ''))) {
    const reason = blockedAddressReason(host.replace(/^\[|\]$/g, ''));
    if (reason) return t(`${host} is a ${reason} address`, `${host} 是${addressKindZh(reason)}地址`);
  }
  return null;
}

const generatedSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** What administrators see: never the secret. */
export async function listEndpoints(db: Executor, box: SecretBox | null) {
  const rows = await db.select().from(partnerEndpoints).orderBy(asc(partnerEndpoints.id));
  return rows.map(({ secretSealed, ...r }) => ({ ...r, secretKeyId: secretSealed.split('.')[1] ?? null, secretReadable: box ? sealedBy(box, secretSealed) : false }));
}

const sealedBy = (box: SecretBox, sealed: string) => sealed.split('.')[1] === box.keyId;

/** Registers an endpoint; the secret (given, or generated) is returned this once. */
export async function createEndpoint(db: Executor, box: SecretBox | null, policy: UrlPolicy, input: NewEndpoint, actor: AuditActor) {
  const v = parseInput(NewEndpoint, input);
  const sealer = requireSecretBox(box);
  const problem = urlProblem(v.url, policy);
  if (problem) throw fieldRefusal('url', '地址', problem);
  const [exists] = await db.select({ id: partnerEndpoints.id }).from(partnerEndpoints).where(eq(partnerEndpoints.id, v.id));
  if (exists) throw fieldRefusal('id', '编号', t(`a partner endpoint ${v.id} already exists`, `合作伙伴接口 ${v.id} 已存在`), 'CONFLICT');
  const secret = v.secret ?? generatedSecret();
  const now = new Date();
  await db.insert(partnerEndpoints).values({
    id: v.id,
    nameZh: v.nameZh,
    nameEn: v.nameEn,
    url: v.url,
    active: v.active,
    secretSealed: sealer.seal(secret, v.id),
    secretSetAt: now,
    createdBy: actor?.email ?? null,
    createdAt: now,
    updatedBy: actor?.email ?? null,
    updatedAt: now,
  });
  await appendAudit(db, {
    actor,
    action: 'partner_endpoint.create',
    entityType: 'partner_endpoint',
    entityId: v.id,
    detail: { nameZh: v.nameZh, nameEn: v.nameEn, url: v.url, active: v.active, secret: v.secret ? 'given' : 'generated' },
  });
  return { id: v.id, secret };
}

/** Changes names, URL or active; the secret stays as it is. */
export async function updateEndpoint(db: Executor, policy: UrlPolicy, input: EndpointInput, actor: AuditActor) {
  const v = parseInput(EndpointInput, input);
  const [before] = await db.select().from(partnerEndpoints).where(eq(partnerEndpoints.id, v.id)).for('update');
  if (!before) throw new ServiceError('NOT_FOUND', t(`partner endpoint ${v.id} not found`, `找不到合作伙伴接口 ${v.id}`));
  if (v.url !== before.url) {
    const problem = urlProblem(v.url, policy);
    if (problem) throw fieldRefusal('url', '地址', problem);
  }
  await db
    .update(partnerEndpoints)
    .set({ nameZh: v.nameZh, nameEn: v.nameEn, url: v.url, active: v.active, updatedBy: actor?.email ?? null, updatedAt: new Date() })
    .where(eq(partnerEndpoints.id, v.id));
  const pick = (r: typeof before | typeof v) => ({ nameZh: r.nameZh, nameEn: r.nameEn, url: r.url, active: r.active });
  await appendAudit(db, { actor, action: 'partner_endpoint.update', entityType: 'partner_endpoint', entityId: v.id, detail: { before: pick(before), after: pick(v) } });
}

/** Replaces the secret (given, or generated) and returns it this once. */
export async function rotateSecret(db: Executor, box: SecretBox | null, input: z.input<typeof RotateSecret>, actor: AuditActor) {
  const v = parseInput(RotateSecret, input);
  const sealer = requireSecretBox(box);
  const secret = v.secret ?? generatedSecret();
  const [row] = await db
    .update(partnerEndpoints)
    .set({ secretSealed: sealer.seal(secret, v.id), secretSetAt: new Date(), updatedBy: actor?.email ?? null, updatedAt: new Date() })
    .where(eq(partnerEndpoints.id, v.id))
    .returning({ id: partnerEndpoints.id });
  if (!row) throw new ServiceError('NOT_FOUND', t(`partner endpoint ${v.id} not found`, `找不到合作伙伴接口 ${v.id}`));
  await appendAudit(db, { actor, action: 'partner_endpoint.rotate_secret', entityType: 'partner_endpoint', entityId: v.id, detail: { secret: v.secret ? 'given' : 'generated' } });
  return { id: v.id, secret };
}

/** Campaigns that may run (scheduled, live or paused) whose running version has a webhook node sending to `id`. */
export function liveCampaignsUsingEndpoint(db: Executor, id: string): Promise<{ id: string; name: string }[]> {
  return runningCampaignsWhere(db, '$.nodes[*] ? (@.kind == "webhook" && @.params.endpointId == $value)', id);
}

/**
 * Deletes an endpoint no running flow sends to. While a scheduled, live or paused campaign's
 * version has a webhook node naming it, deletion is refused (its contacts would fail), naming the
 * campaigns (in `details.campaigns`, for the page's two languages); disabling stays possible.
 * The row is locked before the check, which a launch waits on (lockEndpointsForLaunch): the
 * check then reads the launch as committed (READ COMMITTED takes a new snapshot per statement).
 */
export async function deleteEndpoint(db: Executor, input: z.input<typeof EndpointId>, actor: AuditActor) {
  const { id } = parseInput(EndpointId, input);
  const [before] = await db.select().from(partnerEndpoints).where(eq(partnerEndpoints.id, id)).for('update');
  if (!before) throw new ServiceError('NOT_FOUND', t(`partner endpoint ${id} not found`, `找不到合作伙伴接口 ${id}`));
  const using = await liveCampaignsUsingEndpoint(db, id);
  if (using.length) {
    throw new ServiceError(
      'PRECONDITION_FAILED',
      t(
        `partner endpoint ${id} cannot be deleted: the webhook nodes of running campaigns send to it (${using.map((c) => c.name).join(', ')}); end those campaigns or launch versions without it first, or disable the endpoint instead`,
        `合作伙伴接口 ${id} 无法删除：运行中活动的 Webhook 节点向它推送（${using.map((c) => c.name).join('、')}）；请先结束这些活动或上线不含它的版本，或改为停用该接口`,
      ),
      { reason: 'endpoint_in_use', campaigns: using.map((c) => c.name) },
    );
  }
  await db.delete(partnerEndpoints).where(eq(partnerEndpoints.id, id));
  await appendAudit(db, {
    actor,
    action: 'partner_endpoint.delete',
    entityType: 'partner_endpoint',
    entityId: id,
    detail: { nameZh: before.nameZh, nameEn: before.nameEn, url: before.url, active: before.active },
  });
}

/** The endpoints a flow's webhook nodes send to. */
export function endpointsOf(graph: unknown): string[] {
  const parsed = FlowGraph.safeParse(graph);
  if (!parsed.success) return [];
  const ids = parsed.data.nodes.flatMap((n) => (n.kind === 'webhook' && typeof n.params.endpointId === 'string' && n.params.endpointId ? [n.params.endpointId] : []));
  return [...new Set(ids)].sort();
}

/**
 * For a launch: locks the rows of the endpoints `graph` sends to (FOR KEY SHARE, until the
 * launch commits) and returns those that are not registered. deleteEndpoint locks its row FOR
 * UPDATE before it looks for running campaigns, so the two serialise: a delete that committed
 * first leaves no row to lock (the launch is refused), and a delete waiting on the launch's lock
 * then sees the campaign running (the delete is refused). The demo catalog's sample partners,
 * which the designer offers without rows (server/services/catalog.ts), are not counted missing.
 */
export async function lockEndpointsForLaunch(db: Executor, graph: unknown): Promise<string[]> {
  const wanted = endpointsOf(graph);
  if (wanted.length === 0) return [];
  const rows = await db
    .select({ id: partnerEndpoints.id })
    .from(partnerEndpoints)
    .where(inArray(partnerEndpoints.id, wanted))
    .orderBy(asc(partnerEndpoints.id))
    .for('key share');
  const found = new Set(rows.map((r) => r.id));
  return wanted.filter((id) => !found.has(id));
}

export type Resolved = { url: string; secret: string } | { error: string };

/** The endpoint as the sender needs it, or why it cannot be used (never quoting the secret). */
export async function resolveEndpoint(db: Executor, box: SecretBox | null, id: string): Promise<Resolved> {
  return (await resolveEndpoints(db, box, [id])).get(id)!;
}

/** resolveEndpoint for several endpoints with one query (a delivery batch's): an entry for every id. */
export async function resolveEndpoints(db: Executor, box: SecretBox | null, ids: string[]): Promise<Map<string, Resolved>> {
  const wanted = [...new Set(ids)];
  const rows = wanted.length ? await db.select().from(partnerEndpoints).where(inArray(partnerEndpoints.id, wanted)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return new Map(wanted.map((id) => [id, resolvedFrom(byId.get(id), box, id)]));
}

function resolvedFrom(row: typeof partnerEndpoints.$inferSelect | undefined, box: SecretBox | null, id: string): Resolved {
  if (!row) return { error: `endpointId: partner endpoint "${id}" is not configured` };
  if (!row.active) return { error: `endpointId: partner endpoint "${id}" is disabled` };
  if (!box) return { error: `the signing secret of partner endpoint "${id}" cannot be read: OCTOFLOW_SECRET_KEY is not set` };
  try {
    return { url: row.url, secret: box.open(row.secretSealed, row.id) };
  } catch (err) {
    return { error: `the signing secret of partner endpoint "${id}" cannot be read: ${(err as Error).message}` };
  }
}

/**
 * Endpoints still configured the old way (OCTOFLOW_WEBHOOK_ENDPOINTS and _SECRETS) are copied
 * into the table once, at start, so upgrading keeps them working; after that the table rules.
 */
export async function adoptEnvEndpoints(
  db: Executor,
  box: SecretBox | null,
  endpoints: Record<string, { url: string; partnerId: string }>,
  secrets: Record<string, string>,
  log: (msg: string) => void = console.warn,
) {
  for (const [id, e] of Object.entries(endpoints)) {
    const secret = secrets[e.partnerId];
    if (!secret || !box) {
      log(`octoflow: partner endpoint ${id} from OCTOFLOW_WEBHOOK_ENDPOINTS not adopted: ${!box ? 'OCTOFLOW_SECRET_KEY is not set' : `no secret for partner ${e.partnerId}`}`);
      continue;
    }
    const [exists] = await db.select({ id: partnerEndpoints.id }).from(partnerEndpoints).where(eq(partnerEndpoints.id, id));
    if (exists) continue;
    await db.transaction(async (tx) => {
      await tx
        .insert(partnerEndpoints)
        .values({ id, nameZh: e.partnerId, nameEn: e.partnerId, url: e.url, secretSealed: box.seal(secret, id), secretSetAt: new Date(), createdBy: 'environment' })
        .onConflictDoNothing();
      await appendAudit(tx, { actor: null, action: 'partner_endpoint.create', entityType: 'partner_endpoint', entityId: id, detail: { url: e.url, from: 'OCTOFLOW_WEBHOOK_ENDPOINTS' } });
    });
  }
}
